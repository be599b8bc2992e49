"""Relate: turn one document's mentions into facts with evidence."""

from __future__ import annotations

import functools
import re
from collections import Counter

from ..models import (AdverseEvent, CohortOutcome, Dose, DrugTarget, Evidence, Fact, Patient, Response, Survival,
                      Treatment)
from .. import fastre
from ..recognise import Annotated, annotate, vocab
from ..recognise.abbreviations import document_abbreviations
from ..segment import ALL, FACT_SECTIONS, TARGET_SECTIONS, Segmented
from . import attach
from .ae_tables import table_cells
from .arms import arms as study_arms
from .arms import is_maintenance, study_line
from .cohort import cohort_values, defined_measures, normalise
from .drug_targets import find_drug_targets
from .patients import demographics
from .timeline import Timeline, build_timeline
from .cohort_labels import Arms, arm_sizes, cohort_size, label_values

__all__ = ["extract_facts"]


class _Emitter:
    """Collects facts, merging duplicates into one fact with several pieces of evidence."""

    def __init__(self, seg: Segmented) -> None:
        self.seg = seg
        self.facts: dict[tuple, Fact] = {}

    def evidence(self, a: Annotated, lo: int | None = None, hi: int | None = None, extractor: str = "",
                 confidence: float = 0.8) -> Evidence:
        # evidence is the whole sentence: the span a reader needs to judge the fact
        s, e = self.seg.view.span(a.sent.start, a.sent.end)
        return Evidence(doc=self.seg.doc_id, start=s, end=e, text=self.seg.view.source[s:e], section=a.sent.section,
                        extractor=extractor, confidence=confidence)

    def add(self, fact: Fact, ev: Evidence, key: tuple | None = None) -> None:
        k = (fact.view, key if key is not None else fact.key())
        if k in self.facts:
            if ev not in self.facts[k].evidence:
                self.facts[k].evidence.append(ev)
            return
        fact.evidence.append(ev)
        self.facts[k] = fact


    def add_dose(self, dose: Dose, ev: Evidence) -> None:
        """One dose per (patient, drug, amount, unit), unless the text gives two different schedules."""
        same = [f for (v, _), f in self.facts.items() if v == "doses" and (f.patient, f.drug, f.amount, f.unit) ==
                (dose.patient, dose.drug, dose.amount, dose.unit)]
        if same and (dose.frequency is None or any(f.frequency is None or _related(f.frequency, dose.frequency) for f in same)):
            for f in same:
                if f.frequency is None and dose.frequency:
                    f.frequency = dose.frequency
                if ev not in f.evidence:
                    f.evidence.append(ev)
            return
        self.add(dose, ev)


def _related(a: str, b: str) -> bool:
    """Two ways of writing one schedule ("d1,8" / "d1") vs. two doses (10 mg twice daily, later 10 mg daily)."""
    def per_day(f: str) -> str:
        return "twice" if "twice" in f else "daily" if "daily" in f else "other"
    return per_day(a) == per_day(b)


def _main_drug(seg: Segmented, anns: list[Annotated]) -> str | None:
    """The study drug: first named in the title/opening, else the most mentioned in the abstract, else anywhere."""
    from ..recognise.drugs import find_drugs

    opening = [d for d in find_drugs(seg.view.text[:600]) if d.role == "antineoplastic"]
    if opening:
        return opening[0].name
    for sections in (("abstract",), tuple(FACT_SECTIONS)):
        counts: Counter[str] = Counter(d.name for a in anns if a.sent.section in sections for d in a.cancer_drugs())
        if counts:
            return counts.most_common(1)[0][0]
    return None


