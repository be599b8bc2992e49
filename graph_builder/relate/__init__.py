"""RELATE: turn one recognised document's mentions into facts with evidence.

Each fact family has one relation rule (``relate/rules/<view>.py``,
registered in :mod:`.registry`); the rules share what one document's
sentences say about its patients or its study through
:class:`~.document.DocumentContext`, computed once and only when asked.
"""

from __future__ import annotations

from ..models import VIEWS, Fact
from ..recognise import Recognised
from . import rules  # noqa: F401 - importing the package registers every family's rule
from .document import DocumentContext
from .emitter import Emitter
from .registry import RULES, Rule

__all__ = ["RULES", "Rule", "relate"]


def relate(rec: Recognised, warnings: list[str] | None = None) -> list[Fact]:
    """All facts of one document, family by family in the order of ``models.VIEWS``.

    Each family's rule runs on its own: a failure in one (reported in
    ``warnings``, its partial facts dropped) must not cost the document
    the facts of the others.  Without ``warnings`` a failure is raised.
    """
    doc = DocumentContext(rec)
    em = Emitter(rec.seg)
    try:
        for view in VIEWS:
            rule = RULES.get(view)
            run = rule.for_document(doc) if rule is not None else None
            if run is None:
                continue
            try:
                run(doc, em)
            except Exception as e:  # noqa: BLE001 - contain one relation family's failure
                if warnings is None:
                    raise
                em.drop_view(view)
                warnings.append(f"{view}: {type(e).__name__}: {e}")
    finally:
        doc.release()
    return list(em.facts.values())
