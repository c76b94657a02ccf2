"""Facts from the article's sentences: who did it, who claimed it, affiliations, methods and
weapons, targets, time of day, who a statement is attributed to. Each fact keeps its sentence.

Rules are general patterns over actor mentions (names from the gazetteer and from the infobox),
never rules for one article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sevare_kg.extraction.article import Sentence
from sevare_kg.extraction.facts import Entity, Source, unique_by_entity
from sevare_kg.extraction.gazetteer import BELLIGERENT, Gazetteer, fold, slugify
from sevare_kg.extraction.values import MONTH_PATTERN, parse_number_word

ATTACK_VERBS = (
    r"attacked|attack|launched|launch|stormed|assaulted|ambushed|raided|overran|overrun|carried out|"
    r"massacred|killed|seized|struck|targeted|besieged|laid\s+siege|bombed|shelled|detonated|opened fire|"
    r"fired\s+(?:on|into|at|upon)|abducted|kidnapped|"
    r"(?:took|held|seized)\s+(?:[\w-]+\s+){0,2}?hostages?"
)
# nouns of an attack whose agent follows "by": "a raid by X", "the mass murder of Y by X"
ATTACK_NOUNS = (
    r"raid|attack|assault|massacre|bombing|killings?|ambush|offensive|murder|slaughter|executions?|"
    r"shooting|bombardment|incursion|punitive\s+expeditions?"
)
# verbs whose agent ("… by X") did it: "carried out by", "perpetrated by", "was planned by"
AGENT_VERBS = (
    r"carried out|perpetrated|committed|conducted|claimed|launched|planned|orchestrated|masterminded"
)
AGENT_NOUNS = (
    r"militants?|jihadists?|fighters?|gunmen|insurgents?|forces|members|mercenaries|rebels|troops|"
    r"soldiers|terrorists|attackers|assailants|group|elements|islamists"
)
# "X launched an investigation", "X carried out a rescue": what was launched is not an attack
NON_ATTACK_OBJECT_RE = re.compile(
    r"\s+(?:an?|the|its|their|his|her)?\s*(?:[\w-]+\s+){0,2}?(?:investigations?|inquir(?:y|ies)|enquir(?:y|ies)|"
    r"probes?|reviews?|appeals?|searche?s?|rescues?|evacuations?|relief|aid|trials?|prosecutions?|"
    r"protests?|statements?|reports?|autops(?:y|ies)|inspections?|negotiations?|talks|fact-finding|"
    r"interviews?|surveys?)\b",
    re.I,
)
NON_ATTACK_BEFORE_RE = re.compile(
    r"\b(?:investigations?|inquir(?:y|ies)|enquir(?:y|ies)|probes?|reviews?|appeals?|searche?s?|rescues?|"
    r"evacuations?|relief|aid|trials?|prosecutions?|autops(?:y|ies)|inspections?|negotiations?|talks|"
    r"interviews?|surveys?)"
    r"\s+(?:(?:was|were|is|are|had been|has been|being|also|later)\s+){0,2}$",
    re.I,
)
BY_STOP_RE = re.compile(
    r"[,;.:]|\s(?:between|in|on|at|during|near|against|after|before|from \d|since|who|which|while|when)\s"
)
GROUP_COREF_RE = re.compile(r"^(?:the (?:group|organi[sz]ation|movement)|it)\b", re.I)

METHODS: tuple[tuple[str, str, str], ...] = (
    # (pattern, id slug, label)
    (
        r"suicide car bomb(?:s|ing|ings)?|vbieds?|vehicle-borne (?:improvised )?(?:explosive devices?|bombs?)|"
        r"explosive-laden vehicles?|vehicle-based bombs?",
        "car-bomb",
        "car bomb",
    ),
    (r"car bomb(?:s|ing|ings)?", "car-bomb", "car bomb"),
    (
        r"suicide bomb(?:ing|ings|ers?)|suicide attacks?|suicide vests?|explosive belts?",
        "suicide-bombing",
        "suicide bombing",
    ),
    (
        r"improvised explosive devices?|\bieds?\b|roadside bombs?|landmines?|mines\b",
        "improvised-explosive-device",
        "improvised explosive device",
    ),
    (r"drones?|unmanned aerial vehicles?|uavs?", "drone", "drone"),
    (
        r"air-?strikes?|air strikes?|air support|aerial bombardment|helicopters? gunships?|fighter jets?",
        "airstrike",
        "airstrike",
    ),
    (r"rockets?|rpgs?|rocket-propelled grenades?", "rocket", "rocket"),
    (r"mortars?|shelling|artillery", "artillery", "artillery"),
    (r"hand grenades?|grenades?", "grenade", "grenade"),
    (
        r"shots were fired|opened fire|gunfire|gunmen|mass shooting|shooting|shot dead|ak-47s?|assault rifles?|firearms?",
        "shooting",
        "shooting",
    ),
    (
        r"arson|set (?:homes |houses |buildings )?(?:ablaze|on fire)|burned|burnt|petrol bombing",
        "arson",
        "arson",
    ),
    (r"hostage[- ]taking|took \w+ hostages|taken hostage|hostages", "hostage-taking", "hostage-taking"),
    (r"ambush(?:ed)?", "ambush", "ambush"),
    (r"siege|besieged", "siege", "siege"),
    (r"kidnapp(?:ing|ed)|abduct(?:ion|ed)", "kidnapping", "kidnapping"),
)


def method_entities() -> list[Entity]:
    """The attack methods and weapons the prose rules know: a fixed vocabulary."""
    seen: dict[str, Entity] = {}
    for _pattern, slug, label in METHODS:
        seen.setdefault(slug, Entity(f"method/{slug}", "AttackMethod", label))
    return list(seen.values())


METHOD_RES = tuple((re.compile(rf"\b(?:{pat})", re.I), slug, label) for pat, slug, label in METHODS)
QUANTITY_RE = re.compile(r"\b(\w+(?:-\w+)?|\d+)\s+(?:suicide\s+)?$", re.I)
MULTIPLIER = {"double": 2, "twin": 2, "triple": 3, "quadruple": 4}

TIME_RE = re.compile(
    r"\b(?P<q>around|about|at|approximately|shortly after|shortly before|before|after|by)?\s*"
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z])|"
    r"\b(?P<q24>around|about|at|approximately)\s+(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b",
    re.I,
)
# the words before a time that make it approximate ("around 5am", "shortly after 10 p.m.")
_APPROXIMATE_TIME = {"around", "about", "approximately", "shortly after", "shortly before"}
# a method named as what stopped or repelled the attack ("the attack had been stopped by drones",
# "drones repelled the attackers") is the defence's means, not the attack's
_DEFENCE_VERBS = (
    r"stopped|repelled|repulsed|thwarted|foiled|halted|intercepted|countered|neutrali[sz]ed|"
    r"pushed\s+back|beaten\s+back|driven\s+off|fought\s+off|stop|stops|repel|repels|thwart|thwarts"
)
_DEFENCE_BEFORE_RE = re.compile(rf"\b(?:{_DEFENCE_VERBS})\s+(?:by|with|using)\s+(?:[\w'-]+\s+){{0,3}}$", re.I)
_DEFENCE_AFTER_RE = re.compile(
    rf"\s+(?:(?:had|have|has|later|then|quickly|eventually)\s+)*(?:{_DEFENCE_VERBS})\b", re.I
)
_TARGET_VERB_RE = re.compile(r"\b(?:targeting|targeted|targetting|aimed at|the target (?:was|were))\s+", re.I)
# a hedge right before the target verb: "were likely targeting X", "may have targeted X"
_HEDGE_RE = re.compile(
    r"\b(?P<hedge>likely|probably|possibly|presumably|apparently|allegedly|reportedly|"
    r"may(?:\s+have)?(?:\s+been)?|might(?:\s+have)?(?:\s+been)?|could\s+have(?:\s+been)?|"
    r"(?:believed|thought|suspected|said)\s+to\s+(?:have\s+)?(?:been\s+)?)\s*$",
    re.I,
)
SPEAKER_VERBS = r"said|says|stated|reported|claimed|announced|told|confirmed|alleged|estimated|added|declared"
_SPEAKER_VERB_RE = re.compile(rf"\s(?:{SPEAKER_VERBS})\b", re.I)
_PASSIVE_END_RE = re.compile(r"\b(?:was|were|is|are|be|been|being)\s*$", re.I)
_SPEAKER_RE = re.compile(
    rf"\b(?P<who>[^,.;]{{2,80}}?)\s+(?:had\s+|has\s+|also\s+|later\s+)?(?:{SPEAKER_VERBS})\b", re.I
)
NO_CLAIM_RE = re.compile(
    r"\bno (?:\w+ )?(?:group|one|organi[sz]ation|party)\b[^.]*?\b(?:has |had |have )?claimed\b", re.I
)
DENY_RE = re.compile(r"\bdenied\s+(?:any\s+)?(?:responsibility|involvement)", re.I)
AFFILIATE_ADJ_RE = re.compile(r"-?\s?(?:affiliated|aligned|linked|backed|allied)\b", re.I)
PART_OF_RE = re.compile(
    r"\b(?:is|was|are|were|became|as)\s+(?:also\s+)?(?:a\s+|an\s+|the\s+)?(?:part|member|faction|branch|"
    r"subsidiary|affiliate|wing|component|constituent|franchise|subgroup)\s+(?:group\s+)?of\b",
    re.I,
)


@dataclass(frozen=True)
class ActorMention:
    entity: Entity
    surface: str
    start: int
    end: int


def sentence_source(s: Sentence) -> Source:
    return Source("sentence", s.ordinal, s.start, s.end, s.text, section=s.section)


class MentionFinder:
    """Finds names of known actors in a sentence: the gazetteer's, plus those the infobox named.

    The gazetteer's names make one large pattern, compiled once per gazetteer and shared by every
    article; the infobox's names make a small one per article. A sentence is scanned as if by one
    pattern over both: the leftmost match wins, the longer one at the same place."""

    def __init__(self, gaz: Gazetteer, extra: Iterable[tuple[str, Entity]] = ()) -> None:
        self.gaz = gaz
        base = _gazetteer_names(gaz)
        names = {name: entity for name, entity in extra if fold(name) not in base.countries}
        self._base = base
        self._extra = _NamePattern(names) if names else None

    def find(self, text: str) -> list[ActorMention]:
        patterns = [p for p in (self._extra, self._base.pattern) if p is not None and p.regex is not None]
        # each pattern's next match at or after pos: searched again only once pos has passed its start
        # (no match can start between pos and it, or the earlier search would have found that one)
        ahead = [p.regex.search(text) for p in patterns]  # type: ignore[union-attr]
        out: list[ActorMention] = []
        pos = 0
        while True:
            best: tuple[int, int, _NamePattern] | None = None
            for i, pattern in enumerate(patterns):
                m = ahead[i]
                if m is not None and m.start() < pos:
                    m = ahead[i] = pattern.regex.search(text, pos)  # type: ignore[union-attr]
                if m and (best is None or (m.start(), -m.end()) < (best[0], -best[1])):
                    best = (m.start(), m.end(), pattern)
            if best is None:
                return out
            start, end, _ = best
            key = fold(text[start:end])
            entity = (
                self._extra.by_fold.get(key) if self._extra else None
            ) or self._base.pattern.by_fold.get(key)
            if entity is not None and not _LONGER_NAME_RE.match(text, end):
                out.append(ActorMention(entity, text[start:end], start, end))
            pos = end if end > start else start + 1


# "the French Army of the Rhine", "the Islamic State – Sahil Province": a known name that a longer
# one goes on from is not that name
_LONGER_NAME_RE = re.compile(r"\s+of\s+the\s+(?-i:[A-Z])|\s*[–-]\s*(?-i:[A-Z])[\w'’-]*\s+Province\b")


class _NamePattern:
    """One alternation over names (and their accent-free variants), longest first; short or
    all-caps names match case-sensitively."""

    def __init__(self, names: dict[str, Entity]) -> None:
        variants: dict[str, Entity] = {}
        for name, entity in names.items():
            variants[name] = entity
            variants.setdefault(_strip_accents(name), entity)
        parts = []
        for name in sorted(variants, key=len, reverse=True):
            escaped = re.escape(name).replace(r"\ ", r"\s+").replace("'", "['’]")
            parts.append(f"(?-i:{escaped})" if name.isupper() or len(name) <= 4 else escaped)
        self.regex = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I) if parts else None
        self.by_fold = {fold(n): e for n, e in variants.items()}


@dataclass
class _GazetteerNames:
    pattern: _NamePattern
    countries: set[str]


_GAZETTEER_NAMES: dict[int, tuple[Gazetteer, int, _GazetteerNames]] = {}


def _gazetteer_names(gaz: Gazetteer) -> _GazetteerNames:
    """The gazetteer's actor names, compiled once per gazetteer object."""
    cached = _GAZETTEER_NAMES.get(id(gaz))
    if cached is not None and cached[0] is gaz and cached[1] == len(gaz.entities):
        return cached[2]
    countries = {fold(e.label) for e in gaz.entities.values() if e.kind == "Country"}
    names: dict[str, Entity] = {}
    for entity in gaz.entities.values():
        if entity.kind in BELLIGERENT or entity.kind == "Organization":
            for name in (entity.label, *entity.aliases):
                # a bare country name in prose is the place, not its army or government
                if fold(name) not in countries and len(fold(name)) >= 2:
                    names.setdefault(name, entity)
    result = _GazetteerNames(_NamePattern(names), countries)
    if len(_GAZETTEER_NAMES) > 8:
        _GAZETTEER_NAMES.clear()
    _GAZETTEER_NAMES[id(gaz)] = (gaz, len(gaz.entities), result)
    return result


