"""From a parsed article to the facts of its event: infobox first, then the prose, then the
cross-checks between them. Knows nothing of RDF or of the store.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sevare_kg.errors import ValueGrammarError
from sevare_kg.extraction.article import Article, Sentence
from sevare_kg.extraction.casualties import (
    CasualtyFigure,
    Outcome,
    find_casualties_in_sentence,
    find_material_damage,
)
from sevare_kg.extraction.casualty_tables import find_casualties_in_table
from sevare_kg.extraction.facts import (
    CasualtyFact,
    DamageFact,
    Entity,
    EventFacts,
    Inconsistency,
    Mention,
    MethodFact,
    Relation,
    SideFacts,
    Source,
    unique_by_entity,
)
from sevare_kg.extraction.gazetteer import Gazetteer, fold, slugify
from sevare_kg.extraction.infobox import (
    InfoboxFacts,
    PlaceReading,
    field_source,
    read_infobox,
    read_places,
)
from sevare_kg.extraction.lead_places import lead_places
from sevare_kg.extraction.names import OFFICE_WORDS
from sevare_kg.extraction.prose import (
    ATTACK_NOUNS,
    ActorMention,
    MentionFinder,
    find_affiliations,
    find_methods,
    find_named_perpetrators,
    find_perpetrators,
    find_responsibility,
    find_speaker,
    find_targets,
    find_time_of_day,
    participants_in,
    sentence_source,
    subject_of,
    target_hedge,
    unknown_group_mentions,
)
from sevare_kg.extraction.values import MONTH_PATTERN, DateValue, day_it_began, find_dates

log = logging.getLogger(__name__)

KIND_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bbattles?\b|\boffensive\b|\bclashes\b", "Battle"),
    (r"\bmassacres?\b|\bkillings\b|\bmass murder\b", "Massacre"),
    (r"\bsuicide bomb\w*|\bsuicide attacks?\b", "SuicideBombing"),
    (r"\bbomb\w*|\bexplosions?\b|\bblasts?\b", "Bombing"),
    (r"\battacks?\b|\bsiege\b|\braid\b|\bambush\b|\bshooting\b|\bhostage\w*", "Attack"),
    (r"\binsurgency\b|\bwar\b|\bconflict\b|\bcampaign\b|\brebellion\b", "War"),
)
ATTACK_WORDS_RE = re.compile(
    r"\b(attack\w*|began|started|occurred|struck|launched|explosion|bomb\w*|assault\w*|raid\w*)\b", re.I
)
SOLDIER_KINDS = {"StateForce", "InternationalMission", "Government"}
# Sections about other events: their figures, targets and methods are not this event's.
CONTEXT_SECTION_RE = re.compile(r"\b(background|prelude|history|context|origins?)\b", re.I)
DEMONYM_FORCE_RE = re.compile(
    r"\b(?P<dem>[A-Z][a-zé]+)\s+(?:soldiers|troops|forces|peacekeepers|contingent)\b"
)


def event_slug(title: str) -> str:
    return slugify(title)


def extract(article: Article, gaz: Gazetteer) -> EventFacts:
    """The facts of an article's event: its steps (``STEPS``) run in order over one draft."""
    draft = _Draft(article, gaz, read_infobox(article, gaz))
    for _name, step in STEPS:
        step(draft)
    return _with_seen_aliases(_facts_of(draft), draft.aliases)


@dataclass
class _Draft:
    """What the steps of ``extract`` have found so far."""

    article: Article
    gaz: Gazetteer
    box: InfoboxFacts
    labels: list[str] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    implied: list[Relation] = field(default_factory=list)
    present: list[Relation] = field(default_factory=list)
    contains: list[tuple[Entity, Entity]] = field(default_factory=list)  # (inner, outer) as written
    place_parents: list[Entity | None] = field(default_factory=list)  # each place's, as written
    locations: list[Mention] = field(default_factory=list)
    countries: list[Mention] = field(default_factory=list)
    sides: tuple[SideFacts, ...] = ()
    date: DateValue | None = None
    date_source: Source | None = None
    perpetrators: list[Mention] = field(default_factory=list)
    claimants: list[Mention] = field(default_factory=list)  # who claimed it
    participants: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    possible_targets: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    methods: list[MethodFact] = field(default_factory=list)
    responsibility: list[tuple[str, Entity | None, Source]] = field(default_factory=list)
    casualties: list[CasualtyFact] = field(default_factory=list)
    damage: list[DamageFact] = field(default_factory=list)
    time_of_day: tuple[str, Source] | None = None
    time_approximate: bool = False
    sentence_sources: dict[int, Source] = field(default_factory=dict)  # with their speakers
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    kinds: tuple[str, ...] = ()
    kind_sources: tuple[tuple[Source, ...], ...] = ()
    inconsistencies: list[Inconsistency] = field(default_factory=list)

    @property
    def side_members(self) -> dict[int, tuple[Mention, ...]]:
        return {s.number: s.members for s in self.sides}


