"""`make run`: the whole system on this machine.

Starts the embedded AWS endpoint (moto on 127.0.0.1:$AWS_PORT) with the state kept under .local/,
creates every resource from the infra definitions, seeds master data, 50,000 societies and demo
accounts, serves the API with `chalice local` on 127.0.0.1:$API_PORT and the web client (web/) on
127.0.0.1:$WEB_PORT, retries unsent SMS every minute, and on Ctrl-C stops everything and saves the state.
Every SMS sent is printed on this console as it goes out (stack/phone.py: the local phone).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from stack.api_process import ApiProcess
from stack.env import apply, local_aws_env

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = Path(os.environ.get("LOCAL_STATE_DIR", ROOT / ".local"))
SNAPSHOT = STATE_DIR / "aws-state.pickle"
SEEDED = STATE_DIR / "seeded"
SOCIETIES = int(os.environ.get("SEED_SOCIETIES", "50000"))


def _say(text: str) -> None:
    print(text, flush=True)


def main() -> int:
    aws_port = int(os.environ.get("AWS_PORT", "4566"))
    api_port = int(os.environ.get("API_PORT", "8000"))
    web_port = int(os.environ.get("WEB_PORT", "8080"))
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    env = local_aws_env(aws_port, state_dir=STATE_DIR)   # the install's own secrets, in .local/
    apply(env)

    from concurrent.futures import ThreadPoolExecutor

    from stack import jobs
    from stack.moto_server import EmbeddedAws

    # reading the scheduled jobs from functions/*.py is a child process: let it run beside the loading
    found_jobs = ThreadPoolExecutor(1, thread_name_prefix="discover").submit(jobs.discover_jobs)
    began = time.monotonic()
    restored = EmbeddedAws.load(SNAPSHOT)
    if restored:
        _say(f"state restored from .local/ in {time.monotonic() - began:.1f} s")
    from stack.phone import Phone

    phone = Phone(STATE_DIR / "sms.jsonl", console=_say)    # every SMS printed here as it goes out
    if not restored:
        phone.path.unlink(missing_ok=True)                    # the SMS of a wiped state go with it
    phone.install()
    server = EmbeddedAws(aws_port)
    server.start()
    stop = threading.Event()
    _say(f"AWS endpoint (moto) on {server.url}" + (" — state restored from .local/" if restored else ""))

    from stack import bootstrap

    created = bootstrap.ensure_resources()
    if created:
        _say(f"created tables: {', '.join(created)}")
    if not (restored and SEEDED.exists()):
        _seed()
    bootstrap.ensure_master_data()
    bootstrap.ensure_demo_accounts()
    bootstrap.ensure_demo_seats()
    demo_society = _demo_society()
    bootstrap.set_password(demo_society)
    bindings = bootstrap.ensure_demo_bindings(bootstrap.demo_pacs(SOCIETIES))

    api = ApiProcess(api_port)    # started last: when /health answers, every demo login works
    from stack.web import WebServer

    web = WebServer(web_port, api.url, server.url, phone=phone)
    web.start()

    def shutdown(*_: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)

    last_runs = STATE_DIR / "jobs-last-run.json"
    if not restored:            # the marks describe the data saved with them
        last_runs.unlink(missing_ok=True)
    scheduled = jobs.start(stop, _say, jobs=found_jobs.result(), last_runs=last_runs)
    if not api.wait_ready():
        _say("the API did not start; see the messages above")
        stop.set()
    else:
        _banner(api.url, server.url, demo_society, bindings, scheduled.jobs, web.url)
        if restored:    # partitions are unpickled as they are read; once ready, the rest bit by bit
            threading.Thread(target=server.warm_up, args=(stop,), name="warm-up", daemon=True).start()
    try:
        while not stop.is_set() and api.running():
            stop.wait(0.5)
    finally:
        _say("\nstopping…")
        api.stop()
        web.stop()
        stop.set()
        if not scheduled.join(120):
            _say("a scheduled job is still running; saving the state anyway")
        EmbeddedAws.save(SNAPSHOT)
        scheduled.last_runs.save()
        server.stop()
        _say("state saved to .local/ (make reset wipes it). Bye.")
    return 0


def _seed() -> None:
    """First run: the importer's items put straight into the embedded DynamoDB (stack/bulk_seed.py).
    A registry left half-seeded by an interrupted run is completed by the importer over HTTP."""
    from tqdm import tqdm

    from stack import bulk_seed

    _say(f"seeding {SOCIETIES:,} societies (first run only)…")
    started = time.monotonic()
    if bulk_seed.registry_is_empty():
        with tqdm(total=SOCIETIES, desc="seeding societies", unit="soc", file=sys.stderr) as bar:
            bulk_seed.seed_into_embedded(SOCIETIES, progress=bar.update)
    else:
        subprocess.run([sys.executable, "-m", "stack.seed", "--count", str(SOCIETIES)], check=True, env=os.environ)
    _say(f"seeded {SOCIETIES:,} societies in {time.monotonic() - started:.0f} s")
    SEEDED.write_text(str(SOCIETIES))


def _demo_society() -> str:
    """The first seeded society of Bhopal gets a known password, to show a society's own login."""
    from chalicelib.identity.public import society_username
    from stack.seed_data import societies

    return society_username(next(r["reg_no"] for r in societies(SOCIETIES) if r["district"] == "bhopal"))


def _banner(api_url: str, aws_url: str, demo_society: str, bindings, scheduled: list, web_url: str) -> None:
    from stack.bootstrap import DEMO_ACCOUNTS, DEMO_PASSWORD
    from stack.jobs import describe

    lines = [
        "",
        "Sahkar Setu is running.",
        f"  Web app      {web_url}/       (citizens, PACS counters, officers; Hindi/English)",
        f"  API          {api_url}        (OpenAPI: {api_url}/openapi.json)",
        f"  AWS (moto)   {aws_url}",
        "  SMS and OTPs appear here as they are sent (📱 lines), in `make sms MOBILE=…` and in the web",
        "  app's phone panel beside the OTP box.",
        "",
        f"Demo staff logins (password {DEMO_PASSWORD}; an OTP then goes by SMS to the mobile shown):",
    ]
    lines += [f"  {d.username:<14} {d.role.value:<14} {d.level.value + ':' + (d.code or '-'):<18} {d.mobile}"
              for d in DEMO_ACCOUNTS + bindings.accounts]
    lines += [f"  ({note})" for note in bindings.notes]
    lines += [f"  {demo_society:<14} {'society':<14} a society's own login (same password)",
              "Citizens sign in with any mobile: POST /auth/otp then /auth/otp/verify.",
              "",
              "Scheduled jobs (read from functions/*.py):"]
    lines += [f"  {job.name:<20} {describe(job)}" for job in scheduled]
    lines += ["Ctrl-C stops everything."]
    _say("\n".join(lines))


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # the state is saved and everything stopped: skip freeing millions of moto objects one by one
    # (minutes at 50,000 societies) on the way out
    os._exit(code)
