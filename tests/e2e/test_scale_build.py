"""Scale paths on one machine: JSON Lines input, incremental builds and --prune, failures that stay
alone, --jobs / Dask equal to a serial build, sharded export loaded by ``oxigraph load``."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import CORPUS_DEV, ROOT, SEVARE, run_cli

sys.path.insert(0, str(ROOT / "bench" / "scale"))
import synth

pytestmark = pytest.mark.slow  # see tests/conftest.py

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
ONTOLOGY_GRAPH = "https://w3id.org/sevare-kg/ontology"
REFERENCE_GRAPH = "https://w3id.org/sevare-kg/graph/reference"

needs_corpus = pytest.mark.skipif(not CORPUS_DEV.is_dir(), reason=f"dev corpus not found at {CORPUS_DEV}")


def canonical(store: Path, tmp: Path) -> bytes:
    out = tmp / f"{store.name}.nq"
    run_cli("export", "--store", store, "--format", "nquads", "--output", out)
    return out.read_bytes()


def corpus_records() -> list[tuple[str | None, str]]:
    """(url, text) of the Sévaré article and the dev corpus, with the URLs of their SOURCES.tsv."""
    out = []
    for folder in (SEVARE.parent, CORPUS_DEV):
        urls = {}
        for line in (folder / "SOURCES.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and not line.startswith("#"):
                urls[parts[0]] = parts[1]
        for f in sorted(folder.glob("*.txt")):
            out.append((urls.get(f.name), f.read_text(encoding="utf-8")))
    return out


def write_jsonl(path: Path, records: list[tuple[str | None, str]]) -> Path:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as handle:  # type: ignore[operator]
        for url, text in records:
            handle.write(json.dumps({"url": url, "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS_DEV.is_dir():
        pytest.skip(f"dev corpus not found at {CORPUS_DEV}")
    path = tmp_path_factory.mktemp("synth") / "corpus.jsonl.gz"
    write_jsonl(path, list(synth.generate(120, seed=7)))
    return path


@pytest.fixture(scope="module")
def serial_export(synthetic: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    tmp = tmp_path_factory.mktemp("serial")
    run_cli("-q", "build", synthetic, "--store", tmp / "store", "--jobs", "1")
    return canonical(tmp / "store", tmp)


@needs_corpus
def test_jsonl_gz_builds_the_same_graph_as_the_files(tmp_path: Path) -> None:
    run_cli("-q", "build", SEVARE.parent, CORPUS_DEV, "--store", tmp_path / "files", "--jobs", "1")
    corpus = write_jsonl(tmp_path / "corpus.jsonl.gz", corpus_records())
    out = run_cli("-q", "build", corpus, "--store", tmp_path / "jsonl", "--jobs", "1").stdout
    assert "mapped 16, unchanged 0, pruned 0, failed 0" in out
    assert canonical(tmp_path / "files", tmp_path) == canonical(tmp_path / "jsonl", tmp_path)


def test_parallel_build_equals_serial(synthetic: Path, serial_export: bytes, tmp_path: Path) -> None:
    out = run_cli(
        "-q", "build", synthetic, "--store", tmp_path / "par", "--jobs", "2", "--chunk-size", "5"
    ).stdout
    assert "mapped 120, unchanged 0, pruned 0, failed 0" in out
    assert canonical(tmp_path / "par", tmp_path) == serial_export
    assert serial_export.count(b"\n") > 60_000


@needs_corpus
def test_every_engine_maps_with_the_writers_config(tmp_path: Path) -> None:
    """A config of the caller's own (here: no Wikidata link table) reaches the worker processes and
    the Dask workers, so they map exactly as the serial build does."""
    import io

    from pyoxigraph import RdfFormat

    from sevare_kg.build.builder import build
    from sevare_kg.build.inputs import iter_records
    from sevare_kg.rdf.link_table import Links
    from sevare_kg.rdf.mapper import MapperConfig
    from sevare_kg.store.knowledge_store import KnowledgeStore

    def export(config: MapperConfig, **engine: object) -> bytes:
        store = KnowledgeStore(None)
        report = build(store, iter_records([CORPUS_DEV]), config, chunk_size=4, **engine)  # type: ignore[arg-type]
        assert report.failed == [] and report.mapped > 8
        out = io.BytesIO()
        store.export(out, RdfFormat.N_QUADS, canonical=True)
        return out.getvalue()

    unlinked = MapperConfig(links=Links())
    serial = export(unlinked, jobs=1)
    assert serial != export(MapperConfig(), jobs=1)  # the config does change the article graphs
    assert export(unlinked, jobs=2) == serial
    pytest.importorskip("distributed")
    assert export(unlinked, engine="dask", jobs=2) == serial


def test_dask_build_with_shards_equals_serial(synthetic: Path, serial_export: bytes, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    shards = tmp_path / "shards"
    out = run_cli(
        "-q",
        "build",
        synthetic,
        "--store",
        tmp_path / "dask",
        "--engine",
        "dask",
        "--jobs",
        "2",
        "--chunk-size",
        "7",
        "--shards",
        shards,
    ).stdout
    assert "mapped 120, unchanged 0, pruned 0, failed 0" in out
    assert canonical(tmp_path / "dask", tmp_path) == serial_export
    parts = sorted(shards.glob("part-*.nq.gz"))
    assert len(parts) == 18  # ceil(120 / 7)
    # an entity graph shared by articles of several chunks is in each of their shards: compare as sets
    lines = sorted(
        {line for p in parts for line in gzip.decompress(p.read_bytes()).decode().splitlines(keepends=True)}
    )
    article_lines = [
        ln
        for ln in sorted(serial_export.decode().splitlines(keepends=True))
        if not ln.endswith((f"<{ONTOLOGY_GRAPH}> .\n", f"<{REFERENCE_GRAPH}> .\n"))
    ]
    assert lines == article_lines


@needs_corpus
def test_incremental_rebuild_change_and_prune(tmp_path: Path) -> None:
    records = corpus_records()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, (_url, text) in enumerate(records):
        (corpus / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    first = run_cli("-q", "build", corpus, "--store", store, "--jobs", "2", "--chunk-size", "4").stdout
    assert "mapped 16, unchanged 0, pruned 0, failed 0" in first
    again = run_cli("-q", "build", corpus, "--store", store, "--jobs", "2").stdout
    assert "mapped 0, unchanged 16, pruned 0, failed 0" in again

    changed = corpus / "a03.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n== Aftermath ==\nA memorial was held.\n", encoding="utf-8"
    )
    (corpus / "a05.txt").unlink()
    (corpus / "a07.txt").unlink()
    out = run_cli("-q", "build", corpus, "--store", store, "--prune").stdout
    assert "mapped 1, unchanged 13, pruned 2, failed 0" in out

    fresh = tmp_path / "fresh"
    run_cli("-q", "build", corpus, "--store", fresh, "--jobs", "1")
    assert canonical(store, tmp_path) == canonical(fresh, tmp_path)
    assert f"<{ONTOLOGY_GRAPH}> .".encode() in canonical(store, tmp_path)  # never pruned

    # without --prune nothing is dropped
    (corpus / "a08.txt").unlink()
    out = run_cli("-q", "build", corpus, "--store", store).stdout
    assert "mapped 0, unchanged 13, pruned 0, failed 0" in out


@needs_corpus
def test_graphs_left_incomplete_by_an_interrupted_bulk_load_are_rebuilt_or_pruned(tmp_path: Path) -> None:
    """New graphs go in through the bulk loader, which is not atomic; a graph's inputHash is
    written only after its batch is in. Here the store is left as a crash mid-batch would leave
    it: graphs with part of their quads and no inputHash, one of them for an article that is gone."""
    import pyoxigraph

    records = corpus_records()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, (_url, text) in enumerate(records):
        (corpus / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    run_cli("-q", "build", corpus, "--store", store, "--jobs", "1")
    fresh = canonical(store, tmp_path)

    ox = pyoxigraph.Store(str(store))
    hash_prop = pyoxigraph.NamedNode("https://w3id.org/sevare-kg/ontology#inputHash")
    graphs = sorted(
        q.graph_name.value
        for q in ox.quads_for_pattern(None, hash_prop, None, None)
        if q.graph_name.value != REFERENCE_GRAPH
    )
    assert len(graphs) == 16
    for g in graphs[:3]:
        quads = list(ox.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(g)))
        for q in quads[: len(quads) // 2] + [q for q in quads if q.predicate == hash_prop]:
            ox.remove(q)
    del ox
    # the third damaged graph's article leaves the input
    from sevare_kg.rdf.mapper import graph_iri

    title_of = {
        f: f.read_text(encoding="utf-8").split("\n", 1)[0].strip("= \n") for f in corpus.glob("*.txt")
    }
    gone = next(
        f for f, t in title_of.items() if graph_iri("https://w3id.org/sevare-kg/", t).value == graphs[2]
    )
    gone.unlink()

    out = run_cli("-q", "build", corpus, "--store", store, "--prune").stdout
    assert "mapped 2, unchanged 13, pruned 1, failed 0" in out
    again = tmp_path / "again"
    run_cli("-q", "build", corpus, "--store", again, "--jobs", "1")
    assert canonical(store, tmp_path) == canonical(again, tmp_path) != fresh


@needs_corpus
def test_bad_inputs_fail_alone_and_are_listed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEVARE, folder / "good.txt")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02")
    (folder / "notitle.txt").write_text("just some words\n", encoding="utf-8")
    good = corpus_records()[1]
    lines = [
        json.dumps({"url": good[0], "text": good[1]}),
        "{not json",
        json.dumps({"url": "x"}),
        json.dumps({"text": "no title here"}),
        json.dumps({"text": SEVARE.read_text(encoding="utf-8")}),
    ]
    (folder / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    failures = tmp_path / "fails.tsv"
    store = tmp_path / "store"
    proc = run_cli("-q", "build", folder, "--store", store, "--failures", failures, "--prune", check=False)
    assert proc.returncode == 1
    assert "mapped 2, unchanged 0, pruned 0, failed 6" in proc.stdout
    rows = [line.split("\t") for line in failures.read_text(encoding="utf-8").splitlines()]
    assert all(len(r) == 2 for r in rows)
    names = {r[0] for r in rows}
    assert names == {
        str(folder / "binary.txt"),
        str(folder / "notitle.txt"),
        f"{folder / 'more.jsonl'}:2",
        f"{folder / 'more.jsonl'}:3",
        f"{folder / 'more.jsonl'}:4",
        f"{folder / 'more.jsonl'}:5",
    }
    reasons = dict((r[0], r[1]) for r in rows)
    assert "binary" in reasons[str(folder / "binary.txt")]
    assert "same title" in reasons[f"{folder / 'more.jsonl'}:5"]  # duplicate of good.txt: not merged
    assert "--prune skipped" in proc.stderr
    # the default failures file sits next to the store
    proc = run_cli("-q", "build", folder, "--store", store, check=False)
    assert "mapped 0, unchanged 2" in proc.stdout
    assert len((tmp_path / "failures.tsv").read_text(encoding="utf-8").splitlines()) == 6


def test_sharded_export_loads_into_oxigraph(synthetic: Path, serial_export: bytes, tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_cli("-q", "build", synthetic, "--store", store)
    out = tmp_path / "shards"
    run_cli("export", "--store", store, "--format", "nquads", "--shards", "4", "--output", out)
    parts = sorted(out.glob("part-*.nq.gz"))
    assert [p.name for p in parts] == [f"part-{i:05d}.nq.gz" for i in range(4)]
    lines = sorted(
        ln for p in parts for ln in gzip.decompress(p.read_bytes()).decode().splitlines(keepends=True)
    )
    assert lines == sorted(serial_export.decode().splitlines(keepends=True))
    loaded = tmp_path / "loaded"
    args = [str(OXIGRAPH), "load", "--location", str(loaded)]
    for p in parts:
        args += ["--file", str(p)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    assert canonical(loaded, tmp_path) == serial_export


def test_shards_option_errors(built_store: Path, tmp_path: Path) -> None:
    proc = run_cli(
        "export",
        "--store",
        built_store,
        "--format",
        "turtle",
        "--shards",
        "2",
        "--output",
        tmp_path,
        check=False,
    )
    assert proc.returncode == 2 and "--shards needs --format nquads" in proc.stderr


def test_a_build_that_bulk_loads_compacts_the_store_afterwards(
    synthetic: Path, serial_export: bytes, tmp_path: Path
) -> None:
    """Each bulk-loaded batch lands as index files of its own, which every later read has to merge
    (on 10k articles the named queries ran 3-7x slower): a build compacts the store when done."""
    from sevare_kg.build.builder import LocalTarget, build
    from sevare_kg.build.inputs import iter_records
    from sevare_kg.rdf.mapper import MapperConfig
    from sevare_kg.store.knowledge_store import KnowledgeStore

    path = tmp_path / "store"
    ks = KnowledgeStore(path)
    config = MapperConfig()
    target = LocalTarget(ks, base=config.base, bulk_bytes=1)  # one batch per chunk
    report = build(ks, iter_records([synthetic]), config, jobs=1, target=target, chunk_size=4)
    assert report.mapped == 120 and not report.failed
    batches = 120 // 4
    ssts = len(list(path.glob("*.sst")))
    # uncompacted, these 30 batches left 50 index files (RocksDB SSTs); compacted, 9
    assert ssts < batches, f"{ssts} index files after {batches} bulk-loaded batches: not compacted"
    del ks, target
    import gc

    gc.collect()
    assert canonical(path, tmp_path) == serial_export


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_killed_build_leaves_no_mapping_worker_behind(tmp_path: Path) -> None:
    """kill -9 of a build with --jobs 2: its pool workers go too (they were left running, re-parented
    to PID 1)."""
    import json
    import signal
    import subprocess
    import time

    from cli_support import CLI, SEVARE

    text = SEVARE.read_text(encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i in range(3000):  # distinct titles, so every record is mapped
            out.write(
                json.dumps({"text": text.replace("= 2023 Sévaré attack =", f"= Attack number {i} =", 1)})
                + "\n"
            )
    build = subprocess.Popen(
        [str(CLI), "-q", "build", str(corpus), "--store", str(tmp_path / "store"), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def descendants(pid: int) -> set[int]:
        out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
        children: dict[int, list[int]] = {}
        for line in out.splitlines():
            p, pp = map(int, line.split())
            children.setdefault(pp, []).append(p)
        found, todo = set(), [pid]
        while todo:
            for c in children.get(todo.pop(), []):
                found.add(c)
                todo.append(c)
        return found

    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 3:  # the forkserver and two workers
        workers = descendants(build.pid)
        time.sleep(0.2)
    assert len(workers) >= 3, f"the pool did not start: {workers}"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 30
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = {p for p in workers if Path(f"/proc/{p}").exists() and "zombie" not in _state(p)}
        time.sleep(0.2)
    assert not alive, f"mapping processes left running after the build was killed: {alive}"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:", 1)[1].split("\n", 1)[0].lower()
    except (OSError, IndexError):
        return "gone"
