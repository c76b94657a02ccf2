"""Entity pages: an IRI under the base dereferences on this server (HTML for people, RDF for clients).

An event's page reads as an item page on Wikidata does: a summary (what, when, where with a small
map, who, part of which war), the casualty reports as a table with their qualifiers and the sentence
each came from, then every statement grouped by property under its label, the Wikidata view folded
away, and the links to the raw RDF. The summary is the answer of the project's named queries
(``queries/``) for this one event, so the page says what ``sevare-kg query when-where --event …``
says; its map is drawn by :mod:`sevare_kg.server.locator_map`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from html import escape

from sevare_kg.exports.formats import EVENT_POINTS_QUERY, point_of_wkt
from sevare_kg.exports.formats import PREFIXES as SPARQL_PREFIXES
from sevare_kg.rdf.vocab import ONTOLOGY as SEV
from sevare_kg.rdf.vocab import PREFIXES, PROV, RDF, RDFS, SCHEMA, WIKIBASE
from sevare_kg.server import locator_map

RDFS_LABEL = RDFS + "label"
RDF_TYPE = RDF + "type"
WIKIDATA_PROPS = "http://www.wikidata.org/prop/"
SOURCES = {
    PROV + "wasDerivedFrom",
    "http://purl.org/dc/terms/source",
    SCHEMA + "url",
    "http://www.wikidata.org/prop/reference/P854",
}
Binding = dict[str, dict[str, str]]

# The entity is bound as a term (the worker's substitutions for ?entity / ?event), never pasted into
# the text.
ENTITY = "entity"

OUTGOING_QUERY = f"""SELECT ?entity ?p ?o ?olabel ?plabel ?g WHERE {{
  GRAPH ?g {{ ?entity ?p ?o }}
  OPTIONAL {{ ?o <{RDFS_LABEL}> ?olabel }}
  OPTIONAL {{ ?p <{RDFS_LABEL}> ?plabel }}
}} ORDER BY ?p ?o LIMIT 2000"""

# who points here, without the statement and reification nodes (they restate an event's facts)
INCOMING_QUERY = f"""SELECT DISTINCT ?entity ?s ?p ?slabel ?plabel WHERE {{
  ?s ?p ?entity .
  FILTER(!STRSTARTS(STR(?p), "{WIKIDATA_PROPS}"))
  FILTER NOT EXISTS {{ ?s a <{RDF}Statement> }}
  FILTER NOT EXISTS {{ ?s a <{WIKIBASE}Statement> }}
  OPTIONAL {{ ?s <{RDFS_LABEL}> ?slabel }}
  OPTIONAL {{ ?p <{RDFS_LABEL}> ?plabel }}
}} ORDER BY ?p ?s LIMIT 500"""

# where the article names it: the sources of the facts that have it as their object
MENTIONS_QUERY = f"""SELECT DISTINCT ?entity ?src ?sentence ?field ?value WHERE {{
  ?fact <{RDF}object> ?entity ; <{PROV}wasDerivedFrom> ?src .
  OPTIONAL {{ ?src <{SEV}text> ?sentence }}
  OPTIONAL {{ ?src <{SEV}key> ?field ; <{SEV}valueText> ?value }}
}} ORDER BY ?src LIMIT 200"""

RDF_QUERY = "CONSTRUCT { ?entity ?p ?o } WHERE { ?entity ?p ?o }"

ASK_QUERY = "ASK { { ?entity ?p ?o } UNION { ?s ?p ?entity } }"

# The named queries whose answers make an event's summary, run with ?event bound.
EVENT_SECTIONS = ("when-where", "perpetrators", "sides", "part-of-war", "methods", "casualties")

# the sentence (or infobox field) each casualty report was read from, and the article's URL
REPORT_SOURCES_QUERY = f"""SELECT ?event ?report ?rank ?src ?sentence ?field ?value ?url WHERE {{
  ?event <{SEV}casualtyReport> ?report .
  OPTIONAL {{ ?report <{WIKIBASE}rank> ?rank }}
  ?report <{PROV}wasDerivedFrom> ?src .
  OPTIONAL {{ ?src <{SEV}text> ?sentence }}
  OPTIONAL {{ ?src <{SEV}key> ?field ; <{SEV}valueText> ?value }}
  OPTIONAL {{ ?src <{SEV}inDocument> ?doc . ?doc <{SCHEMA}url> ?url }}
}}"""

# the points of the event's map, as the exports place events
POINTS_QUERY = f"{SPARQL_PREFIXES}\n{EVENT_POINTS_QUERY}"

# HTML pages show data from the input: no script, no plugin, no frame, styles only inline.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)

Fetch = Callable[[str, Mapping[str, str]], Awaitable[list[Binding]]]


@dataclass
class EventFacts:
    """An event's summary: each named query's rows for this event, and its reports' sources."""

    sections: dict[str, list[Binding]] = field(default_factory=dict)
    report_sources: dict[str, Binding] = field(default_factory=dict)
    points: list[Binding] = field(default_factory=list)


