#!/usr/bin/env python3
"""The tables of docs/benchmarks.md, rendered from the results files in bench/results/ they cite.

    .venv/bin/python bench/report.py            # rewrite every generated table in place
    .venv/bin/python bench/report.py --check    # exit 1 naming each table that differs from its file

A generated table sits between two comments, the first naming its results file and options:

    <!-- table: endpoint-20261130-0304.json clients=16 queries=dash:q-point,named:sides -->
    | ... the table, written by this script ... |
    <!-- /table -->

Everything outside the comments (the prose) is left as it is. The file's name says which table it
gives: ``map_build-*.txt`` (bench/map_build.py: each run's map and build rates, as ranges),
``endpoint-*.json`` (bench/endpoint/run.py: one run at several client counts, peers side by side,
or a ``--rounds`` run with per-round ratio medians), ``scale-*.jsonl`` (bench/scale/run.py: the
build and load figures per corpus size, or with ``event=`` the per-event query times).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from sevare_kg.errors import SevareKgError
from sevare_kg.files import atomic_output

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DOCS = ROOT / "docs" / "benchmarks.md"

_MARKED = re.compile(
    r"^(?P<indent>[ \t]*)<!-- table: (?P<spec>[^\n]*?) -->\n(?P<body>.*?)^(?P=indent)<!-- /table -->$",
    re.M | re.S,
)
_OPENER = re.compile(r"^[ \t]*<!-- table:", re.M)

Record = dict[str, Any]
Options = Mapping[str, str]


class ReportError(SevareKgError):
    """A table marker or a results file this script cannot render a table from."""


@dataclass(frozen=True)
class _Table:
    """One marked table of the page: where its body is, what it cites, what it holds now."""

    spec: str
    line: int  # of its opening comment
    indent: str
    start: int
    end: int
    body: str


# --- formatting ---------------------------------------------------------------------------------

_LABELS = {
    "dash:q-point": "dash: point lookup (light)",
    "dash:q-events-by-type": "dash: events by type (GROUP BY)",
    "dash:q-filter-sorted": "dash: FILTER + ORDER BY + LIMIT",
    "dash:q-deadliest": "dash: deadliest (GROUP BY + ORDER BY)",
}
_LIGHT = {"dash:q-point"}  # the target for a light query: >= 0.3x Oxigraph's throughput
_LIGHT_TARGET, _ENGINE_TARGET, _P99_TARGET = 0.3, 0.95, 1.5  # engine-bound: >= 0.95x, p99 <= 1.5x


def _label(query: str) -> str:
    return _LABELS.get(query, query.replace(":", ": ", 1))


def _rate(x: float) -> str:
    """A rate (req/s, articles/s): whole above 100, one decimal above 1, two below."""
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}" if x >= 1 else f"{x:.2f}"


def _latency(ms: float) -> str:
    return f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms"


def _ratio(x: float) -> str:
    return f"{x:.2f}×" if x < 10 else f"{x:.0f}×"


def _bold_if(text: str, missed: bool) -> str:
    return f"**{text}**" if missed else text


def _target_ratios(query: str, throughput: float, p99: float) -> str:
    """``throughput; p99`` ratios to Oxigraph, each in bold where it misses the issue's target."""
    floor = _LIGHT_TARGET if query in _LIGHT else _ENGINE_TARGET
    p99_missed = query not in _LIGHT and p99 > _P99_TARGET
    return f"{_bold_if(_ratio(throughput), throughput < floor)}; {_bold_if(_ratio(p99), p99_missed)}"


