"""Bulk allocation: every society of a district allotted at once, with a report of what could not
be allotted and why.

Reads: the district's societies through societies.public (paged district index), this year's and
the last N years' allotments of the district (our by_district index), the pool and its loads.
Writes: transactions of up to 100 items (an allotment, its history entry, and each auditor's load
raised only while within capacity), so a chunk lands whole or not at all; a chunk refused because
someone else wrote meanwhile is retried without the societies or auditors that changed.
"""

from __future__ import annotations

from collections import Counter

from chalicelib.audits import domain, service, store
from chalicelib.core import clock, ids, notify
from chalicelib.core.auth import Principal
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import NotFound
from chalicelib.societies import public as societies

ATTEMPTS = 3
REPORT_LIMIT = 100   # not-allotted lines in the answer; the run keeps them all
SOCIETY_PAGE = 1000  # societies read per Query


def _chunks(pairs: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Split (reg_no, auditor) pairs so each transaction holds 2 items a society + 1 per auditor
    + 1 for the district's allotted counter (a run is one district's)."""
    chunks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    keys: set[str] = set()
    for reg_no, key in pairs:
        if 2 * (len(current) + 1) + len(keys | {key}) + 1 > store.TX_ITEMS:
            chunks.append(current)
            current, keys = [], set()
        current.append((reg_no, key))
        keys.add(key)
    if current:
        chunks.append(current)
    return chunks


def _commit(chunk: list[tuple[str, str]], found: dict[str, dict], info: dict[str, service.Who],
            capacity: dict[str, int], year: str, actor: str, moment: str,
            run_id: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Write one chunk; returns (allotted pairs, (reg_no, reason) lost to concurrent writers)."""
    pending, lost = list(chunk), []
    for _ in range(ATTEMPTS):
        items = [service.new_allotment(year, found[r], k, info[k].name, actor, moment, run_id) for r, k in pending]
        counts = Counter(k for _, k in pending)
        try:
            store.allot(items, {k: (n, capacity[k]) for k, n in counts.items()})
            return pending, lost
        except store.LoadConflict as exc:
            if store.landed(items[0][0]):     # an earlier try of this very chunk had landed after all
                return pending, lost
            regs = {w.split(":", 1)[1] for w in exc.which if w.startswith("allot:")}
            keys = {w.split(":", 1)[1] for w in exc.which if w.startswith("load:")}
            if not regs and not keys:
                break
            lost += [(r, domain.CONCURRENT_CHANGE) for r, k in pending if r in regs or k in keys]
            pending = [(r, k) for r, k in pending if r not in regs and k not in keys]
            if not pending:
                return [], lost
    return [], lost + [(r, domain.CONCURRENT_CHANGE) for r, _ in pending]


def _district_societies(district: str) -> dict[str, dict]:
    """Every society of the district, read a page at a time through societies' public functions."""
    found: dict[str, dict] = {}
    start = None
    while True:
        items, start = societies.district_page(district, SOCIETY_PAGE, start)
        found.update((s["reg_no"], s) for s in items)
        if start is None:
            return found


def allocate_district(who: Principal, year: str, district: str, firms: list[str] | None,
                      auditors: list[str] | None) -> dict:
    domain.check_year(year)
    domain.authorize_allot(who, district)
    rules = service.settings()
    firm_pool, firm_info = service.firm_candidates(year, firms)
    dept_pool, dept_info = service.auditor_candidates(district, auditors)
    candidates = service.with_loads(year, firm_pool + dept_pool)
    info = {**firm_info, **dept_info}
    capacity = {c.key: c.capacity for c in candidates}

    found = _district_societies(district)
    already = set(store.district_auditors_by_society(year, district))
    years = domain.previous_years(year, rules.max_consecutive_years)
    past = [store.district_auditors_by_society(y, district) for y in years]
    prior = {r: [p.get(r) for p in past] for r in found if any(r in p for p in past)}
    plan = domain.plan(list(found), already, candidates, prior, rules.max_consecutive_years)

    run_id, moment = ids.new_id(), clock.iso(clock.now())
    allotted: list[tuple[str, str]] = []
    missed = [m for m in plan.missed if m[1] != domain.ALREADY_ALLOTTED]
    for chunk in _chunks(sorted(plan.allot.items())):
        done, lost = _commit(chunk, found, info, capacity, year, who.subject, moment, run_id)
        allotted += done
        missed += lost
    missed.sort()

    per_auditor = Counter(k for _, k in allotted)
    messages = [m for key, n in sorted(per_auditor.items()) for m in service.allotted_sms(info[key], year, district, n)]
    summary = {
        "societies": len(found), "allotted": len(allotted), "already_allotted": len(already & set(found)),
        "not_allotted": len(missed), "reasons": dict(sorted(Counter(r for _, r in missed).items())),
        "by_auditor": [{"auditor": c.key, "name": info[c.key].name, "allotted": per_auditor.get(c.key, 0),
                        "capacity": c.capacity, "load": c.load - plan_load_gap(c.key, plan, per_auditor)}
                       for c in sorted(candidates, key=lambda c: c.key)],
    }
    run = store.RunItem(pk=store.run_pk(run_id), run_id=run_id, year=year, district=district, run_by=who.subject,
                        run_at=moment, summary=summary)
    store.save_run(run, missed, messages)
    notify.deliver(messages)
    first = [{"reg_no": r, "reason": reason} for r, reason in missed[:REPORT_LIMIT]]
    return {**_run_head(run), "items": first, "complete": len(missed) <= REPORT_LIMIT}


def plan_load_gap(key: str, plan: domain.Plan, written: Counter) -> int:
    """Planned but not written (lost to a concurrent writer): the candidate's load counted them."""
    planned = sum(1 for k in plan.allot.values() if k == key)
    return planned - written.get(key, 0)


def _run_head(run: store.RunItem) -> dict:
    return {"run_id": run.run_id, "year": run.year, "district": run.district, "run_by": run.run_by,
            "run_at": run.run_at, **run.summary}


def get_run(who: Principal, year: str, run_id: str, limit: int, cursor: str | None) -> dict:
    """A run's summary and its not-allotted lines, a page at a time."""
    domain.check_year(year)
    run = store.get_run(run_id)
    if run is None or run.year != year:
        raise NotFound("RUN_NOT_FOUND", run_id=run_id)
    domain.authorize_view_district(who, run.district)
    scope = f"run:{run_id}"
    items, last = store.missed_page(run_id, limit, decode_cursor(cursor, scope))
    return {**_run_head(run), "items": [{"reg_no": i.reg_no, "reason": i.reason} for i in items],
            "next": encode_cursor(last, scope)}
