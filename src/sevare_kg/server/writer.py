"""SPARQL updates run in a process of their own, stopped at ``--update-timeout``.

pyoxigraph cannot cancel an update in-process, and an ``INSERT … WHERE`` can compute for as long as
a query: run in the server's process, it kept a core busy after its client had gone, with every
reader stopped meanwhile (the readers are stopped for any write, see workers.py). So the update runs
in a child that opens the store read-write; past the timeout the child is killed. An update is one
RocksDB transaction that commits at its end, so a killed update leaves the store as it was (the
store's write-ahead log is replayed when it is next opened), and the lock goes with the process.

Protocol: the request as one JSON object on the child's stdin, the outcome as one JSON object on
its stdout: ``{"ok": true}`` or ``{"status": N, "message": "…"}``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from sevare_kg.processes import die_with_parent
from sevare_kg.server.workers import MEMORY_CHECK_INTERVAL, resident_bytes

log = logging.getLogger("sevare_kg.server.writer")


class UpdateFailed(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def run_update(
    store_path: Path,
    update: str,
    base: str,
    timeout: float,
    memory_limit: int | None = None,
    *,
    union: bool = True,
) -> None:
    """Apply ``update`` (read over the union of all graphs, with ``union``) to the store at ``store_path``, which no
    other process may have open; raises ``UpdateFailed`` with the HTTP status to answer. Stopped
    past ``timeout`` seconds, or past ``memory_limit`` bytes resident (as a query worker is)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from sevare_kg.server.writer import writer_main; writer_main()",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    request = {
        "store": str(store_path),
        "update": update,
        "base": base,
        "union": union,
        "parent": os.getpid(),
    }
    talk = asyncio.ensure_future(proc.communicate(json.dumps(request).encode()))
    try:
        stopped = await _watch(proc.pid, talk, timeout, memory_limit)
    except asyncio.CancelledError:  # the server stops: the update is not left running
        proc.kill()
        raise
    if stopped is not None:
        log.warning("update %s: killing its process pid %d", stopped, proc.pid)
        proc.kill()
        await proc.wait()
        talk.cancel()
        raise UpdateFailed(503, f"update {stopped} and was stopped; nothing was written")
    out, _ = talk.result()
    try:
        outcome = json.loads(out)
    except ValueError:
        code = await proc.wait()
        how = f"exit status {code}" if code >= 0 else f"killed by signal {-code}"
        log.error("the update process pid %d stopped unexpectedly (%s)", proc.pid, how)
        raise UpdateFailed(500, f"the update process stopped unexpectedly ({how})") from None
    if not outcome.get("ok"):
        raise UpdateFailed(outcome["status"], outcome["message"])


async def _watch(
    pid: int, talk: asyncio.Future[tuple[bytes, bytes]], timeout: float, memory_limit: int | None
) -> str | None:
    """Wait for the update's process to answer; why it must be stopped, or None when it answered."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await asyncio.wait({talk}, timeout=MEMORY_CHECK_INTERVAL)
        if talk.done():
            return None
        if loop.time() >= deadline:
            return f"timed out after {timeout:g} s"
        resident = resident_bytes(pid) if memory_limit else None
        if memory_limit and resident is not None and resident > memory_limit:
            return f"went over the memory limit of {memory_limit >> 20} MiB"


def writer_main() -> None:
    """The child: apply the update read from stdin, say how it went on stdout."""
    request = json.loads(sys.stdin.buffer.read())
    die_with_parent(request["parent"])
    json.dump(_apply(request), sys.stdout)
    sys.stdout.flush()


def _apply(request: dict) -> dict:
    from sevare_kg.errors import QueryError, ServiceError, StoreError
    from sevare_kg.store.knowledge_store import KnowledgeStore

    try:
        ks = KnowledgeStore(Path(request["store"]))
    except StoreError as exc:
        return {"status": 500, "message": str(exc)}
    try:
        ks.update(request["update"], union=request["union"], base_iri=request["base"])
        ks.flush()
    except ServiceError as exc:
        return {"status": 502, "message": str(exc)}
    except QueryError as exc:
        return {"status": 400, "message": str(exc)}
    except StoreError as exc:
        return {"status": 500, "message": str(exc)}
    except (OSError, ValueError, RuntimeError, SyntaxError) as exc:
        return {"status": 400, "message": f"update failed: {exc}"}
    finally:
        ks.close()
    return {"ok": True}
