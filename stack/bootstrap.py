"""Create every resource from the infra definitions, then seed master data and demo accounts.

Safe to run again: creates only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.core import history
from chalicelib.core.auth import Level, Role

DEMO_PASSWORD = "Sahkar@2026"  # noqa: S105 - printed on start: demo accounts of the local stack only


@dataclass(frozen=True)
class Demo:
    username: str
    name: str
    role: Role
    level: Level
    code: str | None
    mobile: str


DEMO_ACCOUNTS = (
    Demo("admin", "State Administrator", Role.ADMIN, Level.STATE, None, "9000000001"),
    Demo("rcs", "Registrar Cooperative Societies (HQ)", Role.OFFICER, Level.STATE, None, "9000000002"),
    Demo("jr.bhopal", "Joint Registrar, Bhopal Division", Role.OFFICER, Level.DIVISION, "bhopal", "9000000003"),
    Demo("dr.bhopal", "Deputy Registrar, Bhopal", Role.OFFICER, Level.DISTRICT, "bhopal", "9000000004"),
    Demo("dr.indore", "Deputy Registrar, Indore", Role.OFFICER, Level.DISTRICT, "indore", "9000000005"),
    Demo("cell.bhopal", "Housing Monitoring Cell, Bhopal", Role.HOUSING_CELL, Level.DIVISION, "bhopal", "9000000006"),
    Demo("addl.rcs", "Additional Registrar (HQ)", Role.OFFICER, Level.STATE, None, "9000000008"),
    Demo("callcentre", "CM Helpline call centre agent", Role.CALL_CENTRE, Level.STATE, None, "9000000007"),
)


def ensure_resources() -> list[str]:
    """Tables, document bucket, SMS settings and state machines: the definitions the AWS template uses."""
    from infra.resources import create_local

    return create_local()


def ensure_master_data() -> int:
    """Master data kept in tables (grievance categories, offices, seats, time limits, ...)."""
    from chalicelib.services import seed_master_data

    return seed_master_data("stack")


def ensure_demo_accounts(password: str = DEMO_PASSWORD) -> list[Demo]:
    """Demo staff with a password already set (real accounts are activated by OTP)."""
    from chalicelib.identity import passwords, service, store

    made = []
    for demo in DEMO_ACCOUNTS:
        if store.get_user(demo.username):
            continue
        user, entry, _ = service.new_account("stack", demo.username, demo.name, demo.mobile, demo.role,
                                             demo.level, demo.code, "demo account of the local stack")
        user.password_hash = passwords.hash_password(password)
        store.create_user(user, entry, [])
        made.append(demo)
    return made


def set_password(username: str, password: str = DEMO_PASSWORD) -> None:
    """Give one existing account (e.g. a seeded society's login) a known password, with history."""
    from chalicelib.identity import passwords, store

    user = store.get_user(username)
    if user is None or user.password_hash:
        return
    user.password_hash = passwords.hash_password(password)
    entry = history.next_entry(int(user.history_seq or 0), user.history_hash, at=user.created_at,
                               actor="stack", action="password_set", note="demo password of the local stack")
    store.save_user(user, entry, [])
