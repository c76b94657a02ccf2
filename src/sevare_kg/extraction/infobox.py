"""Facts from an article's infobox: both the military-conflict kind (Conflict, Partof, Place,
Combatant1..3, Casualties1..3, …) and the civilian-attack kind (Location, Target, Perpetrators,
Deaths, Injured, …). Like DBpedia's infobox mappings: a table from keys to roles, every key kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace

from sevare_kg.errors import ValueGrammarError
from sevare_kg.extraction.article import Article, InfoboxField
from sevare_kg.extraction.casualties import (
    CasualtyFigure,
    find_casualties_in_sentence,
    parse_infobox_casualties,
)
from sevare_kg.extraction.coordinates import only_coordinates, parse_coordinates, without_coordinates
from sevare_kg.extraction.facts import Entity, Mention, SideFacts, Source, ValueFact, unique_by_entity
from sevare_kg.extraction.gazetteer import (
    BELLIGERENT,
    PLACE_KINDS,
    REGION_WORDS,
    SITE_WORDS,
    Gazetteer,
    fold,
    guess_place_kind,
    slugify,
    with_alias,
)
from sevare_kg.extraction.names import (
    BREAK_TAG_RE,
    MARKUP_RE,
    PEOPLE_AFTER_RE,
    abbreviation,
    clean_name,
    group_name,
    qualifier,
    split_names_with_surface,
)
from sevare_kg.extraction.values import DateValue, parse_date
from sevare_kg.extraction.world import WorldPlace, world_gazetteer

log = logging.getLogger(__name__)

# normalised key -> role. A trailing digit (Combatant2) is the side number.
ROLES: dict[str, str] = {
    "conflict": "name",
    "title": "name",
    "name": "name",
    "partof": "part_of",
    "place": "place",
    "location": "place",
    "date": "date",
    "time": "time",
    "result": "result",
    "combatant": "combatant",
    "commander": "commander",
    "strength": "strength",
    "units": "units",
    "casualties": "casualties",
    "deaths": "deaths",
    "fatalities": "deaths",
    "killed": "deaths",
    "injured": "injured",
    "injuries": "injured",
    "wounded": "injured",
    "missing": "missing",
    "perpetrator": "perpetrator",
    "perpetrators": "perpetrator",
    "perp": "perpetrator",
    "perps": "perpetrator",
    "executedby": "perpetrator",  # Infobox military operation's "Executed by"
    "susperp": "suspect",  # Infobox civilian attack's "Suspected perpetrator(s)"
    "susperps": "suspect",
    "assailant": "assailant",  # Infobox civilian attack's "Assailant(s)" row: who did it, in person
    "assailants": "assailant",
    "target": "target",
    "targets": "target",
    "type": "method",
    "attacktype": "method",
    "weapon": "method",
    "weapons": "method",
    # known keys kept verbatim, without a warning
    "motive": "kept",
    "timezone": "kept",
    "status": "kept",
    "territory": "kept",
    "notes": "notes",
    "victims": "kept",
    "numparts": "kept",
    "participants": "kept",
    "defender": "kept",
    "accused": "kept",
    "convicted": "kept",
    "image": "kept",
    "caption": "kept",
    "maptype": "kept",
    "maprelief": "kept",
    "coordinates": "coordinates",
}
DEFAULT_OUTCOME = {"deaths": "killed", "injured": "injured", "missing": "missing"}
KEY_RE = re.compile(r"^(?P<base>[a-z]+?)(?P<n>\d*)$")


def key_role(key: str) -> tuple[str | None, int | None]:
    norm = re.sub(r"[^a-z0-9]", "", key.lower())
    m = KEY_RE.match(norm)
    if not m:
        return None, None
    base, n = m.group("base"), m.group("n")
    role = ROLES.get(base) or ROLES.get(norm)
    return role, (int(n) if n else None)


def field_source(f: InfoboxField) -> Source:
    return Source("infobox", f.ordinal, f.start, f.end, f.value, key=f.key, line=f.line)


@dataclass
class InfoboxFacts:
    names: list[tuple[str, Source]] = field(default_factory=list)
    part_of: list[Mention] = field(default_factory=list)
    place_field: InfoboxField | None = None
    date: tuple[DateValue, Source] | None = None
    time: tuple[str, Source] | None = None
    coordinates: tuple[tuple[float, float], Source] | None = None  # ((latitude, longitude), source)
    result: tuple[str, Source] | None = None
    sides: dict[int, SideFacts] = field(default_factory=dict)
    casualties: list[tuple[CasualtyFigure, Source, int | None]] = field(default_factory=list)
    perpetrators: list[Mention] = field(default_factory=list)
    assailants: list[Mention] = field(default_factory=list)  # the perpetrators when none is named
    suspects: list[Mention] = field(default_factory=list)  # suspected: the perpetrators when none is named
    targets: list[tuple[str, Source]] = field(default_factory=list)
    method_texts: list[tuple[str, Source]] = field(default_factory=list)
    kept: list[ValueFact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_infobox(article: Article, gaz: Gazetteer) -> InfoboxFacts:
    """The facts of an article's infobox: each field goes to the handler of its key's role
    (``_HANDLERS``); a known key without a handler, an empty value or an unknown key is kept."""
    box = _BoxReading(gaz, article.source or article.title)
    for f in _rejoined(article.infobox):
        role, n = key_role(f.key)
        value = f.value.strip()
        if role is None:
            box.keep(f, f"unknown infobox key {f.key!r}", True)
        elif not value or value.strip(" ,:|") == "":
            box.keep(f, f"empty infobox value for {f.key!r}", False)
        elif role in _HANDLERS:
            _HANDLERS[role](box, _Field(f, field_source(f), value, n))
        else:
            box.keep(f, f"infobox {f.key!r}", False)
    return box.finish()


# the options of an image's markup, which the export may cut into a row of their own
_IMAGE_OPTION_KEYS = {"class", "alt", "link", "upright", "border", "thumb", "frameless"}
_MARKUP_ONLY_RE = re.compile(r"[\s,|]*(?:(?:\d+\s?px|File:[^,]*|border)[\s,|]*)+")


def _rejoined(fields: tuple[InfoboxField, ...]) -> list[InfoboxField]:
    """The fields, with a row the export cut out of an image's markup given back to the row it
    belongs to: "- Perps: 20px" then "- Class: skin-invert-image]] Islamic State – Khorasan
    Province" is a Perps value "Islamic State – Khorasan Province" (the offsets its own)."""
    out: list[InfoboxField] = []
    for f in fields:
        cut = f.value.find("]]")
        if (
            out
            and f.key.lower() in _IMAGE_OPTION_KEYS
            and cut >= 0
            and _MARKUP_ONLY_RE.fullmatch(out[-1].value)
        ):
            rest = f.value[cut + 2 :]
            lead = len(rest) - len(rest.lstrip())
            start = f.start + cut + 2 + lead
            f = InfoboxField(out[-1].key, rest.strip(), f.ordinal, f.line, start, start + len(rest.strip()))
        out.append(f)
    return out


