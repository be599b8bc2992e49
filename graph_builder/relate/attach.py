"""Attach responses, survival, adverse events and doses to patients and regimens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import fastre
from ..recognise import Annotated
from ..recognise import context as ctx
from ..recognise import vocab
from ..recognise.quantities import find_grades, parse_frequency
from . import clauses as cl
from .timeline import NONE_YET, Regimen, Timeline

_REPORT_VERB = fastre.compile(r"\b(?:show\w*|reveal\w*|indicat\w*|found|detect\w*|confirm\w*|suggest\w*|demonstrat\w*|"
                              r"considered|diagnosed|evaluat\w*|was|were|had|achieved|assessed)\b", re.I)
_AE_CUE = fastre.compile(r"\b(?:toxicit\w*|adverse|side effects?|related to|induced|intoleran\w*|could not tolerate|"
                         r"(?:stopped|discontinued|suspended|interrupted|reduced|halved|adjusted|withdrawn|ceased)[^.]{0,60}\b(?:because of|due to|owing to)\b)",
                         re.I)
_CHEMO_CLASSES = fastre.compile(r"alkylat|antimetabol|taxane|platin|anthracycl|vinca|topoisomerase|epothilone|nucleoside|antifolate|"
                                r"pyrimidine|fluoropyrimidine|cytotoxic|chemotherap", re.I)
_N_CASES = fastre.compile(r"\b(one|two|three|four|five|\d+) cases? of\s+$", re.I)
_WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


@dataclass
class Outcome:
    kind: str  # response | survival | ae
    patient: int | None
    regimen: Regimen | None
    sentence: Annotated
    start: int
    end: int
    data: dict
    confidence: float = 0.85


def _named_drugs(a: Annotated, lo: int, hi: int) -> set[str]:
    return {d.name for d in a.cancer_drugs() if lo <= d.start < hi}


def _clause_of(a: Annotated, pos: int) -> tuple[int, int]:
    for s, e in cl.split_clauses(a):
        if s <= pos < e:
            return s, e
    return 0, len(a.text)


def regimen_for(tl: Timeline | None, a: Annotated, pos: int) -> Regimen | None:
    """Named regimen > running regimen > (before any treatment was told) the dated window."""
    if tl is None:
        return None
    cs, ce = _clause_of(a, pos)
    named = _named_drugs(a, cs, pos) or (set() if _next_treatment(a, pos, ce) else _named_drugs(a, pos, ce)) \
        or _named_drugs(a, 0, pos)
    if named:
        return tl.by_drugs(named, before=None)
    status, running = tl.state_at(a, pos)
    if running is not None:
        when = [d.value for d in a.dates if d.start <= pos] or [d.value for d in a.dates]
        if when and running.end and _months_between(running.end, when[-1]) > 3:
            return None  # dated long after the regimen ended: not its outcome
        return running
    if status == NONE_YET:
        dates = [d for d in a.dates if d.start <= pos] or a.dates
        if dates:
            return tl.by_date(dates[-1].value)
    return None


# "... and was treated with Y", "... and Y was started", "..., then Y was given": a later event, not a participle
_NEXT_TREATMENT = fastre.compile(r"\b(?:and|then)\s+(?:[\w-]+\s+){0,3}?(?:(?:was|were)\s+)?(?:then\s+)?"
                                 r"(?:started|given|initiated|commenced|switched|changed|treated|administered|begun|received)\b|"
                                 r"\b(?:was|were)\s+(?:then\s+)?(?:started|initiated|commenced|begun|switched|changed)\b",
                                 re.I)


def _next_treatment(a: Annotated, pos: int, ce: int) -> bool:
    """"... developed progression and was switched to Y": the drug named after the outcome is what came next.

    "a response in a patient treated with Y" names the regimen itself, not a next one.
    """
    return bool(_named_drugs(a, pos, ce)) and bool(_NEXT_TREATMENT.search(a.text, pos, ce))


def _months_between(a: str, b: str) -> float:
    ya, ma = int(a[:4]), int(a[5:7]) if len(a) >= 7 else 6
    yb, mb = int(b[:4]), int(b[5:7]) if len(b) >= 7 else 6
    return (yb - ya) * 12 + (mb - ma)


_TO_EVALUATE = fastre.compile(r"\bto evaluate\b")
_MODAL = fastre.compile(r"\b(?:may|might|could|would)\b")


def responses(a: Annotated, patient: int, tl: Timeline) -> Iterator[Outcome]:
    if not a.responses or ctx.cited(a.text) or ctx.hypothetical(a.text) and not _TO_EVALUATE.search(a.text):
        return
    for r in a.responses:
        if r.strength == "weak" and r.value == "PD" and (a.survival or not _REPORT_VERB.search(a.text)):
            continue
        reg = regimen_for(tl, a, r.start)
        if reg is None:
            continue
        conf = 0.9 if r.strength == "strong" else 0.6
        yield Outcome("response", patient, reg, a, r.start, r.end, {"response": r.value}, conf)


_MAINTAINED = fastre.compile(r"\b(?:maintain\w*|remain\w*|persist\w*|sustain\w*|ongoing|still)\b", re.I)


def continues_response(tl: Timeline, reg: Regimen, response: str, given: set[tuple[int, str]], a: Annotated) -> bool:
    """Maintenance (a subset of an earlier regimen) that "maintains" the earlier regimen's response adds no response."""
    return bool(_MAINTAINED.search(a.text)) and any(
        q.order < reg.order and set(reg.drugs) < set(q.drugs) and (q.rid, response) in given for q in tl.regimens)


