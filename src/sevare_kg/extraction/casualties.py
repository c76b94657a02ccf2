"""Casualty phrases: figures of people killed, injured, missing or captured.

Two entry points share one phrase grammar:

* :func:`parse_infobox_casualties` for infobox values (``Casualties1..3``, ``Deaths``,
  ``Fatalities``, ``Injured``, ``Injuries``, ``Victims``, ``Result``), e.g.
  ``27 killed, 33 wounded, 7 missing (per Malian gov.), 40–50+ (per French press)``.
* :func:`find_casualties_in_sentence` for running prose, e.g. ``killing thirteen people and
  injuring 60 others``.

A figure is ``COUNT [VICTIM WORDS] OUTCOME`` (``3 Malian soldiers killed``, ``56 wounded``,
``Ten civilians ... were killed``, ``71 total deaths``) or ``VERB COUNT [VICTIM WORDS]``
(``killing thirteen people``, ``wounding four``), or ``death toll ... COUNT``. Coordinated figures
share an outcome (``killed fifteen soldiers and six civilians``; ``Ten civilians and three soldiers
were killed``; ``71 total deaths, including 62 civilians, five Kenyan soldiers, and all four
gunmen``). Figures about things (``Twenty buildings were damaged``, ``~50 vehicles destroyed``)
are not casualties: :func:`find_material_damage` returns those.

Decisions:

* Competing claims are separate figures, never summed; a parenthesised attribution
  (``(per Mali)``, ``(UN)``, ``(Malian claim)``) applies to every figure written since the previous
  attribution in the same value.
* A figure with no outcome word gets ``default_outcome`` (the caller knows the field: pass
  ``"killed"`` for Deaths/Fatalities and — by Wikipedia convention — Casualties fields, ``"injured"``
  for Injured/Injuries); with no default it is dropped.
* ``None`` gives a 0 figure only when it is the whole value and an outcome is known; ``Unknown``
  and vague words (``dozens``) give nothing.
* ``Total: 149 killed overall``, ``71 total deaths``, ``a total of``, and a figure followed by
  ``(including ...)`` are flagged ``total=True``.
* ``victim_group`` is taken from the head word of the victim words; plain ``people``/``others``/
  ``persons`` is ``"people"``; words the map does not know give ``None``.
* A total's parts are figures of the total's outcome: ``77 (8 by bombing, 67 by gunfire)``,
  ``108, including 25 men``, ``20 hostages (17 foreigners and 3 locals)``; ``(+1 attacker)`` and
  ``excluding the 7 attackers`` are figures beside it, not parts.
* ``N casualties``, ``N losses`` and ``N killed or wounded`` count both outcomes together: no figure.
* A figure in a relative clause about another event, one this event is compared with or placed
  at a distance in time from (``the deadliest since the X, which killed 13``; ``occurred days
  after the X, in which five were killed``), is not this event's.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Literal

from sevare_kg.errors import ValueGrammarError
from sevare_kg.extraction.values import (
    COUNT_PATTERN,
    MONTH_PATTERN,
    Count,
    find_counts,
    find_dates,
    match_count,
    parse_count,
)

__all__ = [
    "CasualtyFigure",
    "Outcome",
    "find_casualties_in_sentence",
    "find_material_damage",
    "parse_infobox_casualties",
    "victim_group",
]

Outcome = Literal["killed", "injured", "missing", "captured"]


@dataclass(frozen=True)
class CasualtyFigure:
    """One figure of one outcome, with the words it was read from and its offsets."""

    outcome: Outcome
    count: Count
    victim_group: str | None
    victim_text: str | None
    according_to: str | None
    start: int
    end: int
    text: str
    total: bool = False


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_GROUPS: dict[str, str] = {}


def _add(group: str, words: str) -> None:
    for w in words.split():
        _GROUPS[w] = group


_add(
    "civilians",
    "civilian civilians resident residents villager villagers passenger passengers guest guests "
    "hostage hostages child children woman women girl girls boy boys student students schoolgirls "
    "schoolchildren worker workers worshipper worshippers worshipers shopper shoppers locals farmer "
    "farmers herder herders miner miners trader traders pilgrims tourist tourists westerners "
    "foreigners expatriates teacher teachers journalist journalists patrons diners inhabitants "
    "non-combatants noncombatants elderly",
)
_add("people", "people persons person others individuals more them victims men")
_add(
    "soldiers",
    "soldier soldiers troop troops serviceman servicemen servicemembers gendarme gendarmes pilot pilots "
    "army military forces commando commandos paratrooper paratroopers marine marines legionnaire "
    "legionnaires personnel guard guards sailors airmen conscripts recruits",
)
_add(
    "militants",
    "militant militants jihadist jihadists gunman gunmen attacker attackers assailant assailants "
    "insurgent insurgents fighter fighters rebel rebels terrorist terrorists islamist islamists "
    "perpetrator perpetrators raider raiders bomber bombers extremists infiltrators militiamen "
    "combatants",
)
_add("peacekeepers", "peacekeeper peacekeepers helmets")
_add("police", "police policeman policemen officer officers cops constables")

_EQUIPMENT = set(
    "vehicle vehicles building buildings house houses home homes helicopter helicopters tank tanks "
    "aircraft plane planes jet jets truck trucks car cars pickup pickups motorcycle motorcycles "
    "motorbikes shop shops church churches mosque mosques school schools town towns village villages "
    "bridge bridges drone drones weapon weapons boat boats ship ships vessel vessels pirogues huts stores "
    "cruiser cruisers destroyer destroyers transports gunboats ironclads carriers submarines frigates "
    "structures properties bars kiosks cafes restaurants hotels nightclubs clubs markets offices "
    "apcs apc bombs bomb rifles guns artillery mortars rockets "
    # animals ("2,736 horses"): a battle's losses, no people
    "horses horse mules mule camels camel oxen cattle livestock donkeys animals".split()
)
_NON_PEOPLE = _EQUIPMENT | set(
    "days day hours hour minutes minute weeks week months month years year km kilometres kilometers "
    "miles mi metres meters percent times attacks attack strikes strike incidents cases groups group "
    "bases base camps camp countries regions provinces districts shots rounds kg tons tonnes "
    "dollars euros francs cfa battalions battalion companies platoons units "
    # events, not people: "killed in the three explosions" (plural only: "13 bombing victims")
    "blasts explosions bombings raids shootings ambushes clashes assaults waves sites locations "
    # what an attack is aimed at: "against two police targets killed 33"
    "targets objectives positions posts outposts checkpoints barracks garrisons".split()
)
_STOP = set(
    "and or of in at on the a an were was had have has are is be been being by from with to for that "
    "who which as during after before while when including but also all both reportedly later than "
    "into near between among across per not no nor this these those it its their his her there here "
    "then since until within aged age who whose en".split()  # "one en route to a hospital"
)
_OUTCOME_WORD: dict[str, Outcome] = {}
for _w in (
    "killed dead died deaths death fatalities kia slain murdered massacred executed perished beheaded "
    "decapitated bodies corpses".split()  # "the discovery of twelve bodies": twelve dead
):
    _OUTCOME_WORD[_w] = "killed"
for _w in "wounded injured injuries hurt wia".split():
    _OUTCOME_WORD[_w] = "injured"
for _w in "missing mia".split():
    _OUTCOME_WORD[_w] = "missing"
for _w in "captured kidnapped abducted prisoners arrested detained interned".split():
    _OUTCOME_WORD[_w] = "captured"
_TAKEN_WORDS = frozenset("hostage hostages captive captives".split())
_NONCAS = set(
    "released rescued freed evacuated displaced destroyed damaged burned burnt seized lost deployed "
    "stationed involved sent arrived recovered unharmed safe survived escaped fled surrendered defected "
    "deserted sick ill refugees evacuees".split()  # "12,000 sick", "50,000 refugees": no casualty figures
)
_AUX = set(
    "were was have has had been be being are is also reportedly all later confirmed reported alleged "
    "allegedly thought believed said feared estimated known to in total subsequently initially "
    "eventually likely probably found officially then ultimately apparently presumed presumably "
    "listed as either each subsequently now "
    "severely critically seriously gravely badly slightly lightly".split()  # "four people being critically injured"
)

# "were mistakenly killed", "were summarily executed": a manner adverb between the auxiliaries
_ADVERB_RE = re.compile(r"[a-z]{3,}ly")
_OF_THEM_RE = re.compile(r"\s+of\s+(them|whom|those)\b", re.I)
_OF_THE_RE = re.compile(r"\s+of\s+(?:the|these|those|their|its|his|her)\b", re.I)
_NOBODY_RE = re.compile(r"\b(?:no|any|every|each|the|which|this|that|some)\s+$", re.I)
_WORD_RE = re.compile(r"\s*(\([A-Z][\w-]*\)|[A-Za-z][\w'\u2019-]*)")
_QUOTE_RE = re.compile(r"[\"\u201c\u201d\u2019']?")
_UNIT_RE = re.compile(
    r"(?:-|\s*)(?:%|percent\b|per\s+cent\b|am\b|pm\b|a\.m\.|p\.m\.|h\b|km\b|mi\b|m\b|kg\b|hours?\b|"
    r"minutes?\b|days?\b|weeks?\b|months?\b|years?\b|year-old|miles?\b|kilomet|metres?\b|meters?\b|"
    r"st\b|nd\b|rd\b|th\b|:[0-9])",
    re.I,
)
_MULTI_OUTCOME_RE: list[tuple[re.Pattern[str], Outcome | None]] = [
    (re.compile(r"\s+taken\s+(?:as\s+)?(?:prisoner|hostage|captive)s?\b", re.I), "captured"),
    (re.compile(r"\s+shot\s+dead\b", re.I), "killed"),
    (re.compile(r"\s+gunned\s+down\b", re.I), "killed"),
    (re.compile(r"(?<=lives)\s+(?:were|was|had\s+been|have\s+been)\s+lost\b", re.I), "killed"),
    (re.compile(r"\s+lost\s+their\s+lives\b", re.I), "killed"),
    (re.compile(r"\s+unaccounted\s+for\b", re.I), "missing"),
    # "At least 4 ethnic Armenians … were among the dead"
    (re.compile(r"\s+(?:were|was)\s+(?:also\s+)?among\s+the\s+(?:dead|killed|fatalities)\b", re.I), "killed"),
    (re.compile(r"\s+(?:were|was)\s+(?:also\s+)?among\s+the\s+(?:wounded|injured)\b", re.I), "injured"),
    # "26,000 civilians forced to flee": driven out, not harmed
    (
        re.compile(
            r"\s+(?:(?:were|was|had\s+been)\s+)?(?:forced|made|compelled)\s+to\s+(?:flee|leave)\b", re.I
        ),
        None,
    ),
]
_LEFT_VERB_RE = re.compile(
    r"\b(?P<v>fatally\s+(?:shot|shooting|shoots|stabbed|stabbing|stabs|wounded|wounding|injured|injuring)|"
    r"killing|killed|kills|kill|murdering|murdered|massacring|massacred|executing|executed|"
    r"slaying|slew|slaughtering|slaughtered|claimed\s+the\s+lives\s+of|claiming\s+the\s+lives\s+of|"
    r"shot\s+dead|shooting\s+dead|gunned\s+down|gunning\s+down|beheaded|beheading|"
    r"lost|losing|loses|"
    r"injuring|injured|injures|injure|wounding|wounded|wounds|wound|hurting|"
    r"abducting|abducted|abducts|abduct|kidnapping|kidnapped|kidnaps|kidnap|capturing|captured|captures|"
    r"took|taking|takes|arrested|arresting|detained|detaining)"
    r"\s+(?P<tot>a\s+total\s+of\s+|a\s+further\s+|an\s+additional\s+)?(?:all\s+|only\s+|another\s+)?"
    # "killing its four occupants", "killed all their three hostages": a determiner before the count
    r"(?:(?:all\s+)?(?:its|his|her|their|the)\s+)?$",
    re.I,
)
_LEFT_VERB_OUTCOME: dict[str, Outcome] = {}
for _w in (
    "killing killed kills kill murdering murdered massacring massacred executing executed slaying slew "
    "slaughtering slaughtered lost losing loses claimed claiming shot shooting gunned gunning beheaded beheading "
    "fatally"
).split():
    _LEFT_VERB_OUTCOME[_w] = "killed"
for _w in "injuring injured injures injure wounding wounded wounds wound hurting".split():
    _LEFT_VERB_OUTCOME[_w] = "injured"
for _w in (
    "abducting abducted abducts abduct kidnapping kidnapped kidnaps kidnap capturing captured captures "
    "took taking takes arrested arresting detained detaining"
).split():
    _LEFT_VERB_OUTCOME[_w] = "captured"
_GAVE_FIGURE = r"given|reported|announced|released|published|provided|cited"  # "… by X"
_TOLL_RE = re.compile(
    r"(?:\b(?:death\s+toll|toll|(?<=the\s)fatalities|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|victims|people\s+killed)"
    # "the number of dead parliamentarians": the victims' noun after "dead"
    r"(?:(?<=dead)\s+(?!(?:and|or|was|is|were|had|has|rose|stood|reached)\b)(?-i:[a-z]+))?)"
    # "the death toll given by the Azerbaijani authorities is 613": who gives it, between
    rf"(?:\s+(?:{_GAVE_FIGURE})\s+by\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?[\w'’-]+(?=\s+(?:was|is|stood|stands|at)\b))?"
    r"(?:\s+(?:was|is|had|has|been|first|initially|later|officially|set|at|of|stood|rose|risen|to|"
    r"reached|climbed|put|estimated|raised|increased|revised|given|as|now|then|eventually|since|further|"
    r"up|upward|upwards|down|downward|downwards|lowered|a|an|range|ranges|ranged|ranging|from|between|"
    r"may|might|could|be|likely|have|thought|believed|were|are|as\s+high\s+as))*"
    r"|\b(?:deaths|death|killing|killings|murder|murders|massacre|lives|execution|executions|slaughter|"
    r"bodies|corpses|remains)\s+of)\s*[\"\u201c]?$",
    re.I,
)
# "19 September", "September 19" with no year (find_dates needs one): a day of the month
_DAY_BEFORE_MONTH_RE = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_PATTERN)
_MONTH_BEFORE_DAY_RE = re.compile(r"(?<![A-Za-z])" + MONTH_PATTERN + r"\s+$")
# "Also killed were eleven women", "Among the dead were three soldiers", "The dead include seven
# pilgrims": the outcome comes first
_INVERTED_OUTCOME_RE = re.compile(
    r"(?:\b(?:also|were|was)\s+|\bamong\s+the\s+|\bthe\s+|^\s*)"
    r"(?P<v>killed|dead|slain|murdered|executed|wounded|injured|kidnapped|abducted)\s+"
    r"(?:were|was|(?:also\s+)?include[sd]?|(?:also\s+)?included)\s+$",
    re.I,
)
# "Of those killed by X, eighteen were children", "Of the dead, 12 were soldiers": a part of the
# figure the phrase opened with, written as "N were GROUP"
_PART_OF_OUTCOME_RE = re.compile(
    r"\bof\s+(?:those|the|the\s+people|the\s+[0-9,]+(?:\s+people)?)\s+"
    r"(?P<v>killed|dead|slain|wounded|injured)\b[^.;:]*?,[^.;:]*$",
    re.I,
)
# "N of the victims": a part of the victims a figure before it counted (``victims_outcome``)
_AMONG_THE_VICTIMS_RE = re.compile(r"\bamong\s+(?:the|these|those)\s+(?:victims|dead)\b[^.;:]*$", re.I)
_OF_THE_VICTIMS_RE = re.compile(r"\s+of\s+(?:the|these|those)\s+victims\b", re.I)
_WERE_RE = re.compile(r"\s+(?:were|was)\b", re.I)
# "4,000 people in the camp were killed": a place between the victims and the outcome
_LOCATIVE_OUTCOME_RE = re.compile(
    r"\s+(?:in|at|inside|near|aboard|on)\s+(?:(?:the|a|an|their)\s+)?(?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:were|was|had\s+been|have\s+been)\s+(?:(?:also|reportedly|all)\s+)?"
    r"(?P<o>killed|slain|murdered|massacred|executed|wounded|injured|hurt|kidnapped|abducted)\b",
    re.I,
)
# "claimed 40 lives", "cost 12 lives", "took 7 lives"
_LIVES_LEFT_RE = re.compile(
    r"\b(?:claim(?:ed|ing|s)?|t(?:ook|aking|akes)|cost(?:ing|s)?)\s+(?:the\s+)?$", re.I
)
_SET_FREE_LEFT_RE = re.compile(
    r"\b(?:released|freed|rescued|liberated|releasing|freeing|rescuing|liberating)\s+"
    r"(?:(?:all|the|some|about|around|over|nearly|almost|more\s+than)\s+)*$",
    re.I,
)
_SET_FREE_RIGHT_RE = re.compile(
    r"\s+(?:prisoners|inmates|detainees|hostages|captives)\s+(?:who|that)\s+(?:had\s+)?"
    r"(?:escaped|fled|broke\s+out|were\s+(?:freed|released|rescued|set\s+free))\b",
    re.I,
)
_VAGUE_LEFT_RE = re.compile(r"\b(?:several|many|few|some|dozens\s+of|hundreds\s+of)\s+$", re.I)
# "almost half of the twenty-five justices dead": a share of a whole, which is no figure of the dead;
# "All, except five men and two women": those excepted were spared
_SHARE_LEFT_RE = re.compile(
    r"\b(?:half|a\s+third|a\s+quarter|two-thirds|most|many|some|several|majority)\s+of\s+(?:the|these|those|its|their)\s+$"
    r"|\b(?:except|excepting|save\s+for|but\s+for|apart\s+from)\s+(?:[\w-]+\s+){0,4}$",
    re.I,
)
_AGE_LEFT_RE = re.compile(r"\b(?:aged|age|ages|ageing|aging|old)\s+$", re.I)
_NAME_WORDS = r"[A-Z][\w'\u2019-]*(?:\s+(?:(?:and|&|of)\s+)?[A-Z][\w'\u2019-]*)*"
# what may stand between two coordinated figures: "in Gao, and", "of the Army, ", "from the A and B, ",
# ", including", " (" (a breakdown: "20 hostages (17 foreigners and 3 locals)"), "), " (after one),
# ", excluding the" (a figure beside it)
_LINK_RE = re.compile(
    # "31 died at the scene, three later in hospitals, one en route to a hospital": where each died
    r"(?:\s+(?:later\s+|subsequently\s+)?(?:in|at|near|from|by|en\s+route\s+to|on\s+the\s+way\s+to)\s+(?:the\s+|a\s+)?"
    + _NAME_WORDS
    + r"|\s+of\s+(?:the\s+)?(?=(?-i:[A-Z]))"
    + _NAME_WORDS
    + r")?"  # "of" a name: "of the Army", not "of the 40"
    r"\)?\s*[,;]?\s*(?:(?P<incl>including\s+)|(?P<paren>\((?:including\s+)?)"
    r"|(?:excluding|not\s+including|not\s+counting|besides|in\s+addition\s+to)\s+)?"  # beside it, not a part
    r"(?:(?:and|or|as\s+well\s+as|plus|along\s+with)\s+)?"
    r"(?:(?:all|another|the)\s+)?$",
    re.I,
)
_APPOSITIVE_PART_RE = re.compile(r"\s*,\s*(?:including|among\s+them)\s+", re.I)
# a distribution of a figure by place: "...; 10 in Nofaliya and 2 in Bin Jawad"
_CLAUSE_OPENS_RE = re.compile(r"[;:\u2014]\s*$")
_COLON_AFTER_RE = re.compile(r"\s*:\s")
_BY_PLACE_RE = re.compile(r"\s+(?:in|at|near|on|from)\s+(?:the\s+)?(?-i:[A-Z])")
_SENT_BOUND_RE = re.compile(r"[.!?][\"\u201d)]?\s+(?=[A-Z\"\u201c(])")
_ACCORDING_RE = re.compile(r"\baccording\s+to\s+(?P<who>[^,.;()]+?)\s*(?=[,.;()]|$)", re.I)
# "the death toll given by the Azerbaijani authorities is 613": who gave the figure
_GIVEN_BY_RE = re.compile(
    rf"\b(?:{_GAVE_FIGURE})\s+by\s+(?:the\s+)?"
    r"(?P<who>[^,.;()]+?)\s+(?=(?:is|was|are|were|stood|stands|at)\b)",
    re.I,
)
_SAY_RE = re.compile(
    r"\b(?:said|says|reported|reports|reporting|claimed|claims|claiming|stated|states|stating|"
    r"announced|announces|announcing|alleged|alleges|confirmed|confirms|estimated|estimating|"
    r"estimates|saying|told|citing)\b"
)
_SAYER_LOWER = set(
    "government army military ministry officials official authorities forces media sources source "
    "press spokesman spokesperson police the outlets agency".split()
)
_SAYER_MODIFIERS = set("local international foreign state state-run national regional independent".split())
# "the deadliest attack since the X, which killed N", "deadlier than the X, in which", "occurred days
# after the X, in which N were killed": a relative clause about another event, one this event is
# compared with or placed at a distance in time from ("took place after the rebels entered the
# village, where they killed 40" is this event), and a clause after such a distance in time
_OTHER_EVENT_CLAUSE_RE = re.compile(
    r"(?:\b(?:deadliest|bloodiest|worst|largest|biggest|most\s+(?:deadly|lethal|violent|serious))\b"
    r"[^.;]*?\bsince\s+"
    r"|\b(?:deadlier|bloodier|worse|larger|bigger|higher|greater|more\s+(?:deadly|lethal|violent|serious|"
    r"fatalities|deaths|casualties|victims))\b[^.;]*?\bthan\s+"
    r"|\b(?:occurred|occurring|came|coming|took\s+place|happened|followed|was\s+carried\s+out)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:hours?|days?|weeks?|months?|years?|shortly|soon)\s+(?:after|before)\s+)"
    r"(?:(?:in|at|during|for)\s+)?(?:the|a|an)\b[^.;]*?(?:,\s*|\s+)(?:in\s+which|during\s+which|which|that|where)\b"
    r"[^.;]*$"
    # "came a week after a bombing … in Kunduz killed 46 people": the clause after a distance in
    # time is the earlier event's, up to a clause of this one (", killing", ", and", "and killed")
    r"|\b(?:occurred|occurring|came|coming|took\s+place|happened|was\s+carried\s+out)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:hours?|days?|weeks?|months?|years?|shortly|soon|just|immediately)\s+"
    r"(?:after|before)\s+(?:the|a|an)\s+"
    r"(?:(?!,\s*(?:and|killing|leaving|wounding|injuring)\b|\s+and\s+(?:killed|left|wounded|injured)\b)[^.;])*$"
    # "a wave of revenge attacks by loyalists, who killed 14 civilians": the reprisals' own toll
    r"|\b(?:revenge|retaliatory|reprisal)\s+(?:attacks?|killings?|raids?|strikes?|bombings?|massacres?)\b"
    r"[^.;]*?(?:,\s*|\s+)(?:in\s+which|which|that|who)\b[^.;]*$"
    # "a reprisal attack, occurring in response to a civilian self-defense group killing 11 Boko
    # Haram extremists": the toll of what provoked it
    r"|\b(?:in\s+response\s+to|(?:in|as)\s+(?:a\s+)?(?:retaliation|revenge|reprisal)\s+(?:for|against)"
    r"|(?<!in\s)(?<!as\s)\b(?:retaliation|revenge|reprisal)\s+for|to\s+avenge)\s+"
    # "as a reprisal for insurgent attacks … that resulted in the deaths of ten German soldiers"
    r"(?:the|a|an|their|its|(?-i:[a-z]+\s+)?(?-i:[a-z]+s))\b"
    r"(?:(?!,\s*(?:and|killing|leaving|wounding|injuring)\b|\s+and\s+(?:killed|left|wounded|injured)\b)[^.;])*$"
    # "with more fatalities than the 22 killed in the Bardo National Museum attack": the other's toll
    r"|\b(?:more|fewer)\s+(?:fatalities|deaths|casualties|victims|people\s+killed)\s+than\s+(?:the\s+)?$"
    r"|\b(?:deadlier|bloodier)\s+than\s+(?:the\s+)?$"
    # "In previous years, about ten gendarmes had been killed": earlier years' toll, not this event's
    r"|\b(?:in|over|during)\s+(?:the\s+)?(?:previous|preceding|prior|past)\s+(?:[\w-]+\s+)?(?:years|decades)\b[^.;]*$",
    re.I,
)
_YEAR_RE = re.compile(r"(?<![0-9A-Za-z.,])(1[89][0-9]{2}|20[0-9]{2})(?![0-9]|[.,][0-9])")


def outcome_of_word(word: str) -> Outcome | None:
    """The outcome a word names ("killed", "Deaths", "WIA" …), or None."""
    return _OUTCOME_WORD.get(word.lower())


def victim_group(words: str | None) -> str | None:
    """The normalised group of victim words (head word decides), or None."""
    if not words:
        return None
    toks = [t.strip("()").lower() for t in re.findall(r"[\w'\u2019()-]+", words)]
    low = " ".join(toks)
    if "blue helmets" in low:
        return "peacekeepers"
    for t in reversed(toks):
        if t in _GROUPS:
            return _GROUPS[t]
        if t.endswith("s") and t[:-1] in _GROUPS:
            return _GROUPS[t[:-1]]
    return None


# --------------------------------------------------------------------------------------------
# Phrase analysis
# --------------------------------------------------------------------------------------------


@dataclass
class _Right:
    victim_text: str | None
    victim_head: str | None
    outcome: Outcome | None
    reject: bool  # the figure is not about people harmed (equipment, released, displaced ...)
    end: int  # end of the phrase (count + victims [+ outcome])
    entity_end: int  # end of count + victims
    total: bool
    both_outcomes: bool = False  # "40 casualties", "40 killed or wounded"


@dataclass(frozen=True)
class _VictimWords:
    """The words right after a count that say who was counted (``3 Malian soldiers``)."""

    words: tuple[tuple[str, int, int], ...]  # (word, start, end)
    end: int  # end of count + victims
    total: bool  # "71 total deaths"

    def span(self, text: str) -> str | None:
        return text[self.words[0][1] : self.words[-1][2]] if self.words else None

    @property
    def head(self) -> str | None:
        return self.words[-1][0].lower().strip("()") if self.words else None

    @property
    def names_things(self) -> bool:
        return any(w[0].lower() in _NON_PEOPLE for w in self.words)

    @property
    def counts_casualties(self) -> bool:
        """``500 casualties``, ``120 losses``: the dead and the wounded together, neither outcome."""
        return self.head in _CASUALTIES_NOUNS


@dataclass(frozen=True)
class _Tail:
    """What follows the victim words: an outcome, or a word saying they were not harmed."""

    outcome: Outcome | None
    not_harmed: bool  # released, displaced, destroyed ...
    end: int
    both_outcomes: bool = False  # "killed or wounded"


_TOTAL_AFTER_COUNT_RE = re.compile(r"\s+total\b", re.I)
_CASUALTIES_NOUNS = frozenset("casualties casualty losses".split())
# "killed or wounded", "dead and injured", "killed/wounded": both outcomes in one figure
_AND_THE_OTHER_OUTCOME_RE = re.compile(r"\s*(?:\s(?:or|and|and/or|&)\s|/)\s*(?P<w>[A-Za-z]+)\b", re.I)
# "killed, wounded or captured", "killed, wounded, or missing": a list of outcomes, one figure
_OUTCOMES_LISTED_RE = re.compile(
    r"\s*,\s*(?P<w1>[A-Za-z]+)\s*,?\s+(?:or|and|and/or)\s+(?P<w>[A-Za-z]+)\b", re.I
)
_KILLED_OR_WOUNDED_BEFORE_RE = re.compile(
    r"\b(?:killing|killed|wounding|wounded|injuring|injured|maiming|maimed)\s+(?:or|and|and/or)\s+$", re.I
)
_TOTAL_BEFORE_OUTCOME_RE = re.compile(r"\s*(?:total\s+|overall\s+)?", re.I)
_MAX_VICTIM_WORDS = 8
_MAX_AUXILIARIES = 8
# nouns that name an outcome but do not follow auxiliaries ("were deaths" is not a phrase)
_OUTCOME_NOUNS = ("deaths", "death", "fatalities", "injuries", "prisoners", "bodies", "corpses")


def _analyse_right(text: str, pos: int) -> _Right:
    """Who a count at ``pos`` counts and what happened to them, from the words after it."""
    victims = _read_victim_words(text, pos)
    quote = _QUOTE_RE.match(text, victims.end)
    after = quote.end() if quote else victims.end
    total = victims.total or _total_before_outcome(text, after) or _auxiliaries(text, after)[2]
    tail = _outcome_after(text, after, victims)
    return _Right(
        victims.span(text),
        victims.head,
        tail.outcome if tail else None,
        victims.names_things or victims.counts_casualties or bool(tail and tail.not_harmed),
        tail.end if tail else victims.end,
        victims.end,
        total,
        victims.counts_casualties or bool(tail and tail.both_outcomes),
    )


def _read_victim_words(text: str, pos: int) -> _VictimWords:
    """``186 of them children``, ``3 Malian soldiers``, ``71 total``: the victim words after a count."""
    p = pos
    qm = _QUOTE_RE.match(text, p)
    if qm:
        p = qm.end()
    total = False
    m = _TOTAL_AFTER_COUNT_RE.match(text, p)
    if m:
        total = True
        p = m.end()
    words: list[tuple[str, int, int]] = []
    of_them = _OF_THEM_RE.match(text, p)
    of_the = _OF_THE_RE.match(text, p) if not of_them else None
    if of_them:  # "186 of them", "186 of them children"
        words.append((of_them.group(1), of_them.start(1), of_them.end(1)))
        p = of_them.end()
    elif of_the:
        p = of_the.end()
    p = _collect_victim_words(text, p, words)
    if of_the and not words:
        p = of_the.start()
    return _VictimWords(tuple(words), p, total)


def _collect_victim_words(text: str, p: int, words: list[tuple[str, int, int]]) -> int:
    """Append the words from ``p`` that can name victims (up to a stop word); the end reached."""
    while len(words) < _MAX_VICTIM_WORDS:
        if any(rx.match(text, p) for rx, _oc in _MULTI_OUTCOME_RE):
            break
        m = _WORD_RE.match(text, p)
        if not m:
            break
        w = m.group(1).lower()
        if w in _STOP or w in _OUTCOME_WORD or w in _AUX or w in _NONCAS:
            break
        if w in ("total", "overall") or (w.endswith("ing") and len(w) > 5):
            break
        words.append((m.group(1), m.start(1), m.end(1)))
        p = m.end()
        if w.strip("()") in _NON_PEOPLE:
            break
    return p


def _total_before_outcome(text: str, p: int) -> bool:
    """``12 soldiers total killed``, ``5 overall dead``."""
    m = _TOTAL_BEFORE_OUTCOME_RE.match(text, p)
    return bool(m and m.group(0).strip())


def _auxiliaries(text: str, p: int) -> tuple[int, int, bool]:
    """The run of auxiliary words at ``p`` (``were also reported``): (its end, how many, has "total")."""
    steps = 0
    total = False
    while steps < _MAX_AUXILIARIES:
        wm = _WORD_RE.match(text, p)
        if not wm or not (wm.group(1).lower() in _AUX or _ADVERB_RE.fullmatch(wm.group(1))):
            break
        total = total or wm.group(1).lower() == "total"
        p = wm.end()
        steps += 1
    return p, steps, total


def _multi_word_outcome(text: str, p: int) -> _Tail | None:
    """``taken hostage``, ``shot dead``, ``lost their lives``, ``unaccounted for``."""
    for rx, oc in _MULTI_OUTCOME_RE:
        mm = rx.match(text, p)
        if mm:
            return _Tail(oc, oc is None, mm.end())
    return None


def _outcome_word_next(text: str, p: int) -> _Tail | None:
    """``killed``, ``total deaths``, ``released``: the outcome word (or not-harmed word) next."""
    p3 = _TOTAL_BEFORE_OUTCOME_RE.match(text, p)
    wm = _WORD_RE.match(text, p3.end() if p3 else p)
    if not wm:
        return None
    w = wm.group(1).lower()
    if w in _OUTCOME_WORD and _OUTCOME_WORD[w] == "captured" and w in _OUTCOME_NOUNS:
        later = _harm_after_captivity(text, wm.end())
        if later is not None:  # "30 prisoners were executed": the captives' later outcome
            return later
    if w in _OUTCOME_WORD and w in _HARM_VERBS and _OBJECT_NEXT_RE.match(text, wm.end()):
        return _Tail(None, True, wm.end())  # "Three gunmen killed 19 people": the three did it
    if w in _OUTCOME_WORD:
        return _outcome_tail(text, _OUTCOME_WORD[w], wm.end())
    if w in _NONCAS:
        return _Tail(None, True, wm.end())
    return None


# a verb of harm done to someone, and the start of an object after it: a count or a determiner
_HARM_VERBS = frozenset(
    "killed wounded injured executed murdered kidnapped abducted massacred slaughtered beheaded".split()
)
_OBJECT_NEXT_RE = re.compile(
    r"\s+(?:the|a|an|his|her|their|its|at\s+least|more\s+than|over|about|nearly|some|several|dozens|"
    r"hundreds|scores|\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b"
    # "killed two days later", "killed the previous day": when, not whom
    r"(?![\s-]*(?:\d+\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?|later|earlier)\b)"
    r"(?!\s+(?:previous|next|following|same|first|second|third|last|day|night|morning|evening|week|year)\b)",
    re.I,
)


def _harm_after_captivity(text: str, p: int) -> _Tail | None:
    """ "(30 prisoners) were killed", "were sentenced and executed": the death or the wound after a
    noun of captivity, if the words next give one."""
    harmed = _HARMED_AND_RE.match(text, p)
    tail = _outcome_after_auxiliaries(text, harmed.end() if harmed else p)
    if harmed and tail is None:
        tail = _outcome_word_next(text, harmed.end())
    return tail if tail is not None and tail.outcome in ("killed", "injured") else None


def _outcome_tail(text: str, outcome: Outcome, end: int) -> _Tail:
    """The outcome word's tail; ``killed or wounded`` counts casualties, neither deaths nor injuries."""
    m = _AND_THE_OTHER_OUTCOME_RE.match(text, end) or _OUTCOMES_LISTED_RE.match(text, end)
    if m is not None and m.re is _OUTCOMES_LISTED_RE and m.group("w1").lower() not in _OUTCOME_WORD:
        m = None
    other = _OUTCOME_WORD.get(m.group("w").lower()) if m else None
    if m and other is not None and other != outcome:  # "killed or abducted": no figure of either
        return _Tail(None, True, m.end(), both_outcomes=True)
    return _Tail(outcome, False, end)


