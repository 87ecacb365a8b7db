"""`make bench` first-run section: `make run` from a fresh state to ready, a restart, and how soon
an SMS can be read.

    python -m bench.first_run --sizes 5000,50000

For each size, in a fresh state folder and on free ports: starts `python -m stack.run` as
`make run` does and times (from the start of the process) the API's first answer on /health, the
banner (every demo login made), and the seeding (societies/s, from the stack's own line); then
asks an OTP for a new mobile and times until `python -m stack.sms MOBILE` (what `make sms`
runs) prints it, and until the web app's /phone (the phone panel's source) returns it; then
stops with Ctrl-C (time to save), starts again on the saved state and times /health and the
banner once more. Writes bench/first_run_results.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from stack.env import free_port  # noqa: E402

CLOSE = {"Connection": "close"}
READY_TARGET_S = 60
RESTART_TARGET_S = 10
SMS_TARGET_S = 1.0
BANNER = "Sahkar Setu is running."


class _Run:
    """One `python -m stack.run` with its console captured to a file."""

    def __init__(self, state: Path, count: int, ports: dict[str, int]) -> None:
        self.log_path = state / f"console-{int(time.time() * 1000)}.log"
        self.api = f"http://127.0.0.1:{ports['API_PORT']}"
        self.web = f"http://127.0.0.1:{ports['WEB_PORT']}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "RESOURCE_", "MOTO_", "STAGE"))}
        env.update({k: str(v) for k, v in ports.items()}, SEED_SOCIETIES=str(count), LOCAL_STATE_DIR=str(state))
        self.env = env
        self.log = self.log_path.open("w")
        self.started = time.monotonic()
        self.process = subprocess.Popen([sys.executable, "-m", "stack.run"], cwd=ROOT, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def console(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait(self, limit_s: float) -> dict:
        """Seconds from start to the first /health answer and to the banner."""
        health = banner = None
        deadline = self.started + limit_s
        while time.monotonic() < deadline and (health is None or banner is None):
            if self.process.poll() is not None:
                raise RuntimeError(f"the stack exited:\n{self.console()[-2000:]}")
            if health is None:
                try:
                    if requests.get(f"{self.api}/health", headers=CLOSE, timeout=2).ok:
                        health = time.monotonic() - self.started
                except requests.RequestException:
                    pass
            if banner is None and BANNER in self.console():
                banner = time.monotonic() - self.started
            time.sleep(0.2)
        seeded = re.search(r"seeded ([\d,]+) societies in (\d+) s", self.console())
        return {"health_s": _round(health), "banner_s": _round(banner),
                "seed_s": int(seeded.group(2)) if seeded else None}

    def stop(self) -> float:
        began = time.monotonic()
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(600)
        self.log.close()
        return round(time.monotonic() - began, 1)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _sms_latency(run: _Run, mobile: str, limit_s: float = 30) -> dict:
    """Ask an OTP, then time until `make sms MOBILE` and the phone panel's /phone show it."""
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - 1)) + ".000Z"
    sent = requests.post(f"{run.api}/auth/otp", json={"mobile": mobile}, headers=CLOSE, timeout=30)
    sent_at = time.monotonic()
    if sent.status_code != 202:
        return {"error": f"POST /auth/otp answered {sent.status_code}"}
    figures: dict = {}
    while "make_sms_s" not in figures and time.monotonic() - sent_at < limit_s:
        out = subprocess.run([sys.executable, "-m", "stack.sms", mobile], cwd=ROOT, env=run.env,
                             capture_output=True, text=True, check=False).stdout
        if re.search(r"\b\d{6}\b", out):
            figures["make_sms_s"] = round(time.monotonic() - sent_at, 2)
    began = time.monotonic()
    while "phone_panel_s" not in figures and time.monotonic() - began < limit_s:
        answer = requests.get(f"{run.web}/phone", params={"to": mobile, "since": since}, timeout=5).json()
        if answer["messages"]:
            figures["phone_panel_s"] = round(time.monotonic() - sent_at, 2)
        else:
            time.sleep(0.05)
    figures["console"] = f"SMS to +91{mobile}" in run.console() or f"SMS to {mobile}" in run.console()
    return figures