def extract_facts(seg: Segmented, warnings: list[str] | None = None) -> list[Fact]:
    """All facts of one segmented document.

    Each relation family runs on its own: a failure in one (reported in
    ``warnings``) must not cost the document the facts of the others.
    """
    anns, abbrev = annotate(seg)
    em = _Emitter(seg)
    doc = seg.doc_id
    main = _main_drug(seg, anns)
    facts_anns = [a for a in anns if a.sent.section in FACT_SECTIONS]

    def targets() -> None:
        for drug, target, hgnc, a in find_drug_targets([x for x in anns if x.sent.section in TARGET_SECTIONS]):
            drug_id = next((i for d in a.drugs if d.name == drug for k, i in d.ids if k == "drugbank"), None)
            em.add(DrugTarget(doc=doc, drug=drug, target=target, drug_id=drug_id, target_id=hgnc),
                   em.evidence(a, extractor="drug_targets"))

    def patient_facts() -> None:
        if seg.kind == "cohort":
            _cohort(seg, em, facts_anns, main)
            _drop_ungraded_duplicates(em, study=True)
        else:
            _cases(seg, em, facts_anns, main)
            _drop_ungraded_duplicates(em)

    for stage in (targets, patient_facts):
        try:
            stage()
        except Exception as e:  # noqa: BLE001 - contain one relation family's failure
            if warnings is None:
                raise
            warnings.append(f"{stage.__name__}: {type(e).__name__}: {e}")
    return list(em.facts.values())


def _ae_group(event: str) -> str:
    """The event's vocabulary group: "renal toxicity" and "nephrotoxicity" are one event told twice."""
    e = vocab.adverse_events().lookup(event)
    return (e.get("group") or e.name) if e is not None else event


def _drop_ungraded_duplicates(em: _Emitter, study: bool = False) -> None:
    """In case reports, "mild hypertension" adds nothing when "grade 1-2 hypertension" is also stated.

    Wordings of one group count as one event: the graded one, else the more specific
    ("peripheral neuropathy" over "neuropathy"), else the first told.  In a ``study`` an
    event with its own frequency is a separate row (any grade 30%, grade 3 5%).
    """
    aes = [(k, f, _ae_group(f.event)) for k, f in em.facts.items() if f.view == "adverse_events"]
    graded = {(str(f.drug), g) for _, f, g in aes if f.grade and not (study and (f.n is not None or f.percent is not None))}
    per_patient = {(str(f.drug), f.event, f.grade) for _, f, g in aes if f.patient is not None}
    kept: dict[tuple, str] = {}
    for k, f, g in aes:
        if study and (f.n is not None or f.percent is not None):
            continue
        if (not f.grade and (str(f.drug), g) in graded) or \
                (f.patient is None and (str(f.drug), f.event, f.grade) in per_patient):
            del em.facts[k]
            continue
        if f.n is not None or f.percent is not None:
            continue
        same = (f.patient, str(f.drug), f.grade, g)
        if same not in kept:
            kept[same] = f.event
        elif f.event != kept[same]:
            loser = kept[same] if kept[same] in f.event else f.event  # the more specific wording wins, else the first
            kept[same] = f.event if loser != f.event else kept[same]
            for k2, f2, g2 in aes:
                if k2 in em.facts and g2 == g and f2.event == loser and (f2.patient, str(f2.drug), f2.grade) == same[:3]:
                    del em.facts[k2]


def _repeats_title(seg: Segmented, a: Annotated) -> bool:
    """A page that prints the title again under a "Case report" heading: the copy is not the case narrative."""
    first = seg.sentences[0].text if seg.sentences else ""
    return len(first) >= 30 and a.sent.idx > 0 and a.text.startswith(first.rstrip(". "))


def _stream(anns: list[Annotated], p: int) -> list[Annotated]:
    return [a for a in anns if a.sent.patient in (p, ALL)]