def _outcome_after_auxiliaries(text: str, p: int) -> _Tail | None:
    """``were also reported killed``, ``are alleged to have been kidnapped``."""
    q, steps, _total = _auxiliaries(text, p)
    wm = _WORD_RE.match(text, q)
    if steps == 0 or steps >= _MAX_AUXILIARIES or not wm:
        return None
    for rx, oc in _MULTI_OUTCOME_RE:
        mm = rx.match(text, wm.start())
        if mm and oc:
            return _Tail(oc, False, mm.end())
    w = wm.group(1).lower()
    if w in _OUTCOME_WORD and w not in _OUTCOME_NOUNS:
        return _outcome_tail(text, _OUTCOME_WORD[w], wm.end())
    if w in _NONCAS:
        return _Tail(None, True, wm.end())
    return None


# tried in order at the end of the victim words (after a closing quote)
_OUTCOME_FINDERS = (_multi_word_outcome, _outcome_word_next, _outcome_after_auxiliaries)


# words that may stand between the victims and their outcome: an appositive ("Twelve people,
# including two children, were killed"), one more victim without a count ("Two officers and a
# civilian were killed")
_OUTCOME_GAPS = (
    re.compile(
        r"\s*,\s*(?:including|among\s+them|mostly|mainly|(?:most|many|all)\s+of\s+them"
        # "Thirty-eight people, 30 of whom were British, were killed"
        r"|[\w-]+\s+of\s+(?:whom|them)\s+(?:were|was))\b[^,.;()]*,",
        re.I,
    ),
    re.compile(
        r"\s*,?\s+(?:and|as\s+well\s+as|plus)\s+(?:a|an|another)\s+(?:[A-Za-z'\u2019-]+\s+){0,2}?"
        r"[A-Za-z'\u2019-]+(?=\s+(?:were|was|had|have|are|is)\b)",
        re.I,
    ),
)


