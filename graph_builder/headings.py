"""The heading vocabulary: which section type a heading names.

Shared below the stages because two of them need it: read's clean-up
recognises a heading line that a converter glued to its paragraph, and
segment types every section by it.  Keywords match at word starts, so
"aim" names an introduction in "Aims" but not in "Disclaimer".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from . import fastre

PATIENT_LABEL: Final = fastre.compile(r"(?:case|patient)\s*(\d{1,2})\b", re.I)
"""A "Case 2" / "Patient 1" label."""

# (section type, keywords) in priority order; the first keyword found in a heading wins.
_SECTION_KEYWORDS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("body", ("^main text$",)),  # the reader's heading for body text outside any section
    ("references", ("reference", "bibliograph", "literature cited")),
    ("back", ("acknowledg", "funding", "footnote", "conflict", "disclosure", "ethic", "contribution",
              "consent", "data availab", "open access statement", "cite this", "competing interest", "abbreviations",
              "supplementary", "author information", "keywords", "key words", "peer review")),
    ("figure", ("figure legend", "figure caption")),
    ("case", ("^case presentation", "^case report", "^case description", "^case summary", "^case history",
              "^presentation of (?:the )?case", "patient and intervention", "chief complaint", "history of", "physical exam", "laboratory",
              "imaging", "final diagnosis", "outcome and follow", "follow-up", "adverse reaction",
              "treatment and outcome", "diagnosis", "clinical course")),
    ("methods", ("method", "study design", "participant", "statistic", "assessment", "eligib", "endpoint",
                 "patients and", "procedure")),
    ("results", ("result", "efficacy", "safety", "toxicit", "survival analysis", "response")),
    ("discussion", ("discussion", "comment")),
    ("conclusion", ("conclusion", "lesson")),
    ("introduction", ("introduction", "background", "rationale", "purpose", "objective", "aim")),
    ("abstract", ("abstract", "summary", "core tip", "highlight", "key finding", "what is known", "implication")),
    ("case", ("^treatment", "^outcome", "^case", "^patient", "^management")),
)


_SECTION_RX: Final = tuple((kind, fastre.compile("|".join(w if w.startswith("^") else r"\b" + w for w in words)))
                    for kind, words in _SECTION_KEYWORDS)


_NUMBERED_CASE: Final = re.compile(r"(?:case|patient)\s*\d+\b.*")


@lru_cache(maxsize=4096)  # headings repeat within and across documents; the keyword scan is not cheap
def section_type(heading: str) -> str | None:
    """The section type a heading names, or None when it names none."""
    h = heading.lower().strip(" *#:.")
    if PATIENT_LABEL.fullmatch(h.strip()) or _NUMBERED_CASE.fullmatch(h):
        return "case"
    for kind, rx in _SECTION_RX:
        if rx.search(h):
            return kind
    return None