def _strip_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# the words that make a capitalised name a group's: "… Front", "… Network", "Lashkar-e-…", "Jaish …"
_GROUP_WORD = (
    r"Front|Network|Movement|Army|Forces|Police|Guards?|Brigades?|Group|Battalions?|Militia|Organi[sz]ation|"
    r"Party|Council|Jihad|Service|"
    r"Mujahideen|Mujahidin|Legion|Tigers|Brotherhood|Alliance|Resistance|Commandos?|Jama'?a[ht]|Jemaah|"
    r"Jamaat|Tehri[kq]|Lashkar|Harakat|Hizb|Ansar|Jaish|Katiba[t]?|Ahrar|Jabhat"
)
_NAME_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’]*(?:-[\w'’]+)*|(?:al|el|ul|e|i|wal|ad|ash|as|an|ar|at)-[\w'’-]+)"
# a capitalised name with a group's word in it, "the" and small words inside ("Army of the South")
# (not "Russian Forces in April": a month is no part of a name; "… for the Protection of Fulani
# Identity and the Restoration of Justice": "and the" goes on a long name that has "of/for the" in it)
_NOT_A_MONTH = rf"(?!(?:{MONTH_PATTERN})\b)"
UNKNOWN_GROUP_RE = re.compile(
    rf"(?<![\w'’-]){_NAME_WORD}(?:\s+(?:(?:of|for|in|on)\s+(?:the\s+)?)?{_NOT_A_MONTH}{_NAME_WORD})*"
)
_AND_THE_GOES_ON_RE = re.compile(rf"\s+and\s+the\s+{_NAME_WORD}(?:\s+(?:of|for)\s+(?:the\s+)?{_NAME_WORD})*")
_GROUP_WORD_RE = re.compile(rf"(?:^|[\s-])(?:{_GROUP_WORD})(?=$|[\s-])")
_DEMONYM_FORCES_RE = re.compile(
    r"(?<![\w-])(?!(?:The|A|An|Some|Many|Several|Local|Security|Government|Foreign)\b)[A-Z][a-z]+"
    # "French and Native American forces": two peoples' forces together
    r"(?:\s+and\s+(?!(?:The|Local|Security|Government|Foreign)\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?"
    r"(?:\s+(?:government|army|security|state|federal|military|separatist|rebel|insurgent|paramilitary|"
    r"special|police|Islamist|militia))?"
    r"\s+(?:forces|troops|soldiers)\b"
)
_FIRST_WORD_AND_RE = re.compile(rf"\b[Tt]he\s+(?P<w>{_NAME_WORD})\s+and\s+$")
_LEADING_SMALL_RE = re.compile(r"^(?:The|A|An|On|In|At|After|When|By)\s+")
# "the U.S. Army in the American Indian Genocide": "in" a war or other event ends the group's name
_IN_AN_EVENT_RE = re.compile(
    r"\s+(?:in|during)\s+(?:the\s+)?[^,;]*?\b(?:Wars?|Genocide|Campaign|Conflict|Insurgency|Crisis|"
    r"Revolution|Rebellion|Uprising|Invasion|Occupation|Offensive|Battle|Siege|Massacre)$"
)


