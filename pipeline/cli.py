"""The ``resbrief`` command: build packs, run one stage, render from JSON, evaluate, benchmark."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from pipeline import __version__
from pipeline.config import ALL_FORMATS, OCR_MODES, Config
from pipeline.errors import ConversionError, OutputError, one_line, path_text
from pipeline.model import to_json


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="resbrief", description="UN resolution PDFs to structured data and briefing packs."
    )
    p.add_argument("--version", action="version", version=f"resbrief {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="convert PDFs or Akoma Ntoso .xml files (or folders of them) into OUT/<name>/")
    b.add_argument("inputs", nargs="+", type=Path)
    b.add_argument("-o", "--out", type=Path, default=Path("output"))
    b.add_argument(
        "--formats", default=",".join(ALL_FORMATS), help="comma-separated: json,html,pdf,docx,akn,ics (default: all)"
    )
    b.add_argument("--jobs", type=int, default=1, help="documents converted at once (1 to the processors here)")
    b.add_argument("--templates", type=Path, help="a folder of templates that replaces the default ones")
    b.add_argument("--max-pages", type=int, default=Config.max_pages)
    b.add_argument(
        "--timeout",
        type=float,
        default=Config.timeout_seconds,
        help="seconds allowed per document (0: no limit; default %(default)g)",
    )
    b.add_argument(
        "--max-memory",
        type=int,
        default=Config.max_memory_mb,
        metavar="MB",
        help="memory allowed per document, in MB (0: no limit; default %(default)s)",
    )
    b.add_argument("--force", action="store_true", help="rebuild packs that are already up to date")
    b.add_argument(
        "--in-process", action="store_true", help="convert in this process, not a child per document (no memory guard)"
    )
    b.add_argument("--report", type=Path, help="where to write the report (default OUT/report.json)")
    b.add_argument(
        "--no-collection",
        action="store_true",
        help="leave out the collection outputs (index.html, mandates, calendar.ics, collection.json); "
        "'resbrief collection OUT' makes them",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default="",
        help="convert on a Dask cluster: a scheduler's address (tcp://HOST:8786), or 'local' to start one of --jobs "
        "workers here",
    )
    _ocr_option(b)
    b.add_argument(
        "--previous",
        type=Path,
        metavar="PDF_OR_JSON",
        help="compare every document with this earlier text (default: find predecessors and drafts in OUT)",
    )
    b.add_argument("--debug", action="store_true", help="show tracebacks")

    for stage in ("extract", "clean", "segment"):
        s = sub.add_parser(stage, help=f"print the {stage} stage's result for one PDF as JSON")
        s.add_argument("pdf", type=Path)
        s.add_argument("--debug", action="store_true")
        _ocr_option(s)

    r = sub.add_parser(
        "render",
        help="render a (possibly hand-corrected) resolution.json, or an Akoma Ntoso .xml file (ours or the UN's)",
    )
    r.add_argument("json", type=Path, metavar="JSON_OR_XML")
    r.add_argument("-o", "--out", type=Path, required=True)
    r.add_argument("--formats", default="html,pdf,docx,ics")
    r.add_argument("--templates", type=Path)

    c = sub.add_parser("compare", help="what changed between two versions: comparison.json, .html, .pdf, .docx")
    c.add_argument("old", type=Path, help="the earlier text: a PDF or a resolution.json (the draft, for an amendment)")
    c.add_argument("new", type=Path, help="the later text: a PDF or a resolution.json (or an amendment to the old)")
    c.add_argument("-o", "--out", type=Path, required=True)
    c.add_argument(
        "--formats", default=",".join(ALL_FORMATS), help="comma-separated: json,html,pdf,docx,akn,ics (default: all)"
    )
    c.add_argument("--templates", type=Path)
    c.add_argument("--debug", action="store_true", help="show tracebacks")

    e = sub.add_parser("eval", help="score resolution.json files against AKN4UN XML")
    e.add_argument("args", nargs=argparse.REMAINDER)

    ec = sub.add_parser("eval-compare", help="score comparisons of a series folder against the UN's XML")
    ec.add_argument("args", nargs=argparse.REMAINDER)

    co = sub.add_parser("collection", help="write the collection outputs of the packs in OUT")
    co.add_argument("out", type=Path)
    co.add_argument("--templates", type=Path)

    m = sub.add_parser("report", help="merge several report.json files into one")
    m.add_argument("reports", nargs="*", type=Path)
    m.add_argument("-o", "--out", type=Path, required=True)

    k = sub.add_parser("bench", help="per-stage timings over a folder of PDFs")
    k.add_argument("inputs", nargs="+", type=Path)
    k.add_argument("--formats", default=",".join(ALL_FORMATS))
    k.add_argument("--json", type=Path, help="also write the figures as JSON")
    _ocr_option(k)
    return p


def _ocr_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--ocr",
        choices=OCR_MODES,
        default=Config.ocr,
        help="read scanned pages with Tesseract: auto (pages without a text layer), always, never (default %(default)s)",
    )


def _config(args) -> Config:
    formats = tuple(f.strip() for f in getattr(args, "formats", "json").split(",") if f.strip())
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown:
        raise SystemExit(f"resbrief: unknown format {', '.join(unknown)} (choose from {', '.join(ALL_FORMATS)})")
    config = Config(formats=formats, debug=getattr(args, "debug", False), ocr=getattr(args, "ocr", Config.ocr))
    if getattr(args, "templates", None):
        config = replace(config, templates=args.templates.resolve(), custom_templates=True)
    if hasattr(args, "jobs"):
        for flag, value in (
            ("--max-pages", args.max_pages),
            ("--timeout", args.timeout),
            ("--max-memory", args.max_memory),
        ):
            if value < 0:
                raise SystemExit(f"resbrief: {flag} must be 0 or more")
        if args.jobs < 1:
            raise SystemExit("resbrief: --jobs must be 1 or more")
        config = replace(
            config,
            jobs=_bounded_jobs(args.jobs),
            max_pages=args.max_pages or 10**9,
            timeout_seconds=args.timeout,
            max_memory_mb=args.max_memory,
            force=args.force,
            isolate=not args.in_process,
            scheduler=args.scheduler.strip(),
        )
    return config


def _bounded_jobs(jobs: int) -> int:
    """Gives --jobs bounded by the processors this machine lets us use, saying so when it is cut."""
    from pipeline.batch.limits import machine_jobs

    most = machine_jobs()
    if jobs > most:
        _say(f"resbrief: --jobs {jobs} lowered to {most}, the processors this machine has")
        return most
    return jobs


def _say(line: str) -> None:
    """Prints one line on stderr; a terminal that went away (SIGHUP) is no reason to fail."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _shown(path) -> str:
    return one_line(path_text(path))