def measure(count: int, keep: bool = False) -> dict:
    state = Path(tempfile.mkdtemp(prefix=f"first-run-{count}-"))
    ports = {"AWS_PORT": free_port(), "API_PORT": free_port(), "WEB_PORT": free_port()}
    result: dict = {"societies": count, "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    try:
        first = _Run(state, count, ports)
        result["fresh"] = first.wait(limit_s=1800)
        if result["fresh"]["seed_s"]:
            result["fresh"]["societies_per_s"] = round(count / max(result["fresh"]["seed_s"], 1))
        result["sms"] = _sms_latency(first, "9812300000")
        result["save_s"] = first.stop()
        pickle = state / "aws-state.pickle"
        result["state_mb"] = round(pickle.stat().st_size / 1e6, 1) if pickle.exists() else None
        again = _Run(state, count, ports)
        result["restart"] = again.wait(limit_s=600)
        again.stop()
    finally:
        result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        if not keep:
            shutil.rmtree(state, ignore_errors=True)
    return result


def _table(results: list[dict]) -> str:
    head = ("societies", "fresh /health s", "fresh banner s", "seed soc/s", "restart /health s", "restart banner s",
            "make sms s", "panel s", "console")
    rows = [head]
    for r in results:
        fresh, again, sms = r.get("fresh", {}), r.get("restart", {}), r.get("sms", {})
        rows.append((f"{r['societies']:,}", fresh.get("health_s"), fresh.get("banner_s"), fresh.get("societies_per_s"),
                     again.get("health_s"), again.get("banner_s"), sms.get("make_sms_s"), sms.get("phone_panel_s"),
                     sms.get("console")))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)) for row in rows)


SIZES = {"smoke": [100], "quick": [5000], "full": [5000, 50000]}


def section(ctx: object) -> dict:
    """bench.run's `first_run` section: a fresh `make run` to ready, the SMS path, and a restart."""
    from bench import report
    from bench.context import table_dict

    results = [measure(count) for count in ctx.sizes("first_run", SIZES)]
    table = report.Table("First run: fresh state → ready, SMS readable, restart (a real `python -m stack.run`)",
                         ["societies", "fresh /health s", "fresh banner s", "seed soc/s", "restart /health s",
                          "restart banner s", "make sms s", "panel s", "console"], right={1, 2, 3, 4, 5, 6, 7})
    for r in results:
        fresh, again, sms = r.get("fresh", {}), r.get("restart", {}), r.get("sms", {})
        table.rows.append([f"{r['societies']:,}", *(str(v) for v in (
            fresh.get("health_s"), fresh.get("banner_s"), fresh.get("societies_per_s"), again.get("health_s"),
            again.get("banner_s"), sms.get("make_sms_s"), sms.get("phone_panel_s"), sms.get("console")))])
    out = {"figures": results, "tables": [table_dict(table)],
           "notes": [f"targets: ready ≤ {READY_TARGET_S} s, restart ≤ {RESTART_TARGET_S} s, "
                     f"SMS readable ≤ {SMS_TARGET_S} s"]}
    if any(not r.get("restart", {}).get("banner_s") or not r.get("sms", {}).get("console") for r in results):
        out["error"] = "a run did not get ready, restart, or show its SMS"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5000,50000", help="societies, comma-separated (default 5000,50000)")
    parser.add_argument("--keep", action="store_true", help="keep each run's state folder (console logs)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "first_run_results.json")
    args = parser.parse_args(argv)
    results = []
    for count in sorted(int(s) for s in args.sizes.split(",")):
        print(f"first run with {count:,} societies…", file=sys.stderr, flush=True)
        results.append(measure(count, keep=args.keep))
    out = {"targets": {"fresh_banner_s": READY_TARGET_S, "restart_banner_s": RESTART_TARGET_S,
                       "sms_readable_s": SMS_TARGET_S},
           "nproc": os.cpu_count(), "results": results}
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(_table(results))
    print(f"(targets: ready ≤ {READY_TARGET_S} s, restart ≤ {RESTART_TARGET_S} s, SMS readable ≤ {SMS_TARGET_S} s; "
          f"figures in {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