def unknown_group_mentions(text: str, known: list[ActorMention], gaz: Gazetteer) -> list[ActorMention]:
    """Groups the lists do not know, by the words of their names ("the Haqqani Network", "Lashkar-
    e-Taiba", "Liberation Tigers of Tamil Eelam (LTTE)"), where no known name is: candidates for
    who did or claimed an attack, which :func:`find_perpetrators` and :func:`find_responsibility`
    still decide by the sentence's words."""
    taken = [(m.start, m.end) for m in known]
    out: list[ActorMention] = []
    for m in UNKNOWN_GROUP_RE.finditer(text):
        name, start = m.group(), m.start()
        goes_on = _AND_THE_GOES_ON_RE.match(text, m.end()) if re.search(r"\s(?:of|for)\s", name) else None
        if goes_on:
            name += goes_on.group()
        lead = _LEADING_SMALL_RE.match(name)
        if lead:
            name, start = name[lead.end() :], start + lead.end()
        first = _FIRST_WORD_AND_RE.search(text, 0, start)
        if first:  # "the Kanak and Socialist National Liberation Front": one name from "the" on
            name, start = text[first.start("w") : start] + name, first.start("w")
        name = _IN_AN_EVENT_RE.sub("", name)
        end = start + len(name)
        if any(s < end and start < e for s, e in taken):
            continue
        if _GROUP_WORD_RE.search(name) or _named_as_claimer(text, start, end):
            out.append(ActorMention(gaz.actor(name), name, start, end))
            taken.append((start, end))
    for m in _DEMONYM_FORCES_RE.finditer(text):  # "Scottish government forces": a state's, unnamed
        if not any(s < m.end() and m.start() < e for s, e in taken):
            forces = gaz.lookup(m.group(), BELLIGERENT) or Entity(
                f"actor/{slugify(m.group())}", "StateForce", m.group()
            )
            out.append(ActorMention(forces, m.group(), m.start(), m.end()))
    return out


