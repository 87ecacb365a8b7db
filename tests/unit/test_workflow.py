"""core.workflow without AWS: the task message, the execution history read back, token errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError

from chalicelib.core import workflow


class FakeSfn:
    def __init__(self, pages, error=None):
        self.pages, self.error, self.calls = pages, error, []

    def get_execution_history(self, **kwargs):
        self.calls.append(kwargs)
        return self.pages[len(self.calls) - 1]

    def send_task_success(self, **kwargs):
        if self.error:
            raise ClientError({"Error": {"Code": self.error, "Message": "x"}}, "SendTaskSuccess")
        self.calls.append(kwargs)


def _event(kind, **details):
    return {"type": kind, "timestamp": datetime(2026, 1, 1, tzinfo=UTC), **details}


@pytest.fixture
def fake(monkeypatch):
    def install(sfn):
        monkeypatch.setattr(workflow.aws, "client", lambda name: sfn)
        return sfn
    return install


def test_a_task_message_carries_subject_stage_token_and_execution():
    body = json.dumps({"subject": "R1", "stage": "SUBMITTED", "token": "t", "execution": "arn:x", "state": "S",
                       "entered": "2026-01-01T00:00:00Z", "extra": 1})
    task = workflow.Task.from_body(body)
    assert (task.subject, task.stage, task.token, task.execution_arn, task.state) == ("R1", "SUBMITTED", "t",
                                                                                      "arn:x", "S")
    assert task.payload == {"extra": 1}


def test_history_reads_every_page_and_pairs_answers_with_their_state(fake):
    sfn = fake(FakeSfn([
        {"events": [_event("TaskStateEntered", stateEnteredEventDetails={"name": "Wait"}),
                    _event("TaskSucceeded", taskSucceededEventDetails={"output": '{"action": "go"}'})],
         "nextToken": "p2"},
        {"events": [_event("TaskStateExited", stateExitedEventDetails={"name": "Wait"}),
                    _event("TaskStateEntered", stateEnteredEventDetails={"name": "Appeal"}),
                    _event("TaskFailed", taskFailedEventDetails={"error": "Lapsed"}),
                    _event("SucceedStateEntered", stateEnteredEventDetails={"name": "Done"})]},
    ]))
    steps = workflow.history("arn:exec")
    assert [(s.state, s.kind, s.output, s.error) for s in steps] == [
        ("Wait", "Task", {"action": "go"}, None), ("Appeal", "Task", None, "Lapsed"), ("Done", "Succeed", None, None)]
    assert steps[0].exited_at is not None and sfn.calls[1]["nextToken"] == "p2"


def test_an_answered_or_expired_token_is_a_conflict(fake):
    fake(FakeSfn([], error="InvalidToken"))
    with pytest.raises(workflow.TaskGone) as err:
        workflow.succeed("t", {"action": "x"})
    assert err.value.status == 409
    fake(FakeSfn([], error="ThrottlingException"))
    with pytest.raises(ClientError):
        workflow.succeed("t", {})


def test_the_machine_arn_comes_from_the_environment_in_aws(monkeypatch):
    monkeypatch.setenv("SAHKAR_STATE_MACHINE_REGISTRATIONS_APPROVAL", "arn:aws:states:r:1:stateMachine:p-x")
    assert workflow.machine_arn("registrations-approval") == "arn:aws:states:r:1:stateMachine:p-x"
    assert workflow.execution_arn("registrations-approval", "R1") == "arn:aws:states:r:1:execution:p-x:R1"
