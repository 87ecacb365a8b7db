"""CA empanelment on the Step Functions state machine (moto executes it): every path driven through
the API, our records checked against the execution's own history."""

from __future__ import annotations

import pytest

from chalicelib.audits import panel, steps, store
from chalicelib.core import aws
from tests.integration.test_audits_helpers import YEAR, firm, firm_token, hq

PARTNERS = [{"name": "R. Sharma", "membership_no": "401234"}]

PATHS = {
    "shortfall, resubmitted, empanelled, expired": [
        ("hq", "raise_shortfall", "peer review missing"), ("firm", "resubmit", None),
        ("hq", "provisionally_empanel", None), ("hq", "empanel", None), ("hq", "expire", None)],
    "shortfall twice then rejected": [
        ("hq", "raise_shortfall", "documents"), ("firm", "resubmit", None),
        ("hq", "raise_shortfall", "still missing"), ("hq", "reject", "shortfall not met")],
    "rejected at scrutiny": [("hq", "reject", "no cooperative audit experience")],
    "debarred while provisional": [("hq", "provisionally_empanel", None), ("hq", "debar", "ICAI disciplinary order")],
    "debarred while empanelled": [
        ("hq", "provisionally_empanel", None), ("hq", "empanel", None), ("hq", "debar", "false audit report")],
    "rejected while provisional": [("hq", "provisionally_empanel", None), ("hq", "reject", "fee not paid")],
}


@pytest.fixture
def parties(client, sms, aws_resources):
    found = firm("100001C", years=())
    return {"hq": hq(client, sms), "firm": firm_token(client, sms, found)}


def _status(arn: str) -> str:
    return aws.client("stepfunctions").describe_execution(executionArn=arn)["status"]


@pytest.mark.parametrize("path", PATHS, ids=list(PATHS))
def test_every_path_keeps_our_record_and_the_execution_in_step(client, sms, parties, path):
    r = client.post("/ca/applications", {"year": YEAR, "partners": PARTNERS, "experience_years": 9},
                    token=parties["firm"])
    assert r.status == 201, r
    view = r.json
    for who, action, note in PATHS[path]:
        body = {"action": action, "version": view["version"], **({"note": note} if note else {})}
        r = client.post(f"/ca/applications/{YEAR}/100001C/actions", body, token=parties[who])
        assert r.status == 200, (action, r)
        view = r.json

    entries = store.history(store.empanelment_pk(YEAR, "100001C"))
    ours = [e.to_state for e in entries]
    arn = store.get_empanelment(YEAR, "100001C").execution_arn
    executed = [s for s in steps.execution_steps(arn) if s["kind"] in ("Task", "Succeed")]
    assert [s["state"] for s in executed] == [panel.TASK_STATES.get(x) or panel.END_STATES[x] for x in ours]
    assert [s["action"] for s in executed if s["kind"] == "Task"] == [e.action for e in entries[1:]]
    assert _status(arn) == "SUCCEEDED" and view["status"] in panel.FINAL
    shown = client.get(f"/ca/applications/{YEAR}/100001C", token=parties["hq"]).json
    assert [s["state"] for s in shown["steps"] if s["kind"] == "Task"] == [s["state"] for s in executed][:-1]


def test_an_answered_step_cannot_be_answered_again(client, sms, parties):
    client.post("/ca/applications", {"year": YEAR, "partners": PARTNERS, "experience_years": 9}, token=parties["firm"])
    item = store.get_empanelment(YEAR, "100001C")
    token = steps.answer(item, "provisionally_empanel", "someone-else")      # a racing action got there first
    r = client.post(f"/ca/applications/{YEAR}/100001C/actions", {"action": "reject", "version": 1, "note": "x"},
                    token=parties["hq"])
    assert r.status == 409 and r.error_code in ("WORKFLOW_TASK_GONE", "WORKFLOW_NOT_READY")
    assert store.get_empanelment(YEAR, "100001C").status == panel.APPLIED and token
