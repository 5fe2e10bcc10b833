"""Running a batch: each input converted in a child process, its pack renamed into place, a report written.

A file that cannot be converted gets a one-line error; the batch goes on
with the others.  Every input named or found gets exactly one outcome, what
ever it is (a folder named ``x.pdf``, a FIFO, a broken link, a file that
vanished).  Each document is converted in a child process (see ``limits``)
with a time limit and a memory guard; the child opens, checks and reads the
file itself, so nothing about an input is read outside those limits (when
packs are already in ``OUT``, a first pass of children hashes the inputs to
find the packs that are up to date).  The parent claims output names in input
order, renames finished packs into place (``folders``) and writes the report
(``report``), so a crash, a runaway document or an interruption (SIGINT,
SIGTERM, SIGHUP) never leaves half a pack behind.  A pack already up to date
is left alone unless ``force`` is set.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sys
import threading
import time
import traceback
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from typing import Callable, Iterable, Optional

from pipeline.batch import limits
from pipeline.batch.document import convert, sha256_file, summary_of, write_pack
from pipeline.batch.folders import (
    check_report_path,
    claim_name,
    existing_packs,
    find_inputs,
    inside,
    place_pack,
    scratch_folder,
    sweep_scratch,
    writable_folder,
)
from pipeline.batch.messages import internal_message as _internal_message
from pipeline.batch.messages import memory_message as _memory_message
from pipeline.batch.messages import named as _named
from pipeline.batch.messages import pack_message as _pack_message
from pipeline.batch.messages import shown as _shown
from pipeline.batch.messages import timeout_message as _timeout_message
from pipeline.batch.report import Outcome, write_report
from pipeline.batch.stamps import known_sha, read_stamps, stamp_of, write_stamp
from pipeline.config import Config
from pipeline.errors import ConversionError, Interrupted, one_line, path_text
from pipeline.extract import read_pdf_file


def up_to_date(path: Path, sha: str, name: str, out: Path) -> Outcome:
    """Gives the outcome of an input whose pack in ``out`` is already built from the same bytes."""
    folder = out / name
    artifacts = {f.name: sha256_file(f) for f in sorted(folder.iterdir()) if f.is_file()}
    return Outcome(
        str(path),
        "ok",
        "up to date (already built from this file; --force rebuilds it)",
        "up-to-date",
        name,
        artifacts,
        0.0,
        sha,
    )


def input_sha256(path: Path, config: Config) -> str:
    """Gives the sha256 of an input's bytes, read as a conversion reads them (a regular file within the size
    limit, opened without blocking); raises ConversionError otherwise."""
    return hashlib.sha256(read_pdf_file(path, config.max_bytes)).hexdigest()


# --- one document, in this process ---------------------------------------------


class _Timeout(BaseException):
    """The time limit, raised by SIGALRM; not an Exception, so that no reader's ``except Exception`` takes it
    for a damaged file."""


def _on_alarm(signum, frame):
    raise _Timeout()


@contextlib.contextmanager
def _alarm(config: Config):
    """Raises _Timeout in the block when it runs past the time limit (SIGALRM: main thread only)."""
    use_alarm = (
        config.timeout_seconds > 0
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, config.timeout_seconds)
    try:
        yield
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def convert_one(
    path: Path,
    out: Path,
    config: Config,
    claimed: set[str] | None = None,
    sources: dict[str, str] | None = None,
) -> Outcome:
    """Converts one file into ``out/<name>/`` in this process and gives its outcome; never raises for a bad file.

    The time limit uses SIGALRM (main thread only); there is no memory guard
    here: ``build`` runs documents in child processes for that.
    """
    start = time.monotonic()
    path = Path(path)
    tmp = None
    try:
        with _alarm(config):
            res = convert(path, config)
            name, warning = claim_name(
                res.symbol, path, claimed if claimed is not None else set(), sources, config.force
            )
            if warning:
                res.warnings.append(warning)
            tmp = scratch_folder(Path(out), path)
            try:
                artifacts = write_pack(res, tmp, config)
                place_pack(tmp, inside(Path(out), name))
            except OSError as exc:
                return Outcome(str(path), "error", _pack_message(path, exc), "output", seconds=time.monotonic() - start)
            tmp = None
            return Outcome(
                str(path),
                "ok",
                summary_of(res),
                "ok",
                name,
                artifacts,
                time.monotonic() - start,
                res.source.sha256,
                list(res.warnings),
            )
    except ConversionError as exc:
        return Outcome(str(path), "error", _named(str(exc), path), exc.kind, seconds=time.monotonic() - start)
    except _Timeout:
        return Outcome(str(path), "error", _timeout_message(path, config), "timeout", seconds=time.monotonic() - start)
    except MemoryError:
        return Outcome(str(path), "error", _memory_message(path, config), "memory", seconds=time.monotonic() - start)
    except Exception as exc:  # a bug: reported for this file, the batch goes on
        if config.debug:
            raise
        return Outcome(str(path), "error", _internal_message(path, exc), "internal", seconds=time.monotonic() - start)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _hash_one(path: Path, config: Config) -> tuple[Optional[str], Optional[Outcome]]:
    """Gives (sha256, None) for an input hashed in this process, or (None, its failed outcome)."""
    try:
        with _alarm(config):
            return input_sha256(path, config), None
    except ConversionError as exc:
        return None, Outcome(str(path), "error", _named(str(exc), path), exc.kind)
    except _Timeout:
        return None, Outcome(str(path), "error", _timeout_message(path, config), "timeout")


# --- one document, in a child process -----------------------------------------


def _child_start(config: Config, parent: int) -> None:
    limits.reset_signals()
    limits.die_with_parent(parent)
    limits.set_memory_limit(config.max_memory_mb)


def _child_end() -> None:
    try:
        sys.stderr.flush()
    finally:
        os._exit(0)


def _child(conn, path: Path, tmp: Path, config: Config, parent: int) -> None:
    """Runs in the child: converts, asks the parent for a name, writes the pack into ``tmp``."""
    _child_start(config, parent)
    res = None
    try:
        try:
            res = convert(path, config)
            conn.send(("claim", res.symbol))
            name, warning = conn.recv()
            if warning:
                res.warnings.append(warning)
            try:
                artifacts = write_pack(res, tmp, config)
            except OSError as exc:
                reply = ("error", _pack_message(path, exc), "output")
            else:
                reply = ("done", name, artifacts, summary_of(res), res.source.sha256, list(res.warnings))
        except ConversionError as exc:
            reply = ("error", _named(str(exc), path), exc.kind)
        except MemoryError:
            reply = ("error", _memory_message(path, config), "memory")
        except Exception as exc:
            if config.debug:
                traceback.print_exc()
            reply = ("error", _internal_message(path, exc), "internal")
        del res
        conn.send(reply)
    except MemoryError:
        os._exit(limits.MEMORY_EXIT)  # too little memory left even to report it: the exit status says it
    finally:
        _child_end()


def _hash_child(conn, path: Path, tmp: None, config: Config, parent: int) -> None:
    """Runs in the child: opens, checks and hashes one input, under the limits."""
    _child_start(config, parent)
    try:
        try:
            reply = ("hashed", input_sha256(path, config))
        except ConversionError as exc:
            reply = ("error", _named(str(exc), path), exc.kind)
        except MemoryError:
            reply = ("error", _memory_message(path, config), "memory")
        conn.send(reply)
    except MemoryError:
        os._exit(limits.MEMORY_EXIT)
    finally:
        _child_end()


class _Job:
    """One input being converted (or hashed) by a child process."""

    def __init__(self, index: int, path: Path, task: str = "convert"):
        self.index, self.path, self.task = index, path, task
        self.process = self.conn = self.tmp = None
        self.started = 0.0
        self.waited = 0.0  # seconds spent waiting for the parent to name it
        self.asking_since: Optional[float] = None
        self.symbol: Optional[str] = None
        self.named = False
        self.name: Optional[str] = None
        self.result: Optional[tuple] = None
        self.killed_for_time = False
        self.finished = False

    def deadline(self, timeout: float) -> Optional[float]:
        if timeout <= 0 or self.asking_since is not None:
            return None
        return self.started + self.waited + timeout


class _Batch:
    """Runs jobs in up to ``config.jobs`` child processes; names are claimed in input order."""

    POLL = 0.1  # seconds between looks at the interruption flag

    def __init__(
        self,
        jobs: list[_Job],
        out: Path,
        config: Config,
        claimed: set[str],
        record: Callable[[int, Outcome], None],
        guard: "_signals_interrupt",
        sources: Optional[dict[str, str]] = None,
        hashed: Optional[Callable[[int, str], None]] = None,
    ):
        self.guard = guard
        self.pending = list(jobs)
        self.order = list(jobs)
        self.next_claim = 0
        self.running: list[_Job] = []
        self.out, self.config, self.claimed, self.record = out, config, claimed, record
        self.sources, self.hashed = sources or {}, hashed
        self.ctx = limits.fork_context()

    def run(self) -> None:
        try:
            while self.pending or self.running:
                self.guard.check()
                while self.pending and len(self.running) < max(1, self.config.jobs):
                    self._start(self.pending.pop(0))
                    self.guard.check()
                if self.running:
                    self._step()
            self.guard.check()
        finally:
            self._abort()

    def _start(self, job: _Job) -> None:
        if job.task == "convert":
            try:
                job.tmp = scratch_folder(self.out, job.path)
            except OSError as exc:
                job.finished = True
                self.record(job.index, Outcome(str(job.path), "error", _pack_message(job.path, exc), "output"))
                return
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        target = _child if job.task == "convert" else _hash_child
        job.process = self.ctx.Process(
            target=target, args=(child_end, job.path, job.tmp, self.config, os.getpid()), daemon=True
        )
        job.started = time.monotonic()
        job.process.start()
        child_end.close()
        job.conn = parent_end
        self.running.append(job)

    def _step(self) -> None:
        now = time.monotonic()
        deadlines = [d for d in (j.deadline(self.config.timeout_seconds) for j in self.running) if d]
        timeout = min([self.POLL] + [max(0.0, d - now) for d in deadlines])
        ready = wait_for([j.conn for j in self.running] + [j.process.sentinel for j in self.running], timeout)
        for job in list(self.running):
            if job.conn in ready or job.process.sentinel in ready:
                self._read(job)
        self._answer_claims()
        now = time.monotonic()
        for job in list(self.running):
            d = job.deadline(self.config.timeout_seconds)
            if d is not None and now >= d and not job.finished:
                job.killed_for_time = True
                job.process.kill()
                job.process.join()
                self._finish(job)

    def _read(self, job: _Job) -> None:
        try:
            while job.conn.poll():
                message = job.conn.recv()
                if message[0] == "claim":
                    job.symbol = message[1]
                    job.asking_since = time.monotonic()
                else:
                    job.result = message
        except (EOFError, OSError):
            pass
        if job.result is not None or not job.process.is_alive():
            job.process.join()
            self._finish(job)

    def _answer_claims(self) -> None:
        """Names the jobs that asked, in input order, so names never depend on which child ran faster."""
        while self.next_claim < len(self.order):
            job = self.order[self.next_claim]
            if job.named or job.finished:
                self.next_claim += 1
                continue
            if job.asking_since is None:
                return
            job.name, warning = claim_name(job.symbol, job.path, self.claimed, self.sources, self.config.force)
            job.named = True
            job.waited += time.monotonic() - job.asking_since
            job.asking_since = None
            try:
                job.conn.send((job.name, warning))
            except (OSError, BrokenPipeError):
                pass
            self.next_claim += 1

    def _finish(self, job: _Job) -> None:
        if job.finished:
            return
        job.finished = True
        self.running.remove(job)
        seconds = time.monotonic() - job.started - job.waited
        path, result = job.path, job.result
        try:
            if result and result[0] == "hashed":
                self.hashed(job.index, result[1])
                return
            if result and result[0] == "done":
                _, name, artifacts, summary, sha, warnings = result
                with limits.blocked_signals():
                    try:
                        place_pack(job.tmp, inside(self.out, name))
                    except (OSError, ValueError) as exc:
                        outcome = Outcome(
                            str(path),
                            "error",
                            f"{_shown(path)}: could not move its pack into {one_line(path_text(self.out / name))} "
                            f"({exc})",
                            "output",
                            seconds=seconds,
                        )
                    else:
                        outcome = Outcome(str(path), "ok", summary, "ok", name, artifacts, seconds, sha, warnings)
                    self.record(job.index, outcome)
                return
            if result and result[0] == "error":
                outcome = Outcome(str(path), "error", result[1], result[2], seconds=seconds)
            elif job.killed_for_time:
                outcome = Outcome(str(path), "error", _timeout_message(path, self.config), "timeout", seconds=seconds)
            elif self.guard.signum:
                return  # it died of the interruption (a signal to the whole process group): "interrupted"
            else:
                message, kind = limits.death_message(_shown(path), job.process.exitcode, self.config.max_memory_mb)
                if kind == "memory":
                    message = _memory_message(path, self.config)
                outcome = Outcome(str(path), "error", message, kind, seconds=seconds)
            self.record(job.index, outcome)
        finally:
            if job.tmp is not None and job.tmp.exists():
                shutil.rmtree(job.tmp, ignore_errors=True)
            job.conn.close()
            self._answer_claims()

    def _abort(self) -> None:
        """Stops every child still running (on an interruption) and removes its temporary folder."""
        for job in self.running:
            job.process.kill()
        for job in self.running:
            job.process.join()
            if job.tmp is not None:
                shutil.rmtree(job.tmp, ignore_errors=True)
            job.conn.close()
        self.running = []


# --- batches -----------------------------------------------------------------


class _signals_interrupt:
    """Notes SIGINT, SIGTERM and SIGHUP while a batch runs (main thread only), and raises ``Interrupted`` if told.

    The batch loop only notes the signal and checks it between steps: an
    exception raised from a handler can be swallowed (one that lands in
    logging's at-fork hook while a child is forked is printed and ignored).
    A closed terminal (SIGHUP) stops a batch the way Ctrl-C and SIGTERM do.
    """

    def __init__(self, raise_now: bool):
        self.raise_now = raise_now
        self.signum = 0

    def __enter__(self):
        self.saved = {}
        if threading.current_thread() is threading.main_thread():
            for sig in limits.INTERRUPTIONS:
                self.saved[sig] = signal.signal(sig, self._note)
        return self

    def _note(self, signum, frame):
        self.signum = signum
        if self.raise_now:
            raise Interrupted(signum)

    def check(self) -> None:
        if self.signum:
            raise Interrupted(self.signum)

    def __exit__(self, *exc):
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
        return False


def build(
    paths: Iterable[Path],
    out: Path,
    config: Config = Config(),
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
    report: Path | None = None,
) -> list[Outcome]:
    """Converts every input into ``out`` and writes the report (``out/report.json`` unless told); gives the outcomes.

    Raises OutputError (one line) when ``out`` or the report cannot be
    written.  On SIGINT/SIGTERM/SIGHUP the running conversions are stopped,
    the report lists the inputs not converted as "interrupted", and
    ``Interrupted`` is raised.
    """
    inputs = find_inputs(paths)
    out = Path(out)
    writable_folder(out, "the output folder")
    report = Path(report) if report else out / "report.json"
    check_report_path(report)
    sweep_scratch(out)
    outcomes: list[Optional[Outcome]] = [None] * len(inputs)
    done = 0

    def record(index: int, outcome: Outcome) -> None:
        nonlocal done
        outcomes[index] = outcome
        done += 1
        if on_outcome:
            on_outcome(outcome, done, len(inputs))

    todo: list[int] = []
    for i, item in enumerate(inputs):
        if item.problem:
            record(i, Outcome(str(item.path), "error", item.problem[0], item.problem[1]))
        else:
            todo.append(i)
    index, sources = existing_packs(out, config)
    if config.force:
        index = {}
    claimed: set[str] = set()
    files = [item.path for item in inputs]

    stamps = read_stamps(out, [name for names in index.values() for name in names])
    seen = {i: stamp_of(files[i]) for i in todo}  # taken before any input is read
    try:
        isolate = bool(todo) and config.isolate and limits.can_fork()
        with _signals_interrupt(raise_now=not isolate) as guard:
            if index and todo:
                # Which inputs are packs already up to date: an input unchanged since the last batch (its stamp)
                # has the sha256 read then; any other is hashed as a conversion would read it.
                shas: dict[int, str] = {i: sha for i in todo if (sha := known_sha(stamps, files[i], seen[i]))}
                unknown = [i for i in todo if i not in shas]
                if isolate:
                    jobs = [_Job(i, files[i], "hash") for i in unknown]
                    _Batch(jobs, out, config, claimed, record, guard, hashed=shas.__setitem__).run()
                else:
                    for i in unknown:
                        sha, failed = _hash_one(files[i], config)
                        if failed:
                            record(i, failed)
                        else:
                            shas[i] = sha
                remaining = []
                for i in todo:
                    sha = shas.get(i)
                    if sha and index.get(sha):
                        name = index[sha].pop(0)
                        claimed.add(name)
                        record(i, up_to_date(files[i], sha, name, out))
                    elif outcomes[i] is None:
                        remaining.append(i)
                todo = remaining
            # A pack that no input of this run claims may be replaced if it was built from the same file.
            if config.scheduler and todo:
                from pipeline.batch.cluster import convert_on_cluster

                convert_on_cluster([(i, files[i]) for i in todo], out, config, claimed, sources, record, guard)
            elif isolate:
                if todo and any(f != "json" for f in config.formats):
                    import pipeline.render  # noqa: F401  loaded once here, inherited by every child
                _Batch([_Job(i, files[i]) for i in todo], out, config, claimed, record, guard, sources).run()
            else:
                for i in todo:
                    record(i, convert_one(files[i], out, config, claimed, sources))
    except KeyboardInterrupt:
        sweep_scratch(out, mine=True)
        for i, f in enumerate(files):
            if outcomes[i] is None:
                outcomes[i] = Outcome(
                    str(f), "error", f"{_shown(f)}: not converted, the batch was interrupted", "interrupted"
                )
        write_report([o for o in outcomes if o is not None], report)
        raise
    for i, stamp in seen.items():
        done_i = outcomes[i]
        if done_i is not None and done_i.status == "ok" and done_i.output:
            write_stamp(out / done_i.output, files[i], stamp, done_i.sha256)
    write_report([o for o in outcomes if o is not None], report)
    return [o for o in outcomes if o is not None]