class _Progress:
    """Prints a line per file, and a bar on a terminal; every name and message as one printable line."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        try:
            self.tty = self.stream.isatty()
        except (OSError, ValueError):
            self.tty = False

    def __call__(self, outcome, done: int, total: int) -> None:
        try:
            self._write(outcome, done, total)
        except (OSError, ValueError):  # the terminal went away: the report still says it all
            pass

    def _write(self, outcome, done: int, total: int) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
        status = "ok  " if outcome.status == "ok" else "FAIL"
        where = f" -> {outcome.output}" if outcome.output else ""
        name = _shown(Path(outcome.input).name or outcome.input)
        message = one_line(outcome.message)
        self.stream.write(f"{status} {name}{where}: {message}\n" if outcome.status == "ok" else f"{status} {message}\n")
        if self.tty and done < total:
            width = 30
            filled = width * done // total
            self.stream.write(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()


def cmd_build(args) -> int:
    """Runs ``resbrief build`` and gives its exit status: 0 only when every input converted."""
    from pipeline.batch import build

    config = _config(args)
    report = args.report or args.out / "report.json"
    previous = _previous(args, config)
    try:
        outcomes = build(args.inputs, args.out, config, _Progress(), report)
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", 2)
        _say(
            f"resbrief: interrupted; finished packs are complete, rerun to build the rest (report in {_shown(report)})"
        )
        return 128 + signum
    except OutputError as exc:
        _say(f"resbrief: {exc}")
        return 1
    problems = _link_versions(args, config, outcomes, report, previous)
    if not args.no_collection:
        problems += _write_collection(args.out, config)
    ok = sum(o.status == "ok" for o in outcomes)
    current = sum(o.kind == "up-to-date" for o in outcomes)
    failed = len(outcomes) - ok
    kinds: dict[str, int] = {}
    for o in outcomes:
        if o.status != "ok":
            kinds[o.kind] = kinds.get(o.kind, 0) + 1
    why = f" ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})" if kinds else ""
    fresh = f" ({current} already up to date)" if current else ""
    _say(f"resbrief: {ok} converted{fresh}, {failed} failed{why}, report in {_shown(report)}")
    return 0 if failed == 0 and not problems and (ok or not args.inputs) else 1


def _previous(args, config: Config):
    """Gives the Resolution of ``--previous`` (read before the batch, so a bad one stops it at once), or None."""
    from pipeline.batch import read_text

    if args.previous is None:
        return None
    try:
        return read_text(args.previous, config)
    except ConversionError as exc:
        raise ConversionError(f"--previous {exc}", exc.kind) from exc


def _link_versions(args, config: Config, outcomes, report: Path, previous) -> int:
    """Compares the packs that are versions of one another (or each with ``--previous``), updates the report and
    gives how many comparisons failed."""
    from pipeline.batch import link_versions, write_report

    if not any(o.status == "ok" for o in outcomes):
        return 0
    links, problems = link_versions(args.out, config, outcomes, previous)
    built = {o.output for o in outcomes if o.status == "ok" and o.kind != "up-to-date"}
    for link in links:
        if link.new in built or link.old in built:
            _say(f"compared {link.new} with {link.old} ({link.relation})")
    for problem in problems:
        _say(f"FAIL {problem}")
    write_report(outcomes, report)
    return len(problems)


def _write_collection(out: Path, config: Config) -> int:
    """Writes the collection outputs beside the packs of ``out`` (index.html, mandates, calendar,
    collection.json), when it holds any, and gives how many problems it had."""
    from pipeline.collection import has_packs, write_collection

    if not out.is_dir() or not has_packs(out):
        return 0
    problems = write_collection(out, config)
    for problem in problems:
        _say(f"FAIL collection: {problem}")
    return len(problems)


def cmd_collection(args) -> int:
    """Runs ``resbrief collection OUT`` and gives 0 (1 when OUT is no folder, a pack could not be read or a file
    could not be written); a folder without packs gets no collection."""
    from pipeline.batch.folders import writable_folder

    config = _config(args)
    if not args.out.is_dir():
        _say(f"resbrief: {_shown(args.out)} is not a folder of packs")
        return 1
    try:
        writable_folder(args.out, "the output folder")
    except OutputError as exc:
        _say(f"resbrief: {exc}")
        return 1
    return 1 if _write_collection(args.out, config) else 0


def cmd_stage(args) -> int:
    """Prints one stage's result for one PDF as JSON (``extract``, ``clean``, ``segment``) and gives 0."""
    from pipeline.clean import clean
    from pipeline.extract import extract

    if args.command == "segment":
        from pipeline.batch import convert

        result = convert(
            args.pdf, _config(args)
        )  # the Resolution with its annotations and warnings, as resolution.json has it
    else:
        result = extract(args.pdf, _config(args))
        if args.command == "clean":
            result = clean(result)
    sys.stdout.write(to_json(result))
    return 0