def _name_labels(draft: _Draft) -> None:
    """The event's other names: the infobox names that are not the title."""
    for name, _src in draft.box.names:
        if fold(name) != fold(draft.article.title) and name not in draft.labels:
            draft.labels.append(name)


def _read_place_field(draft: _Draft) -> None:
    """The places of the infobox's Place/Location (or, when it has none, of the lead's sentence that
    says where), their containment, locations and countries."""
    place_field = draft.box.place_field
    reading: PlaceReading | None = None
    if place_field is not None:
        src = field_source(place_field)
        reading = read_places(place_field.value, src, draft.gaz)
    elif (lead := lead_places(draft.article, draft.gaz)) is not None:
        src = sentence_source(lead.sentence)
        reading = read_places(lead.value, src, draft.gaz)
    if reading is not None:
        draft.places = reading.mentions
        draft.implied = [Relation(inner, "containedIn", outer, src) for inner, outer in reading.implied]
        draft.present = [Relation(inner, "containedIn", outer, src) for inner, outer in reading.present]
        draft.contains = reading.contains
        draft.place_parents = reading.parents
    draft.locations, draft.countries = _locations(draft.places, draft.implied, draft.gaz, draft.contains)


def _read_sides(draft: _Draft) -> None:
    draft.sides = tuple(draft.box.sides[n] for n in sorted(draft.box.sides))


def _read_infobox_perpetrators(draft: _Draft) -> None:
    """The infobox's perpetrators come first (its suspects, then its assailants, when it names none
    for certain); the prose adds to them."""
    draft.perpetrators = list(draft.box.perpetrators or draft.box.suspects or draft.box.assailants)


def _read_date(draft: _Draft) -> None:
    draft.date, draft.date_source = _event_date(draft.box, draft.article)


@dataclass
class _ProseReading:
    """What reading the prose carries from one sentence to the next."""

    finder: MentionFinder
    side_of_actor: dict[str, int]
    first_para: set[int]
    lead_ordinals: set[int]
    context_ordinals: set[int]
    paragraph_starts: set[int]
    event_years: set[int] | None
    previous_subject: ActorMention | None = None
    previous_speaker: Entity | None = None
    victims_outcome: Outcome | None = None  # "killed" once the paragraph counted the dead
    # "In March 1810, European whalers attacked …": a paragraph that opens in another year is about
    # another event, and its sentences that name no year of this one count its dead
    in_another_year: bool = False
    # "The massacre prompted retaliatory attacks. 400 rebels were killed … in revenge.": the rest of
    # the paragraph counts the reprisals' dead, not this event's
    after_reprisals: bool = False


def _start_prose(draft: _Draft) -> _ProseReading:
    article, gaz, sides = draft.article, draft.gaz, draft.sides
    extra_names: list[tuple[str, Entity]] = []
    named = list(draft.box.perpetrators) + list(draft.box.suspects) + list(draft.box.assailants)
    for member in [m for side_facts in sides for m in side_facts.members] + named:
        extra_names += [(member.surface, member.entity), (member.entity.label, member.entity)]
    lead = article.lead
    return _ProseReading(
        finder=MentionFinder(gaz, extra_names),
        side_of_actor={m.entity.id: s.number for s in sides for m in s.members},
        first_para={s.ordinal for s in lead.paragraphs[0].sentences} if lead and lead.paragraphs else set(),
        lead_ordinals={s.ordinal for p in lead.paragraphs for s in p.sentences} if lead else set(),
        context_ordinals=_context_sentences(article),
        paragraph_starts={
            p.sentences[0].ordinal for sec in article.sections for p in sec.paragraphs if p.sentences
        },
        event_years=_years(draft.date),
    )


