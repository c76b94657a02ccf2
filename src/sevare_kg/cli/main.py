"""The ``sevare-kg`` command line: map, build, query, export, validate, stats, serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, serialize

from sevare_kg._version import __version__
from sevare_kg.cli.evaluate_command import add_evaluate_parser
from sevare_kg.errors import SevareKgError, require_extra
from sevare_kg.files import atomic_output
from sevare_kg.store.knowledge_store import KnowledgeStore, default_store_path, evaluation_errors, rdf_format
from sevare_kg.store.named_queries import event_dataset, local_rows, named_queries, resolve_query, store_stats

log = logging.getLogger("sevare_kg")

RESULT_FORMATS = {
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
}
RDF_CHOICES = ["turtle", "nquads", "ntriples", "trig", "jsonld-expanded", "rdfxml"]
EXPORT_CHOICES = [
    "jsonld",
    "jsonld-framed",
    "schema-org",
    "csv-ged",
    "csv-acled",
    "quickstatements",
]  # sevare_kg.exports.formats


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING if not args.quiet else logging.ERROR,
        format="sevare-kg: %(levelname)s: %(message)s"
        if not args.verbose
        else "%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    try:
        _check_base(getattr(args, "base", None))  # before anything is read or created
        return int(args.func(args) or 0)
    except SevareKgError as exc:
        print(f"sevare-kg: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("sevare-kg: interrupted", file=sys.stderr)
        return 130


class _SubcommandParser(argparse.ArgumentParser):
    """A sub-command's parser: takes -v/-q too, so that `sevare-kg build -q` works as `sevare-kg -q build`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SUPPRESS: when not given after the sub-command, the value given before it (or False) stands
        self.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging"
        )
        self.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="errors only")


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sevare-kg", description="Wikipedia articles about armed attacks as an RDF knowledge graph."
    )
    p.add_argument("--version", action="version", version=f"sevare-kg {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.add_argument("-q", "--quiet", action="store_true", help="errors only")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_SubcommandParser)

    def store_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--store",
            type=Path,
            default=None,
            help="store folder (default: $SEVARE_KG_STORE, else ./.sevare-kg/store)",
        )

    def base_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--base",
            default=None,
            help="base IRI of the graph's resources (default https://w3id.org/sevare-kg/)",
        )

    sp = sub.add_parser("map", help="map article files to RDF on stdout (no store)")
    sp.add_argument("files", nargs="+", type=Path)
    sp.add_argument(
        "--format",
        choices=[*RDF_CHOICES, "jsonld"],
        default="turtle",
        help="an RDF syntax; jsonld is compact JSON-LD in the project's context (the triples), "
        "jsonld-expanded keeps the named graphs",
    )
    base_arg(sp)
    sp.set_defaults(func=cmd_map)

    sp = sub.add_parser("build", help="map articles (files or folders) into the store")
    sp.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: data/articles/)")
    store_arg(sp)
    sp.add_argument("--memory", action="store_true", help="use an in-memory store (for a dry run)")
    sp.add_argument("--force", action="store_true", help="re-map articles even when unchanged")
    base_arg(sp)
    from sevare_kg.cli.scale_options import add_build_arguments

    add_build_arguments(sp)
    sp.set_defaults(func=cmd_build)

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
    sp.add_argument(
        "--base",
        default=None,
        help="base IRI under which an --event slug is read (default https://w3id.org/sevare-kg/)",
    )
    store_arg(sp)
    remote_query_args(sp)
    sp.set_defaults(func=cmd_query)

    sp = sub.add_parser(
        "link", help="reconcile unlinked entities with a Wikidata-style dataset; apply reviewed links"
    )
    src = sp.add_mutually_exclusive_group(required=True)
    src.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint using Wikidata's vocabulary")
    src.add_argument(
        "--dataset", metavar="FILE", type=Path, help="a local RDF file using Wikidata's vocabulary"
    )
    src.add_argument(
        "--apply", metavar="FILE", type=Path, help="apply the rows marked 'accept' in a review file"
    )
    sp.add_argument(
        "--output",
        "-o",
        type=Path,
        default=Path("links-review.tsv"),
        help="review file to write (default: links-review.tsv)",
    )
    sp.add_argument(
        "--min-score", type=float, default=0.5, help="drop candidates scoring below (default 0.5)"
    )
    sp.add_argument("--top", type=int, default=3, help="candidates kept per entity (default 3)")
    sp.add_argument(
        "--links",
        type=Path,
        default=None,
        help="user link table --apply appends to (default: $SEVARE_KG_LINKS, else "
        "./.sevare-kg/links-accepted.tsv); the mapper reads it on every build",
    )
    store_arg(sp)
    sp.set_defaults(func=cmd_link)

    sp = sub.add_parser("export", help="export the store as RDF")
    sp.add_argument(
        "--format",
        choices=RDF_CHOICES + EXPORT_CHOICES,
        default="nquads",
        help="an RDF syntax: jsonld is compact JSON-LD in the project's context (the union of the "
        "graphs, as Turtle), jsonld-expanded keeps the named graphs (as TriG and N-Quads); or "
        "jsonld-framed (one framed document per event), schema-org (Event JSON-LD for web pages), "
        "csv-ged / csv-acled (one row per event), quickstatements",
    )
    sp.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    sp.add_argument("--graph", help="export only this named graph")
    store_arg(sp)
    from sevare_kg.cli.scale_options import add_export_arguments

    add_export_arguments(sp)
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("validate", help="SHACL-validate the store and list inconsistent reports")
    store_arg(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("stats", help="counts of graphs, triples, events and reports")
    store_arg(sp)
    remote_query_args(sp)
    sp.set_defaults(func=cmd_stats)

    sp = sub.add_parser("queries", help="list the named queries")
    sp.set_defaults(func=cmd_queries)

    sp = sub.add_parser(
        "serve", help="serve the store over HTTP (SPARQL endpoint); builds data/ first if empty"
    )
    store_arg(sp)
    from sevare_kg.server.options import add_serve_arguments

    add_serve_arguments(sp)
    base_arg(sp)
    sp.set_defaults(func=cmd_serve)

    add_evaluate_parser(sub)
    return p


# -- helpers ---------------------------------------------------------------------------------------


def _check_base(base: str | None) -> None:
    if base is None:
        return
    from pyoxigraph import NamedNode

    try:
        NamedNode(base)
    except ValueError as exc:
        raise SevareKgError(f"--base {base!r}: not an absolute IRI ({exc})") from None


def _config(args: argparse.Namespace):
    from sevare_kg.rdf.mapper import MapperConfig

    return MapperConfig(base=args.base) if getattr(args, "base", None) else MapperConfig()


def _store(args: argparse.Namespace, *, existing: bool = False) -> KnowledgeStore:
    """The store of ``--store`` (or the default); with ``existing``, one that must be there already
    (a command that only reads creates nothing: an empty or unrelated folder is an error)."""
    path = args.store or default_store_path()
    if existing and not (path / "CURRENT").is_file():  # RocksDB's marker of a database folder
        what = "no store here" if not path.exists() or not any(path.iterdir()) else "not a store"
        raise SevareKgError(f"{path}: {what}; run 'sevare-kg build' first (or pass --store)")
    return KnowledgeStore(path)


def _default_articles() -> Path:
    from sevare_kg.resources import data_dir

    return data_dir() / "articles"


class _Progress:
    """A build's progress: on a terminal a tqdm bar (count, rate, ETA when the total is known);
    elsewhere (a log file, CI) a log line every 10 s with the count and the rate."""

    def __init__(self, total: int | str) -> None:
        self.total = total if isinstance(total, int) else None
        self.bar = None
        self.started = self.last = time.monotonic()
        if sys.stderr.isatty() and log.isEnabledFor(logging.WARNING):
            from tqdm import tqdm

            try:  # a terminal that reports no size (a bare pty) gets 80x24, not a hidden bar
                sized = os.get_terminal_size(sys.stderr.fileno()).columns > 0
            except OSError:
                sized = False
            self.bar = tqdm(
                total=self.total,
                unit=" articles",
                file=sys.stderr,
                dynamic_ncols=sized,
                ncols=None if sized else 80,
                nrows=None if sized else 24,
                leave=False,
            )

    def __call__(self, n: int, name: str) -> None:
        if self.bar is not None:
            self.bar.update(n - self.bar.n)
            self.bar.set_postfix_str(Path(name).name[:40], refresh=False)
            return
        now = time.monotonic()
        if now - self.last >= 10 or n == self.total:
            self.last = now
            rate = n / max(now - self.started, 1e-9)
            of = f"/{self.total}" if self.total else ""
            eta = f", about {(self.total - n) / rate:.0f} s left" if self.total and n < self.total else ""
            log.info("%d%s articles read (%.1f/s%s)", n, of, rate, eta)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.close()


# -- commands --------------------------------------------------------------------------------------


def cmd_map(args: argparse.Namespace) -> int:
    from sevare_kg.build.inputs import read_sources_table
    from sevare_kg.extraction.article import read_article_file
    from sevare_kg.rdf.mapper import map_article, with_reference

    config = _config(args)
    quads = []
    for path in args.files:  # read all first: an error leaves stdout empty
        article = read_article_file(path, url=read_sources_table(path.parent).get(path.name))
        quads.extend(map_article(article, config))
    store = KnowledgeStore(None)
    # the articles' graphs, and the part of the reference graph (gazetteer entities) they name
    store.oxigraph.extend(with_reference(quads, config))
    if args.format == "jsonld":
        from sevare_kg.exports.formats import render

        sys.stdout.write(render(store, "jsonld"))
        return 0
    store.export(sys.stdout.buffer, rdf_format(args.format), canonical=True)
    sys.stdout.buffer.flush()
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from sevare_kg.cli.scale_options import run_build

    return run_build(
        args,
        _config(args),
        [_default_articles()],
        lambda: KnowledgeStore(None) if args.memory else _store(args),
        _Progress,
    )


TABLE_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "rdfxml", "jsonld")
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


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


