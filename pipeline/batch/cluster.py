"""Batches on a Dask distributed cluster: workers convert PDF bytes into pack bytes, this process writes the packs.

``--scheduler tcp://HOST:8786`` sends the batch to a running cluster;
``--scheduler local`` starts one here (a ``LocalCluster`` of ``--jobs``
single-threaded worker processes on 127.0.0.1, no dashboard).  Each task
carries one input's bytes and its file name; on the worker the document is
converted in a forked child under the same limits as a local batch (address
space capped at ``--max-memory``, killed at ``--timeout``), so a runaway
document fails alone with its one-line message and the worker lives on.  The
task gives back the pack's files as bytes; this process names the packs in
input order, writes each into a temporary folder and renames it into place,
exactly as a local batch does, so the packs and ``report.json`` are
byte-identical to a local run's.  A worker that dies all the same (killed,
out of memory outside the child) is replaced by its nanny and the document it
held gets a one-line error.  Every machine of the cluster needs resbrief
installed at the same version (the scheduler too deserialises the tasks).
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, Optional

from pipeline.batch import limits
from pipeline.batch.document import convert, sha256_file, summary_of, write_pack
from pipeline.batch.folders import claim_name, inside, place_pack, scratch_folder
from pipeline.batch.messages import internal_message, memory_message, named, pack_message, shown, timeout_message
from pipeline.batch.report import Outcome
from pipeline.config import DEFAULT_TEMPLATES, Config
from pipeline.errors import ConversionError, OutputError, one_line, path_text
from pipeline.extract import read_pdf_file

POLL = 0.1  # seconds between looks at the interruption flag
LOCAL = "local"
# A worker holds one document at a time (no second task waits on it), and a worker that dies fails the document
# it held instead of passing it to another worker: a runaway document fails alone.
SCHEDULER_SETTINGS = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}


# --- on a worker ------------------------------------------------------------------


def _reply_of(path: Path, tmp: Path, config: Config) -> tuple:
    """Runs in the forked child: converts and writes the pack into ``tmp``; gives the reply for the worker."""
    try:
        res = convert(path, config)
        try:
            write_pack(res, tmp, config)
        except OSError as exc:
            return ("error", pack_message(path, exc), "output")
        return ("done", res.symbol, summary_of(res), res.source.sha256, list(res.warnings))
    except ConversionError as exc:
        return ("error", named(str(exc), path), exc.kind)
    except MemoryError:
        return ("error", memory_message(path, config), "memory")
    except Exception as exc:  # a bug: reported for this file, the batch goes on
        return ("error", internal_message(path, exc), "internal")


def _child(write_end: int, path: Path, tmp: Path, config: Config, parent: int) -> None:
    """The forked child's whole life: limits, conversion, the reply down the pipe, exit."""
    try:
        limits.reset_signals()
        limits.die_with_parent(parent)
        limits.set_memory_limit(config.max_memory_mb)
        data = pickle.dumps(_reply_of(path, tmp, config))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
    except MemoryError:
        os._exit(limits.MEMORY_EXIT)
    except BaseException:
        os._exit(1)
    os._exit(0)


