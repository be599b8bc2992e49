"""Attach responses, survival, adverse events and doses to patients and regimens."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from mypy_extensions import mypyc_attr

from .. import fastre, numwords
from ..models import Qualifier, ResponseCode
from ..recognise import Annotated
from ..recognise import context as ctx
from ..recognise.adverse import AEMention
from ..recognise.drugs import DrugMention
from .. import vocabulary as vocab
from ..recognise.quantities import Amount, Span, find_grades, on_off_schedule, parse_frequency
from . import clauses as cl
from .timeline import NONE_YET, Regimen, Timeline, is_title

_REPORT_VERB: Final = fastre.compile(r"\b(?:show\w*|reveal\w*|indicat\w*|found|detect\w*|confirm\w*|suggest\w*|demonstrat\w*|"
                              r"considered|diagnosed|evaluat\w*|was|were|had|achieved|assessed)\b", re.I)
_AE_CUE: Final = fastre.compile(r"\b(?:toxicit\w*|adverse|side effects?|related to|induced|intoleran\w*|could not tolerate|"
                         r"(?:led to|leading to|resulted in|resulting in|requir\w+|necessitat\w+)\s+(?:an?\s+|the\s+)?(?:dose\s+)?"
                         r"(?:reduction|interruption|discontinuation|delay|withdrawal|hospitali[sz]ation|cessation)|"
                         r"(?:reduced|interrupted|withheld|held|paused|suspended|discontinued|stopped|delayed|halved)\b[^.]{0,40}?\bfor\b|"
                         r"(?:stopped|discontinued|suspended|interrupted|reduced|halved|adjusted|withdrawn|ceased)[^.]{0,60}\b(?:because|due to|owing to)\b)",
                         re.I)
_CHEMO_CLASSES: Final = fastre.compile(r"alkylat|antimetabol|taxane|platin|anthracycl|vinca|topoisomerase|epothilone|nucleoside|antifolate|"
                                r"pyrimidine|fluoropyrimidine|cytotoxic|chemotherap", re.I)
# a new condition told as happening to the patient on treatment: "she developed A", "complicated by A"
_ONSET: Final = fastre.compile(r"\b(?:developed|complicated\s+(?:by|with)|suffered\s+(?:from\s+)?|experienced)\b", re.I)
# inflammation and drug reactions ("uveitis", "granulomatous reaction") are rarely the cancer's own symptoms,
# unlike headache or pain: for them the onset alone tells an adverse event
_ONSET_AFTER: Final = fastre.compile(r"\W*(?:\w+\W+){0,3}?(?:followed|ensued|occurred|appeared|emerged|developed)\b", re.I)
_INFLAMMATORY: Final = fastre.compile(r"itis\b|\breaction\b")
# a cause other than the cancer drug told in the clause: the inflammation is not the drug's event
_OTHER_CAUSE: Final = fastre.compile(r"\b(?:radiation|radiotherapy|irradiat\w*|infect\w*|bacterial|viral|fungal|sepsis|"
                              r"surg\w+|post-?operative\w*|operation|resection|transfusion)\b", re.I)
# terms as often a comorbidity or the cancer's own complication as a drug event (vocab context "complication"):
# a cause named after them ("from tumour progression"), a tumour adjective before, a viral hepatitis
_DISEASE_CAUSE: Final = fastre.compile(r"^[^.;]{0,30}?\b(?:due\s+to|caused\s+by|secondary\s+to|from|because\s+of|owing\s+to|attributed\s+to)"
                                r"\s+(?:[\w-]+\s+){0,2}?(?:tumou?rs?|metasta\w*|progress\w*|malignan\w*|disease|invasion|"
                                r"compression|obstruct\w*|infiltrat\w*|vir(?:us|al)|infect\w*)\b"
                                r"|^\s*(?:[B-E]\b|virus|reactivation)", re.I)
_DISEASE_BEFORE: Final = fastre.compile(r"\b(?:tumou?r|malignant|neoplastic|paraneoplastic|viral|HBV|HCV)[- ](?:related\s+|associated\s+)?"
                                 r"(?:[\w-]+\s+)?$", re.I)
_N_CASES: Final = fastre.compile(r"\b(one|two|three|four|five|\d+) cases? of\s+$", re.I)


# The findings are built once per outcome: mypyc compiles their __init__ (a dataclass's generated one is
# interpreted Python, and a frozen one sets each field through object.__setattr__).  Not frozen, so that
# __init__ may assign; hashed by their fields as before (unsafe_hash), compared and shown as dataclasses.
@dataclass(init=False, unsafe_hash=True)
class ResponseFound:
    response: ResponseCode

    def __init__(self, response: ResponseCode) -> None:
        self.response = response


@dataclass(init=False, unsafe_hash=True)
class SurvivalFound:
    endpoint: str
    value: float
    unit: str
    qualifier: Qualifier

    def __init__(self, endpoint: str, value: float, unit: str, qualifier: Qualifier) -> None:
        self.endpoint, self.value, self.unit, self.qualifier = endpoint, value, unit, qualifier


@dataclass(init=False, unsafe_hash=True)
class EventFound:
    event: str
    grade: str | None
    n: int | None
    percent: float | None
    drug: str | list[str] | None  # the drug (or drugs) the event is blamed on
    regimen: str | None  # a named regimen when no drug is

    def __init__(self, event: str, grade: str | None, n: int | None, percent: float | None,
                 drug: str | list[str] | None, regimen: str | None) -> None:
        self.event, self.grade, self.n, self.percent, self.drug, self.regimen = event, grade, n, percent, drug, regimen


Found = TypeVar("Found", ResponseFound, SurvivalFound, EventFound)


# mypyc: a Python class (mypyc compiles no generic dataclass)
@mypyc_attr(native_class=False)
@dataclass
class Outcome(Generic[Found]):
    """What a sentence says happened (``found``), where, to whom and under which regimen."""

    patient: int | None
    regimen: Regimen | None
    sentence: Annotated
    start: int
    end: int
    found: Found
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
    if is_title(a):  # a title summarises the case: every drug it names is the treatment it speaks of
        named = _named_drugs(a, 0, len(a.text))
    else:
        named = _named_drugs(a, cs, pos) or (set() if _next_treatment(a, pos, ce) else _named_drugs(a, pos, ce)) \
            or _named_drugs(a, 0, pos)
    if named:
        return tl.by_drugs(named, before=None)
    status, running = tl.state_at(a, pos)
    if running is not None:
        when = [d.iso for d in a.dates if d.start <= pos] or [d.iso for d in a.dates]
        last = when[-1] if when else None
        if last is not None and running.end and _months_between(running.end, last) > 3:
            return None  # dated long after the regimen ended: not its outcome
        return running
    if status == NONE_YET:
        dates = [d for d in a.dates if d.start <= pos] or a.dates
        if dates:
            return tl.by_date(dates[-1].iso)
    return None


# "... and was treated with Y", "... and Y was started", "..., then Y was given": a later event, not a participle
_NEXT_TREATMENT: Final = fastre.compile(r"\b(?:and|then)\s+(?:[\w-]+\s+){0,3}?(?:(?:was|were)\s+)?(?:then\s+)?"
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


_TO_EVALUATE: Final = fastre.compile(r"\bto evaluate\b")
_MODAL: Final = fastre.compile(r"\b(?:may|might|could|would)\b")


def responses(a: Annotated, patient: int, tl: Timeline) -> Iterator[Outcome[ResponseFound]]:
    if not a.responses or ctx.cited(a.text) or ctx.hypothetical(a.text) and not _TO_EVALUATE.search(a.text):
        return
    for r in a.responses:
        if r.strength == "weak" and r.value == "PD" and (a.survival or not _REPORT_VERB.search(a.text)):
            continue
        reg = regimen_for(tl, a, r.start)
        if reg is None:
            continue
        conf = 0.9 if r.strength == "strong" else 0.6
        yield Outcome(patient, reg, a, r.start, r.end, ResponseFound(r.value), conf)


_MAINTAINED: Final = fastre.compile(r"\b(?:maintain\w*|remain\w*|persist\w*|sustain\w*|ongoing|still)\b", re.I)


def continues_response(tl: Timeline, reg: Regimen, response: str, given: set[tuple[int, str]], a: Annotated) -> bool:
    """Maintenance (a subset of an earlier regimen) that "maintains" the earlier regimen's response adds no response."""
    return bool(_MAINTAINED.search(a.text)) and any(
        q.order < reg.order and set(reg.drugs) < set(q.drugs) and (q.rid, response) in given for q in tl.regimens)


