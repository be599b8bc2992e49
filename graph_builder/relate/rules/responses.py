"""responses: a patient's response (CR, PR, SD, PD) to the regimen the sentence is about."""

from __future__ import annotations

from ...models import Response
from .. import attach
from ..document import DocumentContext
from ..emitter import Emitter
from ..registry import register


def responses(doc: DocumentContext, em: Emitter) -> None:
    for case in doc.patients:
        tl = case.timeline
        given: set[tuple[int, str]] = set()
        for a in case.body:
            for o in attach.responses(a, case.number, tl):
                reg, response = o.regimen, o.found.response
                assert reg is not None  # attach.responses yields only outcomes with a regimen
                if attach.continues_response(tl, reg, response, given, a):
                    continue  # maintenance that keeps an earlier response is not a new one
                given.add((reg.rid, response))
                em.add(Response(doc=doc.doc_id, patient=case.number, drugs=reg.drugs, regimen=reg.name, response=response),
                       em.evidence(a, extractor="responses", confidence=o.confidence))


register("responses", cases=responses)