def _cases(seg: Segmented, em: _Emitter, anns: list[Annotated], main: str | None) -> None:
    doc = seg.doc_id
    for p in seg.patients:
        stream = _stream(anns, p)
        has_body = any(a.sent.section == "case" and a.sent.patient == p and a.cancer_drugs() and not _repeats_title(seg, a)
                       for a in stream)
        body = [a for a in stream if not has_body or a.sent.section not in ("abstract", "body")]
        age, sex, diag, ev = demographics(stream)
        if ev is not None or body:
            em.add(Patient(doc=doc, patient=p, age=age, sex=sex, diagnosis=diag),
                   em.evidence(ev or body[0], extractor="patients"))
        tl = build_timeline(p, body)
        for r in tl.regimens:
            a, _, _ = r.evidence[0]
            em.add(Treatment(doc=doc, patient=p, drugs=r.drugs, regimen=r.name, start=r.start, end=r.end, line=r.line),
                   em.evidence(a, extractor="timeline"), key=("t", p, r.rid))
        given: set[tuple[int, str]] = set()
        for a in body:
            for o in attach.responses(a, p, tl):
                reg = o.regimen
                if attach.continues_response(tl, reg, o.data["response"], given, a):
                    continue
                given.add((reg.rid, o.data["response"]))
                em.add(Response(doc=doc, patient=p, drugs=reg.drugs, regimen=reg.name, response=o.data["response"]),
                       em.evidence(a, extractor="responses", confidence=o.confidence))
        for a in stream:
            for o in attach.survival(a, p, tl):
                reg = o.regimen
                em.add(Survival(doc=doc, patient=p, drugs=(reg.drugs or None) if reg else None, **o.data),
                       em.evidence(a, extractor="survival"))
            for o in attach.adverse_events(a, p, tl, main) if a.sent.patient != ALL else ():
                em.add(AdverseEvent(doc=doc, patient=p, drug=o.data["drug"], regimen=o.data["regimen"], event=o.data["event"],
                                    grade=o.data["grade"], n=o.data["n"], percent=o.data["percent"]),
                       em.evidence(a, extractor="adverse_events"))
            _doses(em, doc, p, a, tl)
    # sentences about no particular patient: adverse events of the study drug ("Two patients developed ...")
    for a in anns:
        if a.sent.patient in (None, ALL) and a.sent.section in FACT_SECTIONS:
            for o in attach.adverse_events(a, None, None, main):
                em.add(AdverseEvent(doc=doc, patient=None, drug=o.data["drug"], event=o.data["event"], grade=o.data["grade"],
                                    n=o.data["n"], percent=o.data["percent"]), em.evidence(a, extractor="adverse_events"))


def _doses(em: _Emitter, doc: str, p: int | None, a: Annotated, tl: Timeline | None) -> None:
    if not a.amounts:  # no amount, no dose: spare the regimen lookup
        return
    reg = attach.regimen_for(tl, a, 0) if tl is not None else None
    for drug, amount, unit, freq, s, e, route in attach.doses(a, reg.drugs if reg else None):
        em.add_dose(Dose(doc=doc, patient=p, drug=drug, amount=amount, unit=unit, frequency=freq, route=route),
                    em.evidence(a, extractor="doses"))


def mpfs_is_own_endpoint(text: str) -> bool:
    """Whether the document defines "mPFS" as its own endpoint rather than as "median PFS".

    "median progression-free survival (mPFS)" is the usual reading; a definition whose long
    form is a progression-free survival without "median" ("lesion-specific (m) progression-free
    survival (mPFS)") makes mPFS an endpoint of its own, whose median is "median mPFS".
    """
    for m in re.finditer(r"\(\s*mPFS\s*\)", text):
        long_form = re.split(r"[.;:]\s", text[max(0, m.start() - 100):m.start()])[-1].lower()
        if re.search(r"progression[- ]free survival\s*$", long_form.rstrip(" ,")):
            return "median" not in long_form
    return False


