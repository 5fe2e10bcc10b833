"""Long fuzzing run (``make fuzz``): hypothesis on clean/segment, and mutated PDF bytes through the whole pipeline.

Two fuzzers share the time budget:

* ``props``: the properties of tests/test_fuzz.py (generated text, a
  UN-shaped skeleton with generated pieces, mutated real pages) with many more examples and fresh random seeds, round after
  round.  A failure is shrunk by hypothesis, reported with its traceback, and
  the run goes on.
* ``bytes``: PDFs (the sample and a few corpus documents, each also saved
  with uncompressed streams so that mutations reach the content operators)
  have bytes flipped, ranges deleted, duplicated or overwritten, and are built
  as a batch with the normal child-process limits.  Any outcome of kind
  ``internal``, ``crash``, ``timeout`` or ``memory``, and any resolution.json
  that fails the schema, is a finding; the mutant is kept in
  ``OUT/findings`` with the message and an in-process traceback.

Usage:  .venv/bin/python tools/fuzz.py [--minutes 10] [--out build/fuzz] [--seed N] [--only props|bytes]
Exit status 1 when something was found.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
import time
import traceback
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pipeline.batch import build, convert  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.schema import validate  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus" / "pdfs"
SEEDS = [ROOT / "input" / "A_RES_65_232.pdf"] + [
    SHARED / n
    for n in (
        "A_RES_78_229-EN.pdf",
        "S_RES_2768_2025-EN.pdf",
        "A_C.3_80_L.24-EN.pdf",
        "E_2025_L.9-EN.pdf",
        "FCCC_CP_2015_10_Add.1-EN.pdf",
    )
]
BAD_KINDS = {"internal", "crash", "timeout", "memory"}


# --- property fuzzing ------------------------------------------------------------------


def fuzz_props(deadline: float, rng: random.Random, findings: list[dict]) -> int:
    import test_fuzz as tf
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seen: set[str] = set()
    examples = 0
    props = [
        ("generated text", tf.generated_doc(), tf.check),
        ("UN-shaped skeleton", tf.structured_doc(), tf.check),
        (
            "mutated pages",
            st.lists(tf.mutation, max_size=40),
            lambda muts: tf.check(tf.mutate(tf.sample_pages(), muts)),
        ),
    ]
    round_no = 0
    while time.monotonic() < deadline:
        name, strategy, prop = props[round_no % len(props)]
        round_no += 1
        n = 300

        @settings(
            max_examples=n,
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
            print_blob=True,
        )
        @given(strategy)
        def run(value):
            prop(value)  # noqa: B023  run is called at once, in this iteration

        started = time.monotonic()
        try:
            run()
        except Exception as exc:  # a shrunk counterexample
            text = "".join(traceback.format_exception(exc))
            key = f"{type(exc).__name__}:{traceback.extract_tb(exc.__traceback__)[-1][:3]}"
            if key not in seen:
                seen.add(key)
                findings.append(
                    {
                        "fuzzer": f"props/{name}",
                        "error": f"{type(exc).__name__}: {exc}"[:500],
                        "traceback": text[-6000:],
                    }
                )
                print(f"[props] {name}: FOUND {type(exc).__name__}: {str(exc)[:200]}", flush=True)
        examples += n
        print(f"[props] {name}: {n} examples in {time.monotonic() - started:.0f} s", flush=True)
    return examples


# --- byte fuzzing ----------------------------------------------------------------------


def seed_files(work: Path) -> list[bytes]:
    """Gives the seed PDFs' bytes, each also with uncompressed streams (mutations then hit text operators)."""
    import pikepdf

    seeds = []
    for path in SEEDS:
        if not path.exists():
            continue
        data = path.read_bytes()
        seeds.append(data)
        with pikepdf.open(io.BytesIO(data)) as pdf:
            buffer = io.BytesIO()
            pdf.save(
                buffer,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
            )
            seeds.append(buffer.getvalue())
    return seeds


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 4, 16, 64])):
        op = rng.randrange(7)
        i = rng.randrange(len(b)) if b else 0
        n = rng.choice([1, 2, 8, 64, 1024])
        if op == 0:  # flip bits
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # random byte
            b[i] = rng.randrange(256)
        elif op == 2:  # delete a range
            del b[i : i + n]
        elif op == 3:  # duplicate a range
            b[i:i] = b[i : i + n]
        elif op == 4:  # interesting tokens
            token = rng.choice(
                [
                    b"0",
                    b"-1",
                    b"999999999",
                    b"1e308",
                    b"/Length 0",
                    b" R ",
                    b"<<",
                    b">>",
                    b"(",
                    b")",
                    b"[",
                    b"]",
                    b"Tj",
                    b"TJ",
                    b"Tf",
                    b"Tm",
                    b"cm",
                    b"BT",
                    b"ET",
                    b"endstream",
                    b"obj",
                    b"endobj",
                    b"/Type /Page",
                    b"\\",
                    b"\x00" * 8,
                ]
            )
            b[i:i] = token
        elif op == 5:  # copy bytes from elsewhere over this spot
            j = rng.randrange(len(b)) if b else 0
            b[i : i + n] = b[j : j + n]
        else:  # change a number in place
            k = i
            while k < len(b) and not (48 <= b[k] <= 57):
                k += 1
            if k < len(b):
                b[k] = rng.choice(b"0123456789")
    return bytes(b)


