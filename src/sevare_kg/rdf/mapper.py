"""From an article's facts to RDF quads in one named graph: our ontology (``sev:``), the
Wikidata-compatible view (``wdt:``/``p:``/``ps:``/``psv:``/``pq:``) and provenance (PROV-O).

A pure function of one article: text in, quads out. Every IRI is a readable slug under a
configurable base, and there are no blank nodes, so the same input always gives the same quads.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

import pycountry
from pyoxigraph import Literal, NamedNode, Quad

from sevare_kg._version import __version__
from sevare_kg.extraction.article import Article, parse_article
from sevare_kg.extraction.facts import CasualtyFact, Entity, EventFacts, Source
from sevare_kg.extraction.gazetteer import Gazetteer, default_gazetteer_path, slugify
from sevare_kg.extraction.pipeline import extract
from sevare_kg.extraction.prose import method_entities
from sevare_kg.extraction.world import world_gazetteer_version
from sevare_kg.rdf import vocab as v
from sevare_kg.rdf.link_table import Links, shipped_links

MAPPER_VERSION = f"sevare-kg {__version__}"

XSD_INTEGER = NamedNode(v.XSD + "integer")
XSD_DECIMAL = NamedNode(v.XSD + "decimal")
XSD_DATE = NamedNode(v.XSD + "date")
XSD_DATETIME = NamedNode(v.XSD + "dateTime")
XSD_GYEAR = NamedNode(v.XSD + "gYear")
XSD_GYEARMONTH = NamedNode(v.XSD + "gYearMonth")
XSD_TIME = NamedNode(v.XSD + "time")

RDF_TYPE = NamedNode(v.RDF + "type")
RDFS_LABEL = NamedNode(v.RDFS + "label")
SKOS_ALT = NamedNode(v.SKOS + "altLabel")
SKOS_EXACT = NamedNode(v.SKOS + "exactMatch")
OWL_SAME = NamedNode(v.OWL + "sameAs")
PROV_DERIVED = NamedNode(v.PROV + "wasDerivedFrom")
PROV_ATTRIBUTED = NamedNode(v.PROV + "wasAttributedTo")
PROV_USED = NamedNode(v.PROV + "used")
PROV_GENERATED = NamedNode(v.PROV + "wasGeneratedBy")
PROV_PRIMARY = NamedNode(v.PROV + "hadPrimarySource")
DCT_TITLE = NamedNode(v.DCTERMS + "title")
DCT_LICENSE = NamedNode(v.DCTERMS + "license")
SCHEMA_URL = NamedNode(v.SCHEMA + "url")
SCHEMA_DESCRIPTION = NamedNode(v.SCHEMA + "description")
RDF_STATEMENT = NamedNode(v.RDF + "Statement")
RDF_SUBJECT = NamedNode(v.RDF + "subject")
RDF_PREDICATE = NamedNode(v.RDF + "predicate")
RDF_OBJECT = NamedNode(v.RDF + "object")

WB_STATEMENT = NamedNode(v.WIKIBASE + "Statement")
WB_REFERENCE = NamedNode(v.WIKIBASE + "Reference")
WB_RANK = NamedNode(v.WIKIBASE + "rank")
WB_NORMAL = NamedNode(v.WIKIBASE + "NormalRank")
WB_PREFERRED = NamedNode(v.WIKIBASE + "PreferredRank")
WB_BEST = NamedNode(v.WIKIBASE + "BestRank")
WB_QUANTITY = NamedNode(v.WIKIBASE + "QuantityValue")
WB_TIME = NamedNode(v.WIKIBASE + "TimeValue")
WB_AMOUNT = NamedNode(v.WIKIBASE + "quantityAmount")
WB_LOWER = NamedNode(v.WIKIBASE + "quantityLowerBound")
WB_UPPER = NamedNode(v.WIKIBASE + "quantityUpperBound")
WB_TIME_VALUE = NamedNode(v.WIKIBASE + "timeValue")
WB_TIME_PRECISION = NamedNode(v.WIKIBASE + "timePrecision")
WB_TIME_TZ = NamedNode(v.WIKIBASE + "timeTimezone")
GREGORIAN = NamedNode(v.WD + "Q1985727")
SOURCING_CIRCUMSTANCES = NamedNode(v.PQ + "P1480")
PROBABLY = NamedNode(v.WD + "Q56644435")  # a value of P1480 "sourcing circumstances"
WB_CALENDAR = NamedNode(v.WIKIBASE + "timeCalendarModel")

CC_BY_SA = NamedNode("https://creativecommons.org/licenses/by-sa/4.0/")
PRECISION = {"day": 11, "month": 10, "year": 9}
OUTCOME_PROPERTY = {"killed": "P1120", "injured": "P1339", "missing": "P1446"}


@lru_cache(maxsize=4096)
def _node(term: str) -> NamedNode:
    """A term of the vocabulary (``v.ATTACK``, ``v.CLASSES[kind]``) as a node, made once."""
    return NamedNode(term)


@dataclass(frozen=True)
class MapperConfig:
    """What a mapping depends on besides the article: the base IRI, the gazetteer, the link table.
    The defaults are the shipped gazetteer and link table, read from the package alone (never the cwd
    or the environment); the command line and the API pass the user's links too
    (:func:`~sevare_kg.rdf.link_table.shipped_and_user_links`)."""

    base: str = v.DEFAULT_BASE
    gazetteer: Gazetteer = field(default_factory=lambda: Gazetteer.load(default_gazetteer_path()))
    links: Links = field(default_factory=shipped_links)

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the base and the gazetteer, which decide the entities (part of each input hash)."""
        h = hashlib.sha256(self.base.encode())
        for e in sorted(self.gazetteer.entities.values(), key=lambda e: e.id):
            h.update(repr((e.id, e.kind, e.label, e.aliases)).encode())
        h.update(repr(sorted(self.gazetteer.relations)).encode())
        h.update(world_gazetteer_version().encode())  # the places the world gazetteer resolves
        # the link table is left out: `sevare-kg link --apply` rewrites the store in place, and the
        # reference graph (where the gazetteer's links live) is rewritten whenever it changes
        return h.hexdigest()

    @cached_property
    def reference_entities(self) -> dict[str, Entity]:
        """Entities described once, in the reference graph: the gazetteer's and the method vocabulary."""
        known = dict(self.gazetteer.entities)
        known.update({e.id: e for e in method_entities()})
        return known


