"""Exports people use: framed JSON-LD, schema.org Event JSON-LD, UCDP-GED / ACLED-style CSV, QuickStatements.

All read the store (any number of articles) through SPARQL. The framed JSON-LD is lossless (it
re-imports to the same quads); the others are views of the graph for other tools, documented in the
README ("Exports"), with the mapping of our ontology to their columns.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode, RdfFormat, serialize

from sevare_kg.files import atomic_output
from sevare_kg.rdf import vocab as v
from sevare_kg.resources import ontology_dir

if TYPE_CHECKING:
    from sevare_kg.rdf.link_table import Links

EXPORT_FORMATS = ("jsonld", "jsonld-framed", "schema-org", "csv-ged", "csv-acled", "quickstatements")

PREFIXES = "\n".join(f"PREFIX {k}: <{ns}>" for k, ns in v.PREFIXES.items())


@cache
def jsonld_context() -> dict[str, Any]:
    """The published JSON-LD context (``ontology/context.jsonld``, also served at ``/context.jsonld``)."""
    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def _no_remote(url: str, options: Any = None) -> Any:
    raise RuntimeError(f"sevare-kg exports never load remote JSON-LD documents ({url})")


# -- framed JSON-LD -----------------------------------------------------------------------------------


def _graph_nquads(store, graph: NamedNode) -> str:
    triples = [q.triple for q in store.quads(graph)]
    return (serialize(triples, format=RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def _described(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ident = node.get("id", node.get("@id"))
        if ident is not None and len([k for k in node if k not in ("id", "@id")]) > 0:
            out.add(ident)
        for value in node.values():
            _described(value, out)
    elif isinstance(node, list):
        for value in node:
            _described(value, out)


def compact_jsonld(nquads: str) -> dict[str, Any]:
    """N-Triples (or the triples of N-Quads) as compact JSON-LD in the project's context (embedded,
    so that a reader needs no network): a plain graph, which ``rdflib.Graph().parse`` loads whole."""
    from pyld import jsonld

    options = {"documentLoader": _no_remote, "processingMode": "json-ld-1.1"}
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
    compacted = jsonld.compact(expanded, jsonld_context(), options)
    return {"@context": jsonld_context(), **{k: x for k, x in compacted.items() if k != "@context"}}


def union_jsonld(store, graph: NamedNode | None = None) -> dict[str, Any]:
    """The store's triples (the union of its graphs, each triple once) or one graph's, as compact
    JSON-LD: what ``sevare-kg export --format jsonld`` writes. The named graphs are in TriG, N-Quads
    and ``jsonld-expanded``."""
    quads = store.quads(graph) if graph is not None else store.quads()
    lines = sorted({f"{q.triple} .\n" for q in quads})
    return compact_jsonld("".join(lines))


def framed_graph(store, graph: NamedNode) -> dict[str, Any]:
    """One article's graph as a named-graph object: the event framed as a tree (sides, casualty reports,
    their sources nested under it), then every node the tree does not describe, compacted. Lossless."""
    from pyld import jsonld

    ctx = jsonld_context()
    options = {"documentLoader": _no_remote, "processingMode": "json-ld-1.1"}
    expanded = jsonld.from_rdf(_graph_nquads(store, graph), {"format": "application/n-quads"})
    frame = {
        "@context": ctx,
        "@type": v.EVENT,
        "@embed": "@once",
        # sides with their members, and casualty reports with their sources, nested under the event itself
        # (the same reports, as p:P1120/p:P1339 statements of the Wikidata view, are referenced by id)
        "hasSide": {
            "@embed": "@always",
            "@omitDefault": True,
            "hasMember": {"@embed": "@always", "@omitDefault": True},
        },
        "casualtyReport": {
            "@embed": "@always",
            "@omitDefault": True,
            "derivedFrom": {"@embed": "@always", "@omitDefault": True},
            "sufferedBy": {"@embed": "@never", "@omitDefault": True},
            "accordingTo": {"@embed": "@never", "@omitDefault": True},
        },
        **{f"p:{pid}": {"@embed": "@never", "@omitDefault": True} for pid in ("P1120", "P1339", "P1446")},
    }
    framed = jsonld.frame(expanded, frame, {**options, "omitGraph": False})
    tree = framed.get("@graph", [])
    described: set[str] = set()
    _described(jsonld.expand(framed, options), described)
    flat = jsonld.flatten(expanded, None, options)
    rest_expanded = [n for n in flat if n["@id"] not in described and len(n) > 1]
    rest_nodes: list[dict[str, Any]] = []
    if rest_expanded:
        rest = jsonld.compact(rest_expanded, ctx, options)
        rest_nodes = rest.get("@graph", None) or [{k: x for k, x in rest.items() if k != "@context"}]
    return {"id": graph.value, "@graph": [*tree, *rest_nodes]}


def framed_jsonld(store, graphs: list[NamedNode] | None = None) -> dict[str, Any]:
    """The whole store (or some graphs): one framed document per event, each in its article's named graph."""
    chosen = graphs if graphs is not None else store.graphs()
    return {"@context": jsonld_context(), "@graph": [framed_graph(store, g) for g in chosen]}