def fuzz_bytes(deadline: float, rng: random.Random, out: Path, findings: list[dict]) -> int:
    work = out / "bytes"
    seeds = seed_files(work)
    total = 0
    batch_no = 0
    while time.monotonic() < deadline - 20:
        batch_no += 1
        shutil.rmtree(work, ignore_errors=True)
        inputs, results = work / "in", work / "out"
        inputs.mkdir(parents=True)
        for k in range(16):
            (inputs / f"m{batch_no:04d}-{k:02d}.pdf").write_bytes(mutate_bytes(rng.choice(seeds), rng))
        # every fourth batch renders the packs too
        formats = ("json", "html", "pdf", "docx") if batch_no % 4 == 0 else ("json",)
        config = Config(formats=formats, jobs=2, timeout_seconds=60, max_memory_mb=4096)
        started = time.monotonic()
        outcomes = build([inputs], results, config)
        total += len(outcomes)
        kinds: dict[str, int] = {}
        for o in outcomes:
            kinds[o.kind] = kinds.get(o.kind, 0) + 1
            problem = None
            if o.kind in BAD_KINDS:
                problem = o.message
            elif o.status == "ok":
                data = json.loads((results / o.output / "resolution.json").read_text())
                errors = validate(data)
                if errors:
                    problem = f"schema: {errors[0]}"
            if problem:
                keep = out / "findings" / Path(o.input).name
                keep.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(o.input, keep)
                finding = {"fuzzer": "bytes", "input": str(keep), "kind": o.kind, "error": problem}
                if o.kind == "internal":
                    try:
                        convert(keep, replace(config, debug=True))
                    except Exception as exc:
                        finding["traceback"] = "".join(traceback.format_exception(exc))[-6000:]
                findings.append(finding)
                print(f"[bytes] FOUND {Path(o.input).name}: {problem}", flush=True)
        print(
            f"[bytes] batch {batch_no} ({'+'.join(formats)}): {len(outcomes)} mutants in "
            f"{time.monotonic() - started:.0f} s: {dict(sorted(kinds.items()))}",
            flush=True,
        )
    shutil.rmtree(work, ignore_errors=True)
    return total


def main(argv: list | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=10.0)
    p.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--only", choices=["props", "bytes"])
    args = p.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    budget = args.minutes * 60
    findings: list[dict] = []
    counts = {}
    print(f"fuzzing for {args.minutes:g} min, seed {seed}", flush=True)
    if args.only != "bytes":
        share = budget if args.only == "props" else budget / 2
        counts["props examples"] = fuzz_props(start + share, rng, findings)
    if args.only != "props":
        counts["byte mutants"] = fuzz_bytes(start + budget, rng, args.out, findings)
    report = {"seed": seed, "minutes": round((time.monotonic() - start) / 60, 1), **counts, "findings": findings}
    (args.out / "findings.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"fuzz: {counts}, {len(findings)} findings; details in {args.out / 'findings.json'}")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
