"""Remote triple stores over the SPARQL 1.1 Graph Store HTTP Protocol (and SPARQL Protocol for reads).

``build --remote GSP_URL`` writes each article's graph with one ``PUT GSP_URL?graph=IRI`` (an
atomic replace on the engines we test: Virtuoso, Oxigraph; any GSP server will do). With
``--remote-query SPARQL_URL`` the build first asks which graphs already carry which
``sev:inputHash``, so unchanged articles are not sent again and ``--prune`` knows what to delete.

Faults: connection errors, timeouts and 5xx (and 429) are retried with exponential backoff; any
other 4xx is final and reported with the server's own message. Because every write is a whole-graph
replace and the hash is inside the graph, a build that was interrupted, or that lost the server for
a while, converges on re-run to exactly the content of an uninterrupted one.
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode, Quad

from sevare_kg.errors import SevareKgError
from sevare_kg.rdf.mapper import entity_graph_prefix
from sevare_kg.rdf.vocab import DEFAULT_BASE, DESCRIBED_IN
from sevare_kg.settings import Settings

if TYPE_CHECKING:
    import httpx

    from sevare_kg.build.engines import ChunkResult

log = logging.getLogger(__name__)

RETRY_STATUS = {429, 500, 502, 503, 504, 507, 508, 509}


class RemoteError(SevareKgError):
    """The remote store refused a request (4xx) or stayed unreachable after the retries."""

    fatal = False


class RemoteUnavailable(RemoteError):
    """Many writes in a row failed for good: the build stops (re-running it resumes)."""

    fatal = True


@dataclass(frozen=True)
class Credentials:
    scheme: str  # basic | digest | bearer
    user: str | None = None
    password: str | None = None
    token: str | None = None

    def httpx_auth(self) -> Any:
        import httpx

        if self.scheme == "basic":
            return httpx.BasicAuth(self.user or "", self.password or "")
        if self.scheme == "digest":
            return httpx.DigestAuth(self.user or "", self.password or "")
        return None

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.scheme == "bearer" and self.token else {}


def load_credentials(
    path: Path | None = None, scheme: str | None = None, env: Mapping[str, str] | None = None
) -> Credentials | None:
    """Credentials from a file of ``key=value`` lines (``user``, ``password``, ``token``, ``scheme``)
    or from ``$SEVARE_KG_REMOTE_USER`` / ``_PASSWORD`` / ``_TOKEN`` / ``_AUTH`` (the scheme).
    The scheme defaults to bearer when there is a token, else basic."""
    remote = Settings.from_env(env).remote
    values: dict[str, str] = {}
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RemoteError(f"{path}: cannot read credentials: {exc.strerror or exc}") from None
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise RemoteError(f"{path}:{n}: expected key=value (user, password, token, scheme)")
            values[key.strip().lower()] = value.strip()
    else:
        values = {"scheme" if key == "auth" else key: value for key, value in remote.items()}
    if not values.get("user") and not values.get("token"):
        return None
    chosen = (scheme or values.get("scheme") or ("bearer" if values.get("token") else "basic")).lower()
    if chosen not in ("basic", "digest", "bearer"):
        raise RemoteError(f"unknown authentication scheme {chosen!r} (basic, digest or bearer)")
    if chosen == "bearer" and not values.get("token"):
        raise RemoteError("bearer authentication needs a token")
    return Credentials(chosen, values.get("user"), values.get("password"), values.get("token"))


class GraphStoreClient:
    """A Graph Store Protocol endpoint (and optionally a SPARQL query endpoint), with retries.
    Thread-safe: each thread has its own HTTP connection pool (and its own Digest state)."""

    def __init__(
        self,
        gsp_url: str,
        *,
        query_url: str | None = None,
        credentials: Credentials | None = None,
        retries: int = 6,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        timeout: float = 60.0,
    ) -> None:
        try:
            import httpx  # noqa: F401
        except ImportError:
            raise SevareKgError("--remote needs httpx: pip install 'sevare-kg[scale]'") from None
        self.gsp_url = gsp_url
        self.query_url = query_url
        self.credentials = credentials
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._lock = threading.Lock()

    def _client(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            import httpx

            creds = self.credentials
            client = httpx.Client(
                timeout=self.timeout,
                auth=creds.httpx_auth() if creds else None,
                headers=creds.headers() if creds else None,
            )
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def close(self) -> None:
        with self._lock:
            for c in self._clients:
                c.close()
            self._clients.clear()

    def request(
        self, method: str, url: str, *, what: str, ok: tuple[int, ...] = (200, 201, 204), **kwargs: Any
    ) -> httpx.Response:
        """One request with retries on connection errors, timeouts and 5xx; 4xx raise at once."""
        import httpx

        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                response = self._client().request(method, url, **kwargs)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code in ok:
                    return response
                message = " ".join(response.text.split())[:300]
                problem = f"HTTP {response.status_code}: {message}"
                if response.status_code not in RETRY_STATUS:
                    raise RemoteError(f"{what}: the server refused it: {problem}")
            if attempt == self.retries:
                break
            log.warning("%s failed (%s); retrying in %.1f s", what, problem, delay)
            time.sleep(delay * (0.75 + random.random() / 2))
            delay = min(delay * 2, self.max_backoff)
        raise RemoteError(f"{what}: failed after {self.retries + 1} attempts: {problem}")

    # -- Graph Store Protocol --------------------------------------------------------------------------

    def put_graph(self, graph: str, turtle: bytes) -> None:
        self.request(
            "PUT",
            self.gsp_url,
            what=f"PUT graph {graph}",
            params={"graph": graph},
            content=turtle,
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )

    def delete_graph(self, graph: str) -> None:
        self.request(
            "DELETE",
            self.gsp_url,
            what=f"DELETE graph {graph}",
            params={"graph": graph},
            ok=(200, 202, 204, 404),
        )

    def get_graph(self, graph: str) -> bytes:
        """The graph as N-Triples (empty when absent)."""
        r = self.request(
            "GET",
            self.gsp_url,
            what=f"GET graph {graph}",
            params={"graph": graph},
            ok=(200, 404),
            headers={"Accept": "application/n-triples, text/plain;q=0.9"},
        )
        return b"" if r.status_code == 404 else r.content

    # -- SPARQL Protocol (reads) ---------------------------------------------------------------------

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT, each variable -> lexical value."""
        _media, body = self._post_query(sparql, "application/sparql-results+json")
        try:
            data = json.loads(body)
            return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
        except (ValueError, KeyError, TypeError):
            raise RemoteError(
                f"SPARQL query to {self.query_url}: not a JSON result: {body[:200]!r}"
            ) from None

    def query(self, sparql: str, default_graphs: list[str] | None = None) -> tuple[str, bytes]:
        """Any query, as the remote answers it: (media type, body). SELECT/ASK come back as SPARQL
        JSON results, CONSTRUCT/DESCRIBE as N-Triples (both asked for in one Accept header).
        ``default_graphs``: the graphs whose merge is the query's default graph (``default-graph-uri``)."""
        return self._post_query(
            sparql,
            "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.5",
            default_graphs,
        )

    def _post_query(
        self, sparql: str, accept: str, default_graphs: list[str] | None = None
    ) -> tuple[str, bytes]:
        if not self.query_url:
            raise RemoteError("this needs --remote-query (the SPARQL query endpoint of the remote)")
        data: dict[str, str | list[str]] = {"query": sparql}
        if default_graphs:
            data["default-graph-uri"] = default_graphs
        r = self.request(
            "POST",
            self.query_url,
            what=f"SPARQL query to {self.query_url}",
            data=data,
            headers={"Accept": accept},
        )
        return r.headers.get("content-type", "").split(";")[0].strip().lower(), r.content

    def select_all(self, sparql: str, page: int = 5000) -> list[dict[str, str]]:
        """Every row of a SELECT (which must have an ORDER BY), fetched in pages: servers such as
        Virtuoso cap result sizes."""
        out: list[dict[str, str]] = []
        while True:
            rows = self.select(f"{sparql} LIMIT {page} OFFSET {len(out)}")
            out.extend(rows)
            if len(rows) < page:
                return out

    def input_hashes(self, page: int = 5000) -> dict[str, str]:
        """graph IRI -> ``sev:inputHash`` of every article graph on the remote (paged: servers
        such as Virtuoso cap result sizes)."""
        from sevare_kg.rdf.vocab import ONTOLOGY

        rows = self.select_all(
            f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?d <{ONTOLOGY}inputHash> ?h }} }} ORDER BY ?g ?h", page
        )
        # a row without ?h was seen once from a Virtuoso just restarted after a kill: a graph whose
        # hash is not known is treated as changed (mapped and written again), never as a crash
        return {row["g"]: row.get("h", "") for row in rows if "g" in row}


