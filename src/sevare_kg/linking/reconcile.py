"""Reconciliation: find Wikidata items for the entities of the graph that have no link yet.

``sevare-kg link`` takes the entities of the store without ``owl:sameAs`` (armed groups, state
forces, missions, governments, organisations, people, wars, countries, regions, settlements, sites),
looks their label and every alias up in a Wikidata-shaped dataset, and writes the candidates with a
score to a TSV file for a person to review. ``sevare-kg link --apply FILE`` then takes the rows
marked ``accept``, appends them to the user link table and rewrites the store as a rebuild with
that table would.

A dataset is either a local RDF file (N-Triples, Turtle, ... using Wikidata's vocabulary) or a
SPARQL endpoint URL. Both answer the same SPARQL (``rdfs:label``, ``skos:altLabel``,
``schema:description``, ``wdt:P31`` and its ``wdt:P279`` superclasses, ``wdt:P17``/``wdt:P131``).

Scoring (0..1): the best name agreement between our names and the item's (label = label 1.0,
label = alias 0.95, alias = alias 0.9, after folding case, accents and punctuation), times a type
factor: 1.0 when one of the item's classes is compatible with our kind, 0.5 when the item has no
class we can read, and the candidate is dropped when its classes are all of another category (an
armed group is never matched to a town). Places get +0.05 when the item lies in the Wikidata item
our container is linked to (P131/P17), and ×0.6 when it lies in another country.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import QuerySolutions, RdfFormat, Store

from sevare_kg.errors import SevareKgError
from sevare_kg.extraction.names import fold as fold_name
from sevare_kg.rdf import vocab as v
from sevare_kg.rdf.link_table import QID_RE, Links, user_links_path

log = logging.getLogger(__name__)

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
LANGUAGES = ("en", "fr", "mul")
ACCEPT = {"accept", "accepted", "yes", "y", "x", "1", "true", "ok"}

# Our kinds and the coarse categories an item of that kind may have in Wikidata.
ALLOWED: dict[str, set[str]] = {
    "ArmedGroup": {"organization"},
    "StateForce": {"organization"},
    "InternationalMission": {"organization"},
    "Government": {"organization"},
    "Organization": {"organization"},
    "Person": {"human"},
    "War": {"conflict"},
    "Country": {"country"},
    "Region": {"region"},
    "Settlement": {"settlement"},
    "Site": {"site"},
}
ENTITY_KINDS = tuple(ALLOWED)

# Wikidata classes whose meaning was verified in public texts (see tests/fixtures/wikidata/README.md);
# every other class is read from its English label.
KNOWN_CLASSES: dict[str, str] = {
    "Q6256": "country",  # country
    "Q3624078": "country",  # sovereign state
    "Q123480": "country",  # landlocked country
    "Q10864048": "region",  # first-level administrative country subdivision
    "Q515": "settlement",  # city
    "Q3957": "settlement",  # town
    "Q486972": "settlement",  # human settlement
    "Q1248784": "site",  # airport
    "Q245016": "site",  # military base
    "Q43229": "organization",  # organization
    "Q5": "human",  # human
    "Q350604": "conflict",  # armed conflict
}
CLASS_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "site",
        re.compile(r"\b(airport|airfield|air ?base|military base|base|barracks|camp|building|facility)\b"),
    ),
    ("settlement", re.compile(r"\b(city|town|village|settlement|commune|municipality|capital|urban)\b")),
    (
        "region",
        re.compile(r"\b(region|province|subdivision|administrative|district|cercle|prefecture|state of)\b"),
    ),
    ("country", re.compile(r"\b(country|sovereign state|nation state)\b")),
    (
        "conflict",
        re.compile(r"\b(war|conflict|insurgency|rebellion|uprising|civil war|military operation)\b"),
    ),
    ("human", re.compile(r"^human$")),
    (
        "organization",
        re.compile(
            r"\b(organi[sz]ation|group|militia|armed forces|army|military unit|mission|government|movement|"
            r"party|committee|agency|insurgents?|terrorist|jihadist|coalition|alliance|force)\b"
        ),
    ),
]


def fold(name: str) -> str:
    """A name's matching key with its words kept apart (for token overlap)."""
    return fold_name(name, sep=" ")


