"""What every handler shares: the server's configuration and its state (the worker pool, the
result cache, the write lock), in a module of their own so that the routes import it, not each other."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sevare_kg.rdf.vocab import DEFAULT_BASE
from sevare_kg.resources import queries_dir
from sevare_kg.server import index, writer
from sevare_kg.server.cache import ResultCache
from sevare_kg.server.options import DEFAULT_MAX_BODY, DEFAULT_UPDATE_TIMEOUT, DEFAULT_WORKER_MEMORY
from sevare_kg.server.workers import WorkerPool
from sevare_kg.store.knowledge_store import KnowledgeStore

log = logging.getLogger("sevare_kg.server")


@dataclass
class ServerConfig:
    store_path: Path
    token: str | None = None
    query_timeout: float = 30.0
    base: str = DEFAULT_BASE
    workers: int | None = None
    cache: bool = True
    max_body: int = DEFAULT_MAX_BODY  # bytes of a request body (413 above)
    max_waiting: int = 64  # requests queued for a worker before 503
    queries_dir: Path | None = field(default_factory=queries_dir)
    cache_max_bytes: int = 256 * 1024 * 1024
    max_query: int = 1024 * 1024  # characters of a query text (413 above)
    max_update: int = 16 * 1024 * 1024  # characters of an update text
    service_allow: tuple[str, ...] = ()  # IRI prefixes SERVICE and LOAD may fetch (none by default)
    max_nesting: int = 200  # levels of ( [ { in a query, update or RDF body (400 above)
    worker_memory: int = DEFAULT_WORKER_MEMORY  # bytes of resident memory per query worker (0: no cap)
    update_timeout: float = DEFAULT_UPDATE_TIMEOUT  # seconds before an update is stopped

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            self.base += "/"
        if self.workers is None:
            self.workers = max(2, os.cpu_count() or 2)


class State:
    """Everything the handlers share: the worker pool, the cache, the write lock."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.cache = ResultCache(config.cache, max_bytes=config.cache_max_bytes)
        self.pool: WorkerPool | None = None
        self.write_lock = asyncio.Lock()
        self.index_page = index.index_html(index.named_queries(config.queries_dir)).encode()
        self.void_cache: tuple[int, str] | None = None
        self.writes = 0

    async def start(self) -> None:
        path = self.config.store_path
        if not path.exists():  # a fresh store: create it empty so the workers can open it
            await asyncio.to_thread(_touch_store, path)
        self.pool = WorkerPool(
            path,
            self.config.workers or 2,
            self.config.query_timeout,
            self.config.max_waiting,
            memory_limit=self.config.worker_memory or None,
        )
        await self.pool.start()
        log.info(
            "serving %s with %d query workers (pids %s), timeout %.0f s, memory %s per worker, "
            "writes %s, cache %s",
            path,
            self.pool.size,
            self.pool.pids(),
            self.config.query_timeout,
            f"{self.config.worker_memory >> 20} MiB" if self.config.worker_memory else "unlimited",
            "enabled" if self.config.token else "disabled",
            "on" if self.config.cache else "off",
        )

    async def stop(self) -> None:
        if self.pool is not None:
            await self.pool.close()

    async def write(self, fn: Callable[[KnowledgeStore], Any]) -> Any:
        """Run ``fn`` on the store opened read-write, in a thread, with every reader stopped (see
        workers.py). For Graph Store writes: their work is bounded by the body, already parsed."""
        return await self.exclusive(lambda: asyncio.to_thread(_apply, self.config.store_path, fn))

    async def update(self, text: str, *, union: bool = True) -> None:
        """Run a SPARQL update in a process of its own, stopped at the update timeout (writer.py);
        with ``union``, it reads the union of all graphs (union_update.py)."""
        config = self.config
        limits = (config.update_timeout, config.worker_memory or None)
        await self.exclusive(
            lambda: writer.run_update(config.store_path, text, config.base, *limits, union=union)
        )

    async def exclusive(self, run: Callable[[], Awaitable[Any]]) -> Any:
        """Await ``run()`` with every reader stopped; then clear the cache and restart the readers."""
        assert self.pool is not None
        async with self.write_lock:
            await self.pool.pause()
            try:
                return await run()
            finally:
                self.cache.invalidate()
                self.void_cache = None
                self.writes += 1
                await self.pool.resume()


def _touch_store(path: Path) -> None:
    ks = KnowledgeStore(path)
    ks.flush()
    ks.close()


def _apply(path: Path, fn: Callable[[KnowledgeStore], Any]) -> Any:
    ks = KnowledgeStore(path)
    try:
        result = fn(ks)
        ks.flush()
        return result
    finally:
        ks.close()  # before readers reopen it


# ---------------------------------------------------------------------------------------------------
# helpers
