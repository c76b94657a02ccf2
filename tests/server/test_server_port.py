"""A second server on a taken port says so and stops, instead of sharing the port with the first."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
from cli_support import CLI, run_cli
from server_support import ServerProcess, build_store, free_port


def test_a_second_serve_on_a_taken_port_exits_2(tmp_path: Path) -> None:
    build_store(tmp_path / "store")
    first = ServerProcess(tmp_path / "store")
    try:
        done = run_cli("serve", "--port", str(first.port), "--store", tmp_path / "other", check=False)
        assert done.returncode == 2
        assert done.stderr.strip() == (
            f"sevare-kg: error: port {first.port} on 127.0.0.1 is already in use (another server?)"
        )
        assert not (tmp_path / "other").exists()  # nothing built or created
        assert httpx.get(first.url + "/sparql", params={"query": "ASK {}"}, timeout=10).status_code == 200
    finally:
        first.stop()


def test_serve_says_where_it_listens(tmp_path: Path) -> None:
    build_store(tmp_path / "store")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(CLI), "serve", "--port", str(port), "--store", str(tmp_path / "store")],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(300):  # until it answers (or exits)
                if proc.poll() is not None:
                    break
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/sparql", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
        finally:
            proc.terminate()
            proc.wait(10)
    assert f"listening on http://127.0.0.1:{port}/" in log.read_text(errors="replace")
