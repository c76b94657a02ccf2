"""Parse the plain-text rendering of a Wikipedia article into a typed model with source offsets.

The format::

    = Title =

    Infobox
    - Key: Value
    - Key: Value

    Lead paragraph.

    == Section ==
    Paragraph.

Every offset is a character (code point) index into :attr:`Article.text`, so that
``article.text[s.start:s.end] == s.text`` holds for every field value, paragraph and sentence.
The parser knows nothing of RDF or of what the infobox keys mean.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from sevare_kg.errors import ArticleFormatError, InputError

log = logging.getLogger(__name__)

TITLE_RE = re.compile(r"^=\s*(?P<title>[^=].*?)\s*=$")
SECTION_RE = re.compile(r"^(?P<marks>={2,6})\s*(?P<title>.*?)\s*(?P=marks)$")
INFOBOX_RE = re.compile(r"^infobox\b.*$", re.IGNORECASE)
FIELD_RE = re.compile(r"^-\s*(?P<key>[^:\n]+?)\s*:\s?(?P<value>.*)$")

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt maj capt sgt cpl pte adm rev st mt ft jr sr no nos vol fig
    c ca approx est e.g i.e etc vs v al inc ltd co corp dept univ govt u.s u.k u.n jan feb mar apr
    jun jul aug sep sept oct nov dec""".split()
)
SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+|$)")


@dataclass(frozen=True)
class InfoboxField:
    """One ``- Key: Value`` line of the infobox, in document order."""

    key: str
    value: str
    ordinal: int  # 1-based position in the infobox
    line: int  # 1-based line number in the file
    start: int  # offsets of the value
    end: int


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    ordinal: int  # 1-based position in the whole article
    section: str | None  # None for the lead


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Section:
    title: str | None  # None for the lead
    level: int  # 1 for the lead, 2 for ==, 3 for ===
    start: int
    end: int
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    infobox: tuple[InfoboxField, ...]
    sections: tuple[Section, ...]
    source: str | None = None  # file path or other locator, for messages
    url: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for sec in self.sections for p in sec.paragraphs for s in p.sentences)

    @property
    def lead(self) -> Section | None:
        return self.sections[0] if self.sections and self.sections[0].title is None else None

    def field(self, *keys: str) -> InfoboxField | None:
        """First infobox field whose key matches one of ``keys`` (case- and space-insensitive)."""
        wanted = {_norm_key(k) for k in keys}
        for f in self.infobox:
            if _norm_key(f.key) in wanted:
                return f
        return None


def _norm_key(key: str) -> str:
    return re.sub(r"[\s_()-]+", "", key).lower()