_FROM_DIAGNOSIS = fastre.compile(r"\s*(?:after|since|from)\s+(?:the\s+|her\s+|his\s+)?(?:initial\s+|first\s+|original\s+)?diagnosis\b",
                                 re.I)


def survival(a: Annotated, patient: int | None, tl: Timeline | None) -> Iterator[Outcome]:
    if not a.survival or ctx.cited(a.text) or _MODAL.search(a.text):
        return
    for s in a.survival:
        if s.median or s.rate:
            continue
        # counted from diagnosis, the survival is the patient's, not one regimen's
        reg = None if _FROM_DIAGNOSIS.match(a.text, s.end) else regimen_for(tl, a, s.start)
        yield Outcome("survival", patient, reg, a, s.start, s.end,
                      {"endpoint": s.endpoint, "value": s.value, "unit": s.unit, "qualifier": s.qualifier})


def _ae_drug(a: Annotated, reg: Regimen | None, main_drug: str | None, pos: int) -> tuple[object, str | None]:
    named = sorted({d.name for d in a.cancer_drugs()})
    if named:
        return (named[0] if len(named) == 1 else named), None
    if reg is not None:
        if not reg.drugs:
            return None, reg.name
        if len(reg.drugs) == 1:
            return reg.drugs[0], None
        if re.search(r"\bchemotherapy\b", a.text, re.I):
            chemo = [d for d in reg.drugs if _CHEMO_CLASSES.search(vocab.drugs().entries.get(d).get("class", "")
                                                                  if vocab.drugs().entries.get(d) else "")]
            if len(chemo) == 1:
                return chemo[0], None
        return list(reg.drugs), None
    return main_drug, None


def adverse_events(a: Annotated, patient: int | None, tl: Timeline | None, main_drug: str | None,
                   cohort: bool = False) -> Iterator[Outcome]:
    text = a.text
    if ctx.cited(text) or not a.aes:
        return
    grades = find_grades(text)
    sentence_grade = grades[0].value if len({g.value for g in grades}) == 1 else None
    for ae in a.aes:
        if ctx.negated_before(text, ae.start, 30) or re.search(r"\b(?:radiation|radiotherapy|RT)[- ]?$", text[:ae.start]):
            continue
        if re.search(r"\b(?:due to|because of|caused by|secondary to)\s+$", text[max(0, ae.start - 20):ae.start]) and \
                any(o.end <= ae.start for o in a.aes if o is not ae):
            continue  # "leukopenia due to myelosuppression": the cause explains the event before it
        grade = ae.grade or (sentence_grade if sentence_grade and grades[0].start < ae.start else None)
        if cohort:
            if ae.percent is None and ae.n is None:
                continue
        elif grade is None:
            cs, ce = _clause_of(a, ae.start)
            if not (_AE_CUE.search(text[cs:ce]) or re.search(r"\btoxicity\b", ae.term)
                    or re.search(r"\b(?:because of|due to|owing to)\s+(?:\w+\s+){0,3}$", text[max(0, ae.start - 40):ae.start])):
                continue
        reg = regimen_for(tl, a, ae.start) if tl is not None else None
        if tl is not None and reg is None and patient is not None:
            continue
        drug, regimen_name = _ae_drug(a, reg, main_drug, ae.start)
        if cohort:
            drug = main_drug
        n = ae.n
        m = _N_CASES.search(text[max(0, ae.start - 30):ae.start])
        if m and n is None:
            n = _WORDNUM.get(m.group(1).lower()) or int(m.group(1)) if not m.group(1).isalpha() or m.group(1).lower() in _WORDNUM else None
        yield Outcome("ae", patient, reg, a, ae.start, ae.end,
                      {"event": ae.term, "grade": grade, "n": n, "percent": ae.percent, "drug": drug,
                       "regimen": regimen_name})