def categories(classes: Iterable[tuple[str, str]]) -> set[str]:
    """Coarse categories of an item from its classes: (QID, English label) pairs."""
    found: set[str] = set()
    for qid, label in classes:
        if qid in KNOWN_CLASSES:
            found.add(KNOWN_CLASSES[qid])
            continue
        text = fold(label or "")
        for name, pattern in CLASS_WORDS:
            if text and pattern.search(text):
                found.add(name)
                break
    return found


# -- what we reconcile -----------------------------------------------------------------------------


@dataclass
class LocalEntity:
    id: str  # our id, the IRI under the base (``actor/katiba-macina``)
    iri: str
    kind: str
    label: str
    aliases: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # QIDs of linked containers (places)

    @property
    def names(self) -> list[str]:
        return [self.label, *[a for a in self.aliases if a != self.label]]


def unlinked_entities(store, base: str = v.DEFAULT_BASE) -> list[LocalEntity]:
    """Entities of the store with no ``owl:sameAs`` yet, with their names and linked containers."""
    kinds = " ".join(f"sev:{k}" for k in ENTITY_KINDS)
    q = f"""
PREFIX sev: <{v.ONTOLOGY}> PREFIX rdfs: <{v.RDFS}> PREFIX skos: <{v.SKOS}> PREFIX owl: <{v.OWL}>
SELECT ?e ?kind ?label ?alias ?ctx WHERE {{
  VALUES ?kind {{ {kinds} }}
  ?e a ?kind ; rdfs:label ?label .
  FILTER NOT EXISTS {{ ?e owl:sameAs ?any }}
  OPTIONAL {{ ?e skos:altLabel ?alias }}
  OPTIONAL {{ ?e sev:containedIn+ ?c . ?c owl:sameAs ?ctx }}
}}"""
    found: dict[str, LocalEntity] = {}
    for row in store.query(q):
        iri = row["e"].value
        if not iri.startswith(base):
            continue
        e = found.get(iri)
        if e is None:
            kind = row["kind"].value.rsplit("#", 1)[-1]
            e = found[iri] = LocalEntity(iri[len(base) :], iri, kind, row["label"].value)
        alias = row["alias"]
        if alias is not None and alias.value not in e.aliases:
            e.aliases.append(alias.value)
        ctx = row["ctx"]
        if ctx is not None and ctx.value.startswith(v.WD):
            qid = ctx.value[len(v.WD) :]
            if qid not in e.context:
                e.context.append(qid)
    for e in found.values():
        e.aliases.sort()
        e.context.sort()
    return sorted(found.values(), key=lambda e: e.id)


# -- where we look ---------------------------------------------------------------------------------


