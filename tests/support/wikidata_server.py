"""A local Wikidata-style SPARQL endpoint for the linking and federation tests: PyPI's ``oxigraph``
server, loaded with ``tests/fixtures/wikidata/wikidata.ttl``, on 127.0.0.1 and a free port; always stopped."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "wikidata" / "wikidata.ttl"


def oxigraph_cli() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError(
            "the oxigraph server CLI is missing: pip install 'sevare-kg[test]' (PyPI package oxigraph)"
        )
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def wikidata_endpoint(folder: Path, data: Path = FIXTURE) -> Iterator[str]:
    """Yield the query URL of a read-only Oxigraph server holding ``data``."""
    cli = oxigraph_cli()
    location = folder / "wikidata-db"
    subprocess.run(
        [cli, "load", "--location", str(location), "--file", str(data)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for _attempt in range(3):
        port = free_port()
        log = (folder / f"oxigraph-{port}.log").open("wb")
        proc = subprocess.Popen(
            [cli, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/query"
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.1)
            if proc.poll() is not None:
                continue  # the port was taken meanwhile: try another
            yield url
            return
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
    raise RuntimeError("could not start the oxigraph server")
