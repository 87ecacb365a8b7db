"""`python -m bench.subvention_ledger`: a PACS season ledger of N accounts through the background
processor on the embedded AWS: wall time, memory, DynamoDB writes and SNS sends per account.

    python -m bench.subvention_ledger                   # 10,000 then 100,000 accounts
    python -m bench.subvention_ledger --sizes 2000      # a quick look

Each size runs in a fresh child process against its own moto server in ANOTHER process, so the
memory figures are the processor's own (moto keeps every item in memory): the child's peak RSS
growth while processing (getrusage) and, with --tracemalloc, the peak of Python allocations.
The file is written to disk and uploaded to S3 first; the processor reads it back as a stream.
About 10% of farmers have a second loan, 1% of rows are invalid. Writes are counted by a botocore
hook: API calls and the items they write (a BatchWrite of 25 is 25 items).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WRITE_OPS = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")
OUT = ROOT / "bench" / "subvention_results.json"


# --- the moto process --------------------------------------------------------------------------

def serve_moto(port: int) -> None:
    from stack.moto_server import EmbeddedAws

    aws = EmbeddedAws(port)   # its transactions back up only what they touch (stack/moto_tx.py)
    aws.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        aws.stop()


# --- the ledger ----------------------------------------------------------------------------------

def write_csv(path: Path, accounts: int, seed: int = 2024) -> int:
    """`accounts` loan rows; about 10% are a farmer's second loan, 1% are invalid. Returns bytes."""
    rnd = random.Random(seed)
    prefix = "M" if seed == 2024 else f"W{seed}-"   # the warm-up file names other farmers
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("member_no,aadhaar_last4,mobile,transactions,loan_no,purpose\n")
        member = loan = 0
        for _ in range(accounts):
            if member > 0 and rnd.random() < 0.10:
                loan += 1                                 # another loan of the same farmer
            else:
                member, loan = member + 1, 1
            drawn = rnd.randrange(10_000, 250_000, 500)
            drawal = f"2024-{rnd.randint(4, 9):02d}-{rnd.randint(1, 28):02d}"
            kind = rnd.random()
            if kind < 0.75:       # prompt
                txns = f"{drawal}:D:{drawn}; 2025-{rnd.randint(1, 3):02d}-{rnd.randint(1, 27):02d}:R:{drawn}"
            elif kind < 0.90:     # part repayment, then the rest late
                part = drawn // 2
                txns = (f"{drawal}:D:{drawn}; 2024-12-{rnd.randint(1, 28):02d}:R:{part}; "
                        f"2025-05-{rnd.randint(1, 28):02d}:R:{drawn - part}")
            else:                 # late
                txns = f"{drawal}:D:{drawn}; 2025-06-{rnd.randint(1, 28):02d}:R:{drawn}"
            aadhaar = f"{rnd.randint(0, 9999):04d}" if rnd.random() > 0.01 else "123456789012"   # 1% refused
            mobile = f"9{member % 1_000_000_000:09d}"
            out.write(f'{prefix}{member:06d},{aadhaar},{mobile},"{txns}",{loan},crop\n')
    return path.stat().st_size


class WriteCounter:
    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.items = 0

    def before(self, model: object, params: dict, **_: object) -> None:
        name = model.name
        if name not in WRITE_OPS:
            return
        self.calls[name] = self.calls.get(name, 0) + 1
        if name == "BatchWriteItem":
            self.items += sum(len(v) for v in params.get("RequestItems", {}).values())
        elif name == "TransactWriteItems":
            self.items += len(params.get("TransactItems", []))
        else:
            self.items += 1


def _hook(counter: WriteCounter) -> None:
    import botocore.session

    original = botocore.session.Session.create_client

    def create_client(self: object, service_name: str, *args: object, **kwargs: object) -> object:
        client = original(self, service_name, *args, **kwargs)
        if service_name == "dynamodb":
            client.meta.events.register("before-parameter-build.dynamodb", counter.before)   # the API params
        return client

    botocore.session.Session.create_client = create_client


