#!/usr/bin/env python3
"""Scale benchmark: map throughput, build vs ``oxigraph load``, peak memory, remote push vs the
engines' bulk loaders, named-query latency, and a PNG plot.

    .venv/bin/python bench/scale/run.py --sizes 1000 10000 100000 [--push-size 1000] [--skip-virtuoso]

Writes raw figures as JSON Lines and a text summary to ``bench/results/scale-<date>.*`` and the plot
to ``bench/results/scale-<date>.png``. Every figure is measured here; nothing is extrapolated.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

import synth  # noqa: E402 - after the sys.path lines above

RESULTS = ROOT / "bench" / "results"
STAMP = datetime.datetime.now().strftime("%Y%m%d-%H%M")
RAW = RESULTS / f"scale-{STAMP}.jsonl"


def record(**fields: object) -> dict:
    fields["time"] = datetime.datetime.now().isoformat(timespec="seconds")
    print(json.dumps(fields), flush=True)
    with open(RAW, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(fields) + "\n")
    return fields


def corpus(n: int, folder: Path) -> Path:
    path = folder / f"corpus-{n}.jsonl.gz"
    if not path.exists():
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=3) as out:
            for url, text in synth.generate(n, seed=1):
                out.write(json.dumps({"url": url, "text": text}, ensure_ascii=False) + "\n")
    return path


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (worker pools, forkservers), in kB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            # children started by the main thread (pools and forkservers are); cheap enough to
            # sample without taking CPU from what is measured
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_timed(cmd: list[str], **kw: object) -> tuple[float, int, str, int]:
    """Wall seconds, peak RSS (kB) of the process (wait4: the largest of it and its waited-for
    children), stdout, and the peak of the whole process tree's RSS (sampled every 0.5 s)."""
    import threading

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)  # type: ignore[arg-type]
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.5):
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()  # type: ignore[union-attr]
    err = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise RuntimeError(f"{cmd} exited {code}: {err[-2000:]}")
    return seconds, usage.ru_maxrss, out, peak_tree


def bench_map(path: Path, n: int) -> None:
    """Map only (no store): planning + mapping + transport of N-Quads bytes back to this process."""
    from sevare_kg.build.builder import plan_text
    from sevare_kg.build.engines import MapTask, make_engine
    from sevare_kg.build.inputs import iter_records
    from sevare_kg.rdf.mapper import MapperConfig

    def chunks():
        chunk, cid = [], 0
        for rec in iter_records([path]):
            text, _ = plan_text(rec)
            chunk.append(MapTask(rec.name, rec.url, text))
            if len(chunk) == 16:
                yield cid, chunk
                chunk, cid = [], cid + 1
        if chunk:
            yield cid, chunk

    for label, kwargs in (
        ("serial", {"engine": "processes", "jobs": 1}),
        ("jobs2", {"engine": "processes", "jobs": 2}),
        ("dask2", {"engine": "dask", "jobs": 2}),
    ):
        with make_engine(MapperConfig(), **kwargs) as eng:  # type: ignore[arg-type]
            if label == "dask2":  # cluster start-up is not mapping: warm it with one chunk
                list(eng.run(iter([(0, [MapTask("warm", None, synth.seed_articles()[0])])])))
            started = time.perf_counter()
            quads = articles = 0
            for res in eng.run(chunks()):
                articles += len(res.items)
                quads += sum(m.quads for m in res.items)
            seconds = time.perf_counter() - started
        record(
            measure="map",
            engine=label,
            articles=n,
            quads=quads,
            seconds=round(seconds, 2),
            articles_per_s=round(articles / seconds, 1),
            quads_per_s=round(quads / seconds),
        )


