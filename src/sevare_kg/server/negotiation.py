"""Content negotiation: pick a media type from ``Accept`` (or a ``format`` parameter).

Result kinds: ``solutions`` (SELECT), ``boolean`` (ASK), ``graph`` (CONSTRUCT/DESCRIBE and graph
reads). The first entry of each table is the default when the client accepts anything.
"""

from __future__ import annotations

from functools import lru_cache

SOLUTIONS: tuple[str, ...] = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH: tuple[str, ...] = (
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-quads",
    "application/trig",
)
DATASET: tuple[str, ...] = ("application/n-quads", "application/trig")

# media types clients send that mean one of ours
ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/tsv": "text/tab-separated-values",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/xml+rdf": "application/rdf+xml",
    "application/json+ld": "application/ld+json",
    "text/x-nquads": "application/n-quads",
    "application/x-trig": "application/trig",
}

# values of the ``format`` parameter (also ``output`` / ``results``, as other servers accept)
FORMAT_NAMES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nquads": "application/n-quads",
    "nq": "application/n-quads",
    "n-quads": "application/n-quads",
    "trig": "application/trig",
    "html": "text/html",
}

KINDS: dict[str, tuple[str, ...]] = {"solutions": SOLUTIONS, "boolean": SOLUTIONS, "graph": GRAPH}
# JSON for a format=json / Accept: application/json on a CONSTRUCT means JSON-LD, XML means RDF/XML
GRAPH_FALLBACK: dict[str, str] = {
    "application/sparql-results+json": "application/ld+json",
    "application/sparql-results+xml": "application/rdf+xml",
}


@lru_cache(maxsize=512)
def parse_accept(accept: str) -> tuple[tuple[str, float], ...]:
    """``Accept`` → ((media type, q), ...) best first, aliases resolved; stable for equal q."""
    out: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = part.strip().split(";")
        mt = fields[0].strip().lower()
        if not mt:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.strip().partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        mt = ALIASES.get(mt, mt)
        # more specific ranges win at equal q (RFC 9110 §12.5.1)
        specificity = 0 if mt == "*/*" else 1 if mt.endswith("/*") else 2
        out.append((-q, -specificity * 1000 + i, mt))
    out.sort()
    return tuple((mt, -nq) for nq, _, mt in out)


@lru_cache(maxsize=512)
def negotiate(accept: str | None, available: tuple[str, ...]) -> str | None:
    """The best of ``available`` for ``accept`` (None or empty → the first); None when nothing fits."""
    if not accept:
        return available[0]
    best: str | None = None
    best_q = 0.0
    ranked = parse_accept(accept)
    for mt in available:
        q = _quality(mt, ranked)
        if q > best_q:
            best, best_q = mt, q
    return best


def _quality(mt: str, ranked: tuple[tuple[str, float], ...]) -> float:
    main = mt.split("/")[0] + "/*"
    exact = [q for r, q in ranked if r == mt]
    if exact:
        return exact[0]
    wild = [q for r, q in ranked if r == main]
    if wild:
        return wild[0] * 0.99
    star = [q for r, q in ranked if r == "*/*"]
    if star:
        return star[0] * 0.98
    return 0.0


@lru_cache(maxsize=512)
def negotiate_results(accept: str | None, fmt: str | None) -> tuple[str | None, str | None, str | None]:
    """(solutions, boolean, graph) media types for one request: the worker picks by the result kind."""
    if fmt:
        mt = FORMAT_NAMES.get(fmt.lower().strip(), ALIASES.get(fmt.lower().strip(), fmt.lower().strip()))
        sol = mt if mt in SOLUTIONS else None
        graph = mt if mt in GRAPH else GRAPH_FALLBACK.get(mt)
        return sol, sol, graph
    sol = negotiate(accept, SOLUTIONS)
    graph = negotiate(accept, GRAPH)
    if graph is None and accept:
        # e.g. Accept: application/sparql-results+json on a CONSTRUCT
        for mt, _ in parse_accept(accept):
            if mt in GRAPH_FALLBACK:
                graph = GRAPH_FALLBACK[mt]
                break
    return sol, sol, graph


def negotiate_rdf(
    accept: str | None, fmt: str | None, available: tuple[str, ...], fallback: bool = False
) -> str | None:
    """The RDF media type of a document (a graph, the dataset, the service description): ``?format=``
    (a name or a media type) over ``Accept``; ``fallback`` also maps results types to a graph
    type, as for a CONSTRUCT asked for as JSON. None → 406."""
    if not fmt:
        return negotiate(accept, available)
    mt = FORMAT_NAMES.get(fmt.lower(), fmt.lower())
    if mt in available:
        return mt
    return GRAPH_FALLBACK.get(mt) if fallback else None


def prefers_html(accept: str | None) -> bool:
    """True when the client (a browser) ranks text/html above every RDF and results type."""
    if not accept or "text/html" not in accept:
        return False
    best = negotiate(accept, ("text/html", *GRAPH, *SOLUTIONS))
    return best == "text/html"