def _cohort(seg: Segmented, em: _Emitter, anns: list[Annotated], main: str | None) -> None:
    doc = seg.doc_id
    text = seg.view.text
    mpfs_special = mpfs_is_own_endpoint(text)
    ntext = normalise(text)
    aliases = defined_measures(ntext)
    from . import clauses as cl

    regimens: list[tuple[list[str], Annotated]] = []
    maintenance: list[list[str]] = []  # a maintenance phase is not the study's numbered line
    for a in anns:
        for c in cl.clauses(a):
            if c.drugs and c.admin and not c.blocked and (c.strong or re.search(r"\b(?:received|treated|consisted|dose)\b", a.text)):
                for arm in study_arms(c):  # "randomised to A or B": one regimen per arm
                    if arm not in [r[0] for r in regimens]:
                        regimens.append((arm, a))
                        if is_maintenance(c):
                            maintenance.append(arm)
    line = study_line(anns)
    if not regimens and main:
        first = next((a for a in anns if main in {d.name for d in a.cancer_drugs()}), None)
        if first is not None:
            regimens.append(([main], first))
    for drugs, a in regimens:
        em.add(Treatment(doc=doc, patient=None, drugs=drugs, line=None if drugs in maintenance else line),
               em.evidence(a, extractor="cohort_treatments"), key=("t", tuple(drugs)))
    total = cohort_size(ntext)
    groups = Arms(sizes=arm_sizes(ntext), total=total)  # not "arms": the adverse-event code names its own
    abbrev: dict[str, list[str]] | None = None  # only an arm label needs the document's acronyms
    with_main = [r[0] for r in regimens if main in r[0]]
    study: str | list[str] | None = with_main[0] if len(with_main) == 1 and len(with_main[0]) > 1 else main
    for a in anns:
        if a.sent.table:
            continue
        vals = cohort_values(a.text, mpfs_special, aliases)
        label_values(normalise(a.text), vals, groups)
        for v in vals:
            if v.cohort and abbrev is None:
                abbrev = document_abbreviations(ntext)
            em.add(CohortOutcome(doc=doc, cohort=v.cohort or "all", drug=_value_drugs(v.cohort, study, abbrev or {}, ntext), measure=v.measure,
                                 value=v.value, unit=v.unit,
                                 n=v.n, N=v.N if v.N is not None else _group_size(v.cohort, v.measure, groups, total),
                                 ci=v.ci, p=v.p),
                   em.evidence(a, extractor="cohort_outcomes"))
        for o in attach.adverse_events(a, None, None, main, cohort=True):
            arm_drugs = attach.arm_drugs([r[0] for r in regimens]) if o.data["drug"] == main and attach.every_arm(a.text) else []
            for drug in arm_drugs or [o.data["drug"]]:
                em.add(AdverseEvent(doc=doc, patient=None, drug=drug, event=o.data["event"], grade=o.data["grade"],
                                    n=o.data["n"], percent=o.data["percent"]), em.evidence(a, extractor="adverse_events"),
                       key=("ae", drug if drug == main else str(drug), o.data["event"], o.data["grade"]))
        _doses(em, doc, None, a, None) if not regimens else _cohort_doses(em, doc, a, regimens)
    _prefer_labelled(em)
    _tables(seg, em, anns, main)


def _prefer_labelled(em: _Emitter) -> None:
    """A value stated once for a named arm and once without one is the arm's: keep one row, with both evidences."""
    outs = [(k, f) for k, f in em.facts.items() if f.view == "cohort_outcomes"]
    named = {(f.measure, f.value, f.unit): f for _, f in outs if f.cohort != "all"}
    for k, f in outs:
        other = named.get((f.measure, f.value, f.unit)) if f.cohort == "all" else None
        if other is not None:
            other.evidence.extend(e for e in f.evidence if e not in other.evidence)
            other.n = other.n if other.n is not None else f.n
            del em.facts[k]


_ACRONYM_LABEL = fastre.compile(r"[A-Z][A-Za-z0-9-]{1,9}")


def _defined_regimen(label: str, text: str) -> list[str] | None:
    """Drugs of an acronym the text defines in brackets: "gemcitabine-cisplatin (GP)" -> gemcitabine, cisplatin."""
    if not _ACRONYM_LABEL.fullmatch(label):
        return None
    got = _defined_regimen_cached(label, text)  # a whole-document scan: once per label and document
    return list(got) if got is not None else None


