"""The Python API for notebooks and scripts: the CLI's verbs as methods of one object.

>>> from sevare_kg import KnowledgeGraph
>>> kg = KnowledgeGraph()                      # in memory; KnowledgeGraph("path/to/store") on disk
>>> kg.build()                                  # data/articles/ by default
>>> rows = kg.query("casualties")               # a named query, or SPARQL text
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    serialize,
)

from sevare_kg.build.builder import BuildReport, build
from sevare_kg.build.inputs import check_paths, iter_records
from sevare_kg.errors import QueryError, require_extra
from sevare_kg.files import atomic_output
from sevare_kg.rdf.link_table import shipped_and_user_links
from sevare_kg.rdf.mapper import MapperConfig
from sevare_kg.rdf.vocab import PREFIXES
from sevare_kg.resources import data_dir
from sevare_kg.store.knowledge_store import DATASET_FORMATS, KnowledgeStore, evaluation_errors, rdf_format
from sevare_kg.store.named_queries import event_dataset, local_rows, resolve_query, store_stats
from sevare_kg.store.validation import ValidationReport, validate


class KnowledgeGraph:
    def __init__(self, store: str | Path | None = None, *, base: str | None = None) -> None:
        self.store = KnowledgeStore(Path(store) if store is not None else None)
        links = shipped_and_user_links()  # as `sevare-kg build` maps
        self.config = MapperConfig(base=base, links=links) if base else MapperConfig(links=links)

    def build(self, paths: Iterable[str | Path] | None = None, *, force: bool = False) -> BuildReport:
        """Map articles into the store: files, folders and JSON Lines corpora (``.jsonl``,
        ``.jsonl.gz``), as ``sevare-kg build`` reads them; the flagship article by default."""
        chosen = [Path(p) for p in paths] if paths is not None else [data_dir() / "articles"]
        return build(self.store, iter_records(check_paths(chosen)), self.config, force=force)

    def query(self, query: str, *, event: str | None = None) -> list[dict[str, Any]] | bool:
        """Run a named query or SPARQL text; SELECT gives a list of dicts of Python values.
        ``event`` (an IRI or a slug under the base): answer over that event's graphs only.
        A query pasted from the Wikidata Query Service runs as it is (its prefixes predeclared, its
        label service answered here). Raises ``SparqlSyntaxError`` (with ``line`` and ``column``),
        ``ServiceError`` for a SERVICE that cannot be used, ``QueryError`` otherwise."""
        result = self._run(query, event)
        if isinstance(result, QueryBoolean):
            return bool(result)
        if not isinstance(result, QuerySolutions):
            raise QueryError("query() takes SELECT or ASK; use construct() for CONSTRUCT/DESCRIBE")
        names = [v.value for v in result.variables]
        with evaluation_errors(resolve_query(query, None)):
            return [{n: to_python(row[n]) for n in names} for row in result]

    def construct(
        self, query: str, *, event: str | None = None, format: str | None = None
    ) -> list[Triple] | str:
        """Run a CONSTRUCT or DESCRIBE (a named query or SPARQL text): the triples, or with
        ``format`` ("turtle", "ntriples", "rdfxml", "jsonld" …) the graph as text in that syntax."""
        result = self._run(query, event)
        if not isinstance(result, QueryTriples):
            raise QueryError("construct() takes CONSTRUCT or DESCRIBE; use query() for SELECT/ASK")
        with evaluation_errors(resolve_query(query, None)):
            triples = list(result)
        if format is None:
            return triples
        if format in ("jsonld", "json-ld"):
            from sevare_kg.exports.formats import compact_jsonld

            lines = sorted({f"{t} .\n" for t in triples})
            return json.dumps(compact_jsonld("".join(lines)), ensure_ascii=False, indent=2) + "\n"
        fmt = rdf_format(format)
        if fmt in DATASET_FORMATS:
            raise QueryError(f"construct() gives a graph: {format!r} is a dataset syntax (use turtle)")
        return (serialize(triples, format=fmt, prefixes=dict(PREFIXES)) or b"").decode("utf-8")

    def query_df(self, query: str, *, event: str | None = None):
        """The same as :meth:`query`, as a pandas DataFrame (needs the 'notebook' extra)."""
        require_extra("notebook", "pandas")
        import pandas as pd

        result = self._run(query, event)
        if not isinstance(result, QuerySolutions):
            raise QueryError("query_df() takes a SELECT query")
        names = [v.value for v in result.variables]
        with evaluation_errors(resolve_query(query, None)):
            rows = [[to_python(row[n]) for n in names] for row in result]
        return pd.DataFrame(rows, columns=names)

    def _run(self, query: str, event: str | None) -> QuerySolutions | QueryBoolean | QueryTriples:
        sparql = resolve_query(query, None)
        if event is None:
            return self.store.query(sparql)
        graphs = event_dataset(lambda q: local_rows(self.store, q), sparql, event, self.config.base)
        return self.store.query(sparql, default_graph=[NamedNode(g) for g in graphs])

    def export(self, path: str | Path, format: str = "turtle") -> Path:
        """Write the store to ``path`` in an RDF syntax (as :meth:`serialize`); an interrupted
        export leaves no half-written file."""
        target = Path(path)
        with atomic_output(target) as handle:
            self._write(handle, format)
        return target

    def serialize(self, format: str = "turtle") -> str:
        """The store as text: turtle, ntriples, rdfxml, jsonld (compact, the union of the graphs,
        as ``sevare-kg export``) or a dataset syntax with the named graphs (nquads, trig,
        jsonld-expanded)."""
        import io

        buffer = io.BytesIO()
        self._write(buffer, format)
        return buffer.getvalue().decode("utf-8")

    def _write(self, handle: IO[bytes], format: str) -> None:
        if format in ("jsonld", "json-ld"):
            from sevare_kg.exports.formats import render

            handle.write(render(self.store, "jsonld").encode("utf-8"))
        else:
            self.store.export(handle, rdf_format(format), canonical=True)

    def validate(self) -> ValidationReport:
        return validate(self.store)

    def stats(self) -> dict[str, int]:
        return store_stats(self.store)


class IRI(str):
    """An IRI in a query's rows: a ``str`` (compare it, print it, use it as a key) that says it is
    an IRI, not a literal: ``isinstance(value, IRI)``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"