# "over 100 women, children and elderly were …", "6,400 Japanese, Koreans, and Americans died":
# more groups of victims coordinated after the first
_MORE_VICTIMS_RE = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?"
    rf"(?:(?:{'|'.join(sorted(map(re.escape, _GROUPS), key=len, reverse=True))}|elderly)\b"
    r"|(?-i:[A-Z][a-z]+(?:s|ese)\b)))+",
    re.I,
)
# "four people who were killed", "30 men that had been shot dead": a relative clause of the victims
_RELATIVE_RE = re.compile(r"\s+(?:who|that)(?=\s+(?:were|was|had|have)\b)", re.I)
# "were tortured and killed", "were arrested and executed", "were sentenced to death and executed": a
# harm or a step of detention or trial before the outcome, the figure's outcome the last
_HARMED_AND_RE = re.compile(
    r"\s+(?:were|was|had\s+been|have\s+been)\s+(?:(?:tortured|raped|beaten|mutilated|robbed|assaulted"
    r"|arrested|detained|captured|abducted|kidnapped|rounded\s+up|tried|convicted|sentenced(?:\s+to\s+death)?)"
    r"(?:\s*,\s*|\s+and\s+))+(?=(?:killed|murdered|executed|slain)\b)",
    re.I,
)


def _outcome_after(text: str, p: int, victims: _VictimWords) -> _Tail | None:
    """The outcome the words after the victims give, if any."""
    relative = _RELATIVE_RE.match(text, p) if victims.words else None
    if relative:  # "four people who were killed": the relative clause says what happened to them
        p = relative.end()
    starts = [p] + [g.end() for g in (gap.match(text, p) for gap in _OUTCOME_GAPS) if g]
    more = _MORE_VICTIMS_RE.match(text, p) if victims.words else None
    if more:
        starts.append(more.end())
    # "were arrested and executed": the last outcome, before the first ("arrested" is one too)
    starts = [h.end() for h in (_HARMED_AND_RE.match(text, q) for q in starts) if h] + starts
    for start in starts:
        for finder in _OUTCOME_FINDERS:
            tail = finder(text, start)
            if tail is not None:
                return tail
    lm = _LOCATIVE_OUTCOME_RE.match(text, victims.end) if victims.words else None
    if lm:  # "4,000 people in the camp were killed"
        return _Tail(_OUTCOME_WORD[lm.group("o").lower()], False, lm.end())
    return None


