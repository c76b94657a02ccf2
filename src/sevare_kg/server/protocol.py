"""SPARQL 1.1 Protocol request parsing (https://www.w3.org/TR/sparql11-protocol/).

Turns the method, URL query string, Content-Type and body of a request to ``/sparql`` into one
operation (a query, an update, or a request for the service description) or a ``ProtocolError``
with the 4xx status the W3C protocol test suite expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from sevare_kg.store.sparql_text import has_dataset_clause


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class Operation:
    kind: str  # "query" | "update" | "description"
    text: str = ""
    default_graphs: tuple[str, ...] = ()  # default-graph-uri or using-graph-uri
    named_graphs: tuple[str, ...] = ()  # named-graph-uri or using-named-graph-uri
    params: dict[str, str] = field(default_factory=dict)  # other single-valued params (format, ...)


FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
MAX_PARAMS = 1000  # parameters in a query string or form body (400 above)
_SINGLE = ("format", "output", "results", "timeout")


def split_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``Content-Type`` → (media type, charset) both lower-case, or None."""
    if not value:
        return None, None
    parts = value.split(";")
    mt = parts[0].strip().lower() or None
    charset = None
    for p in parts[1:]:
        k, _, v = p.strip().partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"').lower()
    return mt, charset


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{what} is not valid UTF-8: {exc}") from None


def _form(data: bytes, what: str) -> list[tuple[str, str]]:
    text = _decode(data, what)
    if text.count("&") + text.count(";") >= MAX_PARAMS:
        raise ProtocolError(400, f"{what} has more than {MAX_PARAMS} parameters")
    try:
        return parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_PARAMS,
        )
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{what}: a percent-encoded value is not valid UTF-8: {exc}") from None
    except ValueError:  # max_num_fields
        raise ProtocolError(400, f"{what} has more than {MAX_PARAMS} parameters") from None


def parse_request(method: str, query_string: bytes, content_type: str | None, body: bytes) -> Operation:
    method = method.upper()
    url_params = _form(query_string, "the URL query string") if query_string else []
    if method in ("GET", "HEAD"):
        params = url_params
        if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
            raise ProtocolError(
                405 if _only(params, "update") else 400,
                "SPARQL updates must be sent with POST, not GET",
                {"Allow": "POST"},
            )
        return _operation(params, None)
    if method != "POST":
        raise ProtocolError(
            405,
            f"method {method} is not allowed on the SPARQL endpoint (use GET or POST)",
            {"Allow": "GET, POST, HEAD, OPTIONS"},
        )
    mt, charset = split_content_type(content_type)
    if charset is not None and charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"charset {charset!r} is not supported: send UTF-8")
    if mt == FORM:
        return _operation(url_params + _form(body, "the form body"), "form")
    if mt == QUERY_TYPE:
        _no_text_param(url_params)
        return _operation(url_params + [("query", _decode(body, "the query"))], "direct-query")
    if mt == UPDATE_TYPE:
        _no_text_param(url_params)
        return _operation(url_params + [("update", _decode(body, "the update"))], "direct-update")
    if mt is None:
        raise ProtocolError(
            415, f"POST to the SPARQL endpoint needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
        )
    raise ProtocolError(415, f"unsupported Content-Type {mt!r}: use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")


def _only(params: list[tuple[str, str]], key: str) -> bool:
    return any(k == key for k, _ in params)


def _no_text_param(url_params: list[tuple[str, str]]) -> None:
    if any(k in ("query", "update") for k, _ in url_params):
        raise ProtocolError(
            400,
            "a direct POST carries the operation in the body: no 'query' or 'update' parameter in the URL",
        )


def _operation(params: list[tuple[str, str]], how: str | None) -> Operation:
    queries = [v for k, v in params if k == "query"]
    updates = [v for k, v in params if k == "update"]
    if queries and updates:
        raise ProtocolError(400, "a request carries either 'query' or 'update', not both")
    if len(queries) > 1:
        raise ProtocolError(400, "more than one 'query' parameter")
    if len(updates) > 1:
        raise ProtocolError(400, "more than one 'update' parameter")
    singles: dict[str, str] = {}
    for k, v in params:
        if k in _SINGLE:
            if k in singles and singles[k] != v:
                raise ProtocolError(400, f"more than one {k!r} parameter")
            singles[k] = v
    dg = tuple(v for k, v in params if k == "default-graph-uri")
    ng = tuple(v for k, v in params if k == "named-graph-uri")
    udg = tuple(v for k, v in params if k == "using-graph-uri")
    ung = tuple(v for k, v in params if k == "using-named-graph-uri")
    for iri in dg + ng + udg + ung:
        check_iri(iri)
    if queries:
        if udg or ung:
            raise ProtocolError(400, "using-graph-uri / using-named-graph-uri belong to updates, not queries")
        if not queries[0].strip():
            raise ProtocolError(400, "the 'query' parameter is empty")
        return Operation("query", queries[0], dg, ng, singles)
    if updates:
        if dg or ng:
            raise ProtocolError(
                400,
                "default-graph-uri / named-graph-uri belong to queries; "
                "updates use using-graph-uri / using-named-graph-uri",
            )
        text = updates[0]
        if (udg or ung) and has_dataset_clause(text):
            raise ProtocolError(
                400,
                "the update has USING, USING NAMED or WITH and the request has "
                "using-graph-uri / using-named-graph-uri: the protocol forbids both",
            )
        return Operation("update", text, udg, ung, singles)
    if how is not None:
        raise ProtocolError(400, "the request has neither a 'query' nor an 'update' parameter")
    if dg or ng or udg or ung:
        raise ProtocolError(400, "dataset parameters without a 'query'")
    return Operation("description", params=singles)


_IRI_BAD = re.compile(r"[\x00-\x20<>\"{}|^`\\]")


def check_iri(iri: str) -> str:
    if not iri or _IRI_BAD.search(iri) or ":" not in iri:
        raise ProtocolError(400, f"not an absolute IRI: {iri!r}")
    return iri
