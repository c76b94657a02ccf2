"""Where an event happened when its infobox has no ``Place``/``Location`` row.

One article in eight has none: a military infobox whose place row the copy lost, or no infobox at
all. The lead then says where, in the layout the English Wikipedia uses for it: a locative phrase
of capitalised names ("in Auno, Borno State, northeastern Nigeria"; "in the village of Boz
Qandahari, on the western outskirts of the Afghan city of Kunduz"; "at Entebbe Airport in
Uganda"), or, when it gives none, the battle's name itself ("The siege of Kemah …": battles and
sieges are named after their place). Knows nothing of RDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sevare_kg.extraction.article import Article, Sentence
from sevare_kg.extraction.gazetteer import Gazetteer, fold
from sevare_kg.extraction.infobox import known_place, place_names

# sentences of the lead's first paragraph that may say where
_SENTENCES = 3

_WORD = r"[A-ZÀ-ÞĀ-Ž][\w'’.\-]*"
# "Boz Qandahari", "Khan Maysalun", "Lancaster", "Glen Coe", "Santa Maria de Belém"
_NAME = rf"{_WORD}(?:(?:\s+(?:of|de|del|la|da|do|el|al|an)\s+|\s+|-){_WORD})*"
_COMPASS = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)"
# ", northeastern Nigeria", ", present-day Eritrea", ", now Zimbabwe"
_QUALIFIER = rf"(?:(?:present[- ]day|modern[- ]day|now|today)\s+)?(?:{_COMPASS}(?:ern)?\s+)?"
# "the village of", "the Afghan city of", "the southwestern Niger town of"
_INTRO = (
    r"(?:(?:the|a)\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<noun>village|town|city|capital|island|fortress|hamlet|settlement|port|area|region|province|district|valley)"
    r"\s+of\s+)"
)
# ", a town 36 miles west of Maiduguri": what the name just before is
_APPOSITION = r"(?P<apposition>,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:village|town|city|capital|hamlet|settlement|locality|island)\b)"
_PREPOSITION = rf"(?:in|at|near|outside|in\s+the\s+vicinity\s+of|(?:on\s+the\s+)?outskirts\s+of|on\s+the\s+banks?\s+of|(?:just\s+)?{_COMPASS}\s+of)"
_CHAIN = (
    rf"(?P<chain>{_NAME}"
    rf"(?:\s*,\s*(?:near\s+)?{_QUALIFIER}{_NAME}|\s+(?:and|in|near)\s+(?:the\s+)?{_NAME})*"
    r"(?:\s*\((?:now|today|present[- ]day)\s[^()]*\))?)"  # "(today Zimbabwe)"
)
_LOCATIVE_RE = re.compile(
    rf"\b{_PREPOSITION}\s+(?:{_INTRO}|the\s+)?(?:{_COMPASS}(?:ern)?\s+)?{_CHAIN}{_APPOSITION}?"  # "in central Johannesburg"
)
# a name that says it is a landform: "the Ncome River", "the Anti-Lebanon Mountains"
_LANDFORM_RE = re.compile(
    r"\b(?:River|Mountains?|Hills?|Valley|Lake|Island|Bay|Pass|Creek|Plain|Plateau|Forest|Desert|Gorge|Ridge)\b"
)
# a chain that is an event's or a date's name, not a place's
_NOT_A_PLACE_RE = re.compile(
    r"\b(?:Battle|Siege|Massacre|War|Campaign|Operation|Rebellion|Revolution|Uprising|Crisis|Attack|Bombing|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
# "… the Battle of Shiroyama in Japan, the Alamo massacre in Texas": where another event was
_AFTER_ANOTHER_EVENT_RE = re.compile(
    r"(?:\b(?:Battle|Siege|Sack)\s+of\s+[A-Z][\w-]*|\b[A-Z][\w-]*\s+(?:massacre|attack|bombing|battle|siege))\s*$"
)
# "the Kidal Region of Northern Mali" is the Kidal Region, Mali
_OF_COMPASS_RE = re.compile(
    r"\b([A-Z][\w-]*)\s+of\s+(?:North|South|East|West|North-?east|North-?west|South-?east|South-?west)(?:ern)?\s+(?=[A-Z])"
)
# what may stand between two chains of one place phrase: ", on the western ", " in "
_GOES_ON_RE = re.compile(r"\s*,?\s*(?:(?:on|in|at)\s+the(?:\s+[a-z-]+)?\s*)?")
_INNER_THE_RE = re.compile(r"\b(in|and|near)\s+the\s+")
# "Battle of Killiecrankie", "Siege of Kemah", "Battle of Beledweyne (2010)"
_NAMED_AFTER_PLACE_RE = re.compile(
    r"(?:(?:First|Second|Third|Great)\s+)?(?:Battle|Siege|Sack|Fall|Capture|Storming|Relief)\s+of\s+(?P<place>[A-Z][^()]*?)"
    r"(?:\s*\(.*\))?$"
)
# "July 2015 Gombe bombings", "Mubi bombing": a known place named in the title
_PLACE_IN_TITLE_RE = re.compile(
    r"(?:(?:\w+\s+)?\d{4}\s+)?(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)\s+"
    r"(?:massacre|attacks?|bombings?|ambush|raid|siege|shooting)$"
)


@dataclass(frozen=True)
class LeadPlaces:
    """The place value the lead gives (``", "``-joined, read like a ``Place`` row) and its sentence."""

    value: str
    sentence: Sentence


def lead_places(article: Article, gaz: Gazetteer) -> LeadPlaces | None:
    """Where the lead says the event happened, for an article whose infobox names no place."""
    if article.lead is None or not article.lead.paragraphs:
        return None
    sentences = article.lead.paragraphs[0].sentences[:_SENTENCES]
    for sentence in sentences:
        chains = _locative_chains(sentence.text, gaz)
        if chains:
            return LeadPlaces(", ".join(chains), sentence)
    if sentences:
        named = _place_of_the_name(article.title, sentences[0].text, gaz)
        if named:
            return LeadPlaces(named, sentences[0])
    return None


def _locative_chains(text: str, gaz: Gazetteer) -> list[str]:
    """The place phrase of one sentence: the first chain of names after a locative preposition that
    the gazetteers or the words around it vouch for (one of its names known, or a settlement noun
    next to it), and the chains that go on from it ("…, on the western outskirts of the city of Y").
    A chain further on names another place of the story ("… west of Maiduguri"; "the French
    intervention in Mexico"), not where the event was."""
    text = _OF_COMPASS_RE.sub(r"\1, ", text)
    chains: list[str] = []
    end = 0
    for m in _LOCATIVE_RE.finditer(text):
        if chains and not _GOES_ON_RE.fullmatch(text, end, m.start()):
            break
        chain = _INNER_THE_RE.sub(r"\1 ", m.group("chain"))  # "Ntabelanga in the Cape Province"
        if not text[m.end() :].strip():
            chain = chain.rstrip(".")  # the sentence's full stop
        if _NOT_A_PLACE_RE.search(chain) or _AFTER_ANOTHER_EVENT_RE.search(text[: m.start()]):
            continue
        names = place_names(chain, gaz)
        if (
            chains
            or m.group("noun")
            or m.group("apposition")
            or _LANDFORM_RE.search(chain)
            or any(known_place(n, gaz) for n in names.names + names.present)
        ):
            chains.append(chain)
            end = m.end()
    return chains


def _place_of_the_name(title: str, first_sentence: str, gaz: Gazetteer) -> str | None:
    """The place a battle's or an attack's name gives, when the first sentence names it so."""
    battle = _NAMED_AFTER_PLACE_RE.fullmatch(title)
    attack = _PLACE_IN_TITLE_RE.fullmatch(title)
    place = battle.group("place") if battle else attack.group("place") if attack else None
    if place is None or (attack and not known_place(place, gaz)) or place.startswith("the "):
        return None
    return place if fold(place) in fold(first_sentence) else None