def _left_outcome(
    before: str, group: str | None, head: str | None, after: str = ""
) -> tuple[Outcome | None, bool]:
    """Outcome given by the words just before a count; (outcome, total).

    ``after`` is the text right after the count and its victim words: "Of those killed, eighteen
    *were* children" needs it.
    """
    im = _INVERTED_OUTCOME_RE.search(before)
    if im:
        return _OUTCOME_WORD[im.group("v").lower()], False
    if head == "lives" and _LIVES_LEFT_RE.search(before):
        return "killed", False  # "claimed 40 lives", "took the lives"
    pm = _PART_OF_OUTCOME_RE.search(before)
    if pm and head is None and _WERE_RE.match(after):
        return _OUTCOME_WORD[pm.group("v").lower()], False
    m = _LEFT_VERB_RE.search(before)
    if m and _KILLED_OR_WOUNDED_BEFORE_RE.search(before, 0, m.start()):
        return None, False  # "killing or wounding 700": casualties, neither outcome
    if m:
        verb = m.group("v").split()[0].lower()
        oc = _LEFT_VERB_OUTCOME.get(verb)
        if verb in ("lost", "losing", "loses") and group not in (
            "soldiers",
            "civilians",
            "people",
            "police",
            "peacekeepers",
            "militants",
        ):
            return None, False
        if verb in ("took", "taking", "takes") and head not in (
            "hostages",
            "hostage",
            "prisoners",
            "captives",
            "prisoner",
            "captive",
        ):
            return None, False
        return oc, m.group("tot") is not None
    if _TOLL_RE.search(before):
        return "killed", False
    return None, False


