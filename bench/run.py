"""`make bench`: every registered section, each in a process of its own with its own embedded moto.

    python -m bench.run                       # full sizes (see each section's SIZES)
    python -m bench.run --quick               # smaller sizes, fewer repeats
    python -m bench.run --smoke               # the smallest sizes, a few requests: `make test` runs this
    python -m bench.run --only grievances     # one section (repeatable)
    python -m bench.run --set grievances.sizes=1000,5000 --set requests=50

Writes bench/results.json and rewrites docs/benchmarks.md (a smoke run writes neither unless
--out/--docs say where). Targets missed are reported, not failures: the exit status is non-zero
only when a section broke (raised, or reported an error).

A section is `section(ctx: bench.context.Context) -> dict` in a module of its own; add it to
SECTIONS below and it is run by `make bench` and smoke-tested by `make test`
(tests/bench/test_bench_smoke.py iterates over this table).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import docs, report  # noqa: E402
from bench.context import PROFILES, Context  # noqa: E402

# name -> "module:function". Order is the run order (imports first: no AWS endpoint is up yet).
SECTIONS: dict[str, str] = {
    "imports": "bench.imports:section",
    "societies": "bench.societies:section",
    "grievances": "bench.grievances:section",
    "hotpaths": "bench.hotpaths:section",
    "jobs": "bench.jobs:section",
    "audits_allocation": "bench.audits_allocation:section",
    "subvention": "bench.subvention_ledger:section",
    "concurrency": "bench.concurrency:section",
    "artifacts": "bench.artifact_imports:section",
    "first_run": "bench.first_run:section",
    "filters": "bench.filters:section",
}
RESULTS = ROOT / "bench" / "results.json"
DOCS = ROOT / "docs" / "benchmarks.md"


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


class LoadSampler:
    """The 1-minute load average every few seconds while the bench runs."""

    def __init__(self, every: float = 5.0) -> None:
        self.every, self.samples = every, [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self.samples.append(os.getloadavg()[0])

    def figures(self, start: int = 0) -> dict:
        taken = self.samples[start:] or self.samples[-1:]
        return {"min": round(min(taken), 2), "mean": round(sum(taken) / len(taken), 2),
                "max": round(max(taken), 2), "samples": len(taken)}


def resolve(name: str):  # noqa: ANN201 - the section function
    module, _, function = SECTIONS[name].partition(":")
    return getattr(importlib.import_module(module), function)


def run_child(name: str, profile: str, overrides: dict[str, str], out: Path) -> int:
    """In the section's own process: run it, write its result (or its traceback) to `out`."""
    ctx = Context(profile, overrides)
    started = time.perf_counter()
    try:
        result = resolve(name)(ctx)
    except BaseException as exc:  # noqa: BLE001 - reported, and the exit status says it failed
        result = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-4000:]}
    finally:
        ctx.close()
    result["seconds"] = round(time.perf_counter() - started, 1)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return 1 if "error" in result else 0