@dataclass(frozen=True)
class _Field:
    """One infobox field as a handler sees it: the field, its source, its stripped value and the
    side number its key ends with (``Combatant2``)."""

    field: InfoboxField
    source: Source
    value: str
    n: int | None


@dataclass
class _BoxReading:
    """The facts read so far, and what the sides are built from once every field is read."""

    gaz: Gazetteer
    where: str
    out: InfoboxFacts = field(default_factory=InfoboxFacts)
    combatants: dict[int, list[Mention]] = field(default_factory=dict)
    commanders: dict[int, list[str]] = field(default_factory=dict)
    strengths: dict[int, tuple[str, Source]] = field(default_factory=dict)
    side_sources: dict[int, Source] = field(default_factory=dict)

    def keep(self, f: InfoboxField, reason: str, warn: bool) -> None:
        self.out.kept.append(ValueFact(f.key, f.value, field_source(f), reason))
        if warn:
            msg = f"{self.where}:{f.line}: {reason}; kept verbatim"
            self.out.warnings.append(msg)
            log.warning(msg)

    def finish(self) -> InfoboxFacts:
        combatants = _told_apart(self.combatants)
        for side in sorted(set(combatants) | set(self.commanders) | set(self.strengths)):
            members = unique_by_entity(combatants.get(side, []))
            self.out.sides[side] = SideFacts(
                side,
                tuple(members),
                tuple(self.commanders.get(side, [])),
                self.strengths[side][0] if side in self.strengths else None,
                self.side_sources.get(side),
            )
        return self.out


def _told_apart(combatants: dict[int, list[Mention]]) -> dict[int, list[Mention]]:
    """Combatants of one name that brackets tell apart ("Fatah (Abbas loyalists)", "Fatah (Dahlan
    faction)"; "Syrian Army" on one side, "Syrian Army (defectors)" on the other) are two actors,
    each named with its bracket and known by the plain name too."""
    qualifiers: dict[str, set[str]] = {}
    sides: dict[str, set[int]] = {}
    for side, members in combatants.items():
        for m in members:
            qualifiers.setdefault(m.entity.id, set()).add(qualifier(m.surface) or "")
            sides.setdefault(m.entity.id, set()).add(side)
    apart = {
        entity_id
        for entity_id, notes in qualifiers.items()
        if len(notes - {""}) > 1 or (len(notes) > 1 and len(sides[entity_id]) > 1)
    }
    if not apart:
        return combatants
    return {
        side: [_with_qualifier(m) if m.entity.id in apart else m for m in members]
        for side, members in combatants.items()
    }


def _with_qualifier(m: Mention) -> Mention:
    note = qualifier(m.surface)
    if note is None:
        return m
    entity = m.entity
    named = replace(
        entity,
        id=f"{entity.id}-{slugify(note)}",
        label=f"{entity.label} ({note})",
        aliases=(entity.label, *entity.aliases),
    )
    return replace(m, entity=named)


def _on_name(box: _BoxReading, f: _Field) -> None:
    box.out.names.append((f.value, f.source))


def _on_part_of(box: _BoxReading, f: _Field) -> None:
    for clean, surface in _with_places_rejoined(part_of_names(f.value), f.value, box.gaz):
        box.out.part_of.append(Mention(box.gaz.war(clean), surface, f.source))


def _on_place(box: _BoxReading, f: _Field) -> None:
    if only_coordinates(f.value):  # a Place written as a point names no place: the event's point
        _coordinates(box.out, f.field, f.source, box.where)
        return
    box.out.place_field = box.out.place_field or f.field


def _on_date(box: _BoxReading, f: _Field) -> None:
    try:
        box.out.date = (parse_date(f.value), f.source)
    except ValueGrammarError as exc:
        box.keep(f.field, f"infobox Date {f.value!r} does not parse ({exc})", True)


def _on_coordinates(box: _BoxReading, f: _Field) -> None:
    _coordinates(box.out, f.field, f.source, box.where)


def _on_time(box: _BoxReading, f: _Field) -> None:
    box.out.time = (f.value, f.source)
    box.keep(f.field, "time of day as written", False)


def _on_result(box: _BoxReading, f: _Field) -> None:
    box.out.result = (f.value, f.source)
    # a Result sometimes states casualties ("71 killed, … injures two more")
    for fig in parse_infobox_casualties(f.value):
        box.out.casualties.append((fig, f.source, None))


def _world_country(name: str) -> Entity | None:
    return next((w.entity for w in world_gazetteer().candidates(name) if w.entity.kind == "Country"), None)


_EITHER_RE = re.compile(r"\s+or\s+")


def _slashed(items: list[tuple[str, str]], gaz: Gazetteer) -> list[tuple[str, str]]:
    """ "Hezbollah Al-Hejaz/Iran": two actors, when one side of the slash is a name the gazetteer knows
    (a slash inside one name, "ISIL/Daesh", stays: both are names of one known group); "JNIM or
    ISGS": two actors, when the gazetteer knows both."""
    out: list[tuple[str, str]] = []
    for clean, surface in items:
        either = [p.strip() for p in _EITHER_RE.split(clean)]
        if len(either) == 2 and all(gaz.lookup(p, BELLIGERENT) for p in either):
            out += [(p, p) for p in either]  # "JNIM or ISGS": either of two known groups, both named
            continue
        parts = [p.strip() for p in clean.split("/")]
        if len(parts) == 2 and all(p[:1].isupper() for p in parts):
            known = [gaz.lookup(p, BELLIGERENT) or _world_country(p) for p in parts]
            if any(known) and not (all(known) and known[0] == known[1]):
                out += [(p, p) for p in parts]
                continue
        out.append((clean, surface))
    return out


