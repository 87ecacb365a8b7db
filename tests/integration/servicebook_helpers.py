"""Service-book test helpers: establishment sections, controlling officers, an opened book,
employees signed in with their own login."""

from __future__ import annotations

from chalicelib.core.auth import Level, Role
from tests.integration.helpers import PASSWORD, make_staff, officer, staff_token

EST_MOBILE = {"bhopal": "9333300001", "indore": "9333300002"}
DR_BHOPAL = ("dr.bhopal", "9333300010")
EMP_A = ("MP0000101", "9822200101")
EMP_B = ("MP0000102", "9822200102")


def establishment(client, sms, district: str = "bhopal") -> str:
    """An establishment section's clerk of a district office, signed in."""
    return officer(client, sms, f"est.{district}", Level.DISTRICT, district, EST_MOBILE[district],
                   Role.ESTABLISHMENT)


def controller(client, sms) -> str:
    """The controlling officer signed in (the account is made by controller_account())."""
    return staff_token(client, sms, *DR_BHOPAL)


def controller_account() -> None:
    make_staff(DR_BHOPAL[0], Role.OFFICER, Level.DISTRICT, "bhopal", DR_BHOPAL[1])


def open_book(client, token, employee=EMP_A, controlling_officer: str = "dr.bhopal", headers=None, **changes):
    body = {"employee_id": employee[0], "name": "Ramesh Kumar Sharma", "designation": "Cooperative Inspector",
            "cadre": "Cooperative Inspector (class III)", "date_of_birth": "1980-05-15",
            "date_of_joining": "2010-07-01", "mobile": employee[1], "controlling_officer": controlling_officer,
            "pay_level": 9, "pay_cell": 4, "opening_balances": {"earned": 100}, "order_no": "EST/2010/114"}
    body.update(changes)
    return client.post("/servicebook/employees", body, token=token, headers=headers)


def employee_token(client, sms, employee=EMP_A, password: str = PASSWORD) -> str:
    """The employee's login, as if activated (password set), signed in with password + OTP."""
    from chalicelib.identity import passwords, store

    username = employee[0].lower()
    user = store.get_user(username)
    if user.password_hash is None:
        user.password_hash = passwords.hash_password(PASSWORD)
        user.save()
    return staff_token(client, sms, username, employee[1], password)


def entry(client, token, employee_id: str, kind: str, version: int, headers=None, **fields):
    body = {"kind": kind, "version": version, "effective_date": "2026-11-20", "note": f"{kind} order",
            **fields}
    return client.post(f"/servicebook/employees/{employee_id}/entries", body, token=token, headers=headers)


def version_of(client, token, employee_id: str) -> int:
    r = client.get(f"/servicebook/employees/{employee_id}", token=token)
    assert r.status == 200, r
    return r.json["version"]
