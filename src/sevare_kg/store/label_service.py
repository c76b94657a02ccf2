"""The Wikidata Query Service's label service, answered from the local graph.

``SERVICE wikibase:label { bd:serviceParam wikibase:language "fr,en". }`` is rewritten, in the
query text, into patterns over ``rdfs:label``, ``schema:description`` and ``skos:altLabel``:

* automatic mode: each projected ``?xLabel``, ``?xDescription``, ``?xAltLabel`` of the SELECT that
  holds the service, for a variable ``?x`` of the query;
* manual mode: ``?x rdfs:label ?name`` (or ``schema:description``, ``skos:altLabel``) inside the
  service binds ``?name``.

Languages are tried in the order given (``[AUTO_LANGUAGE]`` is English here); an entity with no
label in any of them gets its IRI's local name (``Q42`` on Wikidata), as on WDQS. Alternative
labels are the aliases of the first language that has any, joined with ", ".

The rewrite replaces the SERVICE block by nothing and appends the patterns at the end of the group
that held it (WDQS, too, runs the service after the rest of the group), so the query runs locally
with the cache and timeout of any query; the edits are returned so that an error position in the
rewritten text can be given in the user's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sevare_kg.rdf.vocab import PREFIXES, RDFS, SCHEMA, SKOS, WIKIBASE
from sevare_kg.store.sparql_text import declared_prefixes, tokens

LABEL_SERVICE = WIKIBASE + "label"
SERVICE_PARAM = "http://www.bigdata.com/rdf#serviceParam"
LANGUAGE = WIKIBASE + "language"
AUTO_LANGUAGE = "en"  # what [AUTO_LANGUAGE] stands for here (WDQS: the user interface's language)

_KINDS = {RDFS + "label": "Label", SCHEMA + "description": "Description", SKOS + "altLabel": "AltLabel"}
_SUFFIXES = ("AltLabel", "Description", "Label")  # AltLabel before Label: it ends with it


@dataclass(frozen=True)
class Edit:
    """Characters ``start:end`` of the user's text replaced by ``text``."""

    start: int
    end: int
    text: str


def rewrite(query: str) -> tuple[str, tuple[Edit, ...]]:
    """The query with every label SERVICE answered locally, and the edits made (none: unchanged)."""
    if "SERVICE" not in query.upper() or "label" not in query:
        return query, ()
    toks = list(tokens(query))
    prefixes = {**PREFIXES, **declared_prefixes(query)}
    edits: list[Edit] = []
    for i, (kind, value, start, _end, depth) in enumerate(toks):
        if kind != "word" or value.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
            j += 1
        if j + 1 >= len(toks) or _resolve(toks[j], prefixes) != LABEL_SERVICE or toks[j + 1][0] != "open":
            continue
        close = _matching_close(toks, j + 1)
        group_close = None if close is None else _matching_close_at(toks, close + 1, depth - 1)
        if close is None or group_close is None:
            continue  # unbalanced: the parser will say where
        languages, manual = _read_body(toks[j + 2 : close], prefixes)
        outputs = list(manual)
        scope = _enclosing_scope(toks, i)
        for var, kind_name in _automatic(toks, scope, i, close):
            if not any(out == var for _, _, out in outputs):
                outputs.append((var[: -len(kind_name)], kind_name, var))
        edits.append(Edit(start, toks[close][3], ""))
        bound = _surely_bound(toks, i, group_close, depth)
        patterns = " ".join(_patterns(x, k, out, languages, x in bound) for x, k, out in outputs)
        edits.append(Edit(toks[group_close][2], toks[group_close][2], f" {patterns} " if patterns else ""))
        star = _star(toks, scope)
        if star is not None and scope is not None and outputs:
            edits.append(_expand_star(query, toks, star, scope, (start, toks[close][3]), outputs, prefixes))
    if not edits:
        return query, ()
    edits.sort(key=lambda e: (e.start, e.end))
    out, last = [], 0
    for e in edits:
        out.append(query[last : e.start])
        out.append(e.text)
        last = e.end
    out.append(query[last:])
    return "".join(out), tuple(edits)


def _resolve(token: tuple[str, str, int, int, int], prefixes: dict[str, str]) -> str | None:
    kind, value = token[0], token[1]
    if kind == "iri":
        return value[1:-1]
    if kind == "word" and ":" in value and value[0] not in "?$":
        prefix, local = value.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local
    if kind == "word" and value == "a":
        return "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    return None


