"""Extraction rules on articles written for the tests (tests/fixtures/articles/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sevare_kg.extraction.article import read_article_file
from sevare_kg.extraction.gazetteer import Gazetteer, default_gazetteer_path
from sevare_kg.extraction.pipeline import extract

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
GAZ = Gazetteer.load(default_gazetteer_path())


def facts(name: str):
    return extract(read_article_file(FIXTURES / name), GAZ)


def figures(f, outcome: str) -> set[tuple[int | None, int | None, int | None]]:
    return {
        (c.figure.count.exact, c.figure.count.low, c.figure.count.high)
        for c in f.casualties
        if c.figure.outcome == outcome
    }


def test_suspected_perpetrator_is_resolved_without_the_note() -> None:
    f = facts("solhan.txt")
    assert [m.entity.id for m in f.perpetrators] == ["actor/jnim"]
    assert f.date.start == "2021-06-04" and f.date.end == "2021-06-05"
    assert ("unclaimed", None) in {(s, w) for s, w, _ in f.responsibility}


def test_a_claim_names_the_perpetrator_only_when_nothing_else_does() -> None:
    f = facts("indelimane.txt")
    assert [m.entity.id for m in f.perpetrators] == ["actor/islamic-state-sahel-province"]
    assert any(
        s == "claimed" and w is not None and w.id == "actor/islamic-state" for s, w, _ in f.responsibility
    )


def test_competing_figures_for_one_side_are_kept_apart_and_flagged() -> None:
    f = facts("indelimane.txt")
    assert (None, 49, 54) in figures(f, "killed")
    side1 = [c for c in f.casualties if c.side == 1 and c.figure.outcome == "killed"]
    assert [c.according_to.id for c in side1 if c.according_to] == ["actor/government-of-mali"]
    assert f.time_of_day and f.time_of_day[0] == "11:00:00"


def test_lower_tier_divisions_nest_inside_regions() -> None:
    f = facts("ogossagou.txt")
    assert [m.entity.label for m in f.places] == ["Ogossagou", "Bankass Cercle", "Mopti Region", "Mali"]
    assert [m.entity.label for m in f.locations] == ["Ogossagou"]
    assert f.date.start == "2019-03-23"
    assert [m.entity.label for m in f.perpetrators] == ["Dan Na Ambassagou"]


@pytest.mark.parametrize(
    "name,killed,injured",
    [
        ("damboa.txt", {(43, None, None), (31, None, None), (3, None, None)}, {(84, None, None)}),
        ("tessit.txt", {(42, None, None), (37, None, None)}, {(22, None, None)}),
    ],
)
def test_casualty_figures(name: str, killed: set, injured: set) -> None:
    f = facts(name)
    assert figures(f, "killed") == killed
    assert figures(f, "injured") == injured


def test_battles_without_an_attacker_have_no_perpetrator() -> None:
    f = facts("tessit.txt")
    assert f.perpetrators == ()
    assert {m.entity.id for s in f.sides for m in s.members} == {
        "actor/malian-armed-forces",
        "actor/islamic-state-sahel-province",
    }
    assert "Battle" in f.kinds


@pytest.mark.parametrize(
    ("said_by", "entity_id", "label"),
    [
        ("US-based Human Rights Watch", "actor/human-rights-watch", "Human Rights Watch"),
        ("the New York-based Human Rights Watch", "actor/human-rights-watch", "Human Rights Watch"),
        ("London-based Airwars", "actor/airwars", "Airwars"),
        ("Human Rights Watch", "actor/human-rights-watch", "Human Rights Watch"),
    ],
)
def test_a_claimant_is_named_without_where_it_is_based(said_by: str, entity_id: str, label: str) -> None:
    who = GAZ.claimant(said_by)
    assert (who.id, who.label) == (entity_id, label)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("The Malian government said that 47 militants were killed.", "The Malian government"),
        ("Analyst Lassane Ouedraogo said the attack was planned.", "Analyst Lassane Ouedraogo"),
        # passive voice: the subject is what was reported, not who reported it
        ("Seven soldiers were also reported missing.", None),
        ("At least 89 Nigerien soldiers were reported killed in the assault.", None),
        ("Responsibility for the attack was claimed by the Islamic State.", None),
        ("The attacks are estimated to have displaced 35,000 people.", None),
    ],
)
def test_who_a_sentence_is_attributed_to(sentence: str, speaker: str | None) -> None:
    from sevare_kg.extraction.prose import find_speaker

    found = find_speaker(sentence, [])
    assert (found[0] if found else None) == speaker


# --- rules written from dev-world half A (issue 16); made-up articles, not corpus text ----------


def facts_of(infobox: str, lead: str):
    """The facts of a small made-up article: an infobox (one ``- Key: value`` a line) and a lead."""
    from sevare_kg.extraction.article import parse_article

    return extract(parse_article(f"= Test event =\n\nInfobox\n{infobox}\n\n{lead}\n"), GAZ)


def test_an_abbreviation_in_brackets_after_an_infobox_name_is_an_alternative_name() -> None:
    f = facts_of(
        "- Perpetrators: Northern Valley Liberation Front (NVLF)",
        "On 3 May 1999, gunmen attacked the market of Eastbridge.",
    )
    [perp] = f.perpetrators
    assert perp.entity.label == "Northern Valley Liberation Front"
    assert "NVLF" in perp.entity.aliases
    # a bracketed casualty note is not an abbreviation
    from sevare_kg.extraction.names import abbreviation

    assert abbreviation("Colonel Arto Venn (KIA)") is None
    assert abbreviation("(NVLF)") is None


def test_a_lower_case_note_in_brackets_after_an_infobox_name_is_dropped() -> None:
    f = facts_of(
        "- Perps: Tomas Ruvel (gunman), Edda Ruvel (drove the car)",
        "On 3 May 1999, a shooting took place at the market of Eastbridge.",
    )
    assert [m.entity.label for m in f.perpetrators] == ["Tomas Ruvel", "Edda Ruvel"]
    # a capitalised bracket is part of the name, not a note
    from sevare_kg.extraction.names import clean_name

    assert clean_name("Liberation Army (Eastern Command)") == "Liberation Army (Eastern Command)"


def test_and_between_two_common_nouns_joins_one_description_not_two_names() -> None:
    f = facts_of(
        "- Perpetrators: local farmers and herders (per witnesses), Red Hill Militia",
        "On 3 May 1999, a massacre took place in Eastbridge.",
    )
    assert [m.entity.label for m in f.perpetrators] == ["local farmers and herders", "Red Hill Militia"]
    from sevare_kg.extraction.names import split_names

    # names on either side of 'and' are still two names
    assert split_names("Eastland and Westland") == ["Eastland", "Westland"]
    assert split_names("Eastland soldiers and Westland") == ["Eastland soldiers", "Westland"]
    assert split_names("Red Hill Militia and others") == ["Red Hill Militia"]


def _perpetrators_in(sentence: str, *names: str) -> list[str]:
    from sevare_kg.extraction.prose import MentionFinder, find_perpetrators

    finder = MentionFinder(GAZ, [(n, GAZ.actor(n)) for n in names])
    return [m.entity.label for m in find_perpetrators(sentence, finder.find(sentence))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Red Hill Militia launched a dawn raid on the village.", ["Red Hill Militia"]),
        ("The Red Hill Militia launched attacks on three villages.", ["Red Hill Militia"]),
        # what was launched or carried out is not an attack: an investigator, not a perpetrator
        ("Afterwards the Eastland Commission launched an investigation into the killings.", []),
        ("The Eastland Commission carried out a fact-finding mission in the town.", []),
        ("An inquiry was launched by the Eastland Commission.", []),
        ("The Eastland Commission launched a formal inquiry and found no survivors.", []),
        # hostage-taking is an attack, with a bracketed abbreviation and an agent noun between
        ("Five Red Hill Militia (RHM) gunmen took several hostages at the hotel.", ["Red Hill Militia"]),
        ("The Red Hill Militia held hostages for two days.", ["Red Hill Militia"]),
        # an attack verb with an aid convoy as its object is still an attack
        ("The Red Hill Militia attacked an aid convoy near the border.", ["Red Hill Militia"]),
    ],
)
def test_an_actor_that_launches_an_investigation_is_not_a_perpetrator(sentence: str, expected: list) -> None:
    assert _perpetrators_in(sentence, "Red Hill Militia", "Eastland Commission") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # a campaign, theatre or front of a war: both, innermost first
        (
            "the Lowland campaign of the Eastland–Westland conflict",
            ["Lowland campaign", "Eastland–Westland conflict"],
        ),
        (
            "the Delta campaign of the Southern theatre of the Great River War",
            ["Delta campaign", "Southern theatre", "Great River War"],
        ),
        # a link cut at a comma leaves "of the" behind
        ("the Northern Theater of the, Great River War", ["Northern Theater", "Great River War"]),
        # the aftermath or spillover of a war: the war
        ("the aftermath of the Eastland Civil War", ["Eastland Civil War"]),
        (
            "the Lowland insurgency and the spillover of the Eastland Civil War",
            ["Lowland insurgency", "Eastland Civil War"],
        ),
        # a war or operation fought "during" a larger one: both, innermost first
        ("the Lowland War during the Great River War", ["Lowland War", "Great River War"]),
        (
            "Operation Red Dawn during the Delta campaign of the Great River War",
            ["Operation Red Dawn", "Delta campaign", "Great River War"],
        ),
        # "and" before an article opens a second item, even between lower-case words
        ("the frontier conflict and the war on smuggling", ["frontier conflict", "war on smuggling"]),
        # "X, part of the Y": both
        ("the Lowland War, part of the Great River War", ["Lowland War", "Great River War"]),
        # "of" inside a war's own name is not nesting
        ("the War of the Two Rivers", ["War of the Two Rivers"]),
        ("Siege of Eastbridge; Great River War", ["Siege of Eastbridge", "Great River War"]),
        # a campaign named after its leader is one name; "of" a war without "the" still nests
        (
            "Western Campaign of Ivo Marel and the Lowland War",
            ["Western Campaign of Ivo Marel", "Lowland War"],
        ),
        ("the Lowland campaign of World War II", ["Lowland campaign", "World War II"]),
    ],
)
def test_a_part_of_value_names_each_war_and_campaign(value: str, expected: list) -> None:
    f = facts_of(f"- Partof: {value}", "On 3 May 1999, a battle was fought near Eastbridge.")
    assert [m.entity.label for m in f.part_of] == expected


def test_and_before_an_article_and_a_name_still_splits() -> None:
    from sevare_kg.extraction.names import split_names

    assert split_names("local militiamen and the Eastland Army") == ["local militiamen", "Eastland Army"]
    assert split_names("the frontier conflict and a war on smuggling") == [
        "frontier conflict",
        "war on smuggling",
    ]
    # without an article, 'and' between lower-case words still joins one description
    assert split_names("farmers and herders") == ["farmers and herders"]


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        (
            "The perpetrator was 31-year-old Tomas Ruvel, a former soldier from Eastbridge.",
            [("Tomas Ruvel", False)],
        ),
        (
            "The attackers were identified as Edda Ruvel and Piet Marow.",
            [("Edda Ruvel", False), ("Piet Marow", False)],
        ),
        ("The perpetrators were members of the Red Hill Militia.", [("Red Hill Militia", True)]),
        # someone acting on the perpetrator is not one
        ("The perpetrator was shot dead by Sergeant Ilse Varga.", []),
        ("The perpetrator was never identified.", []),
        ("Mayor Ilse Varga said the attack was planned.", []),
        # the agent of "was carried out / planned / perpetrated by": a group after "the"
        ("Officials said the blast was planned by the Lowland Network.", [("Lowland Network", True)]),
        (
            "The attack was allegedly carried out by Edda Ruvel and Piet Marow.",
            [("Edda Ruvel", False), ("Piet Marow", False)],
        ),
        ("The massacre was perpetrated by former soldier Tomas Ruvel.", [("Tomas Ruvel", False)]),
        # what was conducted is no attack; a claim is find_responsibility's, not a perpetrator
        ("Interviews were conducted by the Eastland Commission.", []),
        ("Responsibility was claimed by the Lowland Front.", []),
    ],
)
def test_the_lead_may_name_the_perpetrator_outright(sentence: str, names: list) -> None:
    from sevare_kg.extraction.prose import find_named_perpetrators

    assert find_named_perpetrators(sentence) == names


def test_a_lone_attacker_and_the_group_that_claimed_the_attack_are_both_perpetrators() -> None:
    f = facts_of(
        "- Location: Eastbridge",
        "On 3 May 1999, a truck was driven into a crowd in Eastbridge. The perpetrator was 31-year-old "
        "Tomas Ruvel, who was shot dead by Sergeant Ilse Varga. The Islamic State claimed responsibility "
        "for the attack.",
    )
    assert [(m.entity.label, m.entity.kind) for m in f.perpetrators] == [
        ("Tomas Ruvel", "Person"),
        ("Islamic State", "ArmedGroup"),
    ]


def test_a_subsection_of_the_background_is_about_other_events() -> None:
    from sevare_kg.extraction.article import parse_article

    article = parse_article(
        "= Battle of Eastbridge =\n\nInfobox\n- Date: 8–11 June 1999\n\n"
        "The Battle of Eastbridge was fought from 8 to 11 June 1999.\n\n"
        "==Background==\n\n===Skirmishes===\n\n"
        "On 1 June, snipers fired on the garrison, killing four soldiers and wounding seven.\n\n"
        "==Battle==\n\n"
        "On 9 June, shelling killed 12 soldiers.\n"
    )
    f = extract(article, GAZ)
    assert figures(f, "killed") == {(12, None, None)}
    assert figures(f, "injured") == set()


# --- slips found by reading the flagship article's graph (issue 16); made-up sentences -----------


@pytest.mark.parametrize(
    ("sentence", "methods"),
    [
        ("The army said the assault had been stopped by drones.", []),
        ("The raid was repelled with helicopter gunships and artillery.", []),
        ("Drones repelled the attackers near the gate.", []),
        ("Drones struck the convoy at dawn.", ["drone"]),
        ("The barracks were destroyed by a car bomb.", ["car-bomb"]),
    ],
)
def test_a_weapon_that_stopped_the_attack_is_not_its_method(sentence: str, methods: list[str]) -> None:
    from sevare_kg.extraction.prose import find_methods

    assert [slug for slug, *_ in find_methods(sentence)] == methods


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        ("An analyst said the gunmen were likely targeting the governor's convoy.", "likely"),
        ("The bombers may have targeted the police station.", "may have"),
        ("The attackers are believed to have targeted the barracks.", "believed to have"),
        ("The gunmen targeted the police station.", None),
        ("Nobody was hurt.", None),
    ],
)
def test_a_hedged_target_is_told_apart(sentence: str, hedge: str | None) -> None:
    from sevare_kg.extraction.prose import target_hedge

    assert target_hedge(sentence) == hedge


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Witnesses said the blast came around 7am.", ("07:00:00", True)),
        ("The shooting began shortly after 10 p.m.", ("22:00:00", True)),
        ("The bomb went off at 8:30am.", ("08:30:00", False)),
        ("The convoy left about 19:45 on Friday.", ("19:45:00", True)),
    ],
)
def test_a_time_of_day_says_whether_it_is_approximate(sentence: str, found: tuple[str, bool]) -> None:
    from sevare_kg.extraction.prose import find_time_of_day

    assert find_time_of_day(sentence) == found


def test_hedged_targets_member_casualties_attributed_times_and_kind_sources() -> None:
    f = facts_of(
        "- Conflict: Eastbridge attack\n- Combatant1: Malian Army, MINUSMA\n- Combatant2: Katiba Macina\n"
        "- Casualties1: 4 Malian soldiers killed, 2 killed\n- Casualties2: 9 killed",
        "On 3 May 2021, militants stormed a checkpoint in Eastbridge with a car bomb. Witnesses said the "
        "attack began around 6am. The checkpoint had been stopped by drones later. An analyst said the "
        "militants were likely targeting Wagner Group instructors.",
    )
    assert [m.entity.label for m in f.possible_targets] == ["Wagner Group"] and not f.targets
    assert f.time_of_day is not None and f.time_of_day[0] == "06:00:00" and f.time_approximate
    assert f.time_of_day[1].said_by == "Witnesses" and f.time_of_day[1].speaker is None
    assert {m.method.id for m in f.methods} == {"method/car-bomb"}
    members = {
        c.figure.text: [e.label for e in c.members] for c in f.casualties if c.source.kind == "infobox"
    }
    assert members == {"4 Malian soldiers killed": ["Malian Armed Forces"], "2 killed": [], "9 killed": []}
    # each kind cites the sentences that name it, not the Conflict field that also says "attack"
    assert dict(zip(f.kinds, f.kind_sources, strict=True)) == {
        "Attack": (f.time_of_day[1],),
        "Bombing": (next(m.source for m in f.methods),),
    }


def test_the_victims_of_a_paragraph_are_the_dead_it_counted() -> None:
    f = facts_of(
        "- Location: Eastbridge",
        "On 3 May 1999, militiamen killed 40 villagers in Eastbridge. Nine of the victims were children.\n\n"
        "Dozens were hurt in the stampede. Five of the victims were taken to the capital.",
    )
    assert figures(f, "killed") == {(40, None, None), (9, None, None)}


def test_html_breaks_and_rules_in_an_infobox_value_separate_its_items() -> None:
    f = facts_of(
        "- Combatant1: Eastland Army\n- Combatant2: Red Hill Militia<hr /> Lowland Defence Front<br>Hill Guards",
        "On 3 May 1999, a battle was fought near Eastbridge.",
    )
    side2 = next(s for s in f.sides if s.number == 2)
    assert [m.entity.label for m in side2.members] == [
        "Red Hill Militia",
        "Lowland Defence Front",
        "Hill Guards",
    ]
    from sevare_kg.extraction.names import split_names

    # a break left at the end of an item, before a comma, leaves no empty name
    assert split_names("Tomas Ruvel<hr />, Edda Ruvel") == ["Tomas Ruvel", "Edda Ruvel"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Eastland Army intervened in the fighting.", ["Eastland Army"]),
        # an actor named only in a fronted subordinate clause did not take part
        (
            "After the town fell to the Red Hill Militia, the Eastland Army sent reinforcements.",
            ["Eastland Army"],
        ),
        ("When the Red Hill Militia withdrew, the Eastland Army intervened.", ["Eastland Army"]),
        # without a fronted clause, every actor of the sentence is still one
        (
            "The Eastland Army and the Red Hill Militia took part in the clashes.",
            ["Eastland Army", "Red Hill Militia"],
        ),
    ],
)
def test_participants_are_the_actors_of_the_main_clause(sentence: str, expected: list) -> None:
    from sevare_kg.extraction.prose import MentionFinder, participants_in

    names = ("Red Hill Militia", "Eastland Army")
    finder = MentionFinder(GAZ, [(n, GAZ.actor(n)) for n in names])
    assert [m.entity.label for m in participants_in(sentence, finder.find(sentence))] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # the parts of a street address name no place
        (
            "Blue Lagoon Café, Plot 14, Street No 3, House 7/B, Westlands, Nairobi, Kenya",
            ["Blue Lagoon Café", "Westlands", "Nairobi", "Kenya"],
        ),
        # a postcode beside a known town is no part of its name, before or after it
        ("Nairobi 00100, Kenya", ["Nairobi", "Kenya"]),
        ("75001 Paris, France", ["Paris", "France"]),
        # a number beside an unknown name may be its own ("Gulshan 2"): kept
        ("Qqqville 4000, Mali", ["Qqqville 4000", "Mali"]),
        # a lower-case word for the kind of place after its name is dropped; a capitalised one is the name
        ("Marawi city, Philippines", ["Marawi", "Philippines"]),
        ("Kuwait City, Kuwait", ["Kuwait City", "Kuwait"]),
        ("Marawi city in Lanao del Sur", ["Marawi", "Lanao del Sur"]),
        # words placing the event relative to a place, or naming its kind before it, are no part of it
        ("Near Kunduz, Kunduz Province, Afghanistan", ["Kunduz", "Kunduz Province", "Afghanistan"]),
        ("the outskirts of Kano, Nigeria", ["Kano", "Nigeria"]),
        ("10 km north of Gao, Mali", ["Gao", "Mali"]),
        ("Between Mosul and Erbil, Iraq", ["Mosul", "Erbil", "Iraq"]),
        ("Off the coast of Somalia", ["Somalia"]),
        ("near the village of Bapho, Mali", ["Bapho", "Mali"]),
        ("Various locations in Sri Lanka", ["Sri Lanka"]),
        # unless the words are the place's own name
        ("Central African Republic", ["Central African Republic"]),
        ("City of London, England", ["City of London", "England"]),
    ],
)
def test_a_place_value_names_places_not_addresses_postcodes_or_kind_words(value: str, expected: list) -> None:
    f = facts_of(f"- Location: {value}", "On 3 May 1999, gunmen attacked a café.")
    assert [m.surface for m in f.places] == expected


def test_a_description_in_brackets_after_a_name_is_no_part_of_it() -> None:
    f = facts_of(
        "- Perpetrators: Lowland Defence Front (West African branch of the Red Hill Militia)",
        "On 3 May 1999, gunmen attacked the market of Eastbridge.",
    )
    assert [m.entity.label for m in f.perpetrators] == ["Lowland Defence Front"]
    from sevare_kg.extraction.names import clean_name

    assert clean_name("Tomas Ruvel (Militia commander of the North)") == "Tomas Ruvel"
    # a bracket of capitalised words and a name's small words is part of the name
    assert clean_name("Liberation Army (Eastern Command)") == "Liberation Army (Eastern Command)"
    assert clean_name("Front of the Valley (Army of the South)") == "Front of the Valley (Army of the South)"


def test_flag_markup_left_in_a_combatant_cell_is_no_part_of_a_name() -> None:
    f = facts_of(
        "- Combatant1: 23px|border|link Lowland Guard, 20px|link=|border Eastland Army\n- Combatant2: Link Road Brigade",
        "On 3 May 1999, a battle was fought near Eastbridge.",
    )
    assert [[m.entity.label for m in s.members] for s in f.sides] == [
        ["Lowland Guard", "Eastland Army"],
        ["Link Road Brigade"],
    ]
    # the word itself is no markup: only an image's option, between pipes, is
    g = facts_of(
        "- Combatant1: Border Guard Service\n- Combatant2: Eastland Army",
        "On 3 May 1999, a border battle was fought near Eastbridge.",
    )
    assert [[m.entity.label for m in s.members] for s in g.sides] == [
        ["Border Guard Service"],
        ["Eastland Army"],
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # the companions of a name are no participant of their own
        ("Eastland Army and allied militias", ["Eastland Army"]),
        ("Red Hill Militia and its allies", ["Red Hill Militia"]),
        ("Eastland, other armed groups", ["Eastland"]),
        # a capitalised "Allied Forces" is a name
        ("Allied Forces", ["Allied Forces"]),
        # "Unknown" and unidentified attackers name no one
        ("Unknown", []),
        ("unidentified gunmen", []),
        ("Unknown assailants, Red Hill Militia", ["Red Hill Militia"]),
        # a heading standing alone before its items ("Supported by:") is no name; its items are
        ("Eastland, Supported by:, Westland, Northland", ["Eastland", "Westland", "Northland"]),
        ("Eastland, Supported by: Westland", ["Eastland", "Westland"]),
    ],
)
def test_list_items_that_name_no_one_are_dropped(value: str, expected: list) -> None:
    from sevare_kg.extraction.names import split_names

    assert split_names(value) == expected


def test_another_name_of_an_actor_in_brackets_is_an_alias_not_a_second_actor() -> None:
    f = facts_of(
        "- Combatant1: ISIL (Daesh), Islamic State (Sinai Province)\n- Combatant2: Eastland Army",
        "On 3 May 1999, a battle was fought near Eastbridge.",
    )
    side1 = [m.entity for m in f.sides[0].members]
    assert [e.id for e in side1] == ["actor/islamic-state", "actor/islamic-state-sinai-province"]
    assert "Daesh" in side1[0].aliases
    # a bracketed part of a known actor ("Sinai Province") is another actor, named with it
    for written in ("ISIL / Daesh", "ISIL, also known as Daesh", "Daesh or ISIS"):
        f = facts_of(
            f"- Combatant1: {written}\n- Combatant2: Eastland Army", "On 3 May 1999, a battle was fought."
        )
        assert [m.entity.id for m in f.sides[0].members] == ["actor/islamic-state"], written
    # "also known as" says it of any name
    f = facts_of(
        "- Combatant1: Lowland Front, also known as the Hill Boys", "On 3 May 1999, a battle was fought."
    )
    [member] = f.sides[0].members
    assert (member.entity.label, member.entity.aliases) == ("Lowland Front", ("Hill Boys",))


def test_brackets_that_tell_two_groups_of_one_name_apart_make_two_participants() -> None:
    f = facts_of(
        "- Combatant1: Red Hill Militia (Varga loyalists)\n- Combatant2: Red Hill Militia (Ruvel faction)",
        "On 3 May 1999, a battle was fought near Eastbridge.",
    )
    members = [m.entity for s in f.sides for m in s.members]
    assert [e.label for e in members] == [
        "Red Hill Militia (Varga loyalists)",
        "Red Hill Militia (Ruvel faction)",
    ]
    assert all("Red Hill Militia" in e.aliases for e in members)
    assert len({e.id for e in members}) == 2
    # one side's plain name against the other's qualified one: two as well
    f = facts_of(
        "- Combatant1: Eastland Army\n- Combatant2: Eastland Army (defectors)",
        "On 3 May 1999, a battle was fought near Eastbridge.",
    )
    assert [[m.entity.label for m in s.members] for s in f.sides] == [
        ["Eastland Army"],
        ["Eastland Army (defectors)"],
    ]
    # a time or a hedge tells no groups apart, nor a role note within one side
    f = facts_of(
        "- Combatant1: Eastland Army (until 1998)\n- Combatant2: Eastland Army (alleged)",
        "On 3 May 1999, a battle was fought near Eastbridge.",
    )
    assert {m.entity.id for s in f.sides for m in s.members} == {"actor/eastland-army"}


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # a group no list knows, named by its words, that the lead says attacked or claimed it
        (
            "On 3 May 1999, Lowland Jihad Front militants attacked the market of Eastbridge.",
            ["Lowland Jihad Front"],
        ),
        (
            "On 3 May 1999, the Tigers of the Eastern Hills (TEH) stormed the base at Eastbridge.",
            ["Tigers of the Eastern Hills"],
        ),
        (
            "On 3 May 1999, a bomb exploded in Eastbridge. The Lashkar-e-Westland claimed responsibility.",
            ["Lashkar-e-Westland"],
        ),
        # whoever claims responsibility is named by the claim, whatever the name's words
        (
            "On 3 May 1999, a bomb exploded in Eastbridge. Westhamas later claimed responsibility.",
            ["Westhamas"],
        ),
        (
            "On 3 May 1999, a bomb exploded in Eastbridge. Responsibility was claimed by the Eastiban.",
            ["Eastiban"],
        ),
        ("On 3 May 1999, a bomb exploded in Eastbridge. Nobody claimed responsibility.", []),
        # a group named only as a target, a speaker or a place of the attack did not do it
        ("On 3 May 1999, gunmen attacked the offices of the Lowland Freedom Party.", []),
        ("On 3 May 1999, the Eastland Human Rights Council said gunmen attacked the village.", []),
    ],
)
def test_the_lead_may_name_a_group_no_list_knows(lead: str, expected: list) -> None:
    f = facts_of("- Location: Eastbridge", lead)
    assert [m.entity.label for m in f.perpetrators] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # the people of a group are the group
        ("Members of the Lowland Front", "Lowland Front"),
        ("10 gunmen from Lashkar-e-Westland", "Lashkar-e-Westland"),
        ("Red Hill Militia fighters", "Red Hill Militia"),
        # a capitalised people word opening a name is the group's own ("Soldiers of the …")
        ("Soldiers of the Eastern Dawn", "Soldiers of the Eastern Dawn"),
        # a description of people is kept whole ("X–linked militants" are no X)
        ("Lowland Front–linked militants", "Lowland Front–linked militants"),
        ("local farmers and herders", "local farmers and herders"),
        # a description, then the group's name in brackets: the name
        ("Hill separatists (Riyad-us Lowland Brigade)", "Riyad-us Lowland Brigade"),
        # a name with a place in brackets keeps it; a transliteration's particles are no description
        ("National Intelligence Service (Eastland)", "National Intelligence Service (Eastland)"),
        ("Jamaat-ul-Westland (Dhaka Command)", "Jamaat-ul-Westland (Dhaka Command)"),
    ],
)
def test_a_perpetrator_item_names_the_group_not_its_people(value: str, expected: str) -> None:
    f = facts_of(f"- Perpetrators: {value}", "On 3 May 1999, gunmen attacked the market of Eastbridge.")
    assert [m.entity.label for m in f.perpetrators] == [expected]


def test_the_infobox_perpetrators_are_the_answer_when_it_names_some() -> None:
    lead = (
        "On 3 May 1999, gunmen of the Red Hill Militia took hostages at a hotel in Eastbridge. "
        "The Eastland Army stormed the hotel the next day."
    )
    f = facts_of("- Perpetrators: Red Hill Militia\n- Combatant2: Eastland Army", lead)
    assert [m.entity.label for m in f.perpetrators] == ["Red Hill Militia"]
    # without a Perpetrator(s) value, the lead's attackers are the perpetrators
    f = facts_of("- Combatant1: Red Hill Militia\n- Combatant2: Eastland Army", lead.split(". ")[0] + ".")
    assert [m.entity.label for m in f.perpetrators] == ["Red Hill Militia"]


def _titled_facts(title: str, infobox: str, lead: str):
    from sevare_kg.extraction.article import parse_article

    return extract(parse_article(f"= {title} =\n\nInfobox\n{infobox}\n\n{lead}\n"), GAZ)


_SIDES = "- Place: Eastbridge\n- Combatant1: Westland\n- Combatant2: Eastland Kingdom"


@pytest.mark.parametrize(
    ("title", "lead", "expected"),
    [
        # in a battle, a state's army that attacked is one side, not the perpetrator
        ("Battle of Eastbridge", "On 3 May 1899, an Eastland Army attacked the camp at Eastbridge.", []),
        ("Eastbridge offensive", "On 3 May 1899, an Eastland Army attacked the camp at Eastbridge.", []),
        # an armed group's raid in a battle still has its perpetrator
        (
            "Battle of Eastbridge",
            "On 3 May 1999, Lowland Jihad Front militants attacked the base at Eastbridge.",
            ["Lowland Jihad Front"],
        ),
        # a massacre with Combatant columns keeps the force that carried it out
        (
            "Eastbridge massacre",
            "On 3 May 1899, an Eastland Army attacked the camp at Eastbridge.",
            ["Eastland Army"],
        ),
    ],
)
def test_a_battles_attacking_army_is_a_side_not_a_perpetrator(title: str, lead: str, expected: list) -> None:
    f = _titled_facts(title, _SIDES, lead)
    assert [m.entity.label for m in f.perpetrators] == expected


def test_the_notes_row_is_read_as_prose_for_casualty_figures() -> None:
    f = facts_of(
        "- Place: Eastbridge\n- Combatant1: Westland\n- Combatant2: Eastland\n- Casualties1: 20 killed\n"
        "- Notes: Of the 40 wounded Westland soldiers, 9 died of their wounds. No record of prisoners.",
        "On 3 May 1899, a battle was fought at Eastbridge.",
    )
    figures = {(c.figure.outcome, c.figure.count.exact) for c in f.casualties if c.source.kind == "infobox"}
    assert figures == {("killed", 20), ("injured", 40), ("killed", 9)}
    assert any(k.key == "Notes" for k in f.kept)


# "a massacre of <victims> by X": the victims stand between the attack noun and its agent; a group
# no list knows may have a dotted abbreviation in its name, and "in the <war>" after it is no part
# of the name (issue 16, written from the fresh set)
@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (
            "The Red Creek massacre was a massacre of Lowland and Upland villagers by the E.L. Army in the "
            "Eastland Border War that occurred in 1864.",
            ["E.L. Army"],
        ),
        ("The Red Creek massacre was a killing of sixty villagers by the Lowland Front.", ["Lowland Front"]),
        # a target named after "of" is no agent
        ("The Red Creek attack was an attack of the Lowland Front on the town.", []),
    ],
)
def test_the_agent_after_a_massacre_of_its_victims(lead: str, expected: list[str]) -> None:
    f = facts_of("- Date: 1864", lead)
    assert [m.entity.label for m in f.perpetrators] == expected


# the Assailant(s) row names who did it in person: the perpetrators when no Perpetrator(s) row names
# any (and the lead may still add the group behind them); beside one, kept as written only
@pytest.mark.parametrize(
    ("infobox", "expected"),
    [
        ("- Assailants: Lowland Police", ["Lowland Police", "Tomas Ruvel"]),
        ("- Assailant: Tomas Ruvel", ["Tomas Ruvel", "Red Hill Militia"]),
        ("- Perps: Lowland Front\n- Assailant: Tomas Ruvel", ["Lowland Front"]),
        # a count of attackers names no one
        ("- Assailants: 300–400 raiders", ["Tomas Ruvel", "Red Hill Militia"]),
    ],
)
def test_the_assailants_row_names_the_perpetrators_when_no_perpetrator_row_does(
    infobox: str, expected: list[str]
) -> None:
    f = facts_of(
        f"- Date: 3 May 1999\n{infobox}",
        "The attack was carried out by Tomas Ruvel. The Red Hill Militia claimed responsibility.",
    )
    assert [m.entity.label for m in f.perpetrators] == expected
    assert any(v.key.lower().startswith("assailant") for v in f.kept)


# coordinated attackers: a bracketed abbreviation after a name, and an agent noun before the next
# name ("X (ABC) and Islamist groups Y and Z attacked") keep the run together (issue 16)
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Rebels from the Red Hill Militia (RHM) and Islamist groups Lowland Front and Eastland Network "
            "attacked the garrison.",
            ["Red Hill Militia", "Lowland Front", "Eastland Network"],
        ),
        (
            "The Red Hill Militia and fighters from the Lowland Front stormed the town.",
            ["Red Hill Militia", "Lowland Front"],
        ),
        # a name the run does not reach is no attacker
        ("The Red Hill Militia attacked the town and the Lowland Front fought back.", ["Red Hill Militia"]),
    ],
)
def test_coordinated_attackers_with_agent_nouns_between(sentence: str, expected: list[str]) -> None:
    names = ("Red Hill Militia", "Lowland Front", "Eastland Network")
    assert _perpetrators_in(sentence, *names) == expected


# --- rules written from fresh2 half F (issue 16), after it was measured; made-up articles --------


def test_a_war_of_two_peoples_is_one_war() -> None:
    f = facts_of(
        "- Partof: the Eastland and Lowland War", "On 3 May 1755, a battle was fought near Eastbridge."
    )
    assert [m.entity.label for m in f.part_of] == ["Eastland and Lowland War"]
    f = facts_of("- Partof: the Lowland rebellion and Eastland War", "On 3 May 1755, a battle was fought.")
    assert [m.entity.label for m in f.part_of] == ["Lowland rebellion", "Eastland War"]


def test_a_present_day_name_is_the_place() -> None:
    f = facts_of("- Place: near present-day Eastbridge, Pennsylvania", "On 3 May 1755, a battle was fought.")
    assert [m.entity.label for m in f.places][:1] == ["Eastbridge"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # a count of people before their group's name, its people word after it
        ("3 RHM gunmen", ["RHM"]),
        # a hedge before the name; a part in it after the name
        ("Suspected Red Hill Militia", ["Red Hill Militia"]),
        ("Lowland Front involvement", ["Lowland Front"]),
        # a group and its leaders
        (
            "Eastland rebels led by Tomas Ruvel and Piet Marow",
            ["Eastland rebels", "Tomas Ruvel", "Piet Marow"],
        ),
    ],
)
def test_perpetrator_values_name_groups_and_leaders(value: str, expected: list[str]) -> None:
    f = facts_of(f"- Date: 3 May 1999\n- Perpetrators: {value}", "An attack took place.")
    assert [m.entity.label for m in f.perpetrators] == expected
    if "led by" in value:
        assert [m.entity.kind for m in f.perpetrators][1:] == ["Person", "Person"]


def test_a_known_name_that_a_longer_name_goes_on_from_is_not_that_name() -> None:
    from sevare_kg.extraction.prose import MentionFinder

    finder = MentionFinder(GAZ, [("Eastland Army", GAZ.actor("Eastland Army"))])
    assert [m.surface for m in finder.find("The Eastland Army of the Rhine retreated.")] == []
    assert [m.surface for m in finder.find("The Eastland Army retreated to the Rhine.")] == ["Eastland Army"]


# --- rules written from fresh3 half G (issue 16); made-up articles --------------------------------


def test_a_row_cut_out_of_an_images_markup_goes_back_to_its_row() -> None:
    from sevare_kg.extraction.article import parse_article

    text = (
        "= Test event =\n\nInfobox\n- Date: 3 May 2019\n- Perps: 20px\n"
        "- Class: skin-invert-image]] Red Hill Militia\n\nAn attack took place.\n"
    )
    article = parse_article(text)
    f = extract(article, GAZ)
    assert [m.entity.label for m in f.perpetrators] == ["Red Hill Militia"]
    src = f.perpetrators[0].source
    assert (src.key, text[src.start : src.end]) == ("Perps", "Red Hill Militia")


def test_a_name_before_a_colon_and_a_description_is_the_name() -> None:
    f = facts_of(
        "- Combatant1: Western Army: Forces loyal to Ivo Marel\n- Combatant2: Islamist groups: Lowland Front",
        "A battle was fought in 1600.",
    )
    assert [m.entity.label for s in f.sides for m in s.members] == ["Western Army", "Lowland Front"]


def test_a_slash_between_spaces_separates_two_places_and_a_present_day_item_holds_them() -> None:
    from sevare_kg.extraction.infobox import place_names

    names = place_names("Eastbridge / Westford Mino Province, present-day Gifu Prefecture, Japan", GAZ)
    assert names.names == ["Eastbridge", "Westford Mino Province", "Japan"]
    assert names.present == ["Gifu Prefecture"]
    # one name written two ways stays one
    assert (
        place_names("Maelbeek/Maalbeek metro station, Brussels", GAZ).names[0]
        == "Maelbeek/Maalbeek metro station"
    )


# --- rules written from fresh3 half H (issue 16), after it was measured; made-up articles --------


def test_a_bullet_between_names_separates_them() -> None:
    f = facts_of(
        "- Combatant1: Eastland Empire • Westland\n- Combatant2: 24px Lowland Front", "A battle in 1897."
    )
    assert [m.entity.label for s in f.sides for m in s.members] == [
        "Eastland Empire",
        "Westland",
        "Lowland Front",
    ]


def test_a_day_opening_a_later_lead_sentence_dates_an_event_the_infobox_does_not() -> None:
    f = facts_of(
        "- Location: Eastbridge",
        "The Eastbridge massacre was a massacre of students.\n\nIt followed months of protests.\n\n"
        "On October 2, 1968, in the Eastbridge square, soldiers opened fire on a crowd.",
    )
    assert f.date is not None and (f.date.start, f.date.end) == ("1968-10-02", "1968-10-02")


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # the agent of a killing, a force no list knows by its words ("… Forces", "… Police")
        (
            "The massacre was committed by the Eastland Armed Forces against students.",
            ["Eastland Armed Forces"],
        ),
        (
            "An estimated 30 villagers were killed by Eastlandish government forces.",
            ["Eastlandish government forces"],
        ),
        # those killed were the attackers: their killers are no perpetrators
        ("The three gunmen were shot dead by Eastland Police after the siege.", []),
        # the passive's subject suffered it
        ("24 Eastlandish soldiers were killed in the attack.", []),
    ],
)
def test_who_killed_is_the_perpetrator_unless_the_killed_were_the_attackers(
    lead: str, expected: list
) -> None:
    f = facts_of("- Date: 2 October 1968", lead)
    assert [m.entity.label for m in f.perpetrators] == expected


# --- rules written from fresh4 (issue 16), after it was measured; made-up articles ----------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "- Perpetrators: Red Hill Militia with the consent of the Government of Eastland",
            ["Red Hill Militia"],
        ),
        (
            "- Perpetrators: Riflemen of the 9th Lowland Rifles, the 54th Sikhs",
            ["9th Lowland Rifles", "54th Sikhs"],
        ),
        (
            "- Perps: Eastland Special Anti-Terrorism and Special Operations units",
            ["Eastland Special Anti-Terrorism and Special Operations units"],
        ),
        (
            "- Perpetrator: Eastlandish military and police | reported death(s) = 85",
            ["Eastlandish military", "Eastlandish police"],
        ),
        # Infobox military operation's "Executed by"
        ("- Executed By: Eastland", ["Eastland"]),
    ],
)
def test_perpetrator_rows_as_the_templates_write_them(row: str, expected: list[str]) -> None:
    f = facts_of(f"- Date: 3 May 1999\n{row}", "An attack took place.")
    assert [m.entity.label for m in f.perpetrators] == expected


def test_a_bracket_with_in_names_where_the_place_lies_today() -> None:
    from sevare_kg.extraction.infobox import place_names

    names = place_names("Eastbridge, Archbishopric of Eastbridge, ( in Saxony-Anhalt, Germany)", GAZ)
    assert names.present == ["Saxony-Anhalt", "Germany"]


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # a passive attack verb's agent; a raid's leader after "led by"
        ("Eastland troops were ambushed by Lowland Front insurgents near the pass.", ["Lowland Front"]),
        (
            "It began as a raid by Chechen separatist forces led by Salman Raduyev against an airbase.",
            ["Chechen separatist forces", "Salman Raduyev"],
        ),
    ],
)
def test_agents_of_passive_attacks_and_leaders_of_raids(lead: str, expected: list[str]) -> None:
    f = facts_of("- Date: 3 May 1999", lead)
    assert [m.entity.label for m in f.perpetrators] == expected


def test_a_sieges_besiegers_are_a_side() -> None:
    from sevare_kg.extraction.article import parse_article

    text = (
        "= Siege of Eastbridge =\n\nInfobox\n- Date: 3 May 1649\n- Combatant1: Lowland\n- Combatant2: Eastbridge\n\n"
        "The port was besieged by Lowlandish Commonwealth forces under Ivo Marel.\n"
    )
    assert extract(parse_article(text), GAZ).perpetrators == ()


# --- rules written from fresh5 half K (issue 16) --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Eastland Air and Space Force", ["Eastland Air and Space Force"]),
        ("Eastland Army and Air Force", ["Eastland Army", "Air Force"]),
        ("Hamas and Islamic Jihad", ["Hamas", "Islamic Jihad"]),
        ("22px|M-19's flag M19", ["M19"]),
    ],
)
def test_names_sharing_a_head_and_a_flags_alt_text(value: str, expected: list[str]) -> None:
    from sevare_kg.extraction.names import split_names_with_surface

    assert [name for name, _surface in split_names_with_surface(value)] == expected


def test_a_polity_named_by_where_it_ruled_is_one_place() -> None:
    from sevare_kg.extraction.infobox import place_names

    assert place_names("Eastbridge, United Provinces, Company Rule in India", GAZ).names == [
        "Eastbridge",
        "United Provinces",
        "Company Rule in India",
    ]


def test_a_known_name_cut_at_and_is_one_name_and_a_lone_the_is_none() -> None:
    f = facts_of(
        "- Partof: the Great River War and the, Lowland War\n"
        "- Perpetrators: Islamic State of Iraq and the Levant",
        "An attack took place in 2016.",
    )
    assert [m.entity.label for m in f.part_of] == ["Great River War", "Lowland War"]
    assert [m.entity.label for m in f.perpetrators] == ["Islamic State"]


# --- rules written from fresh6 (issue 16), after it was measured ------------------------------------


def test_a_subdivision_lies_in_the_subdivision_iso_3166_2_puts_it_in() -> None:
    from sevare_kg.extraction.article import parse_article

    article = parse_article(
        "= Battle of X =\n\nInfobox\n- Place: Near Branxton, Northumberland, England\n\nA battle.\n"
    )
    f = extract(article, GAZ)
    parents = {
        m.entity.label: (p.label if p else None) for m, p in zip(f.places, f.place_parents, strict=True)
    }
    assert parents["Northumberland"] == "England" and parents["Branxton"] == "Northumberland"


def test_the_day_within_the_infobox_month_is_the_events_date() -> None:
    f = facts_of(
        "- Date: March 1906", "The Eastbridge massacre took place March 10, 1906, on the isle of Jolo."
    )
    assert f.date is not None and (f.date.start, f.date.end) == ("1906-03-10", "1906-03-10")


def test_a_template_parameter_left_at_the_end_of_a_value_is_no_part_of_it() -> None:
    f = facts_of("- Partof: the Eastland drug war |time-end =", "An attack took place in 2011.")
    assert [m.entity.label for m in f.part_of] == ["Eastland drug war"]


def test_and_inside_a_places_name_joins_a_part_of_item_again() -> None:
    f = facts_of("- Partof: the insurgency in Jammu and Kashmir", "An attack took place in 2019.")
    assert [m.entity.label for m in f.part_of] == ["insurgency in Jammu and Kashmir"]


def test_slopes_of_a_place_near_a_current_day_one() -> None:
    from sevare_kg.extraction.infobox import place_names

    names = place_names('Slopes of Eastbridge near the current-day "La Cima de Westford", Quito', GAZ).names
    assert names == ["Eastbridge", "La Cima de Westford", "Quito"]


# --- rules written from fresh7 (issue 16), after it was measured ------------------------------------


def test_a_hedge_after_the_name_a_grid_reference_a_coast_and_within() -> None:
    from sevare_kg.extraction.infobox import part_of_names, place_names

    f = facts_of("- Date: 3 May 2017\n- Perpetrators: Red Hill Militia suspected", "A bombing took place.")
    assert [m.entity.label for m in f.perpetrators] == ["Red Hill Militia"]
    assert place_names("Eastbridge, grid reference NH742450, Scotland", GAZ).names == [
        "Eastbridge",
        "Scotland",
    ]
    assert place_names("The eastern coast of Eastbridge Island", GAZ).names == ["Eastbridge Island"]
    assert [c for c, _ in part_of_names("the Lowland insurgency within the Great River War")] == [
        "Lowland insurgency",
        "Great River War",
    ]


# --- rules written from fresh8 (issue 16), after it was measured ------------------------------------


def test_times_of_day_between_the_days_of_a_date() -> None:
    from sevare_kg.extraction.values import parse_date

    d = parse_date("8:20 AM, October 13, – 2:00 PM, October 14, 2005 (27:40 hours)")
    assert (d.start, d.end) == ("2005-10-13", "2005-10-14")


def test_fresh8_value_patterns() -> None:
    from sevare_kg.extraction.infobox import part_of_names, place_names

    assert [
        c for c, _ in part_of_names("the Eastland Campaign of the Middle Eastern theatre in World War I")
    ] == [
        "Eastland Campaign",
        "Middle Eastern theatre",
        "World War I",
    ]
    assert [c for c, _ in part_of_names("the French campaign in Mali")] == ["French campaign in Mali"]
    names = place_names("IDP camp in Westford neighborhood, Eastbridge, villages", GAZ).names
    assert names == ["IDP camp", "Westford", "Eastbridge"]
    f = facts_of("- Date: 25 June 1996\n- Perpetrators: Lowland Front Al-Hejaz/Iran", "A bombing took place.")
    assert [m.entity.label for m in f.perpetrators] == ["Lowland Front Al-Hejaz", "Iran"]


def test_an_attack_on_a_target_by_its_attackers() -> None:
    f = facts_of(
        "- Date: 17 March 2019",
        "The raid was an attack on a military base in the town of Eastbridge, Mali, by the Lowland Front on 17 March 2019.",
    )
    assert [m.entity.label for m in f.perpetrators] == ["Lowland Front"]


# --- rules written from fresh9 (issue 16), after it was measured ------------------------------------


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (
            "The Red Hill Militia, the Lowland Front and the ethnic Fula (or Fulani) militant group National "
            "Alliance for the Protection of Fulani Identity and the Restoration of Justice (ANSIPRJ) claimed "
            "joint responsibility.",
            [
                "Red Hill Militia",
                "Lowland Front",
                "National Alliance for the Protection of Fulani Identity and the Restoration of Justice",
            ],
        ),
        (
            "It was the mass murder of Chechen civilians by Eastland Forces in April 1995.",
            ["Eastland Forces"],
        ),
        ("The outpost had been attacked by the Lowland Front earlier in the day.", ["Lowland Front"]),
    ],
)
def test_fresh9_perpetrator_patterns(lead: str, expected: list[str]) -> None:
    f = facts_of("- Date: 19 July 2016", lead)
    assert [m.entity.label for m in f.perpetrators] == expected


def test_a_cover_name_is_no_part_of_the_groups_name() -> None:
    f = facts_of(
        '- Date: 5 January 1976\n- Perps: Members of the Red Hill Militia using the covername "Lowland Action Force"',
        "A shooting took place.",
    )
    assert [m.entity.label for m in f.perpetrators] == ["Red Hill Militia"]


def test_fresh9_place_patterns() -> None:
    from sevare_kg.extraction.infobox import place_names

    assert place_names("On the Han River west of Eastbridge, Joseon Korea", GAZ).names == [
        "Han River",
        "Eastbridge",
        "Joseon Korea",
    ]
    names = place_names("Poltava, Tsardom of Russia ( Ukraine)", GAZ)
    assert (names.names, names.present) == (["Poltava", "Tsardom of Russia"], ["Ukraine"])
    assert place_names("Army Public School (APS), Peshawar", GAZ).present == []


# --- rules written from fresh10 (issue 16), after it was measured -----------------------------------


def test_fresh10_patterns() -> None:
    from sevare_kg.extraction.casualties import parse_infobox_casualties
    from sevare_kg.extraction.infobox import place_names
    from sevare_kg.extraction.values import parse_date

    d = parse_date("26 February 1993, 04:10 (GMT), 20 March 1993, 12:25 (GMT)")
    assert (d.start, d.end) == ("1993-02-26", "1993-03-20")
    d = parse_date("March 8, 2022 – May 2023")
    assert (d.start, d.end) == ("2022-03-08", "2023-05")
    # a later date in a remark is no end
    d = parse_date("9 June 2020 (reported 10 June 2020)")
    assert (d.start, d.end) == ("2020-06-09", "2020-06-09")
    assert place_names("Eastbridge, south of Westford on New Britain", GAZ).names == [
        "Eastbridge",
        "Westford",
        "New Britain",
    ]
    assert place_names("checkpoint on the road to Gao, Mali", GAZ).names == [
        "checkpoint on the road to Gao",
        "Mali",
    ]
    figs = parse_infobox_casualties("900+ (per ACLED), 50,000 refugees", "killed")
    assert [f.count.describe() for f in figs] == ["900+"]


# --- rules written from fresh11 (issue 16): half X read first, then half W ------------------------


def test_fresh11_casualty_patterns() -> None:
    from sevare_kg.extraction.casualties import find_casualties_in_sentence, parse_infobox_casualties

    def said(sentence: str) -> list[tuple[str, int | None]]:
        return [(f.outcome, f.count.exact) for f in find_casualties_in_sentence(sentence)]

    # figures of one value whose separator the export dropped
    figs = parse_infobox_casualties("25 dead 75 wounded")
    assert [(f.outcome, f.count.exact) for f in figs] == [("killed", 25), ("injured", 75)]
    assert [(f.outcome, f.count.exact) for f in parse_infobox_casualties("killed 5")] == [("killed", 5)]
    # where each died, the verb left out after the first
    assert said("Of the dead, 20 died at the scene, two later in hospital, one en route to a clinic.") == [
        ("killed", 20),
        ("killed", 2),
        ("killed", 1),
    ]
    # a breakdown after a colon
    assert said(
        "Six people were killed: one of the gunmen, a guard and four shoppers, two of whom were children."
    ) == [
        ("killed", 6),
        ("killed", 1),
        ("killed", 4),
        ("killed", 2),
    ]
    # "among the dead"
    assert said("Three teachers were among the dead and two guards were among the wounded.") == [
        ("killed", 3),
        ("injured", 2),
    ]
    # other events' tolls: reprisals that followed, what provoked it, earlier years
    assert (
        said("It led to revenge attacks by a militia, who killed 9 herders in the days that followed.") == []
    )
    assert said("The raid came in response to a vigilante group killing 7 rebels a week earlier.") == []
    assert said("In previous years, about twenty guards had been killed in the province.") == []
    assert said(
        "The raid was carried out in retaliation for the arrest of a leader and killed 12 people."
    ) == [("killed", 12)]
    # two outcomes in one figure are neither
    assert said("About 900 villagers were killed or abducted.") == []
    assert said("The column lost 120 killed, wounded or captured.") == []
    assert said("About 300 were killed, wounded, or missing.") == []
    assert said("5 killed, 7 wounded and 3 captured.") == [("killed", 5), ("injured", 7), ("captured", 3)]
    # each clause of a bracket is a note of its own: the source after a semicolon is the figure's
    figs = parse_infobox_casualties(
        "1,000 killed (some 4,000 were killed or abducted; per Valley Watch), 2,000 killed (per the UN)"
    )
    assert [(f.count.exact, f.according_to) for f in figs] == [(1000, "Valley Watch"), (2000, "the UN")]


def test_fresh11_names_dates_and_places() -> None:
    from sevare_kg.extraction.infobox import place_names
    from sevare_kg.extraction.values import DateValue, day_it_began

    # a country before a colon is a side of its own; another label stays a heading
    f = facts_of(
        "- Combatant1: Somalia: Northern Guard, Red Hill Militia\n- Combatant2: Rebel groups: Lowland Front",
        "",
    )
    labels = [[m.entity.label for m in side.members] for side in f.sides]
    assert labels == [["Somalia", "Northern Guard", "Red Hill Militia"], ["Lowland Front"]]
    # a name set off by commas, then the verb (and "the A and B Front" is one name)
    f = facts_of(
        "- Date: 3 May 1988",
        "Members of a separatist movement, the Coastal and Highland National Liberation Front, killed two guards.",
    )
    assert [m.entity.label for m in f.perpetrators] == ["Coastal and Highland National Liberation Front"]
    f = facts_of(
        "- Date: 3 May 1988",
        "Its founder, the Coastal Liberation Front, killed by soldiers in 1980, was buried at Eastbridge.",
    )
    assert f.perpetrators == ()
    # the day it began, within the lead's month
    month = DateValue("2014-08", "2014-08", "month")
    began = day_it_began("The siege began with raiders storming the town on 3 August, at dawn.", month)
    assert began is not None and (began.start, began.end) == ("2014-08-03", "2014-08")
    assert day_it_began("The siege began on 3 September.", month) is None
    assert day_it_began("It began on August 3, 2015.", month) is None
    # a town and its country run together where the comma was lost; "South Vietnam" is one name
    assert place_names("Lido Beach, Mogadishu Somalia", GAZ).names == ["Lido Beach", "Mogadishu", "Somalia"]
    assert place_names("Long Tan, South Vietnam", GAZ).names == ["Long Tan", "South Vietnam"]


# --- rules written from fresh12 (issue 16): half Y read first, then half Z ------------------------


def test_fresh12_casualty_patterns() -> None:
    from sevare_kg.extraction.casualties import find_casualties_in_sentence, parse_infobox_casualties

    def said(sentence: str) -> list[tuple[str, int | None, int | None]]:
        return [(f.outcome, f.count.exact, f.count.low) for f in find_casualties_in_sentence(sentence)]

    # more groups of victims between the count and the verb; a harm before the outcome
    assert said("Observers report that over 50 women, children and elderly were beaten and killed.") == [
        ("killed", None, 50)
    ]
    assert said("About 1,200 Japanese, Koreans, and Americans died on the island.") == [
        ("killed", 1200, None)
    ]
    assert said("The raid killed 5 soldiers, Eastland said.") == [("killed", 5, None)]
    assert said("It left 16 dead, 20 wounded and 9 taken as prisoners.") == [
        ("killed", 16, None),
        ("injured", 20, None),
        ("captured", 9, None),
    ]
    # a bare "N hostages" among figures that name their outcomes: taken; alone in Fatalities: dead
    figs = parse_infobox_casualties("30 killed (per RFI), Several dozen wounded, 2 hostages", "killed")
    assert [(f.outcome, f.count.exact) for f in figs] == [("killed", 30), ("captured", 2)]
    figs = parse_infobox_casualties("8 hostages and the gunman", "killed")
    assert [(f.outcome, f.count.exact) for f in figs] == [("killed", 8)]


def test_fresh12_layout_names_dates_and_places() -> None:
    from sevare_kg.extraction.article import parse_article
    from sevare_kg.extraction.infobox import place_names
    from sevare_kg.extraction.values import parse_date

    # a caption where the "Infobox" line should be: the field lines after it are still the infobox
    article = parse_article(
        "= Battle of Eastbridge =\n\nNew Westland\n- Conflict: Battle of Eastbridge\n- Date: 12/13 July 1943\n"
        "- Place: Kolombangara in the Solomon Islands\n\nThe battle was fought at night.\n"
    )
    assert [f.key for f in article.infobox] == ["Conflict", "Date", "Place"]
    assert any("stands where 'Infobox' should" in w for w in article.warnings)
    # a night across two days, written with a slash
    d = parse_date("12/13 July 1943")
    assert (d.start, d.end) == ("1943-07-12", "1943-07-13")
    assert parse_date("12/07/1943").start == "1943-07-12"
    # places: "outside", a plural "the villages of", a unit run into the region after it
    assert place_names("Lod Airport outside Tel Aviv, Israel", GAZ).names == [
        "Lod Airport",
        "Tel Aviv",
        "Israel",
    ]
    assert place_names("Around the villages of Eastbridge and Westford near Gao", GAZ).names == [
        "Eastbridge",
        "Westford",
        "Gao",
    ]
    assert place_names("Main Street, Eastbridge, County Westford Northern Ireland", GAZ).names == [
        "Main Street",
        "Eastbridge",
        "County Westford",
        "Northern Ireland",
    ]
    assert place_names("Kilmichael, County Cork, Ireland", GAZ).names == [
        "Kilmichael",
        "County Cork",
        "Ireland",
    ]
    # sides: fighters named by the group they belong to ("forces loyal to X" stays a name, as dev has it)
    f = facts_of(
        "- Combatant1: Mali\n- Combatant2: Fulani militants associated with Red Hill Militia and JNIM", ""
    )
    assert [m.entity.id for m in f.sides[1].members] == ["actor/red-hill-militia", "actor/jnim"]
    # "laid siege"; a unit and the group it belongs to ("X's Y")
    f = facts_of(
        "- Date: 6 October 2020",
        "Militants from Jama'at Nasr al-Islam wal Muslimin's Katiba Macina laid siege to the town of Eastbridge.",
    )
    assert {m.entity.id for m in f.perpetrators} == {"actor/jnim", "actor/katiba-macina"}


# --- rules written from fresh13 (issue 16): half Q read first, then half R ------------------------


def test_fresh13_casualty_patterns() -> None:
    from sevare_kg.extraction.casualties import find_casualties_in_sentence

    def said(sentence: str) -> list[tuple[str, str]]:
        return [(f.outcome, f.count.describe()) for f in find_casualties_in_sentence(sentence)]

    # set free, not taken
    assert said("Gunmen stormed the jail and released 300 prisoners.") == []
    assert said("Of the 300 prisoners who escaped, 40 were recaptured.") == []
    # what it answered ("served as retaliation for"), another event's toll it is compared with
    assert said("The raid served as retaliation for the death of one of the group's leaders.") == []
    assert (
        said("It was the deadliest raid, with more fatalities than the 22 killed in the siege of Eastbridge.")
        == []
    )
    assert said("The raid killed more than 30 people.") == [("killed", "30+")]
    # the toll's words: "the fatalities were … as high as", "may be as high as", "the bodies of"
    assert said("Records suggest the fatalities were likely to have been as high as 200.") == [
        ("killed", "200")
    ]
    assert said("The death toll may be as high as 150.") == [("killed", "150")]
    assert said("Residents claimed the bodies of 70 soldiers were taken away.") == [("killed", "70")]
    # an appositive part between the count and the verb; how badly
    assert said("Thirty people, 20 of whom were tourists, were killed.") == [("killed", "30")]
    assert said("Twenty were injured, 13 being severely injured and four being critically injured.") == [
        ("injured", "20"),
        ("injured", "13"),
        ("injured", "4"),
    ]


def test_fresh13_names_places_and_perpetrators() -> None:
    from sevare_kg.extraction.infobox import place_names
    from sevare_kg.extraction.names import split_names

    # an image size run into the name after it
    assert split_names("22pxCaucasian Imamate, 25px Russian Empire") == [
        "Caucasian Imamate",
        "Russian Empire",
    ]
    # "X Neighborhood of Y"; a one-word region is no second place inside a name ("… Massachusetts Bay")
    assert place_names("Deynile Neighborhood of Mogadishu, Somalia", GAZ).names == [
        "Deynile",
        "Mogadishu",
        "Somalia",
    ]
    assert place_names("Latin Quarter of Paris, France", GAZ).names == ["Latin Quarter of Paris", "France"]
    assert place_names("Deerfield, Province of Massachusetts Bay", GAZ).names == [
        "Deerfield",
        "Province of Massachusetts Bay",
    ]

    def perpetrators(lead: str) -> list[str]:
        return [m.entity.label for m in facts_of("- Date: 3 May 2005", lead).perpetrators]

    # the group those who investigated named
    assert perpetrators(
        "Security officials attributed responsibility for the attack to the Red Hill Militia."
    ) == ["Red Hill Militia"]
    assert perpetrators("The authorities blamed the bombing on the Lowland Front.") == ["Lowland Front"]
    assert perpetrators("A statement attributed to the Lowland Front denied it.") == []
    # "fired into a crowd"; a "… Service" is a group's name
    assert perpetrators("Troops from the Eastland National Security Service (ENSS) fired into a crowd.") == [
        "Eastland National Security Service"
    ]
    # two peoples' forces, and who led them between the subject and the verb
    assert perpetrators(
        "French and Native American forces under the command of Jean-Baptiste Hertel de Rouville attacked the town."
    ) == ["French and Native American forces"]
    assert perpetrators("The Lowland Front, led by Abu Eastbridge, attacked the town.") == ["Lowland Front"]


# --- rules written from fresh14 (issue 16): half S read first, then half T ------------------------


def test_fresh14_dates_and_casualties() -> None:
    from sevare_kg.extraction.casualties import find_casualties_in_sentence
    from sevare_kg.extraction.values import find_dates, parse_date

    # the Julian date in brackets beside the Gregorian one
    d = parse_date("22 November [O.S. 10 November] 1803 - 15 January [O.S. 3 January] 1804")
    assert (d.start, d.end) == ("1803-11-22", "1804-01-15")
    [(found, _s, _e)] = find_dates("The siege began on 22 November [O.S. 10 November] 1803.")
    assert (found.start, found.text) == ("1803-11-22", "22 November [O.S. 10 November] 1803")
    # places are no victims
    figs = find_casualties_in_sentence(
        "Nine people were killed by a gunman targeting three bars and a kiosk."
    )
    assert [(f.outcome, f.count.exact) for f in figs] == [("killed", 9)]
    # a paragraph that opens in another year counts another event's dead
    f = facts_of(
        "- Date: December 1809",
        "Sailors were killed in the harbour.\n\nIn March 1810, whalers attacked the island. Between 16 and 60 "
        "people died in the clash.\n\nIn 1809 the ship had sailed. Five sailors died at sea.",
    )
    assert figures(f, "killed") == {(5, None, None)}


def test_fresh14_names_and_places() -> None:
    from sevare_kg.extraction.infobox import place_names
    from sevare_kg.extraction.names import split_names

    # how many, and what they were, around the group's name; a year is no count; a claim in the row
    assert split_names("~240 Red Hill County Regulators militiamen and volunteers") == [
        "Red Hill County Regulators"
    ]
    assert split_names("2021 Eastland attacks") == ["2021 Eastland attacks"]
    assert split_names("Lowland Front claimed responsibility") == ["Lowland Front"]
    assert split_names("Undetermined") == []
    # "A or B" of two known groups: both
    f = facts_of("- Perpetrator: JNIM or ISGS (alleged by Burkina Faso)", "A bomb exploded.")
    assert [m.entity.id for m in f.perpetrators] == ["actor/jnim", "actor/islamic-state-sahel-province"]
    # a lower-case compass word and "in" before a name
    assert place_names("Eastbridge township in eastern Caldwell County, Missouri", GAZ).names == [
        "Eastbridge",
        "Caldwell County",
        "Missouri",
    ]
    assert place_names("Kargil district, in Jammu and Kashmir, India", GAZ).names == [
        "Kargil district",
        "Jammu and Kashmir",
        "India",
    ]
    assert place_names("Northern Ireland", GAZ).names == ["Northern Ireland"]
    # a town of another state than the one named is no match: a named place, not a wrong town
    f = facts_of("- Location: Fairview, Caldwell County, Missouri", "A raid took place.")
    assert "Costa Mesa" not in [m.entity.label for m in f.places]
    # who did another year's attack is not this one's
    f = facts_of(
        "- Date: 22 February 2006",
        "A bomb destroyed the dome. No party claimed responsibility for the 2007 attack, but officials said it "
        "had been carried out by the Lowland Front.",
    )
    assert f.perpetrators == ()


# --- rules written from fresh15 (issue 16): half U read first, then half V ------------------------


def test_fresh15_casualty_patterns() -> None:
    from sevare_kg.extraction.casualties import find_casualties_in_sentence, parse_infobox_casualties

    def found(sentence: str) -> list[tuple[str, str]]:
        return [(f.outcome, f.count.describe()) for f in find_casualties_in_sentence(sentence)]

    # steps of detention or trial before the execution; a manner adverb; a relative clause
    assert found("Over 60 men were arrested, tried and executed in the square.") == [("killed", "60+")]
    assert found("About 30 prisoners were sentenced to death and executed.") == [("killed", "30")]
    assert found("Five villagers were mistakenly killed by the patrol.") == [("killed", "5")]
    assert found("About 30 prisoners were killed in their cells.") == [("killed", "30")]
    assert found(
        "More than 50 people were executed, including three people who were killed at the gate."
    ) == [
        ("killed", "50+"),
        ("killed", "3"),
    ]
    # a rate is no figure; what it answered, with no determiner; an earlier event "just after"
    assert (
        found("The order set 20 hostages shot for every soldier killed and 10 for every soldier wounded.")
        == []
    )
    assert found("The raid came as a reprisal for rebel ambushes that killed six guards.") == []
    assert found("It came just after the murder of two traders, and the army sent troops.") == []
    # "N X and M Y killed, P X and Q Y wounded": each count the outcome of the group it is joined to
    assert [
        (f.outcome, f.count.exact)
        for f in parse_infobox_casualties(
            "40 men and 3 officers killed, 90 men and 7 officers wounded", "killed"
        )
    ] == [("killed", 40), ("killed", 3), ("injured", 90), ("injured", 7)]
    # the rest of a paragraph after "prompted reprisals" counts the reprisals' dead
    f = facts_of(
        "- Date: 3 May 1950",
        "Rebels burned the village, killing 70 people.\n\nThe killings prompted reprisal raids. About 300 rebels "
        "were killed by the army in revenge.\n\nTwelve more bodies were found later.",
    )
    assert figures(f, "killed") == {(70, None, None), (12, None, None)}


def test_fresh15_names() -> None:
    # "Unknown members of X" names X
    f = facts_of("- Perpetrators: Unknown members of Lowland Front", "Gunmen fired on a bus.")
    assert [m.entity.label for m in f.perpetrators] == ["Lowland Front"]
    f = facts_of("- Perpetrators: militants of the Eastern Brigade", "Gunmen fired on a bus.")
    assert [m.entity.label for m in f.perpetrators] == ["Eastern Brigade"]
    # a group's own name that opens with a capitalised people word stays whole
    f = facts_of("- Perpetrators: Soldiers of the Caliphate", "Gunmen fired on a bus.")
    assert [m.entity.label for m in f.perpetrators] == ["Soldiers of the Caliphate"]


def test_fresh15_half_v_patterns() -> None:
    from sevare_kg.extraction.casualties import find_casualties_in_sentence, parse_infobox_casualties
    from sevare_kg.extraction.names import split_names

    def box(value: str) -> list[tuple[str, str]]:
        return [(f.outcome, f.count.describe()) for f in parse_infobox_casualties(value, "killed")]

    # the parts of a figure of several outcomes are of no one outcome; driven out is not harmed
    assert box("2,000 men killed or captured including the chief, three captains and 40 nobles") == []
    assert box("30+ villagers killed, 9,000 villagers forced to flee") == [("killed", "30+")]
    # "the number of dead X was revised downward to N"
    [fig] = find_casualties_in_sentence("The number of dead guards was later revised downward to six.")
    assert (fig.outcome, fig.count.exact) == ("killed", 6)
    # a template leftover "or" names no one
    assert split_names("or") == []
    # suspected perpetrators are the perpetrators when no row names them for certain
    f = facts_of("- Susperps: Lowland Front,", "Gunmen fired on a bus.")
    assert [m.entity.label for m in f.perpetrators] == ["Lowland Front"]
    f = facts_of("- Perpetrators: Eastern Brigade\n- Susperps: Lowland Front", "Gunmen fired on a bus.")
    assert [m.entity.label for m in f.perpetrators] == ["Eastern Brigade"]
    # a paragraph that opens "Since the <earlier year> …" is background: no participants from it
    f = facts_of(
        "- Date: 4 June 2019",
        "Gunmen attacked a hotel in Eastbridge.\n\nSince the 2011 war, French forces fought the rebels of "
        "Ansar Dine in the north.",
    )
    assert "Ansar Dine" not in [m.entity.label for m in f.participants]


# --- rules written from fresh16 (issue 16): half M read first ---------------------------------------


def _article_facts(title: str, infobox: str, lead: str):
    from sevare_kg.extraction.article import parse_article

    box = f"Infobox\n{infobox}\n\n" if infobox else ""
    return extract(parse_article(f"= {title} =\n\n{box}{lead}\n"), GAZ)


def test_fresh16_an_event_with_no_place_row_is_placed_by_its_lead() -> None:
    # the locative phrase of the lead: a settlement noun vouches for a name no gazetteer knows
    f = facts_of(
        "- Date: 3 November 2016",
        "The Battle of Oldmoor occurred on 3 November 2016, in the village of Oldmoor, on the western "
        "outskirts of the Afghan city of Kunduz, between army commandos and insurgents.",
    )
    assert [m.surface for m in f.places] == ["Oldmoor", "Kunduz"]
    assert {m.source.kind for m in f.places} == {"sentence"}
    # a chain of names down to the country, one of them known
    f = facts_of(
        "- Date: 2 May 2019",
        "On 2 May 2019, gunmen attacked soldiers in Oldmoor, Borno State, northeastern Nigeria.",
    )
    assert [m.surface for m in f.places] == ["Oldmoor", "Borno State", "Nigeria"]
    assert [m.surface for m in f.countries] == ["Nigeria"]
    # a Place row wins over the lead
    f = facts_of("- Place: Herat, Afghanistan", "Gunmen attacked soldiers in Kunduz, Afghanistan.")
    assert [m.surface for m in f.places] == ["Herat", "Afghanistan"]
    # a name nothing vouches for is no place; nor is where another event happened
    assert facts_of("- Date: 2 May 2019", "Gunmen attacked soldiers at Redhill Farm.").places == ()
    # a landform's name vouches for itself
    f = facts_of("- Date: 2 May 1838", "The two armies met on the bank of the Redhill River on 2 May 1838.")
    assert [m.surface for m in f.places] == ["Redhill River"]
    f = facts_of("- Date: 2 May 1893", "Its last stand was compared to the Battle of Shiroyama in Japan.")
    assert f.places == ()


def test_fresh16_a_battle_with_no_place_is_placed_by_its_name() -> None:
    f = _article_facts(
        "Siege of Oldmoor", "- Combatant1: Ottoman Empire", "The siege of Oldmoor ended on 19 May 1515."
    )
    assert [m.surface for m in f.places] == ["Oldmoor"]
    # an attack's name gives a place only when the gazetteers know it
    f = _article_facts("Kunduz bombing", "", "A bomb exploded at a mosque, killing 12 people.")
    assert f.places == ()
    f = _article_facts("2016 Kunduz bombing", "", "On 1 May 2016, the Kunduz bombing killed 12 people.")
    assert [m.surface for m in f.places] == ["Kunduz"]
    f = _article_facts("Oldmoor bombing", "", "On 1 May 2016, the Oldmoor bombing killed 12 people.")
    assert f.places == ()


def test_fresh16_today_part_of_names_the_unit_alone() -> None:
    from sevare_kg.extraction.infobox import place_names

    written = place_names("Oldmoor, Cape Province (today part of Eastern Cape)", GAZ)
    assert written.names == ["Oldmoor", "Cape Province"]
    assert written.present == ["Eastern Cape"]


# --- rules written from fresh16 half N, read after half M's rules left it as it was ------------------


def test_fresh16_half_n_patterns() -> None:
    from sevare_kg.extraction.casualties import find_casualties_in_sentence

    def found(sentence: str) -> list[tuple[str, str]]:
        return [(f.outcome, f.count.describe()) for f in find_casualties_in_sentence(sentence)]

    # "N X killed M Y": the N did the killing; "N X killed" with no object, or "killed the next day",
    # are the N's deaths
    assert found("Three unidentified gunmen killed 19 people, including the pastor.") == [("killed", "19")]
    assert found("Two gunmen killed a policeman.") == []
    assert found("Five soldiers killed in the attack were buried.") == [("killed", "5")]
    assert found("The 3 soldiers killed the previous day were buried.") == [("killed", "3")]
    # a heading run into the row, an office before a name, "X via the Y": both X and the Y
    f = facts_of("- Perpetrators: Suspected perpetrators Lowland Front", "Gunmen fired on a bus.")
    assert [m.entity.label for m in f.perpetrators] == ["Lowland Front"]
    f = facts_of("- Perps: Governor Arto Venn via the Eastbridge Insular Police", "Police fired on a march.")
    assert [m.entity.label for m in f.perpetrators] == ["Arto Venn", "Eastbridge Insular Police"]
    # "the run-up to the Y" in Partof: part of Y
    f = facts_of("- Partof: the run-up to the 1994 Eastbridge general election", "Guards fired on a march.")
    assert [m.entity.label for m in f.part_of] == ["1994 Eastbridge general election"]
