"""A per-patient timeline of regimens, and what happened under each.

Pass 1 walks the patient's sentences in document order: administration
clauses open regimens (merged when the same drugs continue), procedures
such as radiotherapy or surgery close the running regimen, and the
state before every clause is recorded.  Pass 2 attaches responses,
survival and adverse events: to the regimen the sentence names, else to
the regimen running at that point of the narrative, else — for dated
sentences told before any treatment — to the regimen whose window (its
start to the next regimen's start) contains the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from .. import fastre
from ..recognise import Annotated
from ..segment import ALL
from ..segment.kind import announces_case
from . import clauses as cl

_ALONE: Final = fastre.compile(r"\b(?:monotherapy|single[- ]agent|alone)\b", re.I)
# a procedure done alongside the running regimen ("radiotherapy was also given") does not end it
_ALONGSIDE: Final = fastre.compile(r"\b(?:also|concurrent\w*|concomitant\w*|simultaneous\w*)\b", re.I)
_ADDED_TO: Final = fastre.compile(r"\b(?:chemotherapy|regimen|treatment) (?:with|plus|combined with) (?:the )?(?:addition of )?", re.I)
_STOPPED: Final = fastre.compile(r"\b(?:stopped|discontinued|ended|terminated|completed|until)\b", re.I)
_RADIOTHERAPY: Final = fastre.compile(r"\b(?:RT|radiotherapy|radiation)\b")
_CONCURRENT: Final = fastre.compile(r"\b(?:concurrent\w*|concomitant\w*|simultaneous\w*|synchronous\w*)\b")
NONE_YET, ACTIVE, CLOSED = "none_yet", "active", "closed"


@dataclass
class Regimen:
    rid: int
    patient: int
    drugs: list[str]
    name: str | None
    order: int  # sentence index where it was opened
    start: str | None = None
    end: str | None = None
    line: int | None = None
    evidence: list[tuple[Annotated, int, int]] = field(default_factory=list)

    @property
    def sig(self) -> tuple:
        return tuple(self.drugs) if self.drugs else ("@", self.name)


@dataclass
class Timeline:
    patient: int
    regimens: list[Regimen] = field(default_factory=list)
    # (sentence idx, clause start) -> (status, regimen id)
    state: dict[tuple[int, int], tuple[str, int | None]] = field(default_factory=dict)

    def state_at(self, a: Annotated, pos: int) -> tuple[str, Regimen | None]:
        keys = [k for k in self.state if k[0] == a.sent.idx and k[1] <= pos]
        if not keys:
            return NONE_YET, None
        status, rid = self.state[max(keys)]
        return status, (self.regimens[rid] if rid is not None else None)

    def by_drugs(self, drugs: set[str], before: int | None = None) -> Regimen | None:
        """The regimen a sentence names: exact drug set first, else the latest containing them."""
        exact = [r for r in self.regimens if set(r.drugs) == drugs]
        if exact:
            cands = [r for r in exact if before is None or r.order <= before] or exact
            return cands[-1]
        cont = [r for r in self.regimens if drugs and drugs <= set(r.drugs)]
        if cont:
            cands = [r for r in cont if before is None or r.order <= before] or cont
            return cands[-1]
        return None

    def by_date(self, iso: str | None) -> Regimen | None:
        if iso is None:  # a date read with an impossible day ("July 1 to 35") places nothing
            return None
        dated = sorted(((r.start, r) for r in self.regimens if r.start), key=lambda sr: sr[0])
        hit = None
        for i, (start, r) in enumerate(dated):
            nxt = dated[i + 1][0] if i + 1 < len(dated) else "9999"
            if start[:len(iso)] <= iso < nxt:
                hit = r
        return hit


_OUTCOME_VERB: Final = fastre.compile(r"\b(?:achiev\w*|show\w*|reveal\w*|demonstrat\w*|document\w*|develop\w*|obtain\w*|result\w* in)\b",
                           re.I)


def _given_then_stopped(a: Annotated, c: cl.Clause) -> bool:
    """"received maintenance X, which was stopped in D": a course given here, with its end, not a stop of the running one."""
    first = min((d.start for d in a.cancer_drugs() if c.start <= d.start < c.end), default=c.end)
    stop = cl.STOP_CUE.search(a.text, first, c.end)
    return stop is not None and bool(cl.STRONG_ADMIN.search(a.text, c.start, first))


def _outcome_date(a: Annotated, c: cl.Clause, pos: int) -> bool:
    """"... and drugmab, reaching in May 2019 a partial response": the date of the outcome."""
    last = max((d.end for d in a.cancer_drugs() if c.start <= d.start < pos), default=None)
    return last is not None and bool(_OUTCOME_VERB.search(a.text, last, pos))


def _clause_dates(a: Annotated, c: cl.Clause, sentence_wide: bool) -> tuple[str | None, str | None]:
    ds = [d for d in a.dates if (sentence_wide or c.start <= d.start < c.end)
          and not (d.role == "point" and c.start <= d.start < c.end and _outcome_date(a, c, d.start))]
    start = next((d.iso for d in ds if d.role == "start"), None)
    end = next((d.iso for d in ds if d.role == "end"), None)
    point = next((d.iso for d in ds if d.role == "point"), None)
    told = a.text if sentence_wide else c.text  # the date may sit in the clause after the drug's ("..., which was stopped in D")
    if point and _STOPPED.search(told) and not end:
        end = point
    elif point and not start:
        start = point
    return start, end


def _stop_date(a: Annotated, c: cl.Clause) -> str | None:
    """The date a stop clause gives its course: the first after the stop word ("... was stopped on D"), else
    the last before it ("in D, X was discontinued")."""
    cue = cl.STOP_CUE.search(c.text)
    at = c.start + (cue.start() if cue else 0)
    ds = [d for d in a.dates if c.start <= d.start < c.end and d.role in ("point", "end")]
    after = [d for d in ds if d.start >= at]
    before = [d for d in ds if d.start < at]
    return after[0].iso if after else before[-1].iso if before else None


def build_timeline(patient: int, stream: list[Annotated]) -> Timeline:
    tl = Timeline(patient)
    current: Regimen | None = None
    status = NONE_YET
    pending_line: int | None = None
    last_procedure_start: str | None = None
    retold = _retold_summaries(stream)
    for a in stream:
        cls = cl.clauses(a)
        admin_clauses = [c for c in cls if (c.drugs or c.regimen_name) and c.admin and not c.blocked]
        stopped: set[str] = set()
        trial = cl.trial_description(a)  # the only reason a whole sentence gives for it
        for c in cls:
            tl.state[(a.sent.idx, c.start)] = (status, current.rid if current else None)
            if trial:
                if c.line:
                    pending_line = c.line
                continue
            if cl.procedure_done(a, c) and not (current is not None and _ALONGSIDE.search(c.text)):
                if current is not None:
                    status = CLOSED
                current = None
                ds = [d.iso for d in a.dates if d.role in ("start", "point")]
                last_procedure_start = ds[0] if ds else None
                continue
            if c.drugs and current is not None and set(c.drugs) <= set(current.drugs) and cl.STOP_CUE.search(c.text) \
                    and not _given_then_stopped(a, c):
                stopped |= set(c.drugs)
                if set(c.drugs) == set(current.drugs) and not current.end:  # "X was stopped on 2 March 2022"
                    current.end = _stop_date(a, c)
                continue
            if not (c.drugs or c.regimen_name) or not c.admin or c.blocked:
                if current is not None and not c.drugs and _PLAIN_CUE.search(c.text) and not c.blocked:
                    _fill_from_plain_clause(a, c, current)
                continue
            start, end = _clause_dates(a, c, sentence_wide=len(admin_clauses) == 1)
            sig = tuple(c.drugs) if c.drugs else ("@", c.regimen_name)
            same_as_current = current is not None and current.sig == sig
            if current is not None and same_as_current and (c.sequential or (start and current.end and start > current.end)):
                same_as_current = False  # a new course of the same drugs ("followed by adjuvant TMZ")
            if current is not None and same_as_current:
                _merge(current, a, c, start, end)
                continue
            if not stopped and cl.CONTINUE_CUE.search(c.text):
                prev = next((r for r in reversed(tl.regimens) if r.sig == sig), None)
                if prev is not None:
                    current, status = prev, ACTIVE
                    _merge(prev, a, c, None, end)
                    continue
            if current is not None and c.drugs and set(c.drugs) < set(current.drugs):
                alone = bool(_ALONE.search(c.text))  # "X monotherapy was used": the other drugs were dropped
                if not (stopped or c.strong or alone):
                    continue
            else:
                alone = False
            if current is not None and c.drugs and not (c.strong or alone) and not (start or end) and \
                    set(c.drugs) & set(current.drugs):
                continue
            if c.drugs and not c.strong and not (start or end) and any(
                    r.evidence and set(c.drugs) == set(r.drugs) for r in tl.regimens) and status != ACTIVE:
                continue
            if a.sent.idx in retold or (a.sent.patient == ALL and tl.regimens):
                continue  # a summary, or a sentence about every patient, does not open a patient's regimen
            drugs = list(c.drugs)
            if current is not None and status == ACTIVE and current.order == a.sent.idx and c.sequential and not c.line \
                    and drugs and not set(drugs) & set(current.drugs) and _ADDED_TO.search(a.text, c.start, c.end):
                # "A and B for the first cycle, followed by chemotherapy with X": X joins the course the sentence opened
                drugs = sorted(set(drugs) | set(current.drugs))
            reg = Regimen(len(tl.regimens), patient, drugs, None if drugs else c.regimen_name, a.sent.idx,
                          start, end, c.line or pending_line)
            if reg.start is None and last_procedure_start and _RADIOTHERAPY.search(a.text) and _CONCURRENT.search(a.text):
                reg.start = last_procedure_start
            if current is not None and current.end is None and reg.start and c.drugs and set(c.drugs) > set(current.drugs):
                current.end = reg.start
            pending_line = None
            reg.evidence.append((a, c.start, c.end))
            tl.regimens.append(reg)
            current, status = reg, ACTIVE
    _infer_previous_lines(tl)
    return tl


_PERIOPERATIVE: Final = fastre.compile(r"\b(?:adjuvant|neoadjuvant|perioperative|preoperative|postoperative|induction)\b", re.I)


def _infer_previous_lines(tl: Timeline) -> None:
    """"... then second-line X": the regimen that came before X, if it opened a line of its own, was line 1.

    Maintenance (a subset of the regimen before it) belongs to the line it continues, and
    perioperative courses are not lines of treatment for advanced disease.
    """
    regs = tl.regimens
    for i, r in enumerate(regs):
        if not r.line or r.line < 2:
            continue
        for j in range(i - 1, -1, -1):
            p = regs[j]
            if j > 0 and p.drugs and any(set(p.drugs) < set(q.drugs) for q in regs[:j]):
                continue  # maintenance of an earlier regimen
            if p.line is None and not any(_PERIOPERATIVE.search(a.text) for a, _, _ in p.evidence[:1]):
                p.line = r.line - 1
            break


def is_title(a: Annotated) -> bool:
    """The document's opening line without a full stop: its title, a summary of the case."""
    return a.sent.block == 0 and not a.sent.title and not a.text.rstrip().endswith(".")