def _read_prose(draft: _Draft) -> None:
    """Every sentence: who did it and who claimed it (all sentences), then, outside the sections
    about other events, methods, time of day, targets, participants, casualties and damage."""
    reading = _start_prose(draft)
    for sentence in draft.article.sentences:
        text = sentence.text
        mentions = reading.finder.find(text)
        for m in mentions:
            draft.aliases[m.entity.id].add(m.surface)
        subject = subject_of(text, mentions)
        speaker, said_by = _speaker(text, mentions, draft.gaz, reading.previous_speaker, subject)
        src = replace(sentence_source(sentence), speaker=speaker, said_by=said_by)
        draft.sentence_sources[sentence.ordinal] = src
        if sentence.ordinal in reading.paragraph_starts:
            reading.victims_outcome = None
            reading.in_another_year = _opens_in_another_year(text, reading.event_years)
            reading.after_reprisals = False
        _read_attribution(draft, reading, sentence, mentions, src)
        if subject is not None:
            reading.previous_subject = subject
        if speaker is not None:
            reading.previous_speaker = speaker
        if sentence.ordinal in reading.context_ordinals:
            continue
        _read_event_details(draft, text, mentions, src)
        if not _in_another_years_paragraph(reading, text):
            _read_participants(draft, reading, text, mentions, src)
        _read_sentence_casualties(draft, reading, sentence, speaker, src)


def _read_attribution(
    draft: _Draft, reading: _ProseReading, sentence: Sentence, mentions: list[ActorMention], src: Source
) -> None:
    """Perpetrators (the first paragraph, and sentences about responsibility) when the infobox
    names none (its Perpetrator(s) value is the answer when it has one), claims of responsibility
    and affiliations a sentence states."""
    text, gaz = sentence.text, draft.gaz
    in_first_para = sentence.ordinal in reading.first_para
    about_responsibility = bool(re.search(r"\bresponsib", text, re.I))
    reads_attackers = (
        not draft.box.perpetrators
        and (in_first_para or about_responsibility)
        # "no party claimed responsibility for the 2007 attack, but …": who did another year's
        and not _only_other_years(text, reading.event_years)
    )
    # who did or claimed it may be a group no list knows, named by its words ("the X Network")
    actors = mentions
    if reads_attackers or about_responsibility:
        actors = mentions + unknown_group_mentions(text, mentions, gaz)
    if reads_attackers:
        for m in find_perpetrators(text, actors):
            draft.perpetrators.append(Mention(m.entity, m.surface, src))
    if reads_attackers and in_first_para:
        for name, is_group in find_named_perpetrators(text):
            named = gaz.actor(name) if is_group else gaz.person_or_actor(name)
            draft.perpetrators.append(Mention(named, name, src))
    for status, claimer in find_responsibility(text, actors):
        draft.responsibility.append((status, claimer.entity if claimer else None, src))
        if status == "claimed" and claimer is not None:
            draft.claimants.append(Mention(claimer.entity, claimer.surface, src))
    for a, pred, b in find_affiliations(text, mentions, reading.previous_subject):
        draft.relations.append(Relation(a.entity, pred, b.entity, src))


def _read_event_details(draft: _Draft, text: str, mentions: list[ActorMention], src: Source) -> None:
    """A sentence's attack methods, the first time of day of an attack, and its targets (possible
    ones when the sentence hedges)."""
    for slug, label, qty, _s, _e in find_methods(text):
        draft.methods.append(MethodFact(Entity(f"method/{slug}", "AttackMethod", label), qty, src))
    if draft.time_of_day is None and ATTACK_WORDS_RE.search(text):
        tod = find_time_of_day(text)
        if tod:
            draft.time_of_day = (tod[0], src)
            draft.time_approximate = tod[1]
    hedged = target_hedge(text) is not None
    for m in find_targets(text, mentions):
        (draft.possible_targets if hedged else draft.targets).append(Mention(m.entity, m.surface, src))


def _read_participants(
    draft: _Draft, reading: _ProseReading, text: str, mentions: list[ActorMention], src: Source
) -> None:
    """Actors a sentence has take part that no side lists, and "Malian troops" as Mali's forces."""
    for m in participants_in(text, mentions):
        if m.entity.id not in reading.side_of_actor:
            draft.participants.append(Mention(m.entity, m.surface, src))
        for dm in DEMONYM_FORCE_RE.finditer(text):
            country = draft.gaz.lookup(dm.group("dem"), ("Country",))
            if country:
                forces = draft.gaz.actor(country.label)
                draft.participants.append(Mention(forces, dm.group(), src))


def _read_sentence_casualties(
    draft: _Draft, reading: _ProseReading, sentence: Sentence, speaker: Entity | None, src: Source
) -> None:
    """A sentence's casualty figures, and the material damage it counts."""
    text = sentence.text
    if _in_another_years_paragraph(reading, text) or reading.after_reprisals:
        return
    reading.after_reprisals = _PROMPTED_REPRISALS_RE.search(text) is not None
    for fig in _sentence_casualties(text, draft.article.source, reading.event_years, reading.victims_outcome):
        if fig.outcome == "killed":
            reading.victims_outcome = "killed"
        claimant = _claimant(fig, draft.gaz, speaker)
        total = fig.total or _is_total(fig, sentence, reading.lead_ordinals)
        draft.casualties.append(CasualtyFact(fig, src, None, fig.victim_group, claimant, total))
    for count, obj, _s, _e in _damage(text):
        draft.damage.append(DamageFact(count, obj, src))


