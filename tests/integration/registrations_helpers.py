"""Helpers for the registrations tests: a complete application, the people who act on it, and the
comparison of our history with the Step Functions execution's own."""

from __future__ import annotations

from chalicelib.core import workflow
from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.registrations import domain
from tests.integration.helpers import citizen_token

APPLICANT_MOBILE = "9876500001"


def promoters(count: int = 21, amount: str = "100.00") -> list[dict]:
    return [{"name": f"Promoter {i + 1}", "father_or_spouse": f"Parent {i + 1}", "family_id": f"{10000000 + i}",
             "occupation": "farmer", "shares": 10, "share_amount": amount} for i in range(count)]


def application(count: int = 21) -> dict:
    return {
        "name_hi": "किसान बहुउद्देशीय सहकारी संस्था मर्यादित",
        "name_en": "Kisan Multipurpose Cooperative Society Ltd",
        "society_type": "pacs",
        "address": "Village Phanda, Bhopal",
        "bye_laws": {"objects": "credit and inputs for members", "area_of_operation": "Phanda gram panchayat",
                     "share_value": "10.00"},
        "share_capital": f"{count * 100}.00",
        "admission_fee": "210.00",
        "promoters": promoters(count),
    }


def staff(username: str, level: Level = Level.DISTRICT, code: str | None = "bhopal", mobile: str = "9000000100",
          role: Role = Role.OFFICER) -> str:
    """A staff account and a session token for it, without the password + OTP sign-in (which the
    identity tests cover): it keeps these tests fast. The account is real, so revocation applies."""
    from chalicelib.core.auth import issue_token
    from chalicelib.identity import service, store

    user = store.get_user(username)
    if user is None:   # after a clock move, only a new token
        user, entry, _ = service.new_account("test", username, username.title(), mobile, role, level, code, "test")
        assert store.create_user(user, entry, [])
    principal = Principal(username, role, Jurisdiction(level, code), int(user.token_version), "t-" + username)
    return issue_token(principal, 3600)


class People:
    """The applicant (signed in by OTP) and the officers of Bhopal district and division."""

    def __init__(self, client, sms):
        self.client, self.sms = client, sms
        self.applicant = citizen_token(client, sms, APPLICANT_MOBILE)
        self.dr = staff("dr.bhopal", mobile="9000000101")
        self.inspector = staff("insp.bhopal", mobile="9000000102")
        self.jr = staff("jr.bhopal", level=Level.DIVISION, code="bhopal", mobile="9000000103")


def draft(client, token, count: int = 21, district: str = "bhopal", **extra) -> dict:
    r = client.post("/registrations", {"district": district, **application(count), **extra}, token=token)
    assert r.status == 201, r
    return r.json


PDF = b"%PDF-1.4\n% bye-laws adopted by the promoters\n%%EOF\n"


def upload(client, token, reg: dict, kind: str = "bye_laws", data: bytes = PDF, promoter: int | None = None,
           content_type: str = "application/pdf") -> dict:
    """Declare, PUT to the presigned URL (moto), attach: the application as it comes back."""
    import hashlib

    import requests

    body = {"name": f"{kind}.pdf", "content_type": content_type, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}
    r = client.post(f"/registrations/{reg['id']}/documents", body, token=token)
    assert r.status == 201, r
    put = requests.put(r.json["upload"]["url"], data=data, headers=r.json["upload"]["headers"], timeout=10)
    assert put.status_code == 200, put.text
    done = client.post(f"/registrations/{reg['id']}/documents/{r.json['document_id']}",
                       {"kind": kind, "promoter": promoter, "version": reg["version"]}, token=token)
    assert done.status == 200, done
    return done.json


def submitted(client, token, key: str | None = None) -> dict:
    reg = upload(client, token, draft(client, token))
    headers = {"Idempotency-Key": key} if key else None
    r = client.post(f"/registrations/{reg['id']}/submit", {"version": reg["version"], "declaration": True},
                    token=token, headers=headers)
    assert r.status == 200, r
    return r.json


def act(client, token, reg: dict, action: str, expect: int = 200, **fields) -> dict:
    r = client.post(f"/registrations/{reg['id']}/actions", {"action": action, "version": reg["version"], **fields},
                    token=token)
    assert r.status == expect, r
    return r.json


def machine_path(reg_id: str) -> list[str]:
    """The task and final states the execution entered, in order (its own history)."""
    arn = workflow.execution_arn(domain.MACHINE, reg_id)
    return [s.state for s in workflow.history(arn) if s.kind in ("Task", "Succeed", "Fail")]


def our_path(view: dict) -> list[str]:
    """The same path told by our history: the machine state of each stage we moved into."""
    return [domain.STATE_OF_STAGE[e["to_state"]] for e in view["history"]
            if e["to_state"] in domain.STATE_OF_STAGE and e["from_state"] != e["to_state"]]


def wait_until(predicate, tries: int = 100):
    """Executions move on in moto's own thread: poll briefly (bounded)."""
    import time

    for _ in range(tries):
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("condition not reached")
