"""A second server on a taken port says so and stops, instead of sharing the port with the first."""

from __future__ import annotations

from pathlib import Path

import httpx
from cli_support import run_cli
from server_support import ServerProcess, build_store


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
