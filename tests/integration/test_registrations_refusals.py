"""What registrations refuses: other citizens, other districts, wrong roles and stages, bad
applications, stale versions, replays."""

from __future__ import annotations

import pytest

from chalicelib.core import workflow
from chalicelib.core.auth import Level
from chalicelib.registrations import domain, store
from tests.integration.helpers import citizen_token
from tests.integration.registrations_helpers import (
    APPLICANT_MOBILE,
    People,
    act,
    application,
    draft,
    staff,
    submitted,
    upload,
)

pytestmark = pytest.mark.usefixtures("aws_resources")
OTHER_CITIZEN = "9876500002"


@pytest.fixture
def people(client, sms):
    return People(client, sms)


def _submit(client, token, reg, headers=None):
    return client.post(f"/registrations/{reg['id']}/submit", {"version": reg["version"], "declaration": True},
                       token=token, headers=headers)


def test_another_citizen_can_neither_read_nor_edit_nor_submit_a_draft(client, sms, people):
    reg = draft(client, people.applicant)
    other = citizen_token(client, sms, OTHER_CITIZEN)
    r = client.get(f"/registrations/{reg['id']}", token=other, headers={"Accept-Language": "en"})
    assert r.status == 403 and r.error_code == "REGISTRATION_NOT_YOURS"
    assert r.json["error"]["message"] == "This application is not yours."
    assert client.get(f"/registrations/{reg['id']}", token=other).json["error"]["message"] == "यह आवेदन आपका नहीं है।"
    r = client.patch(f"/registrations/{reg['id']}", {"address": "elsewhere", "version": reg["version"]}, token=other)
    assert r.status == 403 and r.error_code == "REGISTRATION_NOT_YOURS"
    assert _submit(client, other, reg).error_code == "REGISTRATION_NOT_YOURS"
    assert client.get("/registrations", token=other).json["items"] == []
    mine = client.get("/registrations", token=people.applicant).json["items"]
    assert [i["id"] for i in mine] == [reg["id"]]
    # drafts are private: not in the district's list either
    assert client.get("/registrations?district=bhopal", token=people.dr).json["items"] == []
    assert client.get(f"/registrations/{reg['id']}", token=people.dr).status == 200
    assert store.get(reg["id"]).data["address"] == "Village Phanda, Bhopal"


def test_fewer_promoters_than_the_minimum_is_refused_naming_the_field(client, people):
    reg = draft(client, people.applicant, count=20)
    r = _submit(client, people.applicant, reg, headers={"Accept-Language": "en"})
    assert r.status == 422 and r.error_code == "REGISTRATION_TOO_FEW_PROMOTERS" and r.error_fields == ["promoters"]
    assert "21" in r.json["error"]["message"]
    assert store.get(reg["id"]).stage == "DRAFT" and store.get(reg["id"]).execution_arn is None


def test_two_promoters_of_one_family_are_refused(client, people):
    reg = draft(client, people.applicant, count=22)
    family = reg["application"]["promoters"]
    family[3]["family_id"] = family[0]["family_id"]
    r = client.patch(f"/registrations/{reg['id']}", {"promoters": family, "version": reg["version"]},
                     token=people.applicant)
    assert r.status == 200, r
    r = _submit(client, people.applicant, r.json)
    assert r.status == 422 and r.error_code == "REGISTRATION_SAME_FAMILY"
    assert r.error_fields == ["promoters[3].family_id"]


def test_incomplete_application_and_capital_mismatch_name_their_fields(client, people):
    r = client.post("/registrations", {"district": "bhopal", "name_en": "Only a name"}, token=people.applicant)
    assert r.status == 201
    r = _submit(client, people.applicant, r.json)
    assert r.status == 422 and "promoters" not in r.error_fields and "share_capital" in r.error_fields
    reg = draft(client, people.applicant, share_capital="999.00")
    r = _submit(client, people.applicant, reg)
    assert r.status == 422 and r.error_code == "REGISTRATION_CAPITAL_MISMATCH" and r.error_fields == ["share_capital"]
    r = client.post("/registrations", {"district": "atlantis"}, token=people.applicant)
    assert r.status == 422 and r.error_fields == ["district"]
    r = client.post("/registrations", {"district": "bhopal", "promoters": [{"name": "x"}]}, token=people.applicant)
    assert r.status == 422 and any(f.startswith("promoters") for f in r.error_fields)
    assert client.post("/registrations", {"district": "bhopal"}, token=people.dr).error_code == "FORBIDDEN_ROLE"


