"""Limits on one document's conversion: a child process with a memory guard, killed at its time limit.

Each document is converted in a forked child process.  The child sets
``RLIMIT_AS`` (its address space) to the memory limit before it starts, so a
document that would eat the machine gets a ``MemoryError`` (or dies) instead;
the parent watches the clock and kills a child that runs past the time limit.
The child dies with its parent (a parent-death signal on Linux, a watch on the
parent elsewhere) and leaves interruptions to it: the terminal's SIGINT and
SIGHUP are the parent's to handle.  Whatever the child does, the parent
survives, cleans up its temporary folder and writes the report.  Forking costs
a few milliseconds on Linux, and the child inherits every module the parent
has already imported.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import Optional

try:
    import resource
except ImportError:  # not on Windows
    resource = None

MB = 2**20
MEMORY_EXIT = 86  # a child's exit status for "ran out of memory before it could say so"


def can_fork() -> bool:
    """Tells whether documents can be converted in forked child processes here."""
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def fork_context():
    """Gives the multiprocessing context that forks."""
    return multiprocessing.get_context("fork")


def set_memory_limit(megabytes: int) -> None:
    """Caps this process's address space at ``megabytes`` (0 or less: no cap)."""
    if resource is None or megabytes <= 0:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * MB
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


INTERRUPTIONS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


def reset_signals() -> None:
    """In a child: no inherited handlers; SIGINT and SIGHUP (a Ctrl-C, a closed terminal: sent to the whole
    process group) are left to the parent, which stops the child itself; SIGTERM kills at once."""
    for sig in INTERRUPTIONS:
        signal.signal(sig, signal.SIG_DFL if sig == signal.SIGTERM else signal.SIG_IGN)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """In a child: makes sure it does not outlive ``parent`` (SIGKILL when the parent dies, by the kernel on
    Linux; elsewhere a thread that watches for the parent to go)."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def machine_jobs() -> int:
    """Gives how many documents this machine can convert at once: the processors this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def signal_name(number: int) -> str:
    """Gives a signal's name ("SIGSEGV") from its number."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def death_message(name: str, exitcode: Optional[int], max_memory_mb: int) -> tuple[str, str]:
    """Gives (message, kind) for a child that ended without reporting a result."""
    if exitcode == MEMORY_EXIT:
        return f"{name}: ran out of memory", "memory"
    if exitcode is not None and exitcode < 0:
        how = f"killed by {signal_name(-exitcode)}"
    else:
        how = f"exit status {exitcode}"
    if (
        max_memory_mb > 0
        and exitcode is not None
        and -exitcode in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGKILL)
    ):
        return (
            f"{name}: conversion crashed ({how}); it may have hit the memory limit of "
            f"{max_memory_mb} MB (--max-memory)",
            "crash",
        )
    return f"{name}: conversion crashed ({how}); rerun with --debug", "crash"


class blocked_signals:
    """Holds SIGINT, SIGTERM and SIGHUP back for the duration of a ``with`` block (a rename that must not be cut
    in two)."""

    SIGNALS = set(INTERRUPTIONS)

    def __enter__(self):
        self.old = None
        if hasattr(signal, "pthread_sigmask"):
            self.old = signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)
        return self

    def __exit__(self, *exc):
        if self.old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)
        return False
