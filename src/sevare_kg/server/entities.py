"""Entity pages: an IRI under the base dereferences here (pages.py renders the HTML)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import Response

from sevare_kg.exports.formats import compact_jsonld
from sevare_kg.server import negotiation as neg
from sevare_kg.server import pages
from sevare_kg.server.responses import error
from sevare_kg.server.state import State
from sevare_kg.server.workers import JSON_SOLUTIONS, Busy, Formats, QueryFailed, QueryRequest, TimedOut
from sevare_kg.store.named_queries import event_dataset, load_named_queries


async def _select(
    state: State,
    query: str,
    bind: Mapping[str, str],
    dg: list[str] | None = None,
    formats: Formats = JSON_SOLUTIONS,
) -> tuple[Any, bytes]:
    """A query of the server's own (an entity page's), with its terms bound, never pasted in."""
    assert state.pool is not None
    request = QueryRequest(
        text=query,
        formats=formats,
        default_graphs=tuple(dg) if dg is not None else None,
        bind=tuple(bind.items()),
    )
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
    formats: Formats = (None, None, "application/n-triples" if compact else graph)
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
