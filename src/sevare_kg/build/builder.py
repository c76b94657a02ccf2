"""Build: find the articles under the given paths, map each, write each to its own named graph.

Streams article by article: one article's text and quads are in memory at a time. An article that
cannot be read or mapped fails alone; the others are built.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pyoxigraph import Literal, NamedNode

from sevare_kg.build.engines import MapTask, make_engine
from sevare_kg.build.inputs import SourceRecord
from sevare_kg.build.limits import ArticleLimits, check_size
from sevare_kg.errors import ArticleFormatError, InputError, SevareKgError, StoreError
from sevare_kg.extraction.article import SECTION_RE, TITLE_RE, decode_article, parse_article
from sevare_kg.files import atomic_output
from sevare_kg.rdf.mapper import (
    MapperConfig,
    entity_graph_prefix,
    graph_iri,
    input_hash,
    reference_graph_iri,
    reference_quads,
)
from sevare_kg.rdf.vocab import DESCRIBED_IN, ONTOLOGY, ONTOLOGY_GRAPH_IRI
from sevare_kg.store.knowledge_store import KnowledgeStore

if TYPE_CHECKING:
    import pyoxigraph

    from sevare_kg.build.engines import ChunkResult

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    mapped: int = 0
    unchanged: int = 0
    pruned: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (input, one-line reason)
    quads: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # e.g. why --prune was skipped

    @property
    def articles(self) -> int:
        return self.mapped + self.unchanged

    def summary(self) -> str:
        return (
            f"built {self.articles} article{'s' if self.articles != 1 else ''}, {self.quads} triples written "
            f"in {self.seconds:.2f} s (mapped {self.mapped}, unchanged {self.unchanged}, pruned {self.pruned}, "
            f"failed {len(self.failed)})"
        )

    def write_failures(self, path: Path) -> None:
        """The failures as TSV, one ``input<TAB>reason`` line each; with none, no file (and an
        earlier build's list is removed, so that what is there is always this build's)."""
        if not self.failed:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(path) as handle:
            lines = (f"{_one_line(name)}\t{_one_line(reason)}\n" for name, reason in self.failed)
            handle.write("".join(lines).encode("utf-8"))


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def build(
    store: KnowledgeStore | None,
    inputs: Iterable[SourceRecord],
    config: MapperConfig,
    *,
    progress: Callable[[int, str], None] | None = None,
    force: bool = False,
    prune: bool = False,
    jobs: int | None = 1,
    engine: str = "processes",
    scheduler: str | None = None,
    shard_dir: Path | None = None,
    target: Target | None = None,
    chunk_size: int = 16,
    limits: ArticleLimits | None = None,
) -> BuildReport:
    """Map ``inputs`` into the local ``store`` (or into ``target``, e.g. a remote Graph Store).

    The main process plans (reads each input, finds its title and graph, skips it when the graph
    already records the same input hash) and writes; mapping runs on the chosen engine (in
    process when ``jobs`` is 1, else a process pool of ``jobs``, or Dask). Each article's graph is
    written atomically, so a crash leaves the old graph or the new one; re-running converges.
    An article past one of ``limits`` (size, values per infobox field, time) fails alone.
    """
    if target is None:
        if store is None:
            raise ValueError("build needs a store or a target")
        target = LocalTarget(store, base=config.base)
    limits = limits or ArticleLimits()
    report = BuildReport()
    started = time.perf_counter()
    if shard_dir is not None:
        shard_dir.mkdir(parents=True, exist_ok=True)
    support = support_graphs(config)
    target.prepare(support)
    planner = _Planner(target, config, report, limits, force=force, chunk_size=chunk_size, progress=progress)
    with make_engine(
        config, engine=engine, jobs=jobs, scheduler=scheduler, shard_dir=shard_dir, limits=limits
    ) as eng:
        for result in eng.run(planner.chunks(inputs)):
            _write_chunk(target, result, planner.existing, report)
    _count_late_failures(target, report)
    if prune:
        _prune(target, planner, support, report)
    if report.mapped or report.pruned:  # a replaced or dropped article may leave a description unused
        dropped = target.drop_unused_descriptions()
        if dropped:
            log.info("dropped %d entity description graph(s) no article refers to any more", dropped)
    target.flush()
    report.seconds = time.perf_counter() - started
    return report


def _fail(report: BuildReport, name: str, reason: str) -> None:
    if name not in reason:
        reason = f"{name}: {reason}"
    log.debug("failed: %s", reason)
    report.failed.append((name, reason))


@dataclass
class _Planner:
    """The main process's half of a build: reads each input, finds its title and graph, skips it
    when the graph already records the same input hash (or an earlier input had the same title),
    and hands the rest to the engine in chunks of map tasks."""

    target: Target
    config: MapperConfig
    report: BuildReport
    limits: ArticleLimits
    force: bool
    chunk_size: int
    progress: Callable[[int, str], None] | None
    seen: set[int] = field(default_factory=set)  # graphs planned so far, as 64-bit digests (100k ~6 MB)
    unreadable: int = 0  # inputs that could not be read: their graphs are unknown
    existing: set[str] = field(default_factory=set)  # planned graphs that are being replaced (not new)

    def chunks(self, inputs: Iterable[SourceRecord]) -> Iterator[tuple[int, list[MapTask]]]:
        chunk: list[MapTask] = []
        chunk_id = 0
        for n, record in enumerate(inputs, start=1):
            if self.progress:
                self.progress(n, record.name)
            task = self.plan(record)
            if task is None:
                continue
            chunk.append(task)
            if len(chunk) >= self.chunk_size:
                yield chunk_id, chunk
                chunk, chunk_id = [], chunk_id + 1
        if chunk:
            yield chunk_id, chunk

    def plan(self, record: SourceRecord) -> MapTask | None:
        """The task mapping ``record``, or None: it failed, repeats a title, or is unchanged."""
        try:
            check_size(record.name, len(record.data or b""), self.limits)
            text, title = plan_text(record)
        except SevareKgError as exc:
            self.unreadable += 1
            _fail(self.report, record.name, str(exc))
            return None
        graph = graph_iri(self.config.base, title)
        key = _graph_key(graph.value)
        if key in self.seen:
            _fail(
                self.report,
                record.name,
                f"same title {title!r} (graph {graph.value}) as an earlier input; skipped",
            )
            return None
        self.seen.add(key)
        if not self.force and self.target.is_unchanged(graph, input_hash(text, self.config)):
            self.report.unchanged += 1
            return None
        if self.target.exists(graph):
            self.existing.add(graph.value)
        return MapTask(record.name, record.url, text)


def _write_chunk(target: Target, result: ChunkResult, existing: set[str], report: BuildReport) -> None:
    """Write one mapped chunk; an article that failed to map, or whose write failed, fails alone."""
    for item in result.items:
        if item.error:
            _fail(report, item.name, item.error)
    ok = [m for m in result.items if not m.error]
    replaced = {m.graph for m in ok if m.graph in existing}
    try:
        report.mapped += target.write(result, replaced)
        report.quads += sum(m.quads for m in ok)
    except SevareKgError as exc:
        if getattr(exc, "fatal", False):
            raise
        for m in ok:
            _fail(report, m.name, str(exc))
    existing.difference_update(replaced)


def _count_late_failures(target: Target, report: BuildReport) -> None:
    """The asynchronous writes that failed in the end (remote): no longer counted as mapped."""
    for name, reason, quads in target.finish():
        report.mapped -= 1
        report.quads -= quads
        _fail(report, name, reason)


def _prune(
    target: Target, planner: _Planner, support: dict[str, list[pyoxigraph.Quad]], report: BuildReport
) -> None:
    """Drop the article graphs of no input of this build (never a support graph); skipped when an
    input could not be read, since its graph is unknown."""
    if planner.unreadable:
        report.notes.append(
            f"--prune skipped: {planner.unreadable} input(s) could not be read, so their "
            "graphs are unknown; fix them and re-run"
        )
        return
    gone = {g for g in target.article_graphs() if _graph_key(g) not in planner.seen and g not in support}
    for graph in sorted(gone):
        target.drop(NamedNode(graph))
        report.pruned += 1


def _graph_key(iri: str) -> int:
    return int.from_bytes(hashlib.blake2b(iri.encode(), digest_size=8).digest(), "big")


def plan_text(record: SourceRecord) -> tuple[str, str]:
    """The normalized text of an input and its title, as :func:`parse_article_bytes` would see them
    (the same checks, the same messages) without parsing the whole article."""
    if record.error:
        raise InputError(record.error)
    where = record.name
    text = decode_article(record.data or b"", source=where)
    for line in text.split("\n", 50):
        if line.strip():
            m = TITLE_RE.match(line.strip())
            if m and not SECTION_RE.match(line.strip()):
                return text, m.group("title").strip()
            break
    parse_article(text, source=where)  # raises the parser's own message
    raise ArticleFormatError("expected a title line '= Title ='", source=where)


class Target(Protocol):
    """Where a build writes: the local store, or a remote Graph Store (:mod:`sevare_kg.build.remote`)."""

    def prepare(self, support: dict[str, list[pyoxigraph.Quad]]) -> None:
        """Write the support graphs (ontology, reference) when they changed."""

    def is_unchanged(self, graph: NamedNode, digest: str) -> bool: ...
    def exists(self, graph: NamedNode) -> bool: ...
    def write(self, result: ChunkResult, replaced: set[str]) -> int: ...
    def finish(self) -> list[tuple[str, str, int]]:
        """Wait for pending writes; the ones that failed: (input, reason, quads)."""
        return []

    def article_graphs(self) -> Iterable[str]: ...
    def drop(self, graph: NamedNode) -> None: ...
    def drop_unused_descriptions(self) -> int:
        """Drop the entity graphs (``sev:describedIn``) that no article graph refers to; how many."""
        return 0

    def flush(self) -> None: ...


COMPACT_PENDING = "sevare-kg-compact-pending"  # a file in the store's folder (RocksDB leaves it be)


class LocalTarget(Target):
    """The Oxigraph store.

    New graphs go in through Oxigraph's bulk loader, in batches of about ``bulk_bytes`` of
    N-Quads, on a thread of their own (the loader releases the GIL, so planning and mapping go on
    meanwhile). The bulk loader writes sorted index files directly, several times faster than
    transactions, but it is not atomic. So each graph's ``sev:inputHash`` — the mark that it is
    complete — is held back and loaded once its batch is in: a build
    interrupted mid-batch leaves graphs without the mark, which the next build finds and replaces
    (or prunes). A graph that already exists is replaced with ``DROP GRAPH`` + ``INSERT DATA`` in
    one SPARQL update (one transaction), so readers never see a mix of old and new."""

    def __init__(self, store: KnowledgeStore, *, base: str | None = None, bulk_bytes: int = 32 << 20) -> None:
        self.store = store
        # without a base, graphs left incomplete and unused entity graphs are not looked for
        self.graph_prefix = f"{base}graph/" if base else None
        self.entity_prefix = entity_graph_prefix(base) if base else None
        self.bulk_bytes = bulk_bytes
        self._pending: list[bytes] = []
        self._marks: list[bytes] = []
        self._pending_size = 0
        self._loader: ThreadPoolExecutor | None = None
        self._loading: Future[None] | None = None
        self.bulk_loaded = False  # whether any batch went through the bulk loader (then: compact)
        # a build that bulk loaded and did not finish compacting (killed) left this file in the store
        self.compact_pending = store.path / COMPACT_PENDING if store.path is not None else None
        self.held_other_graphs = True  # whether the store held graphs other than support graphs before
        self.replaced_or_dropped = False

    def prepare(self, support: dict[str, list[pyoxigraph.Quad]]) -> None:
        self.held_other_graphs = any(
            g.value not in support for g in self.store.oxigraph.named_graphs() if isinstance(g, NamedNode)
        )  # stops at the first one
        for graph, quads in support.items():
            replace_if_changed(self.store, NamedNode(graph), quads)

    def is_unchanged(self, graph: NamedNode, digest: str) -> bool:
        return is_unchanged(self.store, graph, digest)

    def exists(self, graph: NamedNode) -> bool:
        return self.store.contains_graph(graph)

    def write(self, result: ChunkResult, replaced: set[str]) -> int:
        import pyoxigraph

        ok = [m for m in result.items if not m.error]
        if not ok:
            return 0
        marks = b"".join(m.mark for m in ok)
        if result.shard is not None:
            data = gzip.decompress(Path(result.shard).read_bytes())  # the marks at its end
            if not data.endswith(marks):
                raise StoreError(
                    f"{result.shard}: not the shard this build wrote (its inputHash marks differ)"
                )
            data = data[: len(data) - len(marks)]
        else:
            data = b"".join(m.nquads or b"" for m in ok)
        if not replaced:
            self._marks.append(marks)  # held back: written once the batch is in
            self._pending.append(data)
            self._pending_size += len(data)
            if self._pending_size >= self.bulk_bytes:
                self._load_pending()
            return len(ok)
        self._wait_for_loader()  # transactions after the batch in flight, not beside it
        try:
            by_graph: dict[str, list[pyoxigraph.Quad]] = {}
            for q in pyoxigraph.parse(data + marks, format=pyoxigraph.RdfFormat.N_QUADS):
                by_graph.setdefault(q.graph_name.value, []).append(q)  # type: ignore[union-attr]
            new = [q for g, qs in by_graph.items() if g not in replaced for q in qs]
            if new:
                self.store.oxigraph.extend(new)
            self.replaced_or_dropped = True
            for g in sorted(replaced):
                self.store.replace_graph(NamedNode(g), by_graph.get(g, []))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write to the store: {exc}") from None
        return len(ok)

    def _load_pending(self) -> None:
        """Hand the batch to the loading thread; at most one batch loads while the next fills."""
        if not self._pending:
            return
        data, marks = b"".join(self._pending), b"".join(self._marks)
        self._pending, self._marks, self._pending_size = [], [], 0
        if not self.bulk_loaded and self.compact_pending is not None:
            self.compact_pending.touch()  # before the first batch: removed once compacted
        self.bulk_loaded = True
        self._wait_for_loader()
        if self._loader is None:
            self._loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sevare-kg-bulk-load")
        self._loading = self._loader.submit(self._bulk_load, data, marks)

    def _bulk_load(self, data: bytes, marks: bytes) -> None:
        """The batch without its completion marks, then the marks. Parsed leniently (IRIs not
        re-validated): the N-Quads are pyoxigraph's own serialization of terms it already
        validated, in this build's worker output or shards (checked by their marks).

        The marks go through the bulk loader too, not a transaction: transactions stay in
        RocksDB's in-memory tables until those fill (128 MB per index), so a mark per article
        made the writer's memory grow with the corpus (about 0.8 KB per article, 80 MB at 100k).
        A batch's marks are a few hundred quads, far below one loader chunk, and the loader
        ingests a chunk's files for every index in a single RocksDB ``IngestExternalFiles`` call,
        atomic across indexes: each mark is in, or not."""
        import pyoxigraph

        try:
            self.store.oxigraph.bulk_load(data, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
            self.store.oxigraph.bulk_load(marks, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
        except (OSError, SyntaxError, ValueError) as exc:
            raise _fatal(StoreError(f"cannot write to the store: {exc}")) from None
        _release_free_memory()

    def _wait_for_loader(self) -> None:
        if self._loading is not None:
            loading, self._loading = self._loading, None
            loading.result()  # the loader's error, if any, is raised here

    def finish(self) -> list[tuple[str, str, int]]:
        try:
            self._load_pending()
            self._wait_for_loader()
        finally:
            if self._loader is not None:
                self._loader.shutdown()
                self._loader = None
        if self.bulk_loaded or (self.compact_pending is not None and self.compact_pending.exists()):
            self.compact()
        return []

    def compact(self) -> None:
        """Compact the store after bulk loading. Each batch lands as files of its own, which every
        read then has to merge: on a 10k-article store, the named queries ran 3-7x slower before
        compaction (casualty-totals 20 s -> 3.5 s, part-of-war 7 s -> 1 s)."""
        started = time.perf_counter()
        log.info("compacting the store")
        try:
            self.store.oxigraph.optimize()
        except OSError as exc:
            raise _fatal(StoreError(f"cannot compact the store after loading: {exc}")) from None
        if self.compact_pending is not None:
            self.compact_pending.unlink(missing_ok=True)
        log.info("compacted the store in %.1f s", time.perf_counter() - started)

    def article_graphs(self) -> Iterable[str]:
        """Graphs that record an input hash, and graphs under the base's ``graph/`` that lack one
        (left incomplete by an interrupted build)."""
        hash_prop = NamedNode(ONTOLOGY + "inputHash")
        graphs = {
            q.graph_name.value
            for q in self.store.oxigraph.quads_for_pattern(None, hash_prop, None, None)
            if isinstance(q.graph_name, NamedNode)
        }
        if self.graph_prefix and self.entity_prefix:  # entity descriptions are not articles
            graphs.update(
                g.value
                for g in self.store.graphs()
                if g.value.startswith(self.graph_prefix) and not g.value.startswith(self.entity_prefix)
            )
        return graphs

    def drop(self, graph: NamedNode) -> None:
        self.replaced_or_dropped = True
        self.store.drop_graph(graph)

    def drop_unused_descriptions(self) -> int:
        """Drop the entity graphs no article graph refers to. Streamed (one index look-up per
        entity graph, no set of every graph name), and skipped when this build only added graphs
        to a store that held none: each entity graph then came in the batch of an article that
        refers to it."""
        if not self.entity_prefix:
            return 0
        if not (self.held_other_graphs or self.replaced_or_dropped):
            return 0
        prefix, described_in, ox = self.entity_prefix, NamedNode(DESCRIBED_IN), self.store.oxigraph
        unused = [
            g
            for g in ox.named_graphs()
            if isinstance(g, NamedNode)
            and g.value.startswith(prefix)
            and next(ox.quads_for_pattern(None, described_in, g, None), None) is None
        ]
        if unused:
            try:
                self.store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in unused))
            except SevareKgError as exc:
                raise _fatal(StoreError(f"cannot drop unused entity graphs: {exc}")) from None
        return len(unused)

    def flush(self) -> None:
        # No explicit Store.flush(): transactions are in RocksDB's write-ahead log (replayed on
        # open) and the bulk loader's files are durable once ingested; pyoxigraph 0.5.13's flush()
        # was seen to hang after ~5M quads loaded by transactions (10k articles).
        return None


def _release_free_memory() -> None:
    """Give memory that is free but kept by the C allocator back to the system (glibc's
    ``malloc_trim``; nothing elsewhere). The bulk loader's buffers are freed after each batch, but
    glibc keeps them in the arenas of the threads that used them: measured on a 30k-article build,
    trimming after a batch released about 80 MB of the writer's memory."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None


