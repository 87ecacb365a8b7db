"""lokseva test helpers (no tests here): master data, officers at each desk, a PACS with an
operator, an application filed through the API."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.core.auth import Level, Role
from tests.integration.helpers import citizen_token, make_staff, officer, staff_token

CITIZEN = "9876543210"
OTHER_CITIZEN = "9876500000"
COUNTER_CITIZEN = "9765432109"
# username -> (role, level, code, mobile)
STAFF = {
    "dr.bhopal": (Role.OFFICER, Level.DISTRICT, "bhopal", "9111100001"),
    "jr.bhopal": (Role.OFFICER, Level.DIVISION, "bhopal", "9111100002"),
    "rcs": (Role.OFFICER, Level.STATE, None, "9111100004"),
    "collector.bhopal": (Role.OFFICER, Level.DISTRICT, "bhopal", "9111100003"),
    "dccb.bhopal": (Role.OFFICER, Level.DISTRICT, "bhopal", "9111100016"),
    "dr.indore": (Role.OFFICER, Level.DISTRICT, "indore", "9111100005"),
    "admin": (Role.ADMIN, Level.STATE, None, "9111100009"),
    "op.bhopal": (Role.PACS_OPERATOR, Level.DISTRICT, "bhopal", "9111100011"),
    "op.other": (Role.PACS_OPERATOR, Level.DISTRICT, "bhopal", "9111100012"),
}
PACS = {"name_hi": "प्राथमिक कृषि साख सहकारी समिति बैरसिया", "name_en": "Prathmik Krishi Sakh Sahkari Samiti Berasia",
        "type": "pacs", "district": "bhopal", "address": "ग्राम बैरसिया, जिला भोपाल", "registered_on": "1975-04-01",
        "mobile": "9333333333", "members": 900}


# (office, desk) -> the officers who hold that seat: without a seat nobody may decide (hole 1 of
# issue 13), so the tests name the holders the way an admin would (PUT /lokseva/seats/{office}).
SEATS = {
    ("sdm", "district:bhopal"): ["dr.bhopal"],
    ("tehsildar", "district:bhopal"): ["dr.bhopal"],
    ("collector", "district:bhopal"): ["collector.bhopal"],
    ("dr_coop", "district:bhopal"): ["dr.bhopal"],
    ("dr_coop", "district:indore"): ["dr.indore"],
    ("jr_coop", "division:bhopal"): ["jr.bhopal"],
    ("rcs", "state"): ["rcs"],
}


def seed(seats: dict[tuple[str, str], list[str]] | None = None) -> None:
    """Master data and the seats (SEATS unless given; the holders' accounts are made on first
    sign-in, so the seats are written directly rather than through the checked admin route)."""
    from chalicelib.lokseva import service, store

    service.seed_master_data("test")
    for (office, desk), usernames in (SEATS if seats is None else seats).items():
        store.config_put("test", f"SEAT#{office}#{desk}", {"usernames": usernames}, None, "test seat")


def _session(client, who: str, ttl: timedelta, sign_in) -> str:
    """Reuse a test's session while it is valid (OTP sends are rate-limited on the frozen clock);
    kept on the test's own client, so no session outlives its test."""
    from chalicelib.core import clock

    sessions = client.__dict__.setdefault("lokseva_sessions", {})
    found = sessions.get(who)
    if found and clock.now() - found[1] < ttl:
        return found[0]
    value = sign_in()
    sessions[who] = (value, clock.now())
    return value


def token(client, sms, username: str) -> str:
    """Sign in one of STAFF (created on first use)."""
    from chalicelib.identity import store as identity_store

    role, level, code, mobile = STAFF[username]

    def sign_in() -> str:
        if identity_store.get_user(username) is None:
            return officer(client, sms, username, level, code, mobile, role)
        return staff_token(client, sms, username, mobile)

    return _session(client, username, timedelta(hours=7), sign_in)


def citizen(client, sms, mobile: str = CITIZEN) -> str:
    return _session(client, mobile, timedelta(minutes=50), lambda: citizen_token(client, sms, mobile))


def advance(frozen_clock, **delta) -> None:
    frozen_clock["now"] = frozen_clock["now"] + timedelta(**delta)


