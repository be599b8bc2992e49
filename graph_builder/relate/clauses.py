"""Administration clauses: which drugs a clause says were *given together*.

A clause gives a regimen when it names cancer drugs (or a named
regimen) with an administration cue and no refusal, recommendation,
hypothetical, citation or negation.  Trial descriptions ("enrolled in a
trial of A vs. B") are not administrations; the arm the patient got
("randomized to the A group") is.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from typing import Final

from .. import fastre
from .. import vocabulary as vocab
from ..recognise import Annotated
from ..recognise.drugs import DrugMention, RegimenMention
from ..recognise import context as ctx

ADMIN_CUE: Final = fastre.compile(
    r"\b(?:receiv\w*|given|gave|administ\w*|treated (?:for (?:[\w-]+ ){1,6}?)?(?:with|using|by)|treatment (?:with|of)|therap(?:y|ies) (?:with|of)|"
    r"start\w*|began|begun|begin\w*|initiat\w*|commenc\w*|instigated|(?:switched|changed|adjusted|converted)\s+(?:\w+\s+){0,3}?to|"
    r"took|tak(?:e|ing)|underwent|performed|executed|was used|were used|accept\w*|decided to try|tried|"
    r"continu\w*|maintenance|sequenced|randomi[sz]ed to|co-applied|implemented|resumed|re-?challeng\w*|"
    r"consisted of|chemotherapy (?:of|with)|monotherapy|single-agent|(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th))[- ]line|"
    r"cycles? of|at a dose of|dose of|doses? of|orally|oral|intravenous\w*|plus|combined with|combination of|in combination)\b",
    re.I,
)
STRONG_ADMIN: Final = fastre.compile(
    r"\b(?:receiv\w*|given|administ\w*|treated (?:with|using)|start\w*|began|begun|initiat\w*|(?:switched|changed|adjusted|converted)\s+(?:\w+\s+){0,3}?to|"
    r"took|underwent|performed|executed|randomi[sz]ed to|co-applied|implemented|consisted of|maintenance|sequenced|instigated)\b",
    re.I,
)
CONTINUE_CUE: Final = fastre.compile(r"\b(?:continu\w*|maintained|resumed|kept)\b", re.I)
STOP_CUE: Final = fastre.compile(r"\b(?:stopped|discontinued|suspended|withdrawn|interrupted|ceased|terminated|halted)\b", re.I)
SWITCH_CUE: Final = fastre.compile(r"\b(?:switched|changed|adjusted|converted)\s+(?:\w+\s+){0,3}?to\b", re.I)
TRIAL_DESCRIPTION: Final = fastre.compile(
    r"\b(?:enrolled|participated|entered|took part)\b[^.;]*\b(?:trial|study)\b|\b(?:trial|study)\b[^.;]{0,60}\bof\b[^.;]*\b(?:vs\.?|versus)\b",
    re.I,
)
# what a drug *is* or is approved for, not what this patient received
GENERAL: Final = fastre.compile(r"\b(?:is|are|was) (?:a|an|the first)\s+(?:\w+[\s-]+){0,6}?(?:inhibitor|antibody|agent|drug|TKI|compound)s?\b|"
                         r"\b(?:has been|was|were|is) approved\b|\bindicated for\b", re.I)
LINE_RX: Final = fastre.compile(r"\b(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)[- ]line\b", re.I)
LINE_NUM: Final = {"front": 1, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6}
_PROCEDURE_NAMES: Final = fastre.compile(
    r"\b(?:radiotherapy|radiation(?: therapy)?|irradiation|re-?RT|RT|IMRT|SBRT|SRS|tomotherapy|gamma knife|"
    r"resection|surgery|operation|laparotomy|ablation|TACE|chemoembolization|embolization|"
    r"transplantation|seed implantation|brachytherapy)\b",
    re.I,
)
_ECTOMY: Final = fastre.compile(r"\wectomy\b", re.I)  # any "-ectomy": as \b\w+ectomy\b, without trying every position


def names_procedure(text: str) -> bool:
    """A cancer-directed procedure (radiotherapy, resection, any -ectomy, ablation...) is named."""
    return bool(_PROCEDURE_NAMES.search(text) or _ECTOMY.search(text))
PROCEDURE_DONE: Final = fastre.compile(r"\b(?:performed|underwent|was (?:used|given|administered|executed|conducted|done)|were (?:performed|conducted)|"
                                r"treated with|received|using|administered)\b", re.I)
_AFTER_REF: Final = fastre.compile(r"\b(?:after|following|during|with the use of|response to|responded to|use of|"
                            r"(?:start|initiation|beginning|onset|end|completion) of)\s+(?:\w+\s+){0,5}$", re.I)


SEQUENCE_BEFORE: Final = fastre.compile(r"(?:followed by|then|sequenced to|subsequently)\s*$", re.I)
# The clause cuts, each with the words it cannot match without (None: no gate).  Case-sensitive, like the
# pattern.  Most alternatives start at whitespace, so in one pattern they are tried at every space of every
# sentence; a sentence gets the pattern of the alternatives its words allow (see _clause_cut).
_CUT_ALTERNATIVES: Final[tuple[tuple[str, tuple[str, ...] | None], ...]] = (
    (r";\s*", None),
    (r",?\s+but\s+", ("but",)),
    (r";?\s*however,?\s+", ("however",)),
    (r",\s+(?:and\s+)?(?=(?:only\s+)?(?:the patient|the|she|he|it|they|this|which)\b)", None),
    (r",\s+and\s+(?=only\b)", None),
    (r"\s+and\s+(?=(?:was|were)\s+(?:sequenced|switched|changed|followed|then))",
     ("sequenced", "switched", "changed", "followed", "then")),
    (r"(?:,\s+|\s+and\s+|,\s+and\s+)(?=(?:then\s+|subsequently\s+|later\s+)?(?:received|started|commenced|initiated|began|took)\b)",
     ("received", "started", "commenced", "initiated", "began", "took")),
    # ", then 6 mg/kg every 3 weeks": the same drug's next dose (a loading dose, then maintenance), not a new course
    (r"(?<!\bwas)(?<!\bwere)(?<!\bis)(?<!\bhas)(?<!\bhad),?\s+(?:and\s+)?then\s+(?!(?:at\s+)?\d[\d.,]*\s*(?:mg|µg|mcg|g\b|units?\b|IU\b|AUC))",
     ("then",)),
    (r",?\s+followed by\s+", ("followed by",)),
    (r",\s+and\s+(?=\d+\s+cycles)", None),
    # "A plus B switched to C": a new course
    (r"(?<=[\w)])\s+(?=(?:then\s+|later\s+)?(?:switched|changed|converted)\s+to\b)", ("switched", "changed", "converted")),
)


@functools.cache
def _cut_pattern(allowed: tuple[bool, ...]) -> fastre.Pattern:
    return fastre.compile("|".join(alt for (alt, _), ok in zip(_CUT_ALTERNATIVES, allowed) if ok))


def _clause_cut(text: str) -> fastre.Pattern:
    """The alternation of all ``_CUT_ALTERNATIVES`` without the alternatives that cannot match in ``text``: the same matches, found faster.

    Each gate lists literal words one of which every match of its alternative contains, so an alternative
    whose words are all absent matches at no position.  An alternation tries its alternatives in order and
    takes the first that matches, so leaving out ones that match nowhere changes no match: ``finditer``
    yields exactly what the whole alternation's ``finditer`` yields.  Without its whitespace-led alternatives the
    pattern is tried only at "," and ";".
    """
    for word in _GATE_WORDS:
        if word in text:
            break
    else:  # most sentences: no gated alternative can match
        return _UNGATED_CUT
    return _cut_pattern(tuple(words is None or any(w in text for w in words) for _, words in _CUT_ALTERNATIVES))


_GATE_WORDS: Final = tuple(dict.fromkeys(w for _, words in _CUT_ALTERNATIVES for w in words or ()))
_UNGATED_CUT: Final = _cut_pattern(tuple(words is None for _, words in _CUT_ALTERNATIVES))


# "What is the evidence for using X therapy ...": a question asserts no administration
_QUESTION: Final = fastre.compile(r"^\s*(?i:what|which|how|why|when|where|who)\s+(?i:is|are|was|were|do|does|did|can|could|should|would|has|have)\b|"
                           r"\?\s*$|^\s*(?:What|How|Why|Which|Whether|Is|Are|Does|Do|Can|Should)\b(?!-)")
_DEFINED_THEN_COMBINATION: Final = fastre.compile(r"\(([^()]*(?:,|\band\b)[^()]*)\)\s+and\s+(?=[\w-]+\s+(?:plus|\+)\s+\w)")
_DOSE_IN_BRACKET: Final = fastre.compile(r"\d\s*(?:mg|g\b|µg|AUC|%)|\bAUC\b|\bdays?\b", re.I)
_RANDOMISED_TO: Final = fastre.compile(r"randomi[sz]ed to", re.I)
_ADJUVANT_START: Final = fastre.compile(r"\s*(?:\w+\s+){0,3}(?:adjuvant|maintenance)\b", re.I)
_PRIOR_BEFORE: Final = fastre.compile(r"\b(?:prior|previous|previously)\s+(?:\w+\s+)?$", re.I)
_WITHOUT_BEFORE: Final = fastre.compile(r"(?<!\bwith or )\b(?:without|except|excluding|instead of|rather than)\s+(?:\w+\s+)?$", re.I)
_NEGATION_WORD: Final = fastre.compile(r"\b(?:not|no|without|never)\b")
_HISTORY_CUE: Final = fastre.compile(r"\b(?:failed to|resistant to|refractory to|after failure of)\b", re.I)
# "including" lists past therapies only after a history cue ("several prior lines, including A and B");
# "neutropenia, including febrile neutropenia" or "chemotherapy including A and B" given now are not history
_INCLUDING: Final = fastre.compile(r"\bincluding\b", re.I)
_PRIOR_LIST: Final = fastre.compile(r"\b(?:prior|previous(?:ly)?|earlier|had (?:been )?(?:received|treated|given)|failed|"
                             r"(?:several|multiple|many|\d+|two|three|four|five) (?:\w+ )?(?:lines|regimens|therapies|treatments|courses))\b",
                             re.I)
_NOT_DONE: Final = fastre.compile(r"\b(?:no|not|without|rejected|refused)\b", re.I)


_LIST_JOIN: Final = fastre.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|\+\s*|/\s*|plus\s+|with\s+)$", re.I)
_LIST_JOIN_AFTER: Final = fastre.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|\+\s*|/\s*|plus\s+)", re.I)
_SUPPORT_PURPOSE: Final = fastre.compile(r"\s*(?:\([^)]{0,40}\)\s*)?(?:for|to)\b", re.I)


def _coordinated_steroids(a: Annotated, start: int, end: int, cancer: list) -> list[str]:
    """A corticosteroid listed with the cancer drugs ("rituximab, ibrutinib, and prednisone") is part of the regimen.

    Given for a purpose ("dexamethasone for oedema") it stays supportive.
    """
    if not cancer:
        return []
    out = []
    for d in _supportive_steroids(a):
        if not (start <= d.start < end) or _SUPPORT_PURPOSE.match(a.text, d.end):
            continue
        before = any(c.end <= d.start and _LIST_JOIN.search(a.text, c.end, d.start) and d.start - c.end < 12 for c in cancer)
        after = any(c.start >= d.end and _LIST_JOIN_AFTER.fullmatch(a.text, d.end, c.start) for c in cancer)
        if before or after:
            out.append(d.name)
    return out


def _supportive_steroids(a: Annotated) -> list:
    """The sentence's corticosteroid mentions not counted as cancer drugs, in text order (computed once per
    sentence): the only mentions ``_coordinated_steroids`` can add, for any clause."""
    m = _memo(a)
    if m.steroids is None:
        entries = vocab.drugs().entries
        m.steroids = [d for d in a.drugs if d.role != "antineoplastic"
                      and d.name in entries and entries[d.name].get("class") == "corticosteroid"]
    return m.steroids


class Clause:
    """One clause of a sentence: its drugs now, its cues when first asked for.

    Most clauses name no drug, and the timeline never asks them whether
    they are strong administrations: the cue scans run only on demand.
    Each cue is a property over its own slot (None until computed, or a
    flag where None is an answer).
    """

    def __init__(self, a: Annotated, start: int, end: int) -> None:
        self.a, self.start, self.end = a, start, end
        self.text = a.text[start:end]
        self._cancer: list[DrugMention] = []  # the clause's cancer-drug mentions
        self.drugs: list[str] = []
        self.regimen_name: str | None = None
        self._has_regimen = False
        in_sentence, regimens = a.cancer_drugs(), a.regimens
        if in_sentence or regimens:  # (else, as in most sentences, no clause has a drug or a regimen)
            self._read_drugs(a, start, end, in_sentence, regimens)
        self._sequential: bool | None = None
        self._line: int | None = None
        self._line_known = False
        self._admin: bool | None = None
        self._strong: bool | None = None
        self._blocked: str | None = None
        self._blocked_known = False

    def _read_drugs(self, a: Annotated, start: int, end: int, in_sentence: list[DrugMention],
                    regimens: list[RegimenMention]) -> None:
        """The clause's drugs (its cancer drugs, steroids listed with them, its regimens' drugs) and regimen name."""
        self._cancer = [d for d in in_sentence if start <= d.start < end]
        names: list[str] = []
        for d in self._cancer:
            before = a.text[start:d.start]
            if _AFTER_REF.search(before[-60:]) and not STRONG_ADMIN.search(before):
                continue  # "after apatinib": a reference to an earlier course
            if _PRIOR_BEFORE.search(before[-30:]):
                continue
            if names and _WITHOUT_BEFORE.search(before[-25:]):
                continue  # "A and B without C": C is the drug left out
            names.append(d.name)
        names += _coordinated_steroids(a, start, end, self._cancer)
        regs = [r for r in regimens if start <= r.start < end]
        for r in regs:
            names += r.drugs
        self.drugs = sorted(set(names))
        self.regimen_name = regs[0].name if regs and not self.drugs else None
        self._has_regimen = any(not r.bare for r in regs)

    def __repr__(self) -> str:
        return f"Clause({self.text!r}, drugs={self.drugs})"

    @property
    def sequential(self) -> bool:
        """Introduced by "followed by", "then": a new course even with the same drugs."""
        found = self._sequential
        if found is None:
            text, cs = self.a.text, self.start
            found = self._sequential = bool(SEQUENCE_BEFORE.search(text[max(0, cs - 20):cs])) or bool(_ADJUVANT_START.match(self.text))
        return found

    @property
    def line(self) -> int | None:
        if not self._line_known:
            m = LINE_RX.search(self.text)
            self._line, self._line_known = LINE_NUM[m.group(1).lower()] if m else None, True
        return self._line

    @property
    def admin(self) -> bool:
        """A regimen named, or an administration cue (``ADMIN_CUE``).

        ``strong`` is asked first (its scan is about half the cost and it is asked of most of these clauses
        anyway): every ``STRONG_ADMIN`` match is an ``ADMIN_CUE`` match (each of its words, between the same
        ``\\b``, is one of ``ADMIN_CUE``'s; "treated with/using" its "treated ... with/using" without the
        optional "for ..."), so a strong clause is an administration without the longer scan.
        """
        found = self._admin
        if found is None:
            found = self._admin = self._has_regimen or self.strong or bool(ADMIN_CUE.search(self.text))
        return found

    @property
    def strong(self) -> bool:
        found = self._strong
        if found is None:
            found = self._strong = bool(STRONG_ADMIN.search(self.text))
        return found

    @property
    def blocked(self) -> str | None:
        """Why this clause cannot assert an administration, or None."""
        if not self._blocked_known:
            self._blocked, self._blocked_known = self._why_blocked(), True
        return self._blocked

    def _why_blocked(self) -> str | None:
        why = sentence_blocked(self.a)
        if why is not None:
            return why
        ct = self.text
        if ctx.refused(ct):
            return "refused"
        back = ctx.refusal_back_end(self.a.text)
        if back is not None and self.start < back:
            return "refused"  # "X was offered, but he declined it": X, not the clause after the refusal
        if ctx.recommended(ct):
            return "recommended"
        if ctx.hypothetical(ct):
            return "hypothetical"
        if self._cancer and ctx.negated_before(self.a.text, self._cancer[0].start) and _NEGATION_WORD.search(ct):
            return "negated"
        if _HISTORY_CUE.search(ct) or self._listed_history():
            return "history"
        return None


    def _listed_history(self) -> bool:
        """A drug of this clause listed after "including" that follows a history cue."""
        if not self._cancer:
            return False  # no drug to list
        m = _INCLUDING.search(self.text)
        if m is None:
            return False
        at = self.start + m.start()
        return any(d.start > at for d in self._cancer) and bool(_PRIOR_LIST.search(self.a.text[:at]))


@dataclass
class _Memo:
    """This module's per-sentence results, computed once each."""

    spans: list[tuple[int, int]] | None = None
    clauses: list[Clause] | None = None
    blocked: str | None = None
    blocked_known: bool = False
    steroids: list | None = None