def _retold_summaries(stream: list[Annotated]) -> set[int]:
    """The title, and sentences announcing the case ("We report a patient treated with X"), whose drugs the narrative tells again.

    The narrative places the regimen in its history; the announcement would open it too early.
    """
    later: set[str] = set()
    out: set[int] = set()
    for a in reversed(stream):
        names = {d.name for d in a.cancer_drugs()}
        if names and names <= later and (is_title(a) or announces_case(a.text)):
            out.add(a.sent.idx)
        later |= names
    return out


def _merge(r: Regimen, a: Annotated, c: cl.Clause, start: str | None, end: str | None) -> None:
    if start and not r.start:
        r.start = start
    if end and (not r.end or end > r.end):
        r.end = end
    if c.line and not r.line:
        r.line = c.line
    r.evidence.append((a, c.start, c.end))


_PLAIN_CUE: Final = fastre.compile(r"\b(?:receiv\w*|continu\w*|chemotherapy|therapy|treatment)\b", re.I)
_THERAPY_WORD: Final = fastre.compile(r"\b(?:chemotherapy|therapy|treatment)\b", re.I)


def _fill_from_plain_clause(a: Annotated, c: cl.Clause, r: Regimen) -> None:
    """"The patient received second-line chemotherapy from A to B": dates/line for the running regimen
    (asked only of a clause ``_PLAIN_CUE`` finds something in)."""
    ds = [d for d in a.dates if c.start <= d.start < c.end]
    if c.line and not r.line and _THERAPY_WORD.search(c.text):
        r.line = c.line
    for d in ds:
        if d.role == "start" and not r.start:
            r.start = d.iso
        elif d.role == "end" and (not r.end):
            r.end = d.iso
