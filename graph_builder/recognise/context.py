"""ConText-style modifiers: what a sentence or clause does *not* assert.

NegEx triggers come from negspacy's clinical termset (data, not code);
refusal, recommendation, hypothetical and cited-study cues are ours.
A patient fact is only emitted from clauses with none of them.
"""

from __future__ import annotations

import re
from functools import cache

_REFUSED = r"\b(?:refused|declined|rejected|could not afford|unable to (?:accept|afford)|was not (?:given|administered)|did not (?:receive|accept|take))\b"
_RECOMMENDED = r"\b(?:was|were) (?:recommended|suggested|proposed|considered|planned|offered)\b|\brecommendation\b"
# Case-sensitive on purpose: "May 20, 2016" is a date, "may" is a modal verb.
_HYPOTHETICAL = re.compile(r"\b(?:[Cc]ould|[Ww]ould|[Ss]hould|may|[Mm]ight|[Ii]f|[Uu]nless|in cases? of|in the event of|"
                           r"eligible|allowed|permitted|at the clinician's discretion)\b")
_CITED = r"\bet al\b|\b(?:previous|prior|other|several|many|recent) (?:studies|study|trials?|reports?)\b|\bhas been reported\b|\bwas reported\b|\bwere reported\b|\b(?:a|one) (?:study|trial|meta-analysis) (?:showed|reported|demonstrated)\b|\bliterature\b|\bphase (?:I{1,3}|[123])\S* (?:clinical )?(?:trial|study)(?:ies)? (?:has|have|showed|reported|confirmed|demonstrated)\b"
_HISTORY = r"\bprior (?:exposure|treatment|therapy)\b|\bpreviously treated\b|\bhad (?:previously )?received\b|\bfailed (?:to )?(?:almost )?all\b|\bincluding\b"


@cache
def _negex_terms() -> tuple[str, ...]:
    try:
        from negspacy.termsets import termset

        pats = termset("en_clinical").get_patterns()
        return tuple(sorted(set(pats["preceding_negations"]) - {"versus", "doubt", "not demonstrate", "cannot"}, key=len, reverse=True))
    except Exception:  # negspacy missing: fall back to the core triggers
        return ("no", "not", "without", "absence of", "denied", "negative for", "no evidence of", "no sign of")


@cache
def negation_rx() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in _negex_terms()) + r")\b", re.I)


def refers_back_refusal(text: str) -> bool:
    """"... but the patient refused it": the refusal covers the drug named earlier in the sentence."""
    return bool(re.search(r"\b(?:refused|declined|rejected)\s+(?:it|them|this|these|the (?:treatment|therapy|drug|regimen))\b", text, re.I))


def refused(text: str) -> bool:
    return bool(re.search(_REFUSED, text, re.I))


def recommended(text: str) -> bool:
    return bool(re.search(_RECOMMENDED, text, re.I))


def hypothetical(text: str) -> bool:
    if re.search(r"\b(?:not be determined|undetermined|unclear whether|uncertain whether|unknown whether)\b", text):
        return True
    return any(not re.match(r"\s+not\b", text[m.end():m.end() + 5]) for m in _HYPOTHETICAL.finditer(text))


_CITATION_MARK = re.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")


def cited(text: str) -> bool:
    """Results of other studies: "et al", "previous studies", or a numbered citation mark "[8]"."""
    return bool(re.search(_CITED, text, re.I) or _CITATION_MARK.search(text))


def historical(text: str) -> bool:
    return bool(re.search(_HISTORY, text, re.I))


def negated_before(text: str, pos: int, window: int = 45) -> bool:
    """A NegEx trigger in the few words before ``pos`` (same clause)."""
    left = text[max(0, pos - window):pos]
    left = re.split(r"[;,]|\bbut\b|\bhowever\b|\balthough\b", left)[-1]
    return bool(negation_rx().search(left))