def _is_day_of_month(count: Count, text: str, before: str, end: int) -> bool:
    """``19 September``, ``September 19``: a day written without a year, not a figure."""
    if not count.text.isdigit() or count.exact is None or not 1 <= count.exact <= 31:
        return False
    return bool(_DAY_BEFORE_MONTH_RE.match(text, end) or _MONTH_BEFORE_DAY_RE.search(before))


@dataclass
class _Cand:
    count: Count
    start: int
    cend: int
    right: _Right
    outcome: Outcome | None
    total: bool
    reject: bool


def _mask_dates(text: str) -> str:
    chars = list(text)
    for _v, s, e in find_dates(text):
        for i in range(s, e):
            chars[i] = "#" if not chars[i].isspace() else chars[i]
    return "".join(chars)


def _sentence_start(text: str, pos: int) -> int:
    w0 = max(0, pos - 600)
    start = w0
    for m in _SENT_BOUND_RE.finditer(text, w0, pos):
        start = m.end()
    return start


def _attribution(text: str, pos: int) -> str | None:
    s0 = _sentence_start(text, pos)
    nxt = _SENT_BOUND_RE.search(text, pos, pos + 600)
    s1 = nxt.start() + 1 if nxt else min(len(text), pos + 600)
    sent = text[s0:s1]
    am = _ACCORDING_RE.search(sent) or _GIVEN_BY_RE.search(text, s0, pos)
    if am:
        return am.group("who").strip() or None
    who: str | None = None
    for sm in _SAY_RE.finditer(text, s0, pos):
        chunk = text[max(s0, sm.start() - 80) : sm.start()].rstrip(" ,")
        toks = chunk.split()
        kept: list[str] = []
        for t in reversed(toks):
            bare = t.strip(",;:\"'")
            if not bare or t.endswith((",", ";", ":")) and kept:
                break
            if bare[0].isupper() or bare.lower() in _SAYER_LOWER:
                kept.append(bare)
            elif bare.lower() in ("of", "for", "de") and kept and kept[-1][0].isupper():
                kept.append(bare)
            elif bare.lower() in _SAYER_MODIFIERS and kept and kept[-1].lower() in _SAYER_LOWER:
                kept.append(bare)  # "local media", "state television": which media
            else:
                break
        while kept and kept[-1].lower() in ("of", "for", "de"):
            kept.pop()
        phrase = " ".join(reversed(kept)).strip()
        if phrase and phrase.lower() not in ("the", "later"):
            if phrase.split()[0] in ("Later", "However", "Then", "Meanwhile", "Also"):
                phrase = " ".join(phrase.split()[1:])
            who = phrase or who
    return who


# "between 150 (according to the Red Cross) and 300 (according to …)": a source in brackets after
# a count, blanked so the range reads whole (the sentence's attribution still names the first source)
_SOURCE_AFTER_COUNT_RE = re.compile(r"(?<=\d)\s*\((?:according\s+to|per|by|says?)\b[^()]*\)", re.I)


def _find(
    text: str, event_years: Collection[int] | None = None, victims_outcome: Outcome | None = None
) -> list[CasualtyFigure]:
    masked = _SOURCE_AFTER_COUNT_RE.sub(lambda m: " " * len(m.group()), _mask_dates(text))
    cands = [c for c in (_candidate(masked, *found, victims_outcome) for found in find_counts(masked)) if c]
    _share_outcomes_backward(cands, masked)
    _share_outcomes_forward(cands, masked)
    out: list[CasualtyFigure] = []
    for c in cands:
        if c.outcome is None or c.reject or _about_another_event(text, c.start):
            continue
        if not _about_another_year(text, c.start, event_years):
            out.append(_figure(text, c, c.outcome))
    return out


_RATE_RE = re.compile(r"\s+(?:for|per)\s+(?:every|each)\b", re.I)


def _candidate(masked: str, count: Count, s: int, e: int, victims_outcome: Outcome | None) -> _Cand | None:
    """A count that may be a casualty figure, with what the words around it say; None for a
    count that is not one (a measure, a day of the month, an age, "one" in "no one")."""
    if _UNIT_RE.match(masked, e):
        return None
    before = masked[max(0, s - 160) : s]
    if _is_day_of_month(count, masked, before, e):
        return None
    if _AGE_LEFT_RE.search(before) or _VAGUE_LEFT_RE.search(before) or _SHARE_LEFT_RE.search(before):
        return None
    if _SET_FREE_LEFT_RE.search(before) or _SET_FREE_RIGHT_RE.match(masked, e):
        return None  # "released 721 prisoners", "the 721 prisoners who escaped": set free, not taken
    if s > 0 and masked[s - 1] in "#-/$€£":
        return None
    if count.text.lower() == "one" and _NOBODY_RE.search(before):
        return None
    right = _analyse_right(masked, e)
    if _RATE_RE.match(masked, right.end):
        return None  # "100 hostages executed for every German soldier killed": a rate, no figure
    group = victim_group(right.victim_text)
    reject = right.reject
    outcome = right.outcome
    total = right.total
    if outcome is None and not reject:
        outcome, ltot = _left_outcome(before, group, right.victim_head, masked[right.entity_end :])
        total = total or ltot
    if outcome is None and not reject and count.exact != 1 and _OF_THE_VICTIMS_RE.match(masked, e):
        # "Eight of the victims were ...": a part of the dead counted before ("One of the
        # victims was X" names a person, not a figure)
        outcome = victims_outcome
    if (
        outcome is None
        and not reject
        and count.exact != 1
        and (
            re.match(r"\s+victims\b", masked[e:]) is not None
            or (_AMONG_THE_VICTIMS_RE.search(before) and _WERE_RE.match(masked, e))
        )
    ):
        # "reports 770 victims", "Among the victims, 155 were less than 10 years old": the victims
        # of the outcome the paragraph counts
        outcome = victims_outcome
    return _Cand(count, s, e, right, outcome, total, reject)


def _share_outcomes_backward(cands: list[_Cand], masked: str) -> None:
    """``killing X and Y``, ``killed X, including Y``: a figure takes the outcome of the one before;
    ``N were killed ...; 10 in A and 2 in B``: a distribution by place takes the last outcome."""
    last: Outcome | None = None
    head: _Cand | None = None  # "Ten people were killed: one of the bombers, eight civilians, ..."
    for i in range(1, len(cands)):
        c, prev = cands[i], cands[i - 1]
        if prev.outcome is not None and not prev.reject:
            last = prev.outcome
            if _COLON_AFTER_RE.match(masked, prev.right.end):
                head = prev
        if head is not None and _SENT_BOUND_RE.search(masked, head.right.end, c.start):
            head = None
        if head is not None and c.outcome is None and not c.reject and c.right.victim_text:
            c.outcome = head.outcome  # a part of the figure the colon opens a breakdown of
            head.total = True
            continue
        if c.outcome is None and not c.reject and last is not None and _opens_a_distribution(masked, c):
            c.outcome = last
        if c.outcome is None and not c.reject and prev.outcome is not None and c.start < prev.right.end:
            if _APPOSITIVE_PART_RE.fullmatch(masked, prev.right.entity_end, c.start):
                c.outcome = prev.outcome  # "Twelve people, including two children, were killed"
                prev.total = True
            continue
        if c.outcome is None and not c.reject and prev.outcome is not None:
            lm = _LINK_RE.match(masked[prev.right.end : c.start])
            if not lm or lm.end() != c.start - prev.right.end:
                continue
            if lm.group("paren") and not c.right.victim_text:
                continue  # a breakdown says of whom: "(17 foreigners ...)", not "(2 in May)"
            c.outcome = prev.outcome
            if lm.group("incl") or lm.group("paren"):
                prev.total = True


