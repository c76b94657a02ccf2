"""The ASGI application: SPARQL 1.1 Protocol at /sparql, Graph Store Protocol at /store, VoID,
the YASGUI editor at /, and entity pages for IRIs under the base."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from sevare_kg.errors import QueryError, ServiceError, SevareKgError, StoreError
from sevare_kg.exports.formats import compact_jsonld
from sevare_kg.rdf.vocab import DEFAULT_BASE
from sevare_kg.resources import ontology_dir, queries_dir
from sevare_kg.server import index, pages
from sevare_kg.server import negotiation as neg
from sevare_kg.server import service_description as _sd
from sevare_kg.server.cache import ResultCache
from sevare_kg.server.protocol import Operation, ProtocolError, parse_request
from sevare_kg.server.workers import Busy, QueryFailed, TimedOut, WorkerPool
from sevare_kg.store.knowledge_store import KnowledgeStore
from sevare_kg.store.named_queries import event_dataset, load_named_queries
from sevare_kg.store.query_text import prepare_query, prepare_update
from sevare_kg.store.sparql_text import (
    add_using,
    has_from,
    is_volatile,
    nesting_depth,
    remote_target_refused,
    tokens,
)

log = logging.getLogger("sevare_kg.server")
access_log = logging.getLogger("sevare_kg.server.access")
STATIC_DIR = Path(__file__).resolve().parent / "static"


@dataclass
class ServerConfig:
    store_path: Path
    token: str | None = None
    query_timeout: float = 30.0
    base: str = DEFAULT_BASE
    workers: int | None = None
    cache: bool = True
    max_body: int = 64 * 1024 * 1024  # bytes of a request body (413 above)
    max_waiting: int = 64  # requests queued for a worker before 503
    queries_dir: Path | None = field(default_factory=queries_dir)
    cache_max_bytes: int = 256 * 1024 * 1024
    max_query: int = 1024 * 1024  # characters of a query text (413 above)
    max_update: int = 16 * 1024 * 1024  # characters of an update text
    service_allow: tuple[str, ...] = ()  # IRI prefixes SERVICE and LOAD may fetch (none by default)
    max_nesting: int = 200  # levels of ( [ { in a query, update or RDF body (400 above)

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
            path, self.config.workers or 2, self.config.query_timeout, self.config.max_waiting
        )
        await self.pool.start()
        log.info(
            "serving %s with %d query workers (pids %s), timeout %.0f s, writes %s, cache %s",
            path,
            self.pool.size,
            self.pool.pids(),
            self.config.query_timeout,
            "enabled" if self.config.token else "disabled",
            "on" if self.config.cache else "off",
        )

    async def stop(self) -> None:
        if self.pool is not None:
            await self.pool.close()

    async def write(self, fn: Callable[[KnowledgeStore], Any]) -> Any:
        """Run ``fn`` on the store opened read-write, with every reader stopped (see workers.py)."""
        assert self.pool is not None
        async with self.write_lock:
            await self.pool.pause()
            try:
                return await asyncio.to_thread(_apply, self.config.store_path, fn)
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


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


async def read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise ProtocolError(413, f"request body over {limit} bytes")
        except ValueError:
            raise ProtocolError(400, "bad Content-Length") from None
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def nesting_refused(text: str, limit: int, what: str) -> Response | None:
    """400 when brackets, braces or parentheses nest deeper than ``limit`` (the parsers recurse:
    a deep enough text would overflow their stack and kill the process)."""
    if nesting_depth(text, limit) > limit:
        return error(400, f"the {what} nests ( [ {{ more than {limit} levels deep")
    return None


def check_write_auth(state: State, request: Request) -> Response | None:
    token = state.config.token
    if not token:
        return error(
            403,
            "this endpoint is read-only: start the server with a write token "
            "(SEVARE_KG_TOKEN or --token-file) to enable updates",
        )
    auth = request.headers.get("authorization")
    if not auth:
        return error(
            401,
            "writes need 'Authorization: Bearer <token>'",
            {"WWW-Authenticate": 'Bearer realm="sevare-kg"'},
        )
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return error(
            403, "wrong token", {"WWW-Authenticate": 'Bearer realm="sevare-kg", error="invalid_token"'}
        )
    return None


def endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _timeout(state: State, op: Operation) -> float:
    t = state.config.query_timeout
    if "timeout" in op.params:
        try:
            asked = float(op.params["timeout"])
            if asked > 0:
                return min(t, asked)
        except ValueError:
            raise ProtocolError(400, f"bad timeout {op.params['timeout']!r}") from None
    return t


# ---------------------------------------------------------------------------------------------------
# /sparql


async def sparql(request: Request) -> Response:
    state: State = request.app.state.sevare
    method = request.method
    if method == "OPTIONS":
        return Response(status_code=204, headers=_PREFLIGHT)
    try:
        body = await read_body(request, state.config.max_body) if method == "POST" else b""
        args = (method, request.scope["query_string"], request.headers.get("content-type"), body)
        # a large body (a form to decode, a text to check) is parsed in a thread, off the event loop
        op = await asyncio.to_thread(parse_request, *args) if len(body) > 64 * 1024 else parse_request(*args)
        if op.kind == "query":
            return await run_query(state, request, op)
        if op.kind == "update":
            return await run_update(state, request, op)
        return await service_description(state, request, op)
    except ProtocolError as exc:
        return error(exc.status, exc.message, exc.headers)


_PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


async def run_query(state: State, request: Request, op: Operation) -> Response:
    if len(op.text) > state.config.max_query:
        return error(413, f"query text over {state.config.max_query:,} characters")
    too_deep = nesting_refused(op.text, state.config.max_nesting, "query")
    if too_deep is not None:
        return too_deep
    # what runs: the label service answered here (so it is no remote SERVICE), WDQS prefixes given
    # to the parser; the worker prepares the same text again and says errors in the user's positions
    prepared = prepare_query(op.text)
    refused = remote_target_refused(prepared.text, state.config.service_allow)
    if refused is not None:
        return error(403, refused)
    headers = request.headers
    fmt = op.params.get("format") or op.params.get("output") or op.params.get("results")
    formats = neg.negotiate_results(headers.get("accept"), fmt)
    if formats == (None, None, None):
        return error(
            406,
            "none of the media types in Accept is a SPARQL results or RDF format this "
            f"endpoint writes ({', '.join(neg.SOLUTIONS + neg.GRAPH)})",
        )
    key = (op.text, op.default_graphs, op.named_graphs, formats)
    cache = state.cache
    volatile = is_volatile(prepared.text)
    etag = None
    if not volatile:
        etag = cache.etag(key)
        inm = headers.get("if-none-match")
        hit = cache.get(key)
        # "*" matches a representation that exists (RFC 9110 13.1.2): one answered before and still
        # cached, never a query that has not run (it may be a syntax error)
        if inm is not None and (etag in inm or (inm.strip() == "*" and hit is not None)):
            return Response(status_code=304, headers={"ETag": etag, "Vary": "Accept"})
        if hit is not None:
            return Response(
                hit.body,
                media_type=hit.media_type,
                headers={"ETag": etag, "Vary": "Accept", "X-Cache": "hit"},
            )
    dg: list[str] | None = list(op.default_graphs) if op.default_graphs else None
    if dg is None and op.named_graphs:
        dg = []  # named-graph-uri alone: the default graph is empty (SPARQL 1.1 Protocol 2.1.4)
    request_msg: dict[str, Any] = {
        "op": "query",
        "q": op.text,
        "dg": dg,
        "ng": list(op.named_graphs) or None,
        "formats": formats,
        "base": state.config.base,
    }
    if dg is None and has_from(prepared.text):
        request_msg["union"] = False  # the query's FROM / FROM NAMED define the dataset
    generation = cache.generation
    return await _stream(
        state, request_msg, _timeout(state, op), etag, key if not volatile else None, generation
    )


class ResponseAborted(Exception):
    """Raised inside a streaming body: the ASGI server then drops the connection mid-body."""


async def _stream(
    state: State, msg: dict, timeout: float, etag: str | None, cache_key: tuple | None, generation: int
) -> Response:
    assert state.pool is not None
    try:
        result = await state.pool.submit(msg, timeout)
        header, body = await result.header()
    except Busy:
        return error(
            503, "all query workers are busy and the queue is full: retry later", {"Retry-After": "1"}
        )
    except TimedOut:
        return error(503, f"query timed out after {timeout:g} s and was stopped")
    except QueryFailed as exc:
        return error(exc.status, exc.message)
    media_type = header.media_type
    hdrs = {"Vary": "Accept"}
    if etag:
        hdrs["ETag"] = etag
    if body is not None:
        if cache_key is not None:
            state.cache.put(cache_key, generation, body, media_type, etag or "")
        return Response(body, media_type=media_type, headers=hdrs)
    # large result: stream it; keep a copy for the cache while it stays under the entry limit
    cache = state.cache

    async def gen():
        kept: list[bytes] | None = [] if (cache_key is not None and cache.enabled) else None
        size = 0
        try:
            async for chunk in result.chunks():
                if kept is not None:
                    size += len(chunk)
                    if size > cache.max_entry:
                        kept = None
                    else:
                        kept.append(chunk)
                yield chunk
        except TimedOut:
            # the 200 and some rows are out: abort the response (no end of body), so that the client
            # sees an incomplete message instead of a short result that looks whole
            log.warning("query timed out while streaming after %.0f s: response aborted", timeout)
            raise ResponseAborted(f"query timed out after {timeout:g} s while streaming") from None
        except QueryFailed as exc:
            log.warning("query failed while streaming: %s: response aborted", exc.message)
            raise ResponseAborted(exc.message) from None
        if kept is not None and cache_key is not None:
            cache.put(cache_key, generation, b"".join(kept), media_type, etag or "")

    return StreamingResponse(gen(), media_type=media_type, headers=hdrs)


async def run_update(state: State, request: Request, op: Operation) -> Response:
    denied = check_write_auth(state, request)
    if denied is not None:
        return denied
    text = op.text
    if len(text) > state.config.max_update:
        return error(413, f"update text over {state.config.max_update:,} characters")
    too_deep = nesting_refused(text, state.config.max_nesting, "update")
    if too_deep is not None:
        return too_deep
    # what runs: the label service answered here (no remote SERVICE), WDQS prefixes predeclared
    user = prepare_update(op.text)
    refused = remote_target_refused(user.text, state.config.service_allow)
    if refused is not None:
        return error(400 if "local files" in refused else 403, refused)
    if op.default_graphs or op.named_graphs:
        text = add_using(text, op.default_graphs, op.named_graphs)
    base = state.config.base
    # parse (and dry-run on an empty in-memory store) first: a syntax error never stops the readers;
    # the user's own text, so that its positions are the user's (USING clauses come after)
    try:
        await asyncio.to_thread(_dry_run, user.text, base, user.prefixes)
    except SyntaxError as exc:
        return error(400, str(user.syntax_error(str(exc))))
    try:
        await state.write(lambda ks: ks.update(text, base_iri=base))
    except ServiceError as exc:
        return error(502, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    except StoreError as exc:
        return error(500, str(exc))
    except (OSError, ValueError, RuntimeError) as exc:
        return error(400, f"update failed: {exc}")
    return Response(status_code=204)


def _dry_run(text: str, base: str, prefixes: dict[str, str] | None = None) -> None:
    """Parse (and run on an empty in-memory store) an update: raises SyntaxError. LOAD would fetch
    its document twice, so an update with LOAD is only checked when it runs."""
    import pyoxigraph as ox

    if any(k == "word" and v.upper() == "LOAD" for k, v, *_ in tokens(text)):
        return
    try:
        ox.Store().update(text, base_iri=base, prefixes=prefixes or None)
    except SyntaxError:
        raise
    except Exception:
        pass


async def service_description(state: State, request: Request, op: Operation) -> Response:
    if neg.prefers_html(request.headers.get("accept")) and "format" not in op.params:
        return Response(state.index_page, media_type="text/html")
    url = endpoint_url(request)
    void_url = str(request.url_for("void"))
    ttl = _sd.service_description(url, void_url, bool(state.config.token))
    out = _sd.render(ttl, request.headers.get("accept"), op.params.get("format"), url)
    if out is None:
        return error(406, f"the service description is served as {', '.join(neg.GRAPH)}")
    return Response(out[0], media_type=out[1], headers={"Vary": "Accept"})


# ---------------------------------------------------------------------------------------------------
# VoID, editor, context, entity pages


async def void(request: Request) -> Response:
    state: State = request.app.state.sevare
    assert state.pool is not None
    gen = state.cache.generation
    if state.void_cache is None or state.void_cache[0] != gen:
        results: dict[str, bytes] = {}
        try:
            for name, q in _sd.VOID_QUERIES.items():
                _, results[name] = await state.pool.fetch(
                    {
                        "op": "query",
                        "q": q,
                        "dg": None,
                        "ng": None,
                        "formats": ["application/sparql-results+json"] * 2 + [None],
                    },
                    state.config.query_timeout,
                )
        except (TimedOut, Busy):
            return error(503, "the VoID statistics could not be computed in time: retry later")
        except QueryFailed as exc:
            return error(exc.status, exc.message)
        url = str(request.url_for("void"))
        state.void_cache = (gen, _sd.void_description(url, str(request.url_for("sparql")), results))
    url = str(request.url_for("void"))
    out = _sd.render(
        state.void_cache[1], request.headers.get("accept"), request.query_params.get("format"), url
    )
    if out is None:
        return error(406, f"VoID is served as {', '.join(neg.GRAPH)}")
    return Response(out[0], media_type=out[1], headers={"Vary": "Accept"})


async def home(request: Request) -> Response:
    state: State = request.app.state.sevare
    return Response(state.index_page, media_type="text/html")


async def context(request: Request) -> Response:
    return FileResponse(ontology_dir() / "context.jsonld", media_type="application/ld+json")


async def ontology(request: Request) -> Response:
    """The ontology: its pyLODE documentation for browsers, the Turtle file for RDF clients."""
    if "text/turtle" in request.headers.get("accept", "") or request.query_params.get("format") == "turtle":
        return FileResponse(ontology_dir() / "sevare.ttl", media_type="text/turtle")
    from starlette.concurrency import run_in_threadpool

    from sevare_kg.exports.ontology_docs import ontology_html

    try:
        html = await run_in_threadpool(ontology_html)  # cached in a file after the first call
    except SevareKgError as exc:
        return PlainTextResponse(f"ontology documentation unavailable: {exc}\n", status_code=503)
    return Response(html, media_type="text/html", headers={"Vary": "Accept"})


_SOLUTIONS: list[str | None] = ["application/sparql-results+json", "application/sparql-results+json", None]


async def _select(
    state: State,
    query: str,
    bind: Mapping[str, str],
    dg: list[str] | None = None,
    formats: list | None = None,
) -> tuple[Any, bytes]:
    """A query of the server's own (an entity page's), with its terms bound, never pasted in."""
    assert state.pool is not None
    request = {
        "op": "query",
        "q": query,
        "bind": dict(bind),
        "dg": dg,
        "ng": None,
        "formats": formats or _SOLUTIONS,
    }
    return await state.pool.fetch(request, state.config.query_timeout)


async def entity(request: Request) -> Response:
    """An IRI under the base: an HTML page for a browser, its triples in an RDF syntax otherwise."""
    state: State = request.app.state.sevare
    if request.method not in ("GET", "HEAD"):
        return error(405, "entity pages are read-only", {"Allow": "GET, HEAD"})
    iri = state.config.base + request.path_params["path"]
    try:
        NamedNode(iri)
    except ValueError:
        return error(404, f"not an entity IRI: {iri!r}")
    accept = request.headers.get("accept")
    fmt = request.query_params.get("format")
    try:
        if fmt == "html" or (not fmt and neg.prefers_html(accept)):
            return await _entity_page(state, iri)
        return await _entity_rdf(state, iri, accept, fmt)
    except (TimedOut, Busy):
        return error(503, "busy: retry later")
    except QueryFailed as exc:
        return error(exc.status, exc.message)


async def _entity_page(state: State, iri: str) -> Response:
    headers = {"Vary": "Accept", "Content-Security-Policy": pages.CONTENT_SECURITY_POLICY}
    bind = {pages.ENTITY: iri}
    _, out = await _select(state, pages.OUTGOING_QUERY, bind)
    _, inc = await _select(state, pages.INCOMING_QUERY, bind)
    _, mentions = await _select(state, pages.MENTIONS_QUERY, bind)
    outgoing = pages.rows_of(out)
    if not outgoing and not pages.rows_of(inc):
        return Response(pages.not_found_html(iri), status_code=404, media_type="text/html", headers=headers)
    event = await _event_facts(state, iri) if pages.is_event(outgoing) else None
    html = pages.render_html(iri, state.config.base, out, inc, event, mentions)
    return Response(html, media_type="text/html", headers=headers)


async def _entity_rdf(state: State, iri: str, accept: str | None, fmt: str | None) -> Response:
    _, _solutions, graph = neg.negotiate_results(accept, fmt)
    if graph is None:
        return error(406, f"entities are served as HTML or {', '.join(neg.GRAPH)}")
    bind = {pages.ENTITY: iri}
    _, found = await _select(state, pages.ASK_QUERY, bind)
    if b"true" not in found:
        return error(404, f"nothing is known about {iri}")
    compact = graph == "application/ld+json"
    formats = [None, None, "application/n-triples" if compact else graph]
    header, body = await _select(state, pages.RDF_QUERY, bind, formats=formats)
    if compact:  # compact JSON-LD in the project's context, as `sevare-kg export --format jsonld`
        body = await asyncio.to_thread(_compact_entity, body)
        return Response(body, media_type="application/ld+json", headers={"Vary": "Accept"})
    return Response(body, media_type=header.media_type, headers={"Vary": "Accept"})


async def _event_facts(state: State, iri: str) -> pages.EventFacts:
    """An event's summary: the named queries for this event, over the graphs that describe it."""
    loop = asyncio.get_running_loop()

    async def select(q: str, bind: Mapping[str, str], dg: list[str] | None = None) -> list[pages.Binding]:
        return pages.rows_of((await _select(state, q, bind, dg))[1])

    def select_values(q: str) -> list[dict[str, str]]:  # event_dataset's SELECT, from its thread
        rows = asyncio.run_coroutine_threadsafe(select(q, {}), loop).result()
        return [{k: b["value"] for k, b in r.items()} for r in rows]

    dataset = await asyncio.to_thread(event_dataset, select_values, "", iri, state.config.base)
    queries = {q.name: q.text for q in load_named_queries()}
    return await pages.gather_event(iri, lambda q, bind: select(q, bind, dataset), queries)


