"""``sevare-kg query QUERY``: a SPARQL query (text, --file or a named query) on the local store or a
remote endpoint, over the whole store or one event's graphs; a table, CSV/TSV/JSON/XML results, or
a graph in an RDF syntax."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, serialize

from sevare_kg.cli._options import (
    add_base_argument,
    add_remote_query_arguments,
    add_store_argument,
    event_base,
    open_store,
    remote_client,
)
from sevare_kg.errors import SevareKgError
from sevare_kg.store.knowledge_store import evaluation_errors, rdf_format
from sevare_kg.store.named_queries import event_dataset, local_rows, resolve_query

RESULT_FORMATS = {
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
}
TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "rdfxml", "jsonld")
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


def add_parser(sub: Any) -> None:
    sp = sub.add_parser("query", help="run a SPARQL query (text, --file, or a named query from queries/)")
    sp.add_argument("query", nargs="?", help="SPARQL text or the name of a query in queries/")
    sp.add_argument("--file", type=Path, help="read the SPARQL query from this file (instead of QUERY)")
    sp.add_argument(
        "--format",
        choices=[*TABLE_FORMATS, *GRAPH_FORMATS],
        default=None,
        help="for SELECT/ASK: table (default), csv, tsv, json, xml; "
        "for CONSTRUCT/DESCRIBE: turtle (default), ntriples, rdfxml, jsonld",
    )
    sp.add_argument(
        "--service",
        metavar="URL",
        help="send the query's SERVICE <https://query.wikidata.org/sparql> clauses to this endpoint",
    )
    sp.add_argument(
        "--event",
        metavar="EVENT",
        help="answer for one event (its IRI or slug, e.g. 2023-sevare-attack): the query runs over "
        "that event's graphs only, in milliseconds on any store size",
    )
    add_base_argument(
        sp, "base IRI under which an --event slug is read (default https://w3id.org/sevare-kg/)"
    )
    add_store_argument(sp)
    add_remote_query_arguments(sp)
    sp.set_defaults(func=run)


def _first_keyword(sparql: str) -> str | None:
    """The query's form (SELECT, CONSTRUCT, INSERT …): its first keyword after PREFIX/BASE lines."""
    from sevare_kg.store.sparql_text import tokens

    skip = 0
    for kind, value, *_ in tokens(sparql):
        if skip:
            skip -= 1
            continue
        word = value.upper() if kind == "word" else ""
        if word == "PREFIX":
            skip = 2  # the prefix name and its IRI
        elif word == "BASE":
            skip = 1
        elif kind == "word":
            return word
        else:
            return None
    return None


def run(args: argparse.Namespace) -> int:
    sparql = resolve_query(args.query, args.file)
    form = _first_keyword(sparql)
    if form in _UPDATE_WORDS:
        raise SevareKgError(
            f"this is an update ({form} …): 'sevare-kg query' only reads; send updates to the "
            "endpoint with a write token ('sevare-kg serve --token-file', see the endpoint docs), "
            "or rebuild with 'sevare-kg build'"
        )
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    if args.format is not None and graph_form != (args.format in GRAPH_FORMATS):
        wanted = "turtle, ntriples, rdfxml or jsonld" if graph_form else "table, csv, tsv, json or xml"
        raise SevareKgError(
            f"--format {args.format}: a {form} query gives "
            f"{'a graph' if graph_form else 'a table'}; use --format {wanted}"
        )
    if getattr(args, "service", None):
        from sevare_kg.linking.reconcile import retarget_service

        sparql = retarget_service(sparql, args.service)
    if args.remote_query:
        result = _remote_query(args, sparql)
    else:
        store = open_store(args, existing=True)
        dataset = None
        if args.event:
            from pyoxigraph import NamedNode

            graphs = event_dataset(lambda q: local_rows(store, q), sparql, args.event, event_base(args))
            dataset = [NamedNode(g) for g in graphs]
        result = store.query(sparql, default_graph=dataset)
    out = sys.stdout
    if isinstance(result, (QueryTriples, list)):
        _write_graph(result, args.format or "turtle", sparql)
        return 0
    if args.format in (None, "table"):
        with evaluation_errors(sparql):
            table = format_table(result)
        out.write(table if table.endswith("\n") else table + "\n")
        return 0
    fmt = RESULT_FORMATS[args.format]
    with evaluation_errors(sparql):
        data = result.serialize(format=fmt)
    sys.stdout.buffer.write(data if data is not None else b"")
    if args.format == "json":
        sys.stdout.buffer.write(b"\n")
    return 0


def _write_graph(result: Any, fmt: str, sparql: str) -> None:
    """A CONSTRUCT/DESCRIBE answer in an RDF syntax; Turtle with the project's prefixes."""
    from sevare_kg.rdf.vocab import PREFIXES

    with evaluation_errors(sparql):
        triples = list(result)
    if fmt == "jsonld":
        from sevare_kg.exports.formats import compact_jsonld

        doc = compact_jsonld("".join(sorted({f"{t} .\n" for t in triples})))
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    rdf = rdf_format(fmt)
    serialize(triples, sys.stdout.buffer, rdf, prefixes=None if fmt == "ntriples" else dict(PREFIXES))


def _remote_query(args: argparse.Namespace, sparql: str) -> QuerySolutions | QueryBoolean | QueryTriples:
    """The remote's answer, parsed into the same result objects as a local query (over one
    event's graphs with ``--event``)."""
    from pyoxigraph import RdfFormat, parse, parse_query_results

    from sevare_kg.build.remote import RemoteError
    from sevare_kg.rdf.vocab import PREFIXES
    from sevare_kg.store.sparql_text import prefix_header

    sparql = prefix_header(sparql, PREFIXES)  # on the first line: the remote's positions are the user's
    client = remote_client(args)
    try:
        dataset = event_dataset(client.select, sparql, args.event, event_base(args)) if args.event else None
        media, body = client.query(sparql, default_graphs=dataset)
    finally:
        client.close()
    try:
        if media in ("application/sparql-results+json", "application/json"):
            return parse_query_results(body, format=QueryResultsFormat.JSON)
        if media in ("application/n-triples", "text/plain", "text/turtle"):
            fmt = RdfFormat.TURTLE if media == "text/turtle" else RdfFormat.N_TRIPLES
            return list(parse(body, format=fmt))  # type: ignore[return-value]
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(f"{args.remote_query}: cannot read its {media} answer: {exc}") from None
    raise RemoteError(
        f"{args.remote_query}: answered with {media or 'no media type'}, not SPARQL JSON results or N-Triples"
    )


def format_table(result: QuerySolutions | QueryBoolean) -> str:
    if isinstance(result, QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    variables = [v.value for v in result.variables]
    rows = [[_cell(sol[v]) for v in variables] for sol in result]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    line = " | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()
    sep = "-+-".join("-" * w for w in widths)
    body = "\n".join(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)
    return f"{line}\n{sep}\n{body}\n" + ("" if rows else "(no rows)\n")


def _cell(term: object) -> str:
    if term is None:
        return ""
    from pyoxigraph import Literal, NamedNode

    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        return term.value
    return str(term)
