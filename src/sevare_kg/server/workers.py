"""Query worker processes: each opens the store read-only and answers one request at a time.

pyoxigraph cannot cancel a query in-process (a GROUP BY or ORDER BY computes everything before its
first row), so queries run in child processes that the server can kill. Protocol over a Unix
socket pair, every frame ``type (1 byte) | length (4 bytes, big-endian) | payload``:

parent → worker  ``Q`` a pickled request (one of this module's frozen dataclasses: the worker runs
                 this same code, started by the parent over a private socket pair)
worker → parent  ``R`` ready (after opening the store), then per request: optional ``H`` JSON header
                 (result kind, media type) followed by ``D`` data chunks and ``Z`` end, or ``E`` JSON
                 error {status, message}. The header is sent with the first 64 KiB, so an error in
                 evaluation before that still gets a proper status.

Writes never happen in a worker. The parent stops every worker before it writes (RocksDB's docs
call reading while another process writes undefined) and starts fresh ones afterwards, so each
worker only ever sees a consistent, closed-for-writing store.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sevare_kg.processes import die_with_parent

log = logging.getLogger("sevare_kg.server.workers")

_HDR = struct.Struct(">cI")
CHUNK = 64 * 1024


class QueryFailed(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Busy(Exception):
    """Every worker is busy and the waiting queue is full."""


class TimedOut(Exception):
    pass


# ---------------------------------------------------------------------------------------------------
# requests: one frozen dataclass per kind, pickled from the parent to the worker it started

Formats = tuple[str | None, str | None, str | None]
"""The media types negotiated for a (solutions, boolean, graph) result: the worker picks by the
result's kind; None where no acceptable type fits that kind."""
JSON_SOLUTIONS: Formats = ("application/sparql-results+json", "application/sparql-results+json", None)
"""What the server's own queries (VoID, entity pages) read their SELECT and ASK results as."""


@dataclass(frozen=True)
class QueryRequest:
    """A SPARQL query (the user's text, prepared again in the worker, or one of the server's own)."""

    text: str
    formats: Formats
    base: str | None = None
    default_graphs: tuple[str | None, ...] | None = None  # None in it: the default graph itself
    named_graphs: tuple[str, ...] | None = None
    union: bool = True  # with no default_graphs, the default graph is the union of the graphs
    bind: tuple[tuple[str, str], ...] = ()  # (variable, IRI): substituted, never pasted into the text


@dataclass(frozen=True)
class DumpRequest:
    """Graph Store GET: one named graph, the default graph (``graph`` None) or the whole dataset."""

    media_type: str
    graph: str | None = None
    dataset: bool = False


@dataclass(frozen=True)
class CheckUpdateRequest:
    """Check that an update parses and runs on an empty store (the writer runs it afterwards)."""

    text: str
    base: str | None = None


@dataclass(frozen=True)
class ExitRequest:
    """Close the store and exit."""


WorkerRequest = QueryRequest | DumpRequest | CheckUpdateRequest | ExitRequest


# ---------------------------------------------------------------------------------------------------
# worker side


def _frame(kind: bytes, payload: bytes) -> bytes:
    return _HDR.pack(kind, len(payload)) + payload


class _Writer:
    """File-like target of pyoxigraph's serializers: sends ``H`` once, then ``D`` chunks."""

    def __init__(self, sock: socket.socket, header: bytes) -> None:
        self.sock = sock
        self.header = header
        self.buf = bytearray()
        self.sent_header = False

    def write(self, data: bytes) -> int:
        self.buf += data
        if len(self.buf) >= CHUNK:
            self._send()
        return len(data)

    def flush(self) -> None:
        pass

    def _send(self, end: bool = False) -> None:
        out = bytearray()
        if not self.sent_header:
            out += _frame(b"H", self.header)
            self.sent_header = True
        if self.buf:
            out += _frame(b"D", bytes(self.buf))
            self.buf.clear()
        if end:
            out += _frame(b"Z", b"")
        self.sock.sendall(out)

    def close(self) -> None:
        self._send(end=True)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        part = sock.recv(n - len(buf))
        if not part:
            raise EOFError
        buf += part
    return bytes(buf)