def test_submit_replayed_with_idempotency_key_creates_nothing_twice(client, sms, people):
    reg = upload(client, people.applicant, draft(client, people.applicant))
    first = _submit(client, people.applicant, reg, headers={"Idempotency-Key": "submit-1"})
    again = _submit(client, people.applicant, reg, headers={"Idempotency-Key": "submit-1"})
    assert first.status == again.status == 200
    assert again.json["receipt_no"] == first.json["receipt_no"] and again.json["version"] == first.json["version"]
    receipts = [t for t in sms.to(APPLICANT_MOBILE) if first.json["receipt_no"] in t]
    assert len(receipts) == 1
    arn = first.json["execution_arn"]
    sfn = __import__("chalicelib.core.aws", fromlist=["client"]).client("stepfunctions")
    machine = workflow.machine_arn(domain.MACHINE)
    assert [e["executionArn"] for e in sfn.list_executions(stateMachineArn=machine)["executions"]] == [arn]
    # without the key, a second submit is a wrong-stage refusal, not a second application
    r = _submit(client, people.applicant, first.json)
    assert r.status == 409 and r.error_code == "REGISTRATION_WRONG_STAGE"


def test_officers_of_another_district_cannot_see_or_act(client, people):
    reg = submitted(client, people.applicant)
    indore = staff("dr.indore", code="indore", mobile="9000000201")
    r = client.get(f"/registrations/{reg['id']}", token=indore)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    r = act(client, indore, reg, "assign_inspector", expect=403, inspector="insp.indore")
    assert r["error"]["code"] == "FORBIDDEN_JURISDICTION"
    r = client.get("/registrations?district=bhopal", token=indore)
    assert r.status == 403
    listed = client.get("/registrations?district=bhopal&stage=SUBMITTED", token=people.dr).json["items"]
    assert [i["id"] for i in listed] == [reg["id"]]
    assert store.get(reg["id"]).stage == "SUBMITTED"


def test_wrong_stage_and_wrong_actor_are_refused_with_the_reason(client, people):
    reg = submitted(client, people.applicant)
    r = act(client, people.dr, reg, "register", expect=409, note="too early")
    assert r["error"]["code"] == "REGISTRATION_WRONG_STAGE"
    assert r["error"]["message"] == "'register' स्थिति SUBMITTED में नहीं हो सकता (आवश्यक: REPORT_SUBMITTED)।"
    assert act(client, people.applicant, reg, "assign_inspector", expect=403,
               inspector="insp.bhopal")["error"]["code"] == "FORBIDDEN_ROLE"
    assert act(client, people.dr, reg, "rectify", expect=403)["error"]["code"] == "FORBIDDEN_ROLE"
    assert act(client, people.dr, reg, "assign_inspector", expect=422)["error"]["details"][0]["field"] == "inspector"
    reg = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal")
    reg = act(client, people.inspector, reg, "submit_report", note="ok", recommendation="reject")
    assert act(client, people.dr, reg, "reject", expect=422)["error"]["details"][0]["field"] == "reasons"
    reg = act(client, people.dr, reg, "reject", reasons=["overlap"])
    reg = act(client, people.applicant, reg, "appeal", note="please")
    r = act(client, people.dr, reg, "allow_appeal", expect=403, note="district cannot")
    assert r["error"]["code"] == "REGISTRATION_APPELLATE_ONLY"
    other_jr = staff("jr.indore", level=Level.DIVISION, code="indore", mobile="9000000202")
    assert act(client, other_jr, reg, "dismiss_appeal", expect=403, note="x")["error"]["code"] == \
        "FORBIDDEN_JURISDICTION"
    r = client.patch(f"/registrations/{reg['id']}", {"address": "x", "version": reg["version"]},
                     token=people.applicant)
    assert r.status == 409 and r.error_code == "REGISTRATION_NOT_EDITABLE"


