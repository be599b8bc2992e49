"""patients: age, sex and diagnosis of each patient of a case report or series (a study has no patient rows)."""

from __future__ import annotations

from ...models import Patient
from ..document import DocumentContext
from ..emitter import Emitter
from ..patients import demographics
from ..registry import register


def patients(doc: DocumentContext, em: Emitter) -> None:
    for case in doc.patients:
        age, sex, diagnosis, told = demographics(case.stream)
        if told is not None or case.body:  # a patient with a narrative is a row even when nothing about them is stated
            em.add(Patient(doc=doc.doc_id, patient=case.number, age=age, sex=sex, diagnosis=diagnosis),
                   em.evidence(told or case.body[0], extractor="patients"))


register("patients", cases=patients)
