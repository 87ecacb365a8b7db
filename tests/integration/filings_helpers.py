"""Filings test helpers: societies with logins, officers, and documents uploaded through the API."""

from __future__ import annotations

import hashlib

import requests

from chalicelib.core.auth import Level, Role
from tests.integration.helpers import citizen_token

PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 40 + b"%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3
TEXT = b"This is plain text pretending to be a PDF.\n" * 10
FY = "2025-26"           # closed 31-03-2026, due 30-09-2026: overdue on the frozen clock (23-11-2026)
SOCIETIES = {            # reg_no -> (district, mobile)
    "BPL-2020-00001": ("bhopal", "9400000001"),
    "BPL-2020-00002": ("bhopal", "9400000002"),
    "IND-2020-00001": ("indore", "9400000003"),
}
A, B, C = SOCIETIES


def session(username: str) -> str:
    """A token for an existing account, as identity issues it after password + OTP (identity's own
    tests cover that flow; here it would only cost seconds of password hashing per test)."""
    from chalicelib.core import ids
    from chalicelib.core.auth import Jurisdiction, Principal, Role, issue_token
    from chalicelib.identity import store

    user = store.get_user(username)
    value = user.jurisdiction
    jurisdiction = Jurisdiction.from_dict(value.as_dict() if hasattr(value, "as_dict") else dict(value))
    principal = Principal(username, Role(user.role), jurisdiction, int(user.token_version), ids.new_id())
    return issue_token(principal, 3600)


def staff(username: str, role: Role, level: Level, code: str | None, mobile: str) -> str:
    from chalicelib.identity import service, store

    user, entry, _ = service.new_account("test", username, username.title(), mobile, role, level, code, "test")
    assert store.create_user(user, entry, [])
    return session(username)


def add_societies() -> None:
    from chalicelib.societies import importer

    rows = [{"reg_no": reg_no, "name_hi": f"समिति {i}", "name_en": f"Samiti {i}", "type": "pacs", "district": district,
             "address": "ग्राम", "registered_on": "2020-01-10", "mobile": mobile}
            for i, (reg_no, (district, mobile)) in enumerate(SOCIETIES.items(), start=1)]
    report = importer.validate(rows)
    assert not report.rejected, report.rejected
    importer.write(report.valid, actor="test")


def society_token(reg_no: str) -> str:
    return session(reg_no.lower())


def officers() -> dict[str, str]:
    return {"bhopal": staff("dr.bhopal", Role.OFFICER, Level.DISTRICT, "bhopal", "9111100001"),
            "indore": staff("dr.indore", Role.OFFICER, Level.DISTRICT, "indore", "9111100005"),
            "admin": staff("admin", Role.ADMIN, Level.STATE, None, "9000000001")}


def citizen(client, sms) -> str:
    return citizen_token(client, sms)


def declare(client, token: str, reg_no: str, data: bytes, content_type: str = "application/pdf",
            name: str = "report.pdf", headers: dict | None = None):
    body = {"name": name, "content_type": content_type, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return client.post(f"/filings/societies/{reg_no}/documents", body, token=token, headers=headers)


def put(ticket: dict, data: bytes, honest: bool = True) -> None:
    headers = ticket["upload"]["headers"] if honest else {"Content-Type": ticket["upload"]["headers"]["Content-Type"]}
    r = requests.put(ticket["upload"]["url"], data=data, headers=headers, timeout=10)
    assert r.status_code == 200, r.text


def upload(client, token: str, reg_no: str, data: bytes = PDF, content_type: str = "application/pdf",
           name: str = "report.pdf") -> str:
    r = declare(client, token, reg_no, data, content_type, name)
    assert r.status == 201, r
    put(r.json, data)
    done = client.post(f"/filings/documents/{r.json['document_id']}/confirm", token=token)
    assert done.status == 200, done
    return r.json["document_id"]


def file(client, token: str, reg_no: str, document_ids: list[str], return_type: str = "annual_report",
         fy: str = FY, headers: dict | None = None):
    body = {"financial_year": fy, "return_type": return_type, "document_ids": document_ids}
    return client.post(f"/filings/societies/{reg_no}/returns", body, token=token, headers=headers)