_FROM_DIAGNOSIS: Final = fastre.compile(r"\s*(?:after|since|from)\s+(?:the\s+|her\s+|his\s+)?(?:initial\s+|first\s+|original\s+)?diagnosis\b",
                                 re.I)


def survival(a: Annotated, patient: int | None, tl: Timeline | None) -> Iterator[Outcome[SurvivalFound]]:
    if not a.survival or ctx.cited(a.text) or _MODAL.search(a.text):
        return
    for s in a.survival:
        if s.median or s.rate:
            continue
        # counted from diagnosis, the survival is the patient's, not one regimen's
        reg = None if _FROM_DIAGNOSIS.match(a.text, s.end) else regimen_for(tl, a, s.start)
        yield Outcome(patient, reg, a, s.start, s.end, SurvivalFound(s.endpoint, s.value, s.unit, s.qualifier))


def _ae_drug(a: Annotated, reg: Regimen | None, main_drug: Callable[[], str | None], pos: int) -> tuple[str | list[str] | None, str | None]:
    named = sorted({d.name for d in a.cancer_drugs()})
    if named:
        return (named[0] if len(named) == 1 else named), None
    if reg is not None:
        if not reg.drugs:
            return None, reg.name
        if len(reg.drugs) == 1:
            return reg.drugs[0], None
        if re.search(r"\bchemotherapy\b", a.text, re.I):
            chemo = [d for d in reg.drugs if _CHEMO_CLASSES.search(_drug_class(d))]
            if len(chemo) == 1:
                return chemo[0], None
        return list(reg.drugs), None
    return main_drug(), None


