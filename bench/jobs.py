"""The scheduled jobs (issue 18): the DynamoDB operations of one run of every scheduled handler
(found by stack.jobs as the template deploys them, called as Lambda calls them) at two sizes, and
the monthly obligations walk with its time budget at the larger one.

Sizes are registered societies AND open grievances (none of them due). With nothing due, a run
must cost the same at both sizes: a job whose operations grow with the table reads what is not
due. The obligations walk is the exception by design: every society is due an obligation once a
year, so its work is per society; what must hold there is that one run stays inside its budget
and the next resumes (filings.obligations_job). The due-work case of the escalation sweep is
measured in the grievances section (exactly 100 due at two sizes), the ledger processor's in the
subvention section.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from bench import grievances as g
from bench import report
from bench.context import Context, table_dict

SIZES = {"smoke": [30, 90], "quick": [1000, 5000], "full": [1000, 40_000]}
NOW = g.T0 + g.timedelta(days=4, hours=2)   # every filler grievance filed, none due yet
WALK = "yearly_obligations"


def _reset_walk() -> None:
    """Forget this month's obligations walk (bench only), so the next run walks the registry again."""
    from chalicelib.core import clock
    from chalicelib.filings import store

    month = clock.now().astimezone(clock.IST).strftime("%Y-%m")
    job = store.get_job(month)
    if job is not None:
        job.delete()


def _run(job: Any, counter: Any) -> dict:
    from chalicelib.core import masterstore
    from stack import jobs

    masterstore.clear_cache()   # a cold container each run: counts that do not hang on the master-data TTL
    counter.reset()
    started = time.perf_counter()
    outcome = jobs.run_once(job, NOW)
    took = time.perf_counter() - started
    figures = {"operations": dict(sorted(counter.operations.items())), "total": counter.total,
               "items_read": counter.items_read, "seconds": round(took, 3),
               "outcome": outcome if isinstance(outcome, dict) else str(outcome)}
    counter.reset()
    return figures


def _walk(job: Any, counter: Any, budget: float | None) -> dict:
    """The obligations walk to its end, run after run (with the scheduled function's budget, or `budget`)."""
    from chalicelib.filings import service

    runs = []
    _reset_walk()
    while True:
        counter.reset()
        started = time.perf_counter()
        done = service.yearly_obligations() if budget is None else service.yearly_obligations(budget)
        runs.append({"seconds": round(time.perf_counter() - started, 2), "societies": done["societies"],
                     "created": done["created"], "total": counter.total,
                     "operations": dict(sorted(counter.operations.items()))})
        if done["done"] or len(runs) > 500:
            break
    counter.reset()
    walked = sum(r["societies"] for r in runs)
    ops = sum(r["total"] for r in runs)
    return {"runs": len(runs), "societies": walked, "created": sum(r["created"] for r in runs),
            "operations_total": ops, "operations_per_society": round(ops / walked, 3) if walked else None,
            "longest_run_s": max(r["seconds"] for r in runs), "per_run": runs[:20]}


def section(ctx: Context) -> dict:
    from bench import local
    from chalicelib.filings import service as filings
    from chalicelib.grievances import service as grievances
    from chalicelib.lokseva import service as lokseva
    from infra.resources import create_local
    from stack import jobs

    stack = ctx.stack()
    create_local()
    sizes = ctx.sizes("jobs", SIZES)
    found = [j for j in jobs.discover_jobs()]
    results: dict[str, Any] = {"sizes": sizes, "now": NOW.isoformat(), "runs": {}, "walk": {}, "filling": {}}
    filler = g.Filler()
    have = 0
    with g.BenchClock() as clock:
        clock.at(NOW)
        grievances.seed_master_data("bench")
        filings.seed_master_data("bench")
        lokseva.seed_master_data("bench")
        for job in found:                # warm: imports, clients, master-data copies; first-time work
            jobs.run_once(job, NOW)
        for size in sizes:
            seconds = local.seed(have, size, f"seeding societies to {size:,}")
            seconds += filler.write(size - have, f"writing open grievances to {size:,}")
            have = size
            results["filling"][str(size)] = {"seconds": round(seconds, 1)}
            gc.collect()
            gc.freeze()
            _reset_walk()
            results["runs"][str(size)] = {job.name: _run(job, stack.counter) for job in found}
            budget = None if ctx.profile == "full" else (1.0 if ctx.profile == "smoke" else 10.0)
            results["walk"][str(size)] = _walk(next(j for j in found if j.name == WALK), stack.counter, budget)
            results["walk"][str(size)]["budget_s"] = budget or 45.0
    first = results["runs"][str(sizes[0])]
    results["same"] = {name: all(results["runs"][str(s)][name]["operations"] == first[name]["operations"]
                                 for s in sizes) for name in first}
    return {"figures": results, "tables": [table_dict(_table(results, sizes)), table_dict(_walk_table(results, sizes))],
            "lines": _lines(results, sizes), "notes": _notes(results)}


