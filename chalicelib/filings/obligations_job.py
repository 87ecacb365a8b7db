"""The scheduled obligations walk: every society of every district owes the last closed year's
returns; the walk creates what is missing, page by page, within a time budget, and saves where
it stands after every page (JOB#obligations / <YYYY-MM>), so the next run resumes there instead
of starting again. Each IST month walks once (societies registered since last month get theirs);
once the month's walk is done, a run costs one GetItem.

Like the ledger processor (subvention.ledger), a run stops itself well inside the Lambda's limit:
the scheduled function gives it 45 of its 60 seconds.
"""

from __future__ import annotations

import json
import time

from chalicelib.core import clock, geo
from chalicelib.core.errors import Conflict
from chalicelib.filings import store

BUDGET_SECONDS = 45.0
monotonic = time.monotonic   # the budget's clock (a test runs it faster)


def run(prepare, page_size: int, budget_seconds: float = BUDGET_SECONDS,  # noqa: ANN001
        create_page=None) -> dict:  # noqa: ANN001
    """Advance this month's walk as far as the budget allows; returns what this run did.
    prepare() -> (financial year, required return types), read only when there is work;
    create_page(rows, fy, required, moment) -> obligations created."""
    deadline = monotonic() + budget_seconds
    now = clock.now()
    month = now.astimezone(clock.IST).strftime("%Y-%m")
    job = store.get_job(month)
    if job is not None and job.done:
        return {"financial_year": job.financial_year, "month": month, "societies": 0, "created": 0,
                "done": True, "district": None}
    fy, required = prepare()
    job = job or store.JobItem(sk=month, financial_year=fy, updated_at=clock.iso(now))
    done = {"financial_year": job.financial_year, "month": month, "societies": 0, "created": 0}
    districts = [d["code"] for d in geo.districts()]
    moment = clock.iso(now)
    from chalicelib.societies import public as societies

    job.runs = int(job.runs or 0) + 1
    while int(job.district_index) < len(districts):
        if monotonic() >= deadline:
            break
        district = districts[int(job.district_index)]
        start = json.loads(job.cursor) if job.cursor else None
        rows, start = societies.district_page(district, page_size, start)
        created = create_page(rows, job.financial_year, required, moment)
        done["societies"] += len(rows)
        done["created"] += created
        job.societies = int(job.societies or 0) + len(rows)
        job.created = int(job.created or 0) + created
        if start:
            job.cursor = json.dumps(start, sort_keys=True)
        else:
            job.district_index, job.cursor = int(job.district_index) + 1, None
        job.done = int(job.district_index) >= len(districts)
        job.updated_at = clock.iso(clock.now())
        try:
            store.save_job(job)    # the resume point, after every page
        except Conflict:           # another run walks this month now: it carries on from here
            return {**done, "done": False, "district": district, "conflict": True}
    at = districts[int(job.district_index)] if not job.done else None
    return {**done, "done": bool(job.done), "district": at, "runs": int(job.runs),
            "month_societies": int(job.societies), "month_created": int(job.created),
            "deadline_reached": not job.done}

