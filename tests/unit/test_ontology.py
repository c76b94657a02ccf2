"""The ontology files under ``ontology/`` agree with ``sevare_kg.rdf.vocab`` and are well-formed.

* ``sevare.ttl`` parses (rdflib and Oxigraph), is an ``owl:Ontology`` and declares every ``sev:``
  term of the vocabulary with an English label and definition, and no other ``sev:`` term;
* ``shapes.ttl`` is a usable SHACL shapes graph: a small conforming graph passes and a small
  broken one fails with the expected violations;
* ``context.jsonld`` is a valid JSON-LD 1.1 context that expands to the expected triples.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from cli_support import CORPUS_DEV, CORPUS_WORLD, SEVARE
from rdflib import BNode, Graph, Literal, Namespace, URIRef

import sevare_kg
from sevare_kg.rdf import vocab
from sevare_kg.rdf.mapper import MapperConfig, map_text, with_reference

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
SEVARE_TTL = ONTOLOGY_DIR / "sevare.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT = ONTOLOGY_DIR / "context.jsonld"
ONTOLOGY_IRI = URIRef("https://w3id.org/sevare-kg/ontology")

# Open namespaces (not rdflib's closed ones, which warn when pytest inspects the module).
RDF = Namespace(vocab.RDF)
RDFS = Namespace(vocab.RDFS)
XSD = Namespace(vocab.XSD)
OWL = Namespace(vocab.OWL)
SKOS = Namespace(vocab.SKOS)
SH = Namespace("http://www.w3.org/ns/shacl#")
SEV = Namespace(vocab.ONTOLOGY)
PROV = Namespace(vocab.PROV)
DCTERMS = Namespace(vocab.DCTERMS)
SCHEMA = Namespace(vocab.SCHEMA)
P = Namespace(vocab.P)
PS = Namespace(vocab.PS)
PSV = Namespace(vocab.PSV)
PQ = Namespace(vocab.PQ)
PR = Namespace(vocab.PR)
WIKIBASE = Namespace(vocab.WIKIBASE)


def vocab_terms() -> set[URIRef]:
    """Every ``sev:`` IRI that vocab.py exposes, as module constants or dict values."""
    terms: set[str] = set()
    for name, value in vars(vocab).items():
        if name.startswith("_"):
            continue
        values = value.values() if isinstance(value, dict) else [value]
        for v in values:
            if isinstance(v, str) and v.startswith(vocab.ONTOLOGY) and v != vocab.ONTOLOGY:
                terms.add(v)
    return {URIRef(t) for t in terms}


def sev_terms_in(graph: Graph) -> set[URIRef]:
    used: set[URIRef] = set()
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef) and str(node).startswith(vocab.ONTOLOGY):
                used.add(node)
    return used


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(SEVARE_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


# --- sevare.ttl ------------------------------------------------------------------------------


def test_ontology_parses_with_rdflib_and_oxigraph(ontology: Graph) -> None:
    assert len(ontology) > 100
    quads = list(pyoxigraph.parse(path=str(SEVARE_TTL), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(ontology)


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal(sevare_kg.__version__)
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("sevare-kg")
    assert ontology.value(ONTOLOGY_IRI, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")) == (
        Literal("sev")
    )


def test_vocab_terms_are_found() -> None:
    terms = vocab_terms()
    assert URIRef(vocab.EVENT) in terms
    assert URIRef(vocab.KILLED) in terms
    assert {URIRef(v) for v in vocab.VICTIM_GROUPS.values()} <= terms
    assert len(terms) > 90


@pytest.mark.parametrize("term", sorted(vocab_terms()), ids=lambda t: t.split("#")[-1])
def test_every_vocab_term_is_declared(ontology: Graph, term: URIRef) -> None:
    declared = set(ontology.objects(term, RDF.type))
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    assert declared & kinds, f"{term} is not declared as a class, property or individual"
    labels = [o for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
    assert len(labels) == 1, f"{term} needs exactly one @en rdfs:label"
    definitions = [
        o for o in ontology.objects(term, SKOS.definition) if isinstance(o, Literal) and o.language == "en"
    ]
    assert len(definitions) == 1, f"{term} needs exactly one @en skos:definition"
    assert len(str(definitions[0]).split()) >= 4, f"{term}: definition too short"


def test_declaration_kinds_match_vocab(ontology: Graph) -> None:
    for iri in [vocab.OUTCOMES, vocab.VICTIM_GROUPS, vocab.RESPONSIBILITY]:
        for term in iri.values():
            assert (URIRef(term), RDF.type, OWL.NamedIndividual) in ontology
    for term in vocab.OUTCOMES.values():
        assert (URIRef(term), RDF.type, SEV.Outcome) in ontology
    for term in vocab.VICTIM_GROUPS.values():
        assert (URIRef(term), RDF.type, SEV.VictimGroup) in ontology
    for term in vocab.RESPONSIBILITY.values():
        assert (URIRef(term), RDF.type, SEV.ResponsibilityStatus) in ontology
    assert (SEV.containedIn, RDF.type, OWL.TransitiveProperty) in ontology
    assert (SEV.memberOf, RDFS.subPropertyOf, SEV.affiliatedWith) in ontology


def test_class_hierarchy(ontology: Graph) -> None:
    expected = {
        SEV.Attack: SEV.Event,
        SEV.Battle: SEV.Event,
        SEV.Massacre: SEV.Event,
        SEV.Bombing: SEV.Attack,
        SEV.SuicideBombing: SEV.Bombing,
        SEV.ArmedGroup: SEV.Actor,
        SEV.StateForce: SEV.Actor,
        SEV.InternationalMission: SEV.Actor,
        SEV.Government: SEV.Actor,
        SEV.Organization: SEV.Actor,
        SEV.Person: SEV.Actor,
        SEV.Country: SEV.Place,
        SEV.Region: SEV.Place,
        SEV.Settlement: SEV.Place,
        SEV.Site: SEV.Place,
        SEV.SourceDocument: PROV.Entity,
        SEV.CasualtyReport: PROV.Entity,
        SEV.MappingActivity: PROV.Activity,
    }
    for sub, sup in expected.items():
        assert (sub, RDFS.subClassOf, sup) in ontology, f"{sub} ⊑ {sup} missing"


def test_wikidata_alignment_uses_only_verified_ids(ontology: Graph) -> None:
    allowed_q = {
        "Q1174599", "Q2223653", "Q178561", "Q3199915", "Q891854", "Q18493502",
        "Q217327", "Q350604", "Q245016", "Q1248784", "Q4991371",
    }  # fmt: skip
    allowed_p = {
        "P31", "P361", "P276", "P17", "P131", "P585", "P580", "P582", "P710", "P8031",
        "P533", "P1120", "P1339", "P1446", "P3680", "P518", "P854", "P625",
    }  # fmt: skip
    for node in sev_terms_in(ontology) | {n for t in ontology for n in t if isinstance(n, URIRef)}:
        s = str(node)
        if s.startswith(vocab.WD):
            assert s.removeprefix(vocab.WD) in allowed_q | allowed_p, s
        for ns in (vocab.WDT, vocab.PQ, vocab.PS, vocab.PSV, vocab.PR):
            if s.startswith(ns):
                assert s.removeprefix(ns) in allowed_p, s
    # Wikidata items are never used as OWL classes (class membership there is wdt:P31).
    for _, pred, obj in ontology:
        if pred in (RDFS.subClassOf, OWL.equivalentClass):
            assert not str(obj).startswith(vocab.WD), obj


@pytest.mark.parametrize("path", [SEVARE_TTL, SHAPES_TTL], ids=["sevare.ttl", "shapes.ttl"])
def test_no_stray_sev_terms(path: Path) -> None:
    used = sev_terms_in(Graph().parse(path, format="turtle"))
    stray = used - vocab_terms()
    assert not stray, f"sev: terms not in vocab.py: {sorted(stray)}"


def test_every_sev_term_the_mapper_writes_is_declared(ontology: Graph) -> None:
    """Over the dev corpora and the Sévaré article, their reference graph included, each ``sev:`` term
    the mapper writes is one of vocab.py's and declared in sevare.ttl (no term made on the fly)."""
    config = MapperConfig()
    texts = [SEVARE, *sorted(CORPUS_DEV.glob("*.txt")), *sorted(CORPUS_WORLD.glob("*.txt"))]
    written: set[URIRef] = set()
    for path in texts:
        quads = with_reference(map_text(path.read_text(encoding="utf-8"), config), config)
        for q in quads:
            for term in (q.subject, q.predicate, q.object):
                if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(vocab.ONTOLOGY):
                    written.add(URIRef(term.value))
    assert len(written) > 90
    assert written <= vocab_terms(), sorted(written - vocab_terms())
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    undeclared = sorted(t for t in written if not set(ontology.objects(t, RDF.type)) & kinds)
    assert undeclared == []