def framed_event_documents(store) -> dict[str, dict[str, Any]]:
    """Graph slug (the event's, for an article graph) -> a standalone framed JSON-LD document; together
    they hold every graph of the store."""
    out = {}
    for g in store.graphs():
        doc = framed_graph(store, g)
        out[g.value.rsplit("/", 1)[-1]] = {"@context": jsonld_context(), **doc}
    return out


# -- one record per event (for schema.org, CSV and QuickStatements) ------------------------------------


@dataclass
class Ref:
    iri: str
    label: str
    kind: str = ""
    qid: str | None = None


@dataclass
class Report:
    outcome: str
    count: int | None
    low: int | None
    high: int | None
    group: str | None
    side: int | None
    according_to: Ref | None
    source_kind: str  # infobox | sentence
    source: str  # "infobox Casualties1" | "sentence 3"
    text: str

    @property
    def best(self) -> int | None:
        return self.count if self.count is not None else self.low if self.low is not None else self.high

    @property
    def highest(self) -> int | None:
        return self.count if self.count is not None else self.high if self.high is not None else self.low


@dataclass
class EventRecord:
    iri: str
    graph: str
    label: str
    qid: str | None = None
    url: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    kinds: list[str] = field(default_factory=list)
    wars: list[Ref] = field(default_factory=list)
    locations: list[Ref] = field(default_factory=list)
    countries: list[Ref] = field(default_factory=list)
    places: dict[str, Ref] = field(default_factory=dict)  # containment chain of the locations, by kind
    sides: dict[int, list[Ref]] = field(default_factory=dict)
    perpetrators: list[Ref] = field(default_factory=list)
    targets: list[Ref] = field(default_factory=list)
    participants: list[Ref] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    inconsistencies: list[str] = field(default_factory=list)
    responsibility: str | None = None
    # (latitude, longitude), and whose point it is: the event's own (its infobox's coordinates),
    # its location's, or that of the place holding its location
    point: tuple[float, float] | None = None
    point_of: str | None = None  # "event", "location", "holder"

    @property
    def slug(self) -> str:
        return self.iri.rstrip("/").rsplit("/", 1)[-1]

    @property
    def first_day(self) -> str | None:
        return self.date or self.start

    @property
    def last_day(self) -> str | None:
        return self.date or self.end or self.start


def _rows(store, q: str) -> list[dict[str, str]]:
    out = []
    result = store.query(f"{PREFIXES}\n{q}")
    names = [x.value for x in result.variables]
    for sol in result:
        out.append({n: sol[n].value for n in names if sol[n] is not None})
    return out


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _qid(iri: str | None) -> str | None:
    return iri[len(v.WD) :] if iri and iri.startswith(v.WD) else None


def event_records(store) -> list[EventRecord]:
    """Every event of the store as the tables and QuickStatements read it, in label order."""
    events = _read_events(store)
    _read_kinds(store, events)
    _read_refs(store, events)
    _read_places(store, events)
    _points(store, events)
    _read_sides(store, events)
    _read_methods(store, events)
    _read_inconsistencies(store, events)
    _read_responsibility(store, events)
    _read_reports(store, events)
    for e in events.values():
        e.kinds.sort(key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99)
    return list(events.values())


def _read_events(store) -> dict[str, EventRecord]:
    """The events by IRI: label, graph, Wikidata item, article URL and dates."""
    events: dict[str, EventRecord] = {}
    for r in _rows(
        store,
        """
SELECT ?e ?g ?label ?same ?url ?date ?start ?end WHERE {
  GRAPH ?g { ?e a sev:Event } ?e rdfs:label ?label
  OPTIONAL { ?e owl:sameAs ?same }
  OPTIONAL { ?e prov:wasDerivedFrom ?doc . ?doc schema:url ?url }
  OPTIONAL { ?e sev:date ?date } OPTIONAL { ?e sev:startDate ?start } OPTIONAL { ?e sev:endDate ?end }
} ORDER BY ?label ?e""",
    ):
        if r["e"] not in events:
            events[r["e"]] = EventRecord(
                r["e"],
                r["g"],
                r["label"],
                _qid(r.get("same")),
                r.get("url"),
                r.get("date"),
                r.get("start"),
                r.get("end"),
            )
    return events


