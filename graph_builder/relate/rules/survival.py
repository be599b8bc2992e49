"""survival: a patient's own survival or time to an event ("alive 14 months after starting X")."""

from __future__ import annotations

from ...models import Survival
from .. import attach
from ..document import DocumentContext
from ..emitter import Emitter
from ..registry import register


def survival(doc: DocumentContext, em: Emitter) -> None:
    for case in doc.patients:
        for a in case.stream:
            for o in attach.survival(a, case.number, case.timeline):
                s, reg = o.found, o.regimen
                em.add(Survival(doc=doc.doc_id, patient=case.number, drugs=(reg.drugs or None) if reg else None,
                                endpoint=s.endpoint, value=s.value, unit=s.unit, qualifier=s.qualifier),
                       em.evidence(a, extractor="survival"))


register("survival", cases=survival)