# --- shapes.ttl ------------------------------------------------------------------------------

PREFIXES = "\n".join(f"@prefix {k}: <{v}> ." for k, v in vocab.PREFIXES.items())

CONFORMING = (
    PREFIXES
    + """
@prefix ex: <https://w3id.org/sevare-kg/test/> .

ex:doc a sev:SourceDocument ;
    dcterms:title "2023 Example bombing" ;
    schema:url <https://en.wikipedia.org/wiki/2023_Example_bombing> ;
    sev:mapperVersion "0.1.0" ;
    sev:inputHash "sha256:00ff" .

ex:field a sev:InfoboxField , wikibase:Reference ;
    sev:key "casualties1" ; sev:valueText "12–15 killed" ;
    sev:inDocument ex:doc ; sev:beginIndex 10 ; sev:endIndex 22 ; sev:ordinal 3 ;
    pr:P854 <https://en.wikipedia.org/wiki/2023_Example_bombing> .

ex:sentence a sev:Sentence ;
    sev:text "Two soldiers were wounded." ; sev:beginIndex 100 ; sev:endIndex 126 ;
    sev:inDocument ex:doc ; sev:section "Attack" .

ex:war a sev:War ; rdfs:label "Mali War"@en ; sev:startDate "2012-01-16"^^xsd:date .
ex:mali a sev:Country ; rdfs:label "Mali"@en .
ex:gao a sev:Settlement ; rdfs:label "Gao"@en ; sev:containedIn ex:mali ; sev:country ex:mali .
ex:base a sev:Site ; rdfs:label "Gao military base"@en ; skos:altLabel "Camp Gao" ;
    sev:containedIn ex:gao .
ex:jnim a sev:ArmedGroup ; rdfs:label "JNIM"@en ; skos:altLabel "Jama'at Nusrat al-Islam wal-Muslimin"@en .
ex:fama a sev:StateForce ; rdfs:label "Malian Armed Forces"@en .

ex:side1 a sev:Side ; sev:sideNumber 1 ; sev:hasMember ex:jnim .
ex:side2 a sev:Side ; sev:sideNumber 2 ; sev:hasMember ex:fama .

ex:event a sev:SuicideBombing ;
    rdfs:label "2023 Example bombing"@en ;
    sev:date "2023-05"^^xsd:gYearMonth ;
    sev:partOf ex:war ;
    sev:location ex:base ; sev:site ex:base ; sev:country ex:mali ;
    sev:hasSide ex:side1 , ex:side2 ;
    sev:participant ex:jnim , ex:fama ; sev:perpetrator ex:jnim ;
    sev:responsibility sev:claimed ;
    sev:casualtyReport ex:r1 , ex:r2 ;
    prov:wasDerivedFrom ex:doc ;
    p:P1120 ex:s1 .

ex:r1 a sev:CasualtyReport ;
    sev:outcome sev:killed ; sev:minCount 12 ; sev:maxCount 15 ;
    sev:victimGroup sev:soldiers ; sev:sufferedBy ex:side2 ; sev:accordingTo ex:fama ;
    sev:reportedText "12–15 killed" ;
    prov:wasDerivedFrom ex:field .

ex:r2 a sev:CasualtyReport ;
    sev:outcome sev:injured ; sev:count 2 ; sev:victimGroup sev:soldiers ;
    prov:wasDerivedFrom ex:sentence .

ex:s1 a wikibase:Statement ;
    wikibase:rank wikibase:NormalRank ;
    ps:P1120 "12"^^xsd:decimal ;
    psv:P1120 [ a wikibase:QuantityValue ;
                wikibase:quantityAmount "12"^^xsd:decimal ;
                wikibase:quantityLowerBound "12"^^xsd:decimal ;
                wikibase:quantityUpperBound "15"^^xsd:decimal ] ;
    pq:P518 sev:soldiers ; pq:P710 ex:fama ; pq:P3680 ex:fama ;
    prov:wasDerivedFrom ex:field .
"""
)