def worker_main(store_path: str, fd: int, parent: int | None = None) -> None:
    import pyoxigraph as ox

    if parent is not None:
        die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    sock = socket.socket(fileno=fd)
    store = ox.Store.read_only(store_path)
    results_formats = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/csv": ox.QueryResultsFormat.CSV,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    sock.sendall(_frame(b"R", str(os.getpid()).encode()))
    while True:
        try:
            kind, length = _HDR.unpack(_recv_exact(sock, _HDR.size))
            req = pickle.loads(_recv_exact(sock, length))  # from the parent that started us
        except (EOFError, ConnectionError):
            return
        if isinstance(req, ExitRequest):
            return
        try:
            _answer(ox, store, req, sock, results_formats)
        except (BrokenPipeError, ConnectionError):
            return
        except Exception as exc:
            _send_error(sock, 500, f"internal error: {exc!r}")


def _answer(ox, store, req: WorkerRequest, sock: socket.socket, results_formats: dict) -> None:
    """Answer one request: a result (``H``, ``D``…, ``Z``) or an error (``E``)."""
    if isinstance(req, QueryRequest):
        _answer_query(ox, store, req, sock, results_formats)
    elif isinstance(req, DumpRequest):
        _dump(ox, store, req, sock)
    elif isinstance(req, CheckUpdateRequest):
        _check_update(ox, req, sock)
    else:
        _send_error(sock, 400, f"unknown request {type(req).__name__}")


def _send_error(sock: socket.socket, status: int, message: str) -> None:
    sock.sendall(_frame(b"E", json.dumps({"status": status, "message": message}).encode()))


def _result_header(kind: str, media_type: str) -> bytes:
    return json.dumps({"kind": kind, "media_type": media_type}).encode()


def _dump(ox, store, req: DumpRequest, sock: socket.socket) -> None:
    """Graph Store GET: one graph, the default graph or the whole dataset, in ``req.media_type``."""
    mt = req.media_type
    fmt = ox.RdfFormat.from_media_type(mt)
    if req.dataset:
        if not fmt.supports_datasets:
            return _send_error(sock, 406, "the whole dataset is served as N-Quads or TriG only")
        w = _Writer(sock, _result_header("graph", mt))
        store.dump(w, fmt, prefixes=_prefixes(mt))
        return w.close()
    gnode = ox.DefaultGraph() if req.graph is None else ox.NamedNode(req.graph)
    if req.graph is not None and not store.contains_named_graph(gnode):
        return _send_error(sock, 404, f"no graph {req.graph}")
    triples = (q.triple for q in store.quads_for_pattern(None, None, None, gnode))
    w = _Writer(sock, _result_header("graph", mt))
    ox.serialize(triples, w, fmt, prefixes=_prefixes(mt))
    return w.close()


def _answer_query(ox, store, req: QueryRequest, sock: socket.socket, results_formats: dict) -> None:
    """Evaluate a query and stream its result in the media type negotiated for its form."""
    from sevare_kg.store.query_text import prepare_query

    options = _query_options(ox, req)
    # the user's text: the WDQS prefixes it uses are declared, its label service answered here, and
    # errors are said in its own positions (query_text)
    prepared = prepare_query(req.text)
    if prepared.prefixes:
        options["prefixes"] = prepared.prefixes
    result = _evaluate(store, prepared, options, sock)
    if result is None:
        return
    kind, mt = _result_form(ox, result, req.formats)
    if mt is None:
        return _send_error(sock, 406, f"none of the media types in Accept fits a {_FORM_NAME[kind]} result")
    _serialize_result(ox, result, kind, mt, prepared, sock, results_formats)


def _query_options(ox, req: QueryRequest) -> dict:
    """``Store.query``'s keyword arguments for the request's base and dataset, and its bound terms."""
    options: dict = {}
    if req.base:
        options["base_iri"] = req.base
    if req.default_graphs is not None:
        options["default_graph"] = [
            ox.DefaultGraph() if g is None else ox.NamedNode(g) for g in req.default_graphs
        ]
    elif req.union:
        options["use_default_graph_as_union"] = True
    if req.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
    if req.bind:  # terms bound to variables (entity pages), never pasted into the text
        options["substitutions"] = {ox.Variable(k): ox.NamedNode(v) for k, v in req.bind}
    return options


def _evaluate(store, prepared, options: dict, sock: socket.socket):
    """The query's result, or None once its syntax or evaluation error is sent."""
    from sevare_kg.errors import ServiceError
    from sevare_kg.store.query_text import evaluation_error

    try:
        return store.query(prepared.text, **options)
    except SyntaxError as exc:
        _send_error(sock, 400, str(prepared.syntax_error(str(exc))))
    except (OSError, ValueError, RuntimeError) as exc:
        failure = evaluation_error(exc, prepared.text)
        _send_error(sock, 502 if isinstance(failure, ServiceError) else 400, str(failure))
    return None


