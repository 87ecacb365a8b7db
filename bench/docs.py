"""docs/benchmarks.md from a bench run's results (bench/run.py writes both): the machine, the
date, the load during the run, then each section's tables, verdicts and notes."""

from __future__ import annotations

from bench import report

INTRO = """\
# Benchmarks

Written by `make bench` (`python -m bench.run`; `--quick` for smaller sizes) from the run's
`bench/results.json`: do not edit by hand. Every section runs in a process of its own against an
embedded moto in that process, so absolute milliseconds are moto's on this machine; the figures
to read are the ratios to the bare pynamodb call of the same item measured in the same rounds, and
the DynamoDB operations per request (counted by `stack/ddb_counter.py`), which must not change
with the table's size. `make test` runs every section once at its smallest size
(`tests/bench/test_bench_smoke.py`), so the bench cannot break unnoticed.
"""


def render(results: dict) -> str:
    m = results["machine"]
    load = m["load_average"]
    lines = [INTRO,
             "| run | |", "| --- | --- |",
             f"| date (UTC) | {results['date']} |",
             f"| profile | `{results['profile']}`"
             + (f" with {', '.join(f'{k}={v}' for k, v in results['overrides'].items())}" if results["overrides"]
                else "") + " |",
             f"| machine | {m['nproc']} cores ({m['cpus_usable']} usable), {m['cpu_model'] or 'unknown CPU'} |",
             f"| Python | {m['python']} on {m['platform']} |",
             f"| load average (1 min) during the run | mean {load['mean']}, min {load['min']}, max {load['max']} |",
             f"| total | {results['total_seconds']:,.0f} s"
             + (f" ({results['runs_combined']} runs side by side, combined with `--combine`)"
                if results.get("runs_combined") else "") + " |", ""]
    if results["profile"] != "full" or any(k.endswith(".sizes") for k in results["overrides"]):
        lines += [f"> These figures come from a `{results['profile']}` run"
                  + (" with the sizes overridden" if any(k.endswith(".sizes") for k in results["overrides"]) else "")
                  + ": smaller than `make bench`'s full run (e.g. 1,000 and 100,000 open grievances, 40,000 "
                  "societies for the obligations walk). The sizes are in each table.", ""]
    from bench.run import SECTIONS

    missing = [name for name in SECTIONS if name not in results["sections"]]
    if missing:
        lines += [f"> Not in this run: {', '.join(missing)}.", ""]
    if load["mean"] > 2 * (m.get("cpus_usable") or 1):
        lines += [f"> The machine was loaded well past its {m['cpus_usable']} cores (load average mean "
                  f"{load['mean']}): milliseconds are slow and noisy; read the DynamoDB calls, then the ratios.", ""]
    for name, section in results["sections"].items():
        lines += [f"## {name}", "",
                  f"{section.get('seconds', 0):,.0f} s; load average during it: mean "
                  f"{section['load_average']['mean']}, max {section['load_average']['max']}.", ""]
        if "error" in section:
            lines += [f"**This section broke:** `{section['error']}`", ""]
        for table in section.get("tables", []):
            lines += report.markdown(table)
        if section.get("lines"):
            lines += ["```", *section["lines"], "```", ""]
        for note in section.get("notes", []):
            lines += [f"- {note}"]
        if section.get("notes"):
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
