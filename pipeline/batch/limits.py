"""Limits on one document's conversion: a child process with a memory guard, killed at its time limit.

Each document is converted in a forked child process.  The child sets
``RLIMIT_AS`` (its address space) to the memory limit before it starts, so a
document that would eat the machine gets a ``MemoryError`` (or dies) instead;
the parent watches the clock and kills a child that runs past the time limit.
Whatever the child does, the parent survives, cleans up its temporary folder
and writes the report.  Forking costs a few milliseconds on Linux, and the
child inherits every module the parent has already imported.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
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


def reset_signals() -> None:
    """In a child: die at once on SIGINT/SIGTERM (the parent tidies up), no inherited handlers."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


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
    """Holds SIGINT and SIGTERM back for the duration of a ``with`` block (a rename that must not be cut in two)."""

    SIGNALS = {signal.SIGINT, signal.SIGTERM}

    def __enter__(self):
        self.old = None
        if hasattr(signal, "pthread_sigmask"):
            self.old = signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)
        return self

    def __exit__(self, *exc):
        if self.old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)
        return False