def _in_child(path: Path, tmp: Path, config: Config) -> tuple[Optional[tuple], Optional[int], bool]:
    """Gives (the child's reply or None, its exit code, whether it was killed at the time limit)."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()  # not multiprocessing: a Dask worker is a daemonic process, which may not start those
    if pid == 0:
        os.close(read_end)
        _child(write_end, path, tmp, config, parent)
    os.close(write_end)
    deadline = time.monotonic() + config.timeout_seconds if config.timeout_seconds > 0 else None
    chunks, late = [], False
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([read_end], [], [], wait)
            if not ready:
                late = True
                os.kill(pid, signal.SIGKILL)
                break
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    try:
        reply = pickle.loads(b"".join(chunks)) if chunks and not late else None
    except Exception:
        reply = None
    return reply, code, late


def convert_bytes(data: bytes, file_name: str, config: Config) -> tuple:
    """Gives the result of converting one input's bytes on a worker: ("done", symbol, summary, sha256,
    warnings, {file: bytes}), ("error", message, kind) or ("died", exit code, killed at the time limit)."""
    if not config.custom_templates:
        config = replace(config, templates=DEFAULT_TEMPLATES)  # this machine's own copy of the project's templates
    if any(f != "json" for f in config.formats):
        import pipeline.render  # noqa: F401  loaded once per worker, inherited by every child
    with tempfile.TemporaryDirectory(prefix="resbrief-") as folder:
        path = Path(folder) / file_name
        path.write_bytes(data)
        tmp = Path(folder) / "pack"
        reply, code, late = _in_child(path, tmp, config)
        if reply is None:
            return ("died", code, late)
        if reply[0] == "done":
            files = {f.name: f.read_bytes() for f in sorted(tmp.iterdir()) if f.is_file()}
            return (*reply, files)
        return reply


# --- on the client ------------------------------------------------------------------


def open_client(scheduler: str, config: Config):
    """Gives (a Dask client, the local cluster it runs on or None) for ``--scheduler``; raises OutputError (one
    line) when the scheduler cannot be reached."""
    import dask
    from distributed import Client, LocalCluster

    try:
        if scheduler == LOCAL:
            with dask.config.set(SCHEDULER_SETTINGS):
                cluster = LocalCluster(
                    n_workers=max(1, config.jobs),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    memory_limit=0,  # the per-document limit holds in each conversion's own child process
                    silence_logs=40,  # logging.ERROR
                )
            return Client(cluster), cluster
        # Dask's own setting says how long to try (distributed.comm.timeouts.connect, 30 s unless configured)
        return Client(scheduler, timeout=dask.config.get("distributed.comm.timeouts.connect")), None
    except (OSError, TimeoutError) as exc:
        raise OutputError(f"cannot reach the Dask scheduler {one_line(scheduler)} ({exc})") from None


def _artifacts(folder: Path) -> dict[str, str]:
    return {f.name: sha256_file(f) for f in sorted(folder.iterdir()) if f.is_file()}


def _renamed(files: dict[str, bytes], warning: str, tmp: Path, config: Config) -> tuple[str, list[str]]:
    """Writes the pack again with the naming warning where a local batch puts it (a symbol seen before in this
    batch); gives (summary, warnings)."""
    import json

    from pipeline.model import resolution_from_dict

    res = resolution_from_dict(json.loads(files["resolution.json"].decode("utf-8")))
    rendered = [f for f in config.formats if f != "json"]
    if rendered:
        from pipeline.render import metadata_warnings

        later = set(metadata_warnings(res, config))
        res.warnings = [w for w in res.warnings if w not in later]
    res.warnings.append(warning)
    write_pack(res, tmp, config)
    return summary_of(res), list(res.warnings)


class _Placing:
    """Names the converted documents in input order and renames their packs into place."""

    def __init__(self, out: Path, config: Config, claimed: set[str], sources: dict, record: Callable):
        self.out, self.config, self.claimed, self.sources, self.record = out, config, claimed, sources, record

    def place(self, index: int, path: Path, result: tuple, seconds: float) -> None:
        kind = result[0]
        if kind == "error":
            self.record(index, Outcome(str(path), "error", result[1], result[2], seconds=seconds))
            return
        if kind == "died":
            _, code, late = result
            if late:
                outcome = Outcome(str(path), "error", timeout_message(path, self.config), "timeout", seconds=seconds)
            else:
                message, why = limits.death_message(shown(path), code, self.config.max_memory_mb)
                outcome = Outcome(str(path), "error", message, why, seconds=seconds)
            self.record(index, outcome)
            return
        if kind == "lost":
            why = (
                "its worker died converting it" if result[1] == "KilledWorker" else "the cluster gave no result for it"
            )
            message = f"{shown(path)}: {why} ({result[1]}); rerun to try again"
            self.record(index, Outcome(str(path), "error", message, "crash", seconds=seconds))
            return
        _, symbol, summary, sha, warnings, files = result
        name, warning = claim_name(symbol, path, self.claimed, self.sources, self.config.force)
        tmp = None
        try:
            try:
                tmp = scratch_folder(self.out, path)
                tmp.mkdir(parents=True, exist_ok=True)
                if warning:
                    summary, warnings = _renamed(files, warning, tmp, self.config)
                else:
                    for file, data in files.items():
                        (tmp / file).write_bytes(data)
                artifacts = _artifacts(tmp)
            except OSError as exc:
                self.record(index, Outcome(str(path), "error", pack_message(path, exc), "output", seconds=seconds))
                return
            try:
                with limits.blocked_signals():
                    place_pack(tmp, inside(self.out, name))
                tmp = None
            except (OSError, ValueError) as exc:  # worded as a local batch words it
                where = one_line(path_text(self.out / name))
                message = f"{shown(path)}: could not move its pack into {where} ({exc})"
                self.record(index, Outcome(str(path), "error", message, "output", seconds=seconds))
                return
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
        self.record(index, Outcome(str(path), "ok", summary, "ok", name, artifacts, seconds, sha, warnings))


def _worker_count(client) -> int:
    try:
        return max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
    except Exception:
        return 1


def convert_on_cluster(
    todo: list[tuple[int, Path]],
    out: Path,
    config: Config,
    claimed: set[str],
    sources: dict,
    record: Callable[[int, Outcome], None],
    guard,
) -> None:
    """Converts the inputs ``todo`` ((index, path), in input order) on the cluster of ``config.scheduler`` and
    records each outcome; packs are named in input order, as a local batch names them."""
    from distributed import wait

    client, cluster = open_client(config.scheduler, config)
    placing = _Placing(out, config, claimed, sources, record)
    window = 2 * _worker_count(client)
    queue = list(todo)
    running: dict = {}  # future -> (index, path, started)
    results: dict[int, tuple] = {}
    order = [i for i, _ in todo]
    paths = dict(todo)
    next_place = 0
    try:
        while queue or running or next_place < len(order):
            guard.check()
            while queue and len(running) < window:
                index, path = queue.pop(0)
                try:
                    data = read_pdf_file(path, config.max_bytes)  # a regular file within the size limit
                except ConversionError as exc:
                    results[index] = (("error", named(str(exc), path), exc.kind), 0.0)
                    continue
                try:  # pure=False: a key of its own, even beside another batch on the same cluster
                    future = client.submit(convert_bytes, data, path.name, config, pure=False)
                except Exception as exc:  # the scheduler went away: this document fails, the batch goes on
                    results[index] = (("lost", type(exc).__name__), 0.0)
                    continue
                running[future] = (index, path, time.monotonic())
            if running:
                try:
                    wait(list(running), timeout=POLL, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    pass
                except Exception:  # the scheduler went away: each running document says so below
                    for future in running:
                        future.cancel()
                for future in [f for f in running if f.done()]:
                    index, path, started = running.pop(future)
                    try:
                        result = future.result()
                    except Exception as exc:  # KilledWorker and the like: this document alone fails
                        result = ("lost", type(exc).__name__)
                    results[index] = (result, time.monotonic() - started)
            while next_place < len(order) and order[next_place] in results:
                index = order[next_place]
                result, seconds = results.pop(index)
                placing.place(index, paths[index], result, seconds)
                next_place += 1
    finally:
        for future in running:
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()
