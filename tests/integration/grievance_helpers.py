"""Grievance test helpers: master data, the officers of the seats, a filed grievance."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.core.auth import Level, Role
from tests.integration.helpers import citizen_token, officer
from tests.integration.helpers import staff_token as sign_in

# username -> (level in the jurisdiction tree, code, mobile); the seeded seats name these users.
OFFICERS = {
    "dr.bhopal": (Level.DISTRICT, "bhopal", "9111100001"),
    "jr.bhopal": (Level.DIVISION, "bhopal", "9111100002"),
    "addl.rcs": (Level.STATE, None, "9111100003"),
    "rcs": (Level.STATE, None, "9111100004"),
    "dr.indore": (Level.DISTRICT, "indore", "9111100005"),
    "dr.raisen": (Level.DISTRICT, "raisen", "9111100006"),
    "jr.indore": (Level.DIVISION, "indore", "9111100007"),
}
SEATS = {  # (office, level, scope, code) -> username
    ("coop", 1, "district", "bhopal"): "dr.bhopal",
    ("coop", 2, "division", "bhopal"): "jr.bhopal",
    ("coop", 3, "state", None): "addl.rcs",
    ("coop", 4, "state", None): "rcs",
    ("coop", 1, "district", "indore"): "dr.indore",
    ("coop", 1, "district", "raisen"): "dr.raisen",
    ("coop", 2, "division", "indore"): "jr.indore",
}
CITIZEN = "9876543210"
OTHER_CITIZEN = "9876500000"


def seed_master_data() -> None:
    """Defaults, plus mobiles on the seats the tests use (so officers get their SMS)."""
    from chalicelib.grievances import service

    service.seed_master_data()
    for (office, level, scope, code), username in SEATS.items():
        where = f"{scope}:{code}" if code else "state"
        key = f"SEAT#{office}#L{level}#{where}"
        current = service.store.config_one(key)
        service.put_config("test", key, {"username": username, "name": username.upper(),
                                         "mobile": OFFICERS[username][2]}, int(current.version), "test mobiles")


def officer_token(client, sms, username: str, role: Role = Role.OFFICER) -> str:
    """Sign the officer in, creating the account the first time (after a clock move, sign in again)."""
    level, code, mobile = OFFICERS[username]
    return staff_token(client, sms, username, role, level, code, mobile)


def staff_token(client, sms, username: str, role: Role, level: Level, code: str | None, mobile: str) -> str:
    from chalicelib.identity import store

    if store.get_user(username):
        return sign_in(client, sms, username, mobile)
    return officer(client, sms, username, level, code, mobile, role)


def citizen(client, sms, mobile: str = CITIZEN) -> str:
    return citizen_token(client, sms, mobile)


GRIEVANCE = {"type": "complaint", "category": "society_management", "district": "bhopal",
             "subject": "AGM not held", "description": "The society has not held its AGM for two years."}


def file(client, token, headers=None, **changes):
    return client.post("/grievances", {**GRIEVANCE, **changes}, token=token, headers=headers)


def act(client, token, urn, action, note="action note", **extra):
    return client.post(f"/grievances/{urn}/actions", {"action": action, "note": note, **extra}, token=token)


def advance(frozen_clock, **delta) -> None:
    frozen_clock["now"] = frozen_clock["now"] + timedelta(**delta)
