"""ConText-style modifiers: what a sentence or clause does *not* assert.

NegEx triggers come from negspacy's clinical termset, copied to
``vocab/negex_triggers.txt`` (data, not code);
refusal, recommendation, hypothetical and cited-study cues are ours.
A patient fact is only emitted from clauses with none of them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

from .. import fastre, resources


_REFUSED: Final = fastre.compile(r"\b(?:refused|declined|rejected|could not afford|unable to (?:accept|afford)|was not (?:given|administered)|did not (?:receive|accept|take))\b", re.I)
_RECOMMENDED: Final = fastre.compile(r"\b(?:was|were) (?:recommended|suggested|proposed|considered|planned|offered)\b|\brecommendation\b", re.I)
# Case-sensitive on purpose: "May 11, 2019" is a date, "may" is a modal verb.
_HYPOTHETICAL: Final = fastre.compile(r"\b(?:[Cc]ould|[Ww]ould|[Ss]hould|may|[Mm]ight|[Ii]f|[Uu]nless|in cases? of|in the event of|"
                               r"eligible|allowed|permitted|at the clinician's discretion)\b")
_CITED: Final = fastre.compile(r"\bet al\b|\b(?:previous|prior|other|several|many|recent) (?:studies|study|trials?|reports?)\b|\bhas been reported\b|\b(?:was|were) reported\b(?!\s+(?:in|among)\s+(?:only\s+)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b))|\b(?:a|one) (?:study|trial|meta-analysis) (?:showed|reported|demonstrated)\b|\bliterature\b|\bphase (?:I{1,3}|[123])\S* (?:clinical )?(?:trial|study)(?:ies)? (?:has|have|showed|reported|confirmed|demonstrated)\b", re.I)
# earlier therapy told as such: "had (previously|also) received", "had been treated", "pretreated with", "prior therapy
# with" (not a bare "previously treated X": eligibility that the same clause goes on to randomise from)
_HISTORY: Final = fastre.compile(r"\bhad\s+(?:\w+ly\s+|also\s+|already\s+)*(?:received|been\s+(?:\w+ly\s+)?(?:treated|exposed))\b|"
                          r"\bpre-?treated\s+with\b|\bprior\s+(?:treatment|therapy|exposure)\s+(?:with|to)\b", re.I)


_REFUSED_IT: Final = fastre.compile(r"\b(?:refused|declined|rejected)\s+(?:it|them|this|these|the (?:treatment|therapy|drug|regimen))\b",
                             re.I)
_UNDETERMINED: Final = fastre.compile(r"\b(?:not be determined|undetermined|unclear whether|uncertain whether|unknown whether)\b")
_NOT_AFTER: Final = re.compile(r"\s+not\b")
_CLAUSE_BREAK: Final = fastre.compile(r"[;,]|\bbut\b|\bhowever\b|\balthough\b")


@cache
def _negex_terms() -> tuple[str, ...]:
    text = resources.vocab("negex_triggers.txt").read_text(encoding="utf-8")
    pats = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(sorted(set(pats) - {"versus", "doubt", "not demonstrate", "cannot"}, key=lambda t: (-len(t), t)))


@cache
def negation_rx() -> fastre.Pattern:
    return fastre.compile(r"\b(?:" + "|".join(re.escape(t) for t in _negex_terms()) + r")\b", re.I)


@lru_cache(maxsize=4096)  # asked of the same sentence by each of its clauses
def refusal_back_end(text: str) -> int | None:
    """Where "... refused it" ends: the refusal covers what was named before, not what follows ("and received Y")."""
    m = _REFUSED_IT.search(text)
    return m.end() if m else None


@lru_cache(maxsize=4096)  # asked of each clause and again of its sentence by several rules
def refused(text: str) -> bool:
    return bool(_REFUSED.search(text))


@lru_cache(maxsize=4096)  # asked of each clause and again of its sentence by several rules
def recommended(text: str) -> bool:
    return bool(_RECOMMENDED.search(text))


@lru_cache(maxsize=4096)  # asked of the same sentence and clause by several relation rules
def hypothetical(text: str) -> bool:
    if _UNDETERMINED.search(text):
        return True
    return any(not _NOT_AFTER.match(text[m.end():m.end() + 5]) for m in _HYPOTHETICAL.finditer(text))


_CITATION_MARK: Final = fastre.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")


@lru_cache(maxsize=4096)
def cited(text: str) -> bool:
    """Results of other studies: "et al", "previous studies", or a numbered citation mark "[8]"."""
    return bool(_CITED.search(text) or _CITATION_MARK.search(text))


def historical(text: str) -> bool:
    """The text tells an earlier therapy ("all had previously received A", "pretreated with B"), not one given now."""
    return bool(_HISTORY.search(text))


def negated_before(text: str, pos: int, window: int = 45) -> bool:
    """A NegEx trigger in the few words before ``pos`` (same clause)."""
    return bool(negation_rx().search(_last_clause(text[max(0, pos - window):pos])))


_BREAK_WORDS: Final = ("but", "however", "although")


def _last_clause(left: str) -> str:
    """``_CLAUSE_BREAK.split(left)[-1]``: what follows the last break.  Without a break word (case-sensitive, as the
    pattern) in the text, the breaks are its ";" and "," and the last one is found with str.rfind."""
    if fastre.holds_any(left, _BREAK_WORDS):
        return _CLAUSE_BREAK.split(left)[-1]
    return left[max(left.rfind(";"), left.rfind(",")) + 1:]

