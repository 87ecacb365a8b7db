"""What other services may call in identity. Nothing else of this package is public."""

from __future__ import annotations

from typing import Any

from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.notify import Sms
from chalicelib.identity import service, store


def authenticate(token: str) -> Principal:
    """Decode a bearer token and refuse revoked staff sessions."""
    return service.authenticate(token)


def citizen_mobile(citizen_id: str) -> str | None:
    """For services that must SMS a citizen (never shown unmasked in public views)."""
    citizen = store.get_citizen(citizen_id)
    return citizen.mobile if citizen else None


def society_username(reg_no: str) -> str:
    return reg_no.lower()


def add_society_account(tx: Any, actor: str, reg_no: str, name: str, mobile: str, district: str,
                        lang: str = "hi") -> list[Sms]:
    """A new society's own login, written inside the caller's transaction (so a society never
    exists without its login). It sets its password with an OTP to its registered mobile.
    Returns the SMS to deliver once the transaction commits."""
    user, entry, sms = service.new_account(actor, society_username(reg_no), name, mobile, Role.SOCIETY,
                                           Level.DISTRICT, district, f"login for society {reg_no}", kind="SOCIETY",
                                           lang=lang)
    store.add_user_to(tx, user, entry, [sms])
    return [sms]


def add_firm_account(tx: Any, actor: str, username: str, name: str, mobile: str, note: str) -> list[Sms]:
    """A CA firm's login (role ca_firm), written inside the caller's transaction; it sets its
    password with an OTP to the firm's mobile. Returns the SMS to deliver after commit."""
    user, entry, sms = service.new_account(actor, username, name, mobile, Role.CA_FIRM, Level.STATE, None, note,
                                           kind="STAFF")
    store.add_user_to(tx, user, entry, [sms])
    return [sms]


def put_society_accounts(actor: str, rows: list[dict], writer: Any = None) -> None:
    """Logins for a bulk import (seeding, CSV): account and first history entry per society,
    written in batches (through `writer`, a core.dynamo.BatchWriter, when given). No SMS: each
    society activates its login when it first needs it."""
    users, entries = [], []
    for row in rows:
        user, entry, _ = service.new_account(actor, society_username(row["reg_no"]), row["name"], row["mobile"],
                                             Role.SOCIETY, Level.DISTRICT, row["district"],
                                             f"login for society {row['reg_no']}", kind="SOCIETY")
        users.append(user)
        entries.append(entry)
    store.put_users_unchecked(users, entries, writer)


def staff_profile(username: str) -> dict | None:
    """Role, jurisdiction and whether the account is active, for services that route work to a
    named officer (e.g. file tracking checks the recipient). No mobile, no secrets."""
    user = store.get_user(username)
    if user is None or user.kind != "STAFF":
        return None
    return {"username": user.username, "name": user.name, "role": user.role, "active": bool(user.active),
            "jurisdiction": service._jurisdiction(user)}


def add_employee_account(tx: Any, actor: str, username: str, name: str, mobile: str, level: Level,
                         code: str | None, note: str) -> list[Sms]:
    """An employee's own login (role employee), written inside the caller's transaction so a
    service book never exists without its login; the employee sets a password with an OTP.
    Returns the SMS to deliver once the transaction commits."""
    user, entry, sms = service.new_account(actor, username, name, mobile, Role.EMPLOYEE, level, code, note)
    store.add_user_to(tx, user, entry, [sms])
    return [sms]


def staff_mobile(username: str) -> str | None:
    """A staff member's mobile, for SMS only (near-breach alerts); never shown unmasked."""
    user = store.get_user(username)
    return user.mobile if user else None
