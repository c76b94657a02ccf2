"""A small SPARQL lexer, and what is read off a query's text with it: does it name its own dataset
(FROM), is its answer volatile (RAND, NOW, SERVICE …), and the update rewriting for
``using-graph-uri``. Shared by the store and the endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# -- a small SPARQL lexer: enough to find keywords outside IRIs, strings and comments ----------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<word>[A-Za-z_][\w\-.]*(?::[\w\-.%]*)?|:[\w\-.%]*|[?$]\w+)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(text: str) -> Iterator[tuple[str, str, int, int, int]]:
    """(kind, value, start, end, brace depth) for each significant token."""
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        yield kind, m.group(), m.start(), m.end(), depth


_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")


def nesting_depth(text: str, limit: int | None = None) -> int:
    """The deepest nesting of ( [ { in a SPARQL (or Turtle) text, outside strings, IRIs and
    comments; stops counting once ``limit`` is passed (the answer is then ``limit + 1``)."""
    depth = deepest = 0
    for m in _TOKEN.finditer(text):
        v = m.group()
        if v in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if limit is not None and deepest > limit:
                    return deepest
        elif v in _CLOSERS:
            depth -= 1
    return deepest


def json_nesting_depth(text: str, limit: int | None = None) -> int:
    """The deepest nesting of [ and { in a JSON text, outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if limit is not None and deepest > limit:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def has_dataset_clause(update: str) -> bool:
    return any(k == "word" and v.upper() in ("USING", "WITH") for k, v, _, _, _ in tokens(update))


def add_using(update: str, default_graphs: tuple[str, ...], named_graphs: tuple[str, ...]) -> str:
    """Apply using-graph-uri / using-named-graph-uri: insert USING clauses before the WHERE of each
    DELETE/INSERT operation (pyoxigraph has no API for the update dataset)."""
    clause = " ".join([f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs])
    out: list[str] = []
    last = 0
    prev = ""
    for kind, value, start, _end, depth in tokens(update):
        word = value.upper() if kind == "word" else ""
        if word == "WHERE" and depth == 0 and prev != "DELETE":
            out.append(update[last:start])
            out.append(clause + " ")
            last = start
        if kind == "word":
            prev = word
        elif kind not in ("open", "close"):
            prev = ""
        else:
            prev = "}" if kind == "close" else "{"
    out.append(update[last:])
    return "".join(out)


_VOLATILE = frozenset({"RAND", "NOW", "UUID", "STRUUID", "BNODE", "SERVICE"})


def is_volatile(query: str) -> bool:
    """True when a query's answer may change without a write (RAND(), NOW(), SERVICE…): not cached."""
    up = query.upper()
    if not any(v in up for v in _VOLATILE):
        return False
    return any(k == "word" and v.upper() in _VOLATILE for k, v, _, _, _ in tokens(query))


def has_from(query: str) -> bool:
    """True when a query names its own dataset (FROM / FROM NAMED at the top level): then the store's
    union default graph must not replace it."""
    if "FROM" not in query.upper():
        return False
    return any(k == "word" and v.upper() == "FROM" and d == 0 for k, v, _, _, d in tokens(query))


def remote_targets(text: str) -> list[tuple[str, str]]:
    """What a query or update would fetch from elsewhere: ("SERVICE" | "LOAD", target) for each
    SERVICE and LOAD, the target as written (``<iri>``, a prefixed name or a variable)."""
    out: list[tuple[str, str]] = []
    pending: str | None = None
    for kind, value, *_ in tokens(text):
        word = value.upper() if kind == "word" else ""
        if pending is not None:
            if word == "SILENT":
                continue
            out.append((pending, value))
            pending = None
        elif word in ("SERVICE", "LOAD"):
            pending = word
    return out


def remote_target_refused(text: str, allowed: tuple[str, ...]) -> str | None:
    """Why a query or update may not run here, or None: every SERVICE and LOAD target must be an
    IRI that starts with one of the ``allowed`` prefixes (none by default, so none may be fetched:
    an endpoint must not be a proxy to hosts only it can reach); a ``file:`` LOAD never runs."""
    for keyword, target in remote_targets(text):
        iri = target[1:-1] if target.startswith("<") and target.endswith(">") else None
        if keyword == "LOAD" and iri is not None and iri.lower().startswith("file:"):
            return f"LOAD {target}: this endpoint does not read local files"
        if iri is None:
            return f"{keyword} {target}: only an explicit <IRI> may be fetched here"
        if not any(iri.startswith(prefix) for prefix in allowed):
            hint = (
                f"allowed: {', '.join(allowed)}"
                if allowed
                else "none is allowed; the server's operator may list endpoints with --service-allow URL_PREFIX"
            )
            return f"{keyword} {target} is not allowed on this endpoint ({hint})"
    return None


# -- prefixes: which a text uses and declares; the ones predeclared for it -------------------------


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX p: <iri>`` declarations of a query or update, prefix -> IRI."""
    out: dict[str, str] = {}
    toks = [(k, v) for k, v, *_ in tokens(text)] if "PREFIX" in text.upper() else []
    for i, (kind, value) in enumerate(toks[:-2]):
        if kind == "word" and value.upper() == "PREFIX" and toks[i + 1][1].endswith(":"):
            iri = toks[i + 2][1]
            out[toks[i + 1][1][:-1]] = iri[1:-1] if toks[i + 2][0] == "iri" else ""
    return out


def used_prefixes(text: str) -> set[str]:
    """The prefixes of the prefixed names a text uses (``wd`` for ``wd:Q42``)."""
    if ":" not in text:
        return set()
    return {
        v.split(":", 1)[0]
        for k, v, *_ in tokens(text)
        if k == "word" and ":" in v and v[0] not in "?$" and not v.startswith("_:")
    }


def predeclared(text: str, table: dict[str, str]) -> dict[str, str]:
    """The prefixes of ``table`` that ``text`` uses without declaring them itself: what to declare
    for it (a text's own declaration always wins)."""
    used = used_prefixes(text)
    if not used:
        return {}
    own = declared_prefixes(text)
    return {p: table[p] for p in sorted(used) if p in table and p not in own}


def prefix_header(text: str, table: dict[str, str]) -> str:
    """``text`` with the PREFIX lines it needs from ``table`` on its first line (for an endpoint that
    has none predeclared): the user's line numbers stay the same."""
    needed = predeclared(text, table)
    return "".join(f"PREFIX {p}: <{iri}> " for p, iri in needed.items()) + text


# -- positions -------------------------------------------------------------------------------------


def offset_of(text: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and column (columns count characters)."""
    pos = 0
    for _ in range(line - 1):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return min(pos + max(column - 1, 0), len(text))


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
