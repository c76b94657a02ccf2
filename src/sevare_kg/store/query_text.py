"""What every entry point (CLI, Python API, endpoint) does to a query before it runs, and to the
parser's or the evaluator's error after: queries written for the Wikidata Query Service run here
unchanged.

* the prefixes WDQS predeclares (``vocab.PREFIXES``) are given to the parser for the prefixed names
  a text uses without declaring them (pyoxigraph's ``prefixes=``: nothing is added to the text, so
  error positions are the user's);
* the label service is answered locally (``label_service``);
* a syntax error is one line: ``SPARQL syntax error at line L, column C: <what>``, the position in
  the user's own text;
* a SERVICE that cannot be reached is a ``ServiceError`` with a short reason, never the upstream's
  answer body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sevare_kg.errors import QueryError, ServiceError, SparqlSyntaxError
from sevare_kg.rdf.vocab import PREFIXES
from sevare_kg.store import label_service
from sevare_kg.store.sparql_text import (
    declared_prefixes,
    line_column,
    offset_of,
    predeclared,
    remote_targets,
    tokens,
)


@dataclass(frozen=True)
class PreparedQuery:
    """The user's text, the text that runs, the prefixes given to the parser for it, and the edits
    that turned one into the other."""

    original: str
    text: str
    prefixes: dict[str, str]
    edits: tuple[label_service.Edit, ...] = ()
    kind: str = "query"  # or "update"

    def original_offset(self, offset: int) -> tuple[int, bool]:
        """The offset in the user's text of an offset in the text that runs, and whether it fell in
        text the rewrite added (then it is where the addition was made)."""
        delta = 0  # (text that runs) - (user's text), before the current edit
        for e in self.edits:
            new_start = e.start + delta
            if offset < new_start:
                break
            if offset < new_start + len(e.text):
                return e.start, True
            delta += len(e.text) - (e.end - e.start)
        return offset - delta, False

    def syntax_error(self, message: str) -> SparqlSyntaxError:
        return syntax_error(self, message)


def prepare_query(text: str) -> PreparedQuery:
    rewritten, edits = label_service.rewrite(text)
    return PreparedQuery(text, rewritten, predeclared(rewritten, PREFIXES), edits)


def prepare_update(text: str) -> PreparedQuery:
    """As :func:`prepare_query`; the label service in an update's WHERE fills the ?xLabel (…) its
    INSERT / DELETE templates use, and the manual form's variables."""
    rewritten, edits = label_service.rewrite(text)
    return PreparedQuery(text, rewritten, predeclared(rewritten, PREFIXES), edits, kind="update")


# -- syntax errors ---------------------------------------------------------------------------------

_POSITION = re.compile(r"\s*error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_EXPECTED_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[(?:\'(?:[^\'\\]|\\.)*\'|[^\]\'])*\]|[^,\["]+')
_ANNOTATION = {"{|", "|}", "~", "<<", ">>", "<<(", ")>>"}  # RDF 1.2 syntax: noise in a hint


def syntax_error(prepared: PreparedQuery, message: str) -> SparqlSyntaxError:
    """pyoxigraph's SyntaxError message as one line in words, at the position in the user's text."""
    m = _POSITION.match(message)
    if m is None:
        return SparqlSyntaxError(" ".join(message.split())[:300])
    offset, added = prepared.original_offset(offset_of(prepared.text, int(m.group(1)), int(m.group(2))))
    text = prepared.original
    form = _bad_form(text, prepared.kind) or _unknown_prefix(text)
    if form is not None:
        reason, offset = form
    else:
        # in text the rewrite added, what the parser expected is about that text: not said
        reason, offset = _describe("" if added else m.group(3), text, offset, prepared.prefixes)
    line, column = line_column(text, offset)
    return SparqlSyntaxError(reason, line, column)


_FORMS = {
    "query": ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"),
    "update": ("INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"),
}


def _bad_form(text: str, kind: str) -> tuple[str, int] | None:
    """When the first word after the prologue is no query (update) form: a misspelt SELECT."""
    toks = [(k, v, s) for k, v, s, _e, _d in tokens(text)]
    i = 0
    while i < len(toks) and toks[i][0] == "word" and toks[i][1].upper() in ("PREFIX", "BASE"):
        i += 3 if toks[i][1].upper() == "PREFIX" else 2
    if i >= len(toks) or toks[i][0] != "word" or toks[i][1].upper() in _FORMS[kind]:
        return None
    forms = _FORMS[kind]
    listed = ", ".join(forms[:-1]) + " or " + forms[-1]
    return f"unexpected '{_short(toks[i][1])}', expected {listed}", toks[i][2]


