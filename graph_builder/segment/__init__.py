"""Segment a cleaned document: sections, paragraphs, sentences, patients."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..read import SourceDocument
from ..read.textview import TextView
from .kind import announces_case, document_kind
from .patients import ALL, label_at_start, mentions_all, numbered_patients
from .sections import FACT_SECTIONS, TARGET_SECTIONS, Block, split_blocks
from .sentences import cut_long, split_sentences

__all__ = ["ALL", "FACT_SECTIONS", "TARGET_SECTIONS", "Sentence", "Segmented", "segment"]


@dataclass
class Sentence:
    """One sentence, in clean-text coordinates, with its context."""

    idx: int
    start: int
    end: int
    text: str
    section: str
    title: str
    block: int
    patient: int | None = None
    table: bool = False

    def __init__(self, idx: int, start: int, end: int, text: str, section: str, title: str, block: int,
                 patient: int | None = None, table: bool = False) -> None:
        # (written out, not left to @dataclass: compiled, it is a C function; dataclass's own is interpreted)
        self.idx, self.start, self.end, self.text, self.section, self.title = idx, start, end, text, section, title
        self.block, self.patient, self.table = block, patient, table


@dataclass
class Segmented:
    """SEGMENT's output: the read document with its blocks, sentences, kind and patients."""

    source: SourceDocument
    blocks: list[Block]
    sentences: list[Sentence]
    kind: str
    patients: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.source.doc_id

    @property
    def view(self) -> TextView:
        return self.source.view

    def fact_sentences(self) -> list[Sentence]:
        return [s for s in self.sentences if s.section in FACT_SECTIONS]


def segment(src: SourceDocument, max_sentence: int = 0) -> Segmented:
    """Blocks and sentences with their sections; the document's kind; its patients and who each sentence is about.

    A prose sentence longer than ``max_sentence`` characters (0: no bound) is
    cut into pieces for recognition, with a warning (:func:`cut_long` says why).
    """
    text = src.view.text
    warnings: list[str] = []
    cut = 0
    blocks = split_blocks(text)
    sentences: list[Sentence] = []
    for bi, blk in enumerate(blocks):
        if blk.kind == "heading":
            continue
        if blk.kind == "table":
            sentences.append(Sentence(len(sentences), blk.start, blk.end, text[blk.start:blk.end], blk.section,
                                      blk.title, bi, table=True))
            continue
        for a0, b0 in split_sentences(text, blk.start, blk.end):
            pieces = cut_long(text, a0, b0, max_sentence)
            cut += len(pieces) > 1
            for a, b in pieces:
                sentences.append(Sentence(len(sentences), a, b, text[a:b], blk.section, blk.title, bi))
    if cut:
        warnings.append(f"{cut} sentence(s) longer than {max_sentence} characters cut into pieces for recognition "
                        "(GRAPH_BUILDER_MAX_SENTENCE_CHARS)")

    _case_summaries(sentences)
    fact_text = "\n".join(text[b.start:b.end] for b in blocks if b.section in FACT_SECTIONS or b.kind == "heading")
    numbered = numbered_patients(fact_text)
    kind = document_kind([(s.section, s.text) for s in sentences if s.section in FACT_SECTIONS], numbered, src.kind_hint)
    if kind == "case_series":
        _assign_numbered(blocks, sentences, text)
        patients = numbered
    elif kind == "case_report":
        for s in sentences:
            if s.section in FACT_SECTIONS:
                s.patient = 1
        patients = [1]
    else:
        patients = []
    return Segmented(src, blocks, sentences, kind, patients, warnings)


def _case_summaries(sentences: list[Sentence]) -> None:
    """An introduction that ends "Here we report a patient who ..." summarises the case from there on.

    Those sentences read as an abstract: facts of the patient, used where the
    case section does not tell them itself.
    """
    block, on = -1, False
    for s in sentences:
        if s.block != block:
            block, on = s.block, False
        if s.section != "introduction" or s.table:
            continue
        if not on and announces_case(s.text):
            on = True
        if on:
            s.section = "abstract"


def _assign_numbered(blocks: list[Block], sentences: list[Sentence], text: str) -> None:
    """Carry "Case N" labels from headings, paragraph and sentence starts."""
    current: int | None = None
    by_block: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_block.setdefault(s.block, []).append(s)
    for bi, blk in enumerate(blocks):
        if blk.kind == "heading":
            current = blk.patient
            continue
        running = label_at_start(text[blk.start:blk.end])
        if running is None:
            running = current
        for s in by_block.get(bi, []):
            lab = label_at_start(s.text)
            if lab is not None:
                running = lab
                s.patient = lab
            elif mentions_all(s.text):
                s.patient = ALL
            else:
                s.patient = running