NON_CONFORMING = (
    PREFIXES
    + """
@prefix ex: <https://w3id.org/sevare-kg/test/> .

ex:doc a sev:SourceDocument ; dcterms:title "Broken" ; sev:mapperVersion "0.1.0" ; sev:inputHash "x" .
ex:field a sev:InfoboxField ; sev:key "casualties1" ; sev:valueText "?" ; sev:inDocument ex:doc .

# no outcome, minCount > maxCount, negative count
ex:bad a sev:CasualtyReport ;
    sev:minCount 20 ; sev:maxCount 5 ;
    prov:wasDerivedFrom ex:field .

# no figure at all, two outcomes, derived from the document instead of a field or sentence
ex:bad2 a sev:CasualtyReport ;
    sev:outcome sev:killed , sev:injured ;
    prov:wasDerivedFrom ex:doc .

# event: two labels, untagged; a date with time; not derived from a document
ex:event a sev:Attack ;
    rdfs:label "Attack" , "Other label" ;
    sev:date "2023-05-01T10:00:00"^^xsd:dateTime ;
    sev:casualtyReport ex:bad .

ex:side a sev:Side ; sev:sideNumber 0 .

ex:event p:P1120 ex:stmt .
ex:stmt a wikibase:Statement ; ps:P1120 "12"^^xsd:integer .
"""
)


