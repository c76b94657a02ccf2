"""Worker processes that never outlive the process that started them."""

from __future__ import annotations

import os
import signal
import sys


def die_with_parent(parent: int) -> None:
    """Be killed when the parent process goes, however it goes (SIGKILL included): a worker left
    behind would go on burning CPU and memory on work nobody waits for. Linux's parent-death
    signal, then a check that the parent did not already go before it was set: ``parent`` is
    the pid the parent sent along (``os.getppid()`` here would already be 1 if it had gone)."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
