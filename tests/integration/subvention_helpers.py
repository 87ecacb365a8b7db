"""A PACS with a bound operator, and a ledger uploaded through the presigned URL, for the tests."""

from __future__ import annotations

from dataclasses import dataclass

import requests

from chalicelib.core.auth import Level, Role
from chalicelib.subvention import service
from tests.integration.helpers import make_staff, officer, staff_token

HEADER = "member_no,aadhaar_last4,mobile,transactions,loan_no,purpose\n"


@dataclass
class Pacs:
    reg_no: str
    operator: str       # token
    admin: str          # token
    officer: str        # token of the district's DR


def new_pacs(client, sms, district: str = "bhopal", name: str = "Khajuri", n: int = 1,
             admin: str | None = None, dr: str | None = None) -> Pacs:
    service.seed_master_data("test")
    dr = dr or officer(client, sms, f"dr.{district}", Level.DISTRICT, district, f"90000003{n:02d}")
    r = client.post("/societies", {"name_hi": f"{name} प्राथमिक कृषि साख सहकारी समिति",
                                   "name_en": f"{name} Primary Agricultural Credit Cooperative Society", "type": "pacs",
                                   "district": district, "address": "ग्राम खजूरी", "registered_on": "1990-04-01",
                                   "mobile": "9333333333", "members": 900}, token=dr)
    assert r.status == 201, r
    reg_no = r.json["reg_no"]
    admin = admin or officer(client, sms, "admin.sub", Level.STATE, None, "9000000399", role=Role.ADMIN)
    mobile = f"90000004{n:02d}"
    make_staff(f"op.{district}.{n}", Role.PACS_OPERATOR, Level.DISTRICT, district, mobile)
    r = client.call("PUT", f"/admin/subvention/pacs/{reg_no}",
                    {"bank": f"dccb-{district}", "operators": [f"op.{district}.{n}"]}, token=admin)
    assert r.status == 200, r
    return Pacs(reg_no, staff_token(client, sms, f"op.{district}.{n}", mobile), admin, dr)


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
