"""Machine access: API keys an admin issues (kept only as a hash), and the CPGRAMS import.

A key reads `<key_id>.<secret>`; the secret is 256 random bits, so a plain SHA-256 of it is as
good as a slow hash, and lookups stay one GetItem.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Any

from chalicelib.core import clock, history, ids
from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, NotFound, Unauthorized
from chalicelib.grievances import service, store

_KEY_ID = re.compile(r"^[0-9a-z]{26}$")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _key_view(item: store.ApiKeyItem) -> dict:
    return {"key_id": item.key_id, "name": item.name, "kind": item.kind, "active": bool(item.active),
            "created_at": item.created_at}


def issue_key(who: Principal, name: str, kind: str, note: str) -> dict:
    key_id, secret = ids.new_id().lower(), secrets.token_urlsafe(32)
    moment = clock.iso(clock.now())
    item = store.ApiKeyItem(pk=f"APIKEY#{key_id}", key_id=key_id, name=name, kind=kind, secret_hash=_digest(secret),
                            created_at=moment, created_by=who.subject)
    entry = history.next_entry(0, None, at=moment, actor=who.subject, action="issued", to_state="active",
                               note=note, data={"name": name, "kind": kind})
    store.save_key(item, entry, create=True)
    return {**_key_view(item), "api_key": f"{key_id}.{secret}"}


def revoke_key(who: Principal, key_id: str, note: str) -> dict:
    item = store.get_key(key_id) if _KEY_ID.match(key_id) else None
    if item is None:
        raise NotFound("API_KEY_NOT_FOUND", key_id=key_id)
    if item.active:
        item.active = False
        entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=clock.iso(clock.now()),
                                   actor=who.subject, action="revoked", from_state="active", to_state="revoked",
                                   note=note)
        store.save_key(item, entry, create=False)
    return _key_view(item)


def machine(api_key: str | None, kind: str) -> store.ApiKeyItem:
    """The active key of this kind, or 401. Same answer for every way a key can be wrong."""
    key_id, _, secret = (api_key or "").strip().partition(".")
    item = store.get_key(key_id) if _KEY_ID.match(key_id) and secret and len(secret) < 100 else None
    if item is None or not item.active or item.kind != kind or not hmac.compare_digest(item.secret_hash,
                                                                                         _digest(secret)):
        raise Unauthorized("API_KEY_INVALID")
    return item


def _imported(item: store.GrievanceItem, reg_no: str, created: bool) -> dict:
    return {"urn": item.urn, "registration_number": reg_no, "created": created, "status": item.status,
            "level": int(item.level), "due_at": item.due_at, "target_at": item.target_at}


def import_cpgrams(api_key: str | None, data: dict[str, Any]) -> tuple[int, dict]:
    """A central grievance, once per registration number: 201 the first time, 200 after."""
    key = machine(api_key, "cpgrams")
    reg_no = data["registration_number"]
    existing = store.imported_urn(reg_no)
    if existing:
        return 200, _imported(store.get(existing), reg_no, False)
    intake = service.Intake(actor=f"api:{key.name}", mobile=data["mobile"], citizen_id=None, source="cpgrams",
                            lang=data["lang"], apply_daily_limit=False, cpgrams_reg_no=reg_no,
                            received_at=data["received_at"])
    try:
        item = service.open_grievance(intake, {**data, "category": data.get("category")
                                               or service.rules().cpgrams_category})
    except Conflict as exc:
        if exc.code != "CPGRAMS_ALREADY_IMPORTED":
            raise
        return 200, _imported(store.get(store.imported_urn(reg_no)), reg_no, False)
    return 201, _imported(item, reg_no, True)
