"""Clean and split the names written in infobox values and prose.

Infobox values carry leftovers of wiki markup ("20px", "border|20px", "23px|border|link", "File:….png",
"*" bullets, "<hr />"), lists joined by commas and "and", and parenthetical notes ("(air support only)",
"(until 2023)").
"""

from __future__ import annotations

import re
import unicodedata


def fold(name: str, sep: str = "") -> str:
    """The matching key of a name: case, accents, a leading 'the' and punctuation removed; runs of
    anything but letters and digits become ``sep`` (nothing, or " " to keep the words apart)."""
    if name.isascii():  # nothing to decompose (most names; the world gazetteer folds 100,000)
        text = name.casefold().strip()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    text = _LEADING_THE_FOLD_RE.sub("", text)
    return _NOT_ALNUM_RE.sub(sep, text).strip()


_LEADING_THE_FOLD_RE = re.compile(r"^the\s+")
_NOT_ALNUM_RE = re.compile(r"[^0-9a-z]+")


MARKUP_RE = re.compile(
    # "| reported death(s) = 85": another template parameter the export ran into the value
    r"\|\s*[a-z][\w ()-]{0,30}?\s*=(?:\s[^|]*|\s*$)|"
    r"\|\s*(?:link|alt|upright|border)\b(?:=[^\s|,]*)?|\S+'s\s+flag\b|(?:\bborder\|)?\b\d+\s?px(?:\b|(?=[A-Z]))|\bFile:[^,]*?\.(?:png|svg|jpg|jpeg|gif)\b|\bFlag of [^,]*|\bborder\||^\s*[*#:;]+\s*|\s[*]+\s",
    re.I,
)
HEADING_RE = re.compile(r"\s*[^,:()]{1,40}:\s*")  # "Supported by:" standing alone before its items
GROUP_LABEL_RE = re.compile(r"^[^,:]{1,40}:\s+(?=\S)")  # "Islamists groups: Ansar Dine" -> "Ansar Dine"
# "Western Army: Forces loyal to Ishida Mitsunari": a name, then what it was (not a label before a name)
NAME_THEN_DESCRIPTION_RE = re.compile(
    r"^(?P<name>(?-i:[A-Z])[^,:]{0,40}):\s+(?:forces|troops|armies|men|soldiers|supporters|partisans|those)\s+"
    r"(?:loyal\s+to|of|under|led\s+by|commanded\s+by)\b[^,]*",
    re.I,
)
NOTE_PAREN_RE = re.compile(r"\s*\(([^()]*)\)")
NOTE_WORDS = re.compile(
    r"\d|\b(only|support|since|until|from|alleged|allegedly|claimed|disputed|per|militias?|auxiliar\w*|"
    r"suspected|presumed|presumably|possibly|probably|likely|unconfirmed|accused|blamed|denied|"
    r"estimate\w*|rescued|including|reported)\b",
    re.I,
)
# "(HVO)", "(U.N.)", "(TPLF)": the name's abbreviation, an alternative name rather than a note
ABBREVIATION_PAREN_RE = re.compile(
    r"\s*\((?!(?:KIA|WIA|MIA|POW|DOW)\))(?P<abbr>[A-Z][A-Z0-9.&-]*[A-Z0-9.])\)"
)
# "(bomber)", "(sourced explosive materials)": a note on the role that opens with a lower-case word
LOWER_NOTE_RE = re.compile(r"^[a-z]")
# "Fulani militants associated with Katiba Macina": fighters named by the group they belong to
_AFFILIATED_WITH_RE = re.compile(
    r"^(?:[A-Z][\w'\u2019-]*\s+)?(?:militants?|fighters|gunmen|rebels|insurgents|militias?|militiamen|"
    r"elements)\s+(?:associated|affiliated|allied|linked|aligned)\s+(?:with|to)\s+(?:the\s+)?"
    r"(?=[A-Z])"
)
# "~240 Livingston County Missouri Regulators militiamen and volunteers": how many, and what they
# were, around the group's name (a year is no count: "2021 Afghanistan attacks")
_COUNTED_MEMBERS_RE = re.compile(
    r"^(?:(?:~|c\.\s*|about\s+|some\s+|around\s+|approximately\s+)\d[\d,]*|(?![12]\d{3}\b)\d[\d,]*)\+?\s+"
    r"(?P<name>(?-i:[A-Z])[^()]*?)"
    r"(?:\s+(?:militiamen|militants|fighters|gunmen|men|soldiers|troops|volunteers|members|raiders|rebels)"
    r"(?:\s+and\s+[a-z]+)?)?$",
    re.I,
)
# "PLO claimed responsibility": the value names its claimer, and says so
_CLAIMED_AFTER_NAME_RE = re.compile(
    r"(?<=\w)\s+(?:(?:later|has|have|had)\s+)?claimed\s+(?:responsibility|the\s+attack)(?:\s+for\s+(?:it|the\s+\w+))?\s*$",
    re.I,
)
LEADING_THE_RE = re.compile(r"^(?:the|a|an)\s+", re.I)


