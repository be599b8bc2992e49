"""Recognise: every mention of every sentence, in sentence coordinates."""

from __future__ import annotations

from dataclasses import dataclass

from ..segment import Segmented, Sentence
from .abbreviations import document_abbreviations
from .adverse import AEMention, document_ae_abbreviations, find_adverse_events
from .drugs import DrugMention, RegimenMention, find_drugs, find_regimens
from .outcomes import Mention, SurvivalMention, find_responses, find_survival
from .quantities import Amount, Span, find_amounts, find_dates
from .targets import TargetMention, find_targets

__all__ = ["Annotated", "Recognised", "annotate", "recognise"]


class Annotated:
    """A sentence with its mentions (offsets relative to ``sent.text``).

    Each recogniser runs the first time its mentions are asked for, and
    only then: a sentence without a drug never needs its doses parsed,
    and a sentence outside the fact sections needs little beyond its
    drugs and targets.  Each result is kept in its own slot (None until
    computed): relation rules read them thousands of times per document,
    and a slot is read in one step where an attribute kept in an instance
    dictionary is looked up by name (under mypyc, a native class).
    """

    def __init__(self, sent: Sentence, abbrev: dict[str, list[str]] | None = None, ae_abbrev: dict | None = None) -> None:
        self.sent = sent
        self._abbrev = abbrev or {}  # the document's own abbreviations (short form -> drugs)
        self._ae_abbrev = ae_abbrev or {}  # the document's own short forms of adverse events (SGR -> entry)
        # Later stages' results for this sentence (relate's clauses), computed once: kept on the
        # sentence so that they go when it does.
        self.memo: dict[str, object] = {}
        self._drugs: list[DrugMention] | None = None
        self._regimens: list[RegimenMention] | None = None
        self._targets: list[TargetMention] | None = None
        self._dates: list[Span] | None = None
        self._amounts: list[Amount] | None = None
        self._responses: list[Mention] | None = None
        self._survival: list[SurvivalMention] | None = None
        self._aes: list[AEMention] | None = None
        self._cancer: list[DrugMention] | None = None

    def __repr__(self) -> str:
        return f"Annotated({self.sent.text[:60]!r})"

    @property
    def text(self) -> str:
        return self.sent.text

    @property
    def drugs(self) -> list[DrugMention]:
        found = self._drugs
        if found is None:
            found = self._drugs = find_drugs(self.sent.text, self._abbrev)  # uses the single-drug abbreviations only
        return found

    @property
    def regimens(self) -> list[RegimenMention]:
        found = self._regimens
        if found is None:
            found = self._regimens = find_regimens(self.sent.text, self._abbrev)
        return found

    @property
    def targets(self) -> list[TargetMention]:
        found = self._targets
        if found is None:
            found = self._targets = find_targets(self.sent.text)
        return found

    @property
    def dates(self) -> list[Span]:
        found = self._dates
        if found is None:
            found = self._dates = find_dates(self.sent.text)
        return found

    @property
    def amounts(self) -> list[Amount]:
        found = self._amounts
        if found is None:
            found = self._amounts = find_amounts(self.sent.text)
        return found

    @property
    def responses(self) -> list[Mention]:
        found = self._responses
        if found is None:
            found = self._responses = find_responses(self.sent.text)
        return found

    @property
    def survival(self) -> list[SurvivalMention]:
        found = self._survival
        if found is None:
            found = self._survival = find_survival(self.sent.text)
        return found

    @property
    def aes(self) -> list[AEMention]:
        found = self._aes
        if found is None:
            found = self._aes = find_adverse_events(self.sent.text, self._ae_abbrev)
        return found

    def cancer_drugs(self) -> list[DrugMention]:
        """Antineoplastic, non-placebo mentions (asked per clause; computed once)."""
        found = self._cancer
        if found is None:
            found = self._cancer = [d for d in self.drugs if d.role == "antineoplastic" and not d.placebo]
        return found


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