@functools.lru_cache(maxsize=256)
def _defined_regimen_cached(label: str, text: str) -> tuple[str, ...] | None:
    from ..recognise.drugs import find_drugs

    m = re.search(rf"([^.;:()]{{0,60}})\(\s*{re.escape(label)}\s*\)", text)
    if m is None:
        return None
    words = m.group(1).split()
    for k in (1, 3):  # "gemcitabine-cisplatin (GP)", "paclitaxel and carboplatin (PC)"
        phrase = re.sub(r"[-/+]", " ", " ".join(words[-k:]))
        drugs = sorted({d.name for d in find_drugs(phrase) if d.role == "antineoplastic"})
        if len(drugs) > 1:
            return tuple(drugs)
    return None


def _value_drugs(cohort: str | None, study: str | list[str] | None, abbrev: dict[str, list[str]],
                 text: str = "") -> str | list[str] | None:
    """The arm's drugs when its label names them ("X plus Y", "X vs Y" -> X's side, a defined acronym), else the study regimen."""
    from ..recognise.drugs import find_drugs

    if cohort:
        side = re.split(r"\s+vs\.?\s+", re.sub(r"\s*\([^()]*\)$", "", cohort))[0]
        named = abbrev.get(side.strip()) if len(abbrev.get(side.strip(), [])) > 1 else _defined_regimen(side.strip(), text)
        drugs = sorted(set(named or [d.name for d in find_drugs(side, abbrev) if d.role == "antineoplastic"]))
        if drugs:
            return drugs[0] if len(drugs) == 1 else drugs
    return study


def _group_size(cohort: str | None, measure: str, arms: Arms, total: int | None) -> int | None:
    """N when the text gives no denominator: the arm's size for an arm, the study's size for the whole cohort or a ratio."""
    if cohort is None or measure in ("HR", "OR"):
        return total if total is not None or cohort is None else _sum_of_arms(arms)
    return arms.size(cohort)


def _sum_of_arms(arms: Arms) -> int | None:
    sizes = [arms.size(x) for x in arms.labels]
    return sum(s for s in sizes if s) if len(sizes) == 2 and all(sizes) else None


def _cohort_doses(em: _Emitter, doc: str, a: Annotated, regimens: list[tuple[list[str], Annotated]]) -> None:
    single = regimens[0][0] if len(regimens[0][0]) == 1 else None
    for drug, amount, unit, freq, s, e, route in attach.doses(a, single):
        em.add_dose(Dose(doc=doc, patient=None, drug=drug, amount=amount, unit=unit, frequency=freq, route=route),
                    em.evidence(a, extractor="doses"))


def _tables(seg: Segmented, em: _Emitter, anns: list[Annotated], main: str | None) -> None:
    """Adverse-event tables: a header row of grade bands, then "Event<TAB>n (%)<TAB>n (%)" rows."""
    from ..recognise.quantities import find_grades

    header: list[str | None] | None = None
    for a in anns:
        if not a.sent.table:
            header = None
            continue
        cells = table_cells(a.text)
        if len(cells) >= 2 and any(re.search(r"grade|any|all", c, re.I) for c in cells[1:]) and not re.search(r"\d+\s*\(", a.text):
            header = []
            for c in cells[1:]:
                g = find_grades(c)
                header.append(g[0].value if g else None)
            continue
        if header is None:
            continue
        e = vocab.adverse_events().lookup(cells[0].strip())
        if e is None:
            continue
        for g, cell in zip(header, cells[1:]):
            m = re.match(r"\s*(\d+)\s*\(\s*(\d+(?:\.\d+)?)\s*%?\s*\)", cell)
            if not m or int(m.group(1)) == 0:
                continue
            ae = AdverseEvent(doc=seg.doc_id, patient=None, drug=main, event=e.name, grade=g, n=int(m.group(1)),
                              percent=float(m.group(2)))
            key = ("ae", main, e.name, g)
            if ("adverse_events", key) in em.facts:  # the table is the fuller statement of the same fact
                old = em.facts[("adverse_events", key)]
                old.n = old.n if old.n is not None else ae.n
            em.add(ae, em.evidence(a, extractor="ae_table"), key=key)
