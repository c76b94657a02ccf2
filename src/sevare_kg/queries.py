"""The named queries of ``queries/`` and the counts behind ``sevare-kg stats``."""

from __future__ import annotations

from pathlib import Path

from .errors import SevareKgError
from .resources import queries_dir
from .store import KnowledgeStore


def named_queries() -> dict[str, str]:
    """Name -> first comment line of every ``queries/*.rq``."""
    out = {}
    for path in sorted(queries_dir().glob("*.rq")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out[path.stem] = next((line.lstrip("# ").strip() for line in lines if line.startswith("#")), "")
    return out


def resolve_query(text: str | None, file: Path | None) -> str:
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise SevareKgError(f"{file}: cannot read query: {exc.strerror or exc}") from None
    if not text:
        raise SevareKgError("give a query: SPARQL text, --file F.rq, or a name from 'sevare-kg queries'")
    named = queries_dir() / f"{text}.rq"
    if "\n" not in text and " " not in text.strip():
        if named.is_file():
            return named.read_text(encoding="utf-8")
        raise SevareKgError(f"no named query {text!r} in {queries_dir()} (see 'sevare-kg queries')")
    return text


def store_stats(store: KnowledgeStore) -> dict[str, int]:
    counts = {"graphs": len(store.graphs()), "quads": len(store)}
    q = (
        "PREFIX sev: <https://w3id.org/sevare-kg/ontology#> SELECT "
        "(COUNT(DISTINCT ?e) AS ?events) (COUNT(DISTINCT ?r) AS ?reports) WHERE { "
        "{ ?e a sev:Event } UNION { ?r a sev:CasualtyReport } }"
    )
    for row in store.query(q):  # type: ignore[union-attr]
        counts["events"] = int(row["events"].value)
        counts["casualty reports"] = int(row["reports"].value)
    q = (
        "PREFIX sev: <https://w3id.org/sevare-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf* ?top . "
        "VALUES ?top { sev:ArmedGroup sev:StateForce sev:InternationalMission sev:Government sev:Organization "
        "sev:Person sev:Country sev:Region sev:Settlement sev:Site sev:War } }"
    )
    for row in store.query(q):  # type: ignore[union-attr]
        counts["entities"] = int(row["n"].value)
    return counts


