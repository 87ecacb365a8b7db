"""The deploy's bootstrap (functions/bootstrap.py) as CloudFormation drives it: a custom-resource
event whose ResponseURL is a local server standing in for CloudFormation's presigned S3 URL."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from chalicelib.deploy import SEEDERS

ADMIN_MOBILE = "9812345678"
PASSWORD = "Pehla-Sahkar-2026"  # noqa: S105 - test password


class _Answers(BaseHTTPRequestHandler):
    answers: list = []

    def do_PUT(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        type(self).answers.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cloudformation():
    """A stand-in for the ResponseURL: records what the function answers."""
    _Answers.answers = []
    server = HTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/response", _Answers.answers
    server.shutdown()


def _event(url: str, kind: str, mobile: str = ADMIN_MOBILE) -> dict:
    return {"RequestType": kind, "ResponseURL": url, "StackId": "arn:aws:cloudformation:ap-south-1:1:stack/s/1",
            "RequestId": f"req-{kind}", "LogicalResourceId": "Bootstrap", "ResourceType": "Custom::Bootstrap",
            "ResourceProperties": {"ServiceToken": "arn:x", "AdminMobile": mobile, "AdminUsername": "admin",
                                   "Code": "bootstrap-abc.zip"},
            **({"PhysicalResourceId": "arn:aws:cloudformation:ap-south-1:1:stack/s/1/bootstrap"}
               if kind != "Create" else {})}


def _items(client, path: str) -> list:
    r = client.get(path)
    assert r.status == 200, r
    return r.json if isinstance(r.json, list) else r.json.get("items", r.json.get("services", r.json.get("seasons")))


def test_seeders_are_every_service_that_has_master_data():
    import importlib
    import importlib.util

    from chalicelib.services import SERVICES

    having = set()
    for name in SERVICES:
        if importlib.util.find_spec(f"chalicelib.{name}") is None:
            continue
        spec = importlib.util.find_spec(f"chalicelib.{name}.service")
        if spec and hasattr(importlib.import_module(f"chalicelib.{name}.service"), "seed_master_data"):
            having.add(name)
    assert set(SEEDERS) == having
    assert set(SEEDERS) | {"identity", "notify"} == set(SERVICES["bootstrap"].calls)


def test_a_fresh_stack_gets_its_master_data_and_an_admin_who_signs_in_by_otp(client, sms, cloudformation,
                                                                               frozen_clock):
    from functions.bootstrap import deploy

    url, answers = cloudformation
    assert _items(client, "/grievances/categories") == []       # a fresh stack: nothing seeded

    deploy(_event(url, "Create"), None)

    answer = answers[-1]
    assert answer["Status"] == "SUCCESS", answer
    assert answer["LogicalResourceId"] == "Bootstrap" and answer["RequestId"] == "req-Create"
    assert answer["Data"]["Admin"] == "created" and int(answer["Data"]["Seeded"]) > 0
    assert _items(client, "/grievances/categories")
    assert _items(client, "/lokseva/services")
    assert _items(client, "/subvention/seasons")

    # the admin activates the account with an OTP to the deploy's mobile, then signs in
    r = client.post("/auth/password/reset", {"username": "admin"})
    assert r.status in (200, 202), r
    r = client.post("/auth/password/reset/verify", {"challenge_id": r.json["challenge_id"],
                                                    "otp": sms.last_otp(ADMIN_MOBILE), "new_password": PASSWORD})
    assert r.status in (200, 204), r
    frozen_clock["now"] += timedelta(minutes=2)          # the next OTP may go out
    r = client.post("/auth/login", {"username": "admin", "password": PASSWORD})
    assert r.status == 200, r
    r = client.post("/auth/login/verify", {"challenge_id": r.json["challenge_id"], "otp": sms.last_otp(ADMIN_MOBILE)})
    assert r.status == 200 and r.json["role"] == "admin", r


def test_a_later_deploy_keeps_the_admins_edits_and_account(client, sms, cloudformation):
    from chalicelib.core import masterstore
    from chalicelib.lokseva.masterdata import SETTINGS_KEY
    from functions.bootstrap import deploy

    url, answers = cloudformation
    deploy(_event(url, "Create"), None)
    item = masterstore.one("lokseva", SETTINGS_KEY)
    edited = {**item.data, "first_appeal_days": 45}
    masterstore.put("lokseva", "admin", SETTINGS_KEY, edited, int(item.version), "admin's edit")
    sent = len(sms.to(ADMIN_MOBILE))

    deploy(_event(url, "Update", mobile="9800000000"), None)

    answer = answers[-1]
    assert answer["Status"] == "SUCCESS", answer
    assert answer["Data"] == {"Seeded": "0", "Admin": "kept"}
    assert masterstore.one("lokseva", SETTINGS_KEY).data["first_appeal_days"] == 45
    assert len(sms.to(ADMIN_MOBILE)) == sent and sms.to("9800000000") == []   # the account was left alone


def test_a_failure_is_reported_to_cloudformation_and_delete_keeps_the_data(client, cloudformation):
    from functions.bootstrap import deploy

    url, answers = cloudformation
    deploy(_event(url, "Create", mobile="12345"), None)
    assert answers[-1]["Status"] == "FAILED"
    assert "ValueError" in answers[-1]["Reason"] and "12345" not in answers[-1]["Reason"]

    deploy(_event(url, "Create", mobile=""), None)
    assert answers[-1]["Status"] == "SUCCESS" and answers[-1]["Data"]["Admin"] == "skipped"
    deploy(_event(url, "Delete"), None)
    assert answers[-1]["Status"] == "SUCCESS"
    assert _items(client, "/grievances/categories")
