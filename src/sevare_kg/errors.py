"""Error types of sevare-kg: every failure a user can act on is one of these.

Messages are one line, name what was wrong and where (file, line, key, value).
"""

from __future__ import annotations


class SevareKgError(Exception):
    """Base class of every error this package raises on purpose."""


class ArticleFormatError(SevareKgError):
    """The input text is not an article in the expected plain-text format."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        where = source or "<text>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class InputError(SevareKgError):
    """A file or folder given as input cannot be read (missing, binary, not UTF-8, empty)."""


class ValueGrammarError(SevareKgError):
    """A value (date, number, casualty phrase) does not parse under the value grammar."""

    def __init__(self, kind: str, text: str, reason: str = "not understood") -> None:
        self.kind = kind
        self.text = text
        super().__init__(f"cannot parse {kind} {text!r}: {reason}")


class StoreError(SevareKgError):
    """The store cannot be opened, read or written."""


class QueryError(SevareKgError):
    """A SPARQL query or update is malformed or failed; the message carries the parser's."""


class GazetteerError(SevareKgError):
    """The gazetteer or link table file is malformed."""


class MissingExtraError(SevareKgError):
    """An optional dependency is not installed; the message names the extra that installs it."""


def require_extra(extra: str, *modules: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``modules`` can be imported."""
    import importlib.util

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingExtraError(
            f"{', '.join(missing)} not installed: this needs the {extra!r} extra "
            f"(pip install 'sevare-kg[{extra}]')"
        )


class SparqlSyntaxError(QueryError):
    """A query or update does not parse: where (line and column of the user's own text) and what."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        self.reason = reason
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None and column is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {reason}")


class ServiceError(QueryError):
    """A federated query's SERVICE endpoint could not be reached or gave no usable answer."""

    def __init__(self, target: str, reason: str) -> None:
        self.target = target
        self.reason = reason
        super().__init__(f"SERVICE {target} cannot be used: {reason}")
