"""Bulk audit allocation of one district: wall time and DynamoDB operations by type.

    python -m bench.audits_allocation                    # 5,000 societies in one district
    python -m bench.audits_allocation --societies 1000   # quicker, for iterating

Seeds the societies (all in one district) on a private embedded moto, enters the pool (firms
empanelled for every year, the district's departmental auditors), allots the earlier years first
so the measured year reads three years of history (the 3-years-running rule has work to do),
then times POST /audits/{year}/allocations through the app. `measure()` is what bench.run calls
with its own stack; `main()` starts one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

YEAR = "2025-26"
HISTORY = ("2022-23", "2023-24", "2024-25")


def seed_district(count: int, district: str) -> float:
    """`count` synthetic societies, every one in `district` (numbered in that district's series)."""
    from chalicelib.core import geo
    from chalicelib.societies import importer
    from stack.seed_data import societies

    started = time.perf_counter()
    short = geo.district(district)["short"]
    rows = []
    for index, row in enumerate(islice(societies(count), count), start=1):
        year = row["registered_on"][:4]
        rows.append({**row, "district": district, "reg_no": f"{short}-{year}-{index:05d}"})
    report = importer.validate(rows, check_existing=False)
    if report.rejected:
        raise RuntimeError(f"seed rows refused: {report.rejected[:3]}")
    importer.write(report.valid, actor="bench")
    return time.perf_counter() - started


def seed_pool(district: str, firms: int, firm_capacity: int, auditors: int, auditor_capacity: int) -> None:
    from chalicelib.audits import service

    service.seed_master_data("bench")
    for n in range(1, firms + 1):
        frn = f"{n:06d}C"
        service.create_firm("bench", {"frn": frn, "name": f"Bench Firm {n}", "experience_years": 10,
                                      "mobile": f"98{n:08d}", "email": f"firm{n}@example.in", "district": district,
                                      "capacity": firm_capacity,
                                      "partners": [{"name": "Partner", "membership_no": f"{400000 + n}"}]})
        for year in (*HISTORY, YEAR):
            service.empanel_by_order("bench", frn, year, "bench panel")
    for n in range(1, auditors + 1):
        service.create_auditor("bench", {"username": f"aud.{district}{n}", "name": f"Auditor {n}",
                                         "district": district, "capacity": auditor_capacity})


def hq_token() -> str:
    """An HQ officer's session, issued directly (signing in is not what is measured)."""
    from chalicelib.core.auth import Jurisdiction, Principal, Role, issue_token
    from chalicelib.identity import service, store

    user, entry, _ = service.new_account("bench", "bench.rcs", "Bench RCS", "9000000099", Role.OFFICER,
                                         service.Level.STATE, None, "bench")
    store.create_user(user, entry, [])
    return issue_token(Principal("bench.rcs", Role.OFFICER, Jurisdiction(), int(user.token_version or 0)), 3600)


def allocate(client: object, token: str, year: str, district: str, counter: object) -> dict:
    counter.reset()
    started = time.perf_counter()
    response = client.http.post(f"/audits/{year}/allocations", body=json.dumps({"district": district}),
                                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    seconds = time.perf_counter() - started
    if response.status_code != 201:
        raise RuntimeError(f"allocation of {year} failed: {response.status_code} {response.body[:300]!r}")
    body = json.loads(response.body)
    return {"year": year, "seconds": round(seconds, 2), "dynamodb_operations": dict(sorted(counter.operations.items())),
            "dynamodb_total": counter.total, "items_read": counter.items_read,
            "societies": body["societies"], "allotted": body["allotted"], "not_allotted": body["not_allotted"],
            "reasons": body["reasons"]}


def measure(stack: object, societies: int = 5000, district: str = "indore", firms: int = 40,
            firm_capacity: int = 100, auditors: int = 15, auditor_capacity: int = 60) -> dict:
    from chalice.test import Client

    seeded = seed_district(societies, district)
    seed_pool(district, firms, firm_capacity, auditors, auditor_capacity)
    token = hq_token()
    runs = []
    with Client(stack.app, stage_name="local") as client:
        for year in (*HISTORY, YEAR):
            runs.append(allocate(client, token, year, district, stack.counter))
            print(_line(runs[-1]), file=sys.stderr)
    return {"societies": societies, "district": district, "seed_seconds": round(seeded, 1),
            "pool": {"firms": firms, "firm_capacity": firm_capacity, "auditors": auditors,
                     "auditor_capacity": auditor_capacity},
            "first_year": runs[0], "with_history": runs[-1], "runs": runs}


def _line(run: dict) -> str:
    ops = ", ".join(f"{k} {v}" for k, v in run["dynamodb_operations"].items())
    return (f"{run['year']}: {run['seconds']:.2f} s, {run['allotted']}/{run['societies']} allotted "
            f"({run['not_allotted']} not: {run['reasons']}); DynamoDB {run['dynamodb_total']} ops ({ops}), "
            f"{run['items_read']} items read")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.audits_allocation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--societies", type=int, default=5000)
    parser.add_argument("--district", default="indore")
    parser.add_argument("--firms", type=int, default=40)
    parser.add_argument("--firm-capacity", type=int, default=100)
    parser.add_argument("--auditors", type=int, default=15)
    parser.add_argument("--auditor-capacity", type=int, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results-audits-allocation.json")
    args = parser.parse_args(argv)

    from bench import local

    stack = local.start()
    try:
        result = measure(stack, args.societies, args.district, args.firms, args.firm_capacity, args.auditors,
                         args.auditor_capacity)
    finally:
        stack.stop()
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"seeded {args.societies} societies in {args.district} in {result['seed_seconds']} s")
    for run in result["runs"]:
        print(_line(run))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()


# --- the section, as bench/run.py calls it -------------------------------------------------------

SIZES = {"smoke": [20], "quick": [1000], "full": [5000]}
POOL = {"smoke": (3, 10, 2, 10), "quick": (40, 100, 15, 60), "full": (40, 100, 15, 60)}


def section(ctx: object) -> dict:
    from bench import report
    from bench.context import table_dict

    (count,) = ctx.sizes("audits_allocation", SIZES)[-1:]
    firms, firm_capacity, auditors, auditor_capacity = POOL[ctx.profile]
    result = measure(ctx.stack(), count, "indore", firms, firm_capacity, auditors, auditor_capacity)
    table = report.Table(f"Audit allocation of one district ({count:,} societies, POST /audits/{{year}}/allocations)",
                         ["year", "wall s", "allotted", "not allotted", "DynamoDB ops", "total ops", "items read"],
                         right={1, 2, 3, 5, 6})
    for run in result["runs"]:
        table.rows.append([run["year"], f"{run['seconds']:.2f}", str(run["allotted"]), str(run["not_allotted"]),
                           report.fmt_ops(run["dynamodb_operations"]), str(run["dynamodb_total"]),
                           str(run["items_read"])])
    return {"figures": result, "tables": [table_dict(table)], "lines": [_line(result["with_history"])]}