# "X (ABC) later claimed responsibility", "responsibility … was claimed by the X": whoever is named
# there claims it, whatever the words of the name ("Hamas", "the Taliban")
_CLAIMS_AFTER_RE = re.compile(
    r"\s*(?:\([A-Z][\w.&-]*\)\s*)?(?:(?:later|quickly|soon|also|subsequently|has|had|have)\s+)*"
    r"claimed\s+(?:joint\s+|full\s+|collective\s+)?responsibility\b"
)
_CLAIMED_BY_BEFORE_RE = re.compile(r"\bresponsibility\b[^.;]*?\bclaimed\s+by\s+(?:the\s+)?$", re.I)


_NO_NAME_RE = re.compile(r"(?:Nobody|No one|None|No|It|They|He|She|This|That|Someone|Somebody|Anyone)")


def _named_as_claimer(text: str, start: int, end: int) -> bool:
    if _NO_NAME_RE.fullmatch(text[start:end]):
        return False
    return bool(_CLAIMS_AFTER_RE.match(text, end) or _CLAIMED_BY_BEFORE_RE.search(text[:start]))


_KILLED_BY_RE = re.compile(
    r"\b(?:were|was|been)\s+(?:\w+\s+){0,2}?(?:killed|massacred|executed|murdered|slaughtered|"
    r"shot(?:\s+dead)?|gunned\s+down|ambushed|attacked|targeted|bombed|shelled|raided|stormed|overrun|"
    r"besieged|abducted|kidnapped)\s+by\s+(?:the\s+)?",
    re.I,
)
_ATTACKERS_RE = re.compile(
    r"\b(?:attackers?|gunm[ae]n|assailants?|militants?|perpetrators?|bombers?|terrorists?|insurgents?|"
    r"jihadists?|hostage-takers?|kidnappers?|shooters?|raiders?|rebels?|fighters?)\b",
    re.I,
)


