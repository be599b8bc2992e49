"""What the relation rules of one document share: computed once, and only when a rule asks for it.

A case report's rules share each patient's sentences and timeline (the
regimens in order, which responses, survival, adverse events and doses
attach to); a study's rules share its design (the regimens of its arms,
its line, its arm sizes).  Each piece is computed on first access, so a rule
that fails while computing one costs only its own family.  (Each piece is a property over
its own slot, None until computed, or with a flag where None is an answer: the rules read
them many times per document, and under mypyc a slot of a native class is read directly.)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from typing import Final

from .. import fastre
from ..recognise import Annotated, Recognised
from ..recognise import context as ctx
from ..recognise.abbreviations import document_abbreviations
from ..recognise.drugs import find_drugs
from ..segment import ALL, FACT_SECTIONS, TARGET_SECTIONS, Segmented
from . import clauses as cl
from .arms import arms as study_arms
from .arms import is_maintenance, study_line
from .cohort import defined_measures, normalise
from .cohort_labels import Arms, arm_sizes, cohort_size
from .timeline import Timeline, build_timeline

_GIVEN: Final = fastre.compile(r"\b(?:received|treated|consisted|dose)\b")


class PatientCase:
    """One patient of a case report or series: the sentences about them and their treatment timeline."""

    def __init__(self, seg: Segmented, number: int, sentences: list[Annotated]) -> None:
        self.number = number
        # sentences about this patient, or about every patient of a series
        self.stream = [a for a in sentences if a.sent.patient in (number, ALL)]
        # the narrative: when the case section tells the treatment, the abstract's summary of it is left out
        told = any(a.sent.section == "case" and a.sent.patient == number and a.cancer_drugs() and not _repeats_title(seg, a)
                   for a in self.stream)
        self.body = [a for a in self.stream if not told or a.sent.section not in ("abstract", "body")]
        self._timeline: Timeline | None = None

    @property
    def timeline(self) -> Timeline:
        found = self._timeline
        if found is None:
            found = self._timeline = build_timeline(self.number, self.body)
        return found


def _repeats_title(seg: Segmented, a: Annotated) -> bool:
    """A page that prints the title again under a "Case report" heading: the copy is not the case narrative."""
    first = seg.sentences[0].text if seg.sentences else ""
    return len(first) >= 30 and a.sent.idx > 0 and a.text.startswith(first.rstrip(". "))


@dataclass
class StudyRegimen:
    drugs: list[str]
    sentence: Annotated
    maintenance: bool = False  # a maintenance phase is not the study's numbered line


class Study:
    """A cohort study's design, read from its fact sentences."""

    def __init__(self, doc: DocumentContext) -> None:
        self.doc = doc
        self._regimens: list[StudyRegimen] | None = None
        self._line: int | None = None
        self._line_known = False
        self._text: str | None = None
        self._size: int | None = None
        self._size_known = False
        self._arms: Arms | None = None
        self._aliases: dict[str, str] | None = None
        self._label_abbreviations: dict[str, list[str]] | None = None
        self._drug: str | list[str] | None = None
        self._drug_known = False

    @property
    def regimens(self) -> list[StudyRegimen]:
        """One regimen per arm the text says was given ("randomised to A or B"), else the main drug."""
        found = self._regimens
        if found is None:
            found = self._regimens = self._read_regimens()
        return found

    def _read_regimens(self) -> list[StudyRegimen]:
        out: list[StudyRegimen] = []
        for a in self.doc.facts:
            if not a.cancer_drugs() and not a.regimens:
                continue  # no clause of it names a drug (a clause's drugs are its cancer drugs, steroids listed with them
                # and its regimens' drugs): its clauses need not be made
            for c in cl.clauses(a):
                if c.drugs and c.admin and not c.blocked and (c.strong or _GIVEN.search(a.text)) \
                        and not ctx.historical(c.text):  # the population's earlier therapies are no study arm
                    for arm in study_arms(c):
                        if arm not in [r.drugs for r in out]:
                            out.append(StudyRegimen(arm, a, is_maintenance(c)))
        main = self.doc.main if not out else None  # (asked only where it is used: finding it reads the opening for drugs)
        if not out and main:
            first = next((a for a in self.doc.facts if main in {d.name for d in a.cancer_drugs()}), None)
            if first is not None:
                out.append(StudyRegimen([main], first))
        return out

    @property
    def line(self) -> int | None:
        if not self._line_known:
            self._line, self._line_known = study_line(self.doc.facts), True
        return self._line

    @property
    def text(self) -> str:
        """The document's text normalised for the cohort grammar (one form of dashes, spaces and symbols)."""
        found = self._text
        if found is None:
            found = self._text = normalise(self.doc.seg.view.text)
        return found

    @property
    def size(self) -> int | None:
        if not self._size_known:
            self._size, self._size_known = cohort_size(self.text), True
        return self._size

    @property
    def arms(self) -> Arms:
        found = self._arms
        if found is None:
            found = self._arms = Arms(sizes=arm_sizes(self.text), total=self.size)
        return found

    @property
    def measure_aliases(self) -> dict[str, str]:
        """Endpoints the document names with its own abbreviations."""
        found = self._aliases
        if found is None:
            found = self._aliases = defined_measures(self.text)
        return found

    @property
    def label_abbreviations(self) -> dict[str, list[str]]:
        """The acronyms an arm label may use ("the GP arm"), from the normalised text.

        The recognised document's own table when normalising changed nothing (the usual case): the
        same text gives the same table, and reading the document for it again cost ~1% of extraction.
        """
        found = self._label_abbreviations
        if found is None:
            text = self.text
            found = self._label_abbreviations = (self.doc.rec.abbreviations if text is self.doc.seg.view.text
                                                 else document_abbreviations(text))
        return found

    @property
    def drug(self) -> str | list[str] | None:
        """The study's regimen: the one regimen containing the main drug when it is a combination, else the main drug."""
        if not self._drug_known:
            main = self.doc.main
            with_main = [r.drugs for r in self.regimens if main in r.drugs]
            self._drug = with_main[0] if len(with_main) == 1 and len(with_main[0]) > 1 else main
            self._drug_known = True
        return self._drug