_INTEGERS = frozenset(
    {
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    }
)  # fmt: skip


def _temporal(dtype: str, text: str) -> Any:
    """xsd:date / xsd:dateTime / xsd:time as Python's; None when Python cannot hold it (a year
    before 1 or after 9999, a leap second)."""
    value = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        if dtype == "date":
            return datetime.date.fromisoformat(value[:10]) if len(value) >= 10 else None
        if dtype == "dateTime":
            return datetime.datetime.fromisoformat(value)
        return datetime.time.fromisoformat(value)
    except ValueError:
        return None


def to_python(term: object) -> Any:
    """SPARQL terms as Python values: IRIs as :class:`IRI` (a ``str``), xsd:integer and its kinds as
    ``int``, xsd:decimal as ``Decimal``, xsd:double/float as ``float``, xsd:boolean as ``bool``,
    xsd:date/dateTime/time as ``datetime.date``/``datetime``/``time``; other literals (language-tagged
    strings among them) and values Python cannot hold as their lexical ``str``."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return IRI(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        namespace, _, dtype = term.datatype.value.rpartition("#")
        if namespace != "http://www.w3.org/2001/XMLSchema":
            return term.value
        try:
            if dtype in _INTEGERS:
                return int(term.value)
            if dtype == "decimal":
                return Decimal(term.value)
            if dtype in ("double", "float"):
                return float(term.value)
        except (ValueError, ArithmeticError):
            return term.value
        if dtype == "boolean":
            return term.value in ("true", "1")
        if dtype in ("date", "dateTime", "time"):
            typed = _temporal(dtype, term.value)
            return term.value if typed is None else typed
        return term.value
    return str(term)


__all__ = ["IRI", "KnowledgeGraph", "RdfFormat", "to_python"]
