"""cohort_outcomes: a study's measured results (ORR 32%, median PFS 5.6 months, HR 0.61), per arm or for all."""

from __future__ import annotations

import functools
import re
from typing import Final

from ... import fastre
from ...models import CohortOutcome
from ...recognise.drugs import find_drugs
from ..cohort import cohort_values, normalise
from ..cohort_labels import Arms, label_values
from ..document import DocumentContext
from ..emitter import Emitter
from ..registry import register

VIEW: Final = "cohort_outcomes"


def cohort_outcomes(doc: DocumentContext, em: Emitter) -> None:
    study = doc.study
    mpfs_special = mpfs_is_own_endpoint(doc.seg.view.text)
    for a in doc.facts:
        if a.sent.table:
            continue
        vals = cohort_values(a.text, mpfs_special, study.measure_aliases)
        label_values(normalise(a.text), vals, study.arms)
        for v in vals:
            abbrev = study.label_abbreviations if v.cohort else {}  # only an arm label needs the document's acronyms
            em.add(CohortOutcome(doc=doc.doc_id, cohort=v.cohort or "all",
                                 drug=_value_drugs(v.cohort, study.drug, abbrev, study.text), measure=v.measure,
                                 value=v.value, unit=v.unit,
                                 n=v.n, N=v.N if v.N is not None else _group_size(v.cohort, v.measure, study.arms, study.size),
                                 ci=v.ci, p=v.p),
                   em.evidence(a, extractor="cohort_outcomes"))
    _prefer_labelled(em)


_MPFS_BRACKET: Final = re.compile(r"\(\s*mPFS\s*\)")
_CLAUSE_BREAK: Final = re.compile(r"[.;:]\s")
_PFS_AT_END: Final = re.compile(r"progression[- ]free survival\s*$")


def mpfs_is_own_endpoint(text: str) -> bool:
    """Whether the document defines "mPFS" as its own endpoint rather than as "median PFS".

    "median progression-free survival (mPFS)" is the usual reading; a definition whose long
    form is a progression-free survival without "median" ("lesion-specific (m) progression-free
    survival (mPFS)") makes mPFS an endpoint of its own, whose median is "median mPFS".
    """
    for m in _MPFS_BRACKET.finditer(text):
        long_form = _CLAUSE_BREAK.split(text[max(0, m.start() - 100):m.start()])[-1].lower()
        if _PFS_AT_END.search(long_form.rstrip(" ,")):
            return "median" not in long_form
    return False


def _prefer_labelled(em: Emitter) -> None:
    """A value stated once for a named arm and once without one is the arm's: keep one row, with both evidences."""
    outs = em.of_family(CohortOutcome)
    named = {(f.measure, f.value, f.unit): f for _, f in outs if f.cohort != "all"}
    for k, f in outs:
        other = named.get((f.measure, f.value, f.unit)) if f.cohort == "all" else None
        if other is not None:
            for e in f.evidence:
                em.cite(other, e)
            other.n = other.n if other.n is not None else f.n
            del em.facts[k]


_ACRONYM_LABEL: Final = fastre.compile(r"[A-Z][A-Za-z0-9-]{1,9}")
_REGIMEN_JOINT: Final = re.compile(r"[-/+]")


def _defined_regimen(label: str, text: str) -> list[str] | None:
    """Drugs of an acronym the text defines in brackets: "gemcitabine-cisplatin (GP)" -> gemcitabine, cisplatin."""
    if not _ACRONYM_LABEL.fullmatch(label):
        return None
    got = _defined_regimen_cached(label, text)  # a whole-document scan: once per label and document
    return list(got) if got is not None else None


@functools.lru_cache(maxsize=256)
def _defined_regimen_cached(label: str, text: str) -> tuple[str, ...] | None:
    if label not in text:
        return None  # (the pattern holds the label; its lead is tried at every position of the document)
    m = re.search(rf"([^.;:()]{{0,60}})\(\s*{re.escape(label)}\s*\)", text)
    if m is None:
        return None
    words = m.group(1).split()
    for k in (1, 3):  # "gemcitabine-cisplatin (GP)", "paclitaxel and carboplatin (PC)"
        phrase = _REGIMEN_JOINT.sub(" ", " ".join(words[-k:]))
        drugs = sorted({d.name for d in find_drugs(phrase) if d.role == "antineoplastic"})
        if len(drugs) > 1:
            return tuple(drugs)
    return None


_VS: Final = re.compile(r"\s+vs\.?\s+")
_TRAILING_BRACKET: Final = re.compile(r"\s*\([^()]*\)$")


def _value_drugs(cohort: str | None, study: str | list[str] | None, abbrev: dict[str, list[str]],
                 text: str = "") -> str | list[str] | None:
    """The arm's drugs when its label names them ("X plus Y", "X vs Y" -> X's side, a defined acronym), else the study regimen."""
    if cohort:
        side = _VS.split(_TRAILING_BRACKET.sub("", cohort))[0]
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


register(VIEW, study=cohort_outcomes)
