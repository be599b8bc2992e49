"""treatments: each patient's regimens in the order given (a case), or the regimen of each study arm."""

from __future__ import annotations

from ...models import Treatment
from ..document import DocumentContext
from ..emitter import Emitter
from ..registry import register


def case_treatments(doc: DocumentContext, em: Emitter) -> None:
    for case in doc.patients:
        for r in case.timeline.regimens:
            a, _, _ = r.evidence[0]
            # keyed by the regimen's place in the timeline: the same drugs given twice are two lines
            em.add(Treatment(doc=doc.doc_id, patient=case.number, drugs=r.drugs, regimen=r.name, start=r.start,
                             end=r.end, line=r.line),
                   em.evidence(a, extractor="timeline"), key=("t", case.number, r.rid))


def study_treatments(doc: DocumentContext, em: Emitter) -> None:
    study = doc.study
    for r in study.regimens:
        em.add(Treatment(doc=doc.doc_id, patient=None, drugs=r.drugs, line=None if r.maintenance else study.line),
               em.evidence(r.sentence, extractor="cohort_treatments"), key=("t", tuple(r.drugs)))


register("treatments", cases=case_treatments, study=study_treatments)