_PROMPTED_REPRISALS_RE = re.compile(
    r"\b(?:prompted|sparked|provoked|triggered|led\s+to|resulted\s+in|set\s+off)\b[^.;]*?"
    r"\b(?:retaliatory|reprisal|reprisals|revenge)\b",
    re.I,
)
_OPENING_YEAR_RE = re.compile(
    # "Since the 2011 Libyan civil war, …": a background from an earlier year on
    rf"\s*(?:In|On|By|During|From|Since(?:\s+the)?)\s+(?:(?:early|late|mid-?)\s*)?(?:\d{{1,2}}\s+)?(?:(?:{MONTH_PATTERN})\s+)?"
    r"(?:\d{1,2},?\s+)?(?P<y>1[0-9]{3}|20[0-9]{2})\b"
)
_YEAR_IN_TEXT_RE = re.compile(r"(?<![0-9])(1[0-9]{3}|20[0-9]{2})(?![0-9])")


def _opens_in_another_year(text: str, event_years: set[int] | None) -> bool:
    """True for a paragraph's first sentence that opens with a date of a year not the event's."""
    m = _OPENING_YEAR_RE.match(text)
    return bool(event_years) and m is not None and int(m.group("y")) not in (event_years or ())


_YEARS_ATTACK_RE = re.compile(
    rf"\b[Tt]he\s+(1[0-9]{{3}}|20[0-9]{{2}})\s+(?:{ATTACK_NOUNS}|attacks|bombings)\b"
)


def _only_other_years(text: str, event_years: set[int] | None) -> bool:
    """True for a sentence about another year's attack ("the 2007 attack") that names no year of
    the event's."""
    return (
        bool(event_years)
        and _YEARS_ATTACK_RE.search(text) is not None
        and not _names_a_year_of(text, event_years)
    )


def _in_another_years_paragraph(reading: _ProseReading, text: str) -> bool:
    """A sentence of a paragraph that opened in another year, naming no year of this event."""
    return reading.in_another_year and not _names_a_year_of(text, reading.event_years)


def _names_a_year_of(text: str, event_years: set[int] | None) -> bool:
    return any(int(y) in (event_years or ()) for y in _YEAR_IN_TEXT_RE.findall(text))


def _add_claimants(draft: _Draft) -> None:
    """A lone attacker and the group that claimed the attack are both named as perpetrators; so is
    the claimant when nothing else names one."""
    if not draft.perpetrators or all(m.entity.kind == "Person" for m in draft.perpetrators):
        draft.perpetrators = draft.perpetrators + draft.claimants


def _drop_battle_sides_as_perpetrators(draft: _Draft) -> None:
    """In a battle whose infobox names the sides (Combatant columns) and no perpetrator, a state's
    force the prose says attacked ("a X Army attacked the camp") is one side of the battle, not
    its perpetrator; an armed group's raid on a base ("militants from X attacked") still is."""
    if draft.box.perpetrators or not draft.sides or not _is_battle_title(draft.article.title):
        return
    draft.perpetrators = [m for m in draft.perpetrators if m.entity.kind not in SOLDIER_KINDS]


def _is_battle_title(title: str) -> bool:
    """The title names a battle or a siege, and no massacre ("Battle of X", "X offensive", "Siege of
    X": a siege's besiegers are a side, as a battle's attackers are)."""
    kinds = [kind for pattern, kind in KIND_WORDS if re.search(pattern, title, re.I)]
    return ("Battle" in kinds or re.search(r"\bsiege\b", title, re.I) is not None) and "Massacre" not in kinds


def _read_infobox_casualties(draft: _Draft) -> None:
    """The infobox's casualty figures, each of its side when its column lists combatants."""
    side_members = draft.side_members
    for fig, src, column in draft.box.casualties:
        # a casualty column with no combatant in it (often the third) is civilian or unattributed
        side = column if column is not None and side_members.get(column) else None
        claimant = draft.gaz.claimant(fig.according_to) if fig.according_to else None
        group = fig.victim_group or _group_of_side(side_members.get(side or 0, ()))
        members = _members_named(fig.victim_text, side_members.get(side or 0, ()), draft.gaz)
        draft.casualties.append(CasualtyFact(fig, src, side, group, claimant, fig.total, members))


