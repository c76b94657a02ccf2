"""The pieces of a response every route uses: one-line errors, bounded bodies, the write token's
check, and results streamed from a query worker."""

from __future__ import annotations

import hmac
import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from sevare_kg.server.protocol import ProtocolError
from sevare_kg.server.state import State
from sevare_kg.server.workers import Busy, QueryFailed, TimedOut, WorkerRequest
from sevare_kg.store.sparql_text import nesting_depth

log = logging.getLogger("sevare_kg.server")


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


class ResponseAborted(Exception):
    """Raised inside a streaming body: the ASGI server then drops the connection mid-body."""


async def stream_result(
    state: State,
    msg: WorkerRequest,
    timeout: float,
    etag: str | None,
    cache_key: tuple | None,
    generation: int,
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
