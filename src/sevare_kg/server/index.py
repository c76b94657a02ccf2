"""The query editor page at ``/``: YASGUI (bundled, no CDN) with one tab per named query of
``queries/``; the Wikidata-style examples (``queries/wikidata/``) in a menu that opens one in a tab."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from sevare_kg.rdf.vocab import PREFIXES
from sevare_kg.store.named_queries import load_named_queries

DEFAULT_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sev: <https://w3id.org/sevare-kg/ontology#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>

SELECT ?event ?label ?date WHERE {
  ?event a sev:Event ; rdfs:label ?label .
  OPTIONAL { ?event wdt:P585 ?date }
} ORDER BY ?date LIMIT 100
"""


def named_queries(directory: Path | None) -> list[dict[str, str]]:
    """One editor tab per named query ({name, query}), named as ``sevare-kg queries`` names them;
    a default query when there are none."""
    out = [{"name": q.name, "query": q.text} for q in load_named_queries(directory)] if directory else []
    return out or [{"name": "Events", "query": DEFAULT_QUERY}]


def index_html(queries: list[dict[str, str]]) -> str:
    tabs = [q for q in queries if "/" not in q["name"]] or queries
    examples = [q for q in queries if "/" in q["name"] and q not in tabs]
    data = json.dumps({"queries": tabs, "examples": examples, "prefixes": PREFIXES}).replace("</", "<\\/")
    menu = "".join(
        f'<option value="{i}">{escape(q["name"].split("/", 1)[1])}</option>' for i, q in enumerate(examples)
    )
    picker = (
        f'<select id="examples" aria-label="Wikidata-style examples"><option value="">'
        f"Wikidata-style examples ({len(examples)})…</option>{menu}</select>"
        if examples
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>sevare-kg · SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/yasgui.min.css">
<style>body{{margin:0;font-family:system-ui,sans-serif}} header{{padding:.5em 1em;background:#263238;color:#fff}}
header a{{color:#cfd8dc;margin-left:1em}} header select{{margin-left:1.5em;font:inherit}} #yasgui{{padding:0 .5em}}</style>
</head><body>
<header><strong>sevare-kg</strong> SPARQL endpoint
<a href="/sparql?format=turtle">service description</a><a href="/.well-known/void">VoID</a>{picker}</header>
<div id="yasgui"></div>
<script src="/static/yasgui.min.js"></script>
<script id="sevare-config" type="application/json">{data}</script>
<script src="/static/editor.js"></script>
</body></html>
"""


def escape_text(s: str) -> str:
    return escape(s)