def _drug_class(name: str) -> str:
    """The vocabulary's class of a drug ("" when the drug is not in it)."""
    e = vocab.drugs().entries.get(name)
    return e.get("class", "") if e else ""


# "neuropathy was not seen", "A and B were not recorded": negated after the event, same clause
_NEGATED_AFTER: Final = fastre.compile(r"[^.;,]{0,40}?\b(?:was|were|did)\s+not\s+(?:noted|observed|seen|reported|found|detected|recorded|"
                                r"occur|develop)", re.I)
# a study's own report of its events: "the most common toxicities were A, B and C", "associated with more frequent A"
_REPORTS_EVENTS: Final = fastre.compile(r"\b(?:toxicit(?:y|ies)|adverse\s+(?:events?|effects?|reactions?)|A[Ee]s|TRAEs|side[- ]effects?)\b"
                                 r"[^.;]{0,90}?\b(?:were|was|included|including|consisted of|comprised)\b"
                                 r"|\b(?:patients?|subjects?|participants?)\s+(?!who\b|that\b)(?:[\w()%.]+\s+){0,3}?"
                                 r"(?:experienced|developed|suffered\s+from)\b"
                                 r"|\b(?:were|was)\s+associated\s+with\s+(?:more\s+frequent|(?:a\s+)?higher\s+(?:rates?|incidences?)\s+of|"
                                 r"increased|more)\b", re.I)


# "doses were reduced in 12 patients because of A", "discontinuation due to grade 3 A": the toxicity is an event
_DOSE_CAUSE: Final = fastre.compile(r"\b(?:reduc\w+|interrupt\w+|discontinu\w+|delay\w*|withdr[ae]w\w*|held|withheld|suspend\w*|"
                             r"modif\w+|stopp\w+)\b[^.;]{0,80}?\b(?:due to|because of|owing to|for)\s+(?:[\w≥-]+\s+){0,3}$", re.I)
# "A in a 60-year-old patient treated with X": a single patient's event, as a case report's title tells it
_ONE_PATIENT: Final = fastre.compile(r"\bin an?\s+(?:[\w-]+\s+){0,6}?(?:patient|case|man|woman)\s+(?:treated|receiving|on)\b", re.I)
_OCCURRED: Final = fastre.compile(r"\b(?:occurred|developed|experienced|observed|reported|noted|presented|suffered|"
                           r"resulted in|due to|because of|owing to|deaths?|died|fatal|in an?\s+(?:[\w-]+\s+){0,6}?(?:patient|case)s?)\b", re.I)


def _occurred(text: str, pos: int) -> bool:
    """A graded event told as happening ("grade 3 A occurred", "stopped due to grade 3 A"), not as a predictor."""
    cs, ce = _clause_of_text(text, pos)
    return bool(_OCCURRED.search(text, cs, ce))


