"""One relation rule per fact family, registered under the family's view.

A rule says how its family's facts are found in a case narrative
(``cases``) and in a study (``study``); a family absent from one kind of
document leaves that side ``None``.  :func:`~graph_builder.relate.relate`
runs the registered rules in the order of ``models.VIEWS``, each on its
own: a rule that fails loses its own family, never another's.
``tests/test_families.py`` fails when a family of ``models.FACT_TYPES``
has no rule here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from .document import DocumentContext
from .emitter import Emitter

Run = Callable[[DocumentContext, Emitter], None]


@dataclass(frozen=True)
class Rule:
    view: str
    cases: Run | None = None
    study: Run | None = None

    def for_document(self, doc: DocumentContext) -> Run | None:
        return self.study if doc.is_study else self.cases


RULES: Final[dict[str, Rule]] = {}


def register(view: str, *, cases: Run | None = None, study: Run | None = None) -> Rule:
    """Register the relation rule of ``view`` (one per family: a second registration is a mistake)."""
    if view in RULES:
        raise ValueError(f"a relation rule for {view!r} is already registered")
    if cases is None and study is None:
        raise ValueError(f"the relation rule for {view!r} finds nothing in any kind of document")
    RULES[view] = Rule(view, cases, study)
    return RULES[view]
