"""Mapping engines: serial, a local process pool (``--jobs N``) and Dask (``--engine dask``).

The unit of work is a chunk of articles. :func:`map_chunk` is pure and engine-agnostic: article
texts in, N-Quads out (as bytes, the cheapest thing to ship between processes or machines), or,
with a shard folder, a gzip N-Quads shard written there and only its path sent back. Every engine
keeps a bounded number of chunks in flight and hands results back in submission order, so memory
stays flat whatever the corpus size and the writer sees the same sequence as a serial build.
"""

from __future__ import annotations

import gzip
import itertools
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sevare_kg.errors import SevareKgError
from sevare_kg.processes import die_with_parent
from sevare_kg.rdf.vocab import ONTOLOGY

if TYPE_CHECKING:
    from sevare_kg.rdf.mapper import MapperConfig

INPUT_HASH = ONTOLOGY + "inputHash"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MapTask:
    name: str  # input locator, for messages
    url: str | None
    text: str  # the article text, already decoded and normalized by the planner


@dataclass(frozen=True)
class Mapped:
    name: str
    graph: str | None
    quads: int
    nquads: bytes | None  # the graph but its mark; None when written to a shard, or when failed
    error: str | None = None
    mark: bytes = b""  # the N-Quads line of the graph's sev:inputHash: the graph is nquads + mark


@dataclass(frozen=True)
class ChunkResult:
    chunk_id: int
    items: list[Mapped]
    shard: str | None = None  # path of the gzip N-Quads shard holding the chunk's quads


def map_one(task: MapTask, config: MapperConfig) -> Mapped:
    """Parse and map one article to N-Quads bytes. Never raises: a failure is in the result."""
    import pyoxigraph

    from sevare_kg.extraction.article import parse_article
    from sevare_kg.rdf.mapper import graph_iri, map_article

    try:
        article = parse_article(task.text, source=task.name, url=task.url)
        quads = map_article(article, config)  # each quad once
        hash_prop = pyoxigraph.NamedNode(INPUT_HASH)
        marks = [q for q in quads if q.predicate == hash_prop]
        data = pyoxigraph.serialize(
            [q for q in quads if q.predicate != hash_prop], format=pyoxigraph.RdfFormat.N_QUADS
        )
        mark = pyoxigraph.serialize(marks, format=pyoxigraph.RdfFormat.N_QUADS) or b""
        return Mapped(task.name, graph_iri(config.base, article.title).value, len(quads), data, mark=mark)
    except SevareKgError as exc:
        reason = str(exc)
    except Exception as exc:
        log.debug("mapping %s failed", task.name, exc_info=True)
        reason = f"internal error while mapping: {type(exc).__name__}: {exc}"
    if task.name not in reason:
        reason = f"{task.name}: {reason}"
    return Mapped(task.name, None, 0, None, reason)


def map_chunk(
    chunk_id: int,
    tasks: list[MapTask],
    config: MapperConfig,
    shard_dir: str | None = None,
    log_level: int | None = None,
) -> ChunkResult:
    """Map a chunk of articles under ``config`` (the writer's own: base, gazetteer and links travel
    with the work, so every engine maps exactly as a serial build does). With ``shard_dir``, write
    the chunk's quads to ``shard_dir/part-<chunk_id>.nq.gz`` (atomically: temp file + rename; the
    graphs' inputHash marks at its end) and return its path.
    ``log_level``: the writer's level for the package's warnings, applied in worker processes."""
    if log_level is not None:
        pkg = logging.getLogger("sevare_kg")
        if pkg.getEffectiveLevel() != log_level:
            pkg.setLevel(log_level)
    items = [map_one(t, config) for t in tasks]
    if shard_dir is None:
        return ChunkResult(chunk_id, items)
    path = Path(shard_dir) / f"part-{chunk_id:08d}.nq.gz"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with gzip.open(tmp, "wb", compresslevel=3) as handle:
        for m in items:
            if m.nquads:
                handle.write(m.nquads)
        for m in items:  # the completion marks last: a writer can load the rest first
            handle.write(m.mark)
    os.replace(tmp, path)
    return ChunkResult(
        chunk_id, [Mapped(m.name, m.graph, m.quads, None, m.error, m.mark) for m in items], str(path)
    )


_WORKER_CONFIG: MapperConfig | None = None


def _init_worker(config: MapperConfig, parent: int) -> None:
    """Process-pool initializer: the config is sent once per worker, not with every chunk. The
    worker dies with its parent, the build, so a build killed with SIGKILL leaves no mapping
    worker behind."""
    global _WORKER_CONFIG
    die_with_parent(parent)  # the build's pid, sent along: it may be gone before this runs
    _WORKER_CONFIG = config


def _map_chunk_in_worker(
    chunk_id: int, tasks: list[MapTask], shard_dir: str | None, log_level: int | None
) -> ChunkResult:
    if _WORKER_CONFIG is None:
        raise RuntimeError("mapping worker started without its config (_init_worker)")
    return map_chunk(chunk_id, tasks, _WORKER_CONFIG, shard_dir, log_level)