def _memo(a: Annotated) -> _Memo:
    """The sentence's memo of this module's results.

    Stored on the sentence itself (``Annotated.memo``), not in a
    ``WeakKeyDictionary`` keyed by it: the memo's clauses refer to their
    sentence, so such a key would never die and every sentence of every
    document would be kept for the life of the process (and walked by
    each full garbage collection).
    """
    m = a.memo.get(__name__)
    if m is None:
        m = a.memo[__name__] = _Memo()
    return m  # type: ignore[return-value]


def split_clauses(a: Annotated) -> list[tuple[int, int]]:
    """Clause spans of a sentence, with regimen-sequence cues as extra cuts (computed once per sentence)."""
    m = _memo(a)
    if m.spans is None:
        m.spans = _split(a)
    return m.spans


def _split(a: Annotated) -> list[tuple[int, int]]:
    text = a.text
    cuts = {0, len(text)}
    bracketed = "(" in text or "[" in text or "“" in text  # else no cut can be inside brackets or quotes
    for m in _clause_cut(text).finditer(text):
        # never cut inside brackets or quotes
        pre = text[:m.start()] if bracketed else ""
        if pre.count("(") > pre.count(")") or pre.count("[") > pre.count("]") or pre.count("“") > pre.count("”"):
            continue
        cuts.add(m.end())
    if " and " in text and len(a.cancer_drugs()) >= 3:
        cuts |= _sequence_cuts(a)
    for m in _DEFINED_THEN_COMBINATION.finditer(text) if "plus" in text or "+" in text else ():  # (its lookahead's words)
        if not _DOSE_IN_BRACKET.search(m.group(1)):
            cuts.add(m.end())  # "FOLFIRINOX (A, B, C and D) and E plus F": the bracketed regimen is complete
    if ", and " in text:
        cuts |= _coordinated_cuts(text)
    cs = sorted(cuts)
    return [(x, y) for x, y in zip(cs, cs[1:]) if y > x]


