"""The Oxigraph store: one named graph per article, replaced atomically; SPARQL over the union.

Knows nothing of articles or HTTP: it takes quads and queries.
"""

from __future__ import annotations

import contextlib
import gc
import io
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
)

from sevare_kg import settings
from sevare_kg.errors import ServiceError, StoreError
from sevare_kg.store.query_text import evaluation_error, prepare_query, prepare_update
from sevare_kg.store.sparql_text import has_from

log = logging.getLogger(__name__)

DEFAULT_STORE = Path(".sevare-kg/store")

RDF_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "ttl": RdfFormat.TURTLE,
    "nquads": RdfFormat.N_QUADS,
    "nq": RdfFormat.N_QUADS,
    "ntriples": RdfFormat.N_TRIPLES,
    "nt": RdfFormat.N_TRIPLES,
    "trig": RdfFormat.TRIG,
    "rdfxml": RdfFormat.RDF_XML,
    "xml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
    "json-ld": RdfFormat.JSON_LD,
    "jsonld-expanded": RdfFormat.JSON_LD,
}
DATASET_FORMATS = {RdfFormat.N_QUADS, RdfFormat.TRIG, RdfFormat.JSON_LD}


def default_store_path() -> Path:
    return settings.current().store or DEFAULT_STORE


def rdf_format(name: str) -> RdfFormat:
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        raise StoreError(
            f"unknown RDF format {name!r} (one of {', '.join(sorted(set(RDF_FORMATS)))})"
        ) from None


class KnowledgeStore:
    """An Oxigraph store, on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = Store()
            elif read_only:
                if not path.exists():
                    raise StoreError(f"{path}: no store here (run 'sevare-kg build' first)")
                self._store = Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = Store(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: cannot open store: {exc}") from None

    @property
    def oxigraph(self) -> Store:
        return self._store

    def close(self) -> None:
        """Release the store: on disk, RocksDB's lock and files, so that another process may open it.

        pyoxigraph closes a store when its last reference goes; after ``close()`` this object holds none.
        """
        self._store = None  # type: ignore[assignment]
        gc.collect()

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad], *, add_to_others: bool = False) -> int:
        """Replace one named graph by ``quads`` in a single transaction: readers and a crash see the
        old graph or the new one, never a mix. Returns the number of quads written.
        With ``add_to_others``, quads of other graphs are added to those graphs in the same
        transaction (graphs whose name says their content, such as an article's entity graphs);
        without it, they are an error."""
        body = io.StringIO()
        others: dict[str, list[str]] = {}
        n = 0
        for q in quads:
            line = f"{q.subject} {q.predicate} {q.object} .\n"
            if q.graph_name == graph:
                body.write(line)
            elif add_to_others and isinstance(q.graph_name, NamedNode):
                others.setdefault(str(q.graph_name), []).append(line)
            else:
                raise StoreError(f"quad {q} is not in graph {graph}")
            n += 1
        update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body.getvalue()}}}"
        for g, lines in others.items():
            update += f" GRAPH {g} {{\n{''.join(lines)}}}"
        update += " }"
        try:
            self._store.update(update)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"cannot write graph {graph.value}: {exc}") from None
        return n

    def drop_graph(self, graph: NamedNode) -> None:
        self._store.update(f"DROP SILENT GRAPH {graph}")

    def update(self, sparql: str, **kwargs: object) -> None:
        """Run an update; the prefixes of ``vocab.PREFIXES`` it uses without declaring are declared
        for it, and its label service is answered here (``query_text``). A syntax error is a
        ``SparqlSyntaxError`` at the position in ``sparql``."""
        prepared = prepare_update(sparql)
        if prepared.prefixes:
            kwargs["prefixes"] = prepared.prefixes
        try:
            self._store.update(prepared.text, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise prepared.syntax_error(str(exc)) from None
        except OSError as exc:
            failure = evaluation_error(exc, prepared.text)
            if isinstance(failure, ServiceError):  # an INSERT … WHERE { SERVICE … } that could not fetch
                raise failure from None
            raise StoreError(f"update failed: {exc}") from None

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    # -- reading ----------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Run a query. The default graph is the union of all graphs, unless ``default_graph`` is given
        or the query has FROM clauses. A query written for the Wikidata Query Service runs as it is
        (its prefixes predeclared, its label service answered here: ``query_text``); a syntax error
        is a ``SparqlSyntaxError``. Results are read lazily: read them inside
        ``evaluation_errors(sparql)`` so that a failing SERVICE is a ``ServiceError``."""
        prepared = prepare_query(sparql)
        kwargs: dict[str, object] = {}
        if prepared.prefixes:
            kwargs["prefixes"] = prepared.prefixes
        if default_graph:
            kwargs["default_graph"] = default_graph
        elif not has_from(prepared.text):  # a query's own FROM / FROM NAMED define its dataset
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = named_graphs
        try:
            return self._store.query(prepared.text, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise prepared.syntax_error(str(exc)) from None
        except (OSError, RuntimeError) as exc:
            raise evaluation_error(exc, prepared.text) from None

    def graphs(self) -> list[NamedNode]:
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, NamedNode)), key=lambda g: g.value
        )

    def contains_graph(self, graph: NamedNode) -> bool:
        return self._store.contains_named_graph(graph)

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        return self._store.quads_for_pattern(None, None, None, graph)

    def __len__(self) -> int:
        return len(self._store)

    # -- export -----------------------------------------------------------------------------------

    def export(
        self, output: IO[bytes], fmt: RdfFormat, *, graph: NamedNode | None = None, canonical: bool = False
    ) -> None:
        """Write the store (or one graph). N-Quads with ``canonical`` is canonical since the mapper
        writes no blank nodes: graph by graph in IRI order (the default graph first), each graph's
        lines sorted — so memory holds one graph at a time, whatever the store's size. Triple
        formats get the union."""
        from pyoxigraph import serialize

        if fmt in DATASET_FORMATS and graph is None:
            if canonical and fmt == RdfFormat.N_QUADS:
                every: list[NamedNode | DefaultGraph] = [DefaultGraph(), *self.graphs()]
                for g in every:
                    lines = sorted(f"{q} .\n" for q in self._store.quads_for_pattern(None, None, None, g))
                    output.write("".join(lines).encode("utf-8"))
                return
            self._store.dump(output, fmt, prefixes=_prefixes(fmt))
            return
        if graph is not None:
            triples = (q.triple for q in self._store.quads_for_pattern(None, None, None, graph))
        else:
            triples = (q.triple for q in self._store)
        if fmt in DATASET_FORMATS:
            quads = (Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
            serialize(quads, output, fmt, prefixes=_prefixes(fmt))
        else:
            serialize(triples, output, fmt, prefixes=_prefixes(fmt))


@contextlib.contextmanager
def evaluation_errors(sparql: str) -> Iterator[None]:
    """Around the reading of a query's results (pyoxigraph evaluates lazily): an evaluation failure
    becomes one of our errors (``ServiceError`` for a SERVICE that cannot be used)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except (OSError, RuntimeError) as exc:
        raise evaluation_error(exc, prepare_query(sparql).text) from None


def _prefixes(fmt: RdfFormat) -> dict[str, str] | None:
    if fmt in (RdfFormat.N_QUADS, RdfFormat.N_TRIPLES):
        return None
    from sevare_kg.rdf.vocab import PREFIXES

    return dict(PREFIXES)
