"""Build: find the articles under the given paths, map each, write each to its own named graph.

Streams article by article: one article's text and quads are in memory at a time. An article that
cannot be read or mapped fails alone; the others are built.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from .article import read_article_file
from .errors import InputError, SevareKgError
from .mapper import MapperConfig, graph_iri, input_hash, map_article, read_sources_table
from .store import KnowledgeStore
from .vocab import ONTOLOGY

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class ArticleInput:
    path: Path
    url: str | None


@dataclass
class BuildReport:
    mapped: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (input, one-line reason)
    quads: int = 0
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return self.mapped + self.unchanged

    def summary(self) -> str:
        return (
            f"built {self.articles} article{'s' if self.articles != 1 else ''}, {self.quads} triples written "
            f"in {self.seconds:.2f} s (mapped {self.mapped}, unchanged {self.unchanged}, failed {len(self.failed)})"
        )


def find_articles(paths: Iterable[Path]) -> Iterator[ArticleInput]:
    """Article files under ``paths`` (files, or folders searched recursively), in sorted order.
    A ``SOURCES.tsv`` in an article's folder gives its URL."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
            if not files:
                raise InputError(f"{path}: no article files (*.txt) in this folder")
            tables: dict[Path, dict[str, str]] = {}
            for f in files:
                if f.parent not in tables:
                    tables[f.parent] = read_sources_table(f.parent)
                yield ArticleInput(f, tables[f.parent].get(f.name))
        elif path.exists():
            yield ArticleInput(path, read_sources_table(path.parent).get(path.name))
        else:
            raise InputError(f"{path}: no such file or folder")


def build(
    store: KnowledgeStore,
    inputs: Iterable[ArticleInput],
    config: MapperConfig,
    *,
    progress: Callable[[int, str], None] | None = None,
    force: bool = False,
) -> BuildReport:
    report = BuildReport()
    started = time.perf_counter()
    load_ontology(store)
    for n, item in enumerate(inputs, start=1):
        if progress:
            progress(n, str(item.path))
        try:
            article = read_article_file(item.path, url=item.url)
            graph = graph_iri(config.base, article.title)
            digest = input_hash(article.text)
            if not force and is_unchanged(store, graph, digest):
                report.unchanged += 1
                continue
            quads = map_article(article, config)
            report.quads += store.replace_graph(graph, quads)
            report.mapped += 1
        except SevareKgError as exc:
            reason = str(exc)
            if str(item.path) not in reason:
                reason = f"{item.path}: {reason}"
            log.debug("failed: %s", reason)
            report.failed.append((str(item.path), reason))
    store.flush()
    report.seconds = time.perf_counter() - started
    return report


ONTOLOGY_GRAPH = NamedNode("https://w3id.org/sevare-kg/ontology")


def load_ontology(store: KnowledgeStore) -> int:
    """Put the ontology in its own named graph, so queries can follow rdfs:subClassOf (replaced
    when it changed)."""
    import pyoxigraph

    from .resources import ontology_dir

    text = (ontology_dir() / "sevare.ttl").read_bytes()
    quads = [
        pyoxigraph.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
        for t in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE)
        if not isinstance(t.subject, pyoxigraph.BlankNode) and not isinstance(t.object, pyoxigraph.BlankNode)
    ]
    if store.contains_graph(ONTOLOGY_GRAPH) and set(store.quads(ONTOLOGY_GRAPH)) == set(quads):
        return 0
    return store.replace_graph(ONTOLOGY_GRAPH, quads)


def is_unchanged(store: KnowledgeStore, graph: NamedNode, digest: str) -> bool:
    if not store.contains_graph(graph):
        return False
    hash_prop = NamedNode(ONTOLOGY + "inputHash")
    return any(True for _ in store.oxigraph.quads_for_pattern(None, hash_prop, Literal(digest), graph))
