"""Scoring predictions against gold and reporting the result.

The report keeps raw counts (tp, predicted, gold, attribute agreements)
and derives the ratios from them, so per-document scores add up to
per-view scores and those to the micro-average without rounding drift,
and a subset of documents (say, one ``kind``) can be re-aggregated.
Unmatched rows and attribute disagreements are kept per document and view
because a score alone does not say what to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field, computed_field
from rich.console import Console
from rich.table import Table

from .match import NOT_SCORED, VIEWS, attribute_agreement, match_rows

RowDict = dict[str, Any]
Views = Mapping[str, Sequence[Mapping[str, Any]]]


def _ratio(num: int, den: int) -> float | None:
    """``None`` when undefined (nothing to divide by) rather than a made-up 0 or 1."""
    return num / den if den else None


class FieldScore(BaseModel):
    """Agreement of one attribute field over matched pairs."""

    correct: int = 0
    total: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.total)


class ViewScore(BaseModel):
    """Counts for one view (of one document, or summed); ratios are derived."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    attr_fields: dict[str, FieldScore] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.n_pred)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.n_gold)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float | None:
        """2·tp / (pred + gold): the harmonic mean of P and R, and 0 when only one side has rows."""
        return _ratio(2 * self.tp, self.n_pred + self.n_gold)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def attr_correct(self) -> int:
        return sum(f.correct for f in self.attr_fields.values())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def attr_total(self) -> int:
        return sum(f.total for f in self.attr_fields.values())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def attr_accuracy(self) -> float | None:
        return _ratio(self.attr_correct, self.attr_total)

    def add(self, other: ViewScore) -> None:
        """Accumulate ``other`` into this score (micro-averaging)."""
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold
        for name, fs in other.attr_fields.items():
            mine = self.attr_fields.setdefault(name, FieldScore())
            mine.correct += fs.correct
            mine.total += fs.total


def _sum(scores: Iterable[ViewScore]) -> ViewScore:
    total = ViewScore()
    for s in scores:
        total.add(s)
    return total


class AttrMismatch(BaseModel):
    """A matched pair whose non-key fields disagree."""

    gold: RowDict
    pred: RowDict
    fields: list[str]


class DocScore(BaseModel):
    """One gold document: scores per view and what did not match."""

    views: dict[str, ViewScore] = Field(default_factory=dict)
    unmatched_gold: dict[str, list[RowDict]] = Field(default_factory=dict)
    unmatched_pred: dict[str, list[RowDict]] = Field(default_factory=dict)
    attr_mismatches: dict[str, list[AttrMismatch]] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def micro(self) -> ViewScore:
        return _sum(self.views.values())


class EvalReport(BaseModel):
    """Scores per view, micro totals, per-document breakdown and ignored documents."""

    docs: dict[str, DocScore] = Field(default_factory=dict)
    ignored_docs: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def views(self) -> dict[str, ViewScore]:
        return {v: _sum(d.views[v] for d in self.docs.values() if v in d.views) for v in VIEWS}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def micro(self) -> ViewScore:
        return _sum(self.views.values())

    def restrict(self, docs: Iterable[str]) -> EvalReport:
        """The same report over a subset of documents (e.g. one ``kind``)."""
        keep = set(docs)
        return EvalReport(docs={d: s for d, s in self.docs.items() if d in keep},
                          ignored_docs=self.ignored_docs)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def render(self, console: Console | None = None, title: str = "Evaluation") -> None:
        """Print one row per view (P, R, F1, TP, pred, gold, attr-acc) and a micro row."""
        table = Table(title=title)
        for col in ("view", "P", "R", "F1", "TP", "pred", "gold", "attr-acc"):
            table.add_column(col, justify="left" if col == "view" else "right")
        rows = list(self.views.items())
        for i, (name, s) in enumerate([*rows, ("micro", self.micro)]):
            table.add_row(name, _fmt(s.precision), _fmt(s.recall), _fmt(s.f1), str(s.tp),
                          str(s.n_pred), str(s.n_gold), _fmt_attr(s),
                          end_section=i == len(rows) - 1, style="bold" if name == "micro" else None)
        (console or Console()).print(table)
        if self.ignored_docs:
            (console or Console()).print(f"ignored (no gold): {', '.join(self.ignored_docs)}")


    def render_misses(self, console: Console | None = None) -> None:
        """One line per missed gold row (MISS), extra prediction (EXTRA) and attribute disagreement (ATTR).

        What a curator reads to see *why* a score is what it is; provenance
        fields are left out so each line stays short.
        """
        con = console or Console()
        for doc, ds in self.docs.items():
            for view in VIEWS:
                for row in ds.unmatched_gold.get(view, []):
                    con.print(f"{doc} {view} MISS  {_brief(row)}", markup=False, highlight=False)
                for row in ds.unmatched_pred.get(view, []):
                    con.print(f"{doc} {view} EXTRA {_brief(row)}", markup=False, highlight=False)
                for m in ds.attr_mismatches.get(view, []):
                    pred = {f: m.pred.get(f) for f in m.fields}
                    con.print(f"{doc} {view} ATTR  {_brief(m.gold)} predicted {pred}", markup=False, highlight=False)


def _brief(row: Mapping[str, Any]) -> str:
    return str({k: v for k, v in row.items() if k not in NOT_SCORED and v not in (None, [], "")})


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _fmt_attr(s: ViewScore) -> str:
    """Ratio only, to keep the table within 80 columns; counts are in ``to_json()``."""
    return _fmt(s.attr_accuracy)


def _score_view(view: str, gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]],
                doc: DocScore) -> None:
    m = match_rows(view, gold, pred)
    vs = ViewScore(tp=len(m.pairs), n_pred=len(pred), n_gold=len(gold))
    mismatches: list[AttrMismatch] = []
    for gi, pi in m.pairs:
        agree = attribute_agreement(view, gold[gi], pred[pi])
        for name, ok in agree.items():
            fs = vs.attr_fields.setdefault(name, FieldScore())
            fs.total += 1
            fs.correct += ok
        bad = [name for name, ok in agree.items() if not ok]
        if bad:
            mismatches.append(AttrMismatch(gold=dict(gold[gi]), pred=dict(pred[pi]), fields=bad))
    doc.views[view] = vs
    if m.unmatched_gold:
        doc.unmatched_gold[view] = [dict(gold[i]) for i in m.unmatched_gold]
    if m.unmatched_pred:
        doc.unmatched_pred[view] = [dict(pred[i]) for i in m.unmatched_pred]
    if mismatches:
        doc.attr_mismatches[view] = mismatches


def score(gold: Mapping[str, Views], predicted: Mapping[str, Views]) -> EvalReport:
    """Score predicted rows against gold, document by document and view by view.

    Only documents with a gold file count: predictions for other documents
    are listed in ``ignored_docs`` and affect no score (facts.md).  A gold
    document with no predictions counts all its gold rows as missed.
    """
    report = EvalReport(ignored_docs=sorted(set(predicted) - set(gold)))
    for doc in sorted(gold):
        ds = DocScore()
        pviews = predicted.get(doc) or {}
        for view in VIEWS:
            _score_view(view, list(gold[doc].get(view) or []), list(pviews.get(view) or []), ds)
        report.docs[doc] = ds
    return report
