"""Entity pages: an IRI under the base dereferences on this server (HTML for people, RDF for clients)."""

from __future__ import annotations

import json
from html import escape

from sevare_kg.rdf.vocab import PREFIXES

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SOURCES = {
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "http://purl.org/dc/terms/source",
    "http://schema.org/url",
    "http://www.wikidata.org/prop/reference/P854",
}


# The entity is bound as a term (the worker's substitutions for ?entity), never pasted into the text.
ENTITY = "entity"

OUTGOING_QUERY = f"""SELECT ?entity ?p ?o ?olabel ?g WHERE {{
  GRAPH ?g {{ ?entity ?p ?o }}
  OPTIONAL {{ ?o <{RDFS_LABEL}> ?olabel }}
}} ORDER BY ?p ?o LIMIT 2000"""

INCOMING_QUERY = f"""SELECT DISTINCT ?entity ?s ?p ?slabel WHERE {{
  ?s ?p ?entity .
  OPTIONAL {{ ?s <{RDFS_LABEL}> ?slabel }}
}} ORDER BY ?p ?s LIMIT 500"""

RDF_QUERY = "CONSTRUCT { ?entity ?p ?o } WHERE { ?entity ?p ?o }"

ASK_QUERY = "ASK { { ?entity ?p ?o } UNION { ?s ?p ?entity } }"

# HTML pages show data from the input: no script, no plugin, no frame, styles only inline.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def linkable(iri: str) -> bool:
    """Only http(s) IRIs become links (a ``javascript:`` or ``data:`` URL from the input never does)."""
    return iri.lower().startswith(("http://", "https://"))


def curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def local_href(iri: str, base: str) -> str:
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


def _term(b: dict, label: dict | None, base: str) -> str:
    if b["type"] == "uri":
        text = label["value"] if label else curie(b["value"])
        if not linkable(b["value"]):
            return f"<code>{escape(text)}</code>"
        return f'<a href="{escape(local_href(b["value"], base))}" title="{escape(b["value"])}">{escape(text)}</a>'
    if b["type"] == "bnode":
        return f"<code>_:{escape(b['value'])}</code>"
    out = escape(b["value"])
    if "xml:lang" in b:
        out += f' <span class="meta">@{escape(b["xml:lang"])}</span>'
    elif "datatype" in b and not b["datatype"].endswith("#string"):
        out += f' <span class="meta">{escape(curie(b["datatype"]))}</span>'
    return out


def render_html(iri: str, base: str, outgoing: bytes, incoming: bytes) -> str:
    out_rows = json.loads(outgoing)["results"]["bindings"]
    in_rows = json.loads(incoming)["results"]["bindings"]
    labels = [r["o"]["value"] for r in out_rows if r["p"]["value"] == RDFS_LABEL]
    title = labels[0] if labels else curie(iri)
    types = sorted({curie(r["o"]["value"]) for r in out_rows if r["p"]["value"] == RDF_TYPE})
    graphs = sorted({r["g"]["value"] for r in out_rows})
    facts: list[str] = []
    sources: list[str] = []
    seen: set[tuple[str, str]] = set()
    for r in out_rows:
        key = (r["p"]["value"], r["o"]["value"])
        if key in seen:
            continue
        seen.add(key)
        cell = f"<tr><th>{_term(r['p'], None, base)}</th><td>{_term(r['o'], r.get('olabel'), base)}</td></tr>"
        (sources if r["p"]["value"] in SOURCES else facts).append(cell)
    inc = [
        f"<tr><td>{_term(r['s'], r.get('slabel'), base)}</td><th>{_term(r['p'], None, base)}</th></tr>"
        for r in in_rows
    ]
    graph_links = ", ".join(f'<a href="/store?graph={escape(g)}">{escape(curie(g))}</a>' for g in graphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} · sevare-kg</title>
<link rel="alternate" type="text/turtle" href="?format=turtle">
<link rel="alternate" type="application/ld+json" href="?format=jsonld">
<style>
body{{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}}
table{{border-collapse:collapse;width:100%;margin-bottom:1.5em}}th,td{{text-align:left;vertical-align:top;
padding:.25em .6em;border-bottom:1px solid #eee}}th{{width:30%;font-weight:500}}.meta{{color:#888;font-size:.85em}}
code{{font-size:.9em}}h1{{margin-bottom:.1em}}
</style></head><body>
<p><a href="/">query editor</a> · <a href="/.well-known/void">dataset</a></p>
<h1>{escape(title)}</h1>
<p><code>{escape(iri)}</code></p>
<p class="meta">{escape(", ".join(types))}</p>
<p>RDF: <a href="?format=turtle">Turtle</a> · <a href="?format=jsonld">JSON-LD</a> · <a href="?format=ntriples">N-Triples</a></p>
<h2>Facts</h2>
<table>{"".join(facts) or "<tr><td>none</td></tr>"}</table>
<h2>Sources</h2>
<table>{"".join(sources) or "<tr><td>none</td></tr>"}</table>
<h2>Referenced by</h2>
<table>{"".join(inc) or "<tr><td>nothing</td></tr>"}</table>
<p class="meta">In graph(s): {graph_links}</p>
</body></html>
"""


def not_found_html(iri: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found · sevare-kg</title></head>
<body><h1>Not found</h1><p>Nothing is known about <code>{escape(iri)}</code>.</p>
<p><a href="/">query editor</a></p></body></html>
"""