_SWITCHED: Final = fastre.compile(r"\s+(?=(?:then\s+|later\s+)?(?:switched|changed|converted)\s+to\b)", re.I)
_AND: Final = fastre.compile(r"\s+and\s+")
_COMBO_AFTER: Final = fastre.compile(r"\s*(?:\+|plus\b|combined with\b|in combination with\b)", re.I)


_CONCURRENT: Final = fastre.compile(r"(?:at the same time|concurrently|simultaneously|concomitantly|together|along with)\b", re.I)
_COMMA_AND: Final = fastre.compile(r",\s+and\s+")
_FINITE: Final = fastre.compile(r"\b(?:was|were|is|are|had|has|have|received|started|began|underwent|developed|showed|achieved)\b",
                         re.I)


_CLAUSE_PUNCT: Final = re.compile(r"[,;.]")


def _coordinated_cuts(text: str) -> set[int]:
    """", and" between two clauses that each have a verb ("X was not given ..., and Y was started").

    A drug list ("A, B, and C") has no verb after its last comma and is not cut.
    """
    cuts: set[int] = set()
    last = 0
    for m in _COMMA_AND.finditer(text):
        pre = text[:m.start()]
        if pre.count("(") > pre.count(")"):
            continue
        nxt = _CLAUSE_PUNCT.search(text, m.end())
        right = text[m.end():nxt.start()] if nxt else text[m.end():]
        if _FINITE.search(text, last, m.start()) and _FINITE.search(right) and not _CONCURRENT.search(right):
            cuts.add(m.end())
            last = m.end()
    return cuts