def _clause_of_text(text: str, pos: int) -> tuple[int, int]:
    lo = max(text.rfind(";", 0, pos), text.rfind(". ", 0, pos)) + 1
    semi, stop = text.find(";", pos), text.find(". ", pos)  # the nearer of the two found, else the text's end
    return lo, min(semi if semi >= 0 else len(text), stop if stop >= 0 else len(text))


_ARM: Final = fastre.compile(r"\b(?:in|with|of|for)\s+the\s+(?P<arm>[^,.;()]{1,50}?)\s+(?:arm|group|cohort)\b", re.I)


def _arm_drugs(a: Annotated, cs: int, ce: int) -> str | list[str] | None:
    """"A occurred more often in the XP arm": the arm's drugs, when the clause ``cs:ce`` names the arm by them."""
    for m in _ARM.finditer(a.text, cs, ce):
        lo, hi = m.span("arm")
        drugs = {d.name for d in a.cancer_drugs() if lo <= d.start < hi}
        drugs |= {x for r in a.regimens if lo <= r.start < hi for x in r.drugs}
        if drugs:
            return sorted(drugs)[0] if len(drugs) == 1 else sorted(drugs)
    return None


# how events were to be watched or who could enter: "AEs, including A and B, were graded per CTCAE"
_MONITORING: Final = fastre.compile(r"\b(?:assess\w*|graded|grading|evaluat\w*|monitor\w*|defined|exclu\w+|eligib\w*|"
                             r"according to|CTCAE|criteria|measured|collected|prevent\w*|prophyla\w+)\b", re.I)


_EVERY_ARM: Final = fastre.compile(r"\b(?:both|either|all|each)\s+(?:of\s+the\s+)?(?:(?:two|three|treatment|study|dose)\s+)*"
                            r"(?:regimens|arms|groups|cohorts)\b", re.I)


def every_arm(text: str) -> bool:
    """"Both regimens resulted in A": the event belongs to each arm of the study."""
    return bool(_EVERY_ARM.search(text))


def arm_drugs(regimens: list[list[str]]) -> list[str | list[str]]:
    """The drugs an event of every arm goes to: each arm's, or in an add-on design
    (B + A vs A) the backbone A that all arms share."""
    if len(regimens) < 2:
        return []
    common = set.intersection(*(set(r) for r in regimens))
    if common and any(set(r) == common for r in regimens):
        return [sorted(common)[0] if len(common) == 1 else sorted(common)]
    return [r[0] if len(r) == 1 else list(r) for r in regimens]


# who the patients were before treatment: "comorbidities included hypertension (35%)"
_BASELINE: Final = fastre.compile(r"\b(?:comorbid\w*|co-morbid\w*|(?:medical\s+)?history\s+of|baseline\s+characteristics|"
                           r"pre-?existing|underlying\s+disease|inclusion\s+criteria|exclusion\s+criteria|eligib\w+|"
                           r"were\s+excluded)\b", re.I)
# a drug's known profile, told in the present: "its common adverse events include A and B", "X can cause A"
_PRESENT: Final = fastre.compile(r"\b(?:is|are|include|includes|cause|causes|induces|remains?|represents?|known)\b", re.I)
_PAST: Final = fastre.compile(r"\b(?:was|were|had|has been|have been|developed|occurred|experienced|suffered|presented|showed|"
                       r"reported|observed|noted|required|led|resulted|included)\b", re.I)


def drug_profile(text: str) -> bool:
    """A present-tense statement about what a drug does in general, not what happened here."""
    return bool(_PRESENT.search(text)) and not _PAST.search(text)


def _reports_events(text: str) -> bool:
    """Whether the sentence lists this study's own events (a past-tense report, not a drug's known profile)."""
    return bool(_REPORTS_EVENTS.search(text)) and not _MONITORING.search(text) and not ctx.hypothetical(text) \
        and not drug_profile(text)


def _study_event(a: Annotated, ae: AEMention, listed: bool) -> bool:
    """In a study, an event needs its frequency, a list the study reports, a graded occurrence or a dose change."""
    text = a.text
    return (ae.percent is not None or ae.n is not None or listed or bool(ae.grade and _occurred(text, ae.start))
            or _title_event(a, ae) or bool(_DOSE_CAUSE.search(text[max(0, ae.start - 120):ae.start])))