def _read_kinds(store, events: dict[str, EventRecord]) -> None:
    for r in _rows(
        store, "SELECT ?e ?k WHERE { ?e a sev:Event ; a ?k FILTER(?k != sev:Event) } ORDER BY ?e ?k"
    ):
        if r["e"] in events and r["k"].startswith(v.ONTOLOGY):
            events[r["e"]].kinds.append(_local(r["k"]))


# the event's properties naming entities, and the EventRecord list each fills
_REF_FIELDS = {
    "partOf": "wars",
    "location": "locations",
    "country": "countries",
    "perpetrator": "perpetrators",
    "target": "targets",
    "participant": "participants",
}


def _read_refs(store, events: dict[str, EventRecord]) -> None:
    """The wars, locations, countries, perpetrators, targets and participants, each once."""
    for r in _rows(
        store,
        """
SELECT ?e ?p ?x ?label ?kind ?same WHERE {
  VALUES ?p { sev:partOf sev:location sev:country sev:perpetrator sev:target sev:participant }
  ?e a sev:Event ; ?p ?x . ?x rdfs:label ?label . OPTIONAL { ?x a ?kind } OPTIONAL { ?x owl:sameAs ?same }
} ORDER BY ?e ?p ?x""",
    ):
        e = events.get(r["e"])
        if e is None:
            continue
        bucket: list[Ref] = getattr(e, _REF_FIELDS[_local(r["p"])])
        if not any(x.iri == r["x"] for x in bucket):
            bucket.append(Ref(r["x"], r["label"], _local(r.get("kind", "")), _qid(r.get("same"))))


def _read_places(store, events: dict[str, EventRecord]) -> None:
    """The containment chain of the event's locations, one place per kind."""
    for r in _rows(
        store,
        """
SELECT ?e ?x ?label ?kind ?same WHERE {
  ?e a sev:Event ; sev:location/sev:containedIn* ?x . ?x rdfs:label ?label ; a ?kind .
  OPTIONAL { ?x owl:sameAs ?same }
} ORDER BY ?e ?x""",
    ):
        e = events.get(r["e"])
        if e is not None and _local(r["kind"]) not in e.places:
            e.places[_local(r["kind"])] = Ref(r["x"], r["label"], _local(r["kind"]), _qid(r.get("same")))


def _read_sides(store, events: dict[str, EventRecord]) -> None:
    """The members of each side, by side number."""
    for r in _rows(
        store,
        """
SELECT ?e ?n ?m ?label ?kind ?same WHERE {
  ?e sev:hasSide ?s . ?s sev:sideNumber ?n ; sev:hasMember ?m . ?m rdfs:label ?label .
  OPTIONAL { ?m a ?kind } OPTIONAL { ?m owl:sameAs ?same }
} ORDER BY ?e ?n ?m""",
    ):
        e = events.get(r["e"])
        if e is not None:
            members = e.sides.setdefault(int(r["n"]), [])
            if not any(x.iri == r["m"] for x in members):
                members.append(Ref(r["m"], r["label"], _local(r.get("kind", "")), _qid(r.get("same"))))


def _read_methods(store, events: dict[str, EventRecord]) -> None:
    for r in _rows(store, "SELECT ?e ?l WHERE { ?e a sev:Event ; sev:method/rdfs:label ?l } ORDER BY ?e ?l"):
        if r["e"] in events and r["l"] not in events[r["e"]].methods:
            events[r["e"]].methods.append(r["l"])


def _read_inconsistencies(store, events: dict[str, EventRecord]) -> None:
    for r in _rows(store, "SELECT ?e ?m WHERE { ?e sev:inconsistency/sev:message ?m } ORDER BY ?e ?m"):
        if r["e"] in events:
            events[r["e"]].inconsistencies.append(r["m"])


def _read_responsibility(store, events: dict[str, EventRecord]) -> None:
    for r in _rows(store, "SELECT ?e ?s WHERE { ?e a sev:Event ; sev:responsibility ?s } ORDER BY ?e ?s"):
        if r["e"] in events:
            events[r["e"]].responsibility = _local(r["s"])