def cmd_render(args) -> int:
    """Renders a (possibly hand-corrected) resolution.json into packs and gives 0."""
    from pipeline.extract import read_regular_file
    from pipeline.model import resolution_from_dict
    from pipeline.render import render

    config = _config(args)
    if args.json.name.lower().endswith(".xml"):
        return _render_akn(args, config)
    try:  # a FIFO, a device or a huge file is refused before it is read, as a PDF is
        data = json.loads(read_regular_file(args.json, config.max_bytes, "a JSON file").decode("utf-8"))
    except ConversionError as exc:
        why = str(exc).removeprefix(f"{path_text(args.json.name)}: ")
        raise ConversionError(f"{path_text(args.json)}: cannot read JSON ({why})", "bad-json") from None
    except ValueError as exc:
        raise ConversionError(f"{path_text(args.json)}: cannot read JSON ({exc})", "bad-json") from None
    from pipeline.schema import validate

    problems = validate(data)
    if problems:
        raise ConversionError(f"{args.json}: does not follow the schema: {problems[0]}", "bad-json")
    from pipeline.batch.folders import writable_folder

    writable_folder(args.out, "the output folder")
    try:
        written = render(resolution_from_dict(data), args.out, config)
    except OSError as exc:
        raise OutputError(f"the output folder {_shown(args.out)} cannot be written to ({exc.strerror})") from None
    for fmt, path in sorted(written.items()):
        _say(f"{fmt}: {_shown(path)}")
    return 0