def validate(data_ttl: str, shapes: Graph, ontology: Graph) -> tuple[bool, Graph]:
    data = Graph().parse(data=data_ttl, format="turtle")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    return conforms, report


def violations(report: Graph) -> set[tuple[str, str]]:
    """(focus node local name, result path or source constraint component local name) pairs."""
    out = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        component = report.value(result, SH.sourceConstraintComponent)
        name = str(path if isinstance(path, URIRef) else component)
        out.add((str(focus).rsplit("/", 1)[-1], name.rsplit("#", 1)[-1].rsplit("/", 1)[-1]))
    return out


def test_shapes_graph_is_shacl(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    targets = set(shapes.objects(None, SH.targetClass))
    for cls in (
        SEV.Event, SEV.CasualtyReport, SEV.Side, SEV.Actor, SEV.Place, SEV.War,
        SEV.InfoboxField, SEV.Sentence, SEV.SourceDocument, WIKIBASE.Statement,
    ):  # fmt: skip
        assert cls in targets, f"no shape targets {cls}"
    assert {P.P1120, P.P1339} <= set(shapes.objects(None, SH.targetObjectsOf))
    assert len(node_shapes) >= 10


def test_conforming_graph_passes(shapes: Graph, ontology: Graph) -> None:
    conforms, report = validate(CONFORMING, shapes, ontology)
    assert conforms, report.serialize(format="turtle")


def test_non_conforming_graph_fails(shapes: Graph, ontology: Graph) -> None:
    conforms, report = validate(NON_CONFORMING, shapes, ontology)
    assert not conforms
    found = violations(report)
    expected = {
        ("bad", "outcome"),  # missing outcome
        ("bad", "minCount"),  # minCount > maxCount
        ("bad2", "OrConstraintComponent"),  # no count / minCount / maxCount
        ("bad2", "outcome"),  # two outcomes
        ("bad2", "wasDerivedFrom"),  # not an InfoboxField / Sentence
        ("event", "label"),  # two untagged labels
        ("event", "date"),  # xsd:dateTime is not allowed
        ("event", "wasDerivedFrom"),  # no source document
        ("side", "sideNumber"),  # 0 < 1
        ("stmt", "P1120"),  # ps:P1120 is not xsd:decimal; psv:P1120 missing
        ("stmt", "rank"),  # no wikibase:rank
        ("stmt", "wasDerivedFrom"),  # no reference
    }
    missing = expected - found
    assert not missing, f"expected violations not reported: {sorted(missing)}; got {sorted(found)}"


def test_subclass_targets_are_followed(shapes: Graph, ontology: Graph) -> None:
    """A sev:Battle without label is caught by the sev:Event shape via rdfs:subClassOf."""
    data = PREFIXES + "\n<https://w3id.org/sevare-kg/test/b> a sev:Battle ."
    conforms, report = validate(data, shapes, ontology)
    assert not conforms
    assert ("b", "label") in violations(report)


# --- context.jsonld --------------------------------------------------------------------------


def test_context_is_json_ld_1_1() -> None:
    ctx = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    assert ctx["@version"] == 1.1
    for prefix in (
        "sev", "rdfs", "skos", "prov", "dcterms", "schema", "wd", "wdt", "p", "ps", "psv", "pq", "pr",
        "wikibase", "xsd", "owl",
    ):  # fmt: skip
        assert ctx[prefix] == vocab.PREFIXES[prefix], prefix


def test_context_sev_terms_are_in_vocab() -> None:
    ctx = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    terms = {str(t) for t in vocab_terms()}
    for name, definition in ctx.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if isinstance(iri, str) and iri.startswith("sev:"):
            assert vocab.ONTOLOGY + iri[4:] in terms, f"context term {name} -> {iri} not in vocab.py"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser uses ConjunctiveGraph
def test_context_expands_to_expected_triples() -> None:
    ctx = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    doc = {
        "@context": ctx,
        "@graph": [
            {
                "id": "https://w3id.org/sevare-kg/event/e1",
                "type": ["Bombing"],
                "label": "Example bombing",
                "altLabel": ["Example attack"],
                "date": {"@value": "2023-05", "@type": "xsd:gYearMonth"},
                "partOf": "https://w3id.org/sevare-kg/war/w1",
                "location": "https://w3id.org/sevare-kg/place/gao",
                "hasSide": {
                    "id": "https://w3id.org/sevare-kg/event/e1/side/1",
                    "type": "Side",
                    "sideNumber": 1,
                },
                "casualtyReport": {
                    "id": "https://w3id.org/sevare-kg/event/e1/report/1",
                    "type": "CasualtyReport",
                    "outcome": "sev:killed",
                    "minCount": 12,
                    "maxCount": "15",
                    "victimGroup": "sev:civilians",
                    "derivedFrom": "https://w3id.org/sevare-kg/event/e1/field/casualties1",
                },
            },
            {
                "id": "https://w3id.org/sevare-kg/event/e1/field/casualties1",
                "type": "InfoboxField",
                "key": "casualties1",
                "valueText": "12–15 killed",
                "beginIndex": 10,
                "endIndex": 22,
            },
        ],
    }
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    # Oxigraph's own JSON-LD parser agrees with rdflib.
    ox_triples = pyoxigraph.parse(json.dumps(doc), format=pyoxigraph.RdfFormat.JSON_LD)
    ox_nt = pyoxigraph.serialize(ox_triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert set(Graph().parse(data=ox_nt.decode("utf-8"), format="nt")) == set(g)
    e1 = URIRef("https://w3id.org/sevare-kg/event/e1")
    r1 = URIRef("https://w3id.org/sevare-kg/event/e1/report/1")
    f1 = URIRef("https://w3id.org/sevare-kg/event/e1/field/casualties1")
    side = URIRef("https://w3id.org/sevare-kg/event/e1/side/1")
    expected = {
        (e1, RDF.type, SEV.Bombing),
        (e1, RDFS.label, Literal("Example bombing", lang="en")),
        (e1, SKOS.altLabel, Literal("Example attack", lang="en")),
        (e1, SEV.date, Literal("2023-05", datatype=XSD.gYearMonth)),
        (e1, SEV.partOf, URIRef("https://w3id.org/sevare-kg/war/w1")),
        (e1, SEV.location, URIRef("https://w3id.org/sevare-kg/place/gao")),
        (e1, SEV.hasSide, side),
        (side, RDF.type, SEV.Side),
        (side, SEV.sideNumber, Literal(1, datatype=XSD.integer)),
        (e1, SEV.casualtyReport, r1),
        (r1, RDF.type, SEV.CasualtyReport),
        (r1, SEV.outcome, SEV.killed),
        (r1, SEV.minCount, Literal(12, datatype=XSD.integer)),
        (r1, SEV.maxCount, Literal(15, datatype=XSD.integer)),
        (r1, SEV.victimGroup, SEV.civilians),
        (r1, PROV.wasDerivedFrom, f1),
        (f1, RDF.type, SEV.InfoboxField),
        (f1, SEV.key, Literal("casualties1")),
        (f1, SEV.valueText, Literal("12–15 killed")),
        (f1, SEV.beginIndex, Literal(10, datatype=XSD.integer)),
        (f1, SEV.endIndex, Literal(22, datatype=XSD.integer)),
    }
    assert set(g) == expected, set(g) ^ expected
    assert not any(isinstance(node, BNode) for triple in g for node in triple)
