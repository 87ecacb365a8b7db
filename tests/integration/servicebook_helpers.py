"""Service-book test helpers: establishment sections, controlling officers, an opened book,
employees signed in with their own login.

Sign-in through password + OTP is exercised once (test_servicebook_records); elsewhere a session
is issued for the account exactly as identity issues it after the OTP, because each password
hash costs about a second on the shared test machine.
"""

from __future__ import annotations

from chalicelib.core.auth import Level, Role

EST_MOBILE = {"bhopal": "9333300001", "indore": "9333300002"}
DR_BHOPAL = ("dr.bhopal", "9333300010")
EMP_A = ("MP0000101", "9822200101")
EMP_B = ("MP0000102", "9822200102")


def account(username: str, role: Role, level: Level, code: str | None, mobile: str) -> None:
    """A staff account written through identity (no password: sessions come from session())."""
    from chalicelib.identity import service, store

    user, entry, _ = service.new_account("test", username, username.title(), mobile, role, level, code, "test")
    assert store.create_user(user, entry, [])


def session(username: str) -> str:
    """A token for the account as identity issues it on a verified sign-in (same claims, same checks)."""
    from chalicelib.core import ids
    from chalicelib.core.auth import Jurisdiction, Principal, issue_token
    from chalicelib.core.config import get_settings
    from chalicelib.identity import store

    user = store.get_user(username)
    jurisdiction = user.jurisdiction.as_dict() if hasattr(user.jurisdiction, "as_dict") else dict(user.jurisdiction)
    principal = Principal(user.username, Role(user.role), Jurisdiction.from_dict(jurisdiction),
                          int(user.token_version), ids.new_id())
    return issue_token(principal, get_settings().staff_token_ttl_seconds)


def establishment(client, sms, district: str = "bhopal") -> str:
    """An establishment section's clerk of a district office, signed in."""
    username = f"est.{district}"
    from chalicelib.identity import store

    if store.get_user(username) is None:
        account(username, Role.ESTABLISHMENT, Level.DISTRICT, district, EST_MOBILE[district])
    return session(username)


def controller_account() -> None:
    account(DR_BHOPAL[0], Role.OFFICER, Level.DISTRICT, "bhopal", DR_BHOPAL[1])


def controller(client, sms) -> str:
    """The controlling officer signed in (the account is made by controller_account())."""
    return session(DR_BHOPAL[0])


def open_book(client, token, employee=EMP_A, controlling_officer: str = "dr.bhopal", headers=None, **changes):
    body = {"employee_id": employee[0], "name": "Ramesh Kumar Sharma", "designation": "Cooperative Inspector",
            "cadre": "Cooperative Inspector (class III)", "date_of_birth": "1980-05-15",
            "date_of_joining": "2010-07-01", "mobile": employee[1], "controlling_officer": controlling_officer,
            "pay_level": 9, "pay_cell": 4, "opening_balances": {"earned": 100}, "order_no": "EST/2010/114"}
    body.update(changes)
    return client.post("/servicebook/employees", body, token=token, headers=headers)


def employee_token(client, sms, employee=EMP_A) -> str:
    """The employee's own login (opened with the book), signed in."""
    return session(employee[0].lower())


def entry(client, token, employee_id: str, kind: str, version: int, headers=None, **fields):
    body = {"kind": kind, "version": version, "effective_date": "2026-11-20", "note": f"{kind} order",
            **fields}
    return client.post(f"/servicebook/employees/{employee_id}/entries", body, token=token, headers=headers)


def version_of(client, token, employee_id: str) -> int:
    r = client.get(f"/servicebook/employees/{employee_id}", token=token)
    assert r.status == 200, r
    return r.json["version"]
