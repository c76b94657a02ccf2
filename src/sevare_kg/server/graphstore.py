"""SPARQL 1.1 Graph Store HTTP Protocol at /store (https://www.w3.org/TR/sparql11-http-rdf-update/).

``?graph=IRI`` names a graph, ``?default`` the store's default graph; no parameter on GET/HEAD means
the whole dataset (N-Quads or TriG). PUT replaces a graph in one transaction (the same
``replace_graph`` path as ``build``), POST adds to it, DELETE drops it. Writes need the token.
"""

from __future__ import annotations

import asyncio

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from sevare_kg.server import negotiation as neg
from sevare_kg.server.app import State, _stream, check_write_auth, error, read_body
from sevare_kg.server.protocol import ProtocolError, check_iri, split_content_type
from sevare_kg.store.knowledge_store import KnowledgeStore
from sevare_kg.store.sparql_text import json_nesting_depth, nesting_depth


def _target(request: Request) -> tuple[str, str | None]:
    """("graph", IRI) | ("default", None) | ("dataset", None)."""
    params = request.query_params.multi_items()
    graphs = [v for k, v in params if k == "graph"]
    default = any(k == "default" for k, _ in params)
    if len(graphs) > 1 or (graphs and default):
        raise ProtocolError(400, "name one graph: ?graph=IRI or ?default")
    if graphs:
        return "graph", check_iri(graphs[0])
    return ("default", None) if default else ("dataset", None)


async def endpoint(request: Request) -> Response:
    state: State = request.app.state.sevare
    method = request.method
    try:
        kind, graph = _target(request)
        if method in ("GET", "HEAD"):
            resp = await _get(state, request, kind, graph)
            if method == "HEAD":
                return Response(
                    b"",
                    status_code=resp.status_code,
                    headers={k: v for k, v in resp.headers.items() if k.lower() not in ("content-length",)},
                )
            return resp
        if method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": "GET, HEAD, PUT, POST, DELETE, OPTIONS"})
        if method not in ("PUT", "POST", "DELETE"):
            return error(405, f"method {method} not allowed", {"Allow": "GET, HEAD, PUT, POST, DELETE"})
        denied = check_write_auth(state, request)
        if denied is not None:
            return denied
        if kind == "dataset":
            return error(400, f"{method} on /store needs ?graph=IRI or ?default")
        if method == "DELETE":
            return await _delete(state, graph)
        body = await read_body(request, state.config.max_body)
        return await _put_post(state, request, method, graph, body)
    except ProtocolError as exc:
        return error(exc.status, exc.message, exc.headers)


async def _get(state: State, request: Request, kind: str, graph: str | None) -> Response:
    accept = request.headers.get("accept")
    fmt = request.query_params.get("format")
    available = neg.DATASET if kind == "dataset" else neg.GRAPH
    mt = neg.negotiate_rdf(accept, fmt, available)
    if mt is None:
        return error(406, f"this resource is served as {', '.join(available)}")
    from sevare_kg.rdf.vocab import PREFIXES

    msg = {
        "op": "dump",
        "graph": "*" if kind == "dataset" else graph,
        "formats": [None, None, mt],
        "prefixes": None if mt in ("application/n-triples", "application/n-quads") else dict(PREFIXES),
    }
    return await _stream(state, msg, state.config.query_timeout, None, None, state.cache.generation)


def _parse(content_type: str | None, body: bytes, graph: str | None, base: str, limit: int) -> list[ox.Quad]:
    """The body as quads in the target graph (runs in a thread: a large body is not parsed on the
    event loop)."""
    mt, charset = split_content_type(content_type)
    if charset is not None and charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"charset {charset!r} is not supported: send UTF-8")
    if mt is None:
        raise ProtocolError(415, "a Content-Type is needed (text/turtle, application/n-triples, ...)")
    mt = neg.ALIASES.get(mt, mt)
    try:
        fmt = ox.RdfFormat.from_media_type(mt)
    except ValueError:
        fmt = None
    if fmt is None:
        raise ProtocolError(415, f"unsupported Content-Type {mt!r}: send one of {', '.join(neg.GRAPH)}")
    target = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
    _check_nesting(body, fmt, limit)
    try:
        parsed = list(ox.parse(body, fmt, base_iri=graph or base))
    except (SyntaxError, ValueError) as exc:
        raise ProtocolError(400, f"cannot parse the {mt} body: {exc}") from None
    out = []
    for q in parsed:
        t = q.triple if isinstance(q, ox.Quad) else q
        out.append(ox.Quad(t.subject, t.predicate, t.object, target))
    return out


def _check_nesting(body: bytes, fmt: ox.RdfFormat, limit: int) -> None:
    """400 when a JSON-LD body nests [ {, or a Turtle/TriG/N3 body ( [ {, deeper than ``limit``
    (the parsers recurse: a deep enough body would overflow their stack and kill the server)."""
    if fmt == ox.RdfFormat.JSON_LD:
        depth = json_nesting_depth(body.decode("utf-8", "replace"), limit)
    elif fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
        depth = nesting_depth(body.decode("utf-8", "replace"), limit)
    else:
        return
    if depth > limit:
        raise ProtocolError(400, f"the {fmt.media_type} body nests brackets more than {limit} levels deep")


async def _put_post(state: State, request: Request, method: str, graph: str | None, body: bytes) -> Response:
    quads = await asyncio.to_thread(
        _parse, request.headers.get("content-type"), body, graph, state.config.base, state.config.max_nesting
    )

    def apply(ks: KnowledgeStore) -> bool:
        existed = graph is None or ks.contains_graph(ox.NamedNode(graph))
        if method == "PUT" and graph is not None:
            ks.replace_graph(ox.NamedNode(graph), quads)
        else:
            data = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
            if graph is not None:
                data = f"GRAPH <{graph}> {{\n{data}}}"
            drop = "DROP SILENT DEFAULT ;\n" if method == "PUT" else ""
            if graph is not None and not quads:
                # an empty POST still creates nothing; an empty PUT on a named graph is handled above
                return existed
            ks.update(f"{drop}INSERT DATA {{\n{data}\n}}")
        return existed

    existed = await state.write(apply)
    return Response(status_code=204 if existed else 201)


async def _delete(state: State, graph: str | None) -> Response:
    def apply(ks: KnowledgeStore) -> bool:
        if graph is None:
            ks.update("CLEAR SILENT DEFAULT")
            return True
        g = ox.NamedNode(graph)
        if not ks.contains_graph(g):
            return False
        ks.drop_graph(g)
        return True

    found = await state.write(apply)
    return Response(status_code=204) if found else error(404, f"no graph {graph}")
