"""Helpers for the audits tests (no tests here): sign-ins, societies, firms and auditors made
through the API, as the people who use it would."""

from __future__ import annotations

import itertools

from chalicelib.core.auth import Level, Role
from tests.integration.helpers import PASSWORD, officer, staff_token

YEAR = "2025-26"
_mobiles = itertools.count(9200000001)


def next_mobile() -> str:
    return str(next(_mobiles))


def admin(client, sms) -> str:
    return officer(client, sms, "admin", Level.STATE, None, next_mobile(), role=Role.ADMIN)


def hq(client, sms, username: str = "rcs") -> str:
    return officer(client, sms, username, Level.STATE, None, next_mobile())


def jr(client, sms, division: str = "bhopal") -> str:
    return officer(client, sms, f"jr.{division}", Level.DIVISION, division, next_mobile())


def activate(username: str) -> None:
    """As if the account had set its password by OTP (the OTP flow is identity's own test)."""
    from chalicelib.identity import passwords, store

    user = store.get_user(username)
    user.password_hash = passwords.hash_password(PASSWORD)
    user.save()


def society(client, token, district: str = "sehore", name: str = "Gram Seva Sahkari Samiti") -> dict:
    mobile = next_mobile()
    r = client.post("/societies", {"name_hi": "ग्राम सेवा सहकारी समिति", "name_en": name, "type": "pacs",
                                   "district": district, "address": "ग्राम, तहसील, जिला",
                                   "registered_on": "2001-04-01", "mobile": mobile}, token=token)
    assert r.status == 201, r
    return {**r.json, "mobile": mobile}


def society_token(client, sms, found: dict) -> str:
    activate(found["login"])
    return staff_token(client, sms, found["login"], found["mobile"])


def firm(frn: str, capacity: int | None = 10, partners: int = 2, years: tuple[str, ...] = (YEAR,)) -> dict:
    """A firm entered and empanelled by order for `years` (set-up: the admin's routes are tested
    in test_audits_masterdata.py)."""
    from chalicelib.audits import service

    mobile = next_mobile()
    data = {"frn": frn, "name": f"Firm {frn} & Associates", "experience_years": 12, "mobile": mobile,
            "email": f"audit{frn.lower()}@example.in", "district": "bhopal", "capacity": capacity,
            "partners": [{"name": f"Partner {i}", "membership_no": f"40000{i}"} for i in range(partners)]}
    view = service.create_firm("test-admin", data)
    for year in years:
        service.empanel_by_order("test-admin", frn, year, "order no. 1")
    return {**view, "mobile_raw": mobile}


def firm_token(client, sms, found: dict) -> str:
    activate(found["username"])
    return staff_token(client, sms, found["username"], found["mobile_raw"])


def auditor(username: str, district: str = "sehore", capacity: int = 5) -> dict:
    from chalicelib.audits import service

    return service.create_auditor("test-admin", {"username": username, "name": username.title(),
                                                 "district": district, "capacity": capacity})


def allot(client, token, reg_no: str, kind: str, auditor_id: str, year: str = YEAR, **kw):
    return client.post(f"/audits/{year}/allotments", {"reg_no": reg_no, "auditor_kind": kind,
                                                      "auditor_id": auditor_id}, token=token, **kw)