def _render_akn(args, config: Config) -> int:
    """Reads an Akoma Ntoso file, annotates it and writes resolution.json and the packs; gives 0."""
    from pipeline.batch import convert, write_pack
    from pipeline.batch.folders import writable_folder

    res = convert(args.json, config)  # ConversionError for bad XML: one line, as for a bad PDF
    writable_folder(args.out, "the output folder")
    config = replace(config, formats=tuple(dict.fromkeys(("json",) + config.formats)))
    try:
        written = write_pack(res, args.out, config)
    except OSError as exc:
        raise OutputError(f"the output folder {_shown(args.out)} cannot be written to ({exc.strerror})") from None
    for name in written:
        _say(f"{name}: {_shown(args.out / name)}")
    return 0


def cmd_compare(args) -> int:
    """Runs ``resbrief compare OLD NEW -o OUT`` and gives 0 (1 with a one-line message when a side cannot be read)."""
    from pipeline.batch import read_text, write_comparison
    from pipeline.compare import compare

    config = _config(args)
    old, new = read_text(args.old, config), read_text(args.new, config)
    written = write_comparison(compare(old, new), args.out, config)
    for fmt, path in sorted(written.items()):
        print(f"{fmt}: {path}", file=sys.stderr)
    return 0


def cmd_report(args) -> int:
    """Merges several report.json files into one and gives 0."""
    from pipeline.batch import merge_reports

    merged = merge_reports(args.reports, args.out)
    s = merged["summary"]
    _say(f"resbrief: {s['converted']} converted, {s['failed']} failed, report in {_shown(args.out)}")
    return 0


def cmd_eval(args) -> int:
    """Runs ``resbrief eval`` and gives its exit status."""
    from pipeline.evaluate import main as evaluate_main

    return evaluate_main(args.args)


def cmd_eval_compare(args) -> int:
    """Runs ``resbrief eval-compare`` and gives its exit status."""
    from pipeline.evaluate.comparisons import main as compare_main

    return compare_main(args.args)


def cmd_bench(args) -> int:
    """Runs ``resbrief bench`` and gives its exit status."""
    from pipeline.bench import main as bench_main

    return bench_main(args.inputs, _config(args), args.json)


def main(argv: list[str] | None = None) -> int:
    """Runs the resbrief command line and gives its exit status."""
    args = _parser().parse_args(argv)
    handlers = {
        "build": cmd_build,
        "extract": cmd_stage,
        "clean": cmd_stage,
        "segment": cmd_stage,
        "render": cmd_render,
        "compare": cmd_compare,
        "eval": cmd_eval,
        "eval-compare": cmd_eval_compare,
        "bench": cmd_bench,
        "report": cmd_report,
        "collection": cmd_collection,
    }
    try:
        return handlers[args.command](args)
    except ConversionError as exc:
        if getattr(args, "debug", False):
            raise
        _say(f"resbrief: {exc}")
        return 1
    except KeyboardInterrupt as exc:
        _say("resbrief: interrupted")
        return 128 + getattr(exc, "signum", 2)


if __name__ == "__main__":
    sys.exit(main())