# "(Southeast Asian branch of the Islamic State)", "(ISIL commander of North Africa)": a bracket
# with a lower-case word other than a name's small words describes the name; it is none of it
DESCRIPTION_WORD_RE = re.compile(
    r"(?<![\w'’-])(?!(?:of|the|and|in|on|at|for|de|del|du|des|da|do|dos|la|le|el|al|y|e|van|von|bin|ibn)\b)"
    r"[a-z][a-z]+(?![\w'’-])"
)


def _is_note(bracketed: str) -> bool:
    """A bracket after a name that is a note on it, not part of it: a time, a hedge, a role, a
    description ("Liberation Army (Eastern Command)" keeps its bracket)."""
    return bool(
        NOTE_WORDS.search(bracketed)
        or LOWER_NOTE_RE.match(bracketed)
        or DESCRIPTION_WORD_RE.search(bracketed)
    )


def clean_name(text: str) -> str:
    """A single name with markup, notes about time or role, and 'KIA' removed."""
    text = MARKUP_RE.sub(" ", text)
    without = ABBREVIATION_PAREN_RE.sub("", text)
    text = without if without.strip() else text
    text = NOTE_PAREN_RE.sub(lambda m: "" if _is_note(m.group(1)) else m.group(0), text)
    text = re.sub(r"(?<=[a-z])KIA\b|\bKIA\b", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-–—*|")
    return text


_HEAD_NOUNS = r"units|forces|troops|brigades|battalions|regiments|squads|teams|militias|commandos"


# the head of a force's name, which a name before "and" may share: "French Air and Space Force"
_SHARED_HEADS = r"Force|Forces|Corps|Guard|Guards|Service|Services|Command"
# a name that ends in its own head ("Nigerian Army and Air Force" are two)
_OWN_HEAD_RE = re.compile(
    r"\b(?:Army|Navy|Forces?|Police|Militia|Front|Group|Movement|Brigades?|Corps|Guards?|Party|Council|"
    r"Service|Command|Regiment|Battalion|Division)\s*$"
)


def _head_noun_shared(before: str, after: list[str]) -> bool:
    """ "Special Anti-Terrorism and Special Operations units", "French Air and Space Force": two names
    sharing the head after the second, one item (not "French Air" and "Space Force")."""
    following = ""
    for tok in after:
        if tok is not None and re.fullmatch(_SEPARATORS, tok):
            break
        following += tok or ""
    if not re.search(r"\b[A-Z][\w'’-]*\s*$", before) or _OWN_HEAD_RE.search(before):
        return False
    return bool(
        re.fullmatch(rf"\s*[A-Z][^,;()]*\s(?:{_HEAD_NOUNS})\s*", following)
        or (
            len(before.split()) >= 2
            and re.fullmatch(rf"\s*(?:[A-Z][\w'’-]*\s+)*(?:{_SHARED_HEADS})\s*", following)
        )
    )


# "Thai military and police": the forces of one state, two of them
_FORCES_OF_ONE_STATE_RE = re.compile(
    r"(?P<state>[A-Z][\w'’-]+)\s+(?P<a>military|army|police|navy|gendarmerie|troops|soldiers)"
    r"\s+and\s+(?P<b>military|army|police|navy|gendarmerie|troops|soldiers|air\s+force)"
)


def _forces_of_one_state(part: str) -> list[str]:
    m = _FORCES_OF_ONE_STATE_RE.fullmatch(part.strip())
    if m is None:
        return [part]
    return [f"{m.group('state')} {m.group('a')}", f"{m.group('state')} {m.group('b')}"]


def _common_nouns_joined(before: str, after: list[str]) -> bool:
    """ "Tigrayan youths and police": 'and' between two lower-case words joins common nouns inside
    one description of a group, not two names. An article after 'and' opens a new item ("the
    insurgency and the Mali War", "the Moro conflict and the war on terror" are two)."""
    following = next((t for t in after if t), "")
    return bool(
        re.search(r"\b[a-z][\w-]*\s*$", before) and re.match(r"\s*(?!(?:the|a|an)\s)[a-z]", following)
    )


_PEOPLE = (
    r"members|militants|fighters|gunmen|soldiers|troops|insurgents|rebels|terrorists|jihadists|operatives|"
    r"militiamen|elements|loyalists|supporters"
)
# "members of the X", "10 gunmen from X", "a cell of X", "Unknown members of X": people of a group,
# before its name (in lower case but "Members": "Soldiers of the Caliphate" is a group's own name)
_PEOPLE_OF_RE = re.compile(
    rf"^(?:(?:\d+|[Aa]n?|[Tt]he|[Ss]ome|[Ss]everal|[Dd]ozens|[Hh]undreds)\s+)?"
    rf"(?:(?:[a-z][\w-]*|Unknown|Unidentified|Suspected|Alleged|Armed)\s+)?"
    rf"(?:[Mm]embers|{_PEOPLE}|cells?)\s+(?:of|from)\s+(?:the\s+)?"
)
PEOPLE_AFTER_RE = re.compile(rf"(?<=[\w)])\s+(?:{_PEOPLE})$")  # "X militants": X
# "Chechen separatists (Riyad-us Saliheen Brigade)": a description, then the group's name in brackets
_DESCRIBED_NAME_RE = re.compile(r"(?P<description>[^()]+?)\s*\((?P<name>[A-Z][^()]*)\)")


# "Suspected Hezbollah", "alleged ISIS": a hedge before the name (the surface keeps it)
_HEDGE_WORDS = (
    r"[Ss]uspected|[Aa]lleged(?:ly)?|[Pp]resumed|[Pp]ossib(?:le|ly)|[Pp]robabl[ey]|[Ll]ikely|[Uu]nconfirmed"
)
# ("Suspected perpetrators Islamic State of Iraq": the row's heading run into its value)
_HEDGE_BEFORE_RE = re.compile(rf"^(?:{_HEDGE_WORDS})\s+(?:perpetrators?\s+|perps?\s+)?(?=[A-Z])")
# a person's office or rank, as written before the name ("Governor", "Gen.")
OFFICE_WORDS = (
    r"president|premier|prime\s+minister|minister|governor|mayor|senator|general|gen\.|colonel|col\.|"
    r"lieutenant-colonel|lieutenant|lt\.|major|maj\.|captain|capt\.|sergeant|sgt\.|commander|cmdr\."
)
# "Governor Blanton Winship", "Gen. Ali Murad": an office before a person's full name
_OFFICE_BEFORE_RE = re.compile(
    rf"^(?:{OFFICE_WORDS})\s+(?=(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+){{1,2}}$)", re.I
)
# "Máscara Roja with the consent of the Government of Mexico": who stood behind it, no part of its name
_BACKED_AFTER_RE = re.compile(
    r"\s+(?:with|under)\s+the\s+(?:consent|support|backing|help|complicity|approval|knowledge|protection)\s+of\b.*$"
    # "Members of the Provisional IRA using the covername '…'": the name it used, no part of its own
    r"|\s+(?:using|under)\s+the\s+(?:cover\s?name|code\s?name|name|banner)\b.*$"
)
# "Riflemen of the 9th Gurkha Rifles": men of a unit (a unit's word or an ordinal in its name), the unit
_MEN_OF_UNIT_RE = re.compile(
    r"^(?:Riflemen|Men|Soldiers|Troops|Officers|Policemen|Personnel|Elements|Detachments?|Units?|Companies)\s+of\s+"
    r"(?:the\s+)?(?=\d|[^,]*\b(?:Rifles|Regiment|Brigade|Battalion|Division|Corps|Guards?|Police|Sikhs|Fusiliers|"
    r"Infantry|Cavalry|Artillery)\b)"
)
# "Al-Shabaab suspected", "Boko Haram (alleged)": the hedge after the name
_HEDGE_AFTER_RE = re.compile(rf"(?<=\w)\s+\(?(?:{_HEDGE_WORDS})\)?$")
# "Iranian involvement", "Syrian support": a part in it, of whom the word before names
_PART_AFTER_RE = re.compile(r"(?<=\w)\s+(?:involvement|support|backing|complicity|assistance)$")
# "3 DFLP gunmen": a count of people, before the name of their group
_COUNT_BEFORE_RE = re.compile(
    r"^(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)\s+(?=[A-Z])", re.I
)


def group_name(name: str) -> str:
    """The name of the group an actor's list item names: without people words around it ("members
    of the X", "10 gunmen from X", "3 X gunmen", "X militants"), a hedge before it ("Suspected X"),
    an office before a person's name ("Governor X Y") or a part after it ("X involvement"), and the bracketed name after a description ("Chechen
    separatists (Riyad-us Saliheen Brigade)"). Anything else as it is."""
    name = _PART_AFTER_RE.sub("", _HEDGE_BEFORE_RE.sub("", _BACKED_AFTER_RE.sub("", name)))
    name = _OFFICE_BEFORE_RE.sub("", _HEDGE_AFTER_RE.sub("", name))
    name = _MEN_OF_UNIT_RE.sub("", name)
    described = _DESCRIBED_NAME_RE.fullmatch(name)
    if (
        described
        and DESCRIPTION_WORD_RE.search(described.group("description"))
        and not _is_note(described.group("name"))
    ):
        return described.group("name")
    people = _PEOPLE_OF_RE.match(name)
    if people and name[people.end() :][:1].isupper():
        return name[people.end() :]
    without = PEOPLE_AFTER_RE.sub("", name)
    if without != name:
        without = _COUNT_BEFORE_RE.sub("", without)
    # the people of a name ("X Front militants"), not of a description ("X–linked militants")
    return without if re.search(r"(?:^|[\s–—-])[A-Z][\w'’.]*$", without) else name


def qualifier(surface: str) -> str | None:
    """The bracket after a name that says which part of it is meant, neither a time nor a hedge:
    "Fatah (Abbas loyalists)" -> "Abbas loyalists", "Syrian Army (defectors)" -> "defectors";
    None for "X (alleged)", "X (until 2012)" or no bracket."""
    for m in NOTE_PAREN_RE.finditer(surface):
        note = m.group(1).strip()
        if note and _is_note(note) and not NOTE_WORDS.search(note):
            return note
    return None


def abbreviation(surface: str) -> str | None:
    """The abbreviation written in brackets after a name: "Croatian Defence Council (HVO)" -> "HVO"."""
    m = ABBREVIATION_PAREN_RE.search(surface)
    return m.group("abbr") if m and m.start() > 0 else None


# items of a list that name no one: "Unknown", "unidentified gunmen", "others", and the companions
# of a name ("Russia and allied forces", "X and its allies")
NO_ONE_RE = re.compile(
    r"(?i:unknown|unidentified|undetermined|unconfirmed|none|others|etc\.?)(?:\s+(?i:gunmen|assailants|attackers|militants|perpetrators|"
    r"persons|people|men|individuals))?"
    r"|(?:(?:its|their|his|her|other)\s+)?(?:allies|supporters|affiliates|"
    r"(?:allied|affiliated|associated|other|various)\s+(?:[a-z-]+\s+)?(?:forces|groups|militias|fighters|tribes|factions|units))"
)


_OTHER_NAME_RE = re.compile(r"\s*(?:also\s+known\s+as|known\s+as|aka|a\.k\.a\.)\s+\S", re.I)


def _with_other_names_joined(parts: list[str]) -> list[str]:
    """ "X, also known as Y": the item giving another name belongs to the name before it."""
    joined: list[str] = []
    for part in parts:
        if joined and _OTHER_NAME_RE.match(part):
            joined[-1] = f"{joined[-1].rstrip()} {part.strip()}"
        else:
            joined.append(part)
    return joined


def split_names(value: str, *, strip_article: bool = True) -> list[str]:
    """Split a list value ("Mali, Burkina Faso, and France (air support only)") into clean names."""
    return [clean for clean, _surface in split_names_with_surface(value, strip_article=strip_article)]


# HTML line breaks and rules left in a value ("A<hr /> B", "A<br>B") separate its items, like commas
BREAK_TAG_RE = re.compile(r"<\s*(?:br|hr)\s*/?\s*>", re.I)
# what a list value is split on, outside brackets
# "British Empire • India": a bullet between items; "Governor X via the Y Police": X and the Y
_SEPARATORS = r",|;|\s&\s|\sand\s|\svia\s|\*+|\s*[•·]\s*"
LIST_SEPARATOR_RE = re.compile(_SEPARATORS + "|" + BREAK_TAG_RE.pattern, re.I)


def split_names_with_surface(value: str, *, strip_article: bool = True) -> list[tuple[str, str]]:
    """Like :func:`split_names`, with each name's surface form (markup removed, notes kept)."""
    value = MARKUP_RE.sub(" ", BREAK_TAG_RE.sub(", ", value))
    value = value.strip(" :")
    described = NAME_THEN_DESCRIPTION_RE.match(value)
    value = described.group("name") + value[described.end() :] if described else GROUP_LABEL_RE.sub("", value)
    # protect parentheses from splitting
    parts: list[str] = []
    depth = 0
    current = ""
    tokens = re.split(rf"(\(|\)|{_SEPARATORS})", value)
    for i, tok in enumerate(tokens):
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        if (
            tok is not None
            and re.fullmatch(r"\sand\s", tok)
            and (
                _common_nouns_joined(current, tokens[i + 1 :]) or _head_noun_shared(current, tokens[i + 1 :])
            )
        ):
            current += tok
            continue
        if depth == 0 and tok is not None and re.fullmatch(_SEPARATORS, tok):
            parts.append(current)
            current = ""
            continue
        current += tok or ""
    parts.append(current)
    names: list[tuple[str, str]] = []
    for part in (p for joined in _with_other_names_joined(parts) for p in _forces_of_one_state(joined)):
        if HEADING_RE.fullmatch(part):
            continue  # "Supported by:", "Allies:": a heading of the items after it
        part = _AFFILIATED_WITH_RE.sub("", GROUP_LABEL_RE.sub("", part.strip()))
        part = _CLAIMED_AFTER_NAME_RE.sub("", _COUNTED_MEMBERS_RE.sub(r"\g<name>", part))
        name = clean_name(part)
        surface = re.sub(r"\s+", " ", part).strip(" ,.;:-–—*|")
        if strip_article:
            name = LEADING_THE_RE.sub("", name)
            surface = LEADING_THE_RE.sub("", surface)
        # "Thirty Years' War and the, Franco-Spanish War": a link cut after "the" leaves it alone
        if re.fullmatch(r"(?i)the|a|an|and|or|of", name):  # "- Perps: or", a template's leftover
            continue
        if name and re.search(r"[A-Za-zÀ-ÿ]", name) and not NO_ONE_RE.fullmatch(name):
            names.append((name, surface if re.search(r"[A-Za-zÀ-ÿ]", surface) else name))
    return names