def _result_form(ox, result, formats: Formats) -> tuple[str, str | None]:
    """The result's kind and the media type negotiated for it (None: none fits)."""
    if isinstance(result, ox.QuerySolutions):
        return "solutions", formats[0]
    if isinstance(result, ox.QueryBoolean):
        return "boolean", formats[1]
    return "graph", formats[2]


def _serialize_result(
    ox, result, kind: str, mt: str, prepared, sock: socket.socket, results_formats: dict
) -> None:
    """Stream the result; an error before the header is sent gets its status, one after cuts the
    stream short."""
    from sevare_kg.errors import ServiceError
    from sevare_kg.store.query_text import evaluation_error

    w = _Writer(sock, _result_header(kind, mt))
    try:
        if kind == "graph":
            fmt = ox.RdfFormat.from_media_type(mt)
            ox.serialize(result, w, fmt, prefixes=_prefixes(mt))
        else:
            result.serialize(w, results_formats[mt])
    except (OSError, ValueError, RuntimeError, SyntaxError) as exc:
        failure = evaluation_error(exc, prepared.text)  # never the body a SERVICE answered with
        if not w.sent_header:
            if isinstance(failure, ServiceError):
                return _send_error(sock, 502, str(failure))
            return _send_error(
                sock, 500 if isinstance(exc, OSError) else 400, f"query evaluation failed: {failure}"
            )
        # too late for a status: cut the stream short, the client sees a truncated body
        return _send_error(sock, 500, str(failure))
    w.close()


def _check_update(ox, req: CheckUpdateRequest, sock: socket.socket) -> None:
    """Parse an update, and run it on an empty in-memory store (which a parse alone would not
    catch: an undefined prefix, a bad IRI); an ``E`` 400 with the syntax error in the user's
    positions, else an empty answer. An update with LOAD is checked only when it runs (it would
    fetch its document twice)."""
    from sevare_kg.store.query_text import prepare_update
    from sevare_kg.store.sparql_text import tokens

    prepared = prepare_update(req.text)
    if not any(k == "word" and v.upper() == "LOAD" for k, v, *_ in tokens(prepared.text)):
        try:
            ox.Store().update(prepared.text, base_iri=req.base, prefixes=prepared.prefixes or None)
        except SyntaxError as exc:
            return _send_error(sock, 400, str(prepared.syntax_error(str(exc))))
        except Exception:  # an evaluation error on no data: the real run will say
            pass
    _Writer(sock, _result_header("checked", "text/plain")).close()
    return None


def _prefixes(mt: str) -> dict[str, str] | None:
    if mt in ("application/n-triples", "application/n-quads"):
        return None
    from sevare_kg.rdf.vocab import PREFIXES

    return dict(PREFIXES)


_FORM_NAME = {"solutions": "SELECT", "boolean": "ASK", "graph": "CONSTRUCT/DESCRIBE"}


# ---------------------------------------------------------------------------------------------------
# parent side


@dataclass
class Header:
    kind: str
    media_type: str


class Worker:
    def __init__(self, store_path: Path) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from sevare_kg.server.workers import worker_main; "
                "worker_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))",
                str(store_path),
                str(child.fileno()),
                str(os.getpid()),
            ],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.sock = parent
        self.pid = self.proc.pid
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.broken = False
        self.started = time.monotonic()

    async def ready(self, timeout: float = 60.0) -> None:
        self.reader, self.writer = await asyncio.open_unix_connection(sock=self.sock, limit=2 * CHUNK)
        kind, _payload = await asyncio.wait_for(self._frame(), timeout)
        if kind != b"R":
            raise RuntimeError(f"worker {self.pid} did not start (got {kind!r})")

    async def _frame(self) -> tuple[bytes, bytes]:
        assert self.reader is not None
        head = await self.reader.readexactly(_HDR.size)
        kind, length = _HDR.unpack(head)
        return kind, (await self.reader.readexactly(length) if length else b"")

    def send(self, request: WorkerRequest) -> None:
        assert self.writer is not None
        self.writer.write(_frame(b"Q", pickle.dumps(request)))

    async def exit_status(self) -> str:
        """How the process ended ("killed by SIGSEGV", "exit status 1"), waiting up to 1 s for it
        without blocking the event loop."""
        for _ in range(100):
            code = self.proc.poll()
            if code is not None:
                break
            await asyncio.sleep(0.01)
        else:
            return "still running"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def kill(self) -> None:
        self.broken = True
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        if self.writer is not None:
            self.writer.close()
        else:
            self.sock.close()

    async def stop(self) -> None:
        """Ask the worker to exit (closing the store), kill it if it does not."""
        if self.proc.poll() is None and not self.broken and self.writer is not None:
            try:
                self.send(ExitRequest())
                await self.writer.drain()
            except (ConnectionError, RuntimeError):
                pass
            for _ in range(100):
                if self.proc.poll() is not None:
                    break
                await asyncio.sleep(0.02)
        self.kill()
        await asyncio.to_thread(self.proc.wait)