def _opens_a_distribution(masked: str, c: _Cand) -> bool:
    """``; 10 in Nofaliya``, ``: five at the Market``: a bare count by a place, opening a clause."""
    return (
        c.right.victim_text is None
        and _CLAUSE_OPENS_RE.search(masked, 0, c.start) is not None
        and _BY_PLACE_RE.match(masked, c.right.entity_end) is not None
    )


def _share_outcomes_forward(cands: list[_Cand], masked: str) -> None:
    """``X and Y were killed``: a figure takes the outcome of the one after."""
    for i in range(len(cands) - 2, -1, -1):
        c, nxt = cands[i], cands[i + 1]
        if c.outcome is None and not c.reject and nxt.outcome is not None:
            gap = masked[c.right.entity_end : nxt.start]
            if re.fullmatch(r"\s*,?\s*(?:and|or|as\s+well\s+as|plus)?\s*", gap) and gap.strip():
                c.outcome = nxt.outcome


def _about_another_year(text: str, pos: int, event_years: Collection[int] | None) -> bool:
    """``in 2019, killing 45 soldiers`` in an article about 2022: the nearest year before is another."""
    if not event_years:
        return False
    s0 = _sentence_start(text, pos)
    years = [int(y) for y in _YEAR_RE.findall(text, s0, pos)]
    return bool(years) and years[-1] not in event_years


def _about_another_event(text: str, pos: int) -> bool:
    """True when the figure at ``pos`` is in a relative clause about another, earlier event
    (``the deadliest since the 1980 bombing, which killed 13``)."""
    return _OTHER_EVENT_CLAUSE_RE.search(text, _sentence_start(text, pos), pos) is not None


def _figure(text: str, c: _Cand, outcome: Outcome) -> CasualtyFigure:
    """The figure a candidate gives, with its outcome."""
    end = max(c.right.end, c.cend)
    vt = c.right.victim_text
    return CasualtyFigure(
        outcome=outcome,
        count=c.count,
        victim_group=victim_group(vt),
        victim_text=vt,
        according_to=_attribution(text, c.start),
        start=c.start,
        end=end,
        text=text[c.start : end],
        total=c.total,
    )


def find_casualties_in_sentence(
    sentence: str, *, event_years: Collection[int] | None = None, victims_outcome: Outcome | None = None
) -> list[CasualtyFigure]:
    """Every casualty figure in a sentence (or paragraph) of prose, left to right.

    ``according_to`` is filled from in-sentence attributions (``according to X``, ``X said that``).
    ``event_years``: when given, a figure whose sentence names a year before it and the nearest such
    year is not one of these (``in 2019, killing 45 soldiers`` in an article about 2022) is
    skipped as being about another event. ``victims_outcome``: the outcome of "N of the victims" when
    the sentence gives none (the caller passes "killed" when the paragraph counted the dead before).
    """
    return _find(sentence, event_years, victims_outcome)


# --------------------------------------------------------------------------------------------
# Infobox values
# --------------------------------------------------------------------------------------------

_SEG_SEP_RE = re.compile(
    r",(?![0-9]{3}(?![0-9]))|;|-{2,}|\u2014{2,}|\n|\s+\+\s*(?=[0-9])|\s+(?:and|plus)\s+(?="
    + COUNT_PATTERN
    + r")",
    re.I,
)
_PAREN_RE = re.compile(r"\(([^()]*)\)")
_ATTR_PREFIX_RE = re.compile(
    r"^\s*(?:per|according\s+to|claimed\s+by|source:|sources?:|by|via)\s+(?P<who>.+?)\s*$", re.I
)
# "(Malian claim)", "(UN figures)": a name (capitalized, whatever the flag) before the noun;
# "(civilian/military estimate)" says what kind of estimate, not whose
_ATTR_SUFFIX_RE = re.compile(
    r"^\s*(?P<who>(?-i:[A-Z]).*?)(?:'s)?\s+(?:claims?|estimates?|figures?|sources?|reports?|count)\s*$", re.I
)
_INCL_RE = re.compile(r"^\s*(?:including|incl\.|of\s+which|of\s+whom)\s+(?P<rest>.+)$", re.I)
# "(+1 attacker)", "(excluding 7 attackers)", "(plus 3 police officers)": figures beside the main one
_EXTRA_RE = re.compile(
    r"^\s*(?:\+\s*|plus\s+|excluding\s+|not\s+including\s+|in\s+addition\s+to\s+|besides\s+)"
    r"(?:the\s+)?(?P<rest>.+)$",
    re.I,
)
# ", including 25 men, 34 women": a segment that lists the parts of the figure before it
_INCL_LEAD_RE = re.compile(r"(?:including|incl\.|of\s+which|of\s+whom)\s+", re.I)
_STATUS_RE = re.compile(r"^\s*(?:rescued|released|freed|displaced|evacuated|survived|escaped)\s*$", re.I)
_LABEL_RE = re.compile(r"\s*(?P<w>[A-Za-z]+)\s*:\s*")
_TOTAL_PREFIX_RE = re.compile(r"\s*(?:total|overall|in\s+total)\s*:?\s*", re.I)
_SPACE_RE = re.compile(r"\s+")
_NAME_LABEL_RE = re.compile(r"(?P<name>[^:]*?)\s*:\s+")
_LEAD_JUNK_RE = re.compile(r"^[\s:*\u2022\u00b7-]*")


# "Between 13 and 60 killed": the "and" of a range, no separator of two figures
_BETWEEN_OPEN_RE = re.compile(r"(?i)\bbetween\s+[\d,.]+\s*$")


def _split_top(value: str) -> list[tuple[int, int]]:
    """Spans of the top-level segments (separators outside parentheses)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            nxt = _next_figure_after_parenthesis(value, i + 1) if depth == 0 else None
            if nxt is not None:  # "520 killed (per X) 403 killed (per Y)": one figure per claim
                spans.append((start, i + 1))
                start = i = nxt
                continue
        elif (
            depth == 0
            and ch == " "
            and value[i - 1 : i].isalpha()
            and (nxt := _next_figure_after_outcome_word(value, start, i)) is not None
        ):
            spans.append((start, i))  # "25 dead 75 wounded": a line break the export dropped
            start = i = nxt
            continue
        elif depth == 0:
            m = _SEG_SEP_RE.match(value, i)
            if m and m.end() > i and not _BETWEEN_OPEN_RE.search(value, start, i):
                spans.append((start, i))
                start = m.end()
                i = m.end()
                continue
        i += 1
    spans.append((start, n))
    return [(s, e) for s, e in spans if value[s:e].strip()]


_FIGURE_START_RE = re.compile(r"[0-9]")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)$")


def _next_figure_after_outcome_word(value: str, start: int, pos: int) -> int | None:
    """Where a second figure starts after a figure's outcome word and a space at ``pos`` (no separator
    between them), if one does; ``start``: where the segment of the first figure starts."""
    w = _WORD_BEFORE_RE.search(value, start, pos)
    if (
        w is None
        or w.group(1).lower() not in _OUTCOME_WORD
        or not _FIGURE_START_RE.search(value, start, w.start())
    ):
        return None
    ws = _SPACE_RE.match(value, pos)
    assert ws is not None
    return ws.end() if _FIGURE_START_RE.match(value, ws.end()) and match_count(value, ws.end()) else None


def _next_figure_after_parenthesis(value: str, pos: int) -> int | None:
    """Where a figure starts right after a closing parenthesis and a space (no separator), if one does."""
    ws = _SPACE_RE.match(value, pos)
    if ws is None or ws.end() == pos:
        return None
    return ws.end() if match_count(value, ws.end()) is not None else None


def _name_label_end(seg: str, pos: int) -> int | None:
    """``84th Company (Seaborne): 9 killed``, ``Rebels and allies: 17 or 18``, ``15 June: 33``: the
    end of a name or a day written before a colon and a figure, if the segment starts with one."""
    m = _NAME_LABEL_RE.match(seg, pos)
    if m is not None and _DAY_LABEL_RE.fullmatch(m.group("name")):
        return m.end()  # "15 June: 33", "27 June: unknown": the figure of one day
    if m is None or match_count(seg, m.end()) is None:
        return None
    name = m.group("name")
    if not re.search(r"[A-Za-z]", name) or find_counts(_mask_dates(name)):
        return None
    return m.end()


# a day written as a label ("15 June", "June 15", "15 June 2015", "June 15, 2015")
_DAY_LABEL_RE = re.compile(
    rf"(?i:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_PATTERN}(?:\s+\d{{4}})?|{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
)


def _attr_of(inner: str) -> str | None:
    inner = inner.strip()
    m = _ATTR_PREFIX_RE.match(inner)
    if m:
        return m.group("who").strip()
    m = _ATTR_SUFFIX_RE.match(inner)
    if m and not re.search(r"[0-9]", inner):
        return m.group("who").strip()
    words = inner.split()
    if words and len(words) <= 5 and inner[0].isupper() and not re.search(r"[0-9]", inner):
        if not _INCL_RE.match(inner) and not _STATUS_RE.match(inner):
            return inner
    return None


_NONE_VALUE_RE = re.compile(r"(?i)(?:none|nil|zero|0|no\s+casualties)\.?")
_NO_FIGURE_BODY_RE = re.compile(r"(?i)\W*(?:none|nil|unknown|n/?a|\?)\W*")
_PLACE_OR_CAUSE_RE = re.compile(r"\b(?:at|on|in|inside|near|by|from)\b", re.I)
_TOTAL_AFTER_FIGURE_RE = re.compile(r"\s*(?:overall|in\s+total|total)\b", re.I)


@dataclass(frozen=True)
class _Notes:
    """What a segment's parentheticals say: whose figure, who the victims were, its parts."""

    according_to: str | None = None
    victims: str | None = None  # "(civilians)"
    parts: tuple[str, ...] = ()  # "(including 4 attackers)", "(8 by bombing, 67 by gunfire)"
    extras: tuple[str, ...] = ()  # "(+1 attacker)", "(excluding 7 attackers)"
    not_harmed: bool = False  # "(released)"


