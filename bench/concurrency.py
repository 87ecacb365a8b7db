"""`make bench` concurrency section (issue 13): N parallel clients filing, tracking and acting on
grievances for a fixed time against the local stack (the app and moto in this process, like the
other sections), once as it is and once with a share of DynamoDB transactions cancelled by
TransactionConflict (stack/ddb_faults.py). Reports requests/s, p50/p95/p99 and answers by status.

    python -m bench.concurrency                          # 4 clients, 20 s per run, 20 % conflicts
    python -m bench.concurrency --clients 8 --seconds 30 --rate 0.3 --profiles none,conflict,throttle

moto serialises requests and Python shares one interpreter lock, so read the error counts and the
cost of the retries (with vs without faults), not the absolute throughput. No targets: figures only.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from stack import ddb_faults  # noqa: E402  (installed before the app's clients exist)

FAULTS = ddb_faults.install()
GRIEVANCE = {"type": "complaint", "category": "society_management", "district": "bhopal",
             "subject": "AGM not held", "description": "The society has not held its AGM for two years."}
OFFICER, AGENT = "dr.bhopal", "agent.bench"


def _pct(ordered: list[float], p: float) -> float | None:
    if not ordered:
        return None
    return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)] * 1000, 1)


def _setup() -> dict[str, str]:
    """Master data, the L1 seat held by the bench's officer, a call-centre agent; their tokens."""
    from chalicelib.core.auth import Jurisdiction, Level, Principal, Role, issue_token
    from chalicelib.grievances import service as grievances
    from chalicelib.identity import service as identity
    from chalicelib.identity import store as users

    grievances.seed_master_data()
    key = "SEAT#coop#L1#district:bhopal"
    seat = grievances.store.config_one(key)
    grievances.put_config("bench", key, {"username": OFFICER, "name": "DR Bhopal", "mobile": "9111100001"},
                          int(seat.version), "bench seat")
    tokens = {}
    for name, role, level, code in ((OFFICER, Role.OFFICER, Level.DISTRICT, "bhopal"),
                                    (AGENT, Role.CALL_CENTRE, Level.STATE, None)):
        user, entry, _ = identity.new_account("bench", name, name, "9111100001", role, level, code, "bench")
        users.create_user(user, entry, [])
        principal = Principal(subject=name, role=role, jurisdiction=Jurisdiction(level, code), token_id=name)
        tokens[name] = issue_token(principal, 3600)
    return tokens


class Client:
    """One simulated user: file a grievance, read it back, then the officer acts on it; repeat."""

    def __init__(self, http: Any, tokens: dict[str, str], number: int, until: float) -> None:
        self.http, self.tokens, self.number, self.until = http, tokens, number, until
        self.samples: list[tuple[str, int, float]] = []

    def call(self, op: str, method: str, path: str, token: str, body: dict | None = None) -> Any:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        started = time.perf_counter()
        response = getattr(self.http, method)(path, headers=headers, body=json.dumps(body) if body else None)
        self.samples.append((op, response.status_code, time.perf_counter() - started))
        return response

    def run(self) -> None:
        n = 0
        while time.monotonic() < self.until:
            n += 1
            body = {**GRIEVANCE, "mobile": f"9{self.number:03d}{n:06d}", "subject": f"AGM not held {n}"}
            filed = self.call("file", "post", "/grievances", self.tokens[AGENT], body)
            if filed.status_code != 201:
                continue
            urn = json.loads(filed.body)["urn"]
            self.call("track", "get", f"/public/grievances/{urn}", self.tokens[AGENT])
            action = "accept" if n % 2 else "resolve"
            self.call("act", "post", f"/grievances/{urn}/actions", self.tokens[OFFICER],
                      {"action": action, "note": f"bench {action}"})


