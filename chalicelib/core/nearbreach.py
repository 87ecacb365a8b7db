"""Near-breach alerts: the officer holding a record hears once, a set time before its limit.

Every service whose records carry a time limit already keeps a sparse, sharded due index for its
escalation sweep (core.duesweep). The alert sweep reads the same index for the window
(now, now + lead]: only what falls due soon, never every record. For each candidate it first
checks (one BatchGet) whether that record's limit was already alerted, then loads only the rest;
the alert (a marker keyed by service, record and limit, the holders' desk alerts and their SMS)
is one transaction conditional on the marker not existing, so a second run, or two sweeps at
once, never send twice. A new limit (escalated, transferred, moved to appeal) is a new alert,
to whoever holds it then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.core import clock, notify
from chalicelib.core import nearbreach_store as store
from chalicelib.core.dynamo import decode_cursor, encode_cursor

DEFAULT_HOURS = 24
KEEP_DAYS = 30
TEMPLATE = "NEAR_BREACH"


@dataclass(frozen=True)
class Holding:
    """A record as the alert sweep needs it: its limit, who holds it, and how to name it."""

    key: str
    due_at: str
    holders: tuple[tuple[str, str | None], ...]    # (username, mobile or None)
    label_hi: str
    label_en: str


def window(now: datetime, hours: int) -> tuple[str, str]:
    return clock.iso(now), clock.iso(now + timedelta(hours=hours))


def show(due_at: str) -> str:
    return clock.parse_iso(due_at).astimezone(clock.IST).strftime("%d-%m-%Y %H:%M")


def sweep(service: str, due: Callable[[str, str, str, int], Iterable[tuple[str, str]]],
          load: Callable[[str], Holding | None], hours: int, limit: int = 500, shards: int = 10,
          partitions: Iterable[str] | None = None) -> dict[str, int]:
    """`due(partition, low, high, limit)` yields (key, due_at) from the service's due index with
    low < due_at <= high; `load(key)` reads the record now (None: nothing to alert). Partitions:
    the index's shards S0..S<shards-1>, or the ones given (e.g. divisions)."""
    now = clock.now()
    low, high = window(now, hours)
    counts: Counter[str] = Counter({"alerted": 0, "already": 0, "skipped": 0})
    for partition in (partitions if partitions is not None else [f"S{n}" for n in range(shards)]):
        candidates = [(key, due_at) for key, due_at in due(partition, low, high, limit) if due_at > low]
        done = store.alerted([store.marker_pk(service, key, due_at) for key, due_at in candidates])
        for key, due_at in candidates:
            marker = store.marker_pk(service, key, due_at)
            if marker in done:
                counts["already"] += 1
                continue
            counts[_alert(service, marker, load(key), due_at, now)] += 1
    return dict(counts)


def _alert(service: str, marker: str, holding: Holding | None, due_at: str, now: datetime) -> str:
    if holding is None or holding.due_at != due_at or not holding.holders:
        return "skipped"              # changed since the index was read: the next run sees the new limit
    at = clock.iso(now)
    messages = [notify.compose(TEMPLATE, mobile, "hi", item=holding.label_hi, date=show(due_at))
                for _, mobile in holding.holders if mobile]
    alert = {"service": service, "key": holding.key, "label_hi": holding.label_hi, "label_en": holding.label_en,
             "due_at": due_at}
    expires = clock.parse_iso(due_at) + timedelta(days=KEEP_DAYS)
    if not store.record(marker, [name for name, _ in holding.holders], alert, messages, at, expires):
        return "already"
    notify.deliver(messages)
    return "alerted"


def alerts(username: str, limit: int, cursor: str | None) -> dict:
    """An officer's own near-breach alerts, newest first."""
    scope = f"alerts:{username}"
    items, last = store.alerts_of(username, limit, decode_cursor(cursor, scope))
    return {"items": [{"service": i.service, "key": i.key, "label_hi": i.label_hi, "label_en": i.label_en,
                       "due_at": i.due_at, "at": i.at} for i in items],
            "next": encode_cursor(last, scope)}
