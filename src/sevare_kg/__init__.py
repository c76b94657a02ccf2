"""sevare-kg: Wikipedia articles about armed attacks as an RDF knowledge graph.

The pipeline, one module a step: ``article`` (parse) → ``infobox``/``prose``/``extract`` (facts,
with ``values``/``casualties`` as the value grammar and ``gazetteer`` for entities) → ``mapper``
(RDF) → ``store`` (Oxigraph) → ``cli``/``server``/``api``.
"""

from __future__ import annotations

__version__ = "0.2.1"

__all__ = ["KnowledgeGraph", "__version__", "map_text", "parse_article"]


def __getattr__(name: str):  # noqa: ANN202 - lazy, so that `import sevare_kg` stays light
    if name == "KnowledgeGraph":
        from .api import KnowledgeGraph

        return KnowledgeGraph
    if name == "parse_article":
        from .article import parse_article

        return parse_article
    if name == "map_text":
        from .mapper import map_text

        return map_text
    raise AttributeError(name)
