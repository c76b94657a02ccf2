"""IRIs of every vocabulary the mapper writes: our ontology (``sev:``) and the borrowed ones.

This module is the contract between the mapper, the ontology files under ``ontology/``, the
SHACL shapes and the named queries: a term used anywhere must be declared here and defined in
``ontology/sevare.ttl``.
"""

from __future__ import annotations

from typing import Final

ONTOLOGY: Final = "https://w3id.org/sevare-kg/ontology#"
ONTOLOGY_GRAPH_IRI: Final = ONTOLOGY.rstrip("#")  # the ontology IRI also names the graph holding it
DEFAULT_BASE: Final = "https://w3id.org/sevare-kg/"

RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
OWL: Final = "http://www.w3.org/2002/07/owl#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
PROV: Final = "http://www.w3.org/ns/prov#"
DCTERMS: Final = "http://purl.org/dc/terms/"
SCHEMA: Final = "http://schema.org/"
SEM: Final = "http://semanticweb.cs.vu.nl/2009/11/sem/"

# Wikibase RDF (https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format)
WD: Final = "http://www.wikidata.org/entity/"
WDT: Final = "http://www.wikidata.org/prop/direct/"
P: Final = "http://www.wikidata.org/prop/"
PS: Final = "http://www.wikidata.org/prop/statement/"
PSV: Final = "http://www.wikidata.org/prop/statement/value/"
PQ: Final = "http://www.wikidata.org/prop/qualifier/"
PR: Final = "http://www.wikidata.org/prop/reference/"
WIKIBASE: Final = "http://wikiba.se/ontology#"
# the rest of what the Wikidata Query Service predeclares (queries pasted from it have no PREFIX lines)
WDS: Final = "http://www.wikidata.org/entity/statement/"
WDV: Final = "http://www.wikidata.org/value/"
WDREF: Final = "http://www.wikidata.org/reference/"
PQV: Final = "http://www.wikidata.org/prop/qualifier/value/"
PRV: Final = "http://www.wikidata.org/prop/reference/value/"
BD: Final = "http://www.bigdata.com/rdf#"
GEO: Final = "http://www.opengis.net/ont/geosparql#"

# The one prefix table: written in RDF exports, offered by the editor, and predeclared for every query
# and update (as on the Wikidata Query Service: a query's own PREFIX line wins).
PREFIXES: Final[dict[str, str]] = {
    "sev": ONTOLOGY,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "sem": SEM,
    "wd": WD,
    "wdt": WDT,
    "p": P,
    "ps": PS,
    "psv": PSV,
    "pq": PQ,
    "pr": PR,
    "wikibase": WIKIBASE,
    "wds": WDS,
    "wdv": WDV,
    "wdref": WDREF,
    "pqv": PQV,
    "prv": PRV,
    "bd": BD,
    "geo": GEO,
}


def sev(local: str) -> str:
    return ONTOLOGY + local


# --- classes -------------------------------------------------------------------------------
EVENT = sev("Event")  # any armed-violence event
ATTACK = sev("Attack")
BOMBING = sev("Bombing")
SUICIDE_BOMBING = sev("SuicideBombing")
BATTLE = sev("Battle")
MASSACRE = sev("Massacre")
WAR = sev("War")  # a war, insurgency or campaign an event is part of

ACTOR = sev("Actor")
ARMED_GROUP = sev("ArmedGroup")
STATE_FORCE = sev("StateForce")
INTERNATIONAL_MISSION = sev("InternationalMission")
GOVERNMENT = sev("Government")
ORGANIZATION = sev("Organization")  # any other organisation (NGO, hospital, news agency)
PERSON = sev("Person")

PLACE = sev("Place")
COUNTRY = sev("Country")
REGION = sev("Region")
SETTLEMENT = sev("Settlement")
SITE = sev("Site")  # an airport, a base, a hotel, a mall

SIDE = sev("Side")  # one belligerent column of an event's infobox
CASUALTY_REPORT = sev("CasualtyReport")
DAMAGE_REPORT = sev("DamageReport")
OUTCOME = sev("Outcome")  # killed / injured / missing / captured
VICTIM_GROUP = sev("VictimGroup")  # civilians / soldiers / militants / peacekeepers / people
ATTACK_METHOD = sev("AttackMethod")  # a method or weapon: car bomb, suicide bombing, drone
RESPONSIBILITY_STATUS = sev("ResponsibilityStatus")  # claimed / unclaimed / denied

SOURCE_DOCUMENT = sev("SourceDocument")
INFOBOX_FIELD = sev("InfoboxField")
SENTENCE = sev("Sentence")
MAPPING_ACTIVITY = sev("MappingActivity")
INCONSISTENCY = sev("Inconsistency")

# the classes by local name: an extracted kind ("Attack", "Settlement") is one of these
CLASSES: Final[dict[str, str]] = {
    iri.removeprefix(ONTOLOGY): iri
    for iri in (
        EVENT,
        ATTACK,
        BOMBING,
        SUICIDE_BOMBING,
        BATTLE,
        MASSACRE,
        WAR,
        ACTOR,
        ARMED_GROUP,
        STATE_FORCE,
        INTERNATIONAL_MISSION,
        GOVERNMENT,
        ORGANIZATION,
        PERSON,
        PLACE,
        COUNTRY,
        REGION,
        SETTLEMENT,
        SITE,
        SIDE,
        CASUALTY_REPORT,
        DAMAGE_REPORT,
        OUTCOME,
        VICTIM_GROUP,
        ATTACK_METHOD,
        RESPONSIBILITY_STATUS,
        SOURCE_DOCUMENT,
        INFOBOX_FIELD,
        SENTENCE,
        MAPPING_ACTIVITY,
        INCONSISTENCY,
    )
}