def _table(results: dict, sizes: list[int]) -> report.Table:
    headers = ["scheduled job (one run, nothing due)"]
    for size in sizes:
        s = report.fmt_size(size)
        headers += [f"{s} DynamoDB ops", f"{s} items read", f"{s} s"]
    headers.append("same ops")
    table = report.Table("Scheduled jobs: DynamoDB operations of one run at two sizes (sizes are registered "
                         "societies and open grievances, none due)", headers,
                         right={i for i, h in enumerate(headers) if h.endswith(("read", " s"))})
    for name in results["runs"][str(sizes[0])]:
        row = [name]
        for size in sizes:
            fig = results["runs"][str(size)][name]
            row += [f"{fig['total']}: {report.fmt_ops(fig['operations'])}", str(fig["items_read"]),
                    f"{fig['seconds']:.2f}"]
        same = results["same"][name]
        row.append(report.OK if same else ("per society (by design)" if name == WALK else report.FAIL))
        table.rows.append(row)
    return table


def _walk_table(results: dict, sizes: list[int]) -> report.Table:
    table = report.Table("The monthly obligations walk to its end, run after run (filings.obligations_job)",
                         ["societies", "budget s", "runs", "walked", "created", "DynamoDB ops", "ops / society",
                          "longest run s"], right=set(range(8)))
    for size in sizes:
        w = results["walk"][str(size)]
        table.rows.append([f"{size:,}", f"{w['budget_s']:.0f}", str(w["runs"]), f"{w['societies']:,}",
                           f"{w['created']:,}", f"{w['operations_total']:,}", str(w["operations_per_society"]),
                           f"{w['longest_run_s']:.1f}"])
    return table


def _lines(results: dict, sizes: list[int]) -> list[str]:
    names = [n for n in results["same"] if n != WALK]
    same = [n for n in names if results["same"][n]]
    out = [f"{report.OK if len(same) == len(names) else report.FAIL} scheduled jobs with nothing due: the same "
           f"operations at {' and '.join(f'{s:,}' for s in sizes)} for {len(same)}/{len(names)}"
           + ("" if len(same) == len(names) else " (not: " + ", ".join(n for n in names if n not in same) + ")")]
    big = results["walk"][str(sizes[-1])]
    out.append(f"{report.OK if big['longest_run_s'] <= 60 else report.FAIL} obligations walk at {sizes[-1]:,} "
               f"societies: {big['runs']} runs of at most {big['budget_s']:.0f} s budget (longest "
               f"{big['longest_run_s']:.1f} s), {big['operations_per_society']} DynamoDB ops per society")
    return out


def _notes(results: dict) -> list[str]:
    return [
        "Jobs: every handler stack.jobs finds (as the template deploys them) is run once per size with the app's "
        f"clock at {results['now']} (the bench's grievances were all filed, none due). Before each size the "
        "month's obligations walk is forgotten so that it walks the registry again; its one-run figure in the "
        "first table is the first run of that walk (its work grows with the registry by design: every society "
        "is due its obligation), the second table follows it to the end.",
        "The walk's budget: 45 s in a full run (the scheduled function's), shorter in quick and smoke runs so "
        "that resuming is exercised at small sizes; runs are back to back here, 10 minutes apart when deployed.",
    ]