def cmd_query(args: argparse.Namespace) -> int:
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
        store = _store(args, existing=True)
        dataset = None
        if args.event:
            from pyoxigraph import NamedNode

            graphs = event_dataset(lambda q: local_rows(store, q), sparql, args.event, _event_base(args))
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


def remote_query_args(sp: argparse.ArgumentParser) -> None:
    r = sp.add_argument_group("remote SPARQL endpoint (instead of the local store)")
    r.add_argument(
        "--remote-query",
        metavar="SPARQL_URL",
        default=None,
        help="ask this SPARQL 1.1 query endpoint (e.g. the remote a build wrote to)",
    )
    r.add_argument(
        "--remote-credentials",
        type=Path,
        default=None,
        metavar="FILE",
        help="key=value lines: user, password, token, scheme (else $SEVARE_KG_REMOTE_*)",
    )
    r.add_argument("--remote-auth", choices=["basic", "digest", "bearer"], default=None)


def _remote_client(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from sevare_kg.build.remote import GraphStoreClient, load_credentials

    creds = load_credentials(args.remote_credentials, args.remote_auth)
    return GraphStoreClient(args.remote_query, query_url=args.remote_query, credentials=creds, retries=2)


def _event_base(args: argparse.Namespace) -> str:
    from sevare_kg.rdf.vocab import DEFAULT_BASE

    return args.base or DEFAULT_BASE


def _remote_query(args: argparse.Namespace, sparql: str) -> QuerySolutions | QueryBoolean | QueryTriples:
    """The remote's answer, parsed into the same result objects as a local query (over one
    event's graphs with ``--event``)."""
    from pyoxigraph import RdfFormat, parse, parse_query_results

    from sevare_kg.build.remote import RemoteError
    from sevare_kg.rdf.vocab import PREFIXES
    from sevare_kg.store.sparql_text import prefix_header

    sparql = prefix_header(sparql, PREFIXES)  # on the first line: the remote's positions are the user's
    client = _remote_client(args)
    try:
        dataset = event_dataset(client.select, sparql, args.event, _event_base(args)) if args.event else None
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
    line = " | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))
    sep = "-+-".join("-" * w for w in widths)
    body = "\n".join(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)
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


def cmd_export(args: argparse.Namespace) -> int:
    from pyoxigraph import NamedNode

    store = _store(args, existing=True)
    if getattr(args, "shards", None) is not None:
        from sevare_kg.cli.scale_options import run_export_shards

        return run_export_shards(args, store)
    if args.format in EXPORT_CHOICES:
        from sevare_kg.exports.formats import cli_export

        return cli_export(store, args.format, args.output, args.graph)
    fmt = rdf_format(args.format)
    graph = NamedNode(args.graph) if args.graph else None
    if graph is not None and not store.contains_graph(graph):
        raise SevareKgError(f"no graph {args.graph!r} in the store (see 'sevare-kg stats')")
    if args.output is None:
        store.export(sys.stdout.buffer, fmt, graph=graph, canonical=True)
        return 0
    # write beside the target, then rename: an interrupted export leaves no half file
    target = args.output
    with atomic_output(target) as handle:  # an interrupted export leaves no half file
        store.export(handle, fmt, graph=graph, canonical=True)
    print(f"wrote {target}", file=sys.stderr)
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    from sevare_kg.linking.reconcile import cli_link

    return cli_link(args, _store(args, existing=True))


def cmd_validate(args: argparse.Namespace) -> int:
    from sevare_kg.store.validation import validate

    report = validate(_store(args, existing=True))
    print(report.text())
    return 0 if report.conforms else 1


def cmd_stats(args: argparse.Namespace) -> int:
    if args.remote_query:
        from sevare_kg.store.named_queries import remote_stats

        client = _remote_client(args)
        try:
            stats = remote_stats(client.select)
        finally:
            client.close()
    else:
        stats = store_stats(_store(args, existing=True))
    width = max(len(k) for k in stats)
    for key, value in stats.items():
        print(f"{key.ljust(width)}  {value}")
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    for name, description in named_queries().items():
        print(f"{name:28} {description}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sevare_kg.build.builder import build
    from sevare_kg.build.inputs import check_paths, iter_records
    from sevare_kg.server.options import read_token

    path = args.store or default_store_path()
    token = read_token(args.token_file)
    require_extra("server", "starlette", "granian")
    from sevare_kg.rdf.vocab import DEFAULT_BASE
    from sevare_kg.server import check_port_free, serve

    check_port_free(args.host, args.port)  # before building: a taken port is the first thing to say

    with KnowledgeStore(path) as store:
        if len(store) == 0:
            report = build(store, iter_records(check_paths([_default_articles()])), _config(args))
            print(report.summary(), file=sys.stderr)

    serve(
        path,
        host=args.host,
        port=args.port,
        token=token,
        query_timeout=args.query_timeout,
        base=args.base or DEFAULT_BASE,
        workers=args.workers,
        cache=not args.no_cache,
        service_allow=tuple(args.service_allow),
        worker_memory=args.worker_memory,
        update_timeout=args.update_timeout,
        max_body=args.max_body,
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
