"""Recognise: every mention of every sentence, in sentence coordinates."""

from __future__ import annotations

from dataclasses import dataclass

from mypy_extensions import mypyc_attr

from ..lazy import lazy
from ..segment import Segmented, Sentence
from .abbreviations import document_abbreviations
from .adverse import AEMention, document_ae_abbreviations, find_adverse_events
from .drugs import DrugMention, RegimenMention, find_drugs, find_regimens
from .outcomes import Mention, SurvivalMention, find_responses, find_survival
from .quantities import Amount, Span, find_amounts, find_dates
from .targets import TargetMention, find_targets

__all__ = ["Annotated", "Recognised", "annotate", "recognise"]


# mypyc: a Python class (its lazy attributes live in the instance __dict__)
@mypyc_attr(native_class=False)
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
        # Later stages' results for this sentence (relate's clauses), computed once: kept on the
        # sentence so that they go when it does.
        self.memo: dict[str, object] = {}

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


@dataclass
class Recognised:
    """RECOGNISE's output: the segmented document, each sentence ready to be asked for its mentions.

    ``abbreviations`` is the document's own table of short forms that
    name drugs ("GP" for gemcitabine plus cisplatin): sentences use its
    one-drug entries; relate looks up a cohort's arm labels in it.
    """

    seg: Segmented
    sentences: list[Annotated]
    abbreviations: dict[str, list[str]]


def recognise(seg: Segmented) -> Recognised:
    """Every sentence with its recognisers, and the document's abbreviation tables (read once per document)."""
    abbrev = document_abbreviations(seg.view.text)
    ae_abbrev = document_ae_abbreviations(seg.view.text)
    return Recognised(seg, [Annotated(s, abbrev, ae_abbrev) for s in seg.sentences], abbrev)


def annotate(seg: Segmented) -> tuple[list[Annotated], dict[str, list[str]]]:
    """The sentences and abbreviation table of :func:`recognise`, as a pair (for callers that want only those)."""
    rec = recognise(seg)
    return rec.sentences, rec.abbreviations