def _run_section(name: str, profile: str, overrides: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        out = Path(folder) / "section.json"
        command = [sys.executable, "-m", "bench.run", "--child", name, "--profile", profile, "--child-out", str(out)]
        command += [a for k, v in overrides.items() for a in ("--set", f"{k}={v}")]
        done = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603
        if not out.exists():
            return {"error": f"the section's process exited {done.returncode} without a result"}
        return json.loads(out.read_text(encoding="utf-8"))


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_const", const="quick", dest="profile")
    size.add_argument("--smoke", action="store_const", const="smoke", dest="profile")
    size.add_argument("--profile", choices=PROFILES)
    parser.add_argument("--only", action="append", choices=list(SECTIONS), help="run only this section (repeatable)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a repeat count (requests, warmup, budget, import_runs, no_pyc_runs) or a "
                             "section's sizes (<section>.sizes=a,b)")
    parser.add_argument("--out", type=Path,
                        help="results file (default bench/results.json; none for --smoke)")
    parser.add_argument("--docs", type=Path,
                        help="markdown report (default docs/benchmarks.md; none for --smoke)")
    parser.add_argument("--combine", nargs="+", type=Path, metavar="RESULTS",
                        help="run nothing: merge the sections of these results files (e.g. of runs made side by "
                             "side with --only) into --out and --docs")
    parser.add_argument("--child", choices=list(SECTIONS), help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.profile = args.profile or "full"
    args.overrides = dict(item.split("=", 1) for item in args.set)
    if args.profile != "smoke":
        args.out = args.out or RESULTS
        args.docs = args.docs or DOCS
    return args


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    if args.child:
        return run_child(args.child, args.profile, args.overrides, args.child_out)
    if args.combine:
        return combine(args.combine, args.out or RESULTS, args.docs or DOCS)
    names = [n for n in SECTIONS if n in (args.only or SECTIONS)]
    started = time.perf_counter()
    results: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "profile": args.profile,
                     "overrides": args.overrides, "machine": machine(), "sections": {}}
    with LoadSampler() as load:
        for name in names:
            print(f"\n== {name} ({args.profile})", file=sys.stderr, flush=True)
            first = len(load.samples)
            result = _run_section(name, args.profile, args.overrides)
            result["load_average"] = load.figures(first)
            results["sections"][name] = result
            _print(name, result)
    results["machine"]["load_average"] = load.figures()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nResults: {args.out}", file=sys.stderr)
    if args.docs:
        args.docs.write_text(docs.render(results), encoding="utf-8")
        print(f"Report: {args.docs}", file=sys.stderr)
    broken = [n for n, r in results["sections"].items() if "error" in r]
    for name in broken:
        print(f"error: section {name} broke: {results['sections'][name]['error']}", file=sys.stderr)
    return 1 if broken else 0


def combine(files: list[Path], out: Path, docs_path: Path) -> int:
    """One results file (and report) from several runs: sections in SECTIONS order, the machine's load
    over all of them, the latest date; the runs' profiles must agree."""
    runs = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    profiles = {r["profile"] for r in runs}
    if len(profiles) != 1:
        print(f"error: the runs have different profiles: {sorted(profiles)}", file=sys.stderr)
        return 2
    sections = {name: section for r in runs for name, section in r["sections"].items()}
    loads = [r["machine"]["load_average"] for r in runs]
    overrides: dict[str, str] = {}
    for r in runs:
        overrides.update(r["overrides"])
    merged = {"date": max(r["date"] for r in runs), "profile": profiles.pop(), "overrides": overrides,
              "machine": {**runs[0]["machine"],
                          "load_average": {"min": min(x["min"] for x in loads), "max": max(x["max"] for x in loads),
                                           "mean": round(sum(x["mean"] for x in loads) / len(loads), 2),
                                           "samples": sum(x["samples"] for x in loads)}},
              "runs_combined": len(runs), "total_seconds": max(r["total_seconds"] for r in runs),
              "sections": {n: sections[n] for n in SECTIONS if n in sections}}
    out.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    docs_path.write_text(docs.render(merged), encoding="utf-8")
    print(f"Results: {out}\nReport: {docs_path}", file=sys.stderr)
    return 1 if any("error" in s for s in merged["sections"].values()) else 0


def _print(name: str, result: dict) -> None:
    tables = [report.from_dict(t) for t in result.get("tables", [])]
    lines = list(result.get("lines", [])) + [f"- {n}" for n in result.get("notes", [])]
    lines.append(f"({name}: {result.get('seconds', 0):.0f} s, load average {result['load_average']['mean']})")
    if "error" in result:
        lines.append(f"{report.FAIL} {name} broke: {result['error']}")
        lines.append(result.get("traceback", ""))
    report.render(tables, lines)


if __name__ == "__main__":
    sys.exit(main())