# "Somalia: TFG, Ahlu Sunna": a label before a colon, at the start of the value or of an item
_ITEM_LABEL_RE = re.compile(r"(?:^|(?<=[,;]))\s*(?P<label>[A-Z][\w .'\u2019-]{1,40}?):\s+(?=\S)")


def _country_labels_kept(value: str) -> str:
    """A country named before a colon is a side of its own, with the forces after it ("Somalia: TFG"
    is Somalia and the TFG); any other label ("Islamist groups: Ansar Dine") stays a heading."""
    return _ITEM_LABEL_RE.sub(
        lambda m: f"{m.group('label')}, " if _world_country(m.group("label")) is not None else m.group(0),
        value,
    )


def _actor_names(value: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    """The names of an actors' list, where two items a name the gazetteer knows was cut into join
    again ("Islamic State of Iraq and the Levant" is one group, not "Islamic State of Iraq" and
    "Levant")."""
    out: list[tuple[str, str]] = []
    value = _country_labels_kept(value)
    for clean, surface in _slashed(split_names_with_surface(value), gaz):
        if out:
            for joiner in (" and the ", " and ", " & "):
                joined = f"{out[-1][0]}{joiner}{clean}"
                if joined in value and gaz.lookup(joined, BELLIGERENT) is not None:
                    out[-1] = (joined, f"{out[-1][1]}{joiner}{surface}")
                    break
            else:
                out.append((clean, surface))
            continue
        out.append((clean, surface))
    return out


def _on_combatant(box: _BoxReading, f: _Field) -> None:
    side = f.n or 1
    box.side_sources[side] = f.source
    mentions = [
        Mention(_actor(box.gaz, clean, surface), surface, f.source)
        for clean, surface in _actor_names(f.value, box.gaz)
    ]
    box.combatants.setdefault(side, []).extend(mentions)


def _on_commander(box: _BoxReading, f: _Field) -> None:
    box.commanders.setdefault(f.n or 1, []).extend(c for c, _ in split_names_with_surface(f.value))


def _on_strength(box: _BoxReading, f: _Field) -> None:
    box.strengths[f.n or 1] = (f.value, f.source)


def _on_casualties(box: _BoxReading, f: _Field) -> None:
    # a bare figure in a Casualties column is deaths, by Wikipedia's convention
    _casualties(box.out, f.field, f.source, f.n, "killed", box.where)


def _on_outcome(outcome: str) -> Callable[[_BoxReading, _Field], None]:
    """The handler of a field that counts one outcome for no side (Deaths, Injured, Missing)."""

    def handle(box: _BoxReading, f: _Field) -> None:
        _casualties(box.out, f.field, f.source, None, outcome, box.where)

    return handle


# "Chechen rebels led by Shamil Basayev and …": the group, then its leaders
_LED_BY_RE = re.compile(r"\s+(?:led|commanded|headed)\s+by\s+")


def _on_perpetrator(box: _BoxReading, f: _Field) -> None:
    """The perpetrators a value names; "X led by A and B" names X, A and B (leaders who are persons,
    unless their names say otherwise)."""
    leaders = False  # after "X led by A", the names that follow are leaders too ("… and B")
    for clean, surface in _actor_names(f.value, box.gaz):
        parts = _LED_BY_RE.split(clean, maxsplit=1)
        if len(parts) == 2:
            group, clean = parts
            box.out.perpetrators.append(Mention(_actor(box.gaz, group, group), surface, f.source))
            leaders = True
        entity = box.gaz.person_or_actor(clean) if leaders else _actor(box.gaz, clean, surface)
        box.out.perpetrators.append(Mention(entity, surface, f.source))


def _on_suspect(box: _BoxReading, f: _Field) -> None:
    """ "Suspected perpetrators": the perpetrators when no row names them for certain."""
    box.out.suspects.extend(
        Mention(_actor(box.gaz, clean, surface), surface, f.source)
        for clean, surface in _actor_names(f.value, box.gaz)
    )
    box.keep(f.field, "suspected perpetrators as written", False)


def _on_assailant(box: _BoxReading, f: _Field) -> None:
    """The attackers named in person; "300–400 raiders", a count of them, names no one."""
    box.out.assailants.extend(
        Mention(box.gaz.person_or_actor(group_name(c)), s, f.source)
        for c, s in _actor_names(f.value, box.gaz)
        if c[:1].isupper()
    )
    box.keep(f.field, "assailants as written", False)  # the perpetrators only when none is named


def _on_target(box: _BoxReading, f: _Field) -> None:
    box.out.targets.append((f.value, f.source))


def _on_method(box: _BoxReading, f: _Field) -> None:
    box.out.method_texts.append((f.value, f.source))


# role -> what its field gives; a role without a handler ("kept") is kept verbatim
def _on_notes(box: _BoxReading, f: _Field) -> None:
    """A military infobox renders its ``notes`` under the casualties, in prose ("Out of the 65
    wounded soldiers, 11 died …"): kept verbatim, and its figures read as a sentence's."""
    box.keep(f.field, f"infobox {f.field.key!r}", False)
    for fig in find_casualties_in_sentence(f.value):
        box.out.casualties.append((fig, f.source, None))


_HANDLERS: dict[str, Callable[[_BoxReading, _Field], None]] = {
    "name": _on_name,
    "part_of": _on_part_of,
    "place": _on_place,
    "date": _on_date,
    "coordinates": _on_coordinates,
    "time": _on_time,
    "result": _on_result,
    "notes": _on_notes,
    "combatant": _on_combatant,
    "commander": _on_commander,
    "strength": _on_strength,
    "casualties": _on_casualties,
    **{role: _on_outcome(outcome) for role, outcome in DEFAULT_OUTCOME.items()},
    "perpetrator": _on_perpetrator,
    "assailant": _on_assailant,
    "suspect": _on_suspect,
    "target": _on_target,
    "method": _on_method,
}


def _group_of(gaz: Gazetteer, item: str) -> str:
    """:func:`group_name`, except that a people with its people word stays whole: "Chechen rebels"
    (not "Chechen"), where "Hamas militants" and "3 DFLP gunmen" name Hamas and the DFLP."""
    name = group_name(item)
    lone_word = re.fullmatch(r"[A-Z][a-z\w'’-]*", name) is not None and not name.isupper()
    if PEOPLE_AFTER_RE.search(item) and lone_word and gaz.lookup(name, BELLIGERENT) is None:
        return re.sub(r"^\d+\s+", "", item)
    return name


def _actor(gaz: Gazetteer, clean: str, surface: str) -> Entity:
    """The actor a list item names; an abbreviation in brackets after the name ("Croatian Defence
    Council (HVO)") is one of its names."""
    clean = _group_of(gaz, clean)
    entity = _known_by_both_names(gaz, clean) or gaz.actor(clean)
    abbr = abbreviation(surface)
    if abbr and fold(abbr) != fold(entity.label) and abbr not in entity.aliases:
        entity = replace(entity, aliases=(*entity.aliases, abbr))
    return entity


# "ISIL (Daesh)", "ISIL / Daesh", "ISIL or ISIS": a name and maybe another of its names;
# "X, also known as Y": a name and another of its names, as the words say
_NAME_AND_OTHER_RE = re.compile(
    r"(?P<name>[^()/]+?)\s*(?:\((?P<other>[^()]+)\)|/\s*(?P<slash>[^()/]+)|\s+or\s+(?P<either>[^()]+)"
    r"|,?\s+(?:also\s+known\s+as|known\s+as|aka|a\.k\.a\.)\s+(?:the\s+)?(?P<aka>[^()]+))",
    re.I,
)


def _known_by_both_names(gaz: Gazetteer, clean: str) -> Entity | None:
    """ "ISIL (Daesh)", "ISIL / Daesh", "ISIL or ISIS": a known actor followed by another of its
    names is that actor, with the other name as an alias (not "Islamic State (Sinai Province)": a
    part is another actor); "X, also known as Y" is X known as Y, whether or not a list knows it."""
    m = _NAME_AND_OTHER_RE.fullmatch(clean)
    if m is None or gaz.lookup(clean, BELLIGERENT) is not None:
        return None
    name = m.group("name").strip()
    if m.group("aka"):
        return with_alias(gaz.actor(name), m.group("aka").strip())
    second = (m.group("other") or m.group("slash") or m.group("either")).strip()
    named, other = gaz.lookup(name, BELLIGERENT), gaz.lookup(second, BELLIGERENT)
    if named is None or other is None or named.id != other.id:
        return None
    return with_alias(with_alias(named, name), second)


def _coordinates(out: InfoboxFacts, f: InfoboxField, src: Source, where: str) -> None:
    """The event's coordinates; a value without any (a stripped template) is kept as written."""
    try:
        point = parse_coordinates(f.value)
    except ValueGrammarError as exc:
        out.kept.append(ValueFact(f.key, f.value, src, f"{where}:{f.line}: {exc}; kept verbatim"))
        out.warnings.append(f"{where}:{f.line}: {exc}; kept verbatim")
        log.warning("%s:%s: %s; kept verbatim", where, f.line, exc)
        return
    if point is None:
        out.kept.append(ValueFact(f.key, f.value, src, "infobox 'Coordinates' without coordinates"))
    elif out.coordinates is None:
        out.coordinates = (point, src)


def _casualties(
    out: InfoboxFacts, f: InfoboxField, src: Source, side: int | None, outcome: str | None, where: str
) -> None:
    try:
        figures = parse_infobox_casualties(f.value, default_outcome=outcome)  # type: ignore[arg-type]
    except ValueGrammarError as exc:
        figures = []
        reason = str(exc)
    else:
        reason = "no casualty figure understood"
    if not figures:
        if f.value.strip().lower().rstrip(".") not in {"unknown", "none", "n/a", "?", "unclear"}:
            msg = f"{where}:{f.line}: {f.key} value {f.value!r}: {reason}; kept verbatim"
            out.kept.append(ValueFact(f.key, f.value, src, msg))
            out.warnings.append(msg)
            log.warning(msg)
        else:
            out.kept.append(ValueFact(f.key, f.value, src, "no figure given"))
        return
    for fig in figures:
        out.casualties.append((fig, src, side))


# "the aftermath of the Y", "the spillover of the Y", "X, part of the Y", "the run-up to the Y":
# the event is part of Y
RELATION_WORDS_RE = re.compile(
    r"\b(?:the\s+|an?\s+)?(?:(?:aftermath|spill-?over|continuation|escalation|part)\s+of"
    r"|(?:run|lead|build)[- ]?up\s+to|prelude\s+to)\s+",
    re.I,
)
# "the Trans-Mississippi Theater of the, American Civil War": a link cut at the comma leaves "of the"
DANGLING_RE = re.compile(r"\s+(?:of|in|during)(?:\s+the)?$", re.I)
# "the Anfal campaign of the Y", "the Eastern Front of Y": a part of a war, itself part of the war
NESTED_RE = re.compile(
    r"^(?P<part>.*?\S\s+(?:campaign|theat(?:er|re)|front|phase|stage|offensive))\s+(?:of|in)\s+(?:the\s+)?(?P<whole>\S.*)$",
    re.I,
)


# "the War in Donbas during the Russo–Ukrainian War", "Operation U-Go during the Burma campaign":
# a war or operation fought during a larger one is part of it, and both are named
DURING_RE = re.compile(r"^(?P<part>.*?\S)\s+(?:during|within)\s+(?:the\s+)?(?P<whole>\S.*)$", re.I)


# what a war, a conflict or a larger operation is called ("World War II", "the Troubles")
_WAR_WORDS_RE = re.compile(
    r"\b(?:wars?|conflicts?|insurgency|revolution|rebellion|crisis|uprising|invasion|intervention|"
    r"emergency|troubles|genocide|campaign|offensive|operation|occupation)\b",
    re.I,
)


def _nested_in_a_war(item: str) -> re.Match[str] | None:
    """ "the Anfal campaign of the Iraqi–Kurdish conflict": a campaign of a war; not "Indian Campaign
    of Ahmad Shah Durrani", a campaign named after whom it was (one name)."""
    m = NESTED_RE.match(item)
    if m is None:
        return None
    of_the = re.search(r"\sof\s+the\s+\S", m.group(0)[len(m.group("part")) :], re.I) is not None
    # "the French campaign in Mali" is one name: "in" nests only in a war ("… theatre in World War I")
    of_the = of_the and not re.match(r"\s+in\s", m.group(0)[len(m.group("part")) :])
    return m if of_the or _WAR_WORDS_RE.search(m.group("whole")) else None


def _with_places_rejoined(items: list[tuple[str, str]], value: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    """ "the insurgency in Jammu and Kashmir" is one item: where "and" joins the two halves of a
    place's name ("Jammu and Kashmir"), the items it was cut into join again."""
    out: list[tuple[str, str]] = []
    for clean, surface in items:
        if out:
            tail = re.search(r"[A-Z][\w'’-]*$", out[-1][0])
            joined = f"{out[-1][0]} and {clean}"
            if tail and joined in value and known_place(f"{tail.group()} and {clean}", gaz):
                out[-1] = (joined, f"{out[-1][1]} and {surface}")
                continue
        out.append((clean, surface))
    return out


def _one_war_of_two_peoples(items: list[tuple[str, str]], value: str) -> list[tuple[str, str]]:
    """ "the French and Indian War" is one war: a lone word that names no war, "and", then a name
    that does, written so in the value, join again."""
    out: list[tuple[str, str]] = []
    for clean, surface in items:
        if out and _WAR_WORDS_RE.search(clean) and not _WAR_WORDS_RE.search(out[-1][0]):
            joined = f"{out[-1][0]} and {clean}"
            if re.fullmatch(r"[A-Z][\w'’-]*", out[-1][0]) and clean[:1].isupper() and joined in value:
                out[-1] = (joined, f"{out[-1][1]} and {surface}")
                continue
        out.append((clean, surface))
    return out


def part_of_names(value: str) -> list[tuple[str, str]]:
    """The wars and campaigns a ``Partof`` value names, each with its surface form, outermost last.

    Items are separated as in any list value; "aftermath of" and "spillover of" are dropped; an
    item that is a campaign, theatre or front "of" a war, or one fought "during" a war, gives both
    ("the Anfal campaign of the Iraqi–Kurdish conflict" is the Anfal campaign and the Iraqi–Kurdish
    conflict; "the War in Donbas during the Russo–Ukrainian War" the two wars)."""
    out: list[tuple[str, str]] = []
    stripped = RELATION_WORDS_RE.sub("", value)
    for clean, surface in _one_war_of_two_peoples(split_names_with_surface(stripped), stripped):
        clean = DANGLING_RE.sub("", clean)
        surface = DANGLING_RE.sub("", surface)
        nested = DURING_RE.match(clean) or _nested_in_a_war(clean)
        if nested:
            out.append((nested.group("part"), nested.group("part")))
            out.extend(part_of_names(nested.group("whole")))
        elif clean:
            out.append((clean, surface))
    return out


@dataclass(frozen=True)
class PlaceReading:
    """What a ``Place``/``Location`` value says: its places, most specific first, as written (each
    once); the containment the text gives (a place inside the next one of a higher level, and
    inside the present-day unit a "(now …)" names); and the containment only the world gazetteer
    knows (a town or region inside its country, unnamed)."""

    mentions: list[Mention]
    contains: list[tuple[Entity, Entity]]
    implied: list[tuple[Entity, Entity]]
    present: list[tuple[Entity, Entity]] = field(default_factory=list)  # in today's unit, "(now …)"
    parents: list[Entity | None] = field(default_factory=list)  # each mention's place as written


# "(now Nagaland, India)", "(present-day Maguindanao del Sur)", "( in Saxony-Anhalt, Germany)": the
# names the place has today
# and an item of the list after a comma: "Sekigahara, present-day Gifu Prefecture, Japan"
NOW_RE = re.compile(
    r"\(\s*(?:now|today|present[- ]day|in(?:\s+(?:present[- ]day|modern[- ]day|today'?s))?(?=\s+[A-Z]))\s+"
    r"(?:(?:a\s+)?part\s+of\s+)?(?P<names>[^()]*)\)"  # "(today part of Eastern Cape)"
    r"|(?<=,)\s*(?:now|today|present[- ]day|modern[- ]day)\s+(?:(?:a\s+)?part\s+of\s+)?(?P<item>[^,;()]*)",
    re.I,
)
# what separates the names of one value, outside brackets: commas, semicolons, bullets, a slash
# between spaces ("Sekigahara / Aonogahara"; "Maelbeek/Maalbeek" is one name written two ways)
_PLACE_TOKEN_RE = re.compile(r"[(),;•·]|\*+|\s/\s")
# what joins two names inside one item: "Oslo and Utøya", "Gamboru & Ngala", "Ahmići in Vitez"
# "Slopes of X near the current-day Y", "the Han River west of Hanseong", "Kabakaul on New Britain":
# both are places ("on" only before a name: "on the road" is no second place)
_PLACE_JOIN_RE = re.compile(
    r"\s+(?:and|in|near|outside|(?:just\s+)?outside\s+of|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of)\s+"
    r"|\s+on\s+(?=[A-Z])|\s*&\s*"
    # "Deynile Neighborhood of Mogadishu": a part of a town, and the town
    r"|\s+(?i:neighbou?rhood)\s+of\s+(?=[A-Z])"
)
_LEADING_AND_RE = re.compile(r"^(?:and|&)\s+", re.I)
_LEADING_IN_RE = re.compile(r"^(?:in|at)\s+(?=[A-Z])")  # "Kargil district, in Jammu and Kashmir"
_KIND_ABOVE = {"Site": "Settlement", "Settlement": "Region", "Region": "Country"}


@dataclass(frozen=True)
class PlaceNames:
    """The names of a place value in order; the present-day ones ("(now Nagaland, India)"), and
    how many names come before the first of those brackets (the places they renamed are there)."""

    names: list[str]
    present: list[str]
    present_after: int


def place_names(value: str, gaz: Gazetteer) -> PlaceNames:
    """The names of a place value.

    Items are split at commas, semicolons and bullets outside brackets, then at "and", "&" and
    "in" ("Brussels Airport in Zaventem"), unless the whole item is a name the gazetteers know
    ("Bosnia and Herzegovina" is one country). Linear in the length of the value."""
    value = MARKUP_RE.sub(" ", BREAK_TAG_RE.sub(", ", without_coordinates(value)))
    value = _BRACKET_RE.sub(lambda m: _as_today(m, gaz), value)
    first_now = NOW_RE.search(value)
    present: list[str] = []
    for m in NOW_RE.finditer(value):
        for item in _top_level_items(m.group("names") or m.group("item")):
            present.extend(_item_names(item, gaz))
    before = _names_of(NOW_RE.sub("", value[: first_now.start()]), gaz) if first_now else []
    names = _names_of(NOW_RE.sub("", value), gaz)
    return PlaceNames(names, present, len(before))


_BRACKET_RE = re.compile(r"\(\s*(?P<inner>[A-Z][^()]*)\)")


def _as_today(m: re.Match[str], gaz: Gazetteer) -> str:
    """ "Tsardom of Russia ( Ukraine)": a bracket of known places alone after a place names where it
    lies today, as "(now Ukraine)" does (an export that dropped "present-day" leaves such brackets)."""
    items = [i.strip() for i in m.group("inner").split(",")]
    # (an abbreviation in brackets, "(APS)", is another name of the place before it)
    if NOW_RE.fullmatch(m.group()) or not all(i and not i.isupper() and known_place(i, gaz) for i in items):
        return m.group()
    return f"(now {m.group('inner')})"


def _names_of(text: str, gaz: Gazetteer) -> list[str]:
    return [name for item in _top_level_items(text) for name in _item_names(item, gaz)]


def _top_level_items(text: str) -> list[str]:
    items: list[str] = []
    depth = 0
    start = 0
    for m in _PLACE_TOKEN_RE.finditer(text):
        tok = m.group()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            items.append(text[start : m.start()])
            start = m.end()
    items.append(text[start:])
    return items


def _item_names(item: str, gaz: Gazetteer) -> list[str]:
    """The place names of one item, each without what is no part of a name (a postcode, a
    trailing "city"); a street address ("House 5", "Road No 79") names no place."""
    names = (
        split
        for name in _joined_names(item, gaz)
        for split in _country_run_on(_bare_place_name(name, gaz), gaz)
    )
    # a name has a capital letter: "villages" (the villages around it) names no place
    return [name for name in names if name and not _ADDRESS_RE.fullmatch(name) and re.search(r"[A-Z]", name)]


def _country_run_on(name: str, gaz: Gazetteer) -> list[str]:
    """ "Mogadishu Somalia", "County Londonderry Northern Ireland": a place and the country or region
    after it, run together where the export lost the comma between them, are two names (the first a
    known place of that country, or a name whose words make it a unit: not "South Vietnam", "West
    Germany"); any other name is one."""
    words = name.split()
    if len(words) < 2 or known_place(name, gaz):
        return [name]
    world = world_gazetteer()
    for k in range(1, len(words)):  # the longest unit after it first: "… Northern Ireland", not "Ireland"
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        unit = next((w for w in world.candidates(tail) if w.entity.kind in ("Country", "Region")), None)
        if unit is None or not unit.country:
            continue
        heads = world.candidates(head)
        if any(w.country == unit.country and w.entity.kind != "Country" for w in heads) or (
            k > 1
            and not heads
            and not gaz.lookup(head, PLACE_KINDS)
            and guess_place_kind(head) == "Region"
            # (a one-word region may be a word of the name: "Province of Massachusetts Bay", not Bay)
            and (unit.entity.kind == "Country" or len(words) - k > 1)
        ):
            return [head, tail]
    return [name]


# "House 5", "Road No 79", "Plot 12/B", "Street #4": a part of a street address, no place
_ADDRESS_RE = re.compile(
    r"(?:house|road|street|lane|plot|block|building|flat|apartment|suite|holding)\s+"
    r"(?:no\.?\s*|number\s+|#\s*)?\d+(?:\s*[/-]\s*\w+)?[a-z]?",
    re.I,
)
# "Dhaka 1212", "75001 Paris": a postcode written beside a town's name
_POSTCODE_RE = re.compile(r"^\d{4,6}\s+(?=\D)|(?<=\D)\s+\d{4,6}$")
# "Yenangyaung city", "Kunduz town": a lower-case word for the kind of place after its name
_KIND_AFTER_NAME_RE = re.compile(r"(?<=\w)\s+(?:city|town|village|township|hamlet|neighbou?rhood|quarter)$")


# "near Kunduz", "the outskirts of Maiduguri", "off the coast of Somalia", "10 km north of Gao",
# "between Mosul (and Erbil)", "downtown Nairobi", "the village of Bapho", "near present-day
# Braddock": where the event was,
# relative to a place, or the place's kind before its name
_POSITION_RE = re.compile(
    r"^(?:(?:(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?(?:outskirts|vicinity|suburbs|environs|coast|shores?|border\s+area)\s+(?:of|near)"
    r"|near(?:by)?|around|outside|between|across|throughout|along|off(?:\s+the\s+coast\s+of)?|central|downtown|on|at"
    r"|(?:the\s+)?(?:present|current)[- ]day|modern(?:[- ]day)?|today'?s"  # "near present-day Braddock": today's name
    r"|(?:the\s+)?(?:slopes?|foot|summit|banks?|mouth|heights)\s+of"  # "Slopes of Pichincha"
    r"|(?:(?:about|some|approximately)\s+)?(?:\d+(?:[.,]\d+)?\s*(?:km|kilometres|kilometers|miles|mi)\s+)?"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of"
    r"|(?-i:(?:the\s+)?(?:village|town|city|hamlet|township)s?\s+of)"
    # "eastern Caldwell County": a lower-case compass word before a name ("Northern Ireland" is one)
    r"|(?-i:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)ern))\s+(?:the\s+)?)+",
    re.I,
)
# "various locations (in Sri Lanka)", "several villages", a grid reference: no place's name
_NO_PLACE_RE = re.compile(
    r"(?:various|several|multiple|many|other|different)\s+(?:locations|places|sites|areas|towns|villages|cities)"
    r"|(?:OS\s+)?grid\s+ref(?:erence)?\.?\s+[A-Z]{1,2}\s?\d[\d ]*",  # "grid reference NH742450": a map square
    re.I,
)


def _bare_place_name(name: str, gaz: Gazetteer) -> str:
    """A place name without the words placing the event relative to it ("near Kunduz", "the
    outskirts of Maiduguri"; not "Central African Republic", a name), a postcode beside it (when
    the rest is a known place) or a lower-case word for its kind after it ("Yenangyaung city")."""
    name = name.strip("\"“”'")
    if _NO_PLACE_RE.fullmatch(name):
        return ""
    position = _POSITION_RE.match(name)
    if position and name[position.end() :].lstrip('"“')[:1].isupper() and not known_place(name, gaz):
        name = name[position.end() :].strip('"“”')
    without_code = _POSTCODE_RE.sub("", name)
    if without_code != name and known_place(without_code, gaz):
        name = without_code
    without_kind = _KIND_AFTER_NAME_RE.sub("", name)
    return without_kind if without_kind[:1].isupper() else name


def _joined_names(item: str, gaz: Gazetteer) -> list[str]:
    """The names of one item: split at its joining words, except where the words between make a
    name the gazetteers know, the longest first ("Bosnia and Herzegovina and Croatia" is two)."""
    whole = _LEADING_IN_RE.sub("", _LEADING_AND_RE.sub("", _UNCLOSED_RE.sub("", clean_name(item))))
    if not whole or not re.search(r"[^\W\d_]", whole):
        return []
    if known_place(whole, gaz) or not _PLACE_JOIN_RE.search(whole) or _RULE_IN_RE.search(whole):
        return [whole]
    pieces = _PLACE_JOIN_RE.split(whole)
    joiners = _PLACE_JOIN_RE.findall(whole)
    names: list[str] = []
    i = 0
    while i < len(pieces):
        end = i + 1  # the longest run of at most a few pieces that is a known name
        for j in range(min(len(pieces), i + _MAX_JOINED_PIECES), i + 1, -1):
            joined = "".join(p + sep for p, sep in zip(pieces[i : j - 1], joiners[i : j - 1], strict=True))
            if known_place(joined + pieces[j - 1], gaz):
                end = j
                break
        name = "".join(p + sep for p, sep in zip(pieces[i : end - 1], joiners[i : end - 1], strict=True))
        name = (name + pieces[end - 1]).strip(" .")
        if name and re.search(r"[^\W\d_]", name):
            names.append(name)
        i = end
    return names


_MAX_JOINED_PIECES = 4  # "Saint Vincent and the Grenadines", "Heard Island and McDonald Islands"
# "Company Rule in India", "Spanish Rule in the Philippines": a polity named by where it ruled, one name
_RULE_IN_RE = re.compile(
    r"^[A-Z][\w'’-]*\s+(?:Rule|Raj|Mandate|Protectorate|Administration|Occupation)\s+in\s+(?:the\s+)?[A-Z]"
)
_UNCLOSED_RE = re.compile(r"\s*\([^()]*$")  # "Mali (now" cut off: the bracket's start is no name


def known_place(name: str, gaz: Gazetteer) -> bool:
    return gaz.lookup(name, PLACE_KINDS) is not None or bool(world_gazetteer().candidates(name))


def read_places(value: str, src: Source, gaz: Gazetteer) -> PlaceReading:
    """Places of a place value, most specific first, and their containment chain: a ``Place``/
    ``Location`` row's, or the lead's where an article has none (``src`` says which).

    "Mopti Airport and MINUSMA base, Sévaré, Mopti Region, Mali" gives the sites Mopti Airport and
    MINUSMA base, contained in Sévaré, contained in Mopti Region, contained in Mali. Names the hand
    gazetteer (``data/gazetteer.tsv``) knows are its entities; others are looked up in the world
    gazetteer among the countries named in the value; the rest stay named places, of the kind their
    words suggest ("… District" a region) — or, written after a place of a higher level, one level
    above it ("Santa Fe County, New Mexico Territory": the territory holds the county).
    """
    written = place_names(value, gaz)
    names = list(dict.fromkeys(written.names + written.present))  # each name once, in order
    countries, regions = _named_units(names, gaz)
    resolved = _resolve_places(names, gaz, countries, regions)
    entities, parents = _place_under_parents(resolved, gaz, countries)
    mentions: list[Mention] = []
    written_parents: list[Entity | None] = []
    contains: list[tuple[Entity, Entity]] = []
    implied: list[tuple[Entity, Entity]] = []
    seen: set[str] = set()
    for (name, _hand, world, _kind), placed, parent in zip(resolved, entities, parents, strict=True):
        if placed.id in seen:
            continue
        seen.add(placed.id)
        mentions.append(Mention(placed, name, src))
        written_parents.append(parent)
        if parent is not None and not gaz.related(placed.id, "containedIn"):
            contains.append((placed, parent))
        if world is not None and placed.kind != "Country" and (parent is None or parent.kind == "Country"):
            implied.extend(_implied_units(world, placed, parent, regions))
    levels = [place_level(kind, name) for name, _h, _w, kind in resolved]
    present = _present_containment(written, names, levels, list(entities))
    return PlaceReading(mentions, contains, implied, present, written_parents)


_Resolved = tuple[str, Entity | None, WorldPlace | None, str]  # (name, hand gazetteer's, world's, kind)


def _resolve_places(
    names: list[str], gaz: Gazetteer, countries: Collection[str], regions: Collection[str]
) -> list[_Resolved]:
    """Each name's entity in the hand or the world gazetteer, and its kind: a plain unknown name
    written after a place of a higher level is one level above that place."""
    resolved: list[_Resolved] = []
    previous_level = -1.0
    for name in names:
        hand = gaz.lookup(name, PLACE_KINDS)
        kind = hand.kind if hand else guess_place_kind(name)
        world = None if hand else gaz.world_place(name, kind, countries, regions)
        if world is not None:
            kind = world.entity.kind
        elif hand is None and _plain_name(name) and place_level(kind, name) < previous_level:
            kind = _KIND_ABOVE.get(_kind_at(previous_level), kind)
        previous_level = place_level(kind, name)
        resolved.append((name, hand, world, kind))
    return resolved


def _place_under_parents(
    resolved: list[_Resolved], gaz: Gazetteer, countries: set[str]
) -> tuple[list[Entity], list[Entity | None]]:
    """Each place's entity and its parent: the nearest later place of a higher level, or a later
    subdivision ISO 3166-2 puts it in ("Northumberland, England": England, a subdivision too)."""
    entities: list[Entity] = []
    parents: list[Entity | None] = []
    by_code = {
        w.region_code: i for i, (_n, _h, w, _k) in enumerate(resolved) if w is not None and w.region_code
    }
    # level -> (index, place) of the nearest later place of that level: a handful of levels, so
    # finding the parent is constant time
    nearest: dict[float, tuple[int, Entity]] = {}
    country: Entity | None = None
    for i in range(len(resolved) - 1, -1, -1):
        name, hand, world, kind = resolved[i]
        level = place_level(kind, name)
        above = [found for lvl, found in nearest.items() if lvl > level]
        parent = min(above, key=lambda found: found[0])[1] if above else None
        holder = by_code.get(world.parent_code) if world is not None and world.parent_code else None
        if holder is not None and holder > i:
            parent = entities[len(resolved) - 1 - holder]  # entities is filled from the end
        if world is not None:
            entity = with_alias(world.entity, name)
        elif hand is not None:
            entity = with_alias(_located(hand, gaz, countries), name)
        else:
            entity = gaz.place(name, kind, parent, country)
        entities.append(entity)
        parents.append(parent)
        nearest[level] = (i, entity)
        if entity.kind == "Country":
            country = entity
    return entities[::-1], parents[::-1]


def _present_containment(
    written: PlaceNames, names: list[str], levels: list[float], entities: list[Entity | None]
) -> list[tuple[Entity, Entity]]:
    """ "Kohima, Naga Hills District, Assam Province, British India (now Nagaland, India)": the
    first present-day name holds the nearest place written before the bracket that is of a lower
    level (the Naga Hills District lies in today's Nagaland, Mamasapano in Maguindanao del Sur)."""
    if not written.present:
        return []
    at = {name: i for i, name in enumerate(names)}
    outer = at.get(written.present[0])
    if outer is None:
        return []
    for i in range(min(written.present_after, len(names)) - 1, -1, -1):
        inner, holder = entities[i], entities[outer]
        if levels[i] < levels[outer] and inner is not None and holder is not None and i != outer:
            return [(inner, holder)]
    return []


def _located(hand: Entity, gaz: Gazetteer, countries: set[str]) -> Entity:
    """A hand-gazetteer town with GeoNames' coordinates, when the world gazetteer has a town of
    that name in the countries named beside it."""
    if hand.kind != "Settlement" or hand.coordinates is not None or not countries:
        return hand
    world = gaz.world_place(hand.label, "Settlement", countries)
    if world is None or world.entity.coordinates is None or fold(world.entity.label) != fold(hand.label):
        return hand
    return replace(hand, coordinates=world.entity.coordinates)


def _named_units(names: list[str], gaz: Gazetteer) -> tuple[set[str], set[str]]:
    """ISO codes of the countries and the subdivisions a value names, by the world gazetteer (hand
    rows by their label): a region named places the towns beside it in its country ("England",
    "Sinaloa") and, where GeoNames gives towns ISO's region, in that region ("Mission, Texas")."""
    countries: set[str] = set()
    regions: set[str] = set()
    for name in names:
        hand = gaz.lookup(name, ("Country",))
        candidates = world_gazetteer().candidates(hand.label if hand else name)
        if candidates and candidates[0].entity.kind == "Country" and candidates[0].country:
            countries.add(candidates[0].country)
        elif candidates and candidates[0].entity.kind == "Region":
            countries.add(candidates[0].country)
            regions.add(candidates[0].region_code)
    return countries, regions


def _implied_units(
    world: WorldPlace, entity: Entity, parent: Entity | None, regions: set[str]
) -> list[tuple[Entity, Entity]]:
    """What the world gazetteer knows a place lies in that its value does not name: a town's
    region (where GeoNames gives it as an ISO code) and, without a named country, its country."""
    out: list[tuple[Entity, Entity]] = []
    inner = entity
    region = world_gazetteer().region(world.region_code) if entity.kind == "Settlement" else None
    if region is not None and world.region_code not in regions:
        out.append((entity, region.entity))
        inner = region.entity
    home = world_gazetteer().country(world.country)
    if home is not None and (parent is None or inner is not entity):
        out.append((inner, home.entity))
    return out


def _plain_name(name: str) -> bool:
    """A name without a word that tells its kind ("station", "District"): its kind is a guess."""
    return not (SITE_WORDS.search(name) or REGION_WORDS.search(name))


def _kind_at(level: float) -> str:
    return "Site" if level < 1 else "Settlement" if level < 1.5 else "Region" if level < 3 else "Country"


LOWER_REGION_RE = re.compile(
    r"\b(department|district|cercle|prefecture|county|commune|municipality|arrondissement)\b", re.I
)


def place_level(kind: str, name: str) -> float:
    """How high a place sits: site < settlement < department/district < region/province/state < country.
    Names of one level listed in a row are siblings (Sévaré, Niono, and Bapho); a lower-tier
    division lies inside the higher one that follows it (Filingue Department, Tillabéri Region)."""
    if kind == "Region":
        return 1.5 if LOWER_REGION_RE.search(name) else 2.0
    return {"Site": 0.0, "Settlement": 1.0, "Country": 3.0}.get(kind, 1.0)
