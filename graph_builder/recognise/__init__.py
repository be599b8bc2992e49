"""Recognise: every mention of every sentence, in sentence coordinates."""

from __future__ import annotations


from ..lazy import lazy
from ..segment import Segmented, Sentence
from .abbreviations import document_abbreviations
from .adverse import AEMention, document_ae_abbreviations, find_adverse_events
from .drugs import DrugMention, RegimenMention, find_drugs, find_regimens
from .outcomes import Mention, SurvivalMention, find_responses, find_survival
from .quantities import Amount, Span, find_amounts, find_dates
from .targets import TargetMention, find_targets

__all__ = ["Annotated", "annotate"]


class Annotated:
    """A sentence with its mentions (offsets relative to ``sent.text``).

    Each recogniser runs the first time its mentions are asked for, and
    only then: a sentence without a drug never needs its doses parsed,
    and a sentence outside the fact sections needs little beyond its
    drugs and targets.
    """

    def __init__(self, sent: Sentence, abbrev: dict[str, list[str]] | None = None, ae_abbrev: dict | None = None) -> None:
        self.sent = sent
        self._abbrev = abbrev or {}  # the document's own abbreviations (short form -> drugs)
        self._ae_abbrev = ae_abbrev or {}  # the document's own short forms of adverse events (SGR -> entry)
        self.cache: dict = {}  # per-sentence results of the relation stage

    def __repr__(self) -> str:
        return f"Annotated({self.sent.text[:60]!r})"

    @property
    def text(self) -> str:
        return self.sent.text

    @lazy
    def drugs(self) -> list[DrugMention]:
        return find_drugs(self.sent.text, self._abbrev)  # uses the single-drug abbreviations only

    @lazy
    def regimens(self) -> list[RegimenMention]:
        return find_regimens(self.sent.text, self._abbrev)

    @lazy
    def targets(self) -> list[TargetMention]:
        return find_targets(self.sent.text)

    @lazy
    def dates(self) -> list[Span]:
        return find_dates(self.sent.text)

    @lazy
    def amounts(self) -> list[Amount]:
        return find_amounts(self.sent.text)

    @lazy
    def responses(self) -> list[Mention]:
        return find_responses(self.sent.text)

    @lazy
    def survival(self) -> list[SurvivalMention]:
        return find_survival(self.sent.text)

    @lazy
    def aes(self) -> list[AEMention]:
        return find_adverse_events(self.sent.text, self._ae_abbrev)

    @lazy
    def _cancer_drugs(self) -> list[DrugMention]:
        return [d for d in self.drugs if d.role == "antineoplastic" and not d.placebo]

    def cancer_drugs(self) -> list[DrugMention]:
        """Antineoplastic, non-placebo mentions (asked per clause; computed once)."""
        return self._cancer_drugs


def annotate(seg: Segmented) -> tuple[list[Annotated], dict[str, list[str]]]:
    """Every sentence, ready to be asked for its mentions, plus the document's own abbreviation table."""
    abbrev = document_abbreviations(seg.view.text)
    ae_abbrev = document_ae_abbreviations(seg.view.text)
    return [Annotated(s, abbrev, ae_abbrev) for s in seg.sentences], abbrev