class DocumentContext:
    """One recognised document as the relation rules see it."""

    def __init__(self, rec: Recognised) -> None:
        self.rec = rec
        self.seg = rec.seg
        self.doc_id = rec.seg.doc_id
        self.kind = rec.seg.kind
        self.sentences = rec.sentences
        self.facts = [a for a in rec.sentences if a.sent.section in FACT_SECTIONS]
        self._targets: list[Annotated] | None = None
        self._main: str | None = None
        self._main_known = False
        self._patients: list[PatientCase] | None = None
        self._unassigned: list[Annotated] | None = None
        self._study: Study | None = None

    @property
    def is_study(self) -> bool:
        return self.kind == "cohort"

    @property
    def target_sentences(self) -> list[Annotated]:
        found = self._targets
        if found is None:
            found = self._targets = [a for a in self.sentences if a.sent.section in TARGET_SECTIONS]
        return found

    @property
    def main(self) -> str | None:
        """The study drug: first named in the title/opening, else the most mentioned in the abstract, else anywhere."""
        if not self._main_known:
            self._main, self._main_known = self._read_main(), True
        return self._main

    def main_drug(self) -> str | None:
        """``main``, as a callable for code that asks for it only when it needs it."""
        return self.main

    def _read_main(self) -> str | None:
        opening = [d for d in find_drugs(self.seg.view.text[:600]) if d.role == "antineoplastic"]
        if opening:
            return opening[0].name
        for sections in (("abstract",), tuple(FACT_SECTIONS)):
            counts: Counter[str] = Counter(d.name for a in self.sentences if a.sent.section in sections
                                           for d in a.cancer_drugs())
            if counts:
                return counts.most_common(1)[0][0]
        return None

    @property
    def patients(self) -> list[PatientCase]:
        found = self._patients
        if found is None:
            found = self._patients = [PatientCase(self.seg, p, self.facts) for p in self.seg.patients]
        return found

    @property
    def unassigned(self) -> list[Annotated]:
        """Fact sentences about no particular patient ("Two patients developed ..." in a series)."""
        found = self._unassigned
        if found is None:
            found = self._unassigned = [a for a in self.facts if a.sent.patient in (None, ALL)]
        return found

    @property
    def study(self) -> Study:
        found = self._study
        if found is None:
            found = self._study = Study(self)
        return found

    def release(self) -> None:
        """Drop what refers back to what holds it, once the rules are done: the study (it holds this document) and
        each sentence's memo (its clauses hold the sentence).  Without these cycles the document's sentences,
        clauses and mentions are freed at once by their reference counts, not left for the cyclic garbage
        collector, which the pipeline pauses while a document is extracted and which then had to walk them.
        Measured with the per-document fixed costs trimmed in the same session, the compiled form, alternated
        builds: dev2 0.487 -> 0.541 of spaCy's words per second (medians of three runs), the CPU per abstract
        steadier too (1.40-1.58 -> 1.35-1.36 ms), with only 3.3% fewer instructions (callgrind): most of the gain
        is in how memory is used and reused, not in work left out (not split further)."""
        self._study = None
        for a in self.sentences:
            a.memo.clear()