def _compact_entity(ntriples: bytes) -> bytes:
    doc = compact_jsonld(ntriples.decode("utf-8"))
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


# ---------------------------------------------------------------------------------------------------
# access log, CORS, errors: one plain ASGI middleware (cheaper than three Starlette ones)


class AccessLog:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = [500]
        sent = [False]

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                sent[0] = True
                headers = list(message.get("headers", []))
                headers.append((b"access-control-allow-origin", b"*"))
                headers.append((b"access-control-expose-headers", b"ETag, Content-Type"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if not sent[0]:
                await send_wrapper(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                    }
                )
                await send({"type": "http.response.body", "body": b"internal error (logged)\n"})
        finally:
            if access_log.isEnabledFor(logging.INFO):
                qs = scope.get("query_string", b"")
                client = scope.get("client") or ("-", 0)
                what = ""
                if qs:
                    what = (
                        " q="
                        + hashlib.blake2b(qs, digest_size=4).hexdigest()
                        + ":"
                        + qs[:60].decode("latin-1").replace(" ", "+")
                    )
                access_log.info(
                    "%s %s %s%s %d %.1fms",
                    client[0],
                    scope["method"],
                    scope["path"],
                    what,
                    status[0],
                    (time.perf_counter() - start) * 1000,
                )


def create_app(config: ServerConfig) -> Any:
    from sevare_kg.server import graphstore

    state = State(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await state.start()
        try:
            yield
        finally:
            await state.stop()

    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    routes = [
        Route("/sparql", sparql, methods=methods, name="sparql"),
        Route("/store", graphstore.endpoint, methods=methods, name="store"),
        Route("/.well-known/void", void, methods=["GET", "HEAD"], name="void"),
        Route("/context.jsonld", context, methods=["GET", "HEAD"]),
        Route("/ontology", ontology, methods=["GET", "HEAD"]),
        Route("/", home, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        Route("/{path:path}", entity, methods=methods),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.sevare = state
    return AccessLog(app)