# "X forces under the command of Jean-Baptiste Hertel de Rouville attacked": who led them, between
_UNDER_COMMAND = (
    r"(?:,?\s*(?:under\s+the\s+command\s+of|led\s+by|commanded\s+by|headed\s+by)\s+"
    r"(?:(?:General|Colonel|Captain|Major|Lieutenant)\s+)?(?:[A-Z][\w'\u2019.-]*\s+|(?:de|of|the|von|van|al|ibn|bin)\s+)+?"
    r"[A-Z][\w'\u2019.-]*,?\s+)?"
)


def find_perpetrators(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Actors a sentence says carried out an attack: "jihadists from X launched", "X militants
    attacked", "carried out by X and Y", "a raid by rebel X forces". (Claims are
    :func:`find_responsibility`'s: a group that claims an attack is its perpetrator only when
    nothing else names one.)"""
    found: list[ActorMention] = []
    # "by X (and Y)" after an attack word
    for m in re.finditer(
        rf"\b(?:{AGENT_VERBS}|{ATTACK_NOUNS})\s+"
        # "a massacre of Cheyenne and Arapaho people by the U.S. Army": the victims before "by";
        # "an attack on a Malian military base in the town of Dioura, Mali, by X": the target
        rf"(?:of\s+(?:[\w'’-]+\s+){{1,6}}?|on\s+(?:(?!\b(?:claimed|condemned|reported|denied|blamed|by)\b)[^.;]){{1,100}}?,?\s+"
        rf"|(?:\w+\s+){{0,3}}?)by\s+",
        text,
        re.I,
    ):
        if re.match(AGENT_VERBS, m.group(), re.I) and NON_ATTACK_BEFORE_RE.search(text[: m.start()]):
            continue  # "an investigation (was) launched by X"
        stop = BY_STOP_RE.search(text, m.end())
        end = stop.start() if stop else len(text)
        found.extend(x for x in mentions if m.end() <= x.start < end)
    # "30 members of the clan were killed by government forces": the killers, unless those killed
    # were the attackers ("the three gunmen were shot dead by police")
    for m in _KILLED_BY_RE.finditer(text):
        clause = text[max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start())) + 1 : m.start()]
        if _ATTACKERS_RE.search(clause):
            continue
        stop = BY_STOP_RE.search(text, m.end())
        end = stop.start() if stop else len(text)
        found.extend(x for x in mentions if m.end() <= x.start < end)
    # "authorities attributed responsibility for the attack to X", "officials blamed the attack on X":
    # the group those who investigated named (as a "suspected X" row names it)
    for m in _ATTRIBUTED_TO_RE.finditer(text):
        stop = BY_STOP_RE.search(text, m.end())
        end = stop.start() if stop else len(text)
        found.extend(x for x in mentions if m.end() <= x.start < end)
    # "X [(acronym)] [militants] attacked", with coordinated subjects "X and Y attacked"
    for group in _coordinated(text, mentions):
        tail = text[group[-1].end :]
        verb = re.match(
            # (not "X were killed": the passive's subject suffered it)
            rf"\s*\)?\s*(?:\([^)]*\)\s*)?(?:(?:{AGENT_NOUNS})\s+)?{_UNDER_COMMAND}"
            rf"(?:(?!(?:was|were|been|being|is|are|be)\s)\w+\s+)?(?:{ATTACK_VERBS})\b",
            tail,
            re.I,
        )
        if verb and not (
            re.search(r"\b(?:launch\w*|carried out)$", verb.group(), re.I)
            and NON_ATTACK_OBJECT_RE.match(tail, verb.end())
        ):
            found.extend(group)
        elif _APPOSITIVE_OPENS_RE.search(text, 0, group[0].start) and _APPOSITIVE_AGENT_RE.match(tail):
            found.extend(group)  # "members of a movement, the X, killed four gendarmes"
    return unique_by_entity(found)


_ATTRIBUTED_TO_RE = re.compile(
    r"\b(?:attributed|ascribed|blamed|pinned)\s+"
    r"(?:(?:the\s+)?responsibility\s+(?:for\s+(?:the|an?|this|these)\s+(?:[\w-]+\s+){0,2}?\w+\s+)?"
    rf"|(?:the|an?|this|these)\s+(?:[\w-]+\s+){{0,2}}?(?:{ATTACK_NOUNS}|attacks|bombings|killings)\s+"
    r"|(?<=blamed\s)|(?<=pinned\s))"
    r"(?:to|on)\s+(?:the\s+)?",
    re.I,
)
# a name set off by commas after what it names, then the verb: "members of an independence
# movement, the Kanak and Socialist National Liberation Front, killed four gendarmes" (not a
# participle: ", killed by soldiers in 2019")
_APPOSITIVE_OPENS_RE = re.compile(r"[a-z]\s*,\s+the\s+$")
_APPOSITIVE_AGENT_RE = re.compile(rf"\s*(?:\([^)]*\)\s*)?,\s*(?:{ATTACK_VERBS})\b(?!\s+by\b)", re.I)


# "The perpetrator was 24-year-old Tomas Ruvel, a …", "The attackers were identified as A B and C D"
NAMED_PERPETRATOR_RE = re.compile(
    r"\b[Tt]he\s+(?:perpetrators?|attackers?|assailants?|gunm[ae]n|bombers?|shooters?|killers?)\s+"
    r"(?:was|were|is|are)\s+(?:later\s+)?(?:identified\s+as\s+)?"
)
_PERSON_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|al-[\w'’-]+|bin|ibn|de|van|von))*\s+[A-Z][\w'’-]+"
NAMED_RE = re.compile(
    rf"(?:(?:a|an|the)\s+)?(?:\d+-year-old\s+)?"
    rf"(?:(?!(?:by|at|in|on|to|with|from|after|before|not|never)\b)[\w-]+\s+){{0,3}}?"
    rf"(?P<name>{_PERSON_NAME})(?=\s*(?:[,.;:(]|$|\s+and\s|\s+who\b|\s+(?:against|at|in|on|near|during)\s))"
)


# "the blast was planned by the X", "the attack was carried out by A B": the passive's agent did it
# (not "was claimed by": a claim names the perpetrator only when nothing else does)
PASSIVE_AGENT_RE = re.compile(
    r"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?"
    r"(?P<verb>carried out|perpetrated|committed|conducted|planned|orchestrated|masterminded)\s+by\s+",
    re.I,
)


# "a raid by Chechen separatist forces led by Salman Raduyev": who led the attackers
_LED_BY_ATTACKERS_RE = re.compile(
    rf"\b(?:{ATTACK_NOUNS})\s+(?:\w+\s+){{0,3}}?by\s+"
    r"[^.;]{0,80}?\b(?:led|commanded|headed)\s+by\s+",
    re.I,
)


def find_named_perpetrators(text: str) -> list[tuple[str, bool]]:
    """Names the sentence gives as the perpetrator, whether or not any list knows them, each with
    whether it is a group: "The perpetrator was 24-year-old Tomas Ruvel" -> [("Tomas Ruvel",
    False)]; "The perpetrators were members of the X" -> [("X", True)]; "the blast was planned by
    the X Network" -> [("X Network", True)] (a name after "the" is a group's). Not "The
    perpetrator was shot by Officer X" (who acts on the perpetrator is not one), nor "interviews
    were conducted by X" (what was conducted is no attack)."""
    starts = [m.end() for m in NAMED_PERPETRATOR_RE.finditer(text)]
    starts += [m.end() for m in _LED_BY_ATTACKERS_RE.finditer(text)]
    starts += [
        m.end()
        for m in PASSIVE_AGENT_RE.finditer(text)
        if not NON_ATTACK_BEFORE_RE.search(text[: m.start("verb")])
    ]
    names: list[tuple[str, bool]] = []
    for start in sorted(starts):
        names += _names_from(text, start)
    return list(dict.fromkeys(names))