def _read_reports(store, events: dict[str, EventRecord]) -> None:
    """The casualty reports, in the order of their IRIs."""
    for r in _rows(
        store,
        """
SELECT ?e ?r ?outcome ?count ?min ?max ?group ?side ?acc ?accLabel ?accSame ?key ?n ?text WHERE {
  ?e sev:casualtyReport ?r . ?r sev:outcome ?outcome ; sev:reportedText ?text ; prov:wasDerivedFrom ?src .
  OPTIONAL { ?r sev:count ?count } OPTIONAL { ?r sev:minCount ?min } OPTIONAL { ?r sev:maxCount ?max }
  OPTIONAL { ?r sev:victimGroup ?group } OPTIONAL { ?r sev:sufferedBy/sev:sideNumber ?side }
  OPTIONAL { ?r sev:accordingTo ?acc . ?acc rdfs:label ?accLabel OPTIONAL { ?acc owl:sameAs ?accSame } }
  OPTIONAL { ?src sev:key ?key } OPTIONAL { ?src sev:ordinal ?n }
} ORDER BY ?e ?r""",
    ):
        e = events.get(r["e"])
        if e is not None:
            e.reports.append(_report(r))


def _report(r: dict[str, str]) -> Report:
    """One row of :func:`_read_reports` as a report."""
    acc = Ref(r["acc"], r["accLabel"], qid=_qid(r.get("accSame"))) if r.get("acc") else None
    return Report(
        _local(r["outcome"]),
        _int(r.get("count")),
        _int(r.get("min")),
        _int(r.get("max")),
        _local(r["group"]) if r.get("group") else None,
        _int(r.get("side")),
        acc,
        "infobox" if r.get("key") else "sentence",
        f"infobox {r['key']}" if r.get("key") else f"sentence {r.get('n', '?')}",
        r["text"],
    )


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


KIND_ORDER = ["SuicideBombing", "Bombing", "Massacre", "Battle", "Attack"]


# -- casualty arithmetic shared by the tables -----------------------------------------------------------


@dataclass
class Deaths:
    side_a: int = 0
    side_b: int = 0
    civilians: int = 0
    unknown: int = 0
    low: int = 0
    high: int = 0
    used: list[Report] = field(default_factory=list)

    @property
    def best(self) -> int:
        return self.side_a + self.side_b + self.civilians + self.unknown


def deaths(e: EventRecord, outcome: str = "killed") -> Deaths:
    """Deaths by GED category. The infobox breakdown is used when it has any figure for ``outcome``,
    else the sentences' (deduplicated); a total ("people") counts as unknown only when no breakdown
    exists. Side A = the infobox's first column (side 1), side B = the second."""
    reports = [r for r in e.reports if r.outcome == outcome and r.best is not None]
    chosen = [r for r in reports if r.source_kind == "infobox"] or reports
    parts = [r for r in chosen if r.group not in (None, "people") or r.side is not None]
    totals = [r for r in chosen if r not in parts]
    d = Deaths()
    seen: set[tuple] = set()
    for r in parts or totals[:1]:
        key = (r.group, r.side, r.best)
        if key in seen:
            continue
        seen.add(key)
        d.used.append(r)
        n = r.best or 0
        if r.group == "civilians":
            d.civilians += n
        elif r.side == 1:
            d.side_a += n
        elif r.side == 2:
            d.side_b += n
        else:
            d.unknown += n
        d.low += r.best or 0
        d.high += r.highest or 0
    return d


def _names(refs: list[Ref]) -> str:
    return "; ".join(r.label for r in refs)


def _source_of(e: EventRecord) -> str:
    return e.url or e.graph


def _summary(e: EventRecord) -> str:
    parts = []
    for outcome in ("killed", "injured"):
        for r in e.reports:
            if r.outcome == outcome and r.source_kind == "infobox":
                who = f" (per {r.according_to.label})" if r.according_to else ""
                parts.append(f"{r.text}{who}")
    totals = [r for r in e.reports if r.group == "people" and r.source_kind == "sentence"]
    lead = ", ".join(f"{r.best} {r.outcome}" for r in totals[:2])
    text = "; ".join(parts)
    if lead:
        text += f"{'; ' if text else ''}text total: {lead}"
    return text


# -- UCDP GED and ACLED --------------------------------------------------------------------------------

GED_COLUMNS = [
    "id",
    "year",
    "type_of_violence",
    "conflict_name",
    "dyad_name",
    "side_a",
    "side_b",
    "source_article",
    "source_headline",
    "where_description",
    "adm_1",
    "adm_2",
    "country",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "wikidata",
    "notes",
]

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "civilian_targeting",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "wikidata",
]


def _sides(e: EventRecord) -> tuple[list[Ref], list[Ref]]:
    a = e.sides.get(1, [])
    b = e.sides.get(2, [])
    if not b and e.perpetrators:
        b = [p for p in e.perpetrators if all(p.iri != x.iri for x in a)]
    return a, b


