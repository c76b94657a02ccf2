"""Writing output files so that an interrupted write never leaves a half-written file."""

from __future__ import annotations

import os
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
