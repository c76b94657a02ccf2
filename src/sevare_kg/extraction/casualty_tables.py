"""Casualty tables: the figures of a table whose header names an outcome per column.

The plain-text export writes a wiki table as lines of cells between pipes::

    | Place | Deaths | Injured | Sources |
    | Radisson SAS blast | 36 | | (AP) |
    | Total | 60^{+} | 115 | |

Each cell under a "Deaths"/"Killed"/"Injured"/"Wounded" header is read as an infobox casualty
value of that outcome; a row whose first cell is "Total" gives totals; a cell under a "Source(s)"
header says whom the row's figures are according to. Knows nothing of RDF.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sevare_kg.extraction.casualties import CasualtyFigure, Outcome, outcome_of_word, parse_infobox_casualties

_ROW_RE = re.compile(r"[ \t]*\|(?P<cells>.*)\|[ \t]*$")
_RULE_RE = re.compile(r"[\s|:+=-]*")  # "|---|:---:|": a rule between the header and the rows
_SUPERSCRIPT_RE = re.compile(r"\^\{([^{}]*)\}")  # "60^{+}": a superscript as the export writes it
_TOTAL_RE = re.compile(r"(?i)\s*(?:total|totals|overall|in\s+total)\s*:?\s*")
_SOURCE_RE = re.compile(r"(?i)\s*(?:sources?|references?|refs?\.?|according\s+to)\s*")


def find_casualties_in_table(text: str) -> list[CasualtyFigure] | None:
    """The figures of a casualty table, with offsets into ``text``; None when ``text`` is no table
    (every line a row of cells between pipes, at least a header and one row)."""
    rows = _rows(text)
    if rows is None:
        return None
    header = [cell for cell, _start in rows[0]]
    outcomes = {i: o for i, cell in enumerate(header) if (o := _column_outcome(cell)) is not None}
    sources = [i for i, cell in enumerate(header) if _SOURCE_RE.fullmatch(cell)]
    figures: list[CasualtyFigure] = []
    for row in rows[1:]:
        total = bool(row) and _TOTAL_RE.fullmatch(row[0][0]) is not None
        according_to = next(
            (_source(row[i][0]) for i in sources if i < len(row) and _source(row[i][0])), None
        )
        for i, outcome in outcomes.items():
            if i < len(row):
                figures += _cell_figures(text, row[i], outcome, total, according_to)
    return figures


def _rows(text: str) -> list[list[tuple[str, int]]] | None:
    """Each row's cells with their offsets into ``text``; None unless every line is a row."""
    rows: list[list[tuple[str, int]]] = []
    pos = 0
    for line in text.split("\n"):
        m = _ROW_RE.fullmatch(line)
        if m is None:
            return None
        if not _RULE_RE.fullmatch(m.group("cells")):
            rows.append(_cells(m.group("cells"), pos + m.start("cells")))
        pos += len(line) + 1
    return rows if len(rows) >= 2 else None


def _cells(inner: str, offset: int) -> list[tuple[str, int]]:
    cells: list[tuple[str, int]] = []
    start = 0
    for part in inner.split("|"):
        cells.append((part.strip(), offset + start + len(part) - len(part.lstrip())))
        start += len(part) + 1
    return cells


def _column_outcome(header: str) -> Outcome | None:
    """The outcome a column's header names: "Deaths", "Killed", "Injured", "Wounded" …"""
    words = header.split()
    return outcome_of_word(words[0]) if len(words) == 1 else None


def _source(cell: str) -> str | None:
    name = cell.strip().strip("()[]").strip()
    return name or None


def _cell_figures(
    text: str, cell: tuple[str, int], outcome: Outcome, total: bool, according_to: str | None
) -> list[CasualtyFigure]:
    value, offset = cell
    # blank the superscript's markup only ("60^{+}" reads "60  + "), so that offsets stay the cell's
    readable = _SUPERSCRIPT_RE.sub(lambda m: f"  {m.group(1)} ", value)
    out: list[CasualtyFigure] = []
    for f in parse_infobox_casualties(readable, default_outcome=outcome):
        start, end = f.start + offset, f.end + offset
        end += text.startswith("}", end)
        out.append(
            replace(
                f,
                start=start,
                end=end,
                text=text[start:end],
                total=f.total or total,
                according_to=f.according_to or according_to,
            )
        )
    return out