EVENT_POINTS_QUERY = """SELECT ?event ?rank ?place ?placeLabel ?wkt WHERE {
  ?event a sev:Event .
  { ?event geo:hasGeometry/geo:asWKT ?wkt BIND(0 AS ?rank) }
  UNION {
    ?event sev:location ?place . ?place geo:hasGeometry/geo:asWKT ?wkt .
    OPTIONAL { ?place rdfs:label ?placeLabel } BIND(1 AS ?rank)
  }
  UNION {
    ?event sev:location ?at . FILTER NOT EXISTS { ?at geo:hasGeometry ?geometry }
    ?at sev:containedIn ?place . ?place geo:hasGeometry/geo:asWKT ?wkt .
    OPTIONAL { ?place rdfs:label ?placeLabel } BIND(2 AS ?rank)
  }
} ORDER BY ?event ?rank ?placeLabel ?wkt"""
"""Where an event is (``PREFIXES`` first): its own point (the infobox's coordinates, rank 0), else
each of its places' (1), and for a place without one the point of the place holding it (2). The
exports take the first; an event's page marks the event's own point, else every place's."""


def _points(store, events: dict[str, EventRecord]) -> None:
    """Each event's point: the first of :data:`EVENT_POINTS_QUERY`'s."""
    for r in _rows(store, EVENT_POINTS_QUERY):
        e = events.get(r["event"])
        point = point_of_wkt(r["wkt"])
        if e is not None and e.point is None and point is not None:
            e.point, e.point_of = point, ("event", "location", "holder")[int(r["rank"])]


_NUMBER = r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
_WKT_POINT_RE = re.compile(rf"POINT\s*\(\s*{_NUMBER}\s+{_NUMBER}\s*\)", re.I)


def point_of_wkt(wkt: str) -> tuple[float, float] | None:
    """The (latitude, longitude) of a WKT ``POINT(longitude latitude)``; None for any other shape."""
    m = _WKT_POINT_RE.fullmatch(wkt.strip())
    return (float(m.group(2)), float(m.group(1))) if m else None


def ged_row(e: EventRecord) -> dict[str, Any]:
    a, b = _sides(e)
    d = deaths(e)
    state = any(x.kind in ("StateForce", "Government") for x in a + b)
    type_of_violence = 1 if state and a and b else 2 if a and b else 3
    where = ", ".join(x.label for x in e.locations)
    return {
        "id": e.slug,
        "year": (e.first_day or "")[:4],
        "type_of_violence": type_of_violence,
        "conflict_name": _names(e.wars),
        "dyad_name": f"{_names(a)} - {_names(b)}" if a or b else "",
        "side_a": _names(a),
        "side_b": _names(b),
        "source_article": _source_of(e),
        "source_headline": e.label,
        "where_description": where,
        "adm_1": e.places["Region"].label if "Region" in e.places else "",
        "adm_2": e.places["Settlement"].label if "Settlement" in e.places else "",
        "country": _names(e.countries),
        "date_start": e.first_day or "",
        "date_end": e.last_day or "",
        "deaths_a": d.side_a,
        "deaths_b": d.side_b,
        "deaths_civilians": d.civilians,
        "deaths_unknown": d.unknown,
        "best": d.best,
        "high": d.high,
        "low": d.low,
        "wikidata": e.qid or "",
        "notes": " | ".join([f"{r.source}: {r.text}" for r in d.used] + e.inconsistencies),
    }


def acled_row(e: EventRecord) -> dict[str, Any]:
    a, b = _sides(e)
    kind = e.kinds[0] if e.kinds else "Attack"
    civilians_targeted = kind == "Massacre" or any(
        r.group == "civilians" for r in e.reports if r.outcome == "killed"
    )
    if kind == "SuicideBombing":
        event_type, sub = "Explosions/Remote violence", "Suicide bomb"
    elif kind == "Bombing":
        event_type, sub = "Explosions/Remote violence", "Remote explosive/landmine/IED"
    elif kind == "Massacre" or not (a and b):
        event_type, sub = "Violence against civilians", "Attack"
    else:
        event_type, sub = "Battles", "Armed clash"
    # actor1 is the initiator: the perpetrator's side when known
    perpetrator_ids = {p.iri for p in e.perpetrators}
    first, second = (b, a) if perpetrator_ids & {x.iri for x in b} or (not perpetrator_ids and b) else (a, b)
    if not first and e.perpetrators:
        first = e.perpetrators
    d = deaths(e)
    return {
        "event_id_cnty": e.slug,
        "event_date": e.first_day or "",
        "year": (e.first_day or "")[:4],
        "time_precision": 1
        if e.date and len(e.date) == 10
        else 2
        if e.first_day and len(e.first_day) >= 7
        else 3,
        "disorder_type": "Political violence",
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": first[0].label if first else "",
        "assoc_actor_1": _names(first[1:]),
        "actor2": second[0].label if second else "",
        "assoc_actor_2": _names(second[1:]),
        "civilian_targeting": "Civilian targeting" if civilians_targeted and kind == "Massacre" else "",
        "country": _names(e.countries),
        "admin1": e.places["Region"].label if "Region" in e.places else "",
        "admin2": "",
        "location": e.places["Settlement"].label
        if "Settlement" in e.places
        else ", ".join(x.label for x in e.locations),
        "latitude": e.point[0] if e.point else "",
        "longitude": e.point[1] if e.point else "",
        # ACLED's precision: 1 the town itself, 2 a place near or part of a larger area
        "geo_precision": {"event": 1, "location": 1, "holder": 2}.get(e.point_of or "", ""),
        "source": _source_of(e),
        "source_scale": "Other",
        "notes": f"On {e.first_day or 'an unknown date'}, {e.label}: {_summary(e)}."
        + (" " + " ".join(e.inconsistencies) if e.inconsistencies else ""),
        "fatalities": d.low,
        "tags": "; ".join(e.methods),
        "wikidata": e.qid or "",
    }