@dataclass(frozen=True)
class _Segment:
    """One top-level segment of an infobox value (``27 killed (per Mali)``), read in parts."""

    start: int  # offset in the value
    text: str
    body_start: int  # after leading bullets, "Total:" and an outcome label ("Killed:")
    body_end: int  # before the first parenthetical
    total: bool  # "Total: 149"
    label_outcome: Outcome | None  # "Killed: 12"
    notes: _Notes
    lists_parts: bool = False  # ", including 25 men": the parts of the figure before it

    @property
    def body(self) -> str:
        return self.text[self.body_start : self.body_end]

    @property
    def continues_previous(self) -> bool:
        """``including 25 men``, ``(186 children)``: the segment details the figure before it."""
        only_notes = not self.body.strip() and bool(self.notes.parts or self.notes.extras)
        return self.lists_parts or only_notes


def parse_infobox_casualties(value: str, default_outcome: Outcome | None = None) -> list[CasualtyFigure]:
    """The casualty figures of one infobox value, in order; [] when it holds none.

    ``default_outcome`` is the outcome of a figure written without an outcome word (the field's:
    ``"killed"`` for Deaths/Fatalities/Casualties, ``"injured"`` for Injured/Injuries).
    """
    stripped = value.strip()
    if not stripped:
        return []
    whole = _LEAD_JUNK_RE.sub("", stripped)
    plus = _PLUS_FIRST_RE.fullmatch(value)
    if plus:  # "+1000" as the whole value is "1000+" (the same length: the offsets hold)
        read = f"{plus.group('lead')}{plus.group('n')}+{plus.group('trail')}"
        return [
            replace(f, text=value[f.start : f.end]) for f in parse_infobox_casualties(read, default_outcome)
        ]
    if _NONE_VALUE_RE.fullmatch(whole):
        return _none_figure(value, stripped, whole, default_outcome)
    figures: list[CasualtyFigure] = []
    attributed_up_to = 0
    several_outcomes = len(_outcomes_named(value)) > 1
    parts_outcome: Outcome | None = None  # the outcome of a figure whose parts follow
    # "5,000 men killed or captured including the King, …, 95 title holders": the parts of a figure of
    # several outcomes follow, and a bare count among them is of no one outcome
    parts_of_combined = False
    for seg_s, seg_e in _split_top(value):
        seg = _read_segment(value, seg_s, seg_e)
        if seg.continues_previous and figures:
            figures[-1] = replace(
                figures[-1], total=figures[-1].total or bool(seg.lists_parts or seg.notes.parts)
            )
            parts_outcome = figures[-1].outcome
        found = _segment_figures(
            value, seg, None if parts_of_combined else parts_outcome or default_outcome, several_outcomes
        )
        parts_of_combined = parts_of_combined or (not found and _lists_parts_of_combined(seg))
        figures.extend(found)
        if seg.notes.according_to is not None:
            attributed_up_to = _attribute(figures, attributed_up_to, seg.notes.according_to)
    return figures


def _lists_parts_of_combined(seg: _Segment) -> bool:
    """ "5,000 men killed or captured including the King": a count of several outcomes whose parts
    the words after "including" begin to list."""
    incl = _INCL_LEAD_RE.search(seg.text)
    return (
        incl is not None
        and match_count(seg.text, seg.body_start) is not None
        and len(_outcomes_named(seg.text[: incl.start()])) > 1
    )


_PLUS_FIRST_RE = re.compile(r"(?P<lead>\s*)\+(?P<n>\d[\d,]*)(?P<trail>\s*)")


def _none_figure(
    value: str, stripped: str, whole: str, default_outcome: Outcome | None
) -> list[CasualtyFigure]:
    """ "0" or "zero" as the whole value: a 0 figure of the field's outcome (nothing without one).
    "None", "Nil", "No casualties" give no figure: the corpus's gold lists none for them (they
    often mean none reported), and the value is kept as written."""
    if default_outcome is None or not re.fullmatch(r"(?i)0|zero", whole.rstrip(".")):
        return []
    s = value.index(stripped)
    return [
        CasualtyFigure(
            default_outcome, Count(exact=0, text=whole), None, None, None, s, s + len(stripped), stripped
        )
    ]


def _read_segment(value: str, seg_s: int, seg_e: int) -> _Segment:
    """Split a segment into its lead (bullets, ``Total:``, ``Killed:``), body and parentheticals."""
    seg = value[seg_s:seg_e]
    lead = _LEAD_JUNK_RE.match(seg)
    b0 = lead.end() if lead else 0
    total = False
    tm = _TOTAL_PREFIX_RE.match(seg, b0)
    if tm and tm.end() > b0:
        total = True
        b0 = tm.end()
    label_outcome: Outcome | None = None
    lm = _LABEL_RE.match(seg, b0)
    if lm and lm.group("w").lower() in _OUTCOME_WORD:
        label_outcome = _OUTCOME_WORD[lm.group("w").lower()]
        b0 = lm.end()
    else:
        b0 = _name_label_end(seg, b0) or b0
    im = _INCL_LEAD_RE.match(seg, b0)
    if im:
        b0 = im.end()
    parens = list(_PAREN_RE.finditer(seg, b0))  # a parenthesis in a name label is part of the name
    body_end = parens[0].start() if parens else len(seg)
    notes = _read_parentheticals([pm.group(1) for pm in parens])
    return _Segment(seg_s, seg, b0, body_end, total, label_outcome, notes, lists_parts=im is not None)


def _read_parentheticals(inners: list[str]) -> _Notes:
    """Fold a segment's parentheticals into notes; the first attribution wins."""
    attr: str | None = None
    victims: str | None = None
    parts: list[str] = []
    extras: list[str] = []
    not_harmed = False
    # "(approximately 12,000 … were killed or abducted; per Yazda)": each clause is a note of its own
    for inner in (clause for whole in inners for clause in whole.split(";")):
        im = _INCL_RE.match(inner)
        em = _EXTRA_RE.match(inner)
        if im:
            parts.append(im.group("rest"))
        elif em and _starts_with_figure(em.group("rest")):
            extras.append(em.group("rest"))
        elif _starts_with_figure(inner):  # "(8 by bombing, 67 by gunfire)": a breakdown
            parts.append(inner)
        elif _STATUS_RE.match(inner):
            not_harmed = True
        elif _names_victims(inner):
            victims = inner.strip()
        elif attr is None:
            attr = _attr_of(inner)
    return _Notes(attr, victims, tuple(parts), tuple(extras), not_harmed)


def _starts_with_figure(text: str) -> bool:
    """True when ``text`` opens with a count of something (not a date, a time or a measure)."""
    masked = _mask_dates(text)
    lead = len(masked) - len(masked.lstrip())
    mc = match_count(masked, lead)
    if mc is None:
        return False
    count, _s, end = mc
    return not _UNIT_RE.match(masked, end) and not _is_day_of_month(count, masked, masked[:lead], end)


def _names_victims(inner: str) -> bool:
    """``(civilians)``, ``(mostly soldiers)``: a few lower-case words ending in a victim group."""
    words = inner.split()
    return bool(words) and len(words) <= 3 and inner.strip()[0].islower() and words[-1].lower() in _GROUPS


def _segment_figures(
    value: str, seg: _Segment, default_outcome: Outcome | None, several_outcomes: bool
) -> list[CasualtyFigure]:
    """The figures of one segment: its leading count, else the figures its words give as prose."""
    body = seg.body
    if not body.strip() and default_outcome is not None:
        return _part_figures(value, seg, default_outcome)  # ", (186 children)"
    if not body.strip() or _NO_FIGURE_BODY_RE.fullmatch(body):
        return []
    mc = match_count(seg.text, seg.body_start)
    if mc is not None:
        return _counted_segment_figures(value, seg, mc, default_outcome, several_outcomes)
    said = _SAID_COUNT_RE.match(body)
    if said and default_outcome is not None:  # "later stories say over 300": the field's figure, said
        return _said_figures(value, seg, said, default_outcome)
    if _is_vague(body):
        return []
    return [_shift(f, seg.start + seg.body_start, value) for f in _find(body)]


# "later stories say over 300", "police reported 12": a source, a saying verb, a bare count
_SAID_COUNT_RE = re.compile(
    r"\s*(?P<who>[\w' -]+?)\s+(?:say|says|said|report|reports|reported|estimate|estimates|estimated)\s+"
    r"(?P<rest>.+?)[\s.]*$"
)


