"""The facts of one document as the relation rules find them: duplicates merge their evidence."""

from __future__ import annotations

from typing import Final, TypeVar

from ..models import Dose, Evidence, Fact
from ..recognise import Annotated
from ..segment import Segmented

F = TypeVar("F", bound=Fact)


class Emitter:
    """Collects facts, merging duplicates into one fact with several pieces of evidence.

    A fact's identity is its family's ``identity`` (or an explicit key a
    rule passes when it knows better, e.g. a regimen's place in the
    timeline); a second statement of it adds evidence, not a row.
    """

    def __init__(self, seg: Segmented) -> None:
        self.seg = seg
        self.facts: dict[tuple, Fact] = {}
        self._seen: dict[int, tuple[Fact, int, set[Evidence]]] = {}  # id(fact) -> (fact, len(evidence), set(evidence))
        # dose facts by (patient, drug, amount, unit), in the order found: add_dose looks its peers up here
        # instead of scanning every fact (a document with thousands of doses was quadratic)
        self._doses: dict[tuple, list[Dose]] = {}
        self._evidence: dict[tuple, Evidence] = {}  # (sentence span, section, extractor, confidence) -> its evidence

    def _cites(self, fact: Fact, ev: Evidence) -> bool:
        """``ev in fact.evidence`` in constant time.

        A fact stated in every one of 30,000 paragraphs gathers 30,000 pieces
        of evidence; testing each new one against the list made the document
        quadratic.  The set is rebuilt whenever the list's length is not the
        one last seen (another rule appended to it), so it always agrees.
        """
        rec = self._seen.get(id(fact))
        if rec is None or rec[0] is not fact or rec[1] != len(fact.evidence):
            rec = (fact, len(fact.evidence), set(fact.evidence))
            self._seen[id(fact)] = rec
        return ev in rec[2]

    def cite(self, fact: Fact, ev: Evidence) -> None:
        """Add ``ev`` to a fact already emitted, unless it cites it already (constant time)."""
        if not self._cites(fact, ev):
            fact.evidence.append(ev)
            _, n, seen = self._seen[id(fact)]
            seen.add(ev)
            self._seen[id(fact)] = (fact, n + 1, seen)

    def evidence(self, a: Annotated, extractor: str = "", confidence: float = 0.8) -> Evidence:
        """The whole sentence as evidence: the span a reader needs to judge the fact.

        Made once per sentence, extractor and confidence (evidence is immutable): a sentence that
        states several facts is cited by each of them.
        """
        key = (a.sent.start, a.sent.end, a.sent.section, extractor, confidence)
        ev = self._evidence.get(key)
        if ev is None:
            view = self.seg.view
            s, e = view.span(a.sent.start, a.sent.end)
            ev = self._evidence[key] = Evidence(
                doc=self.seg.doc_id, start=view.origin + s, end=view.origin + e, text=view.source[s:e],
                section=a.sent.section, extractor=extractor, confidence=confidence, page=view.page_of_source(s))
        return ev

    def add(self, fact: Fact, ev: Evidence, key: tuple | None = None) -> None:
        k = (fact.view, key if key is not None else fact.key())
        if k in self.facts:
            self.cite(self.facts[k], ev)
            return
        fact.evidence.append(ev)
        self.facts[k] = fact
        if isinstance(fact, Dose):
            self._doses.setdefault(_dose_key(fact), []).append(fact)

    def add_dose(self, dose: Dose, ev: Evidence) -> None:
        """One dose per (patient, drug, amount, unit), unless the text gives two different schedules."""
        same = list(self._doses.get(_dose_key(dose), ()))
        if same and (dose.frequency is None or any(f.frequency is None or _related(f.frequency, dose.frequency) for f in same)):
            for f in same:
                if f.frequency is None and dose.frequency:
                    f.frequency = dose.frequency
                self.cite(f, ev)
            return
        self.add(dose, ev)

    def of_view(self, view: str) -> list[tuple[tuple, Fact]]:
        """The (key, fact) pairs of one family, in the order they were found."""
        return [(k, f) for k, f in self.facts.items() if k[0] == view]

    def of_family(self, cls: type[F]) -> list[tuple[tuple, F]]:
        """``of_view(cls.view)``, typed: every fact of a family is of its class (the view names one class)."""
        view = cls.view
        return [(k, f) for k, f in self.facts.items() if k[0] == view and isinstance(f, cls)]

    def drop_view(self, view: str) -> None:
        """Forget every fact of a family (its rule failed half-way: no partial family is kept)."""
        for k in [k for k in self.facts if k[0] == view]:
            del self.facts[k]
        if view == "doses":
            self._doses.clear()


def _dose_key(d: Dose) -> tuple:
    return (d.patient, d.drug, d.amount, d.unit)


def _related(a: str, b: str) -> bool:
    """Two ways of writing one schedule ("d1,8" / "d1") vs. two doses (10 mg twice daily, later 10 mg daily)."""
    def per_day(f: str) -> str:
        return "twice" if "twice" in f else "daily" if "daily" in f else "other"
    return per_day(a) == per_day(b)
