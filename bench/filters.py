"""Officers' grievance search (issue 16): the DynamoDB operations of each filter's first page at
two table sizes (default 1,000 and 100,000 grievances); they must be the same.

    python -m bench.filters --sizes 1000,100000

Grievances are written straight into moto (the store's own index keys, store._derive) across ten districts,
seven categories, four levels, a few societies and 40 days of filing; each filter is asked by
Bhopal's district officer through the service (search.search), so the figures are the search's
own operations (a request adds identity's session check, one GetItem, at every size alike; "within 48 h" reads
the warning window from master data, one GetItem, until master data is cached per container).
Results: bench/filters_results.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "filters_results.json"
NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
DISTRICTS = ("bhopal", "indore", "jabalpur", "gwalior", "ujjain", "sagar", "rewa", "raisen", "sehore", "dewas")
CATEGORIES = (("society_management", "coop"), ("membership", "coop"), ("election", "coop"), ("audit", "coop"),
              ("housing", "coop"), ("crop_loan", "dccb"), ("deposit", "dccb"))
STATUSES = ("OPEN", "IN_PROGRESS", "OPEN", "RESOLVED", "CLOSED")
SOCIETY = "BPL-2001-00001"
MOBILE = "7000000007"          # the complainant whose grievances the mobile filter looks for
PAGE = 50


def _urn(n: int) -> str:
    from chalicelib.core import ids

    body = f"{500_000_000 + n:09d}"
    return body + ids.luhn_check_digit(body)


def _item(n: int, secret: str):
    from chalicelib.core import clock, geo
    from chalicelib.grievances import domain, store

    district = DISTRICTS[(n // 7) % len(DISTRICTS)]
    category, office = CATEGORIES[(n // 70) % len(CATEGORIES)]
    status = STATUSES[n % len(STATUSES)]
    created = NOW - timedelta(days=40) + timedelta(minutes=(n * 37) % (40 * 24 * 60))
    due = created + timedelta(days=7)
    mobile = MOBILE if n % 97 == 0 else str(8_000_000_000 + n)
    moment = clock.iso(created)
    active = status in domain.ACTIVE
    item = store.new_grievance(
        urn=_urn(n), type="complaint", category=category, office=office, district=district,
        division=geo.division_of(district), subject="वार्षिक आमसभा नहीं हुई", description="bench",
        society_reg_no=SOCIETY if district == "bhopal" and n % 7 == 0 else None, documents=[], mobile=mobile,
        owner_key=domain.owner_key(secret, mobile), lang="hi", source="web", filed_by="bench", status=status,
        level=1 + (n // 5) % 4, assignee=f"dr.{district}", due_at=clock.iso(due), level_started_at=moment,
        disposed_at=None if active else clock.iso(due), created_at=moment, updated_at=moment, version=1)
    store._derive(item, active)   # noqa: SLF001 - the store's own index keys, as every write sets them
    return item


def seed(have: int, want: int) -> float:
    """Write grievances [have, want) straight into the embedded moto's table (this process's
    backend: no HTTP per batch, so 100,000 fit in minutes on a busy machine). The reads measured
    after it go through boto3 and the counter as every request's do."""
    import gc

    from moto.backends import get_backend
    from tqdm import tqdm

    from chalicelib.core.config import get_settings
    from chalicelib.grievances import store
    from stack import moto_speed

    started = time.perf_counter()
    settings = get_settings()
    secret = settings.signing_secret.get_secret_value()
    backend = get_backend("dynamodb")["123456789012"][settings.region]
    table = backend.get_table(settings.table_name(store.SERVICE))
    with tqdm(total=want - have, desc=f"grievances {have:,}→{want:,}", unit="grv", file=sys.stderr,
              dynamic_ncols=True, mininterval=1) as bar:
        for start in range(have, want, 1000):
            chunk = range(start, min(want, start + 1000))
            for n in chunk:
                table.put_item(_item(n, secret).serialize())
            bar.update(len(chunk))
            gc.freeze()     # moto's items are long-lived: keep them out of the collector's full passes
    moto_speed.note_request("PutItem")   # its per-index maps are rebuilt on the next Query
    return time.perf_counter() - started


def _society() -> None:
    from chalicelib.societies import store

    store.SocietyItem(pk=f"SOC#{SOCIETY}", reg_no=SOCIETY, name_hi="ग्राम सेवा सहकारी समिति", name_en="Gram Seva",
                      type="pacs", district="bhopal", division="bhopal", district_type="pacs#bhopal",
                      sort_name="gram seva", address="भोपाल", registered_on="2001-04-01", mobile="9300000001",
                      created_at="2001-04-01T00:00:00Z").save()


