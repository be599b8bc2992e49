"""drug_targets: "X, an inhibitor of Y" in the introduction, abstract or discussion — of any kind of document."""

from __future__ import annotations

from ...models import DrugTarget
from ..document import DocumentContext
from ..drug_targets import find_drug_targets
from ..emitter import Emitter
from ..registry import register


def drug_targets(doc: DocumentContext, em: Emitter) -> None:
    for drug, target, hgnc, a in find_drug_targets(doc.target_sentences):
        drug_id = next((i for d in a.drugs if d.name == drug for k, i in d.ids if k == "drugbank"), None)
        em.add(DrugTarget(doc=doc.doc_id, drug=drug, target=target, drug_id=drug_id, target_id=hgnc),
               em.evidence(a, extractor="drug_targets"))


register("drug_targets", cases=drug_targets, study=drug_targets)
