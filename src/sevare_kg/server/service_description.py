"""SPARQL Service Description (GET /sparql without a query) and the VoID description of the dataset."""

from __future__ import annotations

import json
from collections import Counter

import pyoxigraph as ox

from sevare_kg.rdf.vocab import PREFIXES
from sevare_kg.server import negotiation as neg

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"

_RESULT_FORMATS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
    "N-Quads",
    "TriG",
]


def service_description(endpoint: str, void_url: str, writable: bool) -> str:
    langs = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if writable else "")
    formats = ", ".join(f"<{FORMATS}{f}>" for f in _RESULT_FORMATS)
    return f"""@prefix sd: <{SD}> .
@prefix void: <{VOID}> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage {langs} ;
    sd:resultFormat {formats} ;
    sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
    dcterms:title "sevare-kg SPARQL endpoint" ;
    sd:defaultDataset [
        a sd:Dataset ;
        dcterms:description "The default graph is the union of all named graphs (one per article)." ;
        void:inDataset <{void_url}#dataset>
    ] .
"""


def render(turtle: str, accept: str | None, fmt: str | None, base: str) -> tuple[bytes, str] | None:
    """Serialize a Turtle document in the negotiated RDF format; None → 406."""
    mt = neg.negotiate_rdf(accept, fmt, neg.GRAPH, fallback=True)
    if mt is None:
        return None
    if mt == "text/turtle":
        return turtle.encode(), mt
    triples = ox.parse(turtle, ox.RdfFormat.TURTLE, base_iri=base)
    rdf_fmt = ox.RdfFormat.from_media_type(mt)
    if rdf_fmt is None:
        return None
    prefixes = None if mt in ("application/n-triples", "application/n-quads") else dict(PREFIXES)
    return ox.serialize(triples, None, rdf_fmt, prefixes=prefixes) or b"", mt


VOID_QUERIES = {
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "predicates": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "classes": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c",
    "examples": f"SELECT DISTINCT ?e WHERE {{ ?e a <{PREFIXES['sev']}Event> }} ORDER BY ?e LIMIT 5",
}


def _rows(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


def namespace(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri[: iri.rindex(sep) + 1]
    return iri


def void_description(void_url: str, endpoint: str, results: dict[str, bytes]) -> str:
    graphs = [(r["g"]["value"], int(r["n"]["value"])) for r in _rows(results["graphs"])]
    predicates: Counter[str] = Counter()
    for r in _rows(results["predicates"]):
        predicates[r["p"]["value"]] += int(r["n"]["value"])
    classes = [
        (r["c"]["value"], int(r["n"]["value"])) for r in _rows(results["classes"]) if r["c"]["type"] == "uri"
    ]
    examples = [r["e"]["value"] for r in _rows(results["examples"])]
    total = sum(predicates.values())
    vocabularies = sorted({namespace(p) for p in predicates})
    ds = f"<{void_url}#dataset>"
    lines = [
        f"@prefix void: <{VOID}> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"{ds} a void:Dataset ;",
        '    dcterms:title "sevare-kg: armed attacks from Wikipedia articles" ;',
        f"    void:sparqlEndpoint <{endpoint}> ;",
        "    void:feature <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/JSON-LD> ;",
        f"    void:triples {total} ;",
        f"    void:properties {len(predicates)} ;",
        f"    void:classes {len(classes)} ;",
    ]
    lines += [f"    void:vocabulary <{v}> ;" for v in vocabularies]
    lines += [f"    void:exampleResource <{e}> ;" for e in examples]
    for g, n in graphs:
        lines.append(
            f"    void:subset [ a void:Dataset ; void:triples {n} ; dcterms:identifier <{g}> ; "
            f"void:sparqlGraphEndpoint <{endpoint}> ] ;"
        )
    for c, n in classes:
        lines.append(f"    void:classPartition [ void:class <{c}> ; void:entities {n} ] ;")
    for p, n in sorted(predicates.items()):
        lines.append(f"    void:propertyPartition [ void:property <{p}> ; void:triples {n} ] ;")
    lines[-1] = lines[-1].rstrip(" ;") + " ."
    return "\n".join(lines) + "\n"