class Dataset:
    """A Wikidata-shaped dataset answering SPARQL SELECT as lists of {var: str}."""

    name: str = ""

    def select(self, sparql: str) -> list[dict[str, str]]:  # pragma: no cover - interface
        raise NotImplementedError

    def lookup(self, names: list[str]) -> list[tuple[str, str, str]]:
        """Items whose label or alias is one of ``names``: (QID, matched name, 'label'|'alias')."""
        literals = " ".join(_literal(n, lang) for n in dict.fromkeys(names) for lang in (*LANGUAGES, None))
        q = f"""
PREFIX rdfs: <{v.RDFS}> PREFIX skos: <{v.SKOS}>
SELECT DISTINCT ?item ?name ?how WHERE {{
  VALUES ?name {{ {literals} }}
  {{ ?item rdfs:label ?name BIND("label" AS ?how) }} UNION {{ ?item skos:altLabel ?name BIND("alias" AS ?how) }}
  FILTER(STRSTARTS(STR(?item), "{v.WD}Q"))
}}"""
        return [(r["item"][len(v.WD) :], r["name"], r["how"]) for r in self.select(q)]

    def describe(self, qids: list[str]) -> dict[str, dict]:
        """Labels, aliases, description, classes (with labels, one P279 step up), P17 and P131."""
        if not qids:
            return {}
        values = " ".join(f"wd:{q}" for q in qids)
        q = f"""
PREFIX wd: <{v.WD}> PREFIX wdt: <{v.WDT}> PREFIX rdfs: <{v.RDFS}> PREFIX skos: <{v.SKOS}> PREFIX schema: <{v.SCHEMA}>
SELECT ?item ?p ?value ?valueLabel WHERE {{
  VALUES ?item {{ {values} }}
  {{ ?item rdfs:label ?value BIND("label" AS ?p) FILTER(LANG(?value) IN ("en", "mul", "")) }}
  UNION {{ ?item skos:altLabel ?value BIND("alias" AS ?p) FILTER(LANG(?value) IN ("en", "mul", "")) }}
  UNION {{ ?item schema:description ?value BIND("description" AS ?p) FILTER(LANG(?value) IN ("en", "")) }}
  UNION {{ ?item wdt:P31 ?value BIND("class" AS ?p)
           OPTIONAL {{ ?value rdfs:label ?valueLabel FILTER(LANG(?valueLabel) IN ("en", "mul", "")) }} }}
  UNION {{ ?item wdt:P31/wdt:P279 ?value BIND("class" AS ?p)
           OPTIONAL {{ ?value rdfs:label ?valueLabel FILTER(LANG(?valueLabel) IN ("en", "mul", "")) }} }}
  UNION {{ ?item wdt:P17 ?value BIND("country" AS ?p) }}
  UNION {{ ?item wdt:P131 ?value BIND("in" AS ?p) }}
}}"""
        out: dict[str, dict] = {
            q: {"labels": [], "aliases": [], "description": "", "classes": {}, "country": set(), "in": set()}
            for q in qids
        }
        for r in self.select(q):
            qid = r["item"][len(v.WD) :]
            d = out.setdefault(
                qid,
                {
                    "labels": [],
                    "aliases": [],
                    "description": "",
                    "classes": {},
                    "country": set(),
                    "in": set(),
                },
            )
            value = r["value"]
            kind = r["p"]
            if kind == "label" and value not in d["labels"]:
                d["labels"].append(value)
            elif kind == "alias" and value not in d["aliases"]:
                d["aliases"].append(value)
            elif kind == "description" and not d["description"]:
                d["description"] = value
            elif kind == "class" and value.startswith(v.WD):
                cq = value[len(v.WD) :]
                if r.get("valueLabel") or cq not in d["classes"]:
                    d["classes"][cq] = r.get("valueLabel") or d["classes"].get(cq, "")
            elif kind in ("country", "in") and value.startswith(v.WD):
                d[kind].add(value[len(v.WD) :])
        return out


def _literal(text: str, lang: str | None) -> str:
    body = json.dumps(text, ensure_ascii=False)
    return f"{body}@{lang}" if lang else body


def _row(solution, names: list[str]) -> dict[str, str]:
    out = {}
    for n in names:
        term = solution[n]
        if term is not None:
            out[n] = term.value
    return out