# ---------------------------------------------------------------- doses
_ROUTE = r"(?:\s*(?:oral(?:ly)?|intravenous(?:ly)?|i\.?v\.?|p\.?o\.?|intrathecal|subcutaneous|tablets?|capsules?|injection|needle|of))*\s*"
_TRAILING_CYCLE = fastre.compile(r"\b(?:q\s*\d\s*w(?:k|eeks?)?|every\s+(?:\d+|two|three|four)\s+(?:days|weeks)|\d+[- ]day cycles?|"
                                 r"repeated every \d+ days|cycles? (?:of|was|were) \d+ days)\b", re.I)


_ROUTES = (("oral", r"\b(?:oral(?:ly)?|p\.?o\.?|tablets?|capsules?|by mouth)\b"),
           ("intravenous", r"\b(?:intravenous(?:ly)?|i\.?v\.?|infusion|injection|needle|drip)\b"),
           ("intrathecal", r"\bintrathecal(?:ly)?\b"),
           ("subcutaneous", r"\bsubcutaneous(?:ly)?|s\.?c\.?\b"))


_ROUTES_RX = [(name, fastre.compile(rx, re.I)) for name, rx in _ROUTES]


def route_of(window: str) -> str | None:
    for name, rx in _ROUTES_RX:
        if rx.search(window):
            return name
    return None


def doses(a: Annotated, regimen_drugs: list[str] | None) -> Iterator[tuple[str, object, str, str | None, int, int, str | None]]:
    """Yield ``(drug, amount, unit, frequency, start, end, route)`` for each dose in the sentence."""
    text = a.text
    amounts = a.amounts
    if not amounts or ctx.cited(text) or ctx.hypothetical(text):
        return
    drugs = a.drugs
    for i, am in enumerate(amounts):
        if am.unit == "mL":
            continue
        cs, ce = _clause_of(a, am.start)
        if ctx.refused(text[cs:ce]) or ctx.recommended(text[cs:ce]):
            continue
        follow = next((d for d in drugs if d.start >= am.end and re.fullmatch(_ROUTE, text[am.end:d.start], re.I)), None)
        prev = [d for d in drugs if d.end <= am.start]
        drug = None
        if follow is not None and (not prev or re.search(r"[,;+]|\band\b", text[prev[-1].end:am.start])
                                   and any(x.end <= am.start and x.start >= prev[-1].end for x in amounts)
                                   or not any(x.start >= prev[-1].end and x.end <= am.start for x in amounts)
                                   and re.search(r"[,;+]", text[prev[-1].end:am.start])):
            drug = follow
        elif prev and (am.start - prev[-1].end) < 140:
            drug = prev[-1]
        elif follow is not None:
            drug = follow
        if drug is not None:
            if drug.role != "antineoplastic" or drug.placebo:
                continue
            name = drug.name
        elif regimen_drugs and len(regimen_drugs) == 1:
            name = regimen_drugs[0]
        else:
            continue
        nxt_amount = amounts[i + 1].start if i + 1 < len(amounts) else len(text)
        nxt_drug = min((d.start for d in drugs if d.start >= am.end), default=len(text))
        stop = min(nxt_amount, nxt_drug if nxt_drug > am.end else len(text), ce if ce > am.end else len(text))
        window = text[am.end:stop]
        if drug is not None and drug.start >= am.end:  # "250 mg apatinib daily": the schedule follows the drug
            nxt = min((x.start for x in amounts if x.start > drug.end), default=len(text))
            window = text[drug.end:min(nxt, ce if ce > drug.end else len(text))]
        freq = parse_frequency(("/d " if am.per_day else "") + window)
        if freq and not re.search(r"every|weekly|q\d", freq) and re.match(r"d\d", freq):
            tail = _TRAILING_CYCLE.search(text[stop:ce])
            if tail:
                cyc = parse_frequency(tail.group(0))
                if cyc:
                    freq = f"{freq} {cyc}"
        lo = drug.start if drug is not None and drug.start < am.start else am.start
        route = route_of(text[max(0, lo - 25):am.start] + " " + window)
        for v in am.amounts:
            yield name, v, am.unit, freq, am.start, am.end, route