def _complication(a: Annotated, ae: AEMention) -> bool:
    """A comorbidity-prone event told as the disease's complication, a virus's or another cause's: not a drug event."""
    e = vocab.adverse_events().entries.get(ae.term)
    if e is None or e.get("context") != "complication":
        return False
    text = a.text
    cs, ce = _clause_of(a, ae.start)
    return bool(_DISEASE_CAUSE.match(text[ae.end:ce]) or _DISEASE_BEFORE.search(text[max(cs, ae.start - 40):ae.start])
                or _OTHER_CAUSE.search(text, cs, ce))


_AFTER_DRUG: Final = fastre.compile(r"\b(?:after|following)\b", re.I)
_REACTION_TO: Final = fastre.compile(r"\s+to\s+(?:(?:an?|the|intravenous|oral|iv)\s+)*$", re.I)


def _other_drug_cause(a: Annotated, ae: AEMention, cs: int, ce: int) -> bool:
    """"After ondansetron she developed a reaction", "a reaction to zoledronic acid": a non-cancer drug's event."""
    others = [d for d in a.drugs if d.role != "antineoplastic" and cs <= d.start < ce]
    if not others or _named_drugs(a, cs, ce):
        return False
    text = a.text
    return any(d.start < ae.start and _AFTER_DRUG.search(text, cs, d.start) or
               d.start >= ae.end and _REACTION_TO.fullmatch(text, ae.end, d.start) for d in others)


def _title_event(a: Annotated, ae: AEMention) -> bool:
    """"A in a patient treated with X" as a report's title names the case's event; in the body it is background."""
    return is_title(a) and bool(_ONE_PATIENT.search(a.text, ae.end))


_TOXICITY: Final = re.compile(r"\btoxicity\b")
_BECAUSE_OF_BEFORE: Final = re.compile(r"\b(?:because of|due to|owing to)\s+(?:\w+\s+){0,3}$")


def _case_event(a: Annotated, ae: AEMention, grade: str | None, tl: Timeline | None = None) -> bool:
    """In a case report, an event needs a grade, a past-tense count, or a cue that blames the treatment."""
    text = a.text
    if grade is not None:
        return True
    if ae.n is not None or ae.percent is not None:
        return bool(_PAST.search(text))  # "A occurs in 30% of patients on X": the drug's record, not this report's
    cs, ce = _clause_of(a, ae.start)
    return bool(_AE_CUE.search(text[cs:ce]) or _TOXICITY.search(ae.term) or _title_event(a, ae)
                or _inflammation_onset(a, ae, tl, cs, ce)
                or _BECAUSE_OF_BEFORE.search(text[max(0, ae.start - 40):ae.start]))


def _inflammation_onset(a: Annotated, ae: AEMention, tl: Timeline | None, cs: int, ce: int) -> bool:
    """"She developed colitis": an inflammation's onset on or after a cancer drug, with no other cause in the clause.

    An appendicitis before any treatment or a dermatitis after irradiation is not the drug's event.
    """
    text = a.text
    if not _INFLAMMATORY.search(ae.term) or _OTHER_CAUSE.search(text, cs, ce):
        return False
    if not (_ONSET.search(text, cs, ae.start) or _ONSET_AFTER.match(text, ae.end)) or _other_drug_cause(a, ae, cs, ce):
        return False
    return bool(_named_drugs(a, cs, ce)) or (tl is not None and tl.state_at(a, ae.start)[0] != NONE_YET)


_RADIATION_BEFORE: Final = fastre.compile(r"\b(?:radiation|radiotherapy|RT)[- ]?$")
_CAUSE_BEFORE: Final = fastre.compile(r"\b(?:due to|because of|caused by|secondary to)\s+$")