class FileDataset(Dataset):
    """A local RDF file loaded into an in-memory Oxigraph store; names are matched after folding."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self.store = Store()
        fmt = RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt is None:
            raise SevareKgError(f"{path}: unknown RDF file type (use .nt, .ttl, .nq, .trig, .rdf or .jsonld)")
        try:
            self.store.bulk_load(path=str(path), format=fmt)
        except (OSError, SyntaxError, ValueError) as exc:
            raise SevareKgError(f"{path}: cannot read dataset: {exc}") from None
        self._index: dict[str, list[tuple[str, str, str]]] | None = None

    def select(self, sparql: str) -> list[dict[str, str]]:
        result = self.store.query(sparql, use_default_graph_as_union=True)
        assert isinstance(result, QuerySolutions)
        names = [x.value for x in result.variables]
        return [_row(s, names) for s in result]

    def lookup(self, names: list[str]) -> list[tuple[str, str, str]]:
        if self._index is None:
            self._index = defaultdict(list)
            q = (
                f"PREFIX rdfs: <{v.RDFS}> PREFIX skos: <{v.SKOS}> SELECT ?item ?name ?how WHERE {{ "
                f'{{ ?item rdfs:label ?name BIND("label" AS ?how) }} UNION '
                f'{{ ?item skos:altLabel ?name BIND("alias" AS ?how) }} FILTER(STRSTARTS(STR(?item), "{v.WD}Q")) }}'
            )
            for r in self.select(q):
                self._index[fold(r["name"])].append((r["item"][len(v.WD) :], r["name"], r["how"]))
        out = []
        for n in names:
            out.extend(self._index.get(fold(n), []))
        return out


class EndpointDataset(Dataset):
    """A SPARQL endpoint (POST, SPARQL JSON results); names are matched as exact literals."""

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise SevareKgError(f"{url}: an endpoint URL starts with http:// or https://")
        self.name = url
        self.url = url
        self.timeout = timeout

    def select(self, sparql: str) -> list[dict[str, str]]:
        body = urllib.parse.urlencode({"query": sparql}).encode()
        req = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": "sevare-kg-link/0.1 (https://w3id.org/sevare-kg/)",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = json.load(resp)
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            raise SevareKgError(f"{self.url}: HTTP {exc.code} {detail[0] if detail else ''}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SevareKgError(
                f"{self.url}: cannot query the endpoint: {getattr(exc, 'reason', exc)}"
            ) from None
        return [{k: b["value"] for k, b in row.items()} for row in data["results"]["bindings"]]


def open_dataset(*, endpoint: str | None = None, dataset: Path | None = None) -> Dataset:
    if (endpoint is None) == (dataset is None):
        raise SevareKgError("give exactly one of --endpoint URL or --dataset FILE")
    if dataset is not None:
        if not dataset.is_file():
            raise SevareKgError(f"{dataset}: no such dataset file")
        return FileDataset(dataset)
    return EndpointDataset(endpoint)  # type: ignore[arg-type]


# -- matching ----------------------------------------------------------------------------------------


@dataclass
class Candidate:
    entity: LocalEntity
    qid: str
    label: str
    description: str
    classes: list[str]
    score: float
    evidence: str


def _name_score(entity: LocalEntity, item: dict) -> tuple[float, str]:
    ours = [(entity.label, "label")] + [(a, "alias") for a in entity.aliases]
    theirs = [(x, "label") for x in item["labels"]] + [(x, "alias") for x in item["aliases"]]
    best, why = 0.0, ""
    weights = {
        ("label", "label"): 1.0,
        ("label", "alias"): 0.95,
        ("alias", "label"): 0.95,
        ("alias", "alias"): 0.9,
    }
    for o, ok in ours:
        fo = fold(o)
        for t, tk in theirs:
            if fo and fo == fold(t):
                w = weights[(ok, tk)]
                if w > best:
                    best, why = w, f"our {ok} '{o}' = their {tk} '{t}'"
    return best, why


def reconcile(
    entities: list[LocalEntity], dataset: Dataset, *, min_score: float = 0.5, top: int = 3
) -> tuple[list[Candidate], list[tuple[LocalEntity, str, str]]]:
    """Candidates per entity (best first), and the (entity, QID, reason) pairs the type constraint rejected."""
    out: list[Candidate] = []
    rejected: list[tuple[LocalEntity, str, str]] = []
    for e in entities:
        hits = dataset.lookup(e.names)
        qids = sorted({q for q, _, _ in hits if QID_RE.fullmatch(q)})
        if not qids:
            continue
        items = dataset.describe(qids)
        found: list[Candidate] = []
        for qid in qids:
            item = items.get(qid)
            if item is None:
                continue
            score, why = _name_score(e, item)
            if score == 0.0:
                continue
            classes = sorted(item["classes"].items())
            cats = categories(classes)
            allowed = ALLOWED[e.kind]
            if cats and not cats & allowed:
                rejected.append((e, qid, f"{e.kind} vs {'/'.join(sorted(cats))}"))
                continue
            if not cats:
                score *= 0.5
                why += "; type unknown"
            else:
                why += f"; type {'/'.join(sorted(cats & allowed))}"
            if e.context and e.kind in ("Region", "Settlement", "Site"):
                where = item["in"] | item["country"]
                if where & set(e.context):
                    score = min(1.0, score + 0.05)
                    why += f"; in {'/'.join(sorted(where & set(e.context)))}"
                elif item["country"]:
                    score *= 0.6
                    why += "; in another country"
            if score < min_score:
                continue
            found.append(
                Candidate(
                    e,
                    qid,
                    (item["labels"] or [""])[0],
                    item["description"],
                    [f"{q} {lbl}".strip() for q, lbl in classes],
                    round(score, 3),
                    why,
                )
            )
        found.sort(key=lambda c: (-c.score, int(c.qid[1:])))
        out.extend(found[:top])
    return out, rejected


# -- the review file -------------------------------------------------------------------------------

REVIEW_COLUMNS = [
    "decision",
    "id",
    "kind",
    "label",
    "qid",
    "candidate_label",
    "description",
    "classes",
    "score",
    "evidence",
]


def write_review(candidates: list[Candidate], path: Path, dataset: str) -> None:
    today = _dt.date.today().isoformat()
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# sevare-kg link candidates from {dataset} ({today}).\n"
            "# Review each row: write 'accept' in the decision column for a correct match, leave the others\n"
            "# empty; then run 'sevare-kg link --apply THIS_FILE'. At most one accepted QID per id.\n"
            f"# dataset: {dataset}\n"
        )
        w = csv.writer(handle, delimiter="\t", lineterminator="\n")
        w.writerow(REVIEW_COLUMNS)
        for c in candidates:
            w.writerow(
                [
                    "",
                    c.entity.id,
                    c.entity.kind,
                    c.entity.label,
                    c.qid,
                    c.label,
                    c.description,
                    "; ".join(c.classes),
                    f"{c.score:.3f}",
                    c.evidence,
                ]
            )


@dataclass(frozen=True)
class Accepted:
    id: str
    qid: str
    label: str
    source: str


def read_review(path: Path) -> list[Accepted]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SevareKgError(f"{path}: cannot read review file: {exc.strerror or exc}") from None
    dataset = next(
        (ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("# dataset:")), "unknown dataset"
    )
    rows = csv.reader((ln for ln in lines if not ln.startswith("#")), delimiter="\t")
    header = next(rows, None)
    if header is None or header[: len(REVIEW_COLUMNS)] != REVIEW_COLUMNS:
        raise SevareKgError(f"{path}: not a 'sevare-kg link' review file (header {header})")
    col = {name: i for i, name in enumerate(header)}
    accepted: dict[str, Accepted] = {}
    for n, row in enumerate(rows, start=2):
        if not row or row[col["decision"]].strip().lower() not in ACCEPT:
            continue
        ident, qid = row[col["id"]].strip(), row[col["qid"]].strip()
        if not QID_RE.fullmatch(qid):
            raise SevareKgError(f"{path}: row {n}: {qid!r} is not a Wikidata item id")
        if ident in accepted and accepted[ident].qid != qid:
            raise SevareKgError(
                f"{path}: {ident} is accepted twice ({accepted[ident].qid} and {qid}); keep one"
            )
        today = _dt.date.today().isoformat()
        source = (
            f"sevare-kg link: reconciled with {dataset}, score {row[col['score']]} "
            f"({row[col['evidence']]}); accepted in {path.name} on {today}"
        )
        accepted[ident] = Accepted(ident, qid, row[col["candidate_label"]] or row[col["label"]], source)
    return list(accepted.values())


# -- applying ------------------------------------------------------------------------------------------

LINK_TABLE_HEADER = (
    "# Links accepted with 'sevare-kg link --apply': our entity -> Wikidata item, with how each was\n"
    "# found and who accepted it. The mapper reads this table after data/wikidata_links.tsv.\n"
    "id\tqid\tlabel\tsource\n"
)


def append_links(accepted: list[Accepted], table: Path, known: Links) -> list[Accepted]:
    """Append to the user table the accepted links it does not have yet; refuse any that contradicts a
    link in ``known`` (the shipped table and the user table) or another accepted one for the same QID."""
    mine = Links.load(table) if table.is_file() else Links()
    qids = {link.qid: i for i, link in known.by_id.items()}
    new = []
    for a in accepted:
        have = known.by_id.get(a.id) or mine.by_id.get(a.id)
        if have is not None and have.qid != a.qid:
            raise SevareKgError(
                f"{a.id} is already linked to {have.qid}, not {a.qid} (source: {have.source})"
            )
        other = qids.get(a.qid)
        if other is not None and other != a.id:
            raise SevareKgError(f"{a.qid} is already the link of {other}; one Wikidata item, one entity")
        if a.id not in mine.by_id:
            new.append(a)
    if new:
        table.parent.mkdir(parents=True, exist_ok=True)
        fresh = not table.exists() or table.stat().st_size == 0
        with table.open("a", encoding="utf-8", newline="") as handle:
            if fresh:
                handle.write(LINK_TABLE_HEADER)
            for a in new:
                cells = [a.id, a.qid, a.label, a.source]
                handle.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")
    return new


def apply_to_store(store, accepted: list[Accepted], base: str = v.DEFAULT_BASE) -> int:
    """Rewrite the store as the mapper would with these links: ``owl:sameAs``/``skos:exactMatch`` on the
    entity, and its ``wd:`` item in place of our IRI in the Wikidata view (objects of ``wdt:``/``p:``/``ps:``/
    ``pq:`` triples, subjects of the places' ``wdt:P131``/``wdt:P17``). One update: all or nothing.
    Returns the number of graphs touched."""
    ops = []
    graphs: set[str] = set()
    for a in accepted:
        e = f"<{base}{a.id}>"
        w = f"<{v.WD}{a.qid}>"
        for row in store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {e} ?p ?o }} }}"):
            graphs.add(row["g"].value)
        ops.append(
            f"INSERT {{ GRAPH ?g {{ {e} <{v.OWL}sameAs> {w} . {e} <{v.SKOS}exactMatch> {w} }} }} "
            f"WHERE {{ GRAPH ?g {{ {e} a ?k }} }}"
        )
        ops.append(
            f"DELETE {{ GRAPH ?g {{ ?s ?p {e} }} }} INSERT {{ GRAPH ?g {{ ?s ?p {w} }} }} "
            f'WHERE {{ GRAPH ?g {{ ?s ?p {e} }} FILTER(STRSTARTS(STR(?p), "http://www.wikidata.org/prop/")) }}'
        )
        ops.append(
            f"DELETE {{ GRAPH ?g {{ {e} ?p ?o }} }} INSERT {{ GRAPH ?g {{ {w} ?p ?o }} }} "
            f"WHERE {{ GRAPH ?g {{ {e} ?p ?o }} VALUES ?p {{ <{v.WDT}P131> <{v.WDT}P17> }} }}"
        )
        ops.extend(_item_description_ops(store, a, base))
    if ops:
        store.update(" ;\n".join(ops))
        store.flush()
    return len(graphs)


def _item_description_ops(store, a: Accepted, base: str) -> list[str]:
    """The newly linked ``wd:`` item described as the mapper describes it (``rdfs:label``,
    ``skos:altLabel``, ``schema:description``), in the graph that describes the entity: the
    reference graph for a gazetteer entity, else its entity graph."""
    from sevare_kg.extraction.facts import Entity
    from sevare_kg.rdf.mapper import MapperConfig, item_description

    wd = f"<{v.WD}{a.qid}>"
    gaz = MapperConfig(base=base).gazetteer
    ops = []
    rows = store.query(f"SELECT ?g ?k ?l WHERE {{ GRAPH ?g {{ <{base}{a.id}> a ?k ; <{v.RDFS}label> ?l }} }}")
    for row in rows:
        if a.id in gaz.entities:
            entity, within = gaz.entities[a.id], gaz.related(a.id, "containedIn")
        else:
            kind = row["k"].value.rsplit("#", 1)[-1]
            entity, within = Entity(a.id, kind, row["l"].value), []
        triples = " ".join(f"{wd} {p} {o} ." for p, o in item_description(entity, within))
        ops.append(f"INSERT DATA {{ GRAPH <{row['g'].value}> {{ {triples} }} }}")
    return ops


# -- the command line ----------------------------------------------------------------------------------


def cli_link(args, store) -> int:
    """``sevare-kg link``: write candidates for review, or ``--apply`` a reviewed file."""
    import sys

    from sevare_kg.rdf.link_table import shipped_and_user_links

    if args.apply is not None:
        accepted = read_review(args.apply)
        if not accepted:
            print(f"sevare-kg: {args.apply}: no row marked 'accept'; nothing to apply", file=sys.stderr)
            return 1
        table = args.links or user_links_path()
        known = shipped_and_user_links()
        new = append_links(accepted, table, known)
        graphs = apply_to_store(store, accepted)
        for a in accepted:
            print(f"{a.id}\t{a.qid}\t{a.label}")
        print(
            f"sevare-kg: applied {len(accepted)} link(s) to {graphs} graph(s); {len(new)} new in {table}",
            file=sys.stderr,
        )
        return 0
    dataset = open_dataset(endpoint=args.endpoint, dataset=args.dataset)
    entities = unlinked_entities(store)
    candidates, rejected = reconcile(entities, dataset, min_score=args.min_score, top=args.top)
    write_review(candidates, args.output, dataset.name)
    for e, qid, why in rejected:
        log.info("type constraint: %s is not %s (%s)", e.id, qid, why)
    matched = len({c.entity.id for c in candidates})
    print(
        f"sevare-kg: {len(entities)} unlinked entities, {matched} with candidates ({len(candidates)} rows), "
        f"{len(rejected)} candidate(s) rejected by type; wrote {args.output}",
        file=sys.stderr,
    )
    return 0


# -- federation --------------------------------------------------------------------------------------

SERVICE_RE = re.compile(r"SERVICE\s+(SILENT\s+)?<" + re.escape(WIKIDATA_SPARQL) + r">", re.I)


def retarget_service(sparql: str, endpoint: str) -> str:
    """Point the ``SERVICE <https://query.wikidata.org/sparql>`` clauses of a query at another endpoint
    (a mirror, or a local Wikidata-shaped server)."""
    if not endpoint.startswith(("http://", "https://")) or any(c in endpoint for c in '<> "{}|\\^`'):
        raise SevareKgError(f"{endpoint!r} is not an endpoint URL")
    return SERVICE_RE.sub(lambda m: f"SERVICE {m.group(1) or ''}<{endpoint}>", sparql)


__all__ = [
    "Accepted",
    "Candidate",
    "Dataset",
    "EndpointDataset",
    "FileDataset",
    "LocalEntity",
    "WIKIDATA_SPARQL",
    "append_links",
    "apply_to_store",
    "categories",
    "open_dataset",
    "read_review",
    "reconcile",
    "retarget_service",
    "unlinked_entities",
    "user_links_path",
    "write_review",
]