def csv_table(store, which: str) -> str:
    rows = [ged_row(e) if which == "ged" else acled_row(e) for e in event_records(store)]
    buffer = io.StringIO()
    w = csv.DictWriter(
        buffer, fieldnames=GED_COLUMNS if which == "ged" else ACLED_COLUMNS, lineterminator="\n"
    )
    w.writeheader()
    w.writerows(rows)
    return buffer.getvalue()


# -- schema.org ----------------------------------------------------------------------------------------


def _wd_url(qid: str | None) -> list[str]:
    return [f"https://www.wikidata.org/wiki/{qid}"] if qid else []


def schema_org_event(e: EventRecord) -> dict[str, Any]:
    """A schema.org ``Event`` for embedding in a web page (``<script type="application/ld+json">``)."""

    def place(ref: Ref) -> dict[str, Any]:
        node: dict[str, Any] = {"@type": "Country" if ref.kind == "Country" else "Place", "name": ref.label}
        if ref.qid:
            node["sameAs"] = _wd_url(ref.qid)
        return node

    chain = [e.places[k] for k in ("Settlement", "Region", "Country") if k in e.places]
    locations = []
    for loc in e.locations or chain[:1]:
        node = place(loc)
        container = node
        for outer in chain:
            if outer.iri == loc.iri:
                continue
            container["containedInPlace"] = place(outer)
            container = container["containedInPlace"]
        locations.append(node)
    doc: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "@id": e.iri, "name": e.label}
    if e.first_day:
        doc["startDate"] = e.first_day
    if e.last_day:
        doc["endDate"] = e.last_day
    summary = _summary(e)
    doc["description"] = f"{e.label}" + (f": {summary}." if summary else ".")
    if locations:
        doc["location"] = locations[0] if len(locations) == 1 else locations
    if e.wars:
        doc["superEvent"] = [
            {"@type": "Event", "name": w.label, "sameAs": _wd_url(w.qid)}
            if w.qid
            else {"@type": "Event", "name": w.label}
            for w in e.wars
        ]
    actors: list[dict[str, Any]] = []
    for ref in [*e.perpetrators, *[m for side in sorted(e.sides) for m in e.sides[side]]]:
        if all(ref.label != a["name"] for a in actors):
            node = {"@type": "Person" if ref.kind == "Person" else "Organization", "name": ref.label}
            if ref.qid:
                node["sameAs"] = _wd_url(ref.qid)
            actors.append(node)
    if actors:
        doc["actor"] = actors
    if e.url:
        doc["subjectOf"] = {
            "@type": "Article",
            "url": e.url,
            "name": e.label,
            "license": "https://creativecommons.org/licenses/by-sa/4.0/",
        }
    same = _wd_url(e.qid)
    if same:
        doc["sameAs"] = same
    doc["keywords"] = ", ".join(dict.fromkeys([*(_split_camel(k) for k in e.kinds), *e.methods]))
    return doc


def _split_camel(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r" \1", name).lower()


def schema_org(store) -> Any:
    docs = [schema_org_event(e) for e in event_records(store)]
    return docs[0] if len(docs) == 1 else docs


# -- QuickStatements -----------------------------------------------------------------------------------


def _qs_string(text: str) -> str:
    return '"' + text.replace('"', "'").replace("\t", " ").replace("\n", " ") + '"'


def _qs_time(iso: str) -> str:
    precision = {10: 11, 7: 10, 4: 9}[len(iso)]
    padded = (iso + "-01-01")[:10] if len(iso) < 10 else iso
    padded = padded.replace("-00", "-01")
    return f"+{padded}T00:00:00Z/{precision}"


