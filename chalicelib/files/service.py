"""files use cases: load through the store, decide with the domain, save through the store."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from chalicelib.core import clock, history
from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, NotFound, invalid_field
from chalicelib.files import domain, store
from chalicelib.identity import public as identity

SETTINGS_KEY = "SETTINGS"
NUMBER_ATTEMPTS = 5


@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


def seed_master_data(actor: str = "seed") -> int:
    """Write the default sections and settings that are missing; keeps admin edits."""
    data = defaults()
    pairs = [(SETTINGS_KEY, data["settings"])]
    pairs += [(f"SECTION#{s['code']}", {k: v for k, v in s.items() if k != "code"}) for s in data["sections"]]
    return store.master.seed(pairs, actor)


def age_bands() -> list[int]:
    item = store.master.one(SETTINGS_KEY)
    return list((item.data if item else defaults()["settings"])["age_bands"])


def sections(who: Principal | None) -> list[dict]:
    domain.may_use(who)
    return [{"code": i.sk.removeprefix("SECTION#"), **i.data, "version": int(i.version)}
            for i in store.master.listed("SECTION#")]


def put_section(actor: str, code: str, data: dict, version: int | None, note: str) -> dict:
    """Create (no version) or change (the version read) a section, with its history."""
    item = store.master.put(actor, f"SECTION#{code}", data, version, note)
    return {"code": code, **item.data, "version": int(item.version)}


def settings_view() -> dict:
    item = store.master.one(SETTINGS_KEY)
    if item is None:
        raise NotFound("CONFIG_NOT_FOUND", key=SETTINGS_KEY)
    return store.master.view(item)


def put_settings(actor: str, data: dict, version: int, note: str) -> dict:
    """Change the pendency age bands, with their history."""
    store.master.put(actor, SETTINGS_KEY, data, version, note)
    return settings_view()


def _view(item: store.FileItem) -> dict:
    now = clock.now()
    return {
        "file_no": item.file_no, "section": item.section, "subject": item.subject, "reference": item.reference,
        "status": item.status, "holder": item.holder, "holder_since": item.holder_since, "sent_by": item.sent_by,
        "last_note": item.last_note, "created_by": item.created_by, "created_at": item.created_at,
        "updated_at": item.updated_at, "disposed_at": item.disposed_at, "archived_at": item.archived_at,
        "moves": int(item.moves or 0), "age_days": domain.age_days(item.created_at, now),
        "days_with_holder": domain.age_days(item.holder_since, now), "version": int(item.version),
    }


def create(who: Principal | None, section: str, subject: str, reference: str | None, note: str | None) -> dict:
    """Open a file in a section; its creator holds it. The number comes from the section's counter
    for the year, taken in the same transaction (retried if another file took it first)."""
    who = domain.may_use(who)
    if store.master.one(f"SECTION#{section}") is None:
        raise invalid_field("section", f"unknown section '{section}'", "UNKNOWN_SECTION", section=section)
    moment = clock.now()
    at, year = clock.iso(moment), domain.ist_year(moment)
    for _ in range(NUMBER_ATTEMPTS):
        seen = store.counter_value(section, year)
        number = domain.file_no(section, year, seen + 1)
        item = store.FileItem(pk=store.file_pk(number), file_no=number, section=section, year=year, subject=subject,
                              reference=reference, status=domain.OPEN, holder=who.subject, holder_since=at,
                              last_note=note, created_by=who.subject, created_at=at, updated_at=at)
        entry = history.next_entry(0, None, at=at, actor=who.subject, action="created", to_state=domain.OPEN,
                                   note=note or "", data={"to": who.subject, "section": section})
        if store.create(item, entry, seen):
            return _view(item)
    raise Conflict()


def _load(file_no: str) -> store.FileItem:
    item = store.get(file_no, consistent=True) if domain.FILE_NO.match(file_no) else None
    if item is None:
        raise NotFound("FILE_NOT_FOUND", file_no=file_no[:40])
    return item


def where(who: Principal | None, file_no: str) -> dict:
    """Where the file is now and since when: one GetItem."""
    domain.may_use(who)
    return _view(_load(file_no))


def act(who: Principal | None, file_no: str, action: str, version: int, note: str, to: str | None) -> dict:
    who = domain.may_use(who)
    item = _load(file_no)
    move = domain.step(action, file_no, item.status, item.holder, item.sent_by, who.subject, to)
    if int(item.version) != version:
        raise Conflict()
    if action == "move" and not _is_hq_officer(to):
        raise invalid_field("to", "not an active HQ officer", "FILE_RECIPIENT_INVALID", username=to)
    moment = clock.now()
    at = clock.iso(moment)
    holder_was, status_was = item.holder, item.status
    item.status, item.sent_by, item.last_note, item.updated_at = move.status, move.sent_by, note, at
    if move.holder != holder_was:
        item.holder, item.holder_since, item.moves = move.holder, at, int(item.moves or 0) + 1
    if action == "dispose":
        item.disposed_at = at
    if action == "archive":
        item.archived_at = at
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=at, actor=who.subject,
                               action=action, from_state=status_was, to_state=move.status, note=note,
                               data={"from": holder_was, "to": item.holder})
    store.save(item, entry, holder_was)
    return _view(item)


def _is_hq_officer(username: str | None) -> bool:
    profile = identity.staff_profile(username) if username else None
    return bool(profile and profile["active"] and profile["role"] == "officer"
                and profile["jurisdiction"]["level"] == "state")


def movements(who: Principal | None, file_no: str) -> dict:
    domain.may_use(who)
    _load(file_no)
    entries = store.history(file_no)
    return {"file_no": file_no, "items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}


def _row(item: store.FileItem, now) -> dict:
    return {"file_no": item.file_no, "section": item.section, "subject": item.subject, "holder": item.holder,
            "holder_since": item.holder_since, "sent_by": item.sent_by, "created_at": item.created_at,
            "age_days": domain.age_days(item.created_at, now),
            "days_with_holder": domain.age_days(item.holder_since, now)}


def pendency(who: Principal | None, officer: str | None, section: str | None) -> dict:
    """Files pending with one officer (one Query on the holder index) or in one section (one Query on
    the section index), oldest first, with counts by age band; a section's also per officer."""
    domain.may_use(who)
    now, bands = clock.now(), age_bands()
    if officer:
        rows = [_row(i, now) for i in store.held_by(officer)]
        report = domain.pendency(rows, bands)
    else:
        if store.master.one(f"SECTION#{section}") is None:
            raise invalid_field("section", f"unknown section '{section}'", "UNKNOWN_SECTION", section=section)
        rows = [_row(i, now) for i in store.open_in(section)]
        rows.sort(key=lambda r: r["holder_since"])
        report = domain.pendency(rows, bands, group="holder")
    return {"officer": officer, "section": section, "as_of": clock.iso(now),
            "bands": domain.band_labels(bands), **report, "items": rows}
