"""Input readers for ``build``: article files, folders (recursive) and JSON Lines corpora.

Everything is streamed: one record is read at a time, so memory does not grow with the corpus.
A record that cannot be read (bad JSON, no ``text``, undecodable bytes) does not stop the stream:
it comes out as a :class:`SourceRecord` carrying its ``error``, and fails alone in the build.

JSON Lines: one object per line, ``{"url": "...", "text": "= Title =\\n..."}`` (``url`` optional),
plain (``.jsonl``) or gzip-compressed (``.jsonl.gz``). A record is named ``FILE:LINE`` in messages.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sevare_kg.errors import InputError

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


@dataclass(frozen=True)
class SourceRecord:
    """One article's input: where it comes from (``name``), its URL when known, and its raw bytes
    (or the reason it could not be read)."""

    name: str
    url: str | None
    data: bytes | None = None
    error: str | None = None


def read_sources_table(folder: Path) -> dict[str, str]:
    """``SOURCES.tsv`` beside articles: file name -> URL (the corpus's own format)."""
    table = folder / "SOURCES.tsv"
    urls: dict[str, str] = {}
    if table.is_file():
        for line in table.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and not line.startswith("#"):
                urls[parts[0].strip()] = parts[1].strip()
    return urls


def is_article_file(path: Path) -> bool:
    return path.name.endswith(TEXT_SUFFIXES + JSONL_SUFFIXES)


def is_jsonl(path: Path) -> bool:
    return path.name.endswith(JSONL_SUFFIXES)


def check_paths(paths: Iterable[Path]) -> list[Path]:
    """Every path exists, and every folder holds at least one input: checked before anything is
    written. Returns the paths."""
    out = []
    for path in paths:
        if path.is_dir():
            if not any(p.is_file() and is_article_file(p) for p in path.rglob("*")):
                raise InputError(f"{path}: no article files (*.txt, *.jsonl, *.jsonl.gz) in this folder")
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        elif is_jsonl(path) and not _has_a_line(path):
            raise InputError(f"{path}: no records in this JSON Lines file (it is empty)")
        out.append(path)
    return out


def _has_a_line(path: Path) -> bool:
    """Whether a JSON Lines file holds at least one non-blank line (read until the first one);
    an unreadable file answers True, so that reading it fails with its own message."""
    try:
        with gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb") as handle:
            return any(line.strip() for line in handle)
    except (OSError, EOFError):
        return True


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The input files under ``paths`` in a stable order (folders searched recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and is_article_file(p))
        else:
            yield path


def iter_records(paths: Iterable[Path]) -> Iterator[SourceRecord]:
    """Stream the articles of files, folders and JSON Lines corpora, in a stable order."""
    tables: dict[Path, dict[str, str]] = {}
    for path in iter_files(paths):
        if is_jsonl(path):
            yield from iter_jsonl(path)
            continue
        if path.parent not in tables:
            tables[path.parent] = read_sources_table(path.parent)
        url = tables[path.parent].get(path.name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield SourceRecord(str(path), url, error=f"{path}: cannot read: {exc.strerror or exc}")
            continue
        yield SourceRecord(str(path), url, data)


def iter_jsonl(path: Path) -> Iterator[SourceRecord]:
    """The records of one ``.jsonl`` / ``.jsonl.gz`` file, one line at a time."""
    try:
        raw: io.BufferedIOBase = gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")
    except OSError as exc:
        yield SourceRecord(str(path), None, error=f"{path}: cannot read: {exc.strerror or exc}")
        return
    lineno = 0
    with raw:
        try:
            for lineno, line in enumerate(raw, start=1):
                if not line.strip():
                    continue
                yield _jsonl_record(path, lineno, line)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:  # truncated or corrupt gzip
            yield SourceRecord(f"{path}:{lineno + 1}", None, error=f"{path}:{lineno + 1}: cannot read: {exc}")


def _jsonl_record(path: Path, lineno: int, line: bytes) -> SourceRecord:
    name = f"{path}:{lineno}"
    try:
        obj = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:
        return SourceRecord(name, None, error=f"{name}: not a JSON object: {exc}")
    except RecursionError:
        return SourceRecord(name, None, error=f"{name}: not a JSON object: nested too deep")
    if not isinstance(obj, dict):
        return SourceRecord(name, None, error=f"{name}: not a JSON object")
    text = obj.get("text")
    url = obj.get("url")
    if url is not None and not isinstance(url, str):
        return SourceRecord(name, None, error=f"{name}: 'url' is not a string")
    if not isinstance(text, str):
        return SourceRecord(name, url, error=f"{name}: no 'text' string in the record")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate ("\ud800") is valid JSON, not text
        return SourceRecord(
            name, url, error=f"{name}: 'text' is not valid Unicode: {exc.reason} at {exc.start}"
        )
    return SourceRecord(name, url, data)
