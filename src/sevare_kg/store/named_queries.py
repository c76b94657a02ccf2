"""The named queries of ``queries/`` and the counts behind ``sevare-kg stats``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import QuerySolutions

from sevare_kg.errors import QueryError, SevareKgError
from sevare_kg.rdf.vocab import DESCRIBED_IN, EVENT, ONTOLOGY_GRAPH_IRI
from sevare_kg.resources import queries_dir
from sevare_kg.store.knowledge_store import KnowledgeStore
from sevare_kg.store.sparql_text import has_from


@dataclass(frozen=True)
class NamedQuery:
    """A query of ``queries/``: its name (the file's path under the folder, without ``.rq``:
    ``casualties``, ``wikidata/events-by-year``), its description (the leading comment lines,
    joined) and its text."""

    name: str
    description: str
    text: str


def load_named_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every ``*.rq`` of ``directory`` (default: the packaged ``queries/``) and of its
    sub-folders (``wikidata/``: queries written as on the Wikidata Query Service), sorted by name."""
    folder = queries_dir() if directory is None else directory
    paths = [*folder.glob("*.rq"), *folder.glob("*/*.rq")] if folder.is_dir() else []
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        name = path.relative_to(folder).with_suffix("").as_posix()
        out.append(NamedQuery(name, " ".join(c for c in comment if c), text))
    return sorted(out, key=lambda q: q.name)


def named_queries() -> dict[str, str]:
    """Name -> description of every packaged named query."""
    return {q.name: q.description for q in load_named_queries()}


def resolve_query(text: str | None, file: Path | None) -> str:
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise SevareKgError(f"{file}: cannot read query: {exc.strerror or exc}") from None
    if not text:
        raise SevareKgError("give a query: SPARQL text, --file F.rq, or a name from 'sevare-kg queries'")
    if "\n" not in text and " " not in text.strip():
        named = {q.name: q.text for q in load_named_queries()}
        if text.strip() in named:
            return named[text.strip()]
        raise SevareKgError(f"no named query {text!r} in {queries_dir()} (see 'sevare-kg queries')")
    return text


def event_iri(event: str, base: str) -> str:
    """An event given by its IRI, or by its slug under ``base`` (``2023-sevare-attack``)."""
    from pyoxigraph import NamedNode

    iri = event if ":" in event else f"{base if base.endswith(('/', '#')) else base + '/'}event/{event}"
    try:
        return NamedNode(iri).value
    except ValueError:
        raise QueryError(f"event {event!r}: not an IRI or an event slug") from None


def event_dataset(
    select: Callable[[str], list[dict[str, str]]], sparql: str, event: str, base: str
) -> list[str]:
    """The graphs that describe one event (an IRI, or a slug under ``base``), to be ``sparql``'s
    default graph: its article graph(s), the entity graphs they refer to, the reference graph
    under the same base, and the ontology graph. ``select`` runs a SELECT on the local store or a
    remote endpoint.

    Over these graphs a named query answers for the one event in milliseconds, however big the
    store. A filter on ``?event`` does not get there: Oxigraph still evaluates the OPTIONAL and
    sub-select parts over the whole store (3.8-46 s for six of the named queries on a 100k-article
    store, against 0.5-4.4 ms over the event's graphs)."""
    from sevare_kg.rdf.mapper import reference_graph_iri

    if has_from(sparql):
        raise QueryError(
            "a query for one event gets its dataset from the event: leave out its FROM / FROM NAMED"
        )
    iri = event_iri(event, base)
    rows = select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> a <{EVENT}> }} }} ORDER BY ?g")
    graphs = [r["g"] for r in rows if "g" in r]
    if not graphs:
        raise QueryError(f"no event <{iri}> in the store (the events: sevare-kg query part-of-war)")
    out = list(graphs)
    for g in graphs:
        rows = select(f"SELECT DISTINCT ?e WHERE {{ GRAPH <{g}> {{ ?x <{DESCRIBED_IN}> ?e }} }} ORDER BY ?e")
        out += [r["e"] for r in rows if "e" in r]
        out.append(
            reference_graph_iri(g[: g.rindex("graph/")]).value
        )  # the article graph is <base>graph/<slug>
    out.append(ONTOLOGY_GRAPH_IRI)
    return list(dict.fromkeys(out))


_PREFIXES = (
    "PREFIX sev: <https://w3id.org/sevare-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
# explicit GRAPH patterns: the same counts whatever a server's default graph is (union or not)
_COUNTS = {
    "events": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a sev:Event } }",
    "casualty reports": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a sev:CasualtyReport } }",
    "entities": (
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?c } GRAPH ?o { ?c rdfs:subClassOf* ?top } "
        "VALUES ?top { sev:ArmedGroup sev:StateForce sev:InternationalMission sev:Government sev:Organization "
        "sev:Person sev:Country sev:Region sev:Settlement sev:Site sev:War } }"
    ),
}
# a remote may hold other data beside ours (and system graphs): count the graphs a build writes —
# those recording an input hash, the entity graphs they refer to, and the ontology's
_REMOTE_SIZE = (
    "SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads) WHERE { "
    "{ SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d sev:inputHash ?h } } } "
    "UNION { SELECT DISTINCT ?g WHERE { GRAPH ?a { ?e sev:describedIn ?g } } } "
    f"UNION {{ VALUES ?g {{ <{ONTOLOGY_GRAPH_IRI}> }} }} "
    "GRAPH ?g { ?s ?p ?o } }"
)


def content_counts(select: Callable[[str], list[dict[str, str]]]) -> dict[str, int]:
    """Events, casualty reports and entities, counted with ``select`` (SPARQL text -> rows of
    variable -> lexical value): the local store's or a remote endpoint's."""
    out = {}
    for key, body in _COUNTS.items():
        rows = select(_PREFIXES + body)
        out[key] = int(rows[0]["n"]) if rows and "n" in rows[0] else 0
    return out


def store_stats(store: KnowledgeStore) -> dict[str, int]:
    counts = {"graphs": len(store.graphs()), "quads": len(store)}
    counts.update(content_counts(lambda q: local_rows(store, q)))
    return counts


def remote_stats(select: Callable[[str], list[dict[str, str]]]) -> dict[str, int]:
    """The same counts as :func:`store_stats`, through a remote SPARQL endpoint."""
    rows = select(_PREFIXES + _REMOTE_SIZE)
    counts = {
        "graphs": int(rows[0].get("graphs", 0)) if rows else 0,
        "quads": int(rows[0].get("quads", 0)) if rows else 0,
    }
    counts.update(content_counts(select))
    return counts


def local_rows(store: KnowledgeStore, sparql: str) -> list[dict[str, str]]:
    """Rows of a SELECT on the local store, each variable -> lexical value."""
    result = store.query(sparql)
    if not isinstance(result, QuerySolutions):
        raise QueryError("expected a SELECT query")
    return [{v.value: term.value for v in result.variables if (term := sol[v]) is not None} for sol in result]