def bench_build(path: Path, n: int, work: Path, jobs: int = 2, peer: bool = True) -> Path:
    store = work / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    seconds, rss, out, tree = run_timed(
        [
            str(BIN / "sevare-kg"),
            "-q",
            "build",
            str(path),
            "--store",
            str(store),
            "--jobs",
            str(jobs),
            "--failures",
            str(work / "failures.tsv"),
        ]
    )
    quads = int(out.split(" triples written")[0].rsplit(" ", 1)[1])
    record(
        measure="build",
        articles=n,
        jobs=jobs,
        quads=quads,
        seconds=round(seconds, 2),
        quads_per_s=round(quads / seconds),
        articles_per_s=round(n / seconds, 1),
        peak_rss_mb=round(rss / 1024, 1),
        peak_tree_rss_mb=round(tree / 1024, 1),
        summary=out.strip(),
    )
    if not peer:
        return store
    # the engine's own loader on the same quads (dumped by Oxigraph, streamed: no in-memory sort)
    nq = work / f"store-{n}.nq"
    subprocess.run(
        [str(BIN / "oxigraph"), "dump", "--location", str(store), "--file", str(nq)],
        check=True,
        capture_output=True,
    )
    lines = sum(1 for _ in open(nq, "rb"))
    loc = work / f"oxload-{n}"
    # plain (the peer) and --lenient (no IRI re-validation, as our writer loads its own output)
    for measure, extra in (("oxigraph_load", []), ("oxigraph_load_lenient", ["--lenient"])):
        shutil.rmtree(loc, ignore_errors=True)
        seconds_load, rss_load, _, tree_load = run_timed(
            [str(BIN / "oxigraph"), "load", "--location", str(loc), "--file", str(nq), *extra]
        )
        record(
            measure=measure,
            articles=n,
            quads=lines,
            seconds=round(seconds_load, 2),
            quads_per_s=round(lines / seconds_load),
            peak_rss_mb=round(rss_load / 1024, 1),
            peak_tree_rss_mb=round(tree_load / 1024, 1),
            ratio_build=round(seconds_load / seconds, 3),
        )
        if not extra:  # and compacted, as a build leaves its store
            seconds_opt, _, _, _ = run_timed([str(BIN / "oxigraph"), "optimize", "--location", str(loc)])
            total = seconds_load + seconds_opt
            record(
                measure="oxigraph_load_optimize",
                articles=n,
                quads=lines,
                seconds=round(total, 2),
                optimize_seconds=round(seconds_opt, 2),
                quads_per_s=round(lines / total),
                ratio_build=round(total / seconds, 3),
            )
    shutil.rmtree(loc, ignore_errors=True)
    nq.unlink()
    return store


QUERY_RUNNER = """
import json, sys, time
from pathlib import Path
from pyoxigraph import NamedNode
from sevare_kg.store.named_queries import event_dataset, local_rows, resolve_query
from sevare_kg.store.knowledge_store import KnowledgeStore
ks = KnowledgeStore(Path(sys.argv[1]), read_only=True)
sparql = resolve_query(sys.argv[2], None)
event = sys.argv[5] if len(sys.argv) > 5 else None
spent = 0.0
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    if event:  # as `sevare-kg query NAME --event EVENT` does: find the event's graphs, query over them
        graphs = [NamedNode(g) for g in event_dataset(lambda q: local_rows(ks, q), sparql, event, "")]
        res = ks.query(sparql, default_graph=graphs)
    else:
        res = ks.query(sparql)
    rows = sum(1 for _ in res) if hasattr(res, "__iter__") else 1
    took = time.perf_counter() - t
    print(json.dumps({"seconds": took, "rows": rows}), flush=True)
    spent += took
    if spent > float(sys.argv[4]):  # slow queries: fewer rounds
        break
"""