PDF = b"%PDF-1.7\n" + b"a scanned paper\n" * 40


def upload(client, token_, data: bytes = PDF, content_type: str = "application/pdf", name: str = "paper.pdf") -> str:
    """Declare, PUT and confirm one document; its id."""
    import hashlib

    import requests

    body = {"name": name, "content_type": content_type, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    r = client.post("/lokseva/documents", body, token=token_)
    assert r.status == 201, r
    ticket = r.json
    sent = requests.put(ticket["upload"]["url"], data=data, headers=ticket["upload"]["headers"], timeout=10)
    assert sent.status_code == 200, sent.text
    r = client.post(f"/lokseva/documents/{ticket['document_id']}/confirm", token=token_)
    assert r.status == 200, r
    return ticket["document_id"]


def sample_answers(definition: dict) -> dict:
    """A valid answer to every question of a service's form (from its definition)."""
    out = {}
    for spec in definition.get("form", []):
        if spec["type"] == "number":
            out[spec["name"]] = spec["minimum"] if float(spec["minimum"]).is_integer() else str(spec["minimum"])
        elif spec["type"] == "date":
            out[spec["name"]] = "2025-01-15"
        elif spec["type"] == "choice":
            out[spec["name"]] = spec["options"][0]["value"]
        elif spec.get("pattern") == "^[0-9]{8,9}$":
            out[spec["name"]] = "12345678"
        elif spec.get("pattern"):
            out[spec["name"]] = "2024-25"
        else:
            out[spec["name"]] = "test answer"
    return out


def society_in(client, sms, district: str) -> str:
    """A society of `district` registered through the API (one per test and district)."""
    made = client.__dict__.setdefault("lokseva_societies", {})
    if district not in made:
        officer_ = token(client, sms, "dr.indore" if district == "indore" else "dr.bhopal")
        mobile = f"93333{len(made) + 10:05d}"
        r = client.post("/societies", {**PACS, "district": district, "mobile": mobile}, token=officer_)
        assert r.status == 201, r
        made[district] = r.json["reg_no"]
    return made[district]


def complete(client, token_, service: str, body: dict, sms=None) -> dict:
    """The form's answers, the required documents (uploaded by `token_`) and, for a service about
    a society, a society of the district (needs `sms`), unless given."""
    definition = client.get(f"/lokseva/services/{service}").json
    if definition.get("asks_society") and definition.get("applicant") == "person" and "society" not in body and sms:
        body["society"] = society_in(client, sms, body.get("district") or "bhopal")
    if "form" not in body:
        body["form"] = sample_answers(definition)
    if "documents" not in body:
        body["documents"] = [{"code": d["code"], "document_id": upload(client, token_)}
                             for d in definition.get("documents", []) if d["required"]]
    return body


def apply(client, token_, service="income_certificate", district="bhopal", headers=None, sms=None, **extra):
    body = complete(client, token_, service,
                    {"service": service, "district": district, "applicant_name": "Ramesh Kumar", **extra}, sms)
    return client.post("/lokseva/applications", body, token=token_, headers=headers)


def decide(client, token_, ack, decision="approve", reasons="documents verified", **extra):
    return client.post(f"/lokseva/applications/{ack}/decision",
                       {"decision": decision, "reasons": reasons, **extra}, token=token_)


def pacs_centre(client, sms, operators=("op.bhopal",)) -> str:
    """A PACS registered through the societies API and made a service centre by the admin."""
    dr = token(client, sms, "dr.bhopal")
    r = client.post("/societies", PACS, token=dr)
    assert r.status == 201, r
    reg_no = r.json["reg_no"]
    for name in operators:
        role, level, code, mobile = STAFF[name]
        make_staff(name, role, level, code, mobile)   # accounts exist before they are bound
    admin = token(client, sms, "admin")
    r = client.call("PUT", f"/lokseva/centres/{reg_no}", {"operators": list(operators)}, token=admin)
    assert r.status == 200, r
    return reg_no


def operator_token(client, sms, username: str) -> str:
    return staff_token(client, sms, username, STAFF[username][3])
