"""SPARQL 1.1 Graph Store HTTP Protocol at /store (https://www.w3.org/TR/sparql11-http-rdf-update/).

``?graph=IRI`` names a graph, ``?default`` the store's default graph; no parameter on GET/HEAD means
the whole dataset (N-Quads or TriG). PUT replaces a graph in one transaction (the same
``replace_graph`` path as ``build``), POST adds to it, DELETE drops it. Writes need the token.
"""

from __future__ import annotations

import asyncio
import re

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from sevare_kg.server import negotiation as neg
from sevare_kg.server.protocol import ProtocolError, check_iri, split_content_type
from sevare_kg.server.responses import check_write_auth, error, read_body, stream_result
from sevare_kg.server.state import State
from sevare_kg.server.workers import DumpRequest
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
    msg = DumpRequest(mt, graph=None if kind == "dataset" else graph, dataset=kind == "dataset")
    return await stream_result(state, msg, state.config.query_timeout, None, None, state.cache.generation)


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
    """400 when a JSON-LD body nests [ {, a Turtle/TriG/N3 body ( [ {, or an RDF/XML body its
    elements, deeper than ``limit`` (the parsers recurse: a deep enough body would overflow their
    stack and kill the server; RDF/XML's parser is also quadratic in the depth: 1.47 MB nested
    took 8 s), or when an RDF/XML body's entities expand past the body limit (a few hundred bytes
    of nested entity declarations expand to gigabytes)."""
    if fmt == ox.RdfFormat.JSON_LD:
        depth = json_nesting_depth(body.decode("utf-8", "replace"), limit)
    elif fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
        depth = nesting_depth(body.decode("utf-8", "replace"), limit)
    elif fmt == ox.RdfFormat.RDF_XML:
        text = body.decode("utf-8", "replace")
        _check_entities(text, len(body) if len(body) > _ENTITY_BUDGET else _ENTITY_BUDGET)
        depth = xml_nesting_depth(text, limit)
    else:
        return
    if depth > limit:
        raise ProtocolError(400, f"the {fmt.media_type} body nests more than {limit} levels deep")


_ENTITY_BUDGET = 1 << 20  # bytes an RDF/XML body may grow to by its entities (or its own size)
# an element's tag; attribute values may hold '>' but never '<' (XML 1.0, 3.1): linear to scan
_XML_TAG = re.compile(
    r"""<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[?!][^<>]*>|<(/?)[^\s<>/"']+(?:[^<>"']|"[^"<]*"|'[^'<]*')*?(/?)>""",
    re.S,
)
_ENTITY_CHAIN = 32  # entities defined by entities, at most this deep
_ENTITY_DECL = re.compile(r"""<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)')""")
_ENTITY_REF = re.compile(r"[&%]([A-Za-z_:][\w.:-]*);")


def xml_nesting_depth(text: str, limit: int | None = None) -> int:
    """The deepest nesting of elements in an XML text (comments, CDATA, declarations skipped);
    stops counting once ``limit`` is passed."""
    depth = deepest = 0
    for m in _XML_TAG.finditer(text):
        if m.group(1):
            depth -= 1
        elif m.group(1) is None or m.group(2):
            continue  # a comment, CDATA, a declaration or an empty element <x/>
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if limit is not None and deepest > limit:
                    return deepest
    return deepest


def _check_entities(text: str, budget: int) -> None:
    """400 when the text with its entities expanded would be over ``budget`` characters."""
    if "<!ENTITY" not in text:
        return
    values = {
        m.group(2): m.group(3) if m.group(3) is not None else m.group(4) or ""
        for m in _ENTITY_DECL.finditer(text)
    }
    sizes: dict[str, int] = {}

    def size(name: str, seen: tuple[str, ...]) -> int:
        if name in sizes:
            return sizes[name]
        if len(seen) > _ENTITY_CHAIN:
            return budget + 1
        if name in seen or name not in values:
            return budget + 1 if name in seen else len(name) + 2  # a cycle; an undeclared or built-in one
        value = values[name]
        grown = len(value) + sum(
            size(r.group(1), (*seen, name)) - len(r.group(0)) for r in _ENTITY_REF.finditer(value)
        )
        sizes[name] = min(grown, budget + 1)
        return sizes[name]

    total = len(text)
    for r in _ENTITY_REF.finditer(text):
        total += size(r.group(1), ()) - len(r.group(0))
        if total > budget:
            raise ProtocolError(400, f"the RDF/XML body's entities expand to over {budget:,} characters")


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