def graph_iri(base: str, title: str) -> NamedNode:
    return NamedNode(f"{base}graph/{slugify(title)}")


def entity_graph_prefix(base: str) -> str:
    return f"{base}graph/entity/"


def entity_graph_iri(base: str, entity: Entity) -> NamedNode:
    """The graph describing an entity the gazetteer does not know: named after the entity and a hash
    of its kind and label, so every article that describes it alike writes the same graph (stored
    once, matched once through the union of graphs) and one that describes it otherwise, another."""
    digest = hashlib.sha256(f"{entity.kind}\n{entity.label}".encode()).hexdigest()[:10]
    return NamedNode(f"{entity_graph_prefix(base)}{entity.id}/{digest}")


def map_text(
    text: str, config: MapperConfig, *, source: str | None = None, url: str | None = None
) -> list[Quad]:
    """Parse and map one article's text: the pure function at the heart of every build."""
    return map_article(parse_article(text, source=source, url=url), config)


def map_article(article: Article, config: MapperConfig) -> list[Quad]:
    facts = extract(article, config.gazetteer)
    return _Writer(article, facts, config).quads()


def input_hash(text: str, config: MapperConfig) -> str:
    """What a graph records of its input: the text, the mapper version and the config's fingerprint,
    so that a changed gazetteer re-maps the articles on the next build."""
    return hashlib.sha256(f"{MAPPER_VERSION}\n{config.fingerprint}\n{text}".encode()).hexdigest()


def reference_graph_iri(base: str) -> NamedNode:
    return NamedNode(f"{base}graph/reference")