def _qs_quantity(r: Report) -> tuple[str, str | None]:
    """A QuickStatements quantity, and a review note when the figure cannot be written exactly
    (QuickStatements V1 has symmetric bounds ``amount~error`` only)."""
    if r.count is not None:
        return str(r.count), None
    if r.low is not None and r.high is not None and (r.high - r.low) % 2 == 0:
        mid, err = (r.low + r.high) // 2, (r.high - r.low) // 2
        return f"{mid}~{err}", None
    if r.low is not None and r.high is not None:
        return f"{(r.low + r.high) / 2}~{(r.high - r.low) / 2}", None
    n = r.low if r.low is not None else r.high
    bound = "lower" if r.low is not None else "upper"
    return str(n), f"'{r.text}' is a {bound} bound; QuickStatements cannot write an open bound"


def _statement_reports(e: EventRecord) -> list[Report]:
    """The figures worth a statement: per outcome the infobox's (else the sentences'), plus a total of the
    text ("thirteen people") whose value none of those has."""
    out: list[Report] = []
    for outcome in ("killed", "injured"):
        reports = [r for r in e.reports if r.outcome == outcome and r.best is not None]
        chosen = [r for r in reports if r.source_kind == "infobox"] or reports
        seen = {((r.group or "people"), r.side, r.best) for r in chosen}
        picked = list(chosen)
        for r in reports:
            if (
                r.source_kind == "sentence"
                and (r.group or "people") == "people"
                and r.side is None
                and r not in picked
                and all(x.best != r.best for x in picked)
            ):
                picked.append(r)
        unique: list[Report] = []
        keys: set[tuple] = set()
        for r in picked:
            key = ((r.group or "people"), r.side, r.best, r.according_to.iri if r.according_to else None)
            if key not in keys:
                keys.add(key)
                unique.append(r)
        out.extend(unique)
        del seen
    return out


def quickstatements(store, links=None) -> str:
    """QuickStatements V1 commands (tab-separated) for each event: the statements a Wikidata editor would add,
    each with the article as reference (S854). Values that have no verified QID cannot be written, so each
    statement that needs one is listed as a ``/* REVIEW … */`` line (QuickStatements ignores such lines)."""
    from sevare_kg.rdf.link_table import shipped_and_user_links

    links = links or shipped_and_user_links()
    lines: list[str] = []
    for e in event_records(store):
        qs = _EventStatements(e)
        qs.kinds(links)
        qs.where_and_when()
        qs.actors()
        qs.casualties(links)
        lines += qs.lines + qs.review + [""]
    return "\n".join(lines)