def adverse_events(a: Annotated, patient: int | None, tl: Timeline | None, main_drug: Callable[[], str | None],
                   cohort: bool = False) -> Iterator[Outcome[EventFound]]:
    """The adverse events a sentence reports, with the drug it blames (``cohort``: a study's own events).

    ``main_drug`` gives the document's main drug, asked only for an event that falls back to it: finding it
    reads the document's opening for drugs, which most case reports never need (the answer is the same
    whenever it is asked: it is computed once per document).
    """
    text = a.text
    if ctx.cited(text) or not a.aes or _BASELINE.search(text):
        return
    aes = a.aes
    # The sentence's grades, whether it lists its study's events and whether it tells a drug's profile are
    # each found when an event first needs them: pure functions of the text, the same whenever asked.
    grades: list[Span] = []
    sentence_grade: str | None = None
    grades_read = False
    listed = -1  # -1: not yet asked, else 0 or 1
    profile = -1
    holds_not = -1
    arms: dict[tuple[int, int], str | list[str] | None] = {}  # (cohort) each clause's arm drugs
    for ae in aes:
        if ctx.negated_before(text, ae.start, 30) or _RADIATION_BEFORE.search(text, max(0, ae.start - 20), ae.start):
            continue
        if holds_not < 0:  # _NEGATED_AFTER matches only where the text (case-insensitively: its fold) holds "not"
            holds_not = 1 if "not" in fastre.fold(text) else 0
        if holds_not and _NEGATED_AFTER.match(text, ae.end):
            continue
        if _CAUSE_BEFORE.search(text[max(0, ae.start - 20):ae.start]) and \
                any(o.end <= ae.start for o in aes if o is not ae):
            continue  # "leukopenia due to myelosuppression": the cause explains the event before it
        if not (ae.grade or ae.n is not None or ae.percent is not None):
            if profile < 0:
                profile = 1 if drug_profile(text) else 0
            if profile:
                continue
        grade = ae.grade
        if not grade:
            if not grades_read:
                grades_read = True
                # one grade in the sentence, claimed by no event of it: "grade 2 ... , and A related to X" shares it
                # (an event with its own grade claims it: then the sentence's grades are not read)
                if not any(x.grade for x in aes):
                    grades = find_grades(text)
                    sentence_grade = grades[0].grade if len({g.value for g in grades}) == 1 else None
            grade = sentence_grade if sentence_grade and grades[0].start < ae.start and ae.n is None \
                and ae.percent is None and ";" not in text[grades[0].end:ae.start] else None
        if cohort:
            # the list is asked of an event without a frequency only (one with a frequency is a study event already)
            if listed < 0 and ae.percent is None and ae.n is None:
                listed = 1 if _reports_events(text) else 0
            event = _study_event(a, ae, listed == 1)
        else:
            event = _case_event(a, ae, grade, tl)
        if not event or _complication(a, ae):
            continue
        reg = regimen_for(tl, a, ae.start) if tl is not None else None
        if tl is not None and reg is None and patient is not None:
            continue
        drug, regimen_name = _ae_drug(a, reg, main_drug, ae.start)
        if cohort:
            # the events of one clause name the same arm: its drugs are read once (a list is copied for each event)
            key = _clause_of_text(text, ae.start)
            if key not in arms:
                arms[key] = _arm_drugs(a, *key)
            arm = arms[key]
            drug = (list(arm) if isinstance(arm, list) else arm) or main_drug()
        n = ae.n
        m = _N_CASES.search(text[max(0, ae.start - 30):ae.start])
        if m and n is None:
            n = numwords.to_int(m.group(1))
        yield Outcome(patient, reg, a, ae.start, ae.end, EventFound(ae.term, grade, n, ae.percent, drug, regimen_name))


# ---------------------------------------------------------------- doses
_ROUTE: Final = r"(?:\s*(?:oral(?:ly)?|intravenous(?:ly)?|i\.?v\.?|p\.?o\.?|intrathecal|subcutaneous|tablets?|capsules?|injection|needle|of))*\s*"
_TRAILING_CYCLE: Final = fastre.compile(r"\b(?:q\s*\d\s*w(?:k|eeks?)?|every\s+(?:\d+|two|three|four)\s+(?:days|weeks)|\d+[- ]day cycles?|"
                                 r"repeated every \d+ days|cycles? (?:of|was|were) \d+ days)\b", re.I)


_ROUTES: Final = (("oral", r"\b(?:oral(?:ly)?|p\.?o\.?|tablets?|capsules?|by mouth)\b"),
           ("intravenous", r"\b(?:intravenous(?:ly)?|i\.?v\.?|infusion|injection|needle|drip)\b"),
           ("intrathecal", r"\bintrathecal(?:ly)?\b"),
           ("subcutaneous", r"\bsubcutaneous(?:ly)?|s\.?c\.?\b"))


_ROUTES_RX: Final = [(name, fastre.compile(rx, re.I)) for name, rx in _ROUTES]


_AMOUNT_OF: Final = fastre.compile(r"\s*(?:\([^()]*\)\s*)?of\s+(?:the\s+)?(?:oral\s+|intravenous\s+)?", re.I)