# -- engines -----------------------------------------------------------------------------------------


class Engine:
    """Maps chunks; ``run`` yields one :class:`ChunkResult` per chunk, in submission order."""

    name = "serial"

    def __init__(self, config: MapperConfig, shard_dir: Path | None = None) -> None:
        self.config = config
        self.shard_dir = str(shard_dir) if shard_dir is not None else None
        self.log_level = logging.getLogger("sevare_kg").getEffectiveLevel()

    def run(self, chunks: Iterable[tuple[int, list[MapTask]]]) -> Iterator[ChunkResult]:
        for chunk_id, tasks in chunks:
            yield map_chunk(chunk_id, tasks, self.config, self.shard_dir)

    def close(self) -> None:
        pass

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Windowed(Engine):
    """Submit chunks while fewer than ``window`` are in flight; yield the oldest when full."""

    window = 4

    def submit(self, chunk_id: int, tasks: list[MapTask]) -> Any:
        raise NotImplementedError

    def result(self, future: Any) -> ChunkResult:
        raise NotImplementedError

    def run(self, chunks: Iterable[tuple[int, list[MapTask]]]) -> Iterator[ChunkResult]:
        it = iter(chunks)
        first = next(it, None)
        if first is None:
            return
        second = next(it, None)
        if second is None and self.name == "processes":  # one chunk: not worth starting processes
            yield map_chunk(first[0], first[1], self.config, self.shard_dir)
            return
        pending: deque[Any] = deque()
        rest = itertools.chain([first], [second] if second is not None else [], it)
        for chunk_id, tasks in rest:
            pending.append(self.submit(chunk_id, tasks))
            while len(pending) >= self.window:
                yield self.result(pending.popleft())
        while pending:
            yield self.result(pending.popleft())


class ProcessEngine(_Windowed):
    """``--jobs N``: N worker processes on this machine."""

    name = "processes"

    def __init__(self, config: MapperConfig, jobs: int, shard_dir: Path | None = None) -> None:
        super().__init__(config, shard_dir)
        import multiprocessing

        # spawn, not fork: the writer holds an open RocksDB store, which must not be forked; and not
        # forkserver: its server outlives a build killed with SIGKILL, and keeps the workers alive
        # (spawned workers are the build's children and die with it, see _init_worker)
        self.ctx = multiprocessing.get_context("spawn")
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None  # started on the first submit
        self.window = 4 * jobs + 2

    def submit(self, chunk_id: int, tasks: list[MapTask]) -> Future[ChunkResult]:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=self.ctx,
                initializer=_init_worker,
                initargs=(self.config, os.getpid()),
            )
        return self.pool.submit(_map_chunk_in_worker, chunk_id, tasks, self.shard_dir, self.log_level)

    def result(self, future: Future[ChunkResult]) -> ChunkResult:
        return future.result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine(_Windowed):
    """``--engine dask``: map on a Dask cluster (``scheduler`` address), or on a LocalCluster of
    ``jobs`` single-threaded worker processes when no address is given."""

    name = "dask"

    def __init__(
        self,
        config: MapperConfig,
        *,
        scheduler: str | None = None,
        jobs: int | None = None,
        shard_dir: Path | None = None,
    ) -> None:
        super().__init__(config, shard_dir)
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise SevareKgError("--engine dask needs Dask: pip install 'sevare-kg[scale]'") from None
        self.cluster = None
        if not logging.getLogger("sevare_kg").isEnabledFor(logging.INFO):
            for name in ("distributed", "dask"):
                logging.getLogger(name).setLevel(logging.WARNING)
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise SevareKgError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        else:
            self.cluster = LocalCluster(
                n_workers=jobs or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
            self.client = Client(self.cluster)
        workers = max(1, len(self.client.scheduler_info().get("workers", {})) or (jobs or 1))
        self.window = 4 * workers + 2
        # sent to every worker once; tasks refer to it (workers joining later fetch it)
        self.config_future = self.client.scatter(config, broadcast=True, hash=False)

    def submit(self, chunk_id: int, tasks: list[MapTask]) -> Any:
        return self.client.submit(
            map_chunk, chunk_id, tasks, self.config_future, self.shard_dir, self.log_level, pure=False
        )

    def result(self, future: Any) -> ChunkResult:
        res = future.result()
        future.release()
        return res

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(
    config: MapperConfig,
    *,
    engine: str = "processes",
    jobs: int | None = None,
    scheduler: str | None = None,
    shard_dir: Path | None = None,
) -> Engine:
    if engine == "dask":
        return DaskEngine(config, scheduler=scheduler, jobs=jobs, shard_dir=shard_dir)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if engine == "serial" or jobs <= 1:
        return Engine(config, shard_dir)
    return ProcessEngine(config, jobs, shard_dir)