def _names_from(text: str, pos: int) -> list[tuple[str, bool]]:
    """The names listed from ``pos`` on ("A B, C D and E F"), each with whether it is a group's."""
    names: list[tuple[str, bool]] = []
    while True:
        n = NAMED_RE.match(text, pos)
        if not n:
            return names
        group = bool(re.search(r"\b(?:of(?:\s+the)?|the)\s+$", text[pos : n.start("name")], re.I))
        names.append((n.group("name"), group))
        more = re.match(r"\s*(?:,\s*)?and\s+", text[n.end() :])
        if not more:
            return names
        pos = n.end() + more.end()


_JOINED_RE = re.compile(
    r"\s*\(\s*"  # "X (ABC)": the abbreviation after a name
    r"|['\u2019]s\s+"  # "militants from X's Katiba Y laid siege": the unit and the group it belongs to
    r"|\s*\)?\s*(?:\([^)]*\)\s*)?(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?"
    # "… and the ethnic Fula (or Fulani) militant group X": a few words, a bracket, an agent noun
    rf"(?:(?:(?:[\w-]+|\([^)]*\))\s+){{0,4}}?(?:{AGENT_NOUNS}|groups|islamists?)\s+(?:(?:of|from)\s+(?:the\s+)?)?)?",
    re.I,
)


