"""The ASGI application: SPARQL 1.1 Protocol at /sparql, Graph Store Protocol at /store, VoID,
the YASGUI editor at /, and entity pages for IRIs under the base."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from sevare_kg.errors import SevareKgError
from sevare_kg.resources import ontology_dir
from sevare_kg.server import graphstore, writer
from sevare_kg.server import negotiation as neg
from sevare_kg.server import service_description as _sd
from sevare_kg.server.entities import entity
from sevare_kg.server.protocol import Operation, ProtocolError, parse_request
from sevare_kg.server.responses import (
    check_write_auth,
    endpoint_url,
    error,
    nesting_refused,
    read_body,
    stream_result,
)
from sevare_kg.server.state import ServerConfig, State
from sevare_kg.server.workers import (
    JSON_SOLUTIONS,
    Busy,
    CheckUpdateRequest,
    QueryFailed,
    QueryRequest,
    TimedOut,
)
from sevare_kg.store.query_text import prepare_query, prepare_update
from sevare_kg.store.sparql_text import (
    add_using,
    has_from,
    is_volatile,
    remote_target_refused,
)

log = logging.getLogger("sevare_kg.server")
access_log = logging.getLogger("sevare_kg.server.access")
STATIC_DIR = Path(__file__).resolve().parent / "static"


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
    dg: tuple[str, ...] | None = tuple(op.default_graphs) if op.default_graphs else None
    if dg is None and op.named_graphs:
        dg = ()  # named-graph-uri alone: the default graph is empty (SPARQL 1.1 Protocol 2.1.4)
    request_msg = QueryRequest(
        text=op.text,
        formats=formats,
        base=state.config.base,
        default_graphs=dg,
        named_graphs=tuple(op.named_graphs) or None,
        # with FROM / FROM NAMED (and no dataset in the request) the query's own define the dataset
        union=not (dg is None and has_from(prepared.text)),
    )
    generation = cache.generation
    return await stream_result(
        state, request_msg, _timeout(state, op), etag, key if not volatile else None, generation
    )


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
    # parsed (and run on an empty in-memory store) first, by a query worker: a syntax error never
    # stops the readers, and a parser crash or an endless computation costs a worker, not the server;
    # the user's own text, so that its positions are the user's (USING clauses come after)
    checked = await _check_update(state, op.text)
    if checked is not None:
        return checked
    try:
        # the request's using-graph-uri / using-named-graph-uri set the dataset: then not the union
        await state.update(text, union=not (op.default_graphs or op.named_graphs))
    except writer.UpdateFailed as exc:
        return error(exc.status, exc.message)
    return Response(status_code=204)


async def _check_update(state: State, text: str) -> Response | None:
    """The error to answer for an update that does not parse, or None (workers.py: ``CheckUpdateRequest``)."""
    assert state.pool is not None
    try:
        await state.pool.fetch(CheckUpdateRequest(text, base=state.config.base))
    except Busy:
        return error(
            503, "all query workers are busy and the queue is full: retry later", {"Retry-After": "1"}
        )
    except TimedOut:
        timeout = state.config.query_timeout
        return error(503, f"update stopped: checking it on an empty store took over {timeout:g} s")
    except QueryFailed as exc:
        return error(exc.status, exc.message)
    return None


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
                    QueryRequest(q, formats=JSON_SOLUTIONS), state.config.query_timeout
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