def _matching_close(toks: list, open_index: int) -> int | None:
    return _matching_close_at(toks, open_index + 1, toks[open_index][4] - 1)


def _matching_close_at(toks: list, start: int, depth: int) -> int | None:
    for k in range(start, len(toks)):
        if toks[k][0] == "close" and toks[k][4] == depth:
            return k
    return None


def _read_body(body: list, prefixes: dict[str, str]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The service's languages and its manual bindings (subject variable, kind, output variable)."""
    languages: list[str] = []
    manual: list[tuple[str, str, str]] = []
    subject: tuple | None = None
    predicate: tuple | None = None
    for tok in body:
        kind, value = tok[0], tok[1]
        if kind == "other" and value in ".;,":
            if value == ".":
                subject = predicate = None
            elif value == ";":
                predicate = None
            continue
        if subject is None:
            subject = tok
        elif predicate is None:
            predicate = tok
        else:
            p = _resolve(predicate, prefixes)
            if _resolve(subject, prefixes) == SERVICE_PARAM and p == LANGUAGE and kind == "string":
                for lang in value.strip("'\"").split(","):
                    lang = lang.strip()
                    lang = AUTO_LANGUAGE if lang == "[AUTO_LANGUAGE]" else lang
                    if lang and lang not in languages:
                        languages.append(lang)
            elif p in _KINDS and subject[1][0] in "?$" and value[0] in "?$":
                manual.append((subject[1][1:], _KINDS[p], value[1:]))
    return languages or [AUTO_LANGUAGE], manual


def _enclosing_scope(toks: list, service_index: int) -> tuple[int, int, int, bool] | None:
    """(first token of the head, body open, body close, is a SELECT) of the SELECT whose WHERE holds
    the service — or, in a CONSTRUCT or an update, of the whole (its templates are its head)."""
    for k in range(service_index - 1, -1, -1):
        kind, value, _s, _e, depth = toks[k]
        if kind == "word" and value.upper() in ("SELECT", "WHERE"):
            body_open = next(
                (n for n in range(k + 1, service_index) if toks[n][0] == "open" and toks[n][4] == depth + 1),
                None,
            )
            if body_open is None:
                continue
            body_close = _matching_close(toks, body_open)
            if body_close is None or body_close < service_index:
                continue
            if value.upper() == "SELECT":
                return k, body_open, body_close, True
            if depth == 0 and not _is_select_ask_describe(toks):
                head = max((n for n in range(k) if toks[n][1] == ";" and toks[n][4] == 0), default=-1)
                return head + 1, body_open, body_close, False
    return None


def _is_select_ask_describe(toks: list) -> bool:
    forms = ("SELECT", "ASK", "DESCRIBE")
    return any(t[0] == "word" and t[4] == 0 and t[1].upper() in forms for t in toks)


def _star(toks: list, scope: tuple[int, int, int, bool] | None) -> int | None:
    """The index of the ``*`` of ``SELECT *`` (not of ``COUNT(*)``), if the scope is one."""
    if scope is None or not scope[3]:
        return None
    parens = 0
    for n in range(scope[0] + 1, scope[1]):
        t = toks[n]
        parens += {"(": 1, ")": -1}.get(t[1], 0) if t[0] == "other" else 0
        if t[1] == "*" and parens == 0:
            return n
    return None


def _automatic(
    toks: list, scope: tuple[int, int, int, bool] | None, service_index: int, service_close: int
) -> list[tuple[str, str]]:
    """(output variable, kind) for the projected ?xLabel / ?xDescription / ?xAltLabel of the SELECT
    whose WHERE holds the service (in a CONSTRUCT or an update: its templates' variables), when ?x is a
    variable of the query and the output is not bound elsewhere in that WHERE. ``SELECT *``
    projects none: on WDQS the wildcard is expanded to the WHERE's variables before the label
    service looks at the projection, and no ?xLabel is among them."""
    if scope is None or _star(toks, scope) is not None:
        return []
    head, body_open, body_close, _is_select = scope
    projected = [t[1][1:] for t in toks[head:body_open] if t[0] == "word" and t[1][0] in "?$"]
    variables = {t[1][1:] for t in toks if t[0] == "word" and t[1][0] in "?$"}
    inside = {
        t[1][1:]
        for n, t in enumerate(toks[body_open:body_close], start=body_open)
        if t[0] == "word" and t[1][0] in "?$" and not service_index <= n <= service_close
    }
    out = []
    for var in dict.fromkeys(projected):
        for suffix in _SUFFIXES:
            base = var[: -len(suffix)]
            if var.endswith(suffix) and base and base in variables and var not in inside:
                out.append((var, suffix))
                break
    return out


def _expand_star(
    query: str,
    toks: list,
    star: int,
    scope: tuple[int, int, int, bool],
    service: tuple[int, int],
    outputs: list[tuple[str, str, str]],
    prefixes: dict[str, str],
) -> Edit:
    """``SELECT *`` over a WHERE whose label service was rewritten: the ``*`` spelt out as the
    variables it stands for without the rewrite (the parser's own list, in its order: by name)
    plus the service's outputs, so that the rewrite's helper variables stay hidden, as on WDQS."""
    from pyoxigraph import QuerySolutions, Store

    body = query[toks[scope[1]][2] : service[0]] + query[service[1] : toks[scope[2]][3]]
    try:
        solutions = Store().query(f"SELECT * WHERE {body}", prefixes=prefixes)
    except SyntaxError:
        return Edit(toks[star][2], toks[star][3], "*")  # the parser will say where, on the whole text
    names = [v.value for v in solutions.variables] if isinstance(solutions, QuerySolutions) else []
    names = sorted({*names, *(out for _x, _k, out in outputs)})
    return Edit(toks[star][2], toks[star][3], " ".join(f"?{n}" for n in names))


def _surely_bound(toks: list, service_index: int, group_close: int, depth: int) -> set[str]:
    """The variables of a triple pattern of the group that holds the service, outside any nested
    group, expression or VALUES: every solution of the group binds them."""
    group_open = service_index
    while group_open > 0 and toks[group_open - 1][4] >= depth:
        group_open -= 1
    out: set[str] = set()
    parens = 0
    for n in range(group_open + 1, group_close):
        kind, value, _s, _e, d = toks[n]
        if d != depth:
            continue
        if kind == "other" and value in "()":
            parens += 1 if value == "(" else -1
        elif kind == "word" and value[0] in "?$" and parens == 0:
            before = toks[n - 1]
            if not (before[0] == "word" and before[1].upper() == "VALUES"):
                out.add(value[1:])
    return out


def _patterns(x: str, kind: str, out: str, languages: list[str], surely_bound: bool) -> str:
    hidden = [f"?_{kind.lower()}{n}_{out}" for n in range(len(languages))]
    # an ?x the solution may leave unbound (bound in an OPTIONAL, a UNION branch …) has no label
    # (WDQS: the label is unbound too); without this guard the OPTIONAL would bind ?x to every
    # labelled entity. Where a triple pattern of the group binds ?x, no guard (half the time).
    bound = f"?_bound_{out}"
    parts = [] if surely_bound else [f"BIND(BOUND(?{x}) AS {bound})"]
    guard, and_guard = ("", "") if surely_bound else (f" FILTER({bound})", f"{bound} && ")
    for h, lang in zip(hidden, languages, strict=True):
        if kind == "AltLabel":
            alias = f"?_alias{hidden.index(h)}_{out}"
            parts.append(
                f'OPTIONAL {{ {{ SELECT ?{x} (GROUP_CONCAT({alias}; separator=", ") AS {h}) '
                f"WHERE {{ ?{x} <{SKOS}altLabel> {alias} FILTER(LANG({alias}) = {_string(lang)}) }} "
                f"GROUP BY ?{x} }}{guard} }}"
            )
        else:
            predicate = RDFS + "label" if kind == "Label" else SCHEMA + "description"
            parts.append(
                f"OPTIONAL {{ ?{x} <{predicate}> {h} FILTER({and_guard}LANG({h}) = {_string(lang)}) }}"
            )
    choices = list(hidden)
    if kind == "Label":  # as on WDQS: no label in any language gives the entity's own name
        choices.append(f'IF(isIRI(?{x}), REPLACE(STR(?{x}), "^.*[/#]", ""), STR(?{x}))')
    parts.append(f"BIND(COALESCE({', '.join(choices)}) AS ?{out})")
    return " ".join(parts)


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