def _fatal(exc: SevareKgError) -> SevareKgError:
    exc.fatal = True  # type: ignore[attr-defined]
    return exc


ONTOLOGY_GRAPH = NamedNode(ONTOLOGY_GRAPH_IRI)


def ontology_quads() -> list[pyoxigraph.Quad]:
    """The ontology's triples in the ontology graph (its blank-node axioms left out)."""
    import pyoxigraph

    from sevare_kg.resources import ontology_dir

    text = (ontology_dir() / "sevare.ttl").read_bytes()
    return [
        pyoxigraph.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
        for t in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE)
        if not isinstance(t.subject, pyoxigraph.BlankNode) and not isinstance(t.object, pyoxigraph.BlankNode)
    ]


def support_graphs(config: MapperConfig) -> dict[str, list[pyoxigraph.Quad]]:
    """The graphs every build writes besides the articles': the ontology (so that queries can
    follow rdfs:subClassOf) and the reference graph (the gazetteer's entities, described once)."""
    return {
        ONTOLOGY_GRAPH.value: ontology_quads(),
        reference_graph_iri(config.base).value: reference_quads(config),
    }


def replace_if_changed(store: KnowledgeStore, graph: NamedNode, quads: list[pyoxigraph.Quad]) -> int:
    if store.contains_graph(graph) and set(store.quads(graph)) == set(quads):
        return 0
    return store.replace_graph(graph, quads)


def is_unchanged(store: KnowledgeStore, graph: NamedNode, digest: str) -> bool:
    if not store.contains_graph(graph):
        return False
    hash_prop = NamedNode(ONTOLOGY + "inputHash")
    return any(True for _ in store.oxigraph.quads_for_pattern(None, hash_prop, Literal(digest), graph))