def _read_methods_and_kinds(draft: _Draft) -> None:
    """The infobox's method fields, then the event's classes from all that is known."""
    for value, src in draft.box.method_texts:
        for slug, label, qty, _s, _e in find_methods(value):
            draft.methods.append(MethodFact(Entity(f"method/{slug}", "AttackMethod", label), qty, src))
    draft.kinds, draft.kind_sources = _kinds(draft.article, draft.box, draft.methods, draft.sentence_sources)


def _check_draft(draft: _Draft) -> None:
    draft.inconsistencies = _check_consistency(draft.casualties, draft.sides, draft.perpetrators)


# The steps of ``extract``, in order (like a spaCy pipeline); each reads and adds to the draft.
STEPS: tuple[tuple[str, Callable[[_Draft], None]], ...] = (
    ("labels", _name_labels),
    ("places", _read_place_field),
    ("sides", _read_sides),
    ("infobox perpetrators", _read_infobox_perpetrators),
    ("date", _read_date),
    ("prose", _read_prose),
    ("claimants", _add_claimants),
    ("battle sides", _drop_battle_sides_as_perpetrators),
    ("infobox casualties", _read_infobox_casualties),
    ("methods and kinds", _read_methods_and_kinds),
    ("consistency", _check_draft),
)


def _facts_of(draft: _Draft) -> EventFacts:
    box = draft.box
    target_ids = {t.entity.id for t in draft.targets}
    return EventFacts(
        id=event_slug(draft.article.title),
        title=draft.article.title,
        labels=tuple(draft.labels),
        kinds=draft.kinds,
        kind_sources=draft.kind_sources,
        title_source=box.names[0][1] if box.names else None,
        date=draft.date,
        date_source=draft.date_source,
        time_of_day=draft.time_of_day,
        coordinates=box.coordinates,
        time_approximate=draft.time_approximate,
        part_of=tuple(box.part_of),
        places=tuple(draft.places),
        place_parents=tuple(draft.place_parents),
        implied_containment=tuple(draft.implied),
        present_containment=tuple(draft.present),
        locations=tuple(draft.locations),
        countries=tuple(draft.countries),
        sides=draft.sides,
        participants=tuple(unique_by_entity(draft.participants)),
        perpetrators=tuple(unique_by_entity(draft.perpetrators)),
        targets=tuple(unique_by_entity(draft.targets)),
        possible_targets=tuple(
            unique_by_entity(m for m in draft.possible_targets if m.entity.id not in target_ids)
        ),
        target_texts=tuple(box.targets),
        methods=tuple(draft.methods),
        responsibility=tuple(_dedupe_resp(draft.responsibility)),
        result=box.result,
        casualties=tuple(draft.casualties),
        damage=tuple(draft.damage),
        relations=tuple(_dedupe_rel(draft.relations)),
        kept=tuple(box.kept),
        inconsistencies=tuple(draft.inconsistencies),
        warnings=tuple(list(draft.article.warnings) + box.warnings),
    )


def _context_sentences(article: Article) -> set[int]:
    """Ordinals of the sentences about other events: those of a Background/Prelude/... section
    and of its subsections (``==Background==`` then ``===Deployment and goals===``)."""
    ordinals: set[int] = set()
    context_level: int | None = None
    for section in article.sections:
        if context_level is None or section.level <= context_level:
            is_context = bool(section.title and CONTEXT_SECTION_RE.search(section.title))
            context_level = section.level if is_context else None
        if context_level is not None:
            ordinals.update(s.ordinal for p in section.paragraphs for s in p.sentences)
    return ordinals


def _locations(
    places: list[Mention],
    implied: list[Relation],
    gaz: Gazetteer,
    contains: list[tuple[Entity, Entity]],
) -> tuple[list[Mention], list[Mention]]:
    """The event's locations are the most specific places named: those of the lowest level, and
    any other town that nothing else named is inside ("Bohama military camp, Chad, Gorgi, Borno
    State, Nigeria": the camp and Gorgi); its countries those at the top of the chain, or the country the
    gazetteers put the places in when none is named."""
    if not places:
        return [], []
    level = {"Site": 0, "Settlement": 1, "Region": 2, "Country": 3}
    lowest = min(level[m.entity.kind] for m in places)
    holders = _holders(places, gaz, contains)
    locations = [
        m
        for m in places
        if level[m.entity.kind] == lowest
        or (level[m.entity.kind] <= level["Settlement"] and m.entity.id not in holders)
    ]
    countries = [m for m in places if m.entity.kind == "Country"]
    if not countries:
        for m in places:
            c = gaz.country_of(m.entity)
            if c is not None:
                countries.append(Mention(c, c.label, m.source))
                break
    if not countries:
        for rel in implied:
            if rel.object.kind == "Country":
                countries.append(Mention(rel.object, rel.object.label, rel.source))
                break
    return locations, countries


