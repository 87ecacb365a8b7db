"""The scheduled handlers of every function, run by the local stack on their own schedules.

Nothing is listed by hand: infra.discover reads each functions/<service>.py's `@app.schedule`
handlers and their expressions (what the AWS template deploys), so a new one runs here by itself.

- `rate(n minutes|hours|days)` runs at start-up, then every n units (the sweeps read only what
  is due, so a run is cheap).
- `cron(...)` runs whenever its minute comes round (UTC, as EventBridge does), and at start-up
  if it never ran or its time came while the stack was stopped (the last runs are kept in
  .local/ with the AWS state). Numbers, lists, ranges, steps, `*` and `?` are understood;
  anything fancier (L, W, #, day names) runs hourly. (Not at every start: the monthly filings
  job reads every society, minutes of work with 50,000 of them.)

Running a job again is safe, as every handler is idempotent: the sweeps read only what is due and
change it in conditional transactions; hearing reminders mark each hearing reminded in the same
transaction as its SMS; leave credits move each employee's next credit day; yearly obligations
create only the missing ones.

Each job has its own thread (a long monthly job does not hold up the SMS sweep) and never overlaps
itself. A failure is reported by the job's name and the exception's type only (no message: it may
hold personal data), and the job runs again at its next time.
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATE = re.compile(r"^rate\((\d+) (minute|hour|day)s?\)$")
UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
CRON = re.compile(r"^cron\((.+)\)$")
CRON_PART = re.compile(r"(\*|\d+(-\d+)?)(/[1-9]\d*)?")
FALLBACK_SECONDS = 3600     # a cron this module cannot read runs hourly; a failed cron run is retried after it
CATCH_UP_DAYS = 370         # stopped longer than this: a cron job runs on start-up without looking
TICK_SECONDS = 20           # how often a cron job looks at the clock


@dataclass(frozen=True)
class Job:
    name: str
    handler: str         # "functions.<service>.<function>"
    expression: str      # "rate(15 minutes)", "cron(30 12 * * ? *)"

    @property
    def every(self) -> int | None:
        """Seconds between runs for a rate (or a cron this module cannot read); None for a cron."""
        rate = RATE.match(self.expression)
        if rate:
            return int(rate.group(1)) * UNIT_SECONDS[rate.group(2)]
        return None if cron_fields(self.expression) else FALLBACK_SECONDS

    def due(self, moment: datetime) -> bool:
        """Whether a cron fires at this minute (UTC)."""
        fields = cron_fields(self.expression)
        return bool(fields) and cron_matches(fields, moment)


def discover_jobs(root: Path = ROOT) -> list[Job]:
    """Every scheduled handler of every function module under `root`/functions."""
    from infra.discover import discover

    found = discover(root)
    return sorted((Job(e["name"], e["handler"], e["expression"]) for app in found.values()
                   for e in app["events"] if e["kind"] == "schedule"), key=lambda j: j.handler)


# --- cron ----------------------------------------------------------------------------------------

@cache
def cron_fields(expression: str) -> tuple[str, ...] | None:
    """minute, hour, day of month, month, day of week, year; None if not a cron this module reads."""
    match = CRON.match(expression.strip())
    fields = match.group(1).split() if match else []
    if len(fields) != 6 or not all(f == "?" or all(CRON_PART.fullmatch(p) for p in f.split(",")) for f in fields):
        return None
    return tuple(fields)


def _field_matches(field: str, value: int, lowest: int) -> bool:
    if field in ("*", "?"):
        return True
    for part in field.split(","):
        span, _, step = part.partition("/")
        if span == "*":
            start, end = lowest, 10_000
        elif "-" in span:
            start, end = (int(x) for x in span.split("-", 1))
        else:
            start = int(span)
            end = 10_000 if step else start
        if start <= value <= end and (value - start) % int(step or 1) == 0:
            return True
    return False


def cron_matches(fields: tuple[str, ...], moment: datetime) -> bool:
    moment = moment.astimezone(UTC)
    weekday = (moment.weekday() + 1) % 7 + 1          # EventBridge: 1 = Sunday ... 7 = Saturday
    values = ((moment.minute, 0), (moment.hour, 0), (moment.day, 1), (moment.month, 1), (weekday, 1),
              (moment.year, 1970))
    return all(_field_matches(f, v, low) for f, (v, low) in zip(fields, values, strict=True))


# --- running -------------------------------------------------------------------------------------

def scheduled_event(job: Job, moment: datetime) -> dict:
    """The EventBridge event a deployed function receives for its schedule."""
    region, account = "ap-south-1", "000000000000"
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": account, "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": region,
            "resources": [f"arn:aws:events:{region}:{account}:rule/{job.name}"], "detail": {}}


def handler_of(job: Job) -> Callable:
    module, _, attr = job.handler.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def run_once(job: Job, moment: datetime | None = None) -> object:
    """One run of the job, called as Lambda would call it (the scheduled event, no context)."""
    return handler_of(job)(scheduled_event(job, moment or datetime.now(UTC)), None)


def summary(result: object) -> str:
    """The counts a job returns (numbers only, so nothing personal reaches the console)."""
    if not isinstance(result, dict):
        return ""
    return " ".join(f"{k}={v}" for k, v in result.items() if isinstance(v, int) and not isinstance(v, bool) and v)


def _attempt(job: Job, say: Callable[[str], None], moment: datetime | None = None) -> bool:
    try:
        done = summary(run_once(job, moment))
    except Exception as exc:  # keep the stack up; the next run retries
        say(f"scheduled job {job.name} failed: {type(exc).__name__}")
        return False
    if done:
        say(f"scheduled job {job.name}: {done}")
    return True


def missed(job: Job, last: datetime | None, now: datetime) -> bool:
    """Whether the cron fired in (last, now]: never run, or its minute came round since (also while
    the stack was stopped). Minute by minute: at most a year of minutes, once, after a long stop."""
    if last is None or now - last > timedelta(days=CATCH_UP_DAYS):
        return True
    minute = last.replace(second=0, microsecond=0) + timedelta(minutes=1)
    while minute <= now:
        if job.due(minute):
            return True
        minute += timedelta(minutes=1)
    return False


class LastRuns:
    """When each cron job last ran, kept next to the saved AWS state so a restart knows what it missed."""

    def __init__(self, path: Path | None) -> None:
        self.path, self.lock = path, threading.Lock()
        self.marks: dict[str, str] = json.loads(path.read_text()) if path and path.exists() else {}

    def get(self, name: str) -> datetime | None:
        with self.lock:
            mark = self.marks.get(name)
        return datetime.fromisoformat(mark) if mark else None

    def set(self, name: str, moment: datetime) -> None:
        with self.lock:
            self.marks[name] = moment.isoformat()

    def save(self) -> None:
        if self.path:
            with self.lock:
                self.path.write_text(json.dumps(self.marks, indent=1, sort_keys=True))


def _loop(job: Job, stop: threading.Event, say: Callable[[str], None], last_runs: LastRuns) -> None:
    every = job.every
    if every:                   # sweeps read only what is due: cheap, so also run at once
        _attempt(job, say)
        while not stop.wait(every):
            _attempt(job, say)
        return
    checked = last_runs.get(job.handler)  # every minute up to here is seen to: run, or not due
    retry_at = None
    while not stop.is_set():
        now = datetime.now(UTC)
        if retry_at is None or now >= retry_at:
            if not missed(job, checked, now):
                checked = now
            elif _attempt(job, say, now):
                last_runs.set(job.handler, now)   # names are unique per function only
                checked, retry_at = now, None
            else:
                retry_at = now + timedelta(seconds=FALLBACK_SECONDS)
        stop.wait(TICK_SECONDS)


@dataclass
class Running:
    jobs: list[Job]
    threads: list[threading.Thread]
    last_runs: LastRuns

    def join(self, seconds: float) -> bool:
        """Wait (once `stop` is set) for runs in progress to end, so the AWS state is saved between
        writes rather than in the middle of a job; False if one is still running after `seconds`."""
        deadline = time.monotonic() + seconds
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self.threads)


def start(stop: threading.Event, say: Callable[[str], None], jobs: list[Job] | None = None,
          last_runs: Path | None = None) -> Running:
    """Start every job's thread (jobs share core.aws's clients, made by then on the main thread).
    `last_runs`: the file keeping when each cron job last ran (saved by `Running.last_runs.save()`)."""
    jobs = discover_jobs() if jobs is None else jobs
    running = Running([], [], LastRuns(last_runs))
    # the handlers' modules set up logging as a Lambda would; boto's notice of where it found
    # credentials would then repeat for every job's thread
    logging.getLogger("botocore.credentials").setLevel(logging.WARNING)
    for job in jobs:
        try:
            handler_of(job)     # imported here, once, rather than by threads racing each other
        except Exception as exc:
            say(f"scheduled job {job.name} cannot be loaded: {type(exc).__name__}")
            continue
        thread = threading.Thread(target=_loop, args=(job, stop, say, running.last_runs), name=f"job-{job.name}",
                                  daemon=True)
        thread.start()
        running.jobs.append(job)
        running.threads.append(thread)
    return running


def describe(job: Job) -> str:
    rate = RATE.match(job.expression)
    if rate:
        return f"every {rate.group(1)} {rate.group(2)}{'s' if rate.group(1) != '1' else ''}"
    if cron_fields(job.expression):
        return f"{job.expression} UTC (at start-up too if never run, or its time passed while stopped)"
    return f"{job.expression}: hourly"