def test_a_stale_version_and_a_claimed_step_get_409(client, people):
    reg = submitted(client, people.applicant)
    stale = dict(reg)
    reg = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal")
    assert act(client, people.inspector, stale, "raise_deficiency", expect=409, note="x")["error"]["code"] == \
        "VERSION_CONFLICT"
    # another action holds the step (claimed, not yet recorded): this one must not answer it too
    from chalicelib.registrations import steps

    task = steps.waiting_task(store.get(reg["id"]))
    assert store.claim_task(task, "someone.else")
    r = act(client, people.inspector, reg, "raise_deficiency", expect=409, note="x")
    assert r["error"]["code"] == "REGISTRATION_ACTION_IN_PROGRESS"
    store.release_task(task)
    reg = act(client, people.inspector, reg, "raise_deficiency", note="x")
    assert reg["stage"] == "DEFICIENCY_RAISED"


def test_an_unknown_registration_is_404_and_bad_bodies_are_422(client, people):
    r = client.get("/registrations/01ARZ3NDEKTSV4RRFFQ69G5FAV", token=people.dr)
    assert r.status == 404 and r.error_code == "REGISTRATION_NOT_FOUND"
    reg = draft(client, people.applicant)
    r = client.post(f"/registrations/{reg['id']}/actions", {"action": "fly", "version": 1}, token=people.dr)
    assert r.status == 422 and r.error_fields == ["action"]
    r = client.post(f"/registrations/{reg['id']}/submit", {"version": 1, "declaration": False},
                    token=people.applicant)
    assert r.status == 422 and r.error_fields == ["declaration"]
    assert application()["share_capital"] == "2100.00"


def test_a_failed_answer_is_retried_without_registering_the_society_twice(client, people, monkeypatch):
    from chalicelib.core import workflow as wf

    reg = submitted(client, people.applicant)
    reg = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal")
    reg = act(client, people.inspector, reg, "submit_report", note="ok", recommendation="register")
    real = wf.succeed

    def throttled(token, output):
        raise RuntimeError("Step Functions unavailable")

    monkeypatch.setattr(wf, "succeed", throttled)
    r = client.post(f"/registrations/{reg['id']}/actions", {"action": "register", "version": reg["version"]},
                    token=people.dr)
    assert r.status == 500 and "Traceback" not in r.text
    assert store.get(reg["id"]).stage == "REPORT_SUBMITTED"
    monkeypatch.setattr(wf, "succeed", real)
    done = act(client, people.dr, reg, "register")
    first_no = store.get_task(reg["id"], "REPORT_SUBMITTED")
    assert first_no is None                                   # answered and removed with the change
    district = client.get("/societies?district=bhopal&type=pacs").json["items"]
    assert [s["reg_no"] for s in district] == [done["registration_no"]]


def test_an_sms_outage_does_not_fail_the_submission(client, sms, people, monkeypatch, frozen_clock):
    from datetime import timedelta

    from chalicelib.core import notify

    def down(message):
        raise RuntimeError("SNS down")

    monkeypatch.setattr(notify, "publish", down)
    reg = submitted(client, people.applicant)
    assert reg["stage"] == "SUBMITTED"
    assert not any(reg["receipt_no"] in t for t in sms.to(APPLICANT_MOBILE))
    monkeypatch.undo()
    assert notify.sweep()["sent"] == 0                  # not due yet: the retry waits a minute
    frozen_clock["now"] += timedelta(minutes=2)
    assert notify.sweep()["sent"] == 1
    assert any(reg["receipt_no"] in t for t in sms.to(APPLICANT_MOBILE))


