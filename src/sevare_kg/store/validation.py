"""Validation of the built graph: SHACL shapes (pyshacl) and the recorded inconsistencies."""

from __future__ import annotations

import io
from dataclasses import dataclass

import rdflib
from pyoxigraph import QuerySolutions, RdfFormat

from sevare_kg.resources import ontology_dir
from sevare_kg.store.knowledge_store import KnowledgeStore


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    inconsistencies: tuple[tuple[str, str], ...]  # (event, message)

    def text(self) -> str:
        lines = [f"SHACL: {'conforms' if self.conforms else f'{len(self.violations)} violation(s)'}"]
        for v in self.violations:
            lines.append(f"  {v.severity}: {v.focus}" + (f" {v.path}" if v.path else "") + f": {v.message}")
        lines.append(f"inconsistencies between reports: {len(self.inconsistencies)}")
        for event, message in self.inconsistencies:
            lines.append(f"  {event}: {message}")
        return "\n".join(lines)


def load_ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(ontology_dir() / "sevare.ttl", format="turtle")
    return g


def load_shapes() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(ontology_dir() / "shapes.ttl", format="turtle")
    return g


def union_graph(store: KnowledgeStore) -> rdflib.Graph:
    buffer = io.BytesIO()
    store.export(buffer, RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    return g


def shacl(data: rdflib.Graph) -> tuple[bool, tuple[Violation, ...]]:
    import pyshacl

    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none", allow_warnings=True
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        path = report.value(result, sh.resultPath)
        violations.append(
            Violation(
                str(report.value(result, sh.focusNode)),
                str(path) if path is not None else None,
                str(report.value(result, sh.resultMessage)),
                str(report.value(result, sh.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return bool(conforms), tuple(violations)


def validate(store: KnowledgeStore) -> ValidationReport:
    conforms, violations = shacl(union_graph(store))
    rows = store.query(
        "PREFIX sev: <https://w3id.org/sevare-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?label ?message WHERE { ?e sev:inconsistency ?i ; rdfs:label ?label . ?i sev:message ?message } "
        "ORDER BY ?label ?message"
    )
    assert isinstance(rows, QuerySolutions)
    incons = tuple((r["label"].value, r["message"].value) for r in rows)
    violations_only = tuple(v for v in violations if v.severity == "Violation")
    return ValidationReport(conforms or not violations_only, violations, incons)
