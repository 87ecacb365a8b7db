"""Versioned master data in a service's own table: one item per key under pk "CFG" (rates,
limits, calendars, catalogues), seeded with defaults that never overwrite an admin's edit, each
change conditional on the version read (409 otherwise) and recorded in the hash-chained history
(pk "CFG#<key>"). Part of the kernel, like core.dynamo's history items.
"""

from __future__ import annotations

import os
import time
from functools import cache
from typing import Any

from pynamodb.exceptions import TransactWriteError

from chalicelib.core import clock, dynamo, history
from chalicelib.core.errors import Conflict, NotFound

PK = "CFG"


@cache
def model(service: str) -> type:
    from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
    from pynamodb.models import Model

    attrs = {
        "Meta": dynamo.meta_for(service),
        "pk": UnicodeAttribute(hash_key=True, default=PK),
        "sk": UnicodeAttribute(range_key=True),
        "data": JSONAttribute(),
        "updated_at": UnicodeAttribute(),
        "updated_by": UnicodeAttribute(),
        "history_seq": NumberAttribute(default=0),
        "history_hash": UnicodeAttribute(null=True),
        "version": VersionAttribute(),
    }
    return type(f"{service.title()}MasterData", (Model,), attrs)


def one(service: str, key: str) -> Any:
    return dynamo.get_or_none(model(service), PK, key, consistent=True)


# --- the warm container's copy, for reads on request paths -------------------------------------
# Categories, offices, seats and catalogues are read by nearly every request and change a few times
# a year. cached_* keep what they read (found or missing) for TTL seconds per warm container; a
# change made through this container drops its service's copy at once, and every change still
# checks the version by a consistent read (checked), so a stale copy never overwrites anything.
# Another container's change is seen here within the TTL, when the copy is read again.

def ttl_seconds() -> float:
    return float(os.environ.get("MASTER_DATA_TTL_SECONDS", "60"))


_COPY: dict[tuple[str, str], tuple[float, Any]] = {}
_LISTED: dict[tuple[str, str], tuple[float, list]] = {}


def clear_cache(service: str | None = None) -> None:
    """Forget the copy (of one service, or all): after a change, or when the tables are reset."""
    for store in (_COPY, _LISTED):
        for k in [k for k in store if service is None or k[0] == service]:
            del store[k]


def cached_many(service: str, keys: list[str]) -> dict[str, Any]:
    """many(), from this container's copy where it is fresh; one BatchGetItem for the rest."""
    now = time.monotonic()
    found: dict[str, Any] = {}
    missing = []
    for key in dict.fromkeys(keys):
        held = _COPY.get((service, key))
        if held is not None and held[0] > now:
            if held[1] is not None:
                found[key] = held[1]
        else:
            missing.append(key)
    if missing:
        read = many(service, missing)
        until = now + ttl_seconds()
        for key in missing:
            _COPY[(service, key)] = (until, read.get(key))
        found.update(read)
    return found


def cached_one(service: str, key: str) -> Any:
    return cached_many(service, [key]).get(key)


def cached_listed(service: str, prefix: str) -> list:
    now = time.monotonic()
    held = _LISTED.get((service, prefix))
    if held is not None and held[0] > now:
        return held[1]
    items = listed(service, prefix)
    _LISTED[(service, prefix)] = (now + ttl_seconds(), items)
    return items


def many(service: str, keys: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in dynamo.chunks(list(dict.fromkeys(keys)), 100):
        found.update({item.sk: item for item in model(service).batch_get([(PK, key) for key in chunk])})
    return found


def listed(service: str, prefix: str) -> list:
    items = model(service)
    return list(items.query(PK, items.sk.startswith(prefix)))


def history_of(service: str, key: str) -> list[history.Entry]:
    return dynamo.history_list(service, f"{PK}#{key}")


def view(item: Any, key: bool = False) -> dict:
    """An item as the admin APIs show it: its data and what a change needs (the version read)."""
    shown = {"key": item.sk} if key else {}
    return {**shown, "data": item.data, "version": int(item.version), "updated_at": item.updated_at,
            "updated_by": item.updated_by}


def put(service: str, actor: str, key: str, data: dict, version: int | None, note: str) -> Any:
    """Create (no version; 409 CONFIG_EXISTS if present) or change (the version read; 409 if it
    moved, 404 CONFIG_NOT_FOUND if there is nothing to change)."""
    return write(service, actor, key, checked(service, key, version), data, note)


def checked(service: str, key: str, version: int | None, missing: Exception | None = None) -> Any:
    """The item a put may change (None: create it), after put's checks; `missing` replaces the 404
    for a service that names what is missing (e.g. a court). For data computed from what is stored."""
    current = one(service, key)
    if version is None and current is not None:
        raise Conflict("CONFIG_EXISTS", key=key)
    if version is not None and current is None:
        raise missing or NotFound("CONFIG_NOT_FOUND", key=key)
    if current is not None and int(current.version) != version:
        raise Conflict()
    return current


def write(service: str, actor: str, key: str, current: Any, data: dict, note: str,
          action: str | None = None, change: dict | None = None) -> Any:
    """Store `data` over `current` (from checked; None creates) with its history entry, in one
    transaction (409 if someone else wrote in between). The entry records `change` if given,
    else the data before and after."""
    items = model(service)
    moment = clock.iso(clock.now())
    item = current or items(sk=key, data=data, updated_at=moment, updated_by=actor)
    before = current.data if current else None
    item.data, item.updated_at, item.updated_by = data, moment, actor
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=actor,
                               action=action or ("created" if current is None else "updated"), note=note,
                               data={"before": before, "after": data} if change is None else change)
    _save(service, item, entry, create=current is None)
    return item


