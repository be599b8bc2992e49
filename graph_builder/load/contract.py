"""The store contract: what every place the graph lives in can do, and the registry of stores.

A store takes a built graph (:class:`~graph_builder.graph.build.GraphData`)
and keeps it; it answers queries in its own language; it may export what
it holds.  Oxigraph, rdflib, a remote SPARQL endpoint and any Bolt server
(the embedded ArcadeDB or the user's Neo4j) are all the same shape, so the
build service loads "the stores the user asked for" and the query API
runs a saved query's SPARQL or Cypher twin on "a store", without either
knowing which one it is (KGX's source/sink contract, with a registry).

The contract speaks query *text* and parameters, not saved queries: the
query stage, which comes after this one, chooses the twin by
:attr:`Store.language`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Literal, NamedTuple, Protocol, Self, TypeGuard, runtime_checkable

from pydantic import BaseModel, Field

from ..graph.build import GraphData, merge_into
from .tallies import Counts

Language = Literal["sparql", "cypher"]
Progress = Callable[[str, int], None]


class LoadResult(BaseModel):
    """What one store reports after loading: how much went in, and where."""

    store: str
    items: int = Field(description="Triples for RDF stores, rows merged for Bolt.")
    detail: dict[str, int] = Field(default_factory=dict)
    location: str = ""
    server: str | None = Field(default=None, description="The server's agent string, where there is a server.")


class ReadOnlyStore(RuntimeError):
    """Raised by ``load`` on a store that only answers queries (a remote endpoint)."""


class UnknownStore(ValueError):
    """A store name that no module registered."""


@runtime_checkable
class Store(Protocol):
    """One place the graph lives in.  ``load`` is idempotent; ``close`` releases what ``open`` took.

    Stores are context managers so that a store which started a server stops
    it again however the caller leaves.
    """

    name: ClassVar[str]
    language: ClassVar[Language]
    exports: ClassVar[frozenset[str]]
    #: ``load_stream`` also takes a document's graph already written as N-Triples (a :class:`WrittenGraph`),
    #: which the service then writes in its process pool (see ``service.ntriples_of``).
    takes_ntriples: ClassVar[bool]

    def load(self, g: GraphData, progress: Progress | None = None) -> LoadResult: ...

    def whole_load_for(self, statements: int) -> bool: ...

    def replace_documents(self, docs: Sequence[str], g: GraphData, progress: Progress | None = None) -> LoadResult: ...

    def load_stream(self, graphs: Iterable[GraphData], docs: Sequence[str], progress: Progress | None = None) -> LoadResult: ...

    def execute(self, text: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def export(self, out: Path, fmt: str) -> Path: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None: ...


class WrittenGraph(NamedTuple):
    """A document's graph as a whole load's process pool writes it: its N-Triples and its tally counts."""

    ntriples: bytes
    counts: Counts


class NTriplesStore(Store, Protocol):
    """A store whose ``load_stream`` also takes graphs already written as N-Triples (``takes_ntriples``)."""

    def load_stream(self, graphs: Iterable[GraphData | WrittenGraph], docs: Sequence[str],
                    progress: Progress | None = None) -> LoadResult: ...


def takes_ntriples(store: Store) -> TypeGuard[NTriplesStore]:
    """Whether ``store`` may be handed N-Triples (bytes) to :meth:`~Store.load_stream`: what its flag says."""
    return store.takes_ntriples


StoreFactory = Callable[..., Store]
_REGISTRY: dict[str, StoreFactory] = {}


def register(name: str) -> Callable[[StoreFactory], StoreFactory]:
    """Class decorator: make a store available by name (``rdf``, ``rdflib``, ``bolt`` ...)."""
    def deco(factory: StoreFactory) -> StoreFactory:
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise ValueError(f"store {name!r} is registered twice")
        _REGISTRY[name] = factory
        return factory
    return deco


def _import_builtin() -> None:
    # The built-in stores register themselves on import; importing here (not at
    # module top) keeps `contract` free of store dependencies.
    from . import bolt, oxigraph, rdflib_graph, sparql_endpoint  # noqa: F401


def store_names() -> tuple[str, ...]:
    """The registered store names, in a stable order."""
    _import_builtin()
    return tuple(sorted(_REGISTRY))


def open_store(name: str, data_dir: Path | None = None, **options: Any) -> Store:
    """The store ``name`` for a data directory (or for ``options`` such as a URL or a Bolt target)."""
    _import_builtin()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise UnknownStore(f"no store {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None
    return factory(data_dir, **options)


#: An update owing more statements than this is better a whole load, where the store builds the whole load aside
#: (Oxigraph, the embedded Bolt server): as one transaction it would hold ~100,000 nodes and edges or more
#: (about 5.5 per statement, measured on the generated corpus), past what the embedded server's heap should
#: carry at once.  See :meth:`StoreBase.whole_load_for`.
WHOLE_LOAD_STATEMENTS = 18_000

#: What a store holds besides the facts, by version: 1 the facts alone, 2 with the per-drug tallies
#: (``load/tallies.py``).  The library records the format each store was loaded at; a store loaded at
#: another one is loaded whole by the next build, since updates only keep up what is already there.
GRAPH_FORMAT = 2


class StoreBase:
    """Shared context-manager plumbing and the refusals a store can give."""

    name: ClassVar[str] = ""
    language: ClassVar[Language] = "sparql"
    exports: ClassVar[frozenset[str]] = frozenset()
    takes_ntriples: ClassVar[bool] = False

    def load(self, g: GraphData, progress: Progress | None = None) -> LoadResult:
        raise ReadOnlyStore(f"the {self.name} store answers queries only; load into rdf or bolt")

    def whole_load_for(self, statements: int) -> bool:
        """Whether an update owing ``statements`` statements should reload the whole graph instead.

        Only where a whole load is built aside and switched to in one step
        (then it is as safe as the update and lighter than one huge
        transaction); elsewhere updates always replace documents.
        """
        return False

    def load_stream(self, graphs: Iterable[GraphData], docs: Sequence[str], progress: Progress | None = None) -> LoadResult:
        """The whole graph, given one document's graph at a time (``docs``: the ids of all of them).

        Stores that can write as the graphs come (Oxigraph, Bolt) override
        this to keep memory flat; the default merges them and calls :meth:`load`.
        """
        whole = GraphData()
        for g in graphs:
            merge_into(whole, g)
        return self.load(whole, progress=progress)

    def replace_documents(self, docs: Sequence[str], g: GraphData, progress: Progress | None = None) -> LoadResult:
        """Replace what the store holds of documents ``docs`` by ``g``, their graph now (empty for removed ones).

        One transaction: the documents' own nodes (every node with their
        ``docId``) go, shared nodes no document supports any more go
        (a drug–target statement without evidence, a drug no fact names),
        and ``g`` is merged in — so a fact other documents also support
        keeps their evidence.  A store that cannot do this raises
        ``NotImplementedError`` and is reloaded whole instead.
        """
        raise NotImplementedError(f"the {self.name} store is reloaded whole")

    def export(self, out: Path, fmt: str) -> Path:
        raise ValueError(f"the {self.name} store exports {', '.join(sorted(self.exports)) or 'nothing'}, not {fmt!r}")

    def close(self) -> None:
        return None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