def filters() -> dict[str, dict]:
    """The filters measured: name → query parameters (a district officer of Bhopal)."""
    return {
        "district (none)": {},
        "urn (whole)": {"urn": _urn(0)},
        "urn (last 4)": {"urn": _urn(3)[-4:]},
        "mobile": {"mobile": MOBILE},
        "society": {"society": SOCIETY},
        "office": {"office": "dccb"},
        "category": {"category": "membership"},
        "status": {"status": "IN_PROGRESS"},
        "level": {"level": 2},
        "filed-date range": {"filed_from": "2026-11-01", "filed_to": "2026-11-10"},
        "overdue": {"due": "overdue"},
        "within 48 h": {"due": "near"},
        "inbox (assigned=me)": {"assigned": "me"},
        "inbox+category": {"assigned": "me", "category": "membership"},
        "category+status+dates": {"category": "audit", "status": "OPEN", "filed_from": "2026-10-25"},
    }


def _query(params: dict):
    from datetime import date

    fields = {name: None for name in ("assigned", "district", "urn", "mobile", "society", "office", "category",
                                      "status", "level", "due", "filed_from", "filed_to", "next")}
    fields.update(params)
    for name in ("filed_from", "filed_to"):
        if fields[name]:
            fields[name] = date.fromisoformat(fields[name])
    return SimpleNamespace(limit=PAGE, **fields)


def measure(counter) -> dict:
    from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
    from chalicelib.grievances import search

    officer = Principal("dr.bhopal", Role.OFFICER, Jurisdiction(Level.DISTRICT, "bhopal"))
    search._near_hours()              # noqa: SLF001 - master data read once, outside the counts
    found = {}
    for name, params in filters().items():
        counter.reset()
        page = search.search(officer, _query(params))
        found[name] = {"operations": dict(sorted(counter.operations.items())), "total": counter.total,
                       "returned": len(page["items"]), "more": bool(page["next"])}
    return found


def run(sizes: list[int], stack) -> dict:
    """Seed up to each size in turn and count one page of every filter; `same`: equal at every size."""
    from chalicelib.core import clock
    from chalicelib.grievances import service

    results: dict = {"sizes": sizes, "page": PAGE, "seeding_s": {}, "ops": {}}
    clock.set_clock(lambda: NOW)
    try:
        service.seed_master_data("bench")
        _society()
        have = 0
        for size in sizes:
            results["seeding_s"][str(size)] = round(seed(have, size), 1)
            have = size
            results["ops"][str(size)] = measure(stack.counter)
    finally:
        clock.set_clock(None)
    first = results["ops"][str(sizes[0])]
    results["same"] = {name: all(results["ops"][str(s)][name]["operations"] == first[name]["operations"]
                                 for s in sizes) for name in first}
    return results


SIZES = {"smoke": [50, 100], "quick": [1000, 10000], "full": [1000, 100000]}


def section(ctx) -> dict:
    """bench.run's `filters` section: DynamoDB operations of one search page per filter, at two sizes."""
    from bench import report
    from bench.context import table_dict

    sizes = ctx.sizes("filters", SIZES)
    results = run(sizes, ctx.stack())
    table = report.Table(f"Officers' grievance search: DynamoDB operations of one page ({PAGE} rows)",
                         ["filter", *(f"{s:,} grievances" for s in sizes), "same"])
    for name, same in results["same"].items():
        table.rows.append([name, *(", ".join(f"{k} {v}" for k, v in results["ops"][str(s)][name]["operations"].items())
                                   for s in sizes), "yes" if same else "NO"])
    out = {"figures": results, "tables": [table_dict(table)]}
    if not all(results["same"].values()):
        out["error"] = "a filter's operations differ between sizes"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    from bench import local

    stack = local.start()
    try:
        results = run(sizes, stack)
    finally:
        stack.stop()
    first, same = results["ops"][str(sizes[0])], results["same"]
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(f"\nOfficers' grievance search: DynamoDB operations of one page ({PAGE} rows) at "
          + " and ".join(f"{s:,}" for s in sizes) + " grievances")
    for name in first:
        figures = [(s, results["ops"][str(s)][name]) for s in sizes]
        cells = "  ".join(f"{s:>7,}: {fig['operations']} rows {fig['returned']:>2}" for s, fig in figures)
        print(f"  {name:<24} {cells}  {'same' if same[name] else 'DIFFERENT'}")
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