def _sequence_cuts(a: Annotated) -> set[int]:
    """Cuts between regimens told in sequence in one breath.

    "A and B switched to C": "switched to" starts a new regimen.  "FOLFOX (A, B and C) and D plus E":
    an "and" between two combinations (the second written "D plus E") joins two regimens, not drugs.
    """
    text, drugs = a.text, a.cancer_drugs()
    cuts = {m.end() for m in _SWITCHED.finditer(text)}  # (tried only where its lookahead's verbs are: fastre)
    for m in _AND.finditer(text):
        pre = text[:m.start()]
        if pre.count("(") > pre.count(")"):
            continue
        right = next((d for d in drugs if d.start >= m.end()), None)
        if right is None or right.start != m.end():
            continue
        nxt = next((d for d in drugs if d.start > right.end), None)
        if nxt is None or not _COMBO_AFTER.match(text, right.end) or len(text[right.end:nxt.start]) > 25:
            continue
        if sum(1 for d in drugs if d.end <= m.start()) >= 2:
            cuts.add(m.end())
    return cuts


def clauses(a: Annotated) -> list[Clause]:
    """The sentence's clauses with their drugs, cues and blocking context (computed once per sentence)."""
    m = _memo(a)
    if m.clauses is None:
        m.clauses = _clauses(a)
    return m.clauses