def _coordinated(text: str, mentions: list[ActorMention]) -> list[list[ActorMention]]:
    """Runs of mentions joined by 'and' or commas: [[X, Y], [Z]]; an agent noun may stand before the
    next one ("X (MNLA) and Islamist groups Y and Z", "X and fighters from the Y")."""
    groups: list[list[ActorMention]] = []
    for x in sorted(mentions, key=lambda m: m.start):
        if groups and _JOINED_RE.fullmatch(text[groups[-1][-1].end : x.start]):
            groups[-1].append(x)
        else:
            groups.append([x])
    return groups


def find_responsibility(text: str, mentions: list[ActorMention]) -> list[tuple[str, ActorMention | None]]:
    """("unclaimed", None) for "No group claimed responsibility"; ("claimed", X); ("denied", X)."""
    out: list[tuple[str, ActorMention | None]] = []
    if NO_CLAIM_RE.search(text):
        out.append(("unclaimed", None))
        return out
    claim = re.search(
        r"\bclaimed\s+(?:(?:joint\s+|full\s+|collective\s+)?responsibility|that\s+(?:it|they)\s+(?:had\s+)?carried out)",
        text,
        re.I,
    )
    by_claim = re.search(r"\bresponsibility\b[^.]*?\bclaimed\s+by\s+", text, re.I)
    if by_claim:
        stop = BY_STOP_RE.search(text, by_claim.end())
        end = stop.start() if stop else len(text)
        out.extend(("claimed", m) for m in mentions if by_claim.end() <= m.start < end)
    elif claim:
        groups = [g for g in _coordinated(text, mentions) if g[-1].end <= claim.start()]
        if groups:
            out.extend(("claimed", m) for m in groups[-1])
    deny = DENY_RE.search(text)
    if deny:
        before = [m for m in mentions if m.end <= deny.start()]
        if before:
            out.append(("denied", before[-1]))
    return out


def find_affiliations(
    text: str, mentions: list[ActorMention], previous_subject: ActorMention | None
) -> list[tuple[ActorMention, str, ActorMention]]:
    """(X, "memberOf", Y) for "X is part of Y" / "Y, which X is part of"; (Y, "affiliatedWith", Z)
    for "the Z-affiliated Y". "The group"/"It" at the start refers to the previous sentence's subject."""
    out: list[tuple[ActorMention, str, ActorMention]] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    for m in PART_OF_RE.finditer(text):
        subject = next(
            (x for x in reversed(ordered) if x.end <= m.start() and _close(text, x.end, m.start())), None
        )
        if subject is None and previous_subject is not None and GROUP_COREF_RE.match(text.lstrip()):
            subject = previous_subject
        if subject is None:
            continue
        after = [x for x in ordered if x.start >= m.end()]
        if not after:
            continue
        # "part of the al-Qaeda affiliated JNIM organization": the first name may be an adjective
        first = after[0]
        if AFFILIATE_ADJ_RE.match(text, first.end) and len(after) > 1:
            out.append((subject, "memberOf", after[1]))
            out.append((after[1], "affiliatedWith", first))
        else:
            out.append((subject, "memberOf", first))
    for i, x in enumerate(ordered):
        adj = AFFILIATE_ADJ_RE.match(text, x.end)
        if (
            adj
            and i + 1 < len(ordered)
            and re.fullmatch(r"[\s\w-]{0,30}", text[adj.end() : ordered[i + 1].start])
        ):
            pair = (ordered[i + 1], "affiliatedWith", x)
            if all(
                (a.entity.id, p, b.entity.id) != (pair[0].entity.id, pair[1], pair[2].entity.id)
                for a, p, b in out
            ):
                out.append(pair)
    return [(a, p, b) for a, p, b in out if a.entity.id != b.entity.id]


def _close(text: str, start: int, end: int) -> bool:
    between = text[start:end]
    return len(between) < 60 and "," not in between.replace(", which", "")


def subject_of(text: str, mentions: list[ActorMention]) -> ActorMention | None:
    """The sentence's subject when it opens with an actor name."""
    ordered = sorted(mentions, key=lambda m: m.start)
    if ordered and ordered[0].start <= 25:
        return ordered[0]
    return None


