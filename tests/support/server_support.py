"""Shared fixtures of the server tests: a store built from the real corpus article and a running
server (``python -m sevare_kg.server``) on a free 127.0.0.1 port, always stopped afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "2023_sevare_attack.txt"
REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-3f9a"
EXTRA_TTL = """
@prefix ex: <http://example.org/> .
ex:alice ex:name "Alice" ; ex:knows ex:bob .
ex:bob ex:name "Bob" .
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(path: Path, articles: Sequence[Path] = ()) -> None:
    """The Sévaré article (and any other ``articles`` of the corpus) through the real mapper, plus a
    small example graph."""
    import pyoxigraph as ox

    from sevare_kg.store.knowledge_store import KnowledgeStore

    ks = KnowledgeStore(path)
    text = CORPUS.read_text(encoding="utf-8") if CORPUS.exists() else None
    if text is not None:
        from sevare_kg.build.builder import support_graphs
        from sevare_kg.extraction.article import parse_article
        from sevare_kg.rdf.mapper import MapperConfig, graph_iri, map_text

        config = MapperConfig()
        for article in [text, *(a.read_text(encoding="utf-8") for a in articles)]:
            title = parse_article(article).title
            ks.replace_graph(graph_iri(config.base, title), map_text(article, config), add_to_others=True)
        for graph, support in support_graphs(config).items():
            ks.replace_graph(ox.NamedNode(graph), support)
    g = ox.NamedNode("http://example.org/graph/people")
    ks.replace_graph(
        g, [ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(EXTRA_TTL, ox.RdfFormat.TURTLE)]
    )
    ks.flush()
    ks.close()  # before the server opens it


class ServerProcess:
    def __init__(
        self,
        store: Path,
        *,
        token: str | None = TOKEN,
        timeout: float = 30,
        workers: int = 2,
        cache: bool = True,
        extra: list[str] | None = None,
        env: dict | None = None,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [
            sys.executable,
            "-m",
            "sevare_kg.server",
            "--store",
            str(store),
            "--port",
            str(self.port),
            "--query-timeout",
            str(timeout),
            "--workers",
            str(workers),
        ]
        if not cache:
            args.append("--no-cache")
        args += extra or []
        e = dict(os.environ)
        e.pop("SEVARE_KG_TOKEN", None)
        if token:
            e["SEVARE_KG_TOKEN"] = token
        e.update(env or {})
        self.log = store.parent / f"server-{self.port}.log"
        self._logf = open(self.log, "wb")
        self.proc = subprocess.Popen(args, stdout=self._logf, stderr=subprocess.STDOUT, env=e, cwd=REPO)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/sparql", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start: {self.log.read_text()}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._logf.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    d = tmp_path_factory.mktemp("srv")
    build_store(d / "store")
    s = ServerProcess(d / "store")
    yield s
    s.stop()


@pytest.fixture
def client(server: ServerProcess):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}


class SecretService:
    """A small HTTP server on 127.0.0.1 that stands for an internal service: every request gets a 500
    whose body holds a secret (which must never reach a client), and is recorded in ``hits``."""

    def __init__(self) -> None:
        import http.server
        import threading

        hits: list[str] = []
        self.hits = hits

        class _Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append(self.path)
                body = b"secret-token=XYZ"
                self.send_response(500)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._httpd.shutdown()