def _markdown(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


# --- results files ------------------------------------------------------------------------------


def _results_file(name: str, results: Path) -> Path:
    if "/" in name or not (results / name).is_file():
        raise ReportError(f"no results file {name!r} in {results}")
    return results / name


def _json_file(path: Path) -> Record:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ReportError(f"{path.name}: not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ReportError(f"{path.name}: not an endpoint run (no 'results' list)")
    return data


def _json_lines(path: Path) -> list[Record]:
    """The JSON objects of a file written one a line (other lines, e.g. wrk output, skipped)."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                raise ReportError(f"{path.name}: a line is not JSON: {exc}") from None
    return records


def _endpoint_records(path: Path) -> list[Record]:
    """An endpoint run's records: the ``results`` of its JSON, or the JSON lines of a raw log."""
    if path.suffix == ".json":
        return list(_json_file(path)["results"])
    return [r for r in _json_lines(path) if "peer" in r]


# --- options ------------------------------------------------------------------------------------


def _options(spec: str) -> tuple[str, dict[str, str]]:
    name, *pairs = spec.split()
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not value:
            raise ReportError(f"table {name}: {pair!r} is not key=value")
        options[key] = value
    return name, options


def _only(name: str, options: Options, allowed: set[str]) -> None:
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise ReportError(
            f"table {name}: unknown option {unknown[0]!r} (this table takes: {sorted(allowed)})"
        )


def _needed(name: str, options: Options, key: str) -> str:
    if key not in options:
        raise ReportError(f"table {name}: the option {key}= is needed")
    return options[key]


def _clients(name: str, options: Options) -> int:
    value = _needed(name, options, "clients")
    if not value.isdigit():
        raise ReportError(f"table {name}: clients={value} is not a number")
    return int(value)


# --- map_build-*.txt ----------------------------------------------------------------------------

_MAP_BUILD_LINE = re.compile(r"^(map|build)\s+([\d.]+) articles/s\s+(\d+) triples/s", re.M)
_MAP_WARM_LINE = re.compile(r"^warm\s+([\d.]+) articles/s", re.M)
_MAP_BUILD_STEPS = {
    "map": "map (parse + extract + RDF)",
    "build": "build (map + atomic graph replace per article, on disk)",
}


def _span(values: list[float], fmt: Callable[[float], str]) -> str:
    low, high = fmt(min(values)), fmt(max(values))
    return low if low == high else f"{low} – {high}"


def _map_build_table(path: Path, options: Options) -> list[str]:
    """Each step's articles/s and triples/s over the runs of the file (a range when several)."""
    _only(path.name, options, set())
    found = _MAP_BUILD_LINE.findall(path.read_text(encoding="utf-8"))
    rows = []
    for step, label in _MAP_BUILD_STEPS.items():
        runs = [(float(a), float(t)) for s, a, t in found if s == step]
        if not runs:
            raise ReportError(f"{path.name}: no '{step}' line")
        articles = _span([a for a, _ in runs], lambda x: f"{x:.1f}")
        triples = _span([t for _, t in runs], lambda x: f"{x:,.0f}")
        rows.append([label, articles, triples])
    warm = [float(a) for a in _MAP_WARM_LINE.findall(path.read_text(encoding="utf-8"))]
    if warm:  # runs since 2026-12-07 also map again once the data is loaded
        rows.insert(
            1, ["map again, gazetteers loaded (per-article cost)", _span(warm, lambda x: f"{x:.1f}"), "–"]
        )
    return _markdown(["step", "articles/s", "triples/s"], rows)


# --- endpoint-*.json: one run, peers side by side -----------------------------------------------


def _measured(records: Iterable[Record], peer: str, query: str, clients: int) -> Record | None:
    """The run of a peer on a query at a client count, or its skip record (``skipped``)."""
    found = None
    for r in records:
        if r.get("peer") == peer and r.get("query") == query:
            if "skipped" in r or r.get("clients") == clients:
                found = r
    return found


def _skip_note(record: Record) -> str:
    text = str(record["skipped"])
    timeout = re.search(r"Timeout after (\d+) s", text)
    if timeout:
        return f"no first answer in {timeout.group(1)} s"
    took = re.search(r"took ([\d.]+) s", text)
    if took:
        seconds = float(took.group(1))
        return (
            f"an error after {seconds:.0f} s"
            if record.get("rows", 0) < 0
            else f"first answer after {seconds:.0f} s"
        )
    return text


def _rate_and_p99(record: Record | None, duration: int) -> str:
    if record is None:
        return "–"
    if "skipped" in record:
        return _skip_note(record)
    if record["rps"] <= 0:
        return f"no reply in {duration} s"
    return f"{_rate(record['rps'])} ({_latency(record['p99_ms'])})"


def _answered_rate(record: Record | None) -> float:
    """A run's req/s; 0 for a query the peer was not run on or gave up."""
    return 0.0 if record is None or "skipped" in record else float(record["rps"])


def _cache_cell(cached: Record | None, oxigraph: Record | None, duration: int) -> str:
    """Ours with the cache on: req/s and, where Oxigraph gave at least 1 req/s (below, a handful of
    answers in the run), how many times Oxigraph's."""
    rate, theirs = _answered_rate(cached), _answered_rate(oxigraph)
    if rate <= 0:
        return _rate_and_p99(cached, duration)
    return _rate(rate) + (f" ({_ratio(rate / theirs)})" if theirs >= 1 else "")


def _peers_row(
    query: str, runs: list[Record], rdflib: list[Record], clients: int, duration: int
) -> list[str]:
    ours, oxigraph, cached = (
        _measured(runs, p, query, clients) for p in ("ours-nocache", "oxigraph", "ours-cache")
    )
    ratios = round_ratios(runs, "ours-nocache", query, clients)
    return [
        _label(query),
        _rate_and_p99(ours, duration),
        _rate_and_p99(oxigraph, duration),
        "–" if ratios is None else _target_ratios(query, ratios[0], ratios[1]),
        _cache_cell(cached, oxigraph, duration),
        _rate_and_p99(_measured(rdflib, "rdflib", query, clients), duration),
    ]


def _endpoint_peers_table(path: Path, info: Record, options: Options, results: Path) -> list[str]:
    """At one client count: ours (cache off), Oxigraph, their ratios, ours (cache on), rdflib-endpoint
    (its runs in the files of ``rdflib=``, as it was measured apart)."""
    _only(path.name, options, {"clients", "queries", "rdflib"})
    clients = _clients(path.name, options)
    queries = _needed(path.name, options, "queries").split(",")
    rdflib = [
        r
        for name in options.get("rdflib", "").split(",")
        if name
        for r in _endpoint_records(_results_file(name, results))
    ]
    rows = [_peers_row(q, info["results"], rdflib, clients, int(info["duration_s"])) for q in queries]
    header = [
        "query",
        "ours, cache off: req/s (p99)",
        "`oxigraph serve-read-only`: req/s (p99)",
        "ratio: throughput; p99",
        "ours, cache on: req/s (× Oxigraph)",
        "rdflib-endpoint: req/s (p99)",
    ]
    return _markdown(header, rows)


# --- endpoint-*.json: a --rounds run ------------------------------------------------------------


def round_ratios(
    results: Iterable[Record], peer: str, query: str, clients: int
) -> tuple[float, float, int] | None:
    """A peer's throughput and p99 ratios to Oxigraph on a query: the median over the rounds of the
    ratio within each round (the pair measured back to back), and the number of rounds; None when
    no round has both with answers. bench/endpoint/run.py summarizes its runs with this too."""
    runs = [r for r in results if r.get("query") == query and r.get("clients") == clients and "rps" in r]
    ours = [r for r in runs if r.get("peer") == peer]
    theirs = [r for r in runs if r.get("peer") == "oxigraph" and r["rps"] > 0 and r["p99_ms"] > 0]
    pairs = [(a, b) for a in ours for b in theirs if a.get("round") == b.get("round")]
    if not pairs:
        return None
    throughput = median(a["rps"] / b["rps"] for a, b in pairs)
    return throughput, median(a["p99_ms"] / b["p99_ms"] for a, b in pairs), len(pairs)


def _median_and_range(info: Record, peer: str, query: str, clients: int) -> str:
    rates = [
        r["rps"]
        for r in info["results"]
        if r.get("peer") == peer and r.get("query") == query and r.get("clients") == clients
    ]
    if not rates:
        return "–"
    return f"{_rate(median(rates))} [{_rate(min(rates))}–{_rate(max(rates))}]"


def _ratio_cell(info: Record, query: str, clients: int) -> str:
    ratios = round_ratios(info["results"], "ours-nocache", query, clients)
    return "–" if ratios is None else _target_ratios(query, ratios[0], ratios[1])


def _clock(info: Record) -> str:
    stamp = str(info["date"])  # 20261130-1041
    return f"{stamp[-4:-2]}:{stamp[-2:]}"


def _endpoint_rounds_table(path: Path, info: Record, options: Options, results: Path) -> list[str]:
    """A --rounds run: ours and Oxigraph (median [range] of the rounds), the medians of the per-round
    ratios, and the ratios of an ``earlier=`` run beside them."""
    _only(path.name, options, {"clients", "queries", "earlier"})
    clients = _clients(path.name, options)
    queries = _needed(path.name, options, "queries").split(",")
    earlier = _json_file(_results_file(_needed(path.name, options, "earlier"), results))
    now, then = _clock(info), _clock(earlier)
    rows = [
        [
            _label(q),
            _median_and_range(info, "ours-nocache", q, clients),
            _median_and_range(info, "oxigraph", q, clients),
            _ratio_cell(info, q, clients),
            _ratio_cell(earlier, q, clients),
        ]
        for q in queries
    ]
    header = [
        f"query ({clients} clients)",
        f"{now}: ours req/s, median [range]",
        f"{now}: Oxigraph req/s",
        f"{now} ratio: throughput; p99",
        f"{then} ratio",
    ]
    return _markdown(header, rows)


def _endpoint_table(path: Path, options: Options, results: Path) -> list[str]:
    info = _json_file(path)
    rounds = info.get("rounds") or max((r.get("round", 1) for r in info["results"]), default=1)
    if rounds > 1:
        return _endpoint_rounds_table(path, info, options, results)
    return _endpoint_peers_table(path, info, options, results)


# --- scale-*.jsonl ------------------------------------------------------------------------------


def _latest(records: list[Record], measure: str, **match: Any) -> Record | None:
    """The last record of a measure (a re-run replaces an earlier one of the same file)."""
    found = None
    for r in records:
        if r.get("measure") == measure and all(r.get(k) == v for k, v in match.items()):
            found = r
    return found


def _seconds(s: float) -> str:
    return f"{s:,.0f} s" if s >= 100 else f"{s:.1f} s"


def _size(articles: int) -> str:
    return f"{articles // 1000}k articles" if articles % 1000 == 0 else f"{articles} articles"


_NOT_RUN = "not run"
_LOADS = {
    "oxigraph_load": "`oxigraph load` of the same N-Quads (its time ÷ our build's)",
    "oxigraph_load_optimize": "`oxigraph load` + `oxigraph optimize` (compacted, as our build leaves it)",
    "oxigraph_load_lenient": "`oxigraph load --lenient` (no IRI checks, as our writer loads its own output)",
}
_MAP_ENGINES = ("serial", "jobs2", "dask2")


def _map_cell(records: list[Record], n: int) -> str:
    runs = [_latest(records, "map", engine=e, articles=n) for e in _MAP_ENGINES]
    if any(r is None for r in runs):
        return _NOT_RUN
    return " / ".join(f"{r['articles_per_s']:.1f}" for r in runs if r is not None) + " articles/s"


def _build_cell(build: Record | None) -> str:
    if build is None:
        return _NOT_RUN
    return f"{_seconds(build['seconds'])} ({build['articles_per_s']:.1f} articles/s)"


def _load_cell(load: Record | None) -> str:
    return _NOT_RUN if load is None else f"{_seconds(load['seconds'])} ({_ratio(load['ratio_build'])})"


def _rss_cell(record: Record | None, *keys: str) -> str:
    if record is None:
        return _NOT_RUN
    return " / ".join(f"{record[k]:,.0f}" for k in keys) + " MB"


def _scale_table(path: Path, records: list[Record]) -> list[str]:
    """Per corpus size: mapping rates, our build, `oxigraph load` (three ways), peak memory."""
    sizes = sorted({int(r["articles"]) for r in records if r.get("measure") == "build"})
    if not sizes:
        raise ReportError(f"{path.name}: no build record")
    builds = [_latest(records, "build", articles=n) for n in sizes]
    rows = [
        ["map: serial / `--jobs 2` / Dask 2-worker LocalCluster", *(_map_cell(records, n) for n in sizes)],
        ["`build --jobs 2` (map, write, compact; on disk)", *(_build_cell(b) for b in builds)],
        *(
            [label, *(_load_cell(_latest(records, measure, articles=n)) for n in sizes)]
            for measure, label in _LOADS.items()
        ),
        [
            "peak RSS, build: writer / all processes",
            *(_rss_cell(b, "peak_rss_mb", "peak_tree_rss_mb") for b in builds),
        ],
        [
            "peak RSS, `oxigraph load`",
            *(_rss_cell(_latest(records, "oxigraph_load", articles=n), "peak_rss_mb") for n in sizes),
        ],
    ]
    return _markdown(["", *(_size(n) for n in sizes)], rows)


def _event_queries_table(path: Path, records: list[Record], event: str) -> list[str]:
    """Each named query's p50 for one event (``query_event`` records whose event IRI ends in
    ``event``), fastest first."""
    timed = [
        r for r in records if r.get("measure") == "query_event" and str(r.get("event", "")).endswith(event)
    ]
    if not timed:
        raise ReportError(f"{path.name}: no query_event record for an event ending in {event!r}")
    latest = {r["query"]: r for r in timed}
    ordered = sorted(latest.values(), key=lambda r: (r["p50_ms"], r["query"]))
    return _markdown([r["query"] for r in ordered], [[f"{r['p50_ms']:.1f} ms" for r in ordered]])


def _scale_file_table(path: Path, options: Options) -> list[str]:
    _only(path.name, options, {"event"})
    records = _json_lines(path)
    if "event" in options:
        return _event_queries_table(path, records, options["event"])
    return _scale_table(path, records)


# --- the page -----------------------------------------------------------------------------------


def render(spec: str, results: Path = RESULTS) -> list[str]:
    """The lines of the table a marker's ``spec`` (``FILE key=value ...``) names."""
    if not spec.split():
        raise ReportError("a table marker names no results file")
    name, options = _options(spec)
    path = _results_file(name, results)
    try:
        if name.startswith("map_build-") and name.endswith(".txt"):
            return _map_build_table(path, options)
        if name.startswith("endpoint-") and name.endswith(".json"):
            return _endpoint_table(path, options, results)
        if name.startswith("scale-") and name.endswith(".jsonl"):
            return _scale_file_table(path, options)
    except (KeyError, TypeError, ValueError) as exc:  # a record without a figure the table shows
        raise ReportError(
            f"{name}: a record lacks what the table shows ({type(exc).__name__}: {exc})"
        ) from None
    raise ReportError(f"table {name}: no table is made from this kind of file")


def tables(page: str) -> list[_Table]:
    """The marked tables of a page, in order; an opening comment without its closing one is an error."""
    found = [
        _Table(
            m["spec"].strip(),
            page.count("\n", 0, m.start()) + 1,
            m["indent"],
            m.start("body"),
            m.end("body"),
            m["body"],
        )
        for m in _MARKED.finditer(page)
    ]
    if len(found) != len(_OPENER.findall(page)):
        raise ReportError("a '<!-- table: ... -->' comment has no '<!-- /table -->' at its indentation")
    return found


def _body(table: _Table, results: Path) -> str:
    return "".join(f"{table.indent}{line}\n" if line else "\n" for line in render(table.spec, results))


def rendered(page: str, results: Path = RESULTS) -> str:
    """The page with every marked table rendered afresh from its results file."""
    out, at = [], 0
    for table in tables(page):
        out += [page[at : table.start], _body(table, results)]
        at = table.end
    return "".join(out) + page[at:]


def differing(page: str, results: Path = RESULTS) -> list[_Table]:
    """The tables whose text is not what their results files give."""
    return [t for t in tables(page) if t.body != _body(t, results)]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _shown(path: Path) -> str:
    """A path as the messages give it: from the repository's root when it is inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(path)


def _check(docs: Path, results: Path) -> int:
    page = _read(docs)
    wrong = differing(page, results)
    for table in wrong:
        source = table.spec.split()[0]
        print(
            f"{_shown(docs)}:{table.line}: the table from {source} differs from what {_shown(results / source)} gives"
        )
    if wrong:
        print(f"run: python bench/report.py{'' if docs == DOCS else f' --docs {docs}'}", file=sys.stderr)
        return 1
    print(f"{_shown(docs)}: {len(tables(page))} generated tables match their results files")
    return 0


def _rewrite(docs: Path, results: Path) -> int:
    page = _read(docs)
    new = rendered(page, results)
    if new != page:
        with atomic_output(docs) as handle:
            handle.write(new.encode("utf-8"))
    print(f"{_shown(docs)}: {len(tables(page))} tables rendered, {len(differing(page, results))} changed")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a table differs")
    ap.add_argument("--docs", type=Path, default=DOCS, help="the page (default: docs/benchmarks.md)")
    ap.add_argument(
        "--results", type=Path, default=RESULTS, help="the results files (default: bench/results)"
    )
    args = ap.parse_args(argv)
    try:
        return _check(args.docs, args.results) if args.check else _rewrite(args.docs, args.results)
    except SevareKgError as exc:
        print(f"report.py: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