def read_article_file(path: Path, url: str | None = None) -> Article:
    """Read and parse one article file; errors name the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an article file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_article_bytes(data, source=str(path), url=url)


def parse_article_bytes(data: bytes, *, source: str | None = None, url: str | None = None) -> Article:
    return parse_article(decode_article(data, source=source), source=source, url=url)


def decode_article(data: bytes, *, source: str | None = None) -> str:
    """The text of an article file: UTF-8, no NUL bytes, no byte-order mark, ``\\n`` line ends."""
    where = source or "<bytes>"
    if b"\x00" in data:
        nul = data.index(b"\x00")
        raise InputError(f"{where}: binary file (NUL byte at offset {nul}), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{where}:{line}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_article(text: str, *, source: str | None = None, url: str | None = None) -> Article:
    """Parse article text. Raises :class:`ArticleFormatError` when it is not in the format."""
    if not text.strip():
        raise ArticleFormatError("empty article", source=source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _lines_with_offsets(text)
    warnings: list[str] = []
    where = source or "<text>"

    i = _skip_blank(lines, 0)
    lineno, start, line = lines[i]
    m = TITLE_RE.match(line.strip())
    if not m or SECTION_RE.match(line.strip()):
        raise ArticleFormatError(
            f"expected a title line '= Title =', found {line.strip()[:60]!r}", source=source, line=lineno
        )
    title = m.group("title").strip()
    i = _skip_blank(lines, i + 1)

    fields: list[InfoboxField] = []
    if _infobox_header(lines, i, where, warnings):
        i += 1
        seen: dict[str, int] = {}
        while i < len(lines):
            lineno, start, line = lines[i]
            if not line.strip():
                # blank lines inside the infobox are tolerated when another field follows
                j = _skip_blank(lines, i)
                if j < len(lines) and FIELD_RE.match(lines[j][2]):
                    i = j
                    continue
                break
            fm = FIELD_RE.match(line)
            if not fm:
                break
            key = fm.group("key").strip()
            raw = fm.group("value")
            lead_ws = len(raw) - len(raw.lstrip())
            value = raw.strip()
            vstart = start + fm.start("value") + lead_ws
            norm = _norm_key(key)
            if norm in seen:
                msg = (
                    f"{where}:{lineno}: duplicate infobox key {key!r} (first on line {seen[norm]}); both kept"
                )
                warnings.append(msg)
                log.warning(msg)
            else:
                seen[norm] = lineno
            fields.append(InfoboxField(key, value, len(fields) + 1, lineno, vstart, vstart + len(value)))
            i += 1
    else:
        msg = f"{where}: no infobox; only the title and the prose are mapped"
        warnings.append(msg)
        log.warning(msg)

    sections = _parse_body(lines, i)
    return Article(title, text, tuple(fields), sections, source, url, tuple(warnings))


def _infobox_header(lines: list[tuple[int, int, str]], i: int, where: str, warnings: list[str]) -> bool:
    """True when line ``i`` heads the infobox: "Infobox", or a caption a copy left in its place
    ("New Zealand") before field lines, with a warning."""
    if i < len(lines) and INFOBOX_RE.match(lines[i][2].strip()):
        return True
    if not _fields_follow(lines, i + 1):
        return False
    msg = f"{where}:{lines[i][0]}: {lines[i][2].strip()[:40]!r} stands where 'Infobox' should; read as its header"
    warnings.append(msg)
    log.warning(msg)
    return True


_HEADERLESS_FIELDS = 3  # how many field lines in a row make an infobox without its header line


def _fields_follow(lines: list[tuple[int, int, str]], i: int) -> bool:
    """True when field lines (``- Key: value``) start at ``i`` and run on for a few lines."""
    run = lines[i : i + _HEADERLESS_FIELDS]
    return len(run) == _HEADERLESS_FIELDS and all(FIELD_RE.match(line) for _n, _s, line in run)


def _lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    pos = 0
    for n, line in enumerate(text.split("\n"), start=1):
        out.append((n, pos, line))
        pos += len(line) + 1
    return out


def _skip_blank(lines: list[tuple[int, int, str]], i: int) -> int:
    while i < len(lines) and not lines[i][2].strip():
        i += 1
    return i


def _parse_body(lines: list[tuple[int, int, str]], i: int) -> tuple[Section, ...]:
    sections: list[Section] = []
    title: str | None = None
    level = 1
    sec_start = lines[i][1] if i < len(lines) else (lines[-1][1] + len(lines[-1][2]))
    paras: list[tuple[int, int]] = []  # (start, end) offsets of paragraphs in the current section
    para_start: int | None = None
    para_end = 0
    counter = [0]

    def close_para() -> None:
        nonlocal para_start
        if para_start is not None:
            paras.append((para_start, para_end))
            para_start = None

    def close_section(end: int) -> None:
        close_para()
        if title is not None or paras:
            sections.append(
                Section(
                    title,
                    level,
                    sec_start,
                    end,
                    tuple(_paragraph(lines_text, s, e, title, counter) for s, e in paras),
                )
            )

    lines_text = "\n".join(line for _, _, line in lines)
    for _lineno, start, line in lines[i:]:
        stripped = line.strip()
        sm = SECTION_RE.match(stripped)
        if sm and sm.group("title"):
            close_section(start)
            title = sm.group("title").strip()
            level = len(sm.group("marks"))
            sec_start = start
            paras = []
            continue
        if not stripped:
            close_para()
            continue
        if para_start is None:
            para_start = start + (len(line) - len(line.lstrip()))
        para_end = start + len(line.rstrip())
    close_section(len(lines_text))
    return tuple(sections)


def _paragraph(text: str, start: int, end: int, section: str | None, counter: list[int]) -> Paragraph:
    sentences = []
    for s, e in split_sentences(text[start:end]):
        counter[0] += 1
        sentences.append(Sentence(text[start + s : start + e], start + s, start + e, counter[0], section))
    return Paragraph(text[start:end], start, end, tuple(sentences))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in ``text``: ends at ``.!?`` (with closing quotes) before white space,
    except after known abbreviations, initials and inside numbers."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for m in SENTENCE_END_RE.finditer(text):
        end = m.end()
        if m.group().startswith(".") and _is_abbreviation(text, m.start()):
            continue
        rest = text[end:].lstrip()
        if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘('["):
            continue
        _append_span(text, begin, end, spans)
        begin = end
    _append_span(text, begin, len(text), spans)
    return spans


def _append_span(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[begin:end]
    stripped = chunk.strip()
    if stripped:
        s = begin + (len(chunk) - len(chunk.lstrip()))
        spans.append((s, s + len(stripped)))


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in '("“':
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    # single initials ("J. Smith") and dotted acronyms ("U.S.")
    return len(word) == 1 and word.isalpha() or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))
