"""Limits per article in a build: its size, the values of one infobox field, the time to map it.

Past one, the article fails alone with a message naming the limit and the option that sets it (in
the summary and ``failures.tsv``, as an unreadable file does); the others are built. Without
limits, one hostile or broken input could stall a whole build: a 50 MB prose article took 10 GB,
a 1.8 MB one-line infobox ran past 300 s.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from sevare_kg.errors import InputError
from sevare_kg.extraction.article import Article
from sevare_kg.extraction.names import LIST_SEPARATOR_RE

DEFAULT_MAX_BYTES = 10 << 20  # the longest Wikipedia articles are under 1 MB of plain text
DEFAULT_MAX_FIELD_VALUES = 1000  # real infoboxes list at most a few dozen names in a field
DEFAULT_MAX_SECONDS = 60.0  # an article maps in milliseconds (dev corpus: about 20 ms)


@dataclass(frozen=True)
class ArticleLimits:
    """0 (or less) turns a limit off."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_field_values: int = DEFAULT_MAX_FIELD_VALUES
    max_seconds: float = DEFAULT_MAX_SECONDS


class ArticleLimitError(InputError):
    """An article over one of the build's limits."""


def check_size(name: str, size: int, limits: ArticleLimits) -> None:
    if 0 < limits.max_bytes < size:
        raise ArticleLimitError(
            f"{name}: the article is {_mib(size)}, over the limit of {_mib(limits.max_bytes)} "
            "(--max-article-size)"
        )


def check_fields(article: Article, limits: ArticleLimits) -> None:
    """Every infobox field holds at most ``max_field_values`` values: the parts between the
    separators the extractor splits a list on (counted in linear time, before any is read)."""
    if limits.max_field_values <= 0:
        return
    for f in article.infobox:
        n = 1 + sum(1 for _ in LIST_SEPARATOR_RE.finditer(f.value))
        if n > limits.max_field_values:
            where = f"{article.source}:{f.line}" if article.source else f"line {f.line}"
            raise ArticleLimitError(
                f"{where}: infobox field {f.key!r} holds {n:,} values, over the limit of "
                f"{limits.max_field_values:,} (--max-field-values)"
            )


class OverTime(BaseException):
    """Raised inside the mapping when the article's time is up. A BaseException, so that no
    ``except Exception`` in the extractor takes it for a failure of its own and goes on."""


@contextlib.contextmanager
def time_limit(name: str, limits: ArticleLimits) -> Iterator[None]:
    """Stop the block after ``max_seconds`` with an ``ArticleLimitError``. Needs a real-time timer
    and the main thread (the serial build, and each worker process of ``--jobs``); elsewhere (Dask's
    worker threads) the block runs unbounded."""
    seconds = limits.max_seconds
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise OverTime()

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        # armed inside the try: a limit shorter than the next few bytecodes expires here, not outside
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    except OverTime:
        raise ArticleLimitError(
            f"{name}: mapping the article took over {seconds:g} s, the limit (--article-time-limit)"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB"
