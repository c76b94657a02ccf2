"""The environment variables sevare-kg reads, in one place: each has a command-line option that
wins over it, and each is read when it is used (not at import), so a test or a notebook can set it.

=========================  =====================================================================
``SEVARE_KG_STORE``        the store folder (``--store``); default ``./.sevare-kg/store``
``SEVARE_KG_LINKS``        the user link table ``link --apply`` appends to (``--links``); default
                           ``./.sevare-kg/links-accepted.tsv``
``SEVARE_KG_TOKEN``        the endpoint's write token (``--token-file``); none: read-only
``SEVARE_KG_HTTP_SERVER``  ``granian`` (default) or ``uvicorn``
``SEVARE_KG_CACHE``        cache folder (the ontology's HTML docs); default
                           ``$XDG_CACHE_HOME/sevare-kg``, else ``~/.cache/sevare-kg``
``SEVARE_KG_REMOTE_USER``  a remote store's credentials (``--remote-credentials``), with
``_PASSWORD``, ``_TOKEN``, ``_AUTH`` the password, a bearer token, the scheme
=========================  =====================================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_PREFIX = "SEVARE_KG_"


@dataclass(frozen=True)
class Settings:
    """The ``SEVARE_KG_*`` variables of one environment (``None``: not set or empty)."""

    store: Path | None = None
    links: Path | None = None
    token: str | None = None
    http_server: str | None = None
    cache: Path | None = None
    remote: dict[str, str] = field(default_factory=dict)  # user, password, token, auth

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        values = os.environ if env is None else env

        def get(name: str) -> str | None:
            return values.get(_PREFIX + name) or None

        def path(name: str) -> Path | None:
            text = get(name)
            return Path(text) if text else None

        remote = {k: get(f"REMOTE_{k.upper()}") for k in ("user", "password", "token", "auth")}
        return cls(
            store=path("STORE"),
            links=path("LINKS"),
            token=get("TOKEN"),
            http_server=get("HTTP_SERVER"),
            cache=path("CACHE"),
            remote={k: v for k, v in remote.items() if v is not None},
        )


def current() -> Settings:
    """The settings of the process's environment, as it is now."""
    return Settings.from_env()