def _unknown_prefix(text: str) -> tuple[str, int] | None:
    """The first prefixed name whose prefix is neither declared nor predeclared (the parser's own
    position for it is often elsewhere, after it backtracked)."""
    known = {**PREFIXES, **declared_prefixes(text)}
    for kind, value, start, _end, _depth in tokens(text):
        if kind == "word" and ":" in value and value[0] not in "?$" and not value.startswith("_:"):
            prefix = value.split(":", 1)[0]
            if prefix not in known:
                return f"unknown prefix '{prefix}:'", start
    return None


def _describe(raw: str, text: str, offset: int, given: dict[str, str]) -> tuple[str, int]:
    raw = " ".join(raw.split())
    body = raw[len("expected one of ") :] if raw.startswith("expected one of ") else raw
    body = body[len("expected ") :] if body.startswith("expected ") else body
    quoted: list[str] = []
    sentences: list[str] = []
    for item in (i.strip() for i in _EXPECTED_ITEM.findall(body)):
        if not item or item.startswith("["):
            continue
        if item.startswith('"'):
            word = re.sub(r"\\(.)", r"\1", item[1:-1])
            if word not in _ANNOTATION:
                quoted.append(word)
        elif " " in item:  # a sentence of the parser (keywords are partial matches: noise)
            sentences.append(item)
    toks: list[tuple[str, int, int]] = [(v, s, e) for k, v, s, e, _ in tokens(text)]
    if "Prefix not found" in sentences:
        known = {**given, **declared_prefixes(text)}
        for value, start, _end in reversed([t for t in toks if t[1] < max(offset, 1)]):
            if ":" in value and value[0] not in "?$<" and value.split(":", 1)[0] not in known:
                return f"unknown prefix '{value.split(':', 1)[0]}:'", start
        return "unknown prefix", offset
    token: tuple[str, int, int] | None = next((t for t in toks if t[1] <= offset < t[2]), None)
    token = token or next((t for t in toks if t[2] == offset), None)
    token = token or next((t for t in toks if t[1] >= offset), None)
    if sentences:
        what = sentences[0]
        if what == "IRI parsing failed":
            start = text.rfind("<", 0, offset)
            if start >= 0:
                return f"not a valid IRI: {_short(text[start:offset].strip())}", start
            return "not a valid IRI", offset
        if what[:1].isupper() and not what[1:2].isupper():
            what = what[0].lower() + what[1:]
        return what, token[1] if token is not None else offset
    hint = ""
    if quoted:
        choices = ["'}'"] if "}" in quoted and token is None else [f"'{q}'" for q in quoted]
        if len(choices) <= 4:
            hint = ", expected " + (choices[0] if len(choices) == 1 else "one of " + ", ".join(choices))
    if token is None:
        return "unexpected end of query" + hint, len(text)
    return f"unexpected '{_short(token[0])}'" + hint, token[1]


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


# -- evaluation errors -----------------------------------------------------------------------------

_HTTP_STATUS = re.compile(r"Error (\d{3})\b([^\n]*?) returned by (\S+)")
_CONTENT_TYPE = re.compile(r"Unsupported Content-Type returned by service <([^>]*)>: *([^\s]*)")


def evaluation_error(exc: BaseException, text: str) -> QueryError:
    """What failed while a query ran, as one of our errors: a ``ServiceError`` when a SERVICE could
    not be used (the reason short, the upstream's body left out), else a ``QueryError``."""
    message = str(exc)
    first = message.split("\n", 1)[0].split(" with payload", 1)[0].strip()
    services = [t for k, t in remote_targets(text) if k == "SERVICE"]
    if services and (isinstance(exc, OSError) or "service" in message.lower() or "returned by" in message):
        target = services[0] if len(services) == 1 else " / ".join(services)
        m = _HTTP_STATUS.search(message)
        c = _CONTENT_TYPE.search(message)
        low = message.lower()
        if m is not None:
            target, reason = f"<{m.group(3)}>", f"it answered HTTP {m.group(1)}{m.group(2)}"
        elif c is not None:
            target, reason = (
                f"<{c.group(1)}>",
                f"it answered {c.group(2) or 'no media type'}, not SPARQL results",
            )
        elif isinstance(exc, ConnectionRefusedError) or "refused" in low:
            reason = "connection refused"
        elif isinstance(exc, TimeoutError) or "timed out" in low or "timeout" in low:
            reason = "no answer in time"
        elif "lookup" in low or "resolve" in low or "dns" in low or "name or service" in low:
            reason = "its host name does not resolve (no network?)"
        else:
            reason = first[:160] or type(exc).__name__
        return ServiceError(target, reason)
    return QueryError(f"query failed: {first[:300] or type(exc).__name__}")