def resident_bytes(pid: int) -> int | None:
    """The memory a process holds of its own: resident pages less the shared ones (file-backed
    pages, such as the store's files read through the page cache, are the kernel's to drop). From
    Linux's /proc; None elsewhere or when the process is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            fields = handle.read().split()
        return (int(fields[1]) - int(fields[2])) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return None


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MEMORY_CHECK_INTERVAL = 0.05  # seconds between two looks at the busy workers' memory


def over_memory_message(limit: int) -> str:
    return f"query stopped: over the worker memory limit of {limit >> 20} MiB"


class Result:
    """One running request: ``header()`` then iterate ``chunks()``; always ``release()``d."""

    def __init__(self, pool: WorkerPool, worker: Worker, deadline: float) -> None:
        self.pool = pool
        self.worker = worker
        self.deadline = deadline
        self.timed_out = False
        self.over_memory = False
        self.done = False
        self._released = False
        loop = asyncio.get_running_loop()
        self._timer = loop.call_at(loop.time() + max(0.0, deadline - time.monotonic()), self._expire)

    def _expire(self) -> None:
        if not self.done:
            self.timed_out = True
            log.warning(
                "query timed out after %.1f s: killing worker pid %d", self.pool.timeout, self.worker.pid
            )
            self.worker.kill()

    def stop_over_memory(self, resident: int, limit: int) -> None:
        """The watchdog saw the worker over its memory limit: stop the query (the worker is
        replaced, as after a timeout)."""
        if self.done or self.over_memory:
            return
        self.over_memory = True
        log.warning(
            "query worker pid %d used %d MiB, over the limit of %d MiB: killing it",
            self.worker.pid,
            resident >> 20,
            limit >> 20,
        )
        self.worker.kill()

    async def _next(self) -> tuple[bytes, bytes]:
        try:
            return await self.worker._frame()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            self.worker.broken = True
            if self.timed_out:
                raise TimedOut() from None
            if self.over_memory:
                raise QueryFailed(503, over_memory_message(self.pool.memory_limit or 0)) from None
            how = await self.worker.exit_status()
            log.error(
                "query worker pid %d died while answering a request (%s): replacing it", self.worker.pid, how
            )
            raise QueryFailed(
                500, f"the query worker stopped unexpectedly ({how}); the query was not answered"
            ) from None

    async def header(self) -> tuple[Header, bytes | None]:
        """The header and, for results under 64 KiB, the whole body (None: stream ``chunks()``)."""
        try:
            return await self._header()
        except BaseException:
            if not self.done:
                self.worker.kill()
            self.release()
            raise

    async def _header(self) -> tuple[Header, bytes | None]:
        kind, payload = await self._next()
        if kind == b"E":
            err = json.loads(payload)
            self.done = True
            self.release()
            raise QueryFailed(err["status"], err["message"])
        if kind != b"H":
            self.worker.broken = True
            self.release()
            raise QueryFailed(500, f"bad frame {kind!r} from the query worker")
        h = json.loads(payload)
        header = Header(h["kind"], h["media_type"])
        # small results come as H D Z in one write: read them whole
        kind, data = await self._next()
        if kind == b"Z":
            self.done = True
            self.release()
            return header, b""
        if kind == b"D":
            if len(data) < CHUNK:  # the worker flushes full chunks only: a short one is the last
                kind2, data2 = await self._next()
                if kind2 != b"Z":
                    await self._fail_frame(kind2, data2)
                self.done = True
                self.release()
                return header, data
            self._pending = data
            return header, None
        await self._fail_frame(kind, data)
        raise AssertionError

    async def _fail_frame(self, kind: bytes, data: bytes) -> None:
        self.done = True
        self.worker.broken = kind != b"E"
        self.release()
        if kind == b"E":
            err = json.loads(data)
            raise QueryFailed(err["status"], err["message"])
        raise QueryFailed(500, f"bad frame {kind!r} from the query worker")

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            yield self._pending
            while True:
                kind, data = await self._next()
                if kind == b"D":
                    yield data
                elif kind == b"Z":
                    self.done = True
                    return
                else:
                    await self._fail_frame(kind, data)
        finally:
            if not self.done:  # client went away or timeout: the worker is mid-answer
                self.worker.kill()
            self.release()

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        self._timer.cancel()
        self.pool.running.discard(self)
        self.pool._release(self.worker)


class WorkerPool:
    """``size`` worker processes; requests wait (up to ``max_waiting``) for an idle one. With a
    ``memory_limit`` (bytes), a watchdog looks at the resident memory of every busy worker each
    ``MEMORY_CHECK_INTERVAL`` and stops the query of one over it. The watchdog is in this process,
    not the worker: pyoxigraph may hold the worker's GIL for a whole evaluation, and an address-space
    limit (RLIMIT_AS) would count RocksDB's mappings and thread stacks, not the memory used."""

    def __init__(
        self,
        store_path: Path,
        size: int,
        timeout: float,
        max_waiting: int = 64,
        *,
        memory_limit: int | None = None,
    ) -> None:
        self.store_path = store_path
        self.memory_limit = memory_limit
        self.running: set[Result] = set()
        self._watchdog: asyncio.Task | None = None
        self.size = size
        self.timeout = timeout
        self.max_waiting = max_waiting
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.waiting = 0
        self.busy = 0
        self.gate = asyncio.Event()
        self.kills = 0
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        self.gate.set()
        if self.memory_limit and self._watchdog is None:
            self._watchdog = asyncio.get_running_loop().create_task(self._watch_memory(self.memory_limit))

    async def _watch_memory(self, limit: int) -> None:
        while True:
            await asyncio.sleep(MEMORY_CHECK_INTERVAL)
            for result in list(self.running):
                resident = resident_bytes(result.worker.pid)
                if resident is not None and resident > limit:
                    result.stop_over_memory(resident, limit)

    async def _spawn(self) -> None:
        w = Worker(self.store_path)
        self.workers.add(w)
        try:
            await w.ready()
        except Exception:
            log.exception("query worker failed to start")
            self.workers.discard(w)
            w.kill()
            raise
        self.idle.put_nowait(w)

    def _release(self, worker: Worker) -> None:
        self.busy -= 1
        if worker.broken or worker.proc.poll() is not None:
            self.workers.discard(worker)
            worker.kill()
            self.kills += 1
            asyncio.get_running_loop().run_in_executor(None, worker.proc.wait)  # reap
            if self.gate.is_set():
                t = asyncio.get_running_loop().create_task(self._spawn())
                self._tasks.add(t)
                t.add_done_callback(self._tasks.discard)
        else:
            self.idle.put_nowait(worker)

    async def submit(self, request: WorkerRequest, timeout: float | None = None) -> Result:
        deadline = time.monotonic() + (timeout or self.timeout)
        if not self.gate.is_set() or self.idle.empty():
            if self.waiting >= self.max_waiting:
                raise Busy()
            self.waiting += 1
            try:
                worker = await asyncio.wait_for(self._acquire(), max(0.0, deadline - time.monotonic()))
            except (TimeoutError, asyncio.TimeoutError):
                raise TimedOut() from None
            finally:
                self.waiting -= 1
        else:
            worker = self.idle.get_nowait()
        self.busy += 1
        result = Result(self, worker, deadline)
        self.running.add(result)
        try:
            worker.send(request)
        except (ConnectionError, RuntimeError):
            worker.broken = True
            result.release()
            raise QueryFailed(500, "the query worker stopped unexpectedly") from None
        return result

    async def _acquire(self) -> Worker:
        while True:
            await self.gate.wait()
            worker = await self.idle.get()
            if worker in self.workers and not worker.broken:
                return worker

    async def fetch(self, request: WorkerRequest, timeout: float | None = None) -> tuple[Header, bytes]:
        """Run a request to the end and return its whole body."""
        res = await self.submit(request, timeout)
        header, body = await res.header()
        if body is None:
            parts = [c async for c in res.chunks()]
            body = b"".join(parts)
        return header, body

    async def pause(self) -> None:
        """Let running requests finish, then stop every worker (before a write)."""
        self.gate.clear()
        while self.busy > 0 or self._tasks:
            await asyncio.sleep(0.01)
        workers = list(self.workers)
        self.workers.clear()
        while not self.idle.empty():
            self.idle.get_nowait()
        await asyncio.gather(*(w.stop() for w in workers))

    async def resume(self) -> None:
        await self.start()

    async def close(self) -> None:
        self.gate.clear()
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        for t in list(self._tasks):
            t.cancel()
        workers = list(self.workers)
        self.workers.clear()
        await asyncio.gather(*(w.stop() for w in workers), return_exceptions=True)

    def pids(self) -> list[int]:
        return sorted(w.pid for w in self.workers)