def bench_queries(
    store: Path,
    n: int,
    rounds: int = 5,
    timeout: float = 120.0,
    budget: float = 60.0,
    only: set[str] | None = None,
    event: str | None = None,
) -> None:
    """Each named query up to ``rounds`` times in a fresh process (no new round once ``budget`` s
    are spent; killed after ``timeout`` s); with ``event``, for that one event (``--event``)."""
    from sevare_kg.store.named_queries import named_queries

    measure = "query_event" if event else "query"
    for name in named_queries():
        if name == "federated-country" or (only and name not in only):  # its SERVICE needs Wikidata online
            continue
        try:
            proc = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    QUERY_RUNNER,
                    str(store),
                    name,
                    str(rounds),
                    str(budget),
                    *([event] if event else []),
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            out, err = proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            err = f"timeout after {timeout:.0f} s"
        runs = [json.loads(ln) for ln in out.splitlines() if ln.startswith("{")]
        if not runs:
            record(
                measure=measure,
                articles=n,
                query=name,
                error=err.strip().splitlines()[-1][:200] if err.strip() else "?",
            )
            continue
        times = sorted(r["seconds"] for r in runs)
        record(
            measure=measure,
            articles=n,
            query=name,
            **({"event": event} if event else {}),
            p50_ms=round(times[len(times) // 2] * 1000, 1),
            rows=runs[-1]["rows"],
            rounds=len(runs),
            note=err[-200:] if proc_failed(err) else "",
        )


def first_event(store: Path) -> str:
    from sevare_kg.store.knowledge_store import KnowledgeStore

    rows = KnowledgeStore(store, read_only=True).query(
        "SELECT ?e WHERE { ?e a <https://w3id.org/sevare-kg/ontology#Event> } ORDER BY ?e LIMIT 1"
    )
    return next(iter(rows))["e"].value  # type: ignore[call-overload]


def proc_failed(err: str) -> bool:
    return "timeout" in err or "Traceback" in err


def bench_push(path: Path, n: int, work: Path, skip_virtuoso: bool) -> None:
    from test_scale_remote import Oxigraph, Virtuoso  # the same launchers the tests use

    shards = work / f"shards-{n}"
    store = work / f"store-{n}"
    shutil.rmtree(shards, ignore_errors=True)
    subprocess.run(
        [
            str(BIN / "sevare-kg"),
            "export",
            "--store",
            str(store),
            "--format",
            "nquads",
            "--shards",
            "4",
            "--output",
            str(shards),
        ],
        check=True,
        capture_output=True,
    )
    parts = sorted(shards.glob("part-*.nq.gz"))
    for conc in (1, 4):
        server = Oxigraph(work / f"oxserve-{n}-{conc}")
        try:
            seconds, _, out, _ = run_timed(
                [
                    str(BIN / "sevare-kg"),
                    "-q",
                    "build",
                    str(path),
                    "--remote",
                    server.gsp,
                    "--remote-concurrency",
                    str(conc),
                    "--jobs",
                    "2",
                    "--failures",
                    str(work / "f.tsv"),
                ]
            )
        finally:
            server.stop()
        record(
            measure="push",
            engine="oxigraph-serve",
            articles=n,
            concurrency=conc,
            seconds=round(seconds, 2),
            articles_per_s=round(n / seconds, 1),
            summary=out.strip(),
        )
    loc = work / f"oxbulk-{n}"
    cmd = [str(BIN / "oxigraph"), "load", "--location", str(loc)]
    for p in parts:
        cmd += ["--file", str(p)]
    seconds, _, _, _ = run_timed(cmd)
    record(
        measure="bulk_loader",
        engine="oxigraph load",
        articles=n,
        seconds=round(seconds, 2),
        articles_per_s=round(n / seconds, 1),
    )
    if skip_virtuoso or shutil.which("virtuoso-t") is None:
        return
    creds = work / "dba.cred"
    creds.write_text("scheme=digest\nuser=dba\npassword=dba\n", encoding="utf-8")
    for conc in (1, 4):
        folder = work / f"virt-{n}-{conc}"
        shutil.rmtree(folder, ignore_errors=True)
        v = Virtuoso(folder)
        try:
            seconds, _, out, _ = run_timed(
                [
                    str(BIN / "sevare-kg"),
                    "-q",
                    "build",
                    str(path),
                    "--remote",
                    v.gsp,
                    "--remote-credentials",
                    str(creds),
                    "--remote-concurrency",
                    str(conc),
                    "--jobs",
                    "2",
                    "--failures",
                    str(work / "f.tsv"),
                ]
            )
        finally:
            v.stop()
        record(
            measure="push",
            engine="virtuoso",
            articles=n,
            concurrency=conc,
            seconds=round(seconds, 2),
            articles_per_s=round(n / seconds, 1),
            summary=out.strip(),
        )
    folder = work / f"virt-bulk-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    v = Virtuoso(folder)
    try:
        staged = folder / "load"
        shutil.copytree(shards, staged)
        sql_port = next(
            ln.split(":")[-1].strip()
            for ln in v.ini.read_text().splitlines()
            if ln.startswith("ServerPort") and "127.0.0.1" in ln
        )
        script = (
            f"ld_dir('{staged}', 'part-*.nq.gz', 'urn:sevare-kg:unused');\nrdf_loader_run();\ncheckpoint;\n"
            "select count(*) from DB.DBA.LOAD_LIST where ll_error is not null;\n"
            "SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/sevare-kg/')) };\n"
        )
        seconds, _, out = _isql(sql_port, script)
        record(
            measure="bulk_loader",
            engine="virtuoso ld_dir+rdf_loader_run",
            articles=n,
            seconds=round(seconds, 2),
            articles_per_s=round(n / seconds, 1),
            isql_tail=out.strip()[-300:],
        )
    finally:
        v.stop()


def _isql(port: str, script: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    proc = subprocess.run(
        ["isql-vt", f"127.0.0.1:{port}", "dba", "dba"],
        input=script,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    return time.perf_counter() - started, 0, proc.stdout + proc.stderr


def plot(png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [json.loads(ln) for ln in RAW.read_text(encoding="utf-8").splitlines()]
    # a measure repeated in the same raw file (a size re-run with --raw): the last one counts
    rows = list({(r["measure"], r.get("articles"), r.get("engine")): r for r in rows}.values())
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    maps = [r for r in rows if r["measure"] == "map"]
    ax = axes[0]
    for engine in ("serial", "jobs2", "dask2"):
        pts = sorted((r["articles"], r["articles_per_s"]) for r in maps if r["engine"] == engine)
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=engine)
    ax.set_xscale("log")
    ax.set_title("map throughput (articles/s)")
    ax.set_xlabel("articles")
    ax.legend()
    ax = axes[1]
    builds = sorted((r["articles"], r["quads_per_s"]) for r in rows if r["measure"] == "build")
    loads = sorted((r["articles"], r["quads_per_s"]) for r in rows if r["measure"] == "oxigraph_load")
    for pts, label in ((builds, "sevare-kg build --jobs 2 (map+write)"), (loads, "oxigraph load")):
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_title("into the local store (quads/s)")
    ax.set_xlabel("articles")
    ax.legend(fontsize=8)
    ax = axes[2]
    for measure, key, label in (
        ("build", "peak_tree_rss_mb", "build, all processes"),
        ("build", "peak_rss_mb", "build, writer process"),
        ("oxigraph_load", "peak_tree_rss_mb", "oxigraph load"),
    ):
        pts = sorted((r["articles"], r[key]) for r in rows if r["measure"] == measure and key in r)
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_ylim(bottom=0)
    ax.set_title("peak RSS (MB)")
    ax.set_xlabel("articles")
    ax.legend(fontsize=8)
    fig.suptitle(
        f"sevare-kg scale benchmark — {platform.machine()}, {os.cpu_count()} cores, {datetime.date.today()}"
    )
    fig.tight_layout()
    fig.savefig(png, dpi=110)


STEPS = ("map", "build", "queries", "event-queries", "push", "plot")


def main() -> None:
    global RAW
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument(
        "--map-size", type=int, default=1000, help="corpus size for the map-throughput comparison"
    )
    ap.add_argument("--push-size", type=int, default=1000)
    ap.add_argument("--skip-virtuoso", action="store_true")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument(
        "--query-timeout", type=float, default=600.0, help="seconds per named query (all its rounds)"
    )
    ap.add_argument(
        "--steps",
        default=",".join(STEPS),
        help=f"comma-separated, of {', '.join(STEPS)}; without build, the stores of --work are used",
    )
    ap.add_argument(
        "--raw", type=Path, default=None, help="append to this raw file (continue an earlier run)"
    )
    ap.add_argument(
        "--peer-max",
        type=int,
        default=10000,
        help="largest corpus also loaded by `oxigraph load` (dumping a 100k store takes long)",
    )
    ap.add_argument("--queries", default=None, help="comma-separated named queries to time (default: all)")
    ap.add_argument(
        "--query-event",
        default="",
        metavar="IRI",
        help="the event of the event-queries step, which times each named query for one event "
        "as `query --event` runs it (default: the store's first event by IRI)",
    )
    args = ap.parse_args()
    steps = set(args.steps.split(","))
    logging.basicConfig(level=logging.ERROR)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.raw is not None:
        RAW = args.raw
    work = args.work or Path(tempfile.mkdtemp(prefix="sevare-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    record(
        measure="machine",
        machine=platform.machine(),
        processor=platform.processor(),
        cpus=os.cpu_count(),
        memory_gb=round(mem, 1),
        python=platform.python_version(),
        date=str(datetime.date.today()),
    )
    sizes = sorted(set(args.sizes))
    paths = {n: corpus(n, work) for n in sorted(set(sizes) | {args.map_size, args.push_size})}
    if "map" in steps:
        bench_map(paths[args.map_size], args.map_size)
    if "build" in steps:
        stores = {n: bench_build(paths[n], n, work, peer=n <= args.peer_max) for n in sizes}
    else:
        stores = {n: work / f"store-{n}" for n in sizes}
    only = set(args.queries.split(",")) if args.queries else None
    if "queries" in steps:
        bench_queries(stores[max(sizes)], max(sizes), rounds=3, timeout=args.query_timeout, only=only)
    if "event-queries" in steps:
        event = args.query_event or first_event(stores[max(sizes)])
        bench_queries(
            stores[max(sizes)], max(sizes), rounds=3, timeout=args.query_timeout, only=only, event=event
        )
    if "push" in steps and args.push_size:
        if not (work / f"store-{args.push_size}").is_dir():
            bench_build(paths[args.push_size], args.push_size, work)
        bench_push(paths[args.push_size], args.push_size, work, args.skip_virtuoso)
    if "plot" in steps:
        plot(RAW.with_suffix(".png"))
    print(f"raw figures: {RAW}")


if __name__ == "__main__":
    main()
