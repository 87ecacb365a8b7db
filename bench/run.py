"""`make bench`: cold-start imports, in-process latency and DynamoDB operations per request, and the
grievance escalation sweep's operations at two sizes (bench/grievances.py).

    python -m bench.run                     # 1,000 then 50,000 societies; 1,000 then 100,000 grievances
    python -m bench.run --quick             # 1,000 then 5,000 societies; 1,000 then 10,000 grievances
    python -m bench.run --only grievances   # one section (imports, societies, grievances, subvention,
                                            # concurrency); repeatable

Writes bench/results.json and prints the tables. Targets missed are reported, not failures:
the exit status is non-zero only when something broke (an import failed, a request errored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import imports, report  # noqa: E402
from bench.stats import ratio, summary  # noqa: E402

IMPORT_TARGET = 1.3   # each functions/*.py within 1.3× a bare `import chalice, boto3, pynamodb`
GET_TARGET = 2.0      # GET /societies/{reg_no} within 2× a bare pynamodb get
GET_BY_KEY = "GET /societies/{reg_no}"
BARE_GET = "bare pynamodb get"
BARE_QUERY = "bare pynamodb GSI query (20)"
LIST = "GET /societies?district=&limit=20"
SECTIONS = ("imports", "societies", "grievances", "subvention", "concurrency", "filters")
# Sections that are programs of their own (their own moto, their own results file), run after
# the in-process ones: name -> (module, its size flag, this bench's flag for the sizes).
STANDALONE = {"subvention": ("bench.subvention_ledger", "--sizes", "ledger_sizes"),
              "concurrency": ("bench.concurrency", "--clients", "concurrency_clients"),
              "filters": ("bench.filters", "--sizes", "filter_sizes")}


def _machine() -> dict:
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
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="1,000 and 5,000 societies, 1,000 and 10,000 grievances (instead of 50,000 and 100,000)")
    parser.add_argument("--sizes", help="comma-separated registry sizes, ascending (overrides --quick)")
    parser.add_argument("--grievance-sizes",
                        help="comma-separated open-grievance counts, ascending (overrides --quick; "
                             "default 1,000 and 100,000, quick 1,000 and 10,000)")
    parser.add_argument("--only", action="append", choices=SECTIONS,
                        help="run only this section (repeat for more); default: all")
    parser.add_argument("--ledger-sizes", default="10000,100000",
                        help="subvention: accounts per ledger, comma-separated (default 10000,100000; "
                             "the 100,000 run takes most of an hour on moto, mostly its SMS)")
    parser.add_argument("--filter-sizes", default="1000,100000",
                        help="filters: grievances in the table, comma-separated (bench/filters.py)")
    parser.add_argument("--concurrency-clients", default="4",
                        help="concurrency: parallel clients filing, tracking and acting (bench/concurrency.py)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per contender (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per contender first (default 20)")
    parser.add_argument("--budget", type=float, default=10.0,
                        help="seconds one contender may spend per size before it stops early (default 10)")
    parser.add_argument("--import-runs", type=int, default=9, help="fresh processes per module (default 9)")
    parser.add_argument("--no-pyc-runs", type=int, default=3,
                        help="fresh processes per module compiling from source, as on Lambda (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    if args.sizes:
        args.sizes = sorted(int(s) for s in args.sizes.split(","))
    else:
        args.sizes = [1000, 5000] if args.quick else [1000, 50_000]
    if args.grievance_sizes:
        args.grievance_sizes = sorted(int(s) for s in args.grievance_sizes.split(","))
    else:
        args.grievance_sizes = [1000, 10_000] if args.quick else [1000, 100_000]
    args.sections = [s for s in SECTIONS if s in (args.only or SECTIONS)]
    return args


def _imports(stack_env: dict[str, str], runs: int, cold_runs: int) -> dict:
    from tqdm import tqdm

    modules = imports.function_modules()
    with tqdm(total=(runs + cold_runs) * (len(modules) + 1), desc="import timing", unit="proc",
              file=sys.stderr, dynamic_ncols=True) as bar:
        result = imports.measure(stack_env, runs=runs, cold_runs=cold_runs, progress=bar.update)
    for name, fig in result.items():
        if name.startswith("functions.") and "error" not in fig:
            fig["target"] = IMPORT_TARGET
            fig["met"] = fig["ratio"] is not None and fig["ratio"] <= IMPORT_TARGET
    return result


def _measure_sizes(args: argparse.Namespace, stack: Any, results: dict) -> None:
    from chalice.test import Client
    from tqdm import tqdm

    from bench import local, workload
    from chalicelib.core.config import get_settings

    settings = get_settings()
    bare_get, bare_list = workload.bare_models(settings.table_name("societies"), settings.region,
                                               settings.aws_endpoint_url, local.MOTO_READ_TIMEOUT)
    targets = workload.Targets.pick(args.sizes[0])
    results["targets_used"] = {"district": targets.district, "village": targets.village,
                               "reg_nos": list(targets.reg_nos)}
    have = 0
    with Client(stack.app, stage_name="local", project_dir=str(ROOT)) as client:
        driver = workload.Driver(client, targets, bare_get, bare_list)
        for size in args.sizes:
            seconds = local.seed(have, size, f"seeding {have:,}→{size:,} societies")
            results["seeding"][str(size)] = {"added": size - have, "seconds": round(seconds, 1),
                                             "per_second": round((size - have) / seconds, 1)}
            have = size
            # moto's tables now live in this process's heap; keep the collector off them so
            # its full passes do not land on whichever request happens to be timed
            gc.collect()
            gc.freeze()
            ops = workload.operations(driver, stack.counter)
            results["ddb"][str(size)] = ops
            contenders = driver.contenders()
            warm = {name: fig["seconds"] for name, fig in ops.items()}
            with tqdm(total=args.requests, desc=f"latency at {size:,}", unit="round", file=sys.stderr,
                      dynamic_ncols=True) as bar:
                samples = workload.latency(contenders, args.requests, args.warmup, args.budget, warm,
                                           progress=bar.update)
            results["latency"][str(size)] = _latency_figures(samples)


def _measure_grievances(args: argparse.Namespace, stack: Any, results: dict) -> None:
    from bench import grievances, local
    from chalicelib.core.config import get_settings

    settings = get_settings()
    bare = grievances.bare_model(settings.table_name("grievances"), settings.region, settings.aws_endpoint_url,
                                 local.MOTO_READ_TIMEOUT)
    section = grievances.Section(stack.app, stack.counter, bare, args.grievance_sizes, args.requests,
                                 args.warmup, args.budget, ROOT)
    results["grievances"] = section.run()


def _measure(args: argparse.Namespace, port: int, results: dict) -> None:
    """The societies and grievances sections share one embedded moto (their tables are apart)."""
    from bench import local

    stack = local.start(port)
    try:
        results["config"]["ddb_read_timeout_s"] = {"app": stack.app_read_timeout, "bench": local.MOTO_READ_TIMEOUT}
        if "societies" in args.sections:
            _measure_sizes(args, stack, results)
        if "grievances" in args.sections:
            _measure_grievances(args, stack, results)
    finally:
        stack.stop()


def _latency_figures(samples: dict[str, list[float]]) -> dict:
    figures = {name: summary(values) for name, values in samples.items()}
    base_get = figures[BARE_GET]["median_ms"]
    base_query = figures[BARE_QUERY]["median_ms"]
    for name, fig in figures.items():
        fig["x_bare_get"] = ratio(fig["median_ms"], base_get)
        fig["p90_x_bare_get_p90"] = ratio(fig["p90_ms"], figures[BARE_GET]["p90_ms"])
        if name == LIST:
            fig["x_bare_query"] = ratio(fig["median_ms"], base_query)
        if name == GET_BY_KEY:
            fig["target"] = GET_TARGET
            fig["met"] = fig["x_bare_get"] is not None and fig["x_bare_get"] <= GET_TARGET
    return figures


def _compare_ops(results: dict, sizes: list[int]) -> None:
    ddb = results["ddb"]
    first = ddb[str(sizes[0])]
    ddb["identical"] = {name: all(ddb[str(s)][name]["operations"] == first[name]["operations"] for s in sizes)
                        for name in first}


def _summary_lines(results: dict, args: argparse.Namespace) -> list[str]:
    lines = [""]
    if "imports" in args.sections:
        imp = results["imports"]
        slow = [n for n, f in imp.items() if n.startswith("functions.") and not f.get("met")]
        lines.append(f"{report.OK if not slow else report.FAIL} imports: "
                     + (f"every functions/*.py within {IMPORT_TARGET}× the baseline" if not slow else
                        "over " + f"{IMPORT_TARGET}×: " + ", ".join(
                            f"{n} {report.fmt_ratio(imp[n].get('ratio'))}" for n in slow)))
    if "societies" in args.sections:
        lines += _societies_lines(results, args.sizes)
    if "grievances" in args.sections:
        lines += grievance_lines(results["grievances"], args.grievance_sizes)
    lines += ["", "Notes:"] + [f"- {n}" for n in results["notes"]]
    lines.append(f"Results: {results['out']}  (total {results['total_seconds']:.0f} s)")
    return lines


def _societies_lines(results: dict, sizes: list[int]) -> list[str]:
    lines = []
    for size in sizes:
        fig = results["latency"][str(size)][GET_BY_KEY]
        lines.append(f"{report.OK if fig['met'] else report.FAIL} GET by key at {size:,}: "
                     f"{report.fmt_ratio(fig['x_bare_get'])} the bare get (median {report.fmt_ms(fig['median_ms'])}"
                     f" vs {report.fmt_ms(results['latency'][str(size)][BARE_GET]['median_ms'])} ms; "
                     f"target ≤{GET_TARGET}×)")
    same = results["ddb"]["identical"]
    lines.append(f"{report.OK if all(same.values()) else report.FAIL} DynamoDB operations per request identical "
                 f"at {' and '.join(f'{s:,}' for s in sizes)}: {sum(same.values())}/{len(same)} requests")
    for size, seed in results["seeding"].items():
        lines.append(f"  seeding to {int(size):,}: {seed['added']:,} societies in {seed['seconds']:.0f} s "
                     f"({seed['per_second']:.0f}/s)")
    return lines


def grievance_lines(section: dict, sizes: list[int]) -> list[str]:
    from bench.grievances import BARE, GET, POST

    sweep, lat = section["sweep"], section["latency"]
    at = " and ".join(f"{s:,}" for s in sizes)
    first = sweep[str(sizes[0])]
    lines = [f"{report.OK if sweep['same'] else report.FAIL} escalation sweep, {section['due']} due among {at} "
             f"open grievances: {'the same' if sweep['same'] else 'DIFFERENT'} DynamoDB operations "
             f"({report.fmt_ops(first['operations'])}; {first['items_read']} items read)"
             + ("" if sweep["same"] else " vs " + "; ".join(
                 f"{report.fmt_ops(sweep[str(s)]['operations'])}, {sweep[str(s)]['items_read']} read"
                 for s in sizes[1:])) + "; wall "
             + " vs ".join(f"{sweep[str(s)]['seconds']:.2f} s" for s in sizes)]
    for name in (POST, GET):
        lines.append(f"  {name}: " + "; ".join(
            f"at {s:,} median {report.fmt_ms(lat[str(s)][name]['median_ms'])} ms, p90 "
            f"{report.fmt_ms(lat[str(s)][name]['p90_ms'])} ms = {report.fmt_ratio(lat[str(s)][name]['x_bare_get'])}"
            f" the bare GetItem ({report.fmt_ms(lat[str(s)][BARE]['median_ms'])} ms)" for s in sizes))
    same = section["ddb"]["identical"]
    lines.append(f"{report.OK if all(same.values()) else report.FAIL} grievance DynamoDB operations identical "
                 f"at {at}: {sum(same.values())}/{len(same)} (requests and the sweep)")
    for size, fill in section["filling"].items():
        lines.append(f"  filling to {int(size):,}: {fill['added']:,} grievances written directly in "
                     f"{fill['seconds']:.0f} s ({fill['per_second'] or 0:.0f}/s)")
    return lines


def _notes(results: dict, args: argparse.Namespace) -> list[str]:
    notes = []
    if "societies" in args.sections:
        sizes = args.sizes
        lat = results["latency"]
        grow = ratio(lat[str(sizes[-1])][LIST]["median_ms"], lat[str(sizes[0])][LIST]["median_ms"])
        notes += [
            "moto artefact, not ours: moto answers every Query (on a GSI and on the base table alike) by walking "
            f"every item of the table, so query latency grows with the table ({report.fmt_size(sizes[0])}→"
            f"{report.fmt_size(sizes[-1])}: the list page got {report.fmt_ratio(grow)} slower) although each "
            "request makes the same operations and reads the same items. In DynamoDB a Query costs what it "
            "returns. The bare GSI query beside the list shows the same growth with no app code; compare their "
            "ratio.",
            f"The bench raises the DynamoDB read timeout from the app's "
            f"{results['config']['ddb_read_timeout_s']['app']} s to {results['config']['ddb_read_timeout_s']['bench']}"
            " s (app and bare models alike): moto's table walk makes a search Query at 50,000 societies take "
            "longer than 10 s, which would end in a 500 here.",
        ]
    if "grievances" in args.sections:
        from bench.grievances import notes as grievance_notes

        notes += grievance_notes(results["grievances"])
    if "societies" in args.sections or "grievances" in args.sections:
        notes += [
            "Latency is in-process: chalice.test.Client → app → botocore → HTTP on loopback → moto in this "
            "process (the GIL is shared), so absolute ms are moto's; the ratios to the bare pynamodb calls made "
            "in the same interleaved rounds are the figures to watch.",
            f"A contender stops after {results['config']['budget_s']:.0f} s per size (its n says how many it got); "
            "slow moto queries at the large size get few samples, read their median loosely.",
            "The bench's moto backs a TransactWriteItems up by keeping the items it touches (stack/moto_tx.py) "
            "instead of moto's deep copy of every table it names, once per action: with the copy a filing took "
            "2-3 s at 1,000 grievances already (on this shared machine), growing with the table.",
        ]
    if "imports" in args.sections:
        notes.append(
            "Imports: time to import the module in a fresh interpreter (interpreter start-up excluded). The target "
            "is judged with bytecode cached for everything (private PYTHONPYCACHEPREFIX). 'no .pyc (Lambda)' "
            "compiles every module from source, as a cold start does on Lambda (`make package` ships no .pyc; "
            "/var/task is read-only), so there every extra line of source imported costs compile time too. The "
            "floor row is what any API function of this stack imports at the least (pynamodb's models, pydantic's "
            "BaseModel): a reading aid, no target. 'imports beyond the floor': python -X importtime self times by "
            "top-level package (the profiler inflates them; read them as shares).")
    notes.append(f"Load average at start {results['machine']['load_average_at_start']}, at end "
                 f"{results['machine']['load_average_at_end']} on {results['machine']['nproc']} CPUs: medians, "
                 "not means.")
    return notes


def _tables(results: dict, args: argparse.Namespace) -> list[report.Table]:
    tables = []
    if "imports" in args.sections:
        tables.append(report.import_table(results["imports"], IMPORT_TARGET))
    if "societies" in args.sections:
        tables += [report.latency_table(results["latency"], args.sizes, GET_TARGET),
                   report.ops_table(results["ddb"], args.sizes)]
    if "grievances" in args.sections:
        section, sizes = results["grievances"], args.grievance_sizes
        tables += [
            report.latency_table(section["latency"], sizes, None,
                                 "(d) Grievances, latency in ms (sizes are open grievances; ×get = median ÷ the "
                                 "bare pynamodb GetItem of a grievance item, same rounds)"),
            report.ops_table(section["ddb"], sizes, "(e) Grievances: DynamoDB per request, and the whole sweep"),
            report.sweep_table(section["sweep"], sizes),
        ]
    return tables


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    from bench.local import PREFIX
    from stack.env import free_port, local_aws_env

    port = free_port()
    stack_env = local_aws_env(port, prefix=PREFIX)
    results: dict = {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "config": {"sections": args.sections, "sizes": args.sizes, "grievance_sizes": args.grievance_sizes,
                   "requests": args.requests, "warmup": args.warmup,
                   "budget_s": args.budget, "import_runs": args.import_runs,
                   "import_runs_no_pyc": args.no_pyc_runs, "quick": args.quick,
                   "units": "milliseconds unless named otherwise"},
        "targets": {"import_ratio": IMPORT_TARGET, "get_by_key_ratio": GET_TARGET,
                    "ddb_ops": "identical at every size", "grievance_sweep_ops": "identical at every size"},
        "seeding": {}, "ddb": {}, "latency": {},
    }
    # Imports first, in child processes with the local stack's env and no AWS endpoint up yet:
    # a module that called AWS at import would fail here.
    if "imports" in args.sections:
        results["imports"] = _imports(stack_env, args.import_runs, args.no_pyc_runs)
    if "societies" in args.sections or "grievances" in args.sections:
        _measure(args, port, results)
    if "societies" in args.sections:
        _compare_ops(results, args.sizes)
    standalone_failed = _standalone(args)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["notes"] = _notes(results, args)
    results["out"] = str(args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    report.render(_tables(results, args), _summary_lines(results, args))
    failed = [n for n, f in results.get("imports", {}).items() if "error" in f]
    if failed:
        print(f"error: import failed for {', '.join(failed)}", file=sys.stderr)
        return 1
    return 1 if standalone_failed else 0


def _standalone(args: argparse.Namespace) -> list[str]:
    """Run the sections that are programs of their own; their figures print as they go and land
    in their own results files. Returns the names of those that failed."""
    import subprocess

    failed = []
    for name, (module, size_flag, attr) in STANDALONE.items():
        if name not in args.sections:
            continue
        print(f"\n== {name}: python -m {module} {size_flag} {getattr(args, attr)}", flush=True)
        done = subprocess.run([sys.executable, "-m", module, size_flag, getattr(args, attr)], cwd=ROOT, check=False)
        if done.returncode != 0:
            failed.append(name)
            print(f"error: the {name} bench exited {done.returncode}", file=sys.stderr)
    return failed


if __name__ == "__main__":
    sys.exit(main())
