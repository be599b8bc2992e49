"""The build service: documents → statements → graph → stores, written once.

The command line, the Python API and the benchmark all build through
:func:`build` (or its two halves, :func:`extract` and :func:`load`), so
what a document goes through, what is reported and what is swapped in
atomically cannot drift apart between them.  Reading a built graph is the
query stage's business (:class:`graph_builder.query.KnowledgeGraph`).

Example::

    >>> summary = build([EXAMPLES], DATA, stores=["rdf"], jobs=1)
    >>> summary.read, summary.skipped, sorted(summary.loads)
    (5, [], ['rdf'])
    >>> summary.loads["rdf"].items > 1000
    True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from .emit import StatementStore
from .graph.build import GraphData, build_graph
from .load.contract import LoadResult, Progress, open_store
from .models import VIEWS
from .parallel import EncodedResult, encoded_stream
from .read import iter_documents

DocumentCallback = Callable[[Path, EncodedResult], None]


class Problem(BaseModel):
    """A file that could not be used, or a warning about one: always the file and the reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class BuildSummary(BaseModel):
    """What a build did: what was read, what was not and why, what each store holds."""

    read: int = 0
    skipped: list[Problem] = Field(default_factory=list)
    warnings: list[Problem] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict, description="Statements per canonical view.")
    nodes: int = 0
    relationships: int = 0
    loads: dict[str, LoadResult] = Field(default_factory=dict)

    def line(self) -> str:
        """The one-line summary the command line prints."""
        return (f"read {self.read} document(s), skipped {len(self.skipped)}; "
                + ", ".join(f"{v} {self.counts.get(v, 0)}" for v in VIEWS))


class StoreLoadError(RuntimeError):
    """A store could not be loaded; names the store (the statements and other stores are kept)."""

    def __init__(self, store: str, cause: BaseException) -> None:
        super().__init__(f"{store} load failed: {type(cause).__name__}: {cause}")
        self.store = store


def extract(documents: Iterable[Path], data: Path, jobs: int | None = None, scheduler: str | None = None,
            on_document: DocumentCallback | None = None) -> BuildSummary:
    """Read and extract every document into the data directory's statement store.

    The statements are written aside and swapped in when all documents are
    done, so an interrupted run leaves the previous store as it was.  A
    document that cannot be read is listed in ``skipped`` with its reason;
    it never stops the others.
    """
    paths = list(iter_documents([Path(p) for p in documents]))
    summary = BuildSummary()
    counts: Counter[str] = Counter()
    with StatementStore(data).writer() as w:
        for p, r in zip(paths, encoded_stream(paths, jobs=jobs, scheduler=scheduler)):
            if r.error:
                summary.skipped.append(Problem(path=str(p), reason=r.error))
            else:
                summary.read += 1
                counts.update(r.views)
                summary.warnings.extend(Problem(path=str(p), reason=f"warning: {w_}") for w_ in r.warnings)
                w.write_encoded(r.doc, r.payload)
            if on_document is not None:
                on_document(p, r)
    summary.counts = {v: counts[v] for v in VIEWS}
    return summary


def graph_of(data: Path) -> GraphData:
    """The graph of a data directory's statements (the input of every store)."""
    return build_graph(StatementStore(data).facts())


def load(data: Path, stores: Sequence[str], graph: GraphData | None = None,
         progress: Progress | None = None) -> dict[str, LoadResult]:
    """Load the data directory's graph into each named store (idempotent; each store swaps or merges)."""
    g = graph if graph is not None else graph_of(data)
    out: dict[str, LoadResult] = {}
    for name in stores:
        try:
            with open_store(name, data) as store:
                out[name] = store.load(g, progress=progress)
        except Exception as e:  # noqa: BLE001 - reported with the store's name, never a bare traceback
            raise StoreLoadError(name, e) from e
    return out


def build(documents: Iterable[Path], data: Path, stores: Sequence[str] = ("rdf", "bolt"), jobs: int | None = None,
          scheduler: str | None = None, on_document: DocumentCallback | None = None,
          on_graph: Callable[[BuildSummary], None] | None = None) -> BuildSummary:
    """Extract ``documents`` into ``data`` and load the stores.  Stores are skipped when nothing was read."""
    summary = extract(documents, data, jobs=jobs, scheduler=scheduler, on_document=on_document)
    if summary.read == 0 or not stores:
        return summary
    g = graph_of(data)
    c = g.counts()
    summary.nodes = sum(n for k, n in c.items() if k[0].isupper() and not k.isupper())
    summary.relationships = sum(n for k, n in c.items() if k.isupper())
    if on_graph is not None:
        on_graph(summary)
    for name in stores:
        summary.loads.update(load(data, [name], graph=g))
    return summary