def reference_quads(config: MapperConfig, only: Iterable[str] | None = None) -> list[Quad]:
    """The reference graph: the gazetteer's entities (kind, label, aliases, what they are part of,
    affiliated with, contained in, their Wikidata links) and the method vocabulary, described once
    for all articles — so that a query over the union of graphs meets each of them once.
    ``only`` restricts it to those entity ids and what they lead to (for one article's output)."""
    graph = reference_graph_iri(config.base)
    gaz = config.gazetteer
    known = config.reference_entities
    ids = set(known) if only is None else {i for i in only if i in known}
    if only is not None:
        start = [known[i] for i in ids if i in gaz.entities]
        ids |= {o.id for _s, _p, o in gaz.closure(start, tuple(v.ENTITY_RELATIONS))}
    out: list[Quad] = []

    def add(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        out.append(Quad(s, p, o, graph))

    doc = NamedNode(f"{config.base}source/reference")
    add(doc, RDF_TYPE, _node(v.SOURCE_DOCUMENT))
    add(doc, DCT_TITLE, Literal("sevare-kg gazetteer, link table and method vocabulary", language="en"))
    add(doc, _node(v.MAPPER_VERSION), Literal(MAPPER_VERSION))
    add(doc, _node(v.INPUT_HASH), Literal(config.fingerprint))
    for eid in sorted(ids):
        e = known[eid]
        node = NamedNode(config.base + eid)
        add(node, RDF_TYPE, _node(v.CLASSES[e.kind]))
        add(node, RDFS_LABEL, Literal(e.label, language="en"))
        for alias in e.aliases:
            if alias != e.label:
                add(node, SKOS_ALT, Literal(alias, language="en"))
        add(node, PROV_DERIVED, doc)
        for relation, pred in v.ENTITY_RELATIONS.items():
            for other in gaz.related(eid, relation):
                add(node, _node(pred), NamedNode(config.base + other.id))
        qid = config.links.qid(eid)
        if qid:
            add(node, OWL_SAME, NamedNode(v.WD + qid))
            add(node, SKOS_EXACT, NamedNode(v.WD + qid))
            wd = NamedNode(v.WD + qid)
            for p, o in item_description(e, gaz.related(eid, "containedIn")):
                add(wd, p, o)
    # the classes and groups the Wikidata view names (wdt:P31, pq:P518) are described alike
    for ident, link in sorted(config.links.by_id.items()):
        kind = ident.split("/", 1)[0]
        if kind in ITEM_KIND_DESCRIPTION:
            wd = NamedNode(v.WD + link.qid)
            add(wd, RDFS_LABEL, Literal(link.label, language="en"))
            add(wd, SCHEMA_DESCRIPTION, Literal(ITEM_KIND_DESCRIPTION[kind], language="en"))
    return sorted(set(out), key=lambda q: (str(q.subject), q.predicate.value, str(q.object)))


# schema:description of the Wikidata items we link to, from what we know of them (their kind and
# where the gazetteer puts them): WDQS's label service and label joins read these three properties
KIND_DESCRIPTION = {
    "ArmedGroup": "armed group",
    "StateForce": "state armed force",
    "InternationalMission": "international mission",
    "Government": "government",
    "Organization": "organization",
    "Person": "person",
    "War": "armed conflict",
    "Country": "country",
    "Region": "region",
    "Settlement": "settlement",
    "Site": "site",
}
ITEM_KIND_DESCRIPTION = {"class": "class of armed events", "group": "group of people"}


def item_description(e: Entity, within: list[Entity]) -> list[tuple[NamedNode, Literal]]:
    """What a Wikidata item we link to is described with, as WDQS describes items: ``rdfs:label``,
    ``skos:altLabel`` and ``schema:description`` ("settlement in Mopti Region")."""
    out = [(RDFS_LABEL, Literal(e.label, language="en"))]
    out += [(SKOS_ALT, Literal(a, language="en")) for a in sorted(set(e.aliases)) if a != e.label]
    description = KIND_DESCRIPTION.get(e.kind, e.kind.lower())
    if within:
        description += f" in {within[0].label}"
    out.append((SCHEMA_DESCRIPTION, Literal(description, language="en")))
    return out


def source_kind(url: str | None) -> str:
    """What an article read is, from its address: "English Wikipedia article" for
    ``https://en.wikipedia.org/wiki/…`` (the language named by ISO 639), else "Wikipedia article"
    or "article"."""
    return _kind_of_host((urlsplit(url).hostname or "") if url else "")


@lru_cache(maxsize=64)
def _kind_of_host(host: str) -> str:
    if not host.endswith(".wikipedia.org"):
        return "article"
    code = host.removesuffix(".wikipedia.org").removeprefix("www.").split(".")[0]
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    return f"{language.name} Wikipedia article" if language is not None else "Wikipedia article"


def with_reference(quads: list[Quad], config: MapperConfig) -> list[Quad]:
    """One article's quads and the part of the reference graph they name: a self-contained dataset."""
    named = {
        t.value[len(config.base) :]
        for q in quads
        for t in (q.subject, q.object)
        if isinstance(t, NamedNode) and t.value.startswith(config.base)
    }
    return quads + reference_quads(config, only=named)


class _Writer:
    def __init__(self, article: Article, facts: EventFacts, config: MapperConfig) -> None:
        self.article = article
        self.facts = facts
        self.config = config
        self.base = config.base
        self.links = config.links
        self.slug = facts.id
        self.graph = graph_iri(self.base, article.title)
        self.event = NamedNode(f"{self.base}event/{self.slug}")
        self.doc = NamedNode(f"{self.base}source/{self.slug}")
        self.out: list[Quad] = []
        self.entities: dict[str, Entity] = {}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.facts_seen: dict[tuple[str, str, str], NamedNode] = {}
        self.fact_counter: dict[str, int] = defaultdict(int)
        self.statement_counter: dict[str, int] = defaultdict(int)
        self.sources_written: set[str] = set()
        self.source_nodes: dict[tuple[str, int, str | None], NamedNode] = {}

    # -- helpers --------------------------------------------------------------------------------

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal, graph: NamedNode | None = None) -> None:
        self.out.append(Quad(s, p, o, graph or self.graph))

    def iri(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    def entity(self, e: Entity, surface: str | None = None) -> NamedNode:
        known = self.entities.get(e.id)
        if known is None or len(e.aliases) > len(known.aliases):
            self.entities[e.id] = e
        self.aliases[e.id].update(e.aliases)
        if surface:
            self.aliases[e.id].add(surface)
        return self.iri(e.id)

    def view_object(self, e: Entity) -> NamedNode:
        """In the Wikidata view a linked entity is its wd: item; others keep our IRI."""
        qid = self.links.qid(e.id)
        return NamedNode(v.WD + qid) if qid else self.iri(e.id)

    def source(self, src: Source) -> NamedNode:
        known = self.source_nodes.get((src.kind, src.ordinal, src.key))
        if known is not None:
            return known
        if src.kind == "infobox":
            node = NamedNode(f"{self.doc.value}/infobox/{src.ordinal}-{slugify(src.key or 'field')}")
        else:
            node = NamedNode(f"{self.doc.value}/sentence/{src.ordinal}")
        if node.value not in self.sources_written:
            self.sources_written.add(node.value)
            if src.kind == "infobox":
                self.add(node, RDF_TYPE, _node(v.INFOBOX_FIELD))
                self.add(node, _node(v.KEY), Literal(src.key or ""))
                self.add(node, _node(v.VALUE_TEXT), Literal(src.text))
                if src.line is not None:
                    self.add(node, _node(v.LINE), Literal(str(src.line), datatype=XSD_INTEGER))
            else:
                self.add(node, RDF_TYPE, _node(v.SENTENCE))
                self.add(node, _node(v.TEXT), Literal(src.text))
                if src.section:
                    self.add(node, _node(v.SECTION), Literal(src.section))
            self.add(node, RDF_TYPE, WB_REFERENCE)
            self.add(node, _node(v.ORDINAL), _int(src.ordinal))
            self.add(node, _node(v.BEGIN_INDEX), _int(src.start))
            self.add(node, _node(v.END_INDEX), _int(src.end))
            self.add(node, _node(v.IN_DOCUMENT), self.doc)
            self.add(
                node, NamedNode(v.PR + "P854"), NamedNode(self.article.url) if self.article.url else self.doc
            )
            self.add(node, NamedNode(v.PR + "P248"), self.doc)  # stated in: the article read
            if src.speaker is not None:
                self.add(node, PROV_ATTRIBUTED, self.entity(src.speaker))
            if src.said_by is not None:
                self.add(node, _node(v.SAID_BY), Literal(src.said_by))
        self.source_nodes[(src.kind, src.ordinal, src.key)] = node
        return node

    def fact(
        self,
        predicate: str,
        obj: NamedNode | Literal,
        src: Source | None,
        subject: NamedNode | None = None,
        *,
        state: bool = True,
    ) -> NamedNode:
        """State ``subject predicate obj`` (``predicate`` a ``sev:`` property of the vocabulary) and
        record where it came from, as an rdf:Statement, named after the property's local name.
        With ``state=False`` only the record is written: the reference graph states the triple."""
        subject = subject or self.event
        p = _node(predicate)
        name = predicate.removeprefix(v.ONTOLOGY)
        key = (subject.value, p.value, str(obj))
        node = self.facts_seen.get(key)
        if node is None:
            if state:
                self.add(subject, p, obj)
            local = subject.value[len(self.base) :].replace("/", "-") if subject != self.event else "event"
            self.fact_counter[f"{local}-{name}"] += 1
            suffix = f"{name}-{self.fact_counter[f'{local}-{name}']}"
            node = NamedNode(
                f"{self.event.value}/fact/{suffix if subject == self.event else local + '-' + suffix}"
            )
            self.facts_seen[key] = node
            self.add(node, RDF_TYPE, RDF_STATEMENT)
            self.add(node, RDF_SUBJECT, subject)
            self.add(node, RDF_PREDICATE, p)
            self.add(node, RDF_OBJECT, obj)
        if src is not None:
            self.add(node, PROV_DERIVED, self.source(src))
        return node

    def statement(
        self,
        pid: str,
        value: NamedNode | Literal,
        sources: Iterable[Source],
        node: NamedNode | None = None,
        *,
        rank: NamedNode = WB_NORMAL,
        best: bool = True,
    ) -> NamedNode:
        """A Wikibase statement: ``p:``/``ps:`` node with its rank and references; when it is of
        the best rank among the property's statements (``best``), also typed ``wikibase:BestRank``
        and stated as the ``wdt:`` truthy triple, as Wikidata defines truthy statements."""
        if node is None:
            self.statement_counter[pid] += 1
            node = NamedNode(f"{self.event.value}/statement/{pid}-{self.statement_counter[pid]}")
        if best:
            self.add(self.event, NamedNode(v.WDT + pid), value)
            self.add(node, RDF_TYPE, WB_BEST)
        self.add(self.event, NamedNode(v.P + pid), node)
        self.add(node, RDF_TYPE, WB_STATEMENT)
        self.add(node, WB_RANK, rank)
        self.add(node, NamedNode(v.PS + pid), value)
        for src in sources:
            self.add(node, PROV_DERIVED, self.source(src))
        return node

    # -- the graph ------------------------------------------------------------------------------

    def quads(self) -> list[Quad]:
        f = self.facts
        self.document()
        self.add(self.event, RDF_TYPE, _node(v.EVENT))
        as_war = self.as_war()
        for kind in f.kinds:
            if as_war is None or kind != as_war.kind:
                self.add(self.event, RDF_TYPE, _node(v.CLASSES[kind]))
        if as_war is None:
            self.add(self.event, RDFS_LABEL, Literal(f.title, language="en"))
        else:
            self.entity(as_war)
        for label in f.labels:
            self.add(self.event, SKOS_ALT, Literal(label, language="en"))
        self.add(self.event, PROV_DERIVED, self.doc)
        title = (f.title_source,) if f.title_source else ()
        for i, kind in enumerate(f.kinds):
            qid = self.links.qid(f"class/{kind}")
            sources = f.kind_sources[i] if i < len(f.kind_sources) else title
            self.statement("P31", NamedNode(v.WD + qid) if qid else _node(v.CLASSES[kind]), sources)
        self.dates()
        self.wars()
        self.places()
        self.event_geometry()
        self.sides()
        self.actors()
        self.methods()
        self.casualties()
        self.damage()
        self.kept()
        self.inconsistencies()
        self.entity_descriptions()
        # in the order of their N-Quads lines: fixed, and cheaper to compute than a key of terms
        return sorted(set(self.out), key=str)

    def as_war(self) -> Entity | None:
        """An article about a war describes the node other articles' part-of statements name
        (``event/<slug>``, see ``Gazetteer.war``): its kind and label are that node's shared
        description, in the reference graph or the war's entity graph, stated once there rather than
        again in this article's graph (a triple in two graphs is matched twice through their union)."""
        if "War" not in self.facts.kinds:
            return None
        return Entity(f"event/{self.slug}", "War", self.facts.title)

    def document(self) -> None:
        a = self.article
        doc = self.doc
        self.add(doc, RDF_TYPE, _node(v.SOURCE_DOCUMENT))
        self.add(doc, DCT_TITLE, Literal(a.title, language="en"))
        # as a Wikidata item is described, for the references that say they are stated in it (P248)
        what = source_kind(a.url)
        self.add(doc, RDFS_LABEL, Literal(f"{a.title} ({what})", language="en"))
        self.add(doc, SCHEMA_DESCRIPTION, Literal(what, language="en"))
        if a.url:
            self.add(doc, SCHEMA_URL, NamedNode(a.url))
            self.add(doc, PROV_PRIMARY, NamedNode(a.url))
            if "wikipedia.org/" in a.url:
                self.add(doc, DCT_LICENSE, CC_BY_SA)
        self.add(doc, _node(v.MAPPER_VERSION), Literal(MAPPER_VERSION))
        self.add(doc, _node(v.INPUT_HASH), Literal(input_hash(a.text, self.config)))
        activity = NamedNode(f"{doc.value}/mapping")
        self.add(activity, RDF_TYPE, _node(v.MAPPING_ACTIVITY))
        self.add(activity, PROV_USED, doc)
        self.add(activity, _node(v.MAPPER_VERSION), Literal(MAPPER_VERSION))
        self.add(self.event, PROV_GENERATED, activity)

    def dates(self) -> None:
        f = self.facts
        d = f.date
        if d is None:
            return
        src = [f.date_source] if f.date_source else []
        single = d.end is None and d.precision != "day" or d.end == d.start
        if single and d.end is not None:
            self.fact(v.DATE, _date_literal(d.start), src[0] if src else None)
            self.time_statement("P585", d.start, d.precision, src)
        else:
            self.fact(v.START_DATE, _date_literal(d.start), src[0] if src else None)
            self.time_statement("P580", d.start, _precision(d.start), src)
            if d.end is not None:
                self.fact(v.END_DATE, _date_literal(d.end), src[0] if src else None)
                self.time_statement("P582", d.end, _precision(d.end), src)
        if d.circa:
            self.fact(v.DATE_QUALIFIER, Literal("circa"), src[0] if src else None)
        if d.night_of:
            self.fact(v.DATE_QUALIFIER, Literal("night of"), src[0] if src else None)
        if f.time_of_day:
            tod, tsrc = f.time_of_day
            self.fact(v.TIME_OF_DAY, Literal(tod, datatype=XSD_TIME), tsrc)
            if f.time_approximate:
                self.fact(v.TIME_QUALIFIER, Literal("circa"), tsrc)

    def time_statement(self, pid: str, iso: str, precision: str, sources: list[Source]) -> None:
        padded = (iso + "-01-01")[:10] if len(iso) < 10 else iso
        value = Literal(f"{padded}T00:00:00Z", datatype=XSD_DATETIME)
        node = self.statement(pid, value, sources)
        vnode = NamedNode(f"{node.value}/value")
        self.add(node, NamedNode(v.PSV + pid), vnode)
        self.add(vnode, RDF_TYPE, WB_TIME)
        self.add(vnode, WB_TIME_VALUE, value)
        self.add(vnode, WB_TIME_PRECISION, _int(PRECISION[precision]))
        self.add(vnode, WB_TIME_TZ, _int(0))
        self.add(vnode, WB_CALENDAR, GREGORIAN)

    def wars(self) -> None:
        for m in self.facts.part_of:
            node = self.entity(m.entity, m.surface)
            self.fact(v.PART_OF, node, m.source)
            self.statement("P361", self.view_object(m.entity), [m.source])

    def places(self) -> None:
        f = self.facts
        gaz = self.config.gazetteer
        for m in f.places:
            self.entity(m.entity, m.surface)
        for m in f.locations:
            node = self.entity(m.entity)
            self.fact(v.LOCATION, node, m.source)
            if m.entity.kind == "Site":
                self.fact(v.SITE_PROP, node, m.source)
            self.statement("P276", self.view_object(m.entity), [m.source])
        for m in f.countries:
            node = self.entity(m.entity)
            self.fact(v.IN_COUNTRY, node, m.source)
            self.statement("P17", self.view_object(m.entity), [m.source])
        # containment as the text gives it, in both views; what only the gazetteer knows goes
        # into sev:containedIn alone (the Wikidata view's chain is the text's)
        places = [m.entity for m in f.places]
        named = {p.id for p in places}
        country = next((p for p in reversed(places) if p.kind == "Country"), None)
        done: set[str] = set()
        for i, (inner, outer) in enumerate(zip(places, f.place_parents, strict=True)):
            known = gaz.related(inner.id, "containedIn")
            if known and (outer is None or known[0].id in named):
                outer = known[0]
            if outer is None or inner.id in done:
                continue
            done.add(inner.id)
            self.fact(
                v.CONTAINED_IN,
                self.entity(outer),
                f.places[i].source,
                subject=self.entity(inner),
                state=not known or known[0].id != outer.id,
            )
            if outer.id in named:
                self.add(self.view_object(inner), NamedNode(v.WDT + "P131"), self.view_object(outer))
            if country is not None and inner.kind != "Country":
                self.add(self.view_object(inner), NamedNode(v.WDT + "P17"), self.view_object(country))
        for rel in f.present_containment:
            self.fact(v.CONTAINED_IN, self.entity(rel.object), rel.source, subject=self.entity(rel.subject))
            self.add(self.view_object(rel.subject), NamedNode(v.WDT + "P131"), self.view_object(rel.object))
        # a place in a country the article does not name: sev:containedIn only (the view's
        # chain stays the text's, see CORPUS.md)
        for rel in f.implied_containment:
            self.fact(v.CONTAINED_IN, self.entity(rel.object), rel.source, subject=self.entity(rel.subject))

    def event_geometry(self) -> None:
        """Where the infobox puts the event: GeoSPARQL in the ontology view, P625 in the Wikidata view."""
        if self.facts.coordinates is None:
            return
        point, src = self.facts.coordinates
        geometry = self.geometry(self.event, point)
        self.add(geometry, PROV_DERIVED, self.source(src))
        self.statement("P625", wdqs_point(point), [src])

    def geometry(
        self, subject: NamedNode, point: tuple[float, float], graph: NamedNode | None = None
    ) -> NamedNode:
        """``subject geo:hasGeometry [ a geo:Geometry ; geo:asWKT "POINT(lon lat)" ]``."""
        node = NamedNode(f"{subject.value}/geometry")
        self.add(subject, GEO_HAS_GEOMETRY, node, graph)
        self.add(node, RDF_TYPE, GEO_GEOMETRY, graph)
        self.add(node, GEO_AS_WKT, wkt_point(point), graph)
        return node

    def sides(self) -> None:
        for side in self.facts.sides:
            node = NamedNode(f"{self.event.value}/side/{side.number}")
            self.fact(v.HAS_SIDE, node, side.source)
            self.add(node, RDF_TYPE, _node(v.SIDE))
            self.add(node, RDFS_LABEL, Literal(f"{self.facts.title}, side {side.number}", language="en"))
            self.add(node, _node(v.SIDE_NUMBER), _int(side.number))
            for m in side.members:
                actor = self.entity(m.entity, m.surface)
                self.fact(v.HAS_MEMBER, actor, m.source, subject=node)
                self.fact(v.PARTICIPANT, actor, m.source)
                self.statement("P710", self.view_object(m.entity), [m.source])
            for name in side.commanders:
                person = Entity(f"person/{slugify(name)}", "Person", name)
                self.fact(v.COMMANDER, self.entity(person), side.source, subject=node)
            if side.strength:
                self.add(node, _node(v.STRENGTH), Literal(side.strength))

    def actors(self) -> None:
        f = self.facts
        side_actor_ids = {m.entity.id for s in f.sides for m in s.members}
        in_view = set(side_actor_ids)  # participants already stated as wdt:P710 (by sides())
        for m in f.participants:
            self.fact(v.PARTICIPANT, self.entity(m.entity, m.surface), m.source)
            if m.entity.id not in in_view:  # one fact, both views: sev:participant is wdt:P710
                in_view.add(m.entity.id)
                self.statement("P710", self.view_object(m.entity), [m.source])
        for m in f.perpetrators:
            self.fact(v.PERPETRATOR, self.entity(m.entity, m.surface), m.source)
            self.statement("P8031", self.view_object(m.entity), [m.source])
            if m.entity.id not in side_actor_ids:
                self.fact(v.PARTICIPANT, self.entity(m.entity), m.source)
        for m in f.targets:
            self.fact(v.TARGET, self.entity(m.entity, m.surface), m.source)
            self.statement("P533", self.view_object(m.entity), [m.source])
        for m in f.possible_targets:  # hedged: "probably" qualifies the view's statement
            self.fact(v.POSSIBLE_TARGET, self.entity(m.entity, m.surface), m.source)
            node = self.statement("P533", self.view_object(m.entity), [m.source])
            self.add(node, SOURCING_CIRCUMSTANCES, PROBABLY)
        for text, src in f.target_texts:
            self.fact(v.TARGET_DESCRIPTION, Literal(text), src)
        for status, who, src in f.responsibility:
            self.fact(v.RESPONSIBILITY_PROP, _node(v.RESPONSIBILITY[status]), src)
            if who is not None and status == "claimed":
                self.fact(v.CLAIMED_BY, self.entity(who), src)
            if who is not None and status == "denied":
                self.fact(v.DENIED_BY, self.entity(who), src)
        if f.result:
            self.fact(v.RESULT, Literal(f.result[0]), f.result[1])
        gaz = self.config.gazetteer
        for rel in f.relations:
            stated = any(o.id == rel.object.id for o in gaz.related(rel.subject.id, rel.predicate))
            self.fact(
                v.ENTITY_RELATIONS[rel.predicate],
                self.entity(rel.object),
                rel.source,
                subject=self.entity(rel.subject),
                state=not stated,
            )

    def methods(self) -> None:
        for m in self.facts.methods:
            node = self.fact(v.METHOD, self.entity(m.method), m.source)
            if m.count is not None:
                self.add(node, _node(v.METHOD_COUNT), _int(m.count))

    def casualties(self) -> None:
        counters: dict[str, int] = defaultdict(int)
        preferred = preferred_casualties(self.facts.casualties)
        with_preferred = {self.facts.casualties[i].figure.outcome for i in preferred}
        for i, c in enumerate(self.facts.casualties):
            src = c.source
            key = f"{'infobox' if src.kind == 'infobox' else 'sentence'}-{src.ordinal}"
            counters[key] += 1
            node = NamedNode(f"{self.event.value}/casualties/{key}-{counters[key]}")
            if i in preferred:
                self.casualty(node, c, rank=WB_PREFERRED, best=True)
            else:
                self.casualty(node, c, rank=WB_NORMAL, best=c.figure.outcome not in with_preferred)

    def casualty(self, node: NamedNode, c: CasualtyFact, *, rank: NamedNode, best: bool) -> None:
        fig = c.figure
        n = fig.count
        self.add(self.event, _node(v.CASUALTY_REPORT_PROP), node)
        self.add(node, RDF_TYPE, _node(v.CASUALTY_REPORT))
        self.add(node, _node(v.REPORT_OUTCOME), _node(v.OUTCOMES[fig.outcome]))
        if n.exact is not None:
            self.add(node, _node(v.COUNT), _int(n.exact))
        if n.low is not None:
            self.add(node, _node(v.MIN_COUNT), _int(n.low))
        if n.high is not None:
            self.add(node, _node(v.MAX_COUNT), _int(n.high))
        if c.victim_group:
            self.add(node, _node(v.VICTIM_GROUP_PROP), _node(v.VICTIM_GROUPS[c.victim_group]))
        if fig.victim_text:
            self.add(node, _node(v.VICTIM_DESCRIPTION), Literal(fig.victim_text))
        if c.side is not None:
            self.add(node, _node(v.SUFFERED_BY), NamedNode(f"{self.event.value}/side/{c.side}"))
        for member in c.members:
            self.add(node, _node(v.SUFFERED_BY_MEMBER), self.entity(member))
        if c.according_to is not None:
            self.add(node, _node(v.ACCORDING_TO), self.entity(c.according_to))
        self.add(node, _node(v.REPORTED_TEXT), Literal(fig.text))
        label = f"{n.describe()} {fig.outcome}" + (f" ({c.victim_group})" if c.victim_group else "")
        self.add(node, RDFS_LABEL, Literal(label, language="en"))
        self.add(node, PROV_DERIVED, self.source(c.source))
        # the same node is the Wikibase statement of the view
        pid = OUTCOME_PROPERTY.get(fig.outcome)
        if pid is None:
            return
        value = Literal(str(n.value), datatype=XSD_DECIMAL)
        self.statement(pid, value, [], node=node, rank=rank, best=best)
        vnode = NamedNode(f"{node.value}/value")
        self.add(node, NamedNode(v.PSV + pid), vnode)
        self.add(vnode, RDF_TYPE, WB_QUANTITY)
        self.add(vnode, WB_AMOUNT, value)
        if n.exact is None and n.low is not None:
            self.add(vnode, WB_LOWER, Literal(str(n.low), datatype=XSD_DECIMAL))
        if n.exact is None and n.high is not None:
            self.add(vnode, WB_UPPER, Literal(str(n.high), datatype=XSD_DECIMAL))
        self.add(vnode, NamedNode(v.WIKIBASE + "quantityUnit"), NamedNode(v.WD + "Q199"))
        if c.victim_group:
            group_qid = self.links.qid(f"group/{c.victim_group}")
            self.add(
                node,
                NamedNode(v.PQ + "P518"),
                NamedNode(v.WD + group_qid) if group_qid else _node(v.VICTIM_GROUPS[c.victim_group]),
            )
        if c.members:
            for member in c.members:
                self.add(node, NamedNode(v.PQ + "P710"), self.view_object(member))
        elif c.side is not None:
            for side in self.facts.sides:
                if side.number == c.side:
                    for m in side.members:
                        self.add(node, NamedNode(v.PQ + "P710"), self.view_object(m.entity))
        if c.according_to is not None:
            self.add(node, NamedNode(v.PQ + "P3680"), self.view_object(c.according_to))

    def damage(self) -> None:
        for i, d in enumerate(self.facts.damage, start=1):
            node = NamedNode(f"{self.event.value}/damage/{i}")
            self.add(self.event, _node(v.DAMAGE_REPORT_PROP), node)
            self.add(node, RDF_TYPE, _node(v.DAMAGE_REPORT))
            if d.count.exact is not None:
                self.add(node, _node(v.COUNT), _int(d.count.exact))
            if d.count.low is not None:
                self.add(node, _node(v.MIN_COUNT), _int(d.count.low))
            if d.count.high is not None:
                self.add(node, _node(v.MAX_COUNT), _int(d.count.high))
            self.add(node, _node(v.DAMAGED_OBJECT), Literal(d.object))
            self.add(node, RDFS_LABEL, Literal(f"{d.count.describe()} {d.object} damaged", language="en"))
            self.add(node, PROV_DERIVED, self.source(d.source))

    def kept(self) -> None:
        for k in self.facts.kept:
            self.fact(v.INFOBOX_STATEMENT, self.source(k.source), k.source)

    def inconsistencies(self) -> None:
        for i, inc in enumerate(self.facts.inconsistencies, start=1):
            node = NamedNode(f"{self.event.value}/inconsistency/{i}")
            self.add(self.event, _node(v.INCONSISTENCY_PROP), node)
            self.add(node, RDF_TYPE, _node(v.INCONSISTENCY))
            self.add(node, _node(v.MESSAGE), Literal(inc.message, language="en"))
            for src in inc.sources:
                self.add(node, _node(v.CONCERNS), self.source(src))

    def entity_descriptions(self) -> None:
        """Describe the entities the article names. A gazetteer entity is described once, in the
        reference graph; here only the names the article uses for it that the gazetteer lacks.
        Another entity's kind, label and Wikidata link go to its own entity graph (shared by the
        articles that name it alike, see :func:`entity_graph_iri`), which the article graph points
        to with ``sev:describedIn``; the names this article uses stay in the article graph."""
        known = self.config.reference_entities
        for eid, e in sorted(self.entities.items()):
            node = self.iri(eid)
            if eid in known:
                ref = known[eid]
                for alias in sorted(self.aliases[eid] | set(e.aliases)):
                    if alias != ref.label and alias not in ref.aliases:
                        self.add(node, SKOS_ALT, Literal(alias, language="en"))
                if e.coordinates is not None:  # GeoNames' point for a gazetteer place
                    self.geometry(node, e.coordinates)
                    self.add(self.view_object(e), WDT_P625, wdqs_point(e.coordinates))
                continue
            described = entity_graph_iri(self.base, e)
            self.add(node, _node(v.DESCRIBED_IN), described)
            self.add(node, RDF_TYPE, _node(v.CLASSES[e.kind]), described)
            self.add(node, RDFS_LABEL, Literal(e.label, language="en"), described)
            for alias in sorted(self.aliases[eid] | set(e.aliases)):
                if alias != e.label:
                    self.add(node, SKOS_ALT, Literal(alias, language="en"))
            if e.coordinates is not None:  # the world gazetteer's, so the same in every article
                self.geometry(node, e.coordinates, described)
                self.add(self.view_object(e), WDT_P625, wdqs_point(e.coordinates), described)
            qid = self.links.qid(eid)
            if qid:
                wd = NamedNode(v.WD + qid)
                self.add(node, OWL_SAME, wd, described)
                self.add(node, SKOS_EXACT, wd, described)
                # kind and label only: the entity graph is shared by the articles that name it alike
                for p, o in item_description(Entity(e.id, e.kind, e.label), []):
                    self.add(wd, p, o, described)


GEO_HAS_GEOMETRY = NamedNode(v.GEO + "hasGeometry")
GEO_GEOMETRY = NamedNode(v.GEO + "Geometry")
GEO_AS_WKT = NamedNode(v.GEO + "asWKT")
GEO_WKT_LITERAL = NamedNode(v.GEO + "wktLiteral")
WDT_P625 = NamedNode(v.WDT + "P625")


def _degrees(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def wkt_point(point: tuple[float, float]) -> Literal:
    """GeoSPARQL's WKT for a (latitude, longitude): ``POINT(longitude latitude)``."""
    lat, lon = point
    return Literal(f"POINT({_degrees(lon)} {_degrees(lat)})", datatype=GEO_WKT_LITERAL)


def wdqs_point(point: tuple[float, float]) -> Literal:
    """A coordinate location as WDQS writes ``wdt:P625``: ``Point(longitude latitude)``."""
    lat, lon = point
    return Literal(f"Point({_degrees(lon)} {_degrees(lat)})", datatype=GEO_WKT_LITERAL)


def preferred_casualties(casualties: Sequence[CasualtyFact]) -> set[int]:
    """Which casualty reports are the preferred-rank statement of their outcome (P1120 deaths,
    P1339 injured, P1446 missing): the event's total, one per outcome. The total is, in this
    order, a figure the infobox marks as a total ("Total: 149 killed"); an infobox figure of
    unspecified people on no side ("Deaths 28", "60 injured"); a lead sentence's figure of that
    kind ("killing thirteen people"); within a tier, the first in the article. Reports of one side,
    of one group (civilians, soldiers, militants) or attributed to a source are never the total:
    they stay normal-rank statements with their qualifiers. With no total, no report is preferred
    and all are of the best rank, as on Wikidata."""

    def tier(c: CasualtyFact) -> int | None:
        fig = c.figure
        if c.side is not None or c.according_to is not None:
            return None
        if c.victim_group not in (None, "people") and not fig.total:
            return None
        if c.source.kind == "infobox":
            return 0 if fig.total else 1
        if c.source.section is None:  # the lead
            return 2
        return None

    best: dict[str, tuple[int, int]] = {}
    for i, c in enumerate(casualties):
        t = tier(c)
        if t is None or c.figure.outcome not in OUTCOME_PROPERTY:
            continue
        key = (t, i)
        if c.figure.outcome not in best or key < best[c.figure.outcome]:
            best[c.figure.outcome] = key
    return {i for _t, i in best.values()}


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD_INTEGER)


def _precision(iso: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(iso), "day")


def _date_literal(iso: str) -> Literal:
    dtype = {10: XSD_DATE, 7: XSD_GYEARMONTH, 4: XSD_GYEAR}[len(iso)]
    return Literal(iso, datatype=dtype)


__all__ = [
    "MAPPER_VERSION",
    "MapperConfig",
    "entity_graph_iri",
    "entity_graph_prefix",
    "graph_iri",
    "input_hash",
    "map_article",
    "map_text",
    "reference_graph_iri",
    "reference_quads",
    "with_reference",
]
