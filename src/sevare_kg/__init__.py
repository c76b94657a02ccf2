"""sevare-kg: Wikipedia articles about armed attacks as an RDF knowledge graph.

The pipeline, one subpackage a step, each importing only from the steps before it:

- ``extraction``: article text → parsed article (``article``) → facts (``pipeline``, reading the
  infobox with ``infobox`` and the prose with ``prose``; ``values``/``casualties`` are the value
  grammar, ``gazetteer`` and ``names`` the entities). Knows nothing of RDF.
- ``rdf``: facts → quads (``mapper``) under the ontology's terms (``vocab``) and the Wikidata link
  table (``link_table``). A pure function of one article; knows nothing of the store.
- ``store``: the Oxigraph store (``knowledge_store``), named queries, SHACL validation.
- ``build``: input records (``inputs``), the build (``builder``) and its engines, remote Graph
  Store targets and shards.
- ``linking``, ``exports``, ``evaluation``: reconciliation, export formats, scoring against gold.
- ``cli``, ``server``, ``api``: the command line, the SPARQL endpoint and the Python API, on top.
"""

from __future__ import annotations

from sevare_kg._version import __version__

__all__ = ["IRI", "KnowledgeGraph", "__version__", "map_text", "parse_article"]


def __getattr__(name: str):
    if name in ("KnowledgeGraph", "IRI"):
        from sevare_kg import api

        return getattr(api, name)
    if name == "parse_article":
        from sevare_kg.extraction.article import parse_article

        return parse_article
    if name == "map_text":
        from sevare_kg.rdf.mapper import map_text

        return map_text
    raise AttributeError(name)