# between the parts of one dose: "400 mg/m2 as bolus and 600 mg/m2 ...", "8 mg–4 mg, qd", "56.9 mg/44.93 mg, d1-15"
_SPLIT_DOSE: Final = fastre.compile(r"\s*(?:as\s+[^;,()]{0,40}?)?\s*(?:,\s*)?(?:and|followed by|then)\s+|\s*(?:–|-|/|→)\s*", re.I)


# nothing but a list joint between a dose and the next drug: "docetaxel 75 mg/m2 plus either ramucirumab ..."
_LIST_JOIN: Final = fastre.compile(r"[\s,]*(?:plus|and|\+|with)?\s*(?:either\s+)?(?:intravenous\w*|oral\w*|i\.v\.)?\s*", re.I)
_PURE_CYCLE: Final = fastre.compile(r"every \d+ weeks")
_LIST_MARK: Final = re.compile(r"[,;+]|\band\b")
_LIST_PUNCT: Final = re.compile(r"[,;+]")
_HAS_CYCLE: Final = re.compile(r"every|weekly|q\d")
_DAY_PATTERN: Final = re.compile(r"d\d")


def _list_cycle(text: str, amounts: list, i: int, ce: int, sorted_: bool = False) -> str | None:
    """The cycle that closes a list of doses ("... 10 mg/kg on day 1 of 21-day cycles") applies to every dose
    of the list whose own schedule is unstated; a per-day or day-pattern schedule belongs to its own drug."""
    if sorted_:  # the last amount before ce, found by bisection (the same one max() finds in a sorted list)
        k = bisect_left(amounts, ce, lo=i + 1, key=lambda x: x.start)
        while k - 1 > i + 1 and amounts[k - 2].start == amounts[k - 1].start:
            k -= 1  # max() keeps the first of equal keys
        last = amounts[k - 1] if k > i + 1 else None
    else:
        last = max((x for x in amounts[i + 1:] if x.start < ce), key=lambda x: x.start, default=None)
    if last is None:
        return None
    freq = parse_frequency(text[last.end:ce])
    return freq if freq and _PURE_CYCLE.fullmatch(freq) else None


# a character no route word, space or "." is made of: a gap holding one cannot fullmatch _ROUTE
_NOT_ROUTE: Final = re.compile(r"[\d_]|[^\w\s.]")


class _Mentions:
    """The sentence's drugs and amounts, indexed so that each dose asks its questions in log time.

    :func:`doses` asks, per amount, for the drug after it, the drug before it, the next drug and the
    next amount; scanned from the start each time, a long line of "drug 400 mg" cost amounts × drugs
    (a 100 KB line: minutes).  Order-independent questions (a min, an any) use sorted copies; the
    ones that depend on list order (the first drug after, the last one before) use bisection only
    when the list is sorted by start, as the recognisers return it, and scan otherwise.
    """

    def __init__(self, text: str, drugs: list[DrugMention], amounts: list[Amount]) -> None:
        self.text, self.drugs, self.amounts = text, drugs, amounts
        self.drug_starts = sorted(d.start for d in drugs)
        self.drugs_sorted = [d.start for d in drugs] == self.drug_starts
        self.amount_starts = sorted(x.start for x in amounts)
        self.amounts_sorted = [x.start for x in amounts] == self.amount_starts
        by_start = sorted(amounts, key=lambda x: x.start)
        self.min_end_from = [0] * (len(by_start) + 1)  # min end of the amounts starting at or after index k
        self.min_end_from[-1] = 1 << 62
        for k in range(len(by_start) - 1, -1, -1):
            self.min_end_from[k] = min(by_start[k].end, self.min_end_from[k + 1])

    def follow(self, am: Amount) -> DrugMention | None:
        """The first drug at or after the amount's end separated from it by route words only."""
        text = self.text
        if not self.drugs_sorted:
            return next((d for d in self.drugs if d.start >= am.end and re.fullmatch(_ROUTE, text[am.end:d.start], re.I)),
                        None)
        stop = _NOT_ROUTE.search(text, am.end)
        limit = stop.start() if stop else len(text)
        for k in range(bisect_left(self.drug_starts, am.end), len(self.drugs)):
            d = self.drugs[k]
            if d.start > limit:
                break
            if re.fullmatch(_ROUTE, text[am.end:d.start], re.I):
                return d
        return None

    def previous(self, am: Amount) -> DrugMention | None:
        """The last drug (in list order) that ends at or before the amount's start."""
        if not self.drugs_sorted:
            prev = [d for d in self.drugs if d.end <= am.start]
            return prev[-1] if prev else None
        for k in range(bisect_left(self.drug_starts, am.start) - 1, -1, -1):
            if self.drugs[k].end <= am.start:
                return self.drugs[k]
        return None

    def amount_between(self, lo: int, hi: int) -> bool:
        """Whether an amount lies within ``[lo, hi]``."""
        return self.min_end_from[bisect_left(self.amount_starts, lo)] <= hi

    def next_drug_start(self, pos: int) -> int:
        k = bisect_left(self.drug_starts, pos)
        return self.drug_starts[k] if k < len(self.drug_starts) else len(self.text)

    def next_amount_after(self, pos: int) -> int:
        k = bisect_right(self.amount_starts, pos)
        return self.amount_starts[k] if k < len(self.amount_starts) else len(self.text)