def test_documents_are_checked_attached_required_and_read_only_by_who_may(client, sms, people):
    from chalicelib.core import documents

    reg = draft(client, people.applicant)
    r = _submit(client, people.applicant, reg, headers={"Accept-Language": "en"})
    assert r.status == 422 and r.error_code == "REGISTRATION_DOCUMENTS_MISSING" and r.error_fields == ["documents"]
    assert r.json["error"]["message"] == "Upload these documents first: bye_laws"
    reg = upload(client, people.applicant, reg)
    assert [(d["kind"], d["content_type"]) for d in reg["documents"]] == [("bye_laws", "application/pdf")]
    photo = b"\x89PNG\r\n\x1a\n" + b"0" * 32
    with pytest.raises(AssertionError):                       # a photo must say whose it is
        upload(client, people.applicant, reg, kind="promoter_photo", data=photo, content_type="image/png")
    reg = client.get(f"/registrations/{reg['id']}", token=people.applicant).json
    reg = upload(client, people.applicant, reg, kind="promoter_photo", data=photo, content_type="image/png",
                 promoter=0)
    assert reg["documents"][-1]["promoter"] == 0
    doc_id = reg["documents"][0]["document_id"]

    other = citizen_token(client, sms, OTHER_CITIZEN)
    assert client.get(f"/registrations/{reg['id']}/documents/{doc_id}", token=other).status == 403
    indore = staff("dr.indore", code="indore", mobile="9000000201")
    assert client.get(f"/registrations/{reg['id']}/documents/{doc_id}", token=indore).status == 403
    link = client.get(f"/registrations/{reg['id']}/documents/{doc_id}", token=people.dr)
    assert link.status == 200 and link.json["name"] == "bye_laws.pdf"
    assert client.get(f"/registrations/{reg['id']}/documents/01ARZ3NDEKTSV4RRFFQ69G5FAV",
                      token=people.dr).status == 404
    assert client.get(f"/registrations/{reg['id']}/documents/{'x' * 300}", token=people.dr).status == 404
    log = documents.reads("registrations", store.reg_pk(reg["id"]), 10, None)["items"]
    assert [(e["reader"], e["reader_role"]) for e in log] == [("dr.bhopal", "officer")]

    reg = submitted(client, people.applicant)          # once submitted, nothing more is attached
    r = client.post(f"/registrations/{reg['id']}/documents", {"name": "late.pdf", "content_type": "application/pdf",
                                                              "size": 10, "sha256": "0" * 64}, token=people.applicant)
    assert r.status == 409 and r.error_code == "REGISTRATION_NOT_EDITABLE"


def test_a_sweep_escalation_racing_an_action_does_not_leave_our_record_behind(client, people, monkeypatch):
    from chalicelib.core import clock
    from chalicelib.core import workflow as wf
    from chalicelib.registrations import steps

    reg = submitted(client, people.applicant)
    real = wf.succeed

    def answered_then_escalated(token, output):
        real(token, output)      # the machine moves on; then the sweep writes the record first
        assert steps._escalate(store.get(reg["id"], consistent=True), "NEAR_BREACH", clock.now())

    monkeypatch.setattr(wf, "succeed", answered_then_escalated)
    done = act(client, people.dr, reg, "assign_inspector", inspector="insp.bhopal")
    assert done["stage"] == "UNDER_SCRUTINY" and done["version"] == reg["version"] + 2
    assert [e["action"] for e in done["history"]][-2:] == ["escalated", "assign_inspector"]
    assert done["chain_valid"] is True


def test_a_citizen_lists_own_applications_by_district_and_stage(client, people):
    bhopal = draft(client, people.applicant)
    indore = draft(client, people.applicant, district="indore")
    mine = client.get("/registrations", token=people.applicant).json["items"]
    assert {i["id"] for i in mine} == {bhopal["id"], indore["id"]}
    only = client.get("/registrations?district=indore", token=people.applicant).json
    assert [i["id"] for i in only["items"]] == [indore["id"]] and only["next"] is None
    assert client.get("/registrations?district=bhopal&limit=1", token=people.applicant).json["items"][0]["id"] \
        == bhopal["id"]                                  # filtered before the page is cut, not after
    assert client.get("/registrations?district=indore&stage=SUBMITTED",
                      token=people.applicant).json["items"] == []