def run_once(app: Any, tokens: dict[str, str], clients: int, seconds: float, profile: str | None,
             rate: float) -> dict:
    from chalice.test import Client as ChaliceClient

    if profile:
        FAULTS.set(profile, rate, seed=13)
    else:
        FAULTS.off()
    until = time.monotonic() + seconds
    with ChaliceClient(app, stage_name="local") as test_client:
        users = [Client(test_client.http, tokens, i, until) for i in range(clients)]
        threads = [threading.Thread(target=u.run) for u in users]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    FAULTS.off()
    samples = [s for u in users for s in u.samples]
    by_op: dict[str, Any] = {}
    for op in ("file", "track", "act", "all"):
        mine = sorted(t for o, _, t in samples if op in (o, "all"))
        by_op[op] = {"n": len(mine), "p50_ms": _pct(mine, 0.50), "p95_ms": _pct(mine, 0.95),
                     "p99_ms": _pct(mine, 0.99)}
    statuses = Counter(str(status) for _, status, _ in samples)
    for op in ("file", "track", "act"):
        by_op[op]["statuses"] = dict(Counter(str(status) for o, status, _ in samples if o == op))
    return {"profile": profile or "none", "rate": rate if profile else 0.0, "clients": clients,
            "seconds": round(elapsed, 1), "requests": len(samples),
            "requests_per_s": round(len(samples) / elapsed, 1) if elapsed else None,
            "latency": by_op, "statuses": dict(sorted(statuses.items())),
            "errors_5xx": sum(v for k, v in statuses.items() if k.startswith("5")),
            "transactions": FAULTS.calls if profile else None,
            "injected": dict(FAULTS.injected) if profile else {}}


def lines(results: list[dict]) -> list[str]:
    out = [f"{'faults':<16} {'clients':>7} {'req':>6} {'req/s':>7} {'p50':>8} {'p95':>8} {'p99':>8}  statuses"]
    for r in results:
        lat = r["latency"]["all"]
        fault = r["profile"] if r["profile"] == "none" else f"{r['profile']} {r['rate']:.0%}"
        out.append(f"{fault:<16} {r['clients']:>7} {r['requests']:>6} {r['requests_per_s']:>7} "
                   f"{lat['p50_ms']:>8} {lat['p95_ms']:>8} {lat['p99_ms']:>8}  {r['statuses']}"
                   + (f"  injected {r['injected']} of {r['transactions']} tx" if r["injected"] else ""))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.concurrency", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0, help="per run")
    parser.add_argument("--rate", type=float, default=0.2, help="share of transactions the fault hits")
    parser.add_argument("--profiles", default="none,conflict", help="comma-separated: none, conflict, throttle, lost")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "concurrency_results.json")
    args = parser.parse_args(argv)

    from bench import local
    from chalicelib.core import clock

    stack = local.start()
    try:
        tokens = _setup()
        run_once(stack.app, tokens, 1, 1.0, None, 0.0)      # warm-up: imports, caches, first items
        results = []
        for profile in args.profiles.split(","):
            clock.set_clock(None)
            result = run_once(stack.app, tokens, args.clients, args.seconds,
                              None if profile == "none" else profile, args.rate)
            results.append(result)
            print(lines([result])[-1], flush=True)
    finally:
        stack.stop()
    args.out.write_text(json.dumps({"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "runs": results},
                                   indent=2) + "\n")
    print("\n".join(lines(results)))
    return 1 if any(r["errors_5xx"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())


# smoke, quick, full: parallel clients and seconds per fault profile
PROFILE_SIZES = {"smoke": (2, 1.0), "quick": (4, 10.0), "full": (8, 20.0)}


def section(ctx: Any) -> dict:
    """bench.run's `concurrency` section: the same runs on the section's own embedded stack."""
    from bench import report
    from bench.context import table_dict
    from chalicelib.core import clock

    clients, seconds = PROFILE_SIZES[ctx.profile]
    clients = int(ctx.overrides.get("concurrency.clients", clients))
    seconds = float(ctx.overrides.get("concurrency.seconds", seconds))
    stack = ctx.stack()
    tokens = _setup()
    run_once(stack.app, tokens, 1, 1.0, None, 0.0)
    results = []
    for profile in ("none", "conflict", "throttle"):
        clock.set_clock(None)
        results.append(run_once(stack.app, tokens, clients, seconds, None if profile == "none" else profile, 0.2))
    table = report.Table(f"Concurrency: {clients} clients filing, tracking and acting, {seconds:g} s per fault profile",
                         ["faults", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "answers by status", "5xx"],
                         right={1, 2, 3, 4, 5, 7})
    for r in results:
        lat = r["latency"]["all"]
        fault = r["profile"] if r["profile"] == "none" else f"{r['profile']} {r['rate']:.0%}"
        table.rows.append([fault, str(r["requests"]), str(r["requests_per_s"]), str(lat["p50_ms"]),
                           str(lat["p95_ms"]), str(lat["p99_ms"]),
                           ", ".join(f"{k}: {v}" for k, v in r["statuses"].items()), str(r["errors_5xx"])])
    out = {"figures": results, "tables": [table_dict(table)]}
    if any(r["errors_5xx"] for r in results):
        out["error"] = "5xx under concurrent load: " + ", ".join(f"{r['profile']}: {r['errors_5xx']}" for r in results)
    return out
