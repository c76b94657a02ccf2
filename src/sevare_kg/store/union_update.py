"""SPARQL updates with the dataset semantics of queries: the default graph is the union of all graphs.

pyoxigraph's ``Store.update`` has no ``use_default_graph_as_union`` (its queries do): an update's
``WHERE`` sees the store's own default graph only, so ``DELETE WHERE { ?s <p> ?o }`` matched nothing
on a store whose data is all in named graphs. Here an operation that names no graph — no ``WITH``,
no ``USING``, no ``GRAPH`` in its templates — runs like this:

* its ``WHERE`` (the pattern of ``DELETE WHERE``) is evaluated over the union of all graphs, by
  pyoxigraph, as a ``CONSTRUCT`` of each template;
* each triple of the ``DELETE`` template (and of ``DELETE DATA``) is removed from every graph that
  holds it;
* each triple of the ``INSERT`` template is added to the default graph, as SPARQL says.

The removals and additions of one operation are one transaction, unless blank nodes of the store
are involved: ``DELETE DATA`` cannot name them, and ``INSERT DATA`` would make new ones of their
labels, so the triples that name them are removed one by one first, and added in a transaction of
their own after the others' removal (the mapper writes no blank nodes). An operation that names its graphs runs as SPARQL defines it; a request whose operations
all do runs as one update, in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import BlankNode, DefaultGraph, Quad, Store, Triple

from sevare_kg.store.sparql_text import tokens

_Token = tuple[str, str, int, int, int]


@dataclass(frozen=True)
class UnionOperation:
    """An operation to run over the union: its templates and pattern as text (None: absent)."""

    delete: str | None
    insert: str | None
    where: str


@dataclass(frozen=True)
class Operation:
    """One operation of an update request, with the PREFIX / BASE declarations in force for it."""

    prologue: str
    text: str
    union: UnionOperation | None  # None: run as written


def split_operations(update: str) -> list[Operation]:
    """The operations of an update request (separated by ``;`` outside braces), each with the
    prologue declared so far (a declaration holds for the operations after it)."""
    prologue = ""
    out: list[Operation] = []
    start = 0
    toks = list(tokens(update))
    bounds = [i for i, t in enumerate(toks) if t[0] == "other" and t[1] == ";" and t[4] == 0]
    for lo, hi in zip([0, *(b + 1 for b in bounds)], [*bounds, len(toks)], strict=True):
        part = toks[lo:hi]
        body_at = _prologue_end(part)
        if body_at > 0:
            end = part[body_at - 1][3]
            prologue += update[start:end] + "\n"
            start = end
        body = part[body_at:]
        stop = toks[hi][2] if hi < len(toks) else len(update)
        text = update[start:stop]
        start = stop + 1
        if body:
            out.append(Operation(prologue, text, _union_operation(update, body)))
    return out


def _prologue_end(part: list[_Token]) -> int:
    """The index of the first token after the leading ``PREFIX p: <iri>`` / ``BASE <iri>``."""
    i = 0
    while i < len(part) and part[i][0] == "word" and part[i][1].upper() in ("PREFIX", "BASE"):
        i += 3 if part[i][1].upper() == "PREFIX" else 2
    return min(i, len(part))


def _union_operation(update: str, body: list[_Token]) -> UnionOperation | None:
    """The templates and pattern of an operation that names no graph; None for any other."""
    words = [v.upper() if k == "word" else v for k, v, *_ in body]
    if any(w in ("WITH", "USING", "GRAPH") for w in words):
        return None  # the operation chooses its graphs: SPARQL's own rules
    first = words[0]
    if first == "DELETE" and len(words) > 1 and words[1] in ("WHERE", "DATA"):
        group, rest = _group(update, body, 2)
        if group is None or rest != len(body):
            return None
        return UnionOperation(group, None, group if words[1] == "WHERE" else "")
    if first not in ("DELETE", "INSERT") or len(words) < 2 or words[1] != "{":
        return None  # INSERT DATA, LOAD, CLEAR, DROP, …: they read nothing
    templates: dict[str, str] = {}
    i = 0
    while i < len(body) and words[i] in ("DELETE", "INSERT") and words[i] not in templates:
        group, after = _group(update, body, i + 1)
        if group is None:
            return None
        templates[words[i]], i = group, after
    if i >= len(body) or words[i] != "WHERE":
        return None
    where, end = _group(update, body, i + 1)
    if where is None or end != len(body):
        return None
    return UnionOperation(templates.get("DELETE"), templates.get("INSERT"), where)


def _group(update: str, body: list[_Token], at: int) -> tuple[str | None, int]:
    """The text inside the braces opening at ``body[at]``, and the index after the closing one."""
    if at >= len(body) or body[at][0] != "open":
        return None, at
    depth = body[at][4]
    for j in range(at + 1, len(body)):
        if body[j][0] == "close" and body[j][4] == depth - 1:
            return update[body[at][3] : body[j][2]], j + 1
    return None, at


_READS = re.compile(r"\b(?:WHERE|DELETE)\b", re.IGNORECASE)  # in every operation run over the union


def run_update(store: Store, update: str, **options: object) -> None:
    """Run ``update`` with the union as the default graph of what it reads (see the module).
    ``options``: ``base_iri`` and ``prefixes``, as for ``Store.update``."""
    if _READS.search(update) is None:  # INSERT DATA, LOAD, DROP …: no need to lex a large text
        store.update(update, **options)  # type: ignore[arg-type]
        return
    operations = split_operations(update)
    if not any(op.union is not None for op in operations):
        store.update(update, **options)  # type: ignore[arg-type]
        return
    for op in operations:
        if op.union is None:
            store.update(op.prologue + op.text, **options)  # type: ignore[arg-type]
        else:
            _run_over_union(store, op.prologue, op.union, options)


def _run_over_union(store: Store, prologue: str, op: UnionOperation, options: dict[str, object]) -> None:
    def construct(template: str) -> list[Triple]:
        text = f"{prologue}CONSTRUCT {{ {template} }} WHERE {{ {op.where} }}"
        return list(store.query(text, use_default_graph_as_union=True, **options))  # type: ignore[arg-type]

    # both templates over the same solutions: the store is unchanged until both are computed
    removed = [
        q
        for t in (construct(op.delete) if op.delete else [])
        for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)
    ]
    added = [Quad(t.subject, t.predicate, t.object) for t in (construct(op.insert) if op.insert else [])]
    # a blank node of the store that an added triple names must stay itself: INSERT DATA would
    # make a new one of its label, so those triples go in through the API, in a transaction of their own
    keep_nodes = any(_is_stored(store, n) for q in added for n in (q.subject, q.object))
    for q in removed:
        if _has_blank_node(q):
            store.remove(q)  # DELETE DATA cannot name a stored blank node
    deletion = f"DELETE DATA {{ {_quads_text(q for q in removed if not _has_blank_node(q))} }}"
    if keep_nodes:
        store.update(deletion)
        store.extend(added)
    else:
        store.update(f"{deletion} ;\nINSERT DATA {{ {_quads_text(added)} }}")


def _is_stored(store: Store, node: object) -> bool:
    if not isinstance(node, BlankNode):
        return False
    return any(True for _ in store.quads_for_pattern(node, None, None, None)) or any(
        True for _ in store.quads_for_pattern(None, None, node, None)
    )


def _has_blank_node(q: Quad) -> bool:
    return isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode)


def _quads_text(quads: Iterable[Quad]) -> str:
    lines = []
    for q in quads:
        triple = f"{q.subject} {q.predicate} {q.object} ."
        lines.append(
            triple if isinstance(q.graph_name, DefaultGraph) else f"GRAPH {q.graph_name} {{ {triple} }}"
        )
    return "\n".join(lines)
