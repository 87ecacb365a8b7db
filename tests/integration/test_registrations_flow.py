"""Every path of the approval state machine, driven through the API on moto's Step Functions:
approve, deficiency loop, reject + appeal allowed, appeal dismissed, appeal lapsed. Each checks
our record and history against the execution's own history."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from chalicelib.core import workflow
from chalicelib.registrations import domain, store
from tests.integration.registrations_helpers import (
    APPLICANT_MOBILE,
    People,
    act,
    machine_path,
    our_path,
    submitted,
    wait_until,
)

pytestmark = pytest.mark.usefixtures("aws_resources")


@pytest.fixture
def people(client, sms):
    return People(client, sms)


def _finished(reg_id: str) -> str:
    arn = workflow.execution_arn(domain.MACHINE, reg_id)
    return wait_until(lambda: (s := workflow.status(arn)) != "RUNNING" and s)


def _consistent(client, token, reg: dict) -> dict:
    view = client.get(f"/registrations/{reg['id']}", token=token).json
    assert view["chain_valid"] is True
    assert our_path(view) == machine_path(reg["id"])
    return view


def test_approve_registers_the_society_with_its_login_and_certificate(client, sms, people):
    reg = submitted(client, people.applicant)
    assert reg["stage"] == "SUBMITTED" and reg["receipt_no"].startswith("RG-")
    assert reg["holder"] == {"role": "district_officer", "district": "bhopal", "division": None, "user": None}
    assert reg["deadline"] == reg["statutory"]["due_at"] and reg["statutory"]["limit_days"] == 30
    assert reg["execution_arn"] == workflow.execution_arn(domain.MACHINE, reg["id"])
    receipt_sms = [text for text in sms.to(APPLICANT_MOBILE) if reg["receipt_no"] in text]
    assert len(receipt_sms) == 1 and "पावती क्रमांक" in receipt_sms[0]      # Hindi by default

    reg = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal", note="inspect the village")
    assert reg["stage"] == "UNDER_SCRUTINY" and reg["holder"]["user"] == "insp.bhopal"
    reg = act(client, people.inspector, reg, "submit_report", note="promoters verified", recommendation="register")
    assert reg["stage"] == "REPORT_SUBMITTED" and reg["report"]["recommendation"] == "register"
    reg = act(client, people.dr, reg, "register", note="registered under section 9")

    assert reg["stage"] == "REGISTERED" and reg["holder"] is None and reg["deadline"] is None
    reg_no = reg["registration_no"]
    society = client.get(f"/societies/{reg_no}").json
    assert society["name_en"] == "Kisan Multipurpose Cooperative Society Ltd" and society["members"] == 21
    assert reg["society_login"] == reg_no.lower()
    assert any(reg_no in text for text in sms.to(APPLICANT_MOBILE))
    link = client.get(f"/registrations/{reg['id']}/certificate", token=people.applicant)
    assert link.status == 200 and link.json["registration_no"] == reg_no
    item = store.get(reg["id"])
    pdf = store.read_certificate(item.certificate_key)
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1 and reg_no in text and "Certificate of Registration" in text
    # words whose glyphs the extractor maps back exactly; the font is embedded, shaped by HarfBuzz
    assert "प्रमाणपत्र" in text and "भोपाल" in text
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("Devanagari" in f for f in fonts)
    assert item.certificate_key.startswith("registrations/")

    assert _finished(reg["id"]) == "SUCCEEDED"
    view = _consistent(client, people.applicant, reg)
    assert [e["action"] for e in view["history"]] == ["draft_created", "document_attached", "submit",
                                                      "assign_inspector", "submit_report", "register"]
    steps = client.get(f"/registrations/{reg['id']}/workflow", token=people.dr).json
    assert steps["status"] == "SUCCEEDED"
    answers = [s["output"]["action"] for s in steps["steps"] if s["output"]]
    assert answers == ["assigned", "report", "register"]


def test_deficiency_loop_pauses_the_clock_and_returns_to_scrutiny(client, sms, people):
    reg = submitted(client, people.applicant)
    reg = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal")
    for round_no in (1, 2):
        reg = act(client, people.inspector, reg, "raise_deficiency", note=f"photos missing (round {round_no})")
        assert reg["stage"] == "DEFICIENCY_RAISED" and reg["holder"]["role"] == "applicant"
        assert reg["statutory"]["paused"] is True and reg["deficiency"].startswith("photos missing")
        assert any("rectify" in t or "पूर्ति" in t for t in sms.to(APPLICANT_MOBILE)[-1:])
        r = client.patch(f"/registrations/{reg['id']}", {"address": f"Village Phanda, ward {round_no}",
                                                          "version": reg["version"]}, token=people.applicant)
        assert r.status == 200, r
        reg = act(client, people.applicant, r.json, "rectify", note="photos uploaded")
        assert reg["stage"] == "UNDER_SCRUTINY" and reg["statutory"]["paused"] is False
    assert reg["application"]["address"] == "Village Phanda, ward 2"
    reg = act(client, people.inspector, reg, "submit_report", note="in order now", recommendation="register")
    reg = act(client, people.dr, reg, "register")
    assert reg["stage"] == "REGISTERED"
    assert _finished(reg["id"]) == "SUCCEEDED"
    assert machine_path(reg["id"]) == ["AwaitInspector", "Scrutiny", "Deficiency", "Scrutiny", "Deficiency",
                                       "Scrutiny", "AwaitDecision", "Registered"]
    _consistent(client, people.applicant, reg)


def test_rejection_then_appeal_allowed_by_the_jr_registers(client, sms, people):
    reg = submitted(client, people.applicant)
    reg = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal")
    reg = act(client, people.inspector, reg, "submit_report", note="area overlaps", recommendation="reject")
    reg = act(client, people.dr, reg, "reject", note="rejected", reasons=["area of operation overlaps PACS X"])
    assert reg["stage"] == "REJECTED" and reg["reasons"] == ["area of operation overlaps PACS X"]
    assert reg["appeal_by"] == reg["deadline"] and reg["holder"]["role"] == "applicant"
    rejected_sms = sms.to(APPLICANT_MOBILE)[-1]
    assert reg["receipt_no"] in rejected_sms

    reg = act(client, people.applicant, reg, "appeal", note="no PACS works in this panchayat")
    assert reg["stage"] == "APPEALED" and reg["holder"] == {"role": "joint_registrar", "division": "bhopal",
                                                            "district": "bhopal", "user": None}
    reg = act(client, people.jr, reg, "allow_appeal", note="appeal allowed; register")
    assert reg["stage"] == "REGISTERED" and reg["registration_no"]
    assert _finished(reg["id"]) == "SUCCEEDED"
    assert machine_path(reg["id"])[-3:] == ["AwaitAppeal", "AppealHearing", "Registered"]
    _consistent(client, people.jr, reg)


def test_appeal_dismissed_ends_in_final_rejection(client, sms, people):
    reg = submitted(client, people.applicant)
    reg = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal")
    reg = act(client, people.inspector, reg, "submit_report", note="fake members", recommendation="reject")
    reg = act(client, people.dr, reg, "reject", reasons=["promoters not genuine"])
    reg = act(client, people.applicant, reg, "appeal", note="they are genuine")
    reg = act(client, people.jr, reg, "dismiss_appeal", note="inquiry confirms")
    assert reg["stage"] == "REJECTION_FINAL" and reg["holder"] is None and reg["registration_no"] is None
    assert reg["receipt_no"] in sms.to(APPLICANT_MOBILE)[-1]
    assert _finished(reg["id"]) == "SUCCEEDED"
    assert machine_path(reg["id"])[-1] == "Rejected"
    _consistent(client, people.applicant, reg)
    r = client.get(f"/registrations/{reg['id']}/certificate", token=people.applicant)
    assert r.status == 409 and r.error_code == "REGISTRATION_NO_CERTIFICATE"


def test_an_appeal_not_filed_in_time_lapses_by_the_sweep(client, sms, people, frozen_clock):
    from datetime import timedelta

    from chalicelib.registrations import steps

    reg = submitted(client, people.applicant)
    reg = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal")
    reg = act(client, people.inspector, reg, "submit_report", note="x", recommendation="reject")
    reg = act(client, people.dr, reg, "reject", reasons=["incomplete bye-laws"])
    assert steps.sweep()["appeals_lapsed"] == 0               # the window is open
    frozen_clock["now"] += timedelta(days=31)
    assert steps.sweep()["appeals_lapsed"] == 1
    assert steps.sweep()["appeals_lapsed"] == 0               # and only once

    item = store.get(reg["id"])
    assert item.stage == "REJECTION_FINAL" and item.sla_due is None
    assert _finished(reg["id"]) == "SUCCEEDED"
    steps = workflow.history(item.execution_arn)
    appeal_wait = [s for s in steps if s.state == "AwaitAppeal"][0]
    assert appeal_wait.error == domain.APPEAL_LAPSED and steps[-1].state == "Rejected"
    entries = store.history(reg["id"])
    assert entries[-1].action == "appeal_lapsed" and entries[-1].actor == "system"
    assert our_path({"history": [e.as_dict() for e in entries]}) == machine_path(reg["id"])


def test_sms_go_in_the_language_the_applicant_chose(client, sms, people):
    from tests.integration.registrations_helpers import draft, upload

    reg = upload(client, people.applicant, draft(client, people.applicant, lang="en"))
    r = client.post(f"/registrations/{reg['id']}/submit", {"version": reg["version"], "declaration": True},
                    token=people.applicant)
    assert sms.to(APPLICANT_MOBILE)[-1].startswith(
        f"Sahkar Setu: society registration application received, receipt {r.json['receipt_no']}.")
    reg = act(client, people.dr, r.json, "assign_inspector", inspector="insp.bhopal")
    act(client, people.inspector, reg, "raise_deficiency", note="bye-laws unsigned")
    assert "Please rectify it by" in sms.to(APPLICANT_MOBILE)[-1]


def test_the_new_societys_login_is_announced_in_the_applicants_language(client, sms, people):
    from tests.integration.registrations_helpers import draft, upload

    reg = upload(client, people.applicant, draft(client, people.applicant, lang="en"))
    r = client.post(f"/registrations/{reg['id']}/submit", {"version": reg["version"], "declaration": True},
                    token=people.applicant)
    reg = act(client, people.dr, r.json, "assign_inspector", inspector="insp.bhopal")
    reg = act(client, people.inspector, reg, "submit_report", note="verified", recommendation="register")
    reg = act(client, people.dr, reg, "register", note="registered")
    login = reg["society_login"]
    created = [t for t in sms.to(APPLICANT_MOBILE) if login in t]
    assert created == [f"Sahkar Setu: your account {login} has been created. Set your password with an OTP."]
