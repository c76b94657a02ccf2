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
<script>
(function () {{
  var cfg = JSON.parse(document.getElementById("sevare-config").textContent);
  var Y = window.Yasgui.default || window.Yasgui;
  var endpoint = window.location.origin + "/sparql";
  // the editor's own grammar does not know the WDQS prefixes the endpoint predeclares (wd:, wdt:, …)
  // and would mark every query pasted from Wikidata as wrong: the endpoint's one-line error, with
  // its line and column, is what tells a syntax error
  if (Y.Yasqe && Y.Yasqe.defaults) {{
    Y.Yasqe.defaults.autocompleters = ["variables"];
    Y.Yasqe.defaults.syntaxErrorCheck = false;
  }}
  var yasgui = new Y(document.getElementById("yasgui"), {{
    requestConfig: {{ endpoint: endpoint, method: "POST" }},
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: {{ getData: function () {{ return [{{ endpoint: endpoint }}]; }} }}
  }});
  var first = null;
  var existing = Object.keys(yasgui._tabs || {{}});
  cfg.queries.forEach(function (q) {{
    var tab = yasgui.addTab(false, {{ name: q.name, yasqe: {{ value: q.query }}, requestConfig: {{ endpoint: endpoint }} }});
    if (!first) {{ first = tab; }}
  }});
  existing.forEach(function (id) {{ var t = yasgui.getTab(id); if (t) {{ t.close(); }} }});
  if (first) {{ yasgui.selectTabId(first.getId()); }}
  window.sevareYasgui = yasgui;
  var picker = document.getElementById("examples");
  if (picker) {{
    picker.addEventListener("change", function () {{
      var q = cfg.examples[Number(picker.value)];
      if (q) {{
        yasgui.addTab(true, {{ name: q.name.split("/").pop(), yasqe: {{ value: q.query }}, requestConfig: {{ endpoint: endpoint }} }});
      }}
      picker.value = "";
    }});
  }}
  var params = new URLSearchParams(window.location.search);
  // /?run=QUERY opens QUERY in a tab of its own and runs it; /?run runs the first named query
  if (params.has("run")) {{
    var tab = yasgui.getTab();
    if (params.get("run")) {{
      tab = yasgui.addTab(true, {{ name: "run", yasqe: {{ value: params.get("run") }}, requestConfig: {{ endpoint: endpoint }} }});
    }}
    tab.query();
  }}
}})();
</script>
</body></html>
"""


def escape_text(s: str) -> str:
    return escape(s)
