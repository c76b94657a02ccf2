"""Human-readable documentation of the ontology (``ontology/sevare.ttl``), generated with pyLODE.

``ontology_html()`` is what the endpoint serves at ``/ontology``. pyLODE takes about a second, so the
HTML is cached in a file named after a hash of the ontology and of pyLODE's version: editing the
ontology regenerates it, reading it again does not.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from sevare_kg import settings
from sevare_kg.errors import SevareKgError
from sevare_kg.resources import ontology_dir

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """``$SEVARE_KG_CACHE``, else ``$XDG_CACHE_HOME/sevare-kg``, else ``~/.cache/sevare-kg``."""
    chosen = settings.current().cache
    if chosen is not None:
        return chosen
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "sevare-kg"


def _pylode():
    try:
        import pylode
        from pylode import OntPub
    except ImportError as exc:  # pylode 3.4.1 cannot import (it reads a pyproject.toml it does not ship)
        raise SevareKgError(
            f"ontology documentation needs pyLODE (pip install 'sevare-kg[notebook]'): {exc}"
        ) from None
    except FileNotFoundError as exc:
        raise SevareKgError(
            f"this pyLODE release is broken ({exc}); install pylode<3.4.1 or a fixed release"
        ) from None
    return OntPub, getattr(pylode, "__version__", "unknown")


def ontology_html(ontology: Path | None = None, *, cache: Path | None = None) -> str:
    """The ontology as one HTML page (pyLODE's OntPub profile), from the cache when it is current."""
    source = ontology or ontology_dir() / "sevare.ttl"
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise SevareKgError(f"{source}: cannot read ontology: {exc.strerror or exc}") from None
    OntPub, version = _pylode()
    key = hashlib.sha256(data + f"\npylode {version}".encode()).hexdigest()[:16]
    folder = cache or cache_dir()
    target = folder / f"ontology-{key}.html"
    if target.is_file():
        return target.read_text(encoding="utf-8")
    html = OntPub(ontology=str(source)).make_html()
    try:  # a cache that cannot be written only costs time
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ontology-", suffix=".html", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.replace(tmp, target)
    except OSError as exc:
        log.warning("cannot cache the ontology documentation in %s: %s", folder, exc)
    return html


__all__ = ["cache_dir", "ontology_html"]