def run_one(accounts: int, port: int, trace: bool) -> dict:
    from stack.env import apply, local_aws_env

    apply(local_aws_env(port, prefix="sahkar-bench"))
    counter = WriteCounter()
    _hook(counter)

    import resource
    from types import SimpleNamespace

    from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
    from chalicelib.identity import service as identity
    from chalicelib.identity import store as identity_store
    from chalicelib.societies import importer
    from chalicelib.subvention import ledger, service, store
    from infra.resources import create_local
    from stack.seed_data import societies

    create_local()
    service.seed_master_data("bench")
    row = next(r for r in societies(400) if r["type"] == "pacs")
    importer.write(importer.validate([row]).valid, actor="bench")
    user, entry, _ = identity.new_account("bench", "op.bench", "Operator", "9000000777", Role.PACS_OPERATOR,
                                          Level.DISTRICT, row["district"], "bench")
    identity_store.create_user(user, entry, [])
    service.put_pacs("bench", row["reg_no"], SimpleNamespace(bank="dccb-bench", operators=["op.bench"],
                                                             overdue_rate=None, version=None, note="bench"))
    who = Principal("op.bench", Role.PACS_OPERATOR, Jurisdiction(Level.DISTRICT, row["district"]))

    def ledger_of(rows: int, seed: int) -> tuple[str, int]:
        from chalicelib.core import aws

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "ledger.csv"
            size = write_csv(path, rows, seed)
            created = service.create_ledger(who, "kharif-2024", "ledger.csv")
            aws.client("s3").upload_file(str(path), store.bucket(),
                                         store.object_key(row["reg_no"], created["ledger_id"]))
        service.submit_ledger(who, created["ledger_id"])
        return created["ledger_id"], size

    # warm up (lazy imports, clients, validators) on a small file of other farmers, then measure
    warm, _ = ledger_of(50, seed=1)
    while ledger.process(warm, budget_seconds=45) in ("QUEUED", "PROCESSING"):
        pass
    ledger_id, size = ledger_of(accounts, seed=2024)
    created = {"ledger_id": ledger_id}

    if trace:
        import tracemalloc

        tracemalloc.start()
    counter.calls.clear()
    counter.items = 0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    runs, status = 0, "QUEUED"
    while status in ("QUEUED", "PROCESSING"):
        status = ledger.process(created["ledger_id"], budget_seconds=45)   # as the scheduled function does
        runs += 1
    wall = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = None
    if trace:
        import tracemalloc

        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    item = store.get_ledger(created["ledger_id"])
    counts = {k: int(v) for k, v in item.counts.items()}
    return {
        "accounts": accounts, "file_bytes": size, "status": status, "scheduled_runs": runs,
        "counts": counts, "wall_seconds": round(wall, 1),
        "accounts_per_second": round(accounts / wall, 1),
        "rss_before_mb": round(rss_before / 1024, 1), "rss_peak_mb": round(rss_after / 1024, 1),
        "rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
        "tracemalloc_peak_mb": round(peak / 2**20, 1) if peak is not None else None,
        "write_calls": dict(counter.calls), "write_calls_per_account": round(sum(counter.calls.values()) / accounts, 3),
        "items_written": counter.items, "items_written_per_account": round(counter.items / accounts, 3),
        "sms_sent": counts.get("farmers_told", 0),
    }


# --- the driver ----------------------------------------------------------------------------------

def _start_moto(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "bench.subvention_ledger", "--moto", str(port)],  # noqa: S603
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if proc.stdout.readline().strip() != "ready":
        raise RuntimeError("moto did not start")
    return proc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.subvention_ledger", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="accounts per run, comma-separated")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--moto", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.moto:
        serve_moto(args.moto)
        return 0
    if args.one:
        print(json.dumps(run_one(args.one, args.port, args.tracemalloc)), flush=True)
        return 0

    try:
        run_sizes([int(s) for s in args.sizes.split(",")], args.tracemalloc, args.out)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def run_sizes(sizes: list[int], trace: bool = False, out: Path | None = None) -> list[dict]:
    """Each size in a child process against a moto of its own; RuntimeError when one fails."""
    from stack.env import free_port

    results = []
    for size in sizes:
        port = free_port()
        moto = _start_moto(port)
        try:
            command = [sys.executable, "-m", "bench.subvention_ledger", "--one", str(size), "--port", str(port)]
            if trace:
                command.append("--tracemalloc")
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False,  # noqa: S603
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
            if done.returncode != 0:
                raise RuntimeError(f"the ledger run of {size} accounts failed:\n{done.stderr[-3000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            moto.terminate()
            moto.wait(timeout=30)
        results.append(result)
        print(json.dumps(result, indent=1), file=sys.stderr, flush=True)
        if out is not None:
            out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return results


# --- the section, as bench/run.py calls it -------------------------------------------------------

SIZES = {"smoke": [30], "quick": [2000], "full": [10_000, 100_000]}


def section(ctx: object) -> dict:
    from bench import report
    from bench.context import table_dict

    results = run_sizes(ctx.sizes("subvention", SIZES))
    table = report.Table("Subvention: a PACS season ledger through the background processor (own moto process)",
                         ["accounts", "scheduled runs", "wall s", "accounts/s", "write calls/account",
                          "items written/account", "RSS growth MB", "status"], right={0, 1, 2, 3, 4, 5, 6})
    for r in results:
        table.rows.append([f"{r['accounts']:,}", str(r["scheduled_runs"]), f"{r['wall_seconds']:.1f}",
                           f"{r['accounts_per_second']:.0f}", f"{r['write_calls_per_account']:.3f}",
                           f"{r['items_written_per_account']:.3f}", f"{r['rss_growth_mb']:.1f}", r["status"]])
    out = {"figures": results, "tables": [table_dict(table)]}
    if any(r["status"] != "DONE" for r in results):
        out["error"] = "a ledger did not finish: " + ", ".join(r["status"] for r in results)
    return out


if __name__ == "__main__":
    sys.exit(main())