def seed_one(service: str, key: str, data: dict, actor: str, to_state: str | None = "active") -> bool:
    """One default, written only if missing, even if an admin's edit comes in between (False then)."""
    moment = clock.iso(clock.now())
    entry = history.next_entry(0, None, at=moment, actor=actor, action="seeded", to_state=to_state,
                               note="default master data")
    try:
        _save(service, model(service)(sk=key, data=data, updated_at=moment, updated_by=actor), entry, create=True)
    except Conflict:
        return False
    return True


def _save(service: str, item: Any, entry: history.Entry, create: bool) -> None:
    """The item with its history entry in one transaction; 409 if it exists (create) or its version moved."""
    clear_cache(service)
    item.history_seq, item.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=type(item).sk.does_not_exist() if create else None)
            dynamo.history_put(tx, service, f"{PK}#{item.sk}", entry)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def seed(service: str, defaults: list[tuple[str, dict]], actor: str) -> int:
    """Write the defaults that are missing; never overwrite what an admin set. Returns how many."""
    clear_cache(service)
    items = model(service)
    have = set()
    for chunk in dynamo.chunks([key for key, _ in defaults], 100):
        have |= {f.sk for f in items.batch_get([(PK, key) for key in chunk], attributes_to_get=["sk"])}
    moment = clock.iso(clock.now())
    history_model = dynamo.history_model(service)
    written = 0
    with items.batch_write() as writer:
        for key, data in defaults:
            if key in have:
                continue
            entry = history.next_entry(0, None, at=moment, actor=actor, action="seeded", to_state="active",
                                       note="default master data")
            writer.save(items(sk=key, data=data, updated_at=moment, updated_by=actor, version=1,
                              history_seq=entry.seq, history_hash=entry.hash))
            writer.save(history_model(pk=f"{PK}#{key}", sk=f"HIST#{entry.seq:08d}", entry=entry.as_dict()))
            written += 1
    return written


class Bound:
    """These functions for one service's table, so its store.py needs one line:
    `master = masterstore.Bound(SERVICE)`, and its use cases call `store.master.one(key)`."""

    def __init__(self, service: str) -> None:
        self.service = service

    view = staticmethod(view)

    def one(self, key: str) -> Any:
        return one(self.service, key)

    def many(self, keys: list[str]) -> dict[str, Any]:
        return many(self.service, keys)

    def cached_one(self, key: str) -> Any:
        return cached_one(self.service, key)

    def cached_many(self, keys: list[str]) -> dict[str, Any]:
        return cached_many(self.service, keys)

    def cached_listed(self, prefix: str) -> list:
        return cached_listed(self.service, prefix)

    def listed(self, prefix: str) -> list:
        return listed(self.service, prefix)

    def history_of(self, key: str) -> list[history.Entry]:
        return history_of(self.service, key)

    def put(self, actor: str, key: str, data: dict, version: int | None, note: str) -> Any:
        return put(self.service, actor, key, data, version, note)

    def checked(self, key: str, version: int | None, missing: Exception | None = None) -> Any:
        return checked(self.service, key, version, missing)

    def write(self, actor: str, key: str, current: Any, data: dict, note: str, action: str | None = None,
              change: dict | None = None) -> Any:
        return write(self.service, actor, key, current, data, note, action, change)

    def seed_one(self, key: str, data: dict, actor: str, to_state: str | None = "active") -> bool:
        return seed_one(self.service, key, data, actor, to_state)

    def seed(self, defaults: list[tuple[str, dict]], actor: str) -> int:
        return seed(self.service, defaults, actor)