def sentence_blocked(a: Annotated) -> str | None:
    """What the whole sentence is (a citation, a general statement...) when it asserts nothing of the patient."""
    m = _memo(a)
    if not m.blocked_known:
        text = a.text
        why = None
        if ctx.cited(text):
            why = "cited"
        elif GENERAL.search(text):
            why = "general statement"
        elif TRIAL_DESCRIPTION.search(text) and not _RANDOMISED_TO.search(text):
            why = "trial description"
        elif _QUESTION.match(text) or ("?" in text and _QUESTION.search(text)):  # only "?" can match past the start
            why = "question"
        m.blocked, m.blocked_known = why, True
    return m.blocked


def _clauses(a: Annotated) -> list[Clause]:
    return [Clause(a, cs, ce) for cs, ce in split_clauses(a)]


def trial_description(a: Annotated) -> bool:
    """``sentence_blocked(a) == "trial description"``, without reading the sentence's other reasons where
    ``TRIAL_DESCRIPTION`` finds nothing (that reason is given only where it finds something)."""
    m = _memo(a)
    if not m.blocked_known and not TRIAL_DESCRIPTION.search(a.text):
        return False
    return sentence_blocked(a) == "trial description"


def procedure_done(a: Annotated, clause: Clause) -> bool:
    """A cancer-directed procedure (RT, surgery, ablation...) carried out in this clause."""
    ct = clause.text
    if clause.drugs or not names_procedure(ct) or clause.blocked:
        return False
    return bool(PROCEDURE_DONE.search(ct) and not _NOT_DONE.search(ct))
