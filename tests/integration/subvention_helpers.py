"""A PACS with a bound operator, and a ledger uploaded through the presigned URL, for the tests."""

from __future__ import annotations

from dataclasses import dataclass

import requests

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role, issue_token
from chalicelib.subvention import service

HEADER = "member_no,aadhaar_last4,mobile,transactions,loan_no,purpose\n"


def staff(username: str, role: Role = Role.OFFICER, level: Level = Level.DISTRICT, code: str | None = "bhopal",
          mobile: str = "9111111111") -> str:
    """A staff account written through identity and a session token for it, without the password
    and OTP round trip (the sign-in flows have their own tests; argon2 is slow on a shared CPU)."""
    from chalicelib.identity import service as identity
    from chalicelib.identity import store

    user, entry, _ = identity.new_account("test", username, username.title(), mobile, role, level, code, "test")
    assert store.create_user(user, entry, [])
    return issue_token(Principal(username, role, Jurisdiction(level, code)), 3600)


@dataclass
class Pacs:
    reg_no: str
    operator: str       # token
    admin: str          # token
    officer: str        # token of the district's DR


def new_pacs(client, sms, district: str = "bhopal", name: str = "Khajuri", n: int = 1,
             admin: str | None = None, dr: str | None = None) -> Pacs:
    service.seed_master_data("test")
    dr = dr or staff(f"dr.{district}", Role.OFFICER, Level.DISTRICT, district, f"90000003{n:02d}")
    r = client.post("/societies", {"name_hi": f"{name} प्राथमिक कृषि साख सहकारी समिति",
                                   "name_en": f"{name} Primary Agricultural Credit Cooperative Society", "type": "pacs",
                                   "district": district, "address": "ग्राम खजूरी", "registered_on": "1990-04-01",
                                   "mobile": "9333333333", "members": 900}, token=dr)
    assert r.status == 201, r
    reg_no = r.json["reg_no"]
    admin = admin or staff("admin.sub", Role.ADMIN, Level.STATE, None, "9000000399")
    mobile = f"90000004{n:02d}"
    operator = staff(f"op.{district}.{n}", Role.PACS_OPERATOR, Level.DISTRICT, district, mobile)
    r = client.call("PUT", f"/admin/subvention/pacs/{reg_no}",
                    {"bank": f"dccb-{district}", "operators": [f"op.{district}.{n}"]}, token=admin)
    assert r.status == 200, r
    return Pacs(reg_no, operator, admin, dr)


def upload(client, token: str, text: str, season: str = "kharif-2024", headers: dict | None = None) -> str:
    """Start a ledger, PUT the CSV to the presigned URL, submit it; returns the ledger id."""
    r = client.post("/subvention/ledgers", {"season": season, "filename": "ledger.csv"}, token=token,
                    headers=headers)
    assert r.status == 201, r
    put = requests.put(r.json["upload_url"], data=text.encode("utf-8"), headers=r.json["upload_headers"], timeout=30)
    assert put.status_code == 200, put.text
    ledger_id = r.json["ledger_id"]
    r = client.post(f"/subvention/ledgers/{ledger_id}/submit", token=token)
    assert r.status == 202 and r.json["status"] == "QUEUED", r
    return ledger_id