def route_of(window: str) -> str | None:
    for name, rx in _ROUTES_RX:
        if rx.search(window):
            return name
    return None


def doses(a: Annotated, regimen_drugs: list[str] | None) -> Iterator[tuple[str, float | int, str, str | None, int, int, str | None]]:
    """Yield ``(drug, amount, unit, frequency, start, end, route)`` for each dose in the sentence."""
    text = a.text
    amounts = a.amounts
    if not amounts or ctx.cited(text) or ctx.hypothetical(text):
        return
    drugs = a.drugs
    index = _Mentions(text, drugs, amounts)
    for i, am in enumerate(amounts):
        if am.unit == "mL":
            continue
        cs, ce = _clause_of(a, am.start)
        if ctx.refused(text[cs:ce]) or ctx.recommended(text[cs:ce]):
            continue
        follow = index.follow(am)
        last = index.previous(am)
        drug = None
        if follow is not None and _AMOUNT_OF.fullmatch(text[am.end:follow.start]):
            drug = follow  # "85 mg/m2 of oxaliplatin"
        elif follow is not None and (last is None or _LIST_MARK.search(text[last.end:am.start])
                                   and index.amount_between(last.end, am.start)
                                   or not index.amount_between(last.end, am.start)
                                   and _LIST_PUNCT.search(text[last.end:am.start])):
            drug = follow
        elif last is not None and (am.start - last.end) < 140:
            drug = last
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
        nxt_drug = index.next_drug_start(am.end)
        stop = min(nxt_amount, nxt_drug if nxt_drug > am.end else len(text), ce if ce > am.end else len(text))
        window = text[am.end:stop]
        if drug is not None and drug.start >= am.end:  # "40 mg drugnib daily": the schedule follows the drug
            nxt = index.next_amount_after(drug.end)
            window = text[drug.end:min(nxt, ce if ce > drug.end else len(text))]
        # a weeks-on/weeks-off schedule may lie past a clause break ("20 mg/d for 3 weeks, followed by 1 week off")
        freq = on_off_schedule(text[am.end:min(nxt_amount, nxt_drug if nxt_drug > am.end else len(text))]) \
            or parse_frequency(("/d " if am.per_day else "") + window)
        if freq is None and i + 1 < len(amounts) and nxt_drug >= amounts[i + 1].start \
                and _SPLIT_DOSE.fullmatch(text[am.end:amounts[i + 1].start]):
            # "200 mg/m2 as bolus and 900 mg/m2 as infusion on day 1": one schedule for both parts
            nxt2 = amounts[i + 2].start if i + 2 < len(amounts) else len(text)
            stop = min(nxt2, nxt_drug if nxt_drug > am.end else len(text), ce if ce > amounts[i + 1].end else len(text))
            freq = parse_frequency(text[amounts[i + 1].end:stop])
        if freq is None and _LIST_JOIN.fullmatch(window):
            freq = _list_cycle(text, amounts, i, ce, index.amounts_sorted)
        if freq and not _HAS_CYCLE.search(freq) and _DAY_PATTERN.match(freq):
            tail = _TRAILING_CYCLE.search(text[stop:ce])
            if tail:
                cyc = parse_frequency(tail.group(0))
                if cyc:
                    freq = f"{freq} {cyc}"
        lo = drug.start if drug is not None and drug.start < am.start else am.start
        route = route_of(text[max(0, lo - 25):am.start] + " " + window)
        for v in am.amounts:
            yield name, v, am.unit, freq, am.start, am.end, route
