"""The SPARQL endpoint: ``serve()`` blocks serving the store; ``create_app()`` builds the ASGI app.

See app.py (routes), protocol.py (SPARQL 1.1 Protocol), workers.py (query processes, their timeout and
memory limit), writer.py (updates in a process of their own),
graphstore.py (Graph Store Protocol), cache.py, service_description.py (service description and VoID), pages.py, index.py (YASGUI).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sevare_kg import settings
from sevare_kg.rdf.vocab import DEFAULT_BASE
from sevare_kg.server.options import read_token

__all__ = ["create_app", "serve", "ServerConfig", "read_token"]

BACKLOG = 4096  # pending connections the kernel holds (capped by net.core.somaxconn)
MAX_CONNECTIONS = 8192  # connections served at once; more wait in the backlog
HEADER_TIMEOUT_MS = 10_000  # a client must send a request's headers within this


def __getattr__(name: str) -> Any:
    if name == "ServerConfig":
        from sevare_kg.server.state import ServerConfig

        return ServerConfig
    raise AttributeError(name)


def create_app(
    store_path: Path,
    *,
    token: str | None = None,
    query_timeout: float = 30.0,
    base: str = DEFAULT_BASE,
    workers: int | None = None,
    cache: bool = True,
    **options: Any,
) -> Any:
    """The ASGI app (its lifespan starts and stops the query workers). ``token`` None → read-only
    (this function does not read the environment; ``serve`` does)."""
    from sevare_kg.server.app import create_app as _create
    from sevare_kg.server.state import ServerConfig

    return _create(
        ServerConfig(
            store_path=Path(store_path),
            token=token,
            query_timeout=query_timeout,
            base=base,
            workers=workers,
            cache=cache,
            **options,
        )
    )


def _say_where(host: str, port: int, http_server: str) -> None:
    """The line that tells a user where to go: shown unless -q, whatever the log level."""
    startup = logging.getLogger("sevare_kg.server.startup")
    if logging.getLogger().getEffectiveLevel() <= logging.WARNING:
        startup.setLevel(logging.INFO)
    startup.info("listening on http://%s:%d/ (%s)", host, port, http_server)


def serve(
    store_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    token: str | None = None,
    query_timeout: float = 30.0,
    base: str = DEFAULT_BASE,
    workers: int | None = None,
    cache: bool = True,
    http_server: str | None = None,
    access_log: bool = True,
    service_allow: tuple[str, ...] = (),
    worker_memory: int | None = None,
    update_timeout: float | None = None,
    max_body: int | None = None,
) -> None:
    """Serve the store until interrupted. ``token`` None → SEVARE_KG_TOKEN, else read-only.

    ``http_server``: "granian" (default when installed, measured faster) or "uvicorn"; the
    SEVARE_KG_HTTP_SERVER variable also chooses."""
    if token is None:
        token = read_token()
    check_port_free(host, port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("sevare_kg.server.access").setLevel(logging.INFO if access_log else logging.WARNING)
    app = create_app(
        store_path,
        token=token,
        query_timeout=query_timeout,
        base=base,
        workers=workers,
        cache=cache,
        service_allow=tuple(service_allow),
        **_limits(worker_memory, update_timeout, max_body),
    )
    choice = http_server or settings.current().http_server or "granian"
    if choice == "granian":
        try:
            import granian  # noqa: F401
        except ImportError:
            choice = "uvicorn"
    _say_where(host, port, choice)
    if choice == "granian":
        _serve_granian(app, host, port)
    else:
        import uvicorn

        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="on",
            backlog=BACKLOG,
            timeout_keep_alive=HEADER_TIMEOUT_MS // 1000,
        )


def _limits(worker_memory: int | None, update_timeout: float | None, max_body: int | None) -> dict[str, Any]:
    """The limits given, as ServerConfig options (the ones not given keep the config's default)."""
    given = {"worker_memory": worker_memory, "update_timeout": update_timeout, "max_body": max_body}
    return {k: v for k, v in given.items() if v is not None}


def check_port_free(host: str, port: int) -> None:
    """Refuse to start on a port another process listens on. The HTTP servers bind with
    SO_REUSEPORT, so a second server would otherwise share the port with the first, and clients
    would get answers from two stores in turn."""
    import errno
    import socket

    from sevare_kg.errors import SevareKgError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SevareKgError(f"port {port} on {host} is already in use (another server?)") from None
            raise SevareKgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _serve_granian(app: Any, host: str, port: int) -> None:
    import asyncio

    from granian.constants import Interfaces
    from granian.http import HTTP1Settings
    from granian.server.embed import Server

    # granian stops accepting once ``backpressure`` connections are open (idle ones included: by
    # default 128, the backlog), so a few hundred silent sockets would stop the server. A connection
    # must send its headers within HEADER_TIMEOUT_MS, and thousands may be open at once.
    server = Server(
        app,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        log_enabled=False,
        backlog=BACKLOG,
        backpressure=MAX_CONNECTIONS,
        http1_settings=HTTP1Settings(header_read_timeout=HEADER_TIMEOUT_MS, keep_alive=True),
    )

    async def main() -> None:
        await server.serve()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