def quads_to_graphs(nquads: bytes) -> dict[str, bytes]:
    """Split N-Quads into one N-Triples document per named graph."""
    import pyoxigraph

    triples: dict[str, list[pyoxigraph.Triple]] = {}
    for q in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS):
        triples.setdefault(q.graph_name.value, []).append(q.triple)  # type: ignore[union-attr]
    return {
        g: pyoxigraph.serialize(ts, format=pyoxigraph.RdfFormat.N_TRIPLES) or b"" for g, ts in triples.items()
    }


def described_graphs(article_body: bytes) -> list[str]:
    """The entity graphs an article graph (N-Triples) refers to with ``sev:describedIn``."""
    return sorted({m.decode() for m in _DESCRIBED_IN.findall(article_body)})


_DESCRIBED_IN = re.compile(rb"<" + re.escape(DESCRIBED_IN.encode()) + rb"> <([^>]*)> \.")


class RemoteTarget:
    """A build target writing to a Graph Store endpoint with ``concurrency`` parallel PUTs.

    An article's entity graphs (:func:`sevare_kg.rdf.mapper.entity_graph_iri`) are PUT before its own
    graph, and at most once per build (or not at all when the remote already has them: their IRI
    names their content, and a PUT is atomic), so the article graph — which holds the input hash —
    is only ever on the remote with its descriptions."""

    def __init__(self, client: GraphStoreClient, *, concurrency: int = 4, base: str = DEFAULT_BASE) -> None:
        self.client = client
        self.concurrency = max(1, concurrency)
        self.pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="gsp")
        self.entity_pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="gsp-entity")
        self.entity_prefix = entity_graph_prefix(base)
        self.entity_puts: dict[str, Future[None]] = {}
        self.entity_lock = threading.Lock()
        self.remote_entities: set[str] = set()
        self.pending: deque[tuple[Future[None], str, int]] = deque()
        self.failed: list[tuple[str, str, int]] = []
        self.hashes: dict[str, str] | None = None
        self.consecutive_failures = 0
        self.give_up_after = max(8, 4 * self.concurrency)

    def prepare(self, support: dict[str, list[Quad]]) -> None:
        import pyoxigraph

        if self.client.query_url:
            self.hashes = self.client.input_hashes()
            self.remote_entities = self._described_graphs()  # referred to, so complete (PUT first)
        for graph, quads in support.items():  # the ontology and reference graphs, on every run
            body = (
                pyoxigraph.serialize([q.triple for q in quads], format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
            )
            self.client.put_graph(graph, body)

    def is_unchanged(self, graph: NamedNode, digest: str) -> bool:
        return self.hashes is not None and self.hashes.get(graph.value) == digest

    def exists(self, graph: NamedNode) -> bool:
        return False  # a PUT replaces whatever is there

    def write(self, result: ChunkResult, replaced: set[str]) -> int:
        import gzip

        ok = [m for m in result.items if not m.error]
        if not ok:
            return 0
        if result.shard is not None:
            bodies = quads_to_graphs(gzip.decompress(Path(result.shard).read_bytes()))
        else:
            bodies = {}
            for m in ok:
                bodies.update(quads_to_graphs((m.nquads or b"") + m.mark))
        for m in ok:
            assert m.graph is not None
            body = bodies.get(m.graph, b"")
            entities = [self._put_entity(g, bodies.get(g, b"")) for g in described_graphs(body)]
            future = self.pool.submit(self._put_article, m.graph, body, entities)
            self.pending.append((future, m.name, m.quads))
            while len(self.pending) > 2 * self.concurrency:
                self._settle(*self.pending.popleft())
        return len(ok)

    def _put_entity(self, graph: str, body: bytes) -> Future[None] | None:
        """The PUT of an entity graph, started unless the remote has it or this build sent it."""
        if graph in self.remote_entities:
            return None
        with self.entity_lock:
            future = self.entity_puts.get(graph)
            if future is None or (future.done() and future.exception() is not None):
                future = self.entity_puts[graph] = self.entity_pool.submit(self.client.put_graph, graph, body)
            return future

    def _put_article(self, graph: str, body: bytes, entities: list[Future[None] | None]) -> None:
        for future in entities:  # its descriptions first: an error here leaves the article unsent
            if future is not None:
                future.result()
        self.client.put_graph(graph, body)

    def _described_graphs(self) -> set[str]:
        """The entity graphs that article graphs on the remote refer to (a predicate lookup)."""
        rows = self.client.select_all(
            f"SELECT DISTINCT ?d WHERE {{ GRAPH ?g {{ ?e <{DESCRIBED_IN}> ?d }} }} ORDER BY ?d"
        )
        return {row["d"] for row in rows if "d" in row}

    def _entity_graphs(self) -> list[str]:
        """Every entity graph on the remote (each holds its entity's rdf:type)."""
        rows = self.client.select_all(
            f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a ?k }} FILTER(STRSTARTS(STR(?g), "{self.entity_prefix}")) }} '
            "ORDER BY ?g"
        )
        return [row["g"] for row in rows if "g" in row]

    def drop_unused_descriptions(self) -> int:
        if self.hashes is None:  # without --remote-query the remote cannot be asked what is unused
            return 0
        used = self._described_graphs()
        unused = [g for g in self._entity_graphs() if g not in used]
        for g in unused:
            self.client.delete_graph(g)
        return len(unused)

    def _settle(self, future: Future[None], name: str, quads: int) -> None:
        try:
            future.result()
        except SevareKgError as exc:
            self.failed.append((name, str(exc), quads))
            self.consecutive_failures += 1
            if self.consecutive_failures >= self.give_up_after:
                self.pool.shutdown(wait=False, cancel_futures=True)
                raise RemoteUnavailable(
                    f"{self.consecutive_failures} writes in a row failed (last: {exc}); stopped. Every graph "
                    "written so far is complete: re-run the same build to resume"
                ) from None
        else:
            self.consecutive_failures = 0

    def finish(self) -> list[tuple[str, str, int]]:
        while self.pending:
            self._settle(*self.pending.popleft())
        return self.failed

    def article_graphs(self) -> Iterable[str]:
        if self.hashes is None:
            raise RemoteError("--prune with --remote needs --remote-query (to list the graphs on the remote)")
        return self.hashes.keys()

    def drop(self, graph: NamedNode) -> None:
        self.client.delete_graph(graph.value)

    def flush(self) -> None:
        self.pool.shutdown(wait=True)
        self.entity_pool.shutdown(wait=True)
        self.client.close()