# --- individuals ---------------------------------------------------------------------------
KILLED = sev("killed")
INJURED = sev("injured")
MISSING = sev("missing")
CAPTURED = sev("captured")
OUTCOMES: Final[dict[str, str]] = {
    "killed": KILLED,
    "injured": INJURED,
    "missing": MISSING,
    "captured": CAPTURED,
}

VICTIM_GROUPS: Final[dict[str, str]] = {
    name: sev(name) for name in ("civilians", "soldiers", "militants", "peacekeepers", "police", "people")
}

CLAIMED = sev("claimed")
UNCLAIMED = sev("unclaimed")
DENIED = sev("denied")
RESPONSIBILITY: Final[dict[str, str]] = {"claimed": CLAIMED, "unclaimed": UNCLAIMED, "denied": DENIED}

# --- properties: event ---------------------------------------------------------------------
PART_OF = sev("partOf")  # event -> war
LOCATION = sev("location")  # event -> most specific place(s)
SITE_PROP = sev("site")  # event -> specific site (airport, base)
IN_COUNTRY = sev("country")  # event or place -> country
START_DATE = sev("startDate")
END_DATE = sev("endDate")
DATE = sev("date")  # single day / month / year (typed literal keeps the precision)
TIME_OF_DAY = sev("timeOfDay")  # xsd:time, local time as given in the text
DATE_QUALIFIER = sev("dateQualifier")  # "circa", "night of"
TIME_QUALIFIER = sev("timeQualifier")  # "circa": "around 5am"
HAS_SIDE = sev("hasSide")
PARTICIPANT = sev("participant")  # event -> any actor of any side or named in prose
PERPETRATOR = sev("perpetrator")
TARGET = sev("target")  # actor or place targeted
POSSIBLE_TARGET = sev("possibleTarget")  # a hedged target: "were likely targeting X"
TARGET_DESCRIPTION = sev("targetDescription")  # free-text target from the infobox
METHOD = sev("method")  # event -> AttackMethod
METHOD_COUNT = sev("methodCount")  # e.g. three car bombs -> on the qualified node
RESPONSIBILITY_PROP = sev("responsibility")
CLAIMED_BY = sev("claimedBy")
DENIED_BY = sev("deniedBy")
RESULT = sev("result")  # infobox Result, as text
CASUALTY_REPORT_PROP = sev("casualtyReport")
DAMAGE_REPORT_PROP = sev("damageReport")
INFOBOX_STATEMENT = sev("infoboxStatement")  # unknown keys and unparsed values, kept verbatim
INCONSISTENCY_PROP = sev("inconsistency")

# --- properties: sides, actors, places -----------------------------------------------------
SIDE_NUMBER = sev("sideNumber")
HAS_MEMBER = sev("hasMember")
COMMANDER = sev("commander")
STRENGTH = sev("strength")  # text
MEMBER_OF = sev("memberOf")  # actor -> actor (Katiba Macina is part of JNIM)
AFFILIATED_WITH = sev("affiliatedWith")  # actor -> actor (JNIM affiliated with al-Qaeda)
CONTAINED_IN = sev("containedIn")  # place -> enclosing place (transitive)
# the relations between entities by local name, as the gazetteer and the extractor name them
ENTITY_RELATIONS: Final[dict[str, str]] = {
    "memberOf": MEMBER_OF,
    "affiliatedWith": AFFILIATED_WITH,
    "containedIn": CONTAINED_IN,
}

# --- properties: casualty reports ----------------------------------------------------------
REPORT_OUTCOME = sev("outcome")
COUNT = sev("count")  # exact figure
MIN_COUNT = sev("minCount")  # lower bound ("at least 40", "15+", range low)
MAX_COUNT = sev("maxCount")  # upper bound (range high)
VICTIM_GROUP_PROP = sev("victimGroup")
VICTIM_DESCRIPTION = sev("victimDescription")  # the surface text: "Malian soldiers"
SUFFERED_BY = sev("sufferedBy")  # report -> Side
SUFFERED_BY_MEMBER = sev("sufferedByMember")  # report -> the side's member its victims are
ACCORDING_TO = sev("accordingTo")  # report -> Actor making the claim
REPORTED_TEXT = sev("reportedText")  # the value or phrase as written
DAMAGED_OBJECT = sev("damagedObject")  # text: "buildings"

# --- properties: provenance ----------------------------------------------------------------
KEY = sev("key")  # infobox key, e.g. Casualties2
SAID_BY = sev("saidBy")  # sentence -> who it is attributed to, as written ("Residents of Sevare")
VALUE_TEXT = sev("valueText")
ORDINAL = sev("ordinal")  # position of a field / sentence in the document
LINE = sev("line")
BEGIN_INDEX = sev("beginIndex")  # character offsets into the article text
END_INDEX = sev("endIndex")
TEXT = sev("text")
SECTION = sev("section")  # sentence -> section title
IN_DOCUMENT = sev("inDocument")  # infobox field / sentence -> source document
MAPPER_VERSION = sev("mapperVersion")
INPUT_HASH = sev("inputHash")
DESCRIBED_IN = sev("describedIn")  # entity outside the gazetteer -> the graph with its kind and label
MESSAGE = sev("message")  # inconsistency description
CONCERNS = sev("concerns")  # inconsistency -> report(s)