def _holders(places: list[Mention], gaz: Gazetteer, contains: list[tuple[Entity, Entity]]) -> set[str]:
    """The ids of the named places some other named place lies inside (as written or as the hand
    gazetteer knows)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for inner, outer in contains:
        parents[inner.id].add(outer.id)
    holders: set[str] = set()
    for m in places:
        todo, seen = [m.entity.id], set()
        while todo:
            current = todo.pop()
            ups = parents[current] | {e.id for e in gaz.related(current, "containedIn")}
            todo += [u for u in ups if u not in seen]
            seen |= ups
        holders |= seen
    return holders


def _speaker(
    text: str,
    mentions: list[ActorMention],
    gaz: Gazetteer,
    previous: Entity | None,
    subject: ActorMention | None,
) -> tuple[Entity | None, str | None]:
    """Who a sentence is attributed to: an actor, or people named as written ("Residents of
    Sevare", "witnesses") when they are no actor; (None, None) when it is attributed to no one."""
    found = find_speaker(text, mentions)
    if found is None:
        return None, None
    surface, mention = found
    if surface == "they":
        return previous, None
    if mention is not None:
        return (gaz.claimant(mention.surface) if mention.entity.kind != "Person" else mention.entity), None
    if subject is not None and subject.start <= 25:
        return gaz.claimant(subject.surface), None
    if PEOPLE_SPEAKER_RE.match(surface):
        return None, surface
    if not surface or not surface[0].isupper() or COMMON_SPEAKER_RE.match(surface):
        return None, None
    return gaz.claimant(TITLE_WORDS_RE.sub("", surface).strip() or surface), None


COMMON_SPEAKER_RE = re.compile(
    r"^(?:no|some|many|several|residents|witnesses|locals|survivors|sources|officials|reports|media|villagers|"
    r"people|analysts|experts|observers|it|this|that|there)\b",
    re.I,
)
# people, not actors, a sentence may be attributed to: "Residents of Sevare said", "witnesses told"
PEOPLE_SPEAKER_RE = re.compile(
    r"^(?:(?:some|many|several|local|other)\s+)?(?:residents|witnesses|eyewitnesses|locals|survivors|"
    r"villagers|sources|officials|analysts|experts|observers|doctors|medics|relatives)\b",
    re.I,
)
TITLE_WORDS_RE = re.compile(
    rf"^(?:(?:analyst|journalist|researcher|spokesman|spokesperson|{OFFICE_WORDS}|"
    r"french|malian|nigerien|nigerian|burkinabe|local|gendarme|resident)\s+)+",
    re.I,
)


def _members_named(victims: str | None, members: tuple[Mention, ...], gaz: Gazetteer) -> tuple[Entity, ...]:
    """The members of a side that victim words name, by name or by their country's demonym:
    "3 Malian soldiers" of a side of the Malian Army and MINUSMA is the Malian Army's."""
    if not victims or len(members) < 2:
        return ()
    words = fold(victims)
    named: list[Entity] = []
    for m in members:
        names = {m.surface, m.entity.label, *m.entity.aliases}
        if any(fold(n) and re.search(rf"\b{re.escape(fold(n))}\b", words) for n in names):
            named.append(m.entity)
    for word in re.findall(r"\b[A-Z][\w'-]+", victims):
        country = gaz.lookup(word, ("Country",))
        if country is None:
            continue
        forces = gaz.actor(country.label)
        named += [m.entity for m in members if m.entity.id == forces.id]
    return tuple({e.id: e for e in named}.values())


def _claimant(fig: CasualtyFigure, gaz: Gazetteer, speaker: Entity | None) -> Entity | None:
    if fig.according_to:
        if fig.according_to.lower() in {"they", "he", "she", "it"}:
            return speaker
        return gaz.claimant(fig.according_to)
    return speaker


def _sentence_casualties(
    text: str, where: str | None, years: set[int] | None, victims_outcome: Outcome | None
) -> list[CasualtyFigure]:
    table = find_casualties_in_table(text)
    if table is not None:
        return table
    try:
        return find_casualties_in_sentence(text, event_years=years, victims_outcome=victims_outcome)
    except ValueGrammarError as exc:
        log.warning("%s: casualty phrase not understood in %r: %s", where or "<article>", text[:80], exc)
        return []


def _damage(text: str):
    try:
        return find_material_damage(text)
    except ValueGrammarError:
        return []


def _is_total(fig: CasualtyFigure, sentence: Sentence, lead: set[int]) -> bool:
    """A lead figure of unspecified people ("killing thirteen people") is the event's total."""
    return sentence.ordinal in lead and fig.victim_group in (None, "people")


def _group_of_side(members: tuple[Mention, ...]) -> str | None:
    kinds = {m.entity.kind for m in members}
    if not kinds:
        return None
    if kinds <= {"ArmedGroup"}:
        return "militants"
    if kinds <= SOLDIER_KINDS:
        return "soldiers"
    return None


def _event_date(box: InfoboxFacts, article: Article) -> tuple[DateValue | None, Source | None]:
    """The infobox Date; a lead date when the infobox has none, when the lead gives a range that
    starts on the infobox's day and goes on (the infobox often gives the first day only), or the
    day within the infobox's month or year."""
    infobox = box.date
    lead_date: tuple[DateValue, Source] | None = None
    rank = {"day": 3, "month": 2, "year": 1}
    if article.lead and article.lead.paragraphs:
        # the most precise date of the lead's first paragraph, the first of those if several
        for s in article.lead.paragraphs[0].sentences:
            try:
                found = find_dates(s.text)
            except ValueGrammarError:
                found = []
            for value, _start, _end in found:
                if lead_date is None or rank[value.precision] > rank[lead_date[0].precision]:
                    lead_date = (value, sentence_source(s))
    if infobox is None:
        lead_date = lead_date or _date_opening_a_lead_sentence(article)
        if lead_date is not None and lead_date[0].precision == "month":
            lead_date = _day_it_began(article, lead_date[0]) or lead_date
        return lead_date if lead_date else (None, None)
    value, src = infobox
    if lead_date is not None:
        lv = lead_date[0]
        extends = lv.start == value.start and lv.end and value.end and lv.end > value.end
        if extends and value.precision == "day" and not lv.night_of:
            return lv, lead_date[1]
        # "Date: March 1906" and the lead's "took place March 10, 1906": the day within the month
        within = value.precision in ("month", "year") and lv.precision == "day"
        if (
            within
            and lv.start.startswith(value.start)
            and (lv.end or "").startswith(value.end or value.start)
        ):
            return lv, lead_date[1]
    return value, src


_ON_A_DATE_RE = re.compile(r"\s*On\s+")


def _day_it_began(article: Article, month: DateValue) -> tuple[DateValue, Source] | None:
    """ "in August 2014 … The massacre began … on 3 August": the day within the lead's month that
    the first paragraph says the event began on."""
    for s in article.lead.paragraphs[0].sentences if article.lead and article.lead.paragraphs else ():
        day = day_it_began(s.text, month)
        if day is not None:
            return day, sentence_source(s)
    return None


def _date_opening_a_lead_sentence(article: Article) -> tuple[DateValue, Source] | None:
    """ "On October 2, 1968, in the Tlatelolco section …": a day that opens a sentence of the lead,
    the first such, when neither the infobox nor the lead's first paragraph dates the event."""
    for paragraph in article.lead.paragraphs if article.lead else ():
        for s in paragraph.sentences:
            opening = _ON_A_DATE_RE.match(s.text)
            if opening is None:
                continue
            try:
                found = find_dates(s.text)
            except ValueGrammarError:
                continue
            for value, start, _end in found:
                if start == opening.end() and value.precision == "day":
                    return value, sentence_source(s)
    return None


def _years(date: DateValue | None) -> set[int] | None:
    if date is None:
        return None
    first = int(date.start[:4])
    last = int(date.end[:4]) if date.end else first
    return set(range(first, last + 1))


def _kinds(
    article: Article, box: InfoboxFacts, methods: list[MethodFact], sentence_sources: dict[int, Source]
) -> tuple[tuple[str, ...], tuple[tuple[Source, ...], ...]]:
    """The event's classes, each with the sources that support it: the lead's first-paragraph
    sentences (and infobox method fields) whose words name it; the title's field (``Conflict``)
    only for a class that no sentence names."""
    texts = [article.title] + [name for name, _ in box.names] + [t for t, _ in box.method_texts]
    first = article.lead.paragraphs[0].sentences if article.lead and article.lead.paragraphs else ()
    lead = article.sentences[0].text if article.sentences else ""
    said: list[tuple[str, Source]] = [(s.text, sentence_sources[s.ordinal]) for s in first]
    said += list(box.method_texts)
    found: list[str] = []
    for pattern, kind in KIND_WORDS:
        if any(re.search(pattern, t, re.I) for t in texts):
            found.append(kind)
    if re.search(r"\bsuicide bomb", lead, re.I) and "SuicideBombing" not in found:
        found.append("SuicideBombing")
    if "SuicideBombing" in found and "Bombing" not in found:
        found.append("Bombing")
    car_bombs = [
        m.source for m in methods if m.method.id == "method/car-bomb" and m.source.kind == "sentence"
    ]
    if any(s.ordinal == 1 for s in car_bombs) and "Bombing" not in found:
        found.append("Bombing")
    if not found:
        found.append("Attack")
    order = ["Attack", "Bombing", "SuicideBombing", "Battle", "Massacre", "War"]
    kinds = tuple(sorted(set(found), key=order.index))
    words = dict((kind, pattern) for pattern, kind in KIND_WORDS)
    title_source = (box.names[0][1],) if box.names else ()
    sources = []
    for kind in kinds:
        support = tuple(dict.fromkeys(src for text, src in said if re.search(words[kind], text, re.I)))
        sources.append(support or title_source)
    return kinds, tuple(sources)


def _check_consistency(
    casualties: list[CasualtyFact], sides: tuple[SideFacts, ...], perpetrators: list[Mention]
) -> list[Inconsistency]:
    out: list[Inconsistency] = []
    perp_ids = {m.entity.id for m in perpetrators}
    attacker_sides = {s.number for s in sides if any(m.entity.id in perp_ids for m in s.members)}
    if not attacker_sides:
        attacker_sides = {
            s.number for s in sides if s.members and all(m.entity.kind == "ArmedGroup" for m in s.members)
        }
    infobox = [c for c in casualties if c.source.kind == "infobox" and not c.total]
    for outcome in ("killed", "injured"):
        figs = [c for c in infobox if c.figure.outcome == outcome]
        # competing claims: one side (or no side), one outcome, several claimants
        by_side: dict[int | None, list[CasualtyFact]] = defaultdict(list)
        for c in figs:
            by_side[c.side].append(c)
        summable = True
        for side, group in by_side.items():
            claimants = {c.according_to.id if c.according_to else None for c in group}
            if len(group) > 1 and len(claimants) > 1 and len({(c.victim_group) for c in group}) == 1:
                summable = False
                shown = "; ".join(
                    f"{c.figure.count.describe()} ({c.according_to.label if c.according_to else 'unattributed'})"
                    for c in group
                )
                where = f"side {side}" if side else "unattributed losses"
                out.append(
                    Inconsistency(
                        f"competing claims for {where}, {outcome}: {shown}", tuple(c.source for c in group)
                    )
                )
        totals = [
            c
            for c in casualties
            if c.total and c.figure.outcome == outcome and c.figure.count.exact is not None
        ]
        if not totals or not figs or not summable or any(c.figure.count.exact is None for c in figs):
            continue
        full = sum(c.figure.count.exact or 0 for c in figs)
        without = sum(c.figure.count.exact or 0 for c in figs if c.side not in attacker_sides)
        for t in totals:
            total = t.figure.count.exact
            if total == full:
                continue
            parts = " + ".join(str(c.figure.count.exact) for c in figs)
            note = (
                f"; it equals the sum without the attackers' losses ({without})"
                if attacker_sides and total == without
                else ""
            )
            out.append(
                Inconsistency(
                    f"total of {total} {outcome} ({t.source.kind} {t.source.ordinal}) differs from the infobox sum "
                    f"{full} ({parts}){note}",
                    (t.source, *(c.source for c in figs)),
                )
            )
    return out


def _dedupe_resp(items: list[tuple[str, Entity | None, Source]]) -> list[tuple[str, Entity | None, Source]]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for status, who, src in items:
        key = (status, who.id if who else None)
        if key not in seen:
            seen.add(key)
            out.append((status, who, src))
    return out


def _dedupe_rel(items: list[Relation]) -> list[Relation]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for r in items:
        key = (r.subject.id, r.predicate, r.object.id)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _with_seen_aliases(facts: EventFacts, aliases: dict[str, set[str]]) -> EventFacts:
    """Record every surface form seen in the prose on the entity it denotes."""

    def fix(e: Entity) -> Entity:
        extra = sorted(a for a in aliases.get(e.id, ()) if a != e.label and a not in e.aliases)
        return replace(e, aliases=(*e.aliases, *extra)) if extra else e

    def fix_m(ms: tuple[Mention, ...]) -> tuple[Mention, ...]:
        return tuple(replace(m, entity=fix(m.entity)) for m in ms)

    return replace(
        facts,
        sides=tuple(replace(s, members=fix_m(s.members)) for s in facts.sides),
        participants=fix_m(facts.participants),
        perpetrators=fix_m(facts.perpetrators),
        targets=fix_m(facts.targets),
        relations=tuple(replace(r, subject=fix(r.subject), object=fix(r.object)) for r in facts.relations),
    )
