"""The explorer's plots as files for papers and notebooks (``kg plot``): swimmer, forest, AE heat map, responses.

Drawn with matplotlib from the same data the pages draw (:mod:`.web.plots`,
built on the canonical views), so a figure, a page and a saved query never
disagree.  Every drawn element carries a ``gid`` naming what it stands for
(``bar/<patient>/<order>``, ``hr/<outcome>``, ``cell/<drug>/<event>/<grade>``
…): SVG output keeps them as element ids, which is how the tests check that a
figure shows exactly its data.  matplotlib is the ``plot`` extra.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .query import KnowledgeGraph
from .web import plots
from .web.graph import GraphReader

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ae_heatmap", "check_out", "forest", "response_counts", "responses", "save", "swimmer"]

_GRADES = ["1", "2", "3", "4", "5", "unspecified"]
_RESPONSES = ["CR", "PR", "SD", "PD"]


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError("kg plot needs matplotlib, an optional extra: pip install 'graph-builder[plot]'") from e
    return plt


def swimmer(kg: KnowledgeGraph, doc: str = "", drug: str = "", limit: int = 50) -> Figure:
    """One row per patient of ``doc`` — or of every patient who received ``drug`` —, a bar per line of therapy,
    response (●) and graded AE (▲) markers."""
    plt = _pyplot()
    if bool(doc) == bool(drug):
        raise ValueError("a swimmer plot is of one document (--doc) or of one drug's patients (--drug)")
    t = plots.drug_timeline(kg, drug, limit) if drug else plots.timeline(kg, doc)
    if not t.bars and not t.markers:
        raise ValueError(f"no patient received {drug!r}" if drug else
                         f"document {doc!r} has no treatments, responses or adverse events to draw")
    rows = {p: i for i, p in enumerate(reversed(t.patients))}
    fig, ax = plt.subplots(figsize=(8, 1 + 0.6 * len(rows)))
    for b in t.bars:
        ax.barh(rows[b.patient], 0.9, left=b.order - 1, height=0.5, color="#8DCC93", edgecolor="#4C8F59",
                gid=f"bar/{b.patient}/{b.order}")
        ax.text(b.order - 0.55, rows[b.patient], b.label, ha="center", va="center", fontsize=7)
    for i, m in enumerate(t.markers):
        y = rows[m.patient] + (0.32 if m.kind == "response" else -0.32)
        style = ("o", "#1F77B4") if m.kind == "response" else ("^", "#D62728")
        ax.plot(m.order - 0.1, y, marker=style[0], color=style[1], linestyle="", gid=f"{m.kind}/{m.patient}/{i}")
        label = m.label if m.kind == "response" else f"{m.label} G{m.grade}" if m.grade else m.label
        ax.annotate(label, (m.order - 0.1, y), xytext=(4, 0), textcoords="offset points", fontsize=6, va="center")
    ax.set_yticks(list(rows.values()), list(rows.keys()))
    ax.set_xlabel("line of therapy (in order)")
    ax.set_xlim(0, max([b.order for b in t.bars] + [m.order for m in t.markers]) + 0.5)
    ax.set_title(f"{doc or 'patients who received ' + drug}: treatments, responses (●) and adverse events (▲)"
                 + (f" — {t.more} more patients not drawn" if t.more else ""), fontsize=9)
    fig.tight_layout()
    return fig


def forest(kg: KnowledgeGraph, drug: str = "") -> Figure:
    """Hazard ratios with their confidence intervals, one row per cohort outcome (of ``drug`` if given)."""
    plt = _pyplot()
    hrs = plots.outcomes(_reader(kg), drug).hazard_ratios
    if not hrs:
        raise ValueError("no hazard ratio with both confidence bounds" + (f" for {drug}" if drug else ""))
    fig, ax = plt.subplots(figsize=(8, 1 + 0.4 * len(hrs)))
    for y, o in enumerate(reversed(hrs)):
        ax.plot([o.ci_low, o.ci_high], [y, y], color="#555555", gid=f"ci/{o.id}")
        ax.plot(o.value, y, marker="s", color="#1F77B4", linestyle="", gid=f"hr/{o.id}")
    ax.axvline(1.0, color="#999999", linestyle="--", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_yticks(range(len(hrs)), [f"{o.drug or '?'} · {o.cohort or o.doc} · {o.measure}" for o in reversed(hrs)],
                  fontsize=7)
    ax.set_xlabel("hazard ratio (log scale), 95% CI")
    fig.tight_layout()
    return fig


def ae_heatmap(kg: KnowledgeGraph, drug: str = "") -> Figure:
    """Drug × event rows, one column per grade; the colour and the number are the reports of each cell."""
    plt = _pyplot()
    cells = plots.adverse_events(kg, drug).cells
    if not cells:
        raise ValueError("no adverse events" + (f" for {drug}" if drug else ""))
    rows = sorted({(c.drug, c.event) for c in cells})
    present = {c.grade for c in cells}
    grades = [g for g in _GRADES[:-1] if g in present] + sorted(present - set(_GRADES)) + \
        (["unspecified"] if "unspecified" in present else [])
    top = max(c.reports for c in cells)
    cmap = plt.get_cmap("Reds")
    fig, ax = plt.subplots(figsize=(2 + 0.9 * len(grades), 1 + 0.3 * len(rows)))
    for c in cells:
        x, y = grades.index(c.grade), len(rows) - 1 - rows.index((c.drug, c.event))
        ax.add_patch(plt.Rectangle((x, y), 1, 1, color=cmap(0.2 + 0.8 * c.reports / top),
                                   gid=f"cell/{c.drug}/{c.event}/{c.grade}"))
        ax.text(x + 0.5, y + 0.5, str(c.reports), ha="center", va="center", fontsize=7)
    ax.set_xlim(0, len(grades))
    ax.set_ylim(0, len(rows))
    ax.set_xticks([i + 0.5 for i in range(len(grades))], [f"grade {g}" if g.isdigit() else g for g in grades], fontsize=7)
    ax.set_yticks([i + 0.5 for i in range(len(rows))], [f"{d} · {e}" for d, e in reversed(rows)], fontsize=7)
    ax.set_title("adverse-event reports by drug, event and grade", fontsize=9)
    fig.tight_layout()
    return fig


def response_counts(kg: KnowledgeGraph, by: str = "drug") -> dict[str, Counter[str]]:
    """Patients per drug (or per target of the drugs) and response: ``{drug or target: Counter(response → patients)}``."""
    out: dict[str, Counter[str]] = {}
    for c in plots.response_counts(kg, by).counts:
        out.setdefault(c.name, Counter())[c.response] = c.patients
    return out


def responses(kg: KnowledgeGraph, by: str = "drug") -> Figure:
    """Stacked bars: how many patients reached each response under each drug (or a drug on each target)."""
    plt = _pyplot()
    counts = response_counts(kg, by)
    if not counts:
        raise ValueError("no responses" + (" of drugs with a known target" if by == "target" else ""))
    names = list(counts)
    kinds = [k for k in _RESPONSES if any(k in c for c in counts.values())]
    kinds += sorted({k for c in counts.values() for k in c} - set(kinds))
    fig, ax = plt.subplots(figsize=(2 + 0.5 * len(names), 4))
    bottom = [0] * len(names)
    for kind in kinds:
        heights = [counts[n].get(kind, 0) for n in names]
        bars = ax.bar(range(len(names)), heights, bottom=bottom, label=kind)
        for n, bar, h in zip(names, bars, heights):
            bar.set_gid(f"response/{n}/{kind}/{h}")
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=7)
    ax.set_ylabel("patients")
    ax.set_title(f"responses by {by}", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def save(fig: Figure, out: Path) -> Path:
    """Write ``fig`` as SVG or PNG (by the file's suffix) and close it."""
    out = Path(out)
    try:
        fmt = check_out(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, format=fmt, dpi=150)
    finally:
        _pyplot().close(fig)
    return out


def check_out(out: Path) -> str:
    """The format a figure file's name asks for (``svg`` or ``png``); ValueError for any other."""
    fmt = Path(out).suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise ValueError(f"{out}: write .svg or .png")
    return fmt


def _reader(kg: KnowledgeGraph) -> GraphReader:
    opener = getattr(kg.store, "open", None)
    store = opener() if opener is not None and kg.store.name == "rdf" else None
    if store is None:
        raise ValueError("the forest plot reads the RDF store: open the graph with backend 'rdf'")
    return GraphReader(store)