class _EventStatements:
    """One event's QuickStatements commands (its item, created when it has no QID), then the
    REVIEW lines of the statements that cannot be written without a verified QID."""

    def __init__(self, e: EventRecord) -> None:
        self.e = e
        self.item = e.qid or "LAST"
        self.ref = ["S854", _qs_string(e.url)] if e.url else []
        self.lines = [f"/* {e.label} ({e.iri}) */"]
        self.review: list[str] = []
        if e.qid is None:
            self.lines.append("CREATE")
            self.lines.append(f"LAST\tLen\t{_qs_string(e.label)}")
            if e.url and "en.wikipedia.org/wiki/" in e.url:
                title = urllib.parse.unquote(e.url.split("/wiki/", 1)[1]).replace("_", " ")
                self.lines.append(f"LAST\tSenwiki\t{_qs_string(title)}")

    def statement(
        self, pid: str, value: str, qualifiers: Sequence[tuple[str, str]] = (), note: str = ""
    ) -> None:
        cells = [self.item, pid, value]
        for qp, qv in qualifiers:
            cells += [qp, qv]
        self.lines.append("\t".join(cells + self.ref) + (f"\t/* {note} */" if note else ""))

    def needs_review(self, what: str, missing: list[str]) -> None:
        self.review.append(f"/* REVIEW {what}: no verified QID for {', '.join(missing)} */")

    def linked(self, pid: str, what: str, ref: Ref) -> None:
        """``pid`` with the entity's QID, or a REVIEW line for ``pid what label``."""
        if ref.qid:
            self.statement(pid, ref.qid)
        else:
            self.needs_review(f"{pid} {what} {ref.label}", [ref.label])

    def kinds(self, links: Links) -> None:
        for kind in self.e.kinds or ["Attack"]:
            qid = links.qid(f"class/{kind}")
            if qid:
                self.statement("P31", qid)
            else:
                self.needs_review(f"P31 instance of {_split_camel(kind)}", [f"class/{kind}"])

    def where_and_when(self) -> None:
        e = self.e
        for w in e.wars:
            self.linked("P361", "part of", w)
        for loc in e.locations:
            self.linked("P276", "location", loc)
        for c in e.countries:
            self.linked("P17", "country", c)
        if e.point and e.point_of == "event":  # a town's point is the town's, not the event's
            self.statement("P625", f"@{round(e.point[0], 6)}/{round(e.point[1], 6)}")
        if e.date:
            self.statement("P585", _qs_time(e.date))
        else:
            if e.start:
                self.statement("P580", _qs_time(e.start))
            if e.end:
                self.statement("P582", _qs_time(e.end))

    def actors(self) -> None:
        members = {m.iri: m for side in self.e.sides.values() for m in side}
        for p in self.e.participants:
            members.setdefault(p.iri, p)
        for m in members.values():
            self.linked("P710", "participant", m)
        for p in self.e.perpetrators:
            self.linked("P8031", "perpetrator", p)

    def casualties(self, links: Links) -> None:
        for r in _statement_reports(self.e):
            pid = {"killed": "P1120", "injured": "P1339"}[r.outcome]
            value, note = _qs_quantity(r)
            quals, missing = self.report_qualifiers(r, links)
            what = f"{pid} {'number of deaths' if pid == 'P1120' else 'number of injured'} {value} ({r.source}: '{r.text}')"
            if missing:
                self.needs_review(what, missing)
            elif note:
                self.review.append(f"/* REVIEW {what}: {note} */")
            else:
                self.statement(pid, value, quals)

    def report_qualifiers(self, r: Report, links: Links) -> tuple[list[tuple[str, str]], list[str]]:
        """A casualty statement's qualifiers (victim group, side members, who says so), and what of
        them has no verified QID."""
        quals: list[tuple[str, str]] = []
        missing: list[str] = []
        if r.group and r.group != "people":
            gq = links.qid(f"group/{r.group}")
            quals.append(("P518", gq)) if gq else missing.append(f"victim group '{r.group}' (P518)")
        if r.side is not None:
            for m in self.e.sides.get(r.side, []):
                quals.append(("P710", m.qid)) if m.qid else missing.append(f"side member {m.label} (P710)")
        if r.according_to is not None:
            if r.according_to.qid:
                quals.append(("P3680", r.according_to.qid))
            else:
                missing.append(f"{r.according_to.label} (P3680 statement supported by)")
        return quals, missing


def render(store, fmt: str, graph: str | None = None) -> str:
    """One of :data:`EXPORT_FORMATS` as text."""
    if fmt == "jsonld":
        doc = union_jsonld(store, NamedNode(graph) if graph else None)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonld-framed":
        graphs = [NamedNode(graph)] if graph else None
        return json.dumps(framed_jsonld(store, graphs), ensure_ascii=False, indent=2) + "\n"
    if fmt == "schema-org":
        return json.dumps(schema_org(store), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv-ged":
        return csv_table(store, "ged")
    if fmt == "csv-acled":
        return csv_table(store, "acled")
    if fmt == "quickstatements":
        return quickstatements(store)
    raise ValueError(f"unknown export format {fmt!r}")


def cli_export(store, fmt: str, output, graph: str | None) -> int:
    """``sevare-kg export --format`` one of :data:`EXPORT_FORMATS`; with ``jsonld-framed`` and an existing
    folder as ``--output``, one ``<event>.jsonld`` file per event."""
    import sys
    from pathlib import Path

    from sevare_kg.errors import SevareKgError

    if graph is not None and not store.contains_graph(NamedNode(graph)):
        raise SevareKgError(f"no graph {graph!r} in the store (see 'sevare-kg stats')")
    if output is not None and Path(output).is_dir():
        if fmt != "jsonld-framed":
            raise SevareKgError(f"{output}: a folder is an output only for --format jsonld-framed")
        docs = framed_event_documents(store)
        for slug, doc in docs.items():
            (Path(output) / f"{slug}.jsonld").write_text(
                json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        print(f"wrote {len(docs)} documents to {output}", file=sys.stderr)
        return 0
    text = render(store, fmt, graph)
    if output is None:
        sys.stdout.write(text)
        return 0
    target = Path(output)
    with atomic_output(target) as handle:
        handle.write(text.encode("utf-8"))
    print(f"wrote {target}", file=sys.stderr)
    return 0


__all__ = [
    "cli_export",
    "render",
    "EXPORT_FORMATS",
    "acled_row",
    "csv_table",
    "deaths",
    "EVENT_POINTS_QUERY",
    "event_records",
    "framed_jsonld",
    "framed_event_documents",
    "ged_row",
    "jsonld_context",
    "quickstatements",
    "schema_org",
    "schema_org_event",
]