def _said_figures(
    value: str, seg: _Segment, said: re.Match[str], default_outcome: Outcome
) -> list[CasualtyFigure]:
    pos = seg.body_start + said.start("rest")
    mc = match_count(seg.text, pos)
    if mc is None or seg.text[mc[2] : seg.body_start + said.end("rest")].strip():
        return []
    count, cs, ce = mc
    who = said.group("who").strip()
    return [
        CasualtyFigure(
            default_outcome,
            count,
            None,
            None,
            who if who[:1].isupper() and who.split()[0].lower() not in _STOP else None,
            seg.start + cs,
            seg.start + ce,
            value[seg.start + cs : seg.start + ce],
        )
    ]


def _counted_segment_figures(
    value: str,
    seg: _Segment,
    mc: tuple[Count, int, int],
    default_outcome: Outcome | None,
    several_outcomes: bool,
) -> list[CasualtyFigure]:
    """A segment that starts with a count (``27 soldiers killed (including 3 officers)``)."""
    count, cs, ce = mc
    if _SHARE_LEFT_RE.search(value, 0, seg.start + cs):
        return []  # "All, except five men and two women": the spared
    if seg.text[ce:].strip() == ":":
        return []  # "92:, 54 killed, 38 wounded": the heading total of the figures after it
    right = _analyse_right(seg.text, ce)
    total = seg.total or right.total or bool(_TOTAL_AFTER_FIGURE_RE.match(seg.text[right.end :]))
    outcome = right.outcome or seg.label_outcome or _outcome_joined_after(value, seg, right)
    if outcome is None and several_outcomes and _totals_the_figures_after(value, seg, count, ce):
        return []  # "15,799, 4,421 killed, 10,411 wounded, 967 missing": no one outcome's figure
    named_after = _outcomes_named_after(value, seg.start + len(seg.text))
    bare = not seg.text[ce : seg.body_end].strip()
    if outcome is None and bare and len(named_after) > 1:
        return []  # "450 (estimate), dead and wounded": the words after say it counts both
    if outcome is not None and named_after - {outcome}:
        return []  # "3,500 killed, wounded or captured": one figure of several outcomes
    if outcome is None and not right.reject and not (total and several_outcomes):
        # "51 killed, 78 wounded, 15 captured, 147 total": a total of every outcome
        outcome = _field_outcome(seg.text[right.end : seg.body_end], default_outcome)
        if _taken_among_named_outcomes(value, right.victim_text) and outcome is not None:
            outcome = "captured"  # "30 killed, dozens wounded, 2 hostages": taken, not killed
    if right.both_outcomes and not seg.notes.not_harmed:
        # "40 casualties (12 killed, 28 wounded)": the parts say their own outcomes
        return _part_figures(value, seg, None)
    if outcome is None or right.reject or seg.notes.not_harmed:
        return []
    vt = right.victim_text or seg.notes.victims
    end = max(right.end, ce)
    main = CasualtyFigure(
        outcome,
        count,
        None if total and not vt else victim_group(vt),
        vt,
        None,
        seg.start + cs,
        seg.start + end,
        value[seg.start + cs : seg.start + end],
        total or bool(seg.notes.parts),
    )
    return [main, *_part_figures(value, seg, outcome)]


# a segment of words alone after a figure: "…, dead and wounded", "…, wounded or captured"
_NEXT_SEGMENT_RE = re.compile(r"\s*,\s*(?P<words>[^,()\d]*?)\s*(?:,|$)")
_BOTH_OUTCOMES: frozenset[Outcome] = frozenset({"killed", "injured"})


def _outcomes_named_after(value: str, end: int) -> set[Outcome]:
    """The outcomes the segment after a figure names when it is outcome words alone ("dead and
    wounded", "wounded or captured"; "casualties" and "losses" are the dead and the wounded); empty
    when it is anything else."""
    m = _NEXT_SEGMENT_RE.match(value, end)
    if m is None:
        return set()
    named = [w for w in re.findall(r"[a-z]+", m.group("words").lower()) if w not in ("and", "or")]
    if named in (["casualties"], ["losses"]):
        return set(_BOTH_OUTCOMES)
    if not named or not all(w in _OUTCOME_WORD for w in named):
        return set()
    return {_OUTCOME_WORD[w] for w in named}


_AND_RE = re.compile(r"\s+and\s+", re.I)


def _outcome_joined_after(value: str, seg: _Segment, right: _Right) -> Outcome | None:
    """ "325 soldiers and 16 officers killed": a count of victims with nothing after them, joined by
    "and" to more counts of victims, has the outcome the last of them names."""
    if not right.victim_text or seg.text[right.end : seg.body_end].strip():
        return None
    pos = seg.start + len(seg.text)
    for _ in range(4):
        am = _AND_RE.match(value, pos)
        mc = match_count(value, am.end()) if am else None
        if mc is None:
            return None
        nxt = _analyse_right(value, mc[2])
        if not nxt.victim_text or nxt.reject:
            return None
        if nxt.outcome is not None:
            return nxt.outcome
        pos = nxt.end
    return None


def _totals_the_figures_after(value: str, seg: _Segment, count: Count, count_end: int) -> bool:
    """A bare count (no word after it) before figures of several outcomes, none of them larger,
    is their total: "15,799, 4,421 killed, 10,411 wounded, 967 missing"."""
    if seg.text[count_end:].strip():
        return False
    after = parse_infobox_casualties(value[seg.start + len(seg.text) :])
    return len({f.outcome for f in after}) > 1 and count.value >= max(f.count.value for f in after)


def _taken_among_named_outcomes(value: str, victims: str | None) -> bool:
    """True for a bare "N hostages" in a value whose other figures name their outcomes in words
    ("30–32 killed, Several dozen wounded, 2 hostages"); a Fatalities value that names none
    ("8 hostages and the gunman", "170 (including 130 hostages)") counts the hostages who died."""
    last = victims.split()[-1:] if victims else []
    return bool(last) and last[0].lower() in _TAKEN_WORDS and bool(_outcomes_named(value))


def _field_outcome(rest: str, default_outcome: Outcome | None) -> Outcome | None:
    """The field's outcome for a bare count, unless the words after it are about things or the unharmed.

    Words after a preposition say where or how (``20 on the bridge``, ``8 by car bomb``), not what.
    """
    what = _PLACE_OR_CAUSE_RE.split(rest, maxsplit=1)[0]
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", what)}
    return None if words & (_NONCAS | _EQUIPMENT) else default_outcome


def _part_figures(value: str, seg: _Segment, outcome: Outcome | None) -> list[CasualtyFigure]:
    """The figures of ``(including ...)`` parentheticals, with the outcome of the figure they are part of
    (None: only the outcomes they name)."""
    out: list[CasualtyFigure] = []
    for inner in seg.notes.parts + seg.notes.extras:
        for sub in parse_infobox_casualties(inner, default_outcome=outcome):
            if sub.count.exact == 0:
                continue
            off = value.find(inner, seg.start)
            out.append(_shift(sub, off if off >= 0 else seg.start, value))
    return out


def _attribute(figures: list[CasualtyFigure], first: int, according_to: str) -> int:
    """Give ``according_to`` to the figures from ``first`` on that have none; the new first index."""
    for i in range(first, len(figures)):
        if figures[i].according_to is None:
            figures[i] = replace(figures[i], according_to=according_to)
    return len(figures)


def _outcomes_named(value: str) -> set[Outcome]:
    """The outcomes a value names in words (``killed``, ``wounded``, ``MIA`` ...)."""
    return {_OUTCOME_WORD[w] for w in re.findall(r"[a-z]+", value.lower()) if w in _OUTCOME_WORD}


def _is_vague(text: str) -> bool:
    """True when ``text`` holds no figure (``Unknown``, ``dozens``)."""
    try:
        return parse_count(text) is None
    except ValueGrammarError:
        return False


def _shift(f: CasualtyFigure, offset: int, value: str) -> CasualtyFigure:
    s, e = f.start + offset, f.end + offset
    return replace(f, start=s, end=e, text=value[s:e])


# --------------------------------------------------------------------------------------------
# Material damage
# --------------------------------------------------------------------------------------------

_DAMAGE_WORDS = set(
    "damaged destroyed burned burnt torched lost seized captured looted razed downed abandoned "
    "wrecked disabled".split()
)
_DAMAGE_LEFT_RE = re.compile(
    r"\b(?:destroying|destroyed|damaging|damaged|burning|burned|burnt|torching|torched|seizing|seized|"
    r"capturing|captured|looting|looted|downing|downed|razing|razed)\s+$",
    re.I,
)


def find_material_damage(sentence: str) -> list[tuple[Count, str, int, int]]:
    """Figures of things damaged/destroyed/lost: ``Twenty buildings were damaged``, ``~50 vehicles destroyed``.

    Returns (count, noun as written, start, end) for each.
    """
    out: list[tuple[Count, str, int, int]] = []
    masked = _mask_dates(sentence)
    for count, s, e in find_counts(masked):
        right = _analyse_right(masked, e)
        if not right.victim_text or right.victim_head is None:
            continue
        head = right.victim_head
        if head not in _EQUIPMENT:
            continue
        tail = masked[right.entity_end :]
        m = re.match(
            r"(?:\s+(?:were|was|have|has|had|been|being|also|all|reportedly|later|either|"
            r"completely|partially|badly|severely|heavily))*\s+(\w+)",
            tail,
            re.I,
        )
        ok = bool(m and m.group(1).lower() in _DAMAGE_WORDS)
        end = right.entity_end + (m.end() if ok and m else 0)
        if not ok and _DAMAGE_LEFT_RE.search(masked[:s]):
            ok = True
            end = right.entity_end
        if ok:
            words = right.victim_text.split()
            noun = words[-1]
            out.append((count, noun, s, end))
    return out
