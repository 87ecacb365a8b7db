"""Registration rules without AWS: who may act at which stage, promoters, the statutory clock,
and that the stages agree with the approval state machine's file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, Invalid
from chalicelib.registrations import certificate, domain
from infra.discover import ROOT

CASE = domain.Case(applicant="c1", district="bhopal", division="bhopal", stage=domain.SUBMITTED)
DR = Principal("dr", Role.OFFICER, Jurisdiction(Level.DISTRICT, "bhopal"))
DR_INDORE = Principal("dr2", Role.OFFICER, Jurisdiction(Level.DISTRICT, "indore"))
JR = Principal("jr", Role.OFFICER, Jurisdiction(Level.DIVISION, "bhopal"))
APPLICANT = Principal("c1", Role.CITIZEN)
OTHER = Principal("c2", Role.CITIZEN)


def _promoters(n: int) -> list[dict]:
    return [{"family_id": f"{10000000 + i}", "share_amount": "100.00"} for i in range(n)]


def test_every_waiting_stage_is_a_wait_for_task_token_state_of_the_machine():
    asl = json.loads((ROOT / "infra/statemachines/registrations.approval.asl.json").read_text())
    states = asl["States"]
    for stage, state in domain.STATE_OF_STAGE.items():
        assert state in states, stage
        if stage not in domain.FINAL:
            assert states[state]["Resource"].endswith("sqs:sendMessage.waitForTaskToken")
            assert states[state]["Parameters"]["MessageBody"]["stage"] == stage
            assert states[state]["Parameters"]["MessageBody"]["token.$"] == "$$.Task.Token"
    answers = {c["StringEquals"] for s in states.values() if s["Type"] == "Choice" for c in s["Choices"]}
    branching = {r.answer for r in domain.RULES.values() if r.stage in ("UNDER_SCRUTINY", "REPORT_SUBMITTED",
                                                                         "APPEALED")}
    assert branching == answers


def test_actions_check_the_actor_then_the_stage():
    assert domain.authorize_action(DR, "assign_inspector", CASE).to == domain.UNDER_SCRUTINY
    with pytest.raises(Forbidden) as err:
        domain.authorize_action(DR_INDORE, "assign_inspector", CASE)
    assert err.value.code == "FORBIDDEN_JURISDICTION"
    with pytest.raises(Forbidden):
        domain.authorize_action(APPLICANT, "assign_inspector", CASE)
    with pytest.raises(Conflict) as err:
        domain.authorize_action(DR, "register", CASE)
    assert err.value.code == "REGISTRATION_WRONG_STAGE" and err.value.params["expected"] == "REPORT_SUBMITTED"
    appealed = domain.Case("c1", "bhopal", "bhopal", domain.APPEALED)
    assert domain.authorize_action(JR, "allow_appeal", appealed).to == domain.REGISTERED
    with pytest.raises(Forbidden) as err:
        domain.authorize_action(DR, "allow_appeal", appealed)
    assert err.value.code == "REGISTRATION_APPELLATE_ONLY"
    with pytest.raises(Forbidden) as err:
        domain.authorize_action(OTHER, "appeal", domain.Case("c1", "bhopal", "bhopal", domain.REJECTED))
    assert err.value.code == "REGISTRATION_NOT_YOURS"


def test_the_assigned_inspector_may_scrutinise_even_from_another_office():
    case = domain.Case("c1", "bhopal", "bhopal", domain.UNDER_SCRUTINY, inspector="dr2")
    assert domain.authorize_action(DR_INDORE, "raise_deficiency", case).to == domain.DEFICIENCY_RAISED
    with pytest.raises(Forbidden):
        domain.authorize_action(DR_INDORE, "register", domain.Case("c1", "bhopal", "bhopal",
                                                                   domain.REPORT_SUBMITTED, inspector="dr2"))


def test_promoters_minimum_and_one_per_family():
    domain.check_promoters(_promoters(21), 21)
    with pytest.raises(Invalid) as err:
        domain.check_promoters(_promoters(20), 21)
    assert err.value.details[0]["field"] == "promoters"
    twins = _promoters(22)
    twins[5]["family_id"] = twins[2]["family_id"]
    with pytest.raises(Invalid) as err:
        domain.check_promoters(twins, 21)
    assert err.value.details[0]["field"] == "promoters[5].family_id" and err.value.params["first"] == 3


def test_share_capital_must_equal_the_promoters_shares():
    draft = {name: "x" for name in domain.REQUIRED_TO_SUBMIT} | {"promoters": _promoters(21)}
    draft["share_capital"] = "2100.00"
    domain.check_submittable(draft, 21)
    draft["share_capital"] = "2100.01"
    with pytest.raises(Invalid) as err:
        domain.check_submittable(draft, 21)
    assert err.value.code == "REGISTRATION_CAPITAL_MISMATCH"


def test_statutory_clock():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    due = domain.statutory_due(start, 30, 86400 * 3)
    assert due == datetime(2026, 2, 3, tzinfo=UTC)
    assert domain.sla_status(due, due - timedelta(days=6), 5) == "ON_TRACK"
    assert domain.sla_status(due, due - timedelta(days=5), 5) == "NEAR_BREACH"
    assert domain.sla_status(due, due, 5) == "BREACHED"
    assert domain.sla_status(None, due, 5) is None


def test_holder_follows_the_stage():
    assert domain.holder(domain.SUBMITTED, CASE)["role"] == "district_officer"
    assert domain.holder(domain.APPEALED, CASE) == {"role": "joint_registrar", "division": "bhopal",
                                                    "district": "bhopal", "user": None}
    assert domain.holder(domain.REGISTERED, CASE) is None


def test_the_certificate_shows_what_the_applicant_wrote_as_text():
    import io

    from pypdf import PdfReader

    fields = {key: f"<b>{key}</b>" for key, _, _ in certificate.ROWS} | {"registrar": "dr & co"}
    text = PdfReader(io.BytesIO(certificate.render(fields))).pages[0].extract_text()
    assert "<b>name_hi</b>" in text and "dr & co" in text
    assert "पंजीयन प्रमाणपत्र" in text and "Certificate of Registration" in text


def test_documents_required_and_per_promoter_ones_name_the_promoter():
    domain.check_documents([{"kind": "bye_laws"}], ["bye_laws"])
    with pytest.raises(Invalid) as err:
        domain.check_documents([{"kind": "other"}], ["bye_laws", "share_receipt"])
    assert err.value.details[0]["field"] == "documents" and err.value.params["kinds"] == "bye_laws, share_receipt"
    domain.check_attachment("bye_laws", None, [])
    domain.check_attachment("promoter_photo", 1, [{}, {}])
    for promoter in (None, 2):
        with pytest.raises(Invalid) as err:
            domain.check_attachment("promoter_signature", promoter, [{}, {}])
        assert err.value.details[0]["field"] == "promoter"
