"""doses: amounts with units tied to the drug they dose (and the regimen the sentence is about)."""

from __future__ import annotations

from ...models import Dose
from ...recognise import Annotated
from .. import attach
from ..document import DocumentContext
from ..emitter import Emitter
from ..registry import register


def _emit(doc: DocumentContext, em: Emitter, a: Annotated, patient: int | None, regimen_drugs: list[str] | None) -> None:
    for drug, amount, unit, freq, _, _, route in attach.doses(a, regimen_drugs):
        em.add_dose(Dose(doc=doc.doc_id, patient=patient, drug=drug, amount=amount, unit=unit, frequency=freq, route=route),
                    em.evidence(a, extractor="doses"))


def case_doses(doc: DocumentContext, em: Emitter) -> None:
    for case in doc.patients:
        for a in case.stream:
            if not a.amounts:  # no amount, no dose: spare the regimen lookup
                continue
            reg = attach.regimen_for(case.timeline, a, 0)
            _emit(doc, em, a, case.number, reg.drugs if reg else None)


def study_doses(doc: DocumentContext, em: Emitter) -> None:
    regimens = doc.study.regimens
    # a single-drug study doses that drug when the sentence names none; with no regimen, the sentence's own drugs
    single = regimens[0].drugs if regimens and len(regimens[0].drugs) == 1 else None
    for a in doc.facts:
        if a.sent.table or not a.amounts:
            continue
        _emit(doc, em, a, None, single)


register("doses", cases=case_doses, study=study_doses)
