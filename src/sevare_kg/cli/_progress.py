"""A build's progress on the command line."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("sevare_kg")


class Progress:
    """A build's progress: on a terminal a tqdm bar (count, rate, ETA when the total is known);
    elsewhere (a log file, CI) a log line every 10 s with the count and the rate."""

    def __init__(self, total: int | str) -> None:
        self.total = total if isinstance(total, int) else None
        self.bar: Any = None
        self.started = self.last = time.monotonic()
        if sys.stderr.isatty() and log.isEnabledFor(logging.WARNING):
            from tqdm import tqdm

            try:  # a terminal that reports no size (a bare pty) gets 80x24, not a hidden bar
                sized = os.get_terminal_size(sys.stderr.fileno()).columns > 0
            except OSError:
                sized = False
            self.bar = tqdm(
                total=self.total,
                unit=" articles",
                file=sys.stderr,
                dynamic_ncols=sized,
                ncols=None if sized else 80,
                nrows=None if sized else 24,
                leave=False,
            )

    def __call__(self, n: int, name: str) -> None:
        if self.bar is not None:
            self.bar.update(n - self.bar.n)
            self.bar.set_postfix_str(Path(name).name[:40], refresh=False)
            return
        now = time.monotonic()
        if now - self.last >= 10 or n == self.total:
            self.last = now
            rate = n / max(now - self.started, 1e-9)
            of = f"/{self.total}" if self.total else ""
            eta = f", about {(self.total - n) / rate:.0f} s left" if self.total and n < self.total else ""
            log.info("%d%s articles read (%.1f/s%s)", n, of, rate, eta)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.close()
