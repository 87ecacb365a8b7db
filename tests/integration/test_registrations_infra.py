"""The approval machine's task queue: the local stack and the template make the same one, and
only the machine may send to it and only the registrations function read it."""

from __future__ import annotations

import json

from chalicelib.core import aws, workflow
from chalicelib.core.config import get_settings
from infra import iam, resources
from infra.discover import ROOT
from infra.project import build
from infra.template import generate


def test_local_task_queue_equals_the_template_queue_and_is_least_privilege():
    resources.create_local()
    template = generate(build(ROOT))
    res = template["Resources"]
    queue = res[iam.task_queue_id("registrations")]["Properties"]
    name = queue["QueueName"]["Fn::Sub"][0].replace("${Prefix}", get_settings().resource_prefix)
    assert name == workflow.queue_name("registrations")
    attrs = aws.client("sqs").get_queue_attributes(QueueUrl=workflow.queue_url("registrations"),
                                                   AttributeNames=["All"])["Attributes"]
    for key, value in resources.TASK_QUEUE_ATTRIBUTES.items():
        assert attrs[key] == value == str(queue[key])

    machine_role = json.dumps(res["StateMachineRegistrationsApprovalRole"]["Properties"])
    assert "sqs:SendMessage" in machine_role and "sqs:ReceiveMessage" not in machine_role
    function_role = json.dumps(res["RoleRegistrations"]["Properties"])
    on_task_queue = [st for st in res["RoleRegistrations"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
                     if {"Fn::GetAtt": [iam.task_queue_id("registrations"), "Arn"]} in st["Resource"]]
    assert "sqs:ReceiveMessage" in function_role
    assert on_task_queue and all("sqs:SendMessage" not in st["Action"] for st in on_task_queue)
    for other in ("RoleGrievances", "RoleSocieties", "RoleIdentity"):
        assert "TaskQueueRegistrations" not in json.dumps(res[other]["Properties"])
    env = res["FunctionRegistrationsApi"]["Properties"]["Environment"]["Variables"]
    assert env["SAHKAR_TASK_QUEUE_REGISTRATIONS"] == {"Ref": "TaskQueueRegistrations"}
    assert env["SAHKAR_STATE_MACHINE_REGISTRATIONS_APPROVAL"] == {"Ref": "StateMachineRegistrationsApproval"}
    assert "SAHKAR_DOCUMENT_BUCKET" in env


def test_the_local_stack_saves_and_restores_while_an_approval_waits(tmp_path):
    """Ctrl-C on `make run` pickles moto's state: a waiting execution's threads and locks must not
    stop it (they are dropped; the execution's record and history survive)."""
    from stack.moto_server import EmbeddedAws

    resources.create_local()
    arn = workflow.start("registrations-approval", "R-SAVE", {"registration_id": "R-SAVE"})
    kept = []
    assert workflow.await_task("registrations", lambda: kept[0] if kept else None, kept.append)
    EmbeddedAws.save(tmp_path / "state.pkl")
    assert EmbeddedAws.load(tmp_path / "state.pkl")
    assert workflow.status(arn) == "RUNNING"
    assert [s.state for s in workflow.history(arn)] == ["AwaitInspector"]
