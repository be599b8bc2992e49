"""adverse_events: events with grade and frequency, blamed on the drug (or regimen) the text ties them to."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, cast

from ... import fastre
from ...models import AdverseEvent, DrugRef
from ... import vocabulary as vocab
from ...recognise.quantities import find_grades
from ...segment import ALL
from .. import attach
from ..ae_tables import table_cells
from ..document import DocumentContext
from ..emitter import Emitter
from ..registry import register

VIEW: Final = "adverse_events"


def case_events(doc: DocumentContext, em: Emitter) -> None:
    for case in doc.patients:
        for a in case.stream:
            if a.sent.patient == ALL:
                continue  # "all patients ..." in a series: told below, once, of no one patient
            for o in attach.adverse_events(a, case.number, case.timeline, doc.main_drug):
                e = o.found
                em.add(AdverseEvent(doc=doc.doc_id, patient=case.number, drug=e.drug, regimen=e.regimen, event=e.event,
                                    grade=e.grade, n=e.n, percent=e.percent),
                       em.evidence(a, extractor="adverse_events"))
    # sentences about no particular patient: events of the study drug ("Two patients developed ...")
    for a in doc.unassigned:
        for o in attach.adverse_events(a, None, None, doc.main_drug):
            e = o.found
            em.add(AdverseEvent(doc=doc.doc_id, patient=None, drug=e.drug, event=e.event, grade=e.grade, n=e.n,
                                percent=e.percent), em.evidence(a, extractor="adverse_events"))
    _drop_ungraded_duplicates(em)


def study_events(doc: DocumentContext, em: Emitter) -> None:
    study = doc.study
    for a in doc.facts:
        if a.sent.table:
            continue
        every = -1  # whether the sentence tells of every arm: asked once, of the first event of the study drug
        for o in attach.adverse_events(a, None, None, doc.main_drug, cohort=True):
            e = o.found
            main = doc.main  # (asked once there is an event: the same answer as before the loop, computed once)
            # an event "in both arms" of the study drug is each arm's
            if every < 0 and e.drug == main:
                every = 1 if attach.every_arm(a.text) else 0
            arm_drugs = attach.arm_drugs([r.drugs for r in study.regimens]) if e.drug == main and every == 1 else []
            blamed: Sequence[DrugRef] = arm_drugs or [e.drug]
            for drug in blamed:
                em.add(AdverseEvent(doc=doc.doc_id, patient=None, drug=drug, event=e.event, grade=e.grade, n=e.n,
                                    percent=e.percent), em.evidence(a, extractor="adverse_events"),
                       key=("ae", drug if drug == main else str(drug), e.event, e.grade))
    _tables(doc, em)
    _drop_ungraded_duplicates(em, study=True)


def _ae_group(event: str) -> str:
    """The event's vocabulary group: "renal toxicity" and "nephrotoxicity" are one event told twice."""
    e = vocab.adverse_events().lookup(event)
    return (e.get("group") or e.name) if e is not None else event


def _drop_ungraded_duplicates(em: Emitter, study: bool = False) -> None:
    """In case reports, "mild hypertension" adds nothing when "grade 1-2 hypertension" is also stated.

    Wordings of one group count as one event: the graded one, else the more specific
    ("peripheral neuropathy" over "neuropathy"), else the first told.  In a ``study`` an
    event with its own frequency is a separate row (any grade 30%, grade 3 5%).
    """
    # each fact's fields read once (nothing here changes a fact; only em.facts loses some)
    facts = em.of_family(AdverseEvent)
    if len(facts) < 2:
        return  # one fact is neither another's duplicate nor more specific than another: nothing to drop
    # A study's event with its own frequency is passed over, save when a more specific wording of its
    # group drops its own wording (the last loop): its group is looked up there, when asked (None here).
    aes: list[tuple[tuple, str, str, str | None, int | None, str | None, bool]] = []
    for k, f in facts:
        counted = f.n is not None or f.percent is not None
        aes.append((k, f.event, str(f.drug), f.grade, f.patient, None if study and counted else _ae_group(f.event), counted))
    graded = {(drug, g) for _, _, drug, grade, _, g, counted in aes if grade and not (study and counted)}
    per_patient = {(drug, event, grade) for _, event, drug, grade, patient, _, _ in aes if patient is not None}
    kept: dict[tuple, str] = {}
    for k, event, drug, grade, patient, g, counted in aes:
        if study and counted:
            continue
        if (not grade and (drug, g) in graded) or (patient is None and (drug, event, grade) in per_patient):
            del em.facts[k]
            continue
        if counted:
            continue
        same = (patient, drug, grade, g)
        if same not in kept:
            kept[same] = event
        elif event != kept[same]:
            loser = kept[same] if kept[same] in event else event  # the more specific wording wins, else the first
            kept[same] = event if loser != event else kept[same]
            for k2, event2, drug2, grade2, patient2, g2, _ in aes:
                if k2 in em.facts and event2 == loser and (patient2, drug2, grade2) == same[:3] \
                        and (g2 if g2 is not None else _ae_group(event2)) == g:
                    del em.facts[k2]


_GRADE_HEADER: Final = fastre.compile(r"grade|any|all", re.I)
_COUNT_CELL: Final = fastre.compile(r"\d+\s*\(")
_COUNT_PERCENT: Final = fastre.compile(r"\s*(\d+)\s*\(\s*(\d+(?:\.\d+)?)\s*%?\s*\)")


def _tables(doc: DocumentContext, em: Emitter) -> None:
    """Adverse-event tables: a header row of grade bands, then "Event<TAB>n (%)<TAB>n (%)" rows."""
    header: list[str | None] | None = None
    for a in doc.facts:
        if not a.sent.table:
            header = None
            continue
        cells = table_cells(a.text)
        if len(cells) >= 2 and any(_GRADE_HEADER.search(c) for c in cells[1:]) and not _COUNT_CELL.search(a.text):
            header = []
            for c in cells[1:]:
                gs = find_grades(c)
                header.append(gs[0].grade if gs else None)
            continue
        if header is None:
            continue
        e = vocab.adverse_events().lookup(cells[0].strip())
        if e is None:
            continue
        for g, cell in zip(header, cells[1:]):
            m = _COUNT_PERCENT.match(cell)
            if not m or int(m.group(1)) == 0:
                continue
            main = doc.main  # (asked only for a row it is given to)
            ae = AdverseEvent(doc=doc.doc_id, patient=None, drug=main, event=e.name, grade=g, n=int(m.group(1)),
                              percent=float(m.group(2)))
            key = ("ae", main, e.name, g)
            if (VIEW, key) in em.facts:  # the table is the fuller statement of the same fact
                old = cast(AdverseEvent, em.facts[(VIEW, key)])  # the view's facts are AdverseEvents
                old.n = old.n if old.n is not None else ae.n
            em.add(ae, em.evidence(a, extractor="ae_table"), key=key)


register(VIEW, cases=case_events, study=study_events)
