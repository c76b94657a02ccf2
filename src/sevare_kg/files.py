"""Writing output files so that an interrupted write never leaves a half-written file; sizes as
the options give them."""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sevare_kg.errors import SevareKgError


@contextmanager
def atomic_output(target: Path) -> Iterator[IO[bytes]]:
    """A binary handle on a temporary file beside ``target``, renamed over it when the block ends
    without an error; on an error (or an interrupt) the temporary file is removed. The file gets
    the mode a plain ``open()`` would give it (0666 less the umask), not mkstemp's 0600."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise SevareKgError(f"{target}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


_UNITS = {"": 1 << 20, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}  # a bare number is MiB


def byte_size(text: str) -> int:
    """A size in bytes from an option's value: ``512M``, ``2G``, ``64K``, ``1536`` (MiB), ``0``
    (an argparse ``type``: a bad value is a usage error)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if m is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 512M, 2G)")
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])
