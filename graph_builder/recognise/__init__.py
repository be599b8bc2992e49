"""Recognise: every mention of every sentence, in sentence coordinates."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..segment import Segmented, Sentence
from .abbreviations import document_abbreviations
from .adverse import AEMention, find_adverse_events
from .drugs import DrugMention, RegimenMention, find_drugs, find_regimens
from .outcomes import Mention, SurvivalMention, find_responses, find_survival
from .quantities import Amount, Span, find_amounts, find_dates
from .targets import TargetMention, find_targets

__all__ = ["Annotated", "annotate"]


@dataclass
class Annotated:
    """A sentence with its mentions (offsets relative to ``sent.text``)."""

    sent: Sentence
    drugs: list[DrugMention] = field(default_factory=list)
    regimens: list[RegimenMention] = field(default_factory=list)
    targets: list[TargetMention] = field(default_factory=list)
    dates: list[Span] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    responses: list[Mention] = field(default_factory=list)
    survival: list[SurvivalMention] = field(default_factory=list)
    aes: list[AEMention] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False)  # per-sentence results of the relation stage

    @property
    def text(self) -> str:
        return self.sent.text

    def cancer_drugs(self) -> list[DrugMention]:
        """Antineoplastic, non-placebo mentions (asked per clause; computed once)."""
        if "cancer_drugs" not in self.cache:
            self.cache["cancer_drugs"] = [d for d in self.drugs if d.role == "antineoplastic" and not d.placebo]
        return self.cache["cancer_drugs"]


def annotate(seg: Segmented) -> tuple[list[Annotated], dict[str, list[str]]]:
    """Mentions for every sentence, plus the document's own abbreviation table."""
    abbrev = document_abbreviations(seg.view.text)
    single = {k: v for k, v in abbrev.items() if len(v) == 1}
    out = []
    for s in seg.sentences:
        t = s.text
        a = Annotated(s)
        a.drugs = find_drugs(t, single)
        a.regimens = find_regimens(t, abbrev)
        a.targets = find_targets(t)
        a.dates = find_dates(t)
        a.amounts = find_amounts(t)
        a.responses = find_responses(t)
        a.survival = find_survival(t)
        a.aes = find_adverse_events(t)
        out.append(a)
    return out, abbrev