async def gather_event(iri: str, fetch: Fetch, queries: Mapping[str, str]) -> EventFacts:
    """Run the summary's queries for one event; ``fetch(query, bindings)`` answers SELECT rows."""
    facts = EventFacts()
    bind = {"event": iri}
    for name in EVENT_SECTIONS:
        facts.sections[name] = await fetch(queries[name], bind)
    for row in await fetch(REPORT_SOURCES_QUERY, bind):
        facts.report_sources.setdefault(row["report"]["value"], row)
    facts.points = await fetch(POINTS_QUERY, bind)
    return facts


def rows_of(results: bytes) -> list[Binding]:
    """The bindings of a SPARQL JSON results document."""
    return json.loads(results)["results"]["bindings"]


def linkable(iri: str) -> bool:
    """Only http(s) IRIs become links (a ``javascript:`` or ``data:`` URL from the input never does)."""
    return iri.lower().startswith(("http://", "https://"))


def curie(iri: str) -> str:
    """A prefixed name, by the longest matching namespace (``ps:P276``, not ``p:statement/P276``)."""
    best = max(
        ((prefix, ns) for prefix, ns in PREFIXES.items() if iri.startswith(ns) and len(iri) > len(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return iri if best is None else f"{best[0]}:{iri[len(best[1]) :]}"


def local_href(iri: str, base: str) -> str:
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


def is_event(outgoing: list[Binding]) -> bool:
    return any(r["p"]["value"] == RDF_TYPE and r["o"]["value"] == SEV + "Event" for r in outgoing)


def _link(iri: str, text: str, base: str) -> str:
    if not linkable(iri):
        return f"<code>{escape(text)}</code>"
    return f'<a href="{escape(local_href(iri, base))}" title="{escape(iri)}">{escape(text)}</a>'


def _term(b: dict[str, str], label: dict[str, str] | None, base: str) -> str:
    if b["type"] == "uri":
        return _link(b["value"], label["value"] if label else curie(b["value"]), base)
    if b["type"] == "bnode":
        return f"<code>_:{escape(b['value'])}</code>"
    out = escape(b["value"])
    if "xml:lang" in b:
        out += f' <span class="meta">@{escape(b["xml:lang"])}</span>'
    elif "datatype" in b and not b["datatype"].endswith("#string"):
        out += f' <span class="meta">{escape(curie(b["datatype"]))}</span>'
    return out


def _value(row: Binding, name: str) -> str | None:
    b = row.get(name)
    return b["value"] if b else None


def _distinct(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _property_groups(rows: list[Binding], term: str, label: str, base: str) -> str:
    """Rows grouped by property, each property under its label, its values (``term``) listed."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for r in rows:
        p = r["p"]["value"]
        name = r["plabel"]["value"] if "plabel" in r else curie(p)
        cell = _term(r[term], r.get(label), base)
        _, cells = groups.setdefault(p, (name, []))
        if cell not in cells:
            cells.append(cell)
    out = [
        f'<tr><th><span title="{escape(curie(p))}">{escape(name)}</span></th><td>{"<br>".join(cells)}</td></tr>'
        for p, (name, cells) in sorted(groups.items(), key=lambda item: item[1][0].lower())
    ]
    return "".join(out) or "<tr><td>none</td></tr>"


# -- an event's summary ------------------------------------------------------------------------------


def _when(rows: list[Binding]) -> str:
    if not rows:
        return ""
    r = rows[0]
    date, start, end, time = (_value(r, k) for k in ("date", "start", "end", "timeOfDay"))
    when = date or (f"{start} – {end}" if start and end else start or end or "")
    if time:
        when += f", {time[:5]}"
    return escape(when)


def _where(rows: list[Binding], base: str) -> str:
    places = {}
    for r in rows:
        iri, label, within = _value(r, "place"), _value(r, "placeLabel"), _value(r, "within")
        if iri and label:
            text = _link(iri, label, base)
            places[iri] = text + (f' <span class="meta">({escape(within)})</span>' if within else "")
    return "<br>".join(places.values())


def _who(rows: list[Binding]) -> str:
    names = _distinct([_value(r, "perpetratorLabel") or "" for r in rows])
    responsibility = _distinct([_value(r, "responsibility") or "" for r in rows])
    claimed = _distinct([_value(r, "claimedByLabel") or "" for r in rows])
    out = escape(", ".join(names)) or "unknown"
    notes = [*responsibility, *(f"claimed by {c}" for c in claimed)]
    return out + (f' <span class="meta">({escape("; ".join(notes))})</span>' if notes else "")


def _sides(rows: list[Binding], base: str) -> str:
    sides: dict[str, list[str]] = {}
    for r in rows:
        side, actor, label = _value(r, "side"), _value(r, "actor"), _value(r, "actorLabel")
        if side and actor and label:
            members = sides.setdefault(side, [])
            if (link := _link(actor, label, base)) not in members:
                members.append(link)
    return "<br>".join(f"side {escape(s)}: {', '.join(m)}" for s, m in sorted(sides.items()))


def _wars(rows: list[Binding], base: str) -> str:
    wars = {_value(r, "war"): _value(r, "warLabel") for r in rows}
    return ", ".join(_link(w, label, base) for w, label in wars.items() if w and label)


def _methods(rows: list[Binding]) -> str:
    methods: dict[str, str] = {}
    for r in rows:
        label, quantity = _value(r, "methodLabel"), _value(r, "quantity")
        if label:
            methods[label] = methods.get(label) or (f"{label} ({quantity})" if quantity else label)
    return escape(", ".join(methods.values()))


def _figure(row: Binding, sources: dict[str, Binding]) -> str:
    count, low, high = _value(row, "count"), _value(row, "min"), _value(row, "max")
    if count:
        text = count
    elif low and high:
        text = f"{low}–{high}"
    else:
        text = f"at least {low}" if low else f"at most {high}" if high else "?"
    rank = _value(sources.get(_value(row, "report") or "", {}), "rank")
    if rank == WIKIBASE + "PreferredRank":  # the event's total, as the Wikidata view ranks it
        return f'<strong title="preferred rank: the event\'s total">{escape(text)}</strong>'
    return escape(text)


def _report_source(row: Binding, sources: dict[str, Binding], base: str) -> str:
    src = sources.get(_value(row, "report") or "", {})
    sentence, key, value = _value(src, "sentence"), _value(src, "field"), _value(src, "value")
    where = _value(row, "source") or ""
    quote = f"“{escape(sentence)}”" if sentence else escape(f"{key}: {value}") if key else ""
    parts = [quote]
    if "src" in src:
        parts.append(f'<span class="meta">{_link(src["src"]["value"], where, base)}</span>')
    url = _value(src, "url")
    if url and linkable(url):
        parts.append(f'<span class="meta"><a href="{escape(url)}">article</a></span>')
    return " ".join(p for p in parts if p)


def _casualty_table(facts: EventFacts, base: str) -> str:
    rows = facts.sections.get("casualties", [])
    if not rows:
        return ""
    head = "<tr><th>Outcome</th><th>Figure</th><th>Who</th><th>Side</th><th>According to</th><th>Source</th></tr>"
    body = []
    for r in rows:
        who = _value(r, "victimGroup") or ""
        if _value(r, "total") == "true":
            who += " (total)"
        side = _value(r, "side")
        members = _value(r, "sideMembers")
        side_text = f"side {side}" + (f" ({members})" if members else "") if side else ""
        cells = [
            escape(_value(r, "outcome") or ""),
            _figure(r, facts.report_sources),
            escape(who),
            escape(side_text),
            escape(_value(r, "accordingTo") or ""),
            _report_source(r, facts.report_sources, base),
        ]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    note = '<p class="meta">In bold: the total the Wikidata view ranks preferred (<code>wdt:</code>).</p>'
    return f'<h2>Casualties</h2>\n<table class="reports">{head}{"".join(body)}</table>{note}'


def event_markers(facts: EventFacts) -> list[locator_map.Marker]:
    """Where the map puts the event: its own point if it has one, else each of its places' (or that
    of the place holding one), once each; points outside the world's degrees are left off."""
    rows = facts.points
    own = [r for r in rows if _value(r, "rank") == "0"]
    places = _distinct([_value(r, "placeLabel") or "" for r in facts.sections.get("when-where", [])])
    markers: dict[tuple[float, float], locator_map.Marker] = {}
    for r in own[:1] or rows:
        point = point_of_wkt(_value(r, "wkt") or "")
        if point is None or not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
            continue
        label = _value(r, "placeLabel") or ", ".join(places) or "the event's coordinates"
        markers.setdefault(point, locator_map.Marker(point[0], point[1], label))
    return list(markers.values())


def _summary(outgoing: list[Binding], facts: EventFacts, base: str) -> str:
    kinds = _distinct(
        [
            r["olabel"]["value"]
            for r in outgoing
            if r["p"]["value"] == RDF_TYPE and "olabel" in r and r["o"]["value"] != SEV + "Event"
        ]
    )
    s = facts.sections
    items = [
        ("What", escape(", ".join(kinds))),
        ("When", _when(s.get("when-where", []))),
        ("Where", _where(s.get("when-where", []), base)),
        ("Map", locator_map.figure(event_markers(facts))),
        ("Perpetrators", _who(s.get("perpetrators", [])) if s.get("perpetrators") else ""),
        ("Sides", _sides(s.get("sides", []), base)),
        ("Part of", _wars(s.get("part-of-war", []), base)),
        ("Methods", _methods(s.get("methods", []))),
    ]
    return "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in items if v)


# -- the page ----------------------------------------------------------------------------------------

_STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:1.5em}th,td{text-align:left;vertical-align:top;
padding:.25em .6em;border-bottom:1px solid #eee}th{width:22%;font-weight:500}.reports th{width:auto}
.meta{color:#777;font-size:.85em}code{font-size:.9em}h1{margin-bottom:.1em}.summary th{width:12em}
details{margin:1em 0}summary{cursor:pointer;color:#555}figure.map{margin:.2em 0}
.locator{display:block;max-width:100%;height:auto;border:1px solid #ccc}"""


def _mentions(rows: list[Binding], base: str) -> str:
    out = []
    for r in rows:
        sentence, key, value = _value(r, "sentence"), _value(r, "field"), _value(r, "value")
        text = f"“{sentence}”" if sentence else f"infobox {key}: {value}" if key else r["src"]["value"]
        out.append(f"<tr><th>named in</th><td>{_link(r['src']['value'], text, base)}</td></tr>")
    return "".join(dict.fromkeys(out))


def render_html(
    iri: str,
    base: str,
    outgoing: bytes,
    incoming: bytes,
    event: EventFacts | None = None,
    mentions: bytes | None = None,
) -> str:
    out_rows = rows_of(outgoing)
    in_rows = rows_of(incoming)
    labels = [r["o"]["value"] for r in out_rows if r["p"]["value"] == RDFS_LABEL]
    title = labels[0] if labels else curie(iri)
    types = _distinct(
        [
            r["olabel"]["value"] if "olabel" in r else curie(r["o"]["value"])
            for r in out_rows
            if r["p"]["value"] == RDF_TYPE
        ]
    )
    graphs = sorted({r["g"]["value"] for r in out_rows})
    ours = [r for r in out_rows if not r["p"]["value"].startswith(WIKIDATA_PROPS)]
    facts = [r for r in ours if r["p"]["value"] not in SOURCES]
    sources = [r for r in ours if r["p"]["value"] in SOURCES]
    wikidata = [r for r in out_rows if r["p"]["value"].startswith(WIKIDATA_PROPS)]
    summary = ""
    if event is not None:
        summary = f'<table class="summary">{_summary(out_rows, event, base)}</table>\n{_casualty_table(event, base)}'
    wikidata_view = ""
    if wikidata:
        wikidata_view = (
            f"<details><summary>Wikidata view ({len(wikidata)} statements)</summary>"
            f"<table>{_property_groups(wikidata, 'o', 'olabel', base)}</table></details>"
        )
    derived = (_property_groups(sources, "o", "olabel", base) if sources else "") + (
        _mentions(rows_of(mentions), base) if mentions else ""
    )
    graph_links = ", ".join(f'<a href="/store?graph={escape(g)}">{escape(curie(g))}</a>' for g in graphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} · sevare-kg</title>
<link rel="alternate" type="text/turtle" href="?format=turtle">
<link rel="alternate" type="application/ld+json" href="?format=jsonld">
<style>{_STYLE}</style></head><body>
<p><a href="/">query editor</a> · <a href="/.well-known/void">dataset</a></p>
<h1>{escape(title)}</h1>
<p class="meta">{escape(", ".join(types))}</p>
{summary}
<h2>Statements</h2>
<table>{_property_groups(facts, "o", "olabel", base)}</table>
{wikidata_view}
<h2>Derived from</h2>
<table>{derived or "<tr><td>no source recorded</td></tr>"}</table>
<h2>Referenced by</h2>
<table>{_property_groups(in_rows, "s", "slabel", base) if in_rows else "<tr><td>nothing</td></tr>"}</table>
<p class="meta">IRI <code>{escape(iri)}</code> · RDF: <a href="?format=turtle">Turtle</a> ·
<a href="?format=jsonld">JSON-LD</a> · <a href="?format=ntriples">N-Triples</a> · in graph(s): {graph_links}</p>
</body></html>
"""


def not_found_html(iri: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found · sevare-kg</title></head>
<body><h1>Not found</h1><p>Nothing is known about <code>{escape(iri)}</code>.</p>
<p><a href="/">query editor</a></p></body></html>
"""
