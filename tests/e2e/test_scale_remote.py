"""``build --remote``: real engines started here on 127.0.0.1 (``oxigraph serve`` and Virtuoso Open
Source), remote content compared graph by graph with a local build of the same corpus; incremental
re-runs, --prune, HTTP Digest, 4xx reported without retry, and convergence after the client or the
server was killed mid-build."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from cli_support import CLI, CORPUS_DEV, ROOT, SEVARE, run_cli

sys.path.insert(0, str(ROOT / "bench" / "scale"))
import synth

from sevare_kg.build.remote import GraphStoreClient, RemoteError, load_credentials

pytestmark = pytest.mark.slow  # see tests/conftest.py

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t")
ONTOLOGY_GRAPH = "https://w3id.org/sevare-kg/ontology"
REFERENCE_GRAPH = "https://w3id.org/sevare-kg/graph/reference"


def article_hashes(client: GraphStoreClient) -> dict[str, str]:
    """The remote's article graphs (the reference graph records a hash too)."""
    return {g: h for g, h in client.input_hashes().items() if g != REFERENCE_GRAPH}


needs_corpus = pytest.mark.skipif(not CORPUS_DEV.is_dir(), reason=f"dev corpus not found at {CORPUS_DEV}")
needs_virtuoso = pytest.mark.skipif(
    VIRTUOSO is None and not os.environ.get("CI"),
    reason="virtuoso-t not installed (Debian virtuoso-opensource)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


class Oxigraph:
    def __init__(self, location: Path) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        wait_http(f"{self.base}/query?query=ASK%7B%7D", self.proc)
        self.gsp, self.query = f"{self.base}/store", f"{self.base}/query"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 60000
MaxDirtyBuffers = 45000
DirsAllowed = ., {db}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""


class Virtuoso:
    """Virtuoso Open Source on a database folder of its own, with free ports on 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.http_port = free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(db=folder, sql_port=free_port(), http_port=self.http_port), encoding="utf-8"
        )
        self.ini = ini
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.gsp, self.query = f"{self.base}/sparql-graph-crud-auth", f"{self.base}/sparql"
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(VIRTUOSO), "+foreground", "+configfile", str(self.ini)],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_http(f"{self.query}?query=ASK%7B%7D", self.proc, timeout=120)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path / "oxigraph-remote")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    if VIRTUOSO is None and not os.environ.get("CI"):
        pytest.skip("virtuoso-t not installed (Debian virtuoso-opensource)")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def dba_credentials(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("creds") / "virtuoso.cred"
    path.write_text(
        "# Virtuoso's fresh-database administrator\nscheme=digest\nuser=dba\npassword=dba\n", encoding="utf-8"
    )
    return path


# -- corpora and their local builds ----------------------------------------------------------------------


def local_graphs(store: Path) -> dict[str, set[ox.Triple]]:
    s = ox.Store.read_only(str(store))
    out: dict[str, set[ox.Triple]] = {}
    for q in s:
        out.setdefault(q.graph_name.value, set()).add(q.triple)
    return out


@pytest.fixture(scope="module")
def dev_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, set[ox.Triple]]]:
    if not CORPUS_DEV.is_dir():
        pytest.skip(f"dev corpus not found at {CORPUS_DEV}")
    store = tmp_path_factory.mktemp("devlocal") / "store"
    paths = [SEVARE.parent, CORPUS_DEV]
    run_cli("-q", "build", *paths, "--store", store, "--jobs", "1")
    return paths, local_graphs(store)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[ox.Triple]]]:
    if not CORPUS_DEV.is_dir():
        pytest.skip(f"dev corpus not found at {CORPUS_DEV}")
    tmp = tmp_path_factory.mktemp("synthremote")
    corpus = tmp / "corpus.jsonl.gz"
    import gzip
    import json

    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for url, text in synth.generate(150, seed=11):
            handle.write(json.dumps({"url": url, "text": text}) + "\n")
    run_cli("-q", "build", corpus, "--store", tmp / "store", "--jobs", "2")
    return corpus, local_graphs(tmp / "store")


_WKT_TYPES = {
    "http://www.opengis.net/ont/geosparql#wktLiteral",
    "http://www.openlinksw.com/schemas/virtrdf#Geometry",  # what Virtuoso turns a wktLiteral into
}


def comparable(triples: set[ox.Triple]) -> set[ox.Triple]:
    """Triples as a store may rewrite them and still mean the same: Virtuoso keeps a WKT point as
    its own geometry type, in single precision ("POINT(14.2069 12.37299)" comes back as
    "POINT(14.206899642944 12.372989654541)"): points compared in single precision."""
    out = set()
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and o.datatype.value in _WKT_TYPES:
            numbers = re.findall(r"-?\d+(?:\.\d+)?", o.value)
            single = (struct.unpack("f", struct.pack("f", float(n)))[0] for n in numbers)
            o = ox.Literal("POINT(" + " ".join(f"{x:.6f}" for x in single) + ")")
            t = ox.Triple(t.subject, t.predicate, o)
        out.add(t)
    return out


def remote_graphs(client: GraphStoreClient, names: set[str]) -> dict[str, set[ox.Triple]]:
    """The remote's article graphs (those with sev:inputHash), its entity graphs and the ontology
    graph, each fetched whole with a GSP GET."""
    entities = client.select_all(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://w3id.org/sevare-kg/graph/entity/")) } ORDER BY ?g'
    )
    listed = set(client.input_hashes()) | {ONTOLOGY_GRAPH} | {row["g"] for row in entities}
    out = {}
    for g in sorted(listed | names):
        data = client.get_graph(g)
        if data:
            out[g] = comparable(
                {getattr(t, "triple", t) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
            )
    return out


def assert_same_content(client: GraphStoreClient, expected: dict[str, set[ox.Triple]]) -> None:
    remote = remote_graphs(client, set(expected))
    assert sorted(remote) == sorted(expected)
    for g, triples in expected.items():
        triples = comparable(triples)
        assert remote[g] == triples, (
            f"graph {g}: {len(remote[g] - triples)} extra, {len(triples - remote[g])} missing"
        )


# -- oxigraph serve ------------------------------------------------------------------------------------------


def test_oxigraph_remote_equals_local_build_incremental_and_prune(
    oxigraph_server: Oxigraph, dev_corpus: tuple[list[Path], dict[str, set[ox.Triple]]], tmp_path: Path
) -> None:
    paths, expected = dev_corpus
    remote = ["--remote", oxigraph_server.gsp, "--remote-query", oxigraph_server.query]
    out = run_cli("-q", "build", *paths, *remote, "--remote-concurrency", "4", cwd=tmp_path).stdout
    assert "mapped 16, unchanged 0, pruned 0, failed 0" in out
    client = GraphStoreClient(oxigraph_server.gsp, query_url=oxigraph_server.query)
    assert_same_content(client, expected)

    out = run_cli("-q", "build", *paths, *remote, cwd=tmp_path).stdout
    assert "mapped 0, unchanged 16, pruned 0, failed 0" in out

    # stats and queries against the remote give what they give on a local build
    local = tmp_path / "local-all"
    run_cli("-q", "build", *paths, "--store", local)
    remote_stats = run_cli("stats", "--remote-query", oxigraph_server.query).stdout
    assert remote_stats == run_cli("stats", "--store", local).stdout
    assert "events            16" in remote_stats
    q = (
        "PREFIX sev: <https://w3id.org/sevare-kg/ontology#> SELECT ?e ?war WHERE { GRAPH ?g { ?e sev:partOf ?war } } "
        "ORDER BY ?e ?war"
    )
    remote_rows = run_cli("query", q, "--format", "csv", "--remote-query", oxigraph_server.query).stdout
    assert remote_rows == run_cli("query", q, "--format", "csv", "--store", local).stdout
    assert remote_rows.count("\n") > 16
    construct = "CONSTRUCT { ?e ?p ?o } WHERE { GRAPH ?g { ?e a <https://w3id.org/sevare-kg/ontology#Event> ; ?p ?o } }"
    graph = run_cli(
        "query", construct, "--remote-query", oxigraph_server.query, "--format", "ntriples"
    ).stdout
    assert "ontology#Event>" in graph
    bad = run_cli("query", "SELECT * WHERE {", "--remote-query", oxigraph_server.query, check=False)
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1
    assert "HTTP 400" in bad.stderr or "syntax error" in bad.stderr
    # one event's answer, over its own graphs (default-graph-uri on the remote): as on the local store
    for name in ("casualties", "sides"):
        args = ("query", name, "--format", "csv", "--event", "2023-sevare-attack")
        theirs = run_cli(*args, "--remote-query", oxigraph_server.query).stdout
        assert sorted(theirs.splitlines()) == sorted(run_cli(*args, "--store", local).stdout.splitlines())
        assert "2023 Sévaré attack" in theirs and "Battle of Konna" not in theirs

    out = run_cli("-q", "build", SEVARE.parent, *remote, "--prune", cwd=tmp_path).stdout
    assert "mapped 0, unchanged 1, pruned 15, failed 0" in out
    sevare_only = tmp_path / "local"
    run_cli("-q", "build", SEVARE.parent, "--store", sevare_only)
    assert_same_content(client, local_graphs(sevare_only))


def test_client_killed_mid_build_converges_on_rerun(
    oxigraph_server: Oxigraph, synthetic: tuple[Path, dict[str, set[ox.Triple]]], tmp_path: Path
) -> None:
    corpus, expected = synthetic
    remote = ["--remote", oxigraph_server.gsp, "--remote-query", oxigraph_server.query]
    client = GraphStoreClient(oxigraph_server.gsp, query_url=oxigraph_server.query)
    proc = subprocess.Popen(
        [
            str(CLI),
            "-q",
            "build",
            str(corpus),
            *remote,
            "--jobs",
            "1",
            "--chunk-size",
            "2",
            "--remote-concurrency",
            "1",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(article_hashes(client)) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = len(article_hashes(client))
    assert 20 <= done < 150, "the build was not interrupted mid-way"
    out = run_cli("-q", "build", corpus, *remote, "--jobs", "2", cwd=tmp_path).stdout
    m = re.search(r"mapped (\d+), unchanged (\d+), pruned 0, failed 0", out)
    assert m, out
    mapped, unchanged = int(m.group(1)), int(m.group(2))
    assert mapped + unchanged == 150 and done <= unchanged <= done + 2  # a PUT in flight may have landed
    assert_same_content(client, expected)


# -- Virtuoso ------------------------------------------------------------------------------------------------


@needs_virtuoso
def test_virtuoso_digest_remote_equals_local_build(
    virtuoso: Virtuoso,
    dba_credentials: Path,
    dev_corpus: tuple[list[Path], dict[str, set[ox.Triple]]],
    tmp_path: Path,
) -> None:
    paths, expected = dev_corpus
    remote = [
        "--remote",
        virtuoso.gsp,
        "--remote-query",
        virtuoso.query,
        "--remote-credentials",
        dba_credentials,
    ]
    out = run_cli("-q", "build", *paths, *remote, cwd=tmp_path).stdout
    assert "mapped 16, unchanged 0, pruned 0, failed 0" in out
    client = GraphStoreClient(
        virtuoso.gsp, query_url=virtuoso.query, credentials=load_credentials(dba_credentials)
    )
    assert_same_content(client, expected)
    out = run_cli("-q", "build", *paths, *remote, cwd=tmp_path).stdout
    assert "mapped 0, unchanged 16, pruned 0, failed 0" in out
    # a named query through Virtuoso (its default graph is the union of graphs, like ours)
    local = tmp_path / "local"
    run_cli("-q", "build", *paths, "--store", local)
    ours = run_cli("query", "part-of-war", "--format", "csv", "--store", local).stdout.splitlines()
    theirs = run_cli(
        "query", "part-of-war", "--format", "csv", "--remote-query", virtuoso.query
    ).stdout.splitlines()
    assert sorted(theirs) == sorted(ours) and len(ours) > 16
    one = run_cli(
        "query",
        "part-of-war",
        "--format",
        "csv",
        "--event",
        "2023-sevare-attack",
        "--remote-query",
        virtuoso.query,
    ).stdout.splitlines()
    assert one[1:] == [line for line in ours if "/event/2023-sevare-attack," in line]
    stats = run_cli("stats", "--remote-query", virtuoso.query).stdout
    assert "events            16" in stats and "casualty reports" in stats


@needs_virtuoso
def test_virtuoso_wrong_password_is_reported_without_retry(virtuoso: Virtuoso, tmp_path: Path) -> None:
    proc = run_cli(
        "-q",
        "build",
        SEVARE,
        "--remote",
        virtuoso.gsp,
        "--remote-auth",
        "digest",
        check=False,
        cwd=tmp_path,
        env={"SEVARE_KG_REMOTE_USER": "dba", "SEVARE_KG_REMOTE_PASSWORD": "wrong"},
    )
    assert proc.returncode != 0
    assert "HTTP 401" in proc.stderr and "refused" in proc.stderr
    assert "retrying" not in proc.stderr  # refused at once: no backoff, whatever the machine's speed


@needs_virtuoso
def test_virtuoso_killed_mid_build_then_back_converges(
    virtuoso: Virtuoso,
    dba_credentials: Path,
    synthetic: tuple[Path, dict[str, set[ox.Triple]]],
    tmp_path: Path,
) -> None:
    corpus, expected = synthetic
    remote = [
        "--remote",
        virtuoso.gsp,
        "--remote-query",
        virtuoso.query,
        "--remote-credentials",
        dba_credentials,
    ]
    client = GraphStoreClient(
        virtuoso.gsp, query_url=virtuoso.query, credentials=load_credentials(dba_credentials), retries=0
    )
    before = len(article_hashes(client))
    proc = subprocess.Popen(
        [
            str(CLI),
            "build",
            str(corpus),
            *map(str, remote),
            "--jobs",
            "1",
            "--chunk-size",
            "2",
            "--remote-concurrency",
            "2",
            "--remote-retries",
            "2",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        if len(article_hashes(client)) - before >= 15:
            break
        time.sleep(0.1)
    virtuoso.kill()  # the server goes away mid-build (no clean shutdown)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, out
    assert "failed" in err
    virtuoso.start()  # ... and comes back (replaying its transaction log)
    partial = len(article_hashes(client)) - before
    assert 15 <= partial < 150
    out = run_cli("-q", "build", corpus, *remote, "--jobs", "2", cwd=tmp_path).stdout
    assert "pruned 0, failed 0" in out and "unchanged" in out
    client.retries = 3
    dev_graphs = {g for g in article_hashes(client) if g not in expected}  # from the other Virtuoso test
    got = remote_graphs(client, set(expected))
    described_in = ox.NamedNode("https://w3id.org/sevare-kg/ontology#describedIn")
    for g in dev_graphs:  # and the entity graphs that only the other test's articles refer to
        for t in got.pop(g, set()):
            if t.predicate == described_in and t.object.value not in expected:
                got.pop(t.object.value, None)
    assert sorted(got) == sorted(expected)
    for g, triples in expected.items():
        assert got[g] == comparable(triples), g


# -- the client's fault handling against a tiny misbehaving server --------------------------------------------


class _Flaky(http.server.BaseHTTPRequestHandler):
    script: list[int] = []
    seen: list[str] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append(self.headers.get("Authorization", ""))
        status = type(self).script.pop(0) if type(self).script else 204
        body = b"Graph IRI is not allowed here" if status == 400 else b"busy"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body) if status != 204 else 0))
        self.end_headers()
        if status != 204:
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Flaky.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()


def test_retries_5xx_with_backoff_but_never_4xx(flaky: str) -> None:
    client = GraphStoreClient(
        flaky, retries=4, backoff=0.01, credentials=load_credentials(env={"SEVARE_KG_REMOTE_TOKEN": "s3cret"})
    )
    _Flaky.script = [503, 500, 502]
    client.put_graph("https://example.org/g", b"<a:s> <a:p> <a:o> .\n")
    assert len(_Flaky.seen) == 4 and all(a == "Bearer s3cret" for a in _Flaky.seen)
    _Flaky.script = [400]
    _Flaky.seen.clear()
    with pytest.raises(RemoteError, match="HTTP 400: Graph IRI is not allowed here"):
        client.put_graph("https://example.org/g", b"")
    assert len(_Flaky.seen) == 1
    _Flaky.script = [503] * 10
    with pytest.raises(RemoteError, match="failed after 5 attempts"):
        client.put_graph("https://example.org/g", b"")


def test_connection_refused_is_retried_then_reported(tmp_path: Path) -> None:
    client = GraphStoreClient(f"http://127.0.0.1:{free_port()}/store", retries=2, backoff=0.01)
    with pytest.raises(RemoteError, match="failed after 3 attempts: ConnectError"):
        client.put_graph("https://example.org/g", b"")


def test_query_and_stats_against_an_unreachable_remote_fail_in_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    for args in (("query", "ASK {}", "--remote-query", url), ("stats", "--remote-query", url)):
        proc = run_cli(*args, check=False, cwd=tmp_path)
        assert proc.returncode != 0
        last = proc.stderr.strip().splitlines()[-1]
        assert url in last and "ConnectError" in last and "Traceback" not in proc.stderr


def test_credentials_from_file_and_environment(tmp_path: Path) -> None:
    f = tmp_path / "cred"
    f.write_text("user=alice\npassword=pw\n", encoding="utf-8")
    assert load_credentials(f).scheme == "basic"
    assert load_credentials(f, "digest").scheme == "digest"
    env = {
        "SEVARE_KG_REMOTE_USER": "bob",
        "SEVARE_KG_REMOTE_PASSWORD": "x",
        "SEVARE_KG_REMOTE_AUTH": "digest",
    }
    c = load_credentials(None, env=env)
    assert (c.scheme, c.user, c.password) == ("digest", "bob", "x")
    assert load_credentials(None, env={}) is None
    f.write_text("nonsense\n", encoding="utf-8")
    with pytest.raises(RemoteError, match="key=value"):
        load_credentials(f)
    assert os.environ.get("SEVARE_KG_REMOTE_TOKEN") is None or True