def find_methods(text: str) -> list[tuple[str, str, int | None, int, int]]:
    """(slug, label, quantity, start, end) of every method or weapon named: "three car bombs" ->
    ("car-bomb", "car bomb", 3, …); "triple suicide bombing" -> ("suicide-bombing", …, 3, …)."""
    out: list[tuple[str, str, int | None, int, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern, slug, label in METHOD_RES:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if _is_defence(text, m.start(), m.end()):
                continue
            qty = None
            q = QUANTITY_RE.search(text[max(0, m.start() - 30) : m.start()])
            if q:
                word = q.group(1).lower()
                qty = MULTIPLIER.get(word) or parse_number_word(word)
            out.append((slug, label, qty, m.start(), m.end()))
    return out


def _is_defence(text: str, start: int, end: int) -> bool:
    """The method at text[start:end] is what stopped or repelled the attack."""
    before = text[max(0, start - 60) : start]
    return bool(_DEFENCE_BEFORE_RE.search(before) or _DEFENCE_AFTER_RE.match(text, end))


def find_time_of_day(text: str) -> tuple[str, bool] | None:
    """The first time of day and whether it is approximate: 'around 5am' -> ('05:00:00', True);
    'at 8:30am' -> ('08:30:00', False); 'around 19:30' -> ('19:30:00', True)."""
    m = TIME_RE.search(text)
    if not m:
        return None
    qualifier = re.sub(r"\s+", " ", (m.group("q") or m.group("q24") or "").lower())
    clock = _clock(m)
    return (clock, qualifier in _APPROXIMATE_TIME) if clock else None


def _clock(m: re.Match[str]) -> str | None:
    if m.group("h") is not None:
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        pm = m.group("ampm").lower().startswith("p")
        if not 1 <= hour <= 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if pm else 0)
    else:
        hour, minute = int(m.group("h24")), int(m.group("m24"))
    return f"{hour:02d}:{minute:02d}:00"


def find_speaker(text: str, mentions: list[ActorMention]) -> tuple[str, ActorMention | None] | None:
    """Who a sentence is attributed to: "according to X", "X said (that)", "X claimed". Returns the
    speaker as written and its actor mention if it names one; ("they", None) for a pronoun."""
    m = re.search(r"\baccording to\s+(?:the\s+)?(?P<who>[^,.;]{2,80})", text, re.I)
    if m:
        who = m.group("who")
        inside = [x for x in mentions if m.start("who") <= x.start < m.end("who")]
        return (inside[0].surface if inside else _trim_speaker(who)), (inside[0] if inside else None)
    if not _SPEAKER_VERB_RE.search(text):  # cheap test first: the full pattern backtracks a lot
        return None
    m = _SPEAKER_RE.search(text)
    if m and _PASSIVE_END_RE.search(m.group("who")):
        # "Seven soldiers were also reported missing", "Responsibility was claimed by X": passive,
        # so the subject is what was reported, not who reported it
        return None
    if m:
        who = m.group("who")
        before = [x for x in mentions if x.end <= m.end("who") and x.start >= m.start("who")]
        if before:
            return before[-1].surface, before[-1]
        words = re.sub(r"^(?:later|then|however|and|but|in a statement)\s*,?\s*", "", who.strip(), flags=re.I)
        if re.fullmatch(
            r"(?:they|he|she|it|officials|authorities)", words.split()[-1] if words.split() else "", re.I
        ):
            return ("they", None) if words.split()[-1].lower() == "they" else None
        # a speech verb whose speaker is not named here ("and in a statement claimed"): the
        # caller falls back to the sentence's subject
        return _trim_speaker(words), None
    return None


def _trim_speaker(text: str) -> str:
    text = re.sub(r"\b(?:in a statement|later|also)\b", "", text, flags=re.I).strip(" ,")
    words = text.split()
    # keep the trailing noun phrase: "Analyst Lassane Ouedraogo Wedraogo", "Residents of Sevare"
    return " ".join(words[-6:]) if words else ""


def target_hedge(text: str) -> str | None:
    """The hedge on a sentence's target, as written: "were likely targeting X" -> "likely";
    None when the target is stated flatly (or the sentence names none)."""
    m = _TARGET_VERB_RE.search(text)
    h = _HEDGE_RE.search(text, 0, m.start()) if m else None
    return re.sub(r"\s+", " ", h.group("hedge").strip().lower()) if h else None


def find_targets(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Actors a sentence says were targeted: "targeting X", "the target was X", "aimed at X"."""
    m = _TARGET_VERB_RE.search(text)
    if not m:
        return []
    stop = BY_STOP_RE.search(text, m.end())
    end = stop.start() if stop else len(text)
    groups = _coordinated(text, [x for x in mentions if m.end() <= x.start < end])
    # the first name (and those coordinated with it) is the target: "targeting X enlisted by Y"
    return groups[0] if groups and groups[0][0].start - m.end() < 40 else []


def participants_in(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Actors a sentence says took part: "X soldiers from Y were involved", "Y intervened". An actor
    named only in a fronted subordinate clause is not one ("After the town fell to Y, the
    government sent reinforcements": the government took part, not Y)."""
    if re.search(
        r"\b(?:were|was) involved|took part|participated|intervened|joined the fight|reinforc", text, re.I
    ):
        fronted = _FRONTED_CLAUSE_RE.match(text)
        after = fronted.end() if fronted else 0
        return [m for m in mentions if m.start >= after]
    return []


# "After …,", "When …,", "Following …,": a clause before the main one, set off by a comma
_FRONTED_CLAUSE_RE = re.compile(
    r"^\s*(?:after|when|once|before|while|as soon as|although|though|following|since|until)\b[^,;]*,", re.I
)
