"""Step Functions for multi-stage human approvals, shared by every service that has them.

The pattern (the same on AWS and on moto):
  - A service owns Standard state machines `infra/statemachines/<service>.<name>.asl.json`.
  - Each human step is a Task `arn:aws:states:::sqs:sendMessage.waitForTaskToken` that puts a
    message on the service's task queue (`<prefix>-<service>-tasks`) whose body carries
    `{"subject", "stage", "token": "$$.Task.Token", "execution": "$$.Execution.Id"}`.
    (DynamoDB integrations have no waitForTaskToken in AWS, so a queue carries the token.)
  - `receive_tasks` reads that queue and hands each `Task` to the service, which keeps the token
    in its own table (one item per subject and stage); it deletes the message only after the
    service kept it. The service's scheduled function drains the queue, and an action that
    finds no token yet drains it at once (`await_task`), so no separate consumer must run.
  - An officer's action in the API answers the token (`succeed` with the chosen branch, or
    `fail` with an error the machine catches); a token answered twice is refused by Step
    Functions (`TaskGone`), which keeps two racing actions from both taking effect.
  - `history` reads the execution's own account of the states it passed through, so a service
    can show it and tests can compare it with the service's history.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from chalicelib.core import aws
from chalicelib.core.config import get_settings
from chalicelib.core.errors import Conflict

logger = logging.getLogger("sahkar.workflow")

_GONE = ("InvalidToken", "TaskDoesNotExist", "TaskTimedOut", "ExecutionDoesNotExist")


class TaskGone(Conflict):
    """The token was answered already, timed out, or its execution ended."""

    default_code = "WORKFLOW_TASK_GONE"


@dataclass(frozen=True)
class Task:
    """One human step waiting in an execution: what the state machine sent to the task queue."""

    subject: str          # the aggregate the step is about (e.g. a registration id)
    stage: str            # the stage the step stands for
    token: str            # answer it with succeed / fail; never logged
    execution_arn: str
    state: str            # the state's name in the machine
    entered_at: str
    payload: dict[str, Any]

    @classmethod
    def from_body(cls, body: str) -> Task:
        data = json.loads(body)
        return cls(subject=str(data["subject"]), stage=str(data["stage"]), token=str(data["token"]),
                   execution_arn=str(data.get("execution", "")), state=str(data.get("state", "")),
                   entered_at=str(data.get("entered", "")),
                   payload={k: v for k, v in data.items()
                            if k not in ("subject", "stage", "token", "execution", "state", "entered")})


@dataclass(frozen=True)
class Step:
    """One state the execution entered, as its history tells it."""

    state: str
    kind: str             # Task | Choice | Succeed | Fail | Pass | Wait
    entered_at: str
    exited_at: str | None
    output: dict[str, Any] | None   # what the task was answered with (success), if anything
    error: str | None               # the error a task was failed with, if any


# --- names ---------------------------------------------------------------------------------------

@cache
def _account() -> str:
    return aws.client("sts").get_caller_identity()["Account"]


def machine_arn(key: str) -> str:
    """`key` is "<service>-<name>" (the ASL file's name); AWS gives the ARN in the environment."""
    env = os.environ.get(f"SAHKAR_STATE_MACHINE_{key.upper().replace('-', '_')}")
    if env:
        return env
    settings = get_settings()
    return f"arn:aws:states:{settings.region}:{_account()}:stateMachine:{settings.resource_prefix}-{key}"


def execution_arn(key: str, name: str) -> str:
    return machine_arn(key).replace(":stateMachine:", ":execution:") + f":{name}"


def queue_name(service: str) -> str:
    return f"{get_settings().resource_prefix}-{service}-tasks"


@cache
def _queue_url(service: str, prefix: str) -> str:
    env = os.environ.get(f"SAHKAR_TASK_QUEUE_{service.upper()}")
    return env or aws.client("sqs").get_queue_url(QueueName=f"{prefix}-{service}-tasks")["QueueUrl"]


def queue_url(service: str) -> str:
    return _queue_url(service, get_settings().resource_prefix)


# --- executions ------------------------------------------------------------------------------------

def start(key: str, name: str, payload: dict[str, Any]) -> str:
    """Start (once) the execution `name` of machine `key`; a repeat returns the same ARN, so a
    retried request never starts a second execution for one subject."""
    sfn = aws.client("stepfunctions")
    try:
        return sfn.start_execution(stateMachineArn=machine_arn(key), name=name,
                                   input=json.dumps(payload, default=str))["executionArn"]
    except sfn.exceptions.ExecutionAlreadyExists:
        return execution_arn(key, name)


def status(arn: str) -> str:
    return aws.client("stepfunctions").describe_execution(executionArn=arn)["status"]


def succeed(token: str, output: dict[str, Any]) -> None:
    _answer("send_task_success", taskToken=token, output=json.dumps(output, default=str))


def fail(token: str, error: str, cause: str = "") -> None:
    _answer("send_task_failure", taskToken=token, error=error[:256], cause=cause[:32768])


def _answer(operation: str, **kwargs: Any) -> None:
    from botocore.exceptions import ClientError

    try:
        getattr(aws.client("stepfunctions"), operation)(**kwargs)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in _GONE:
            raise TaskGone() from exc
        raise


_ENTERED = "StateEntered"
_EXITED = "StateExited"


def history(arn: str) -> list[Step]:
    """The states the execution passed through, in order (all pages of its event history)."""
    sfn = aws.client("stepfunctions")
    events: list[dict] = []
    kwargs: dict[str, Any] = {"executionArn": arn, "maxResults": 1000}
    while True:
        page = sfn.get_execution_history(**kwargs)
        events.extend(page["events"])
        if not page.get("nextToken"):
            break
        kwargs["nextToken"] = page["nextToken"]
    steps: list[dict[str, Any]] = []
    for event in events:
        kind = event["type"]
        at = event["timestamp"].isoformat() if hasattr(event["timestamp"], "isoformat") else str(event["timestamp"])
        if kind.endswith(_ENTERED):
            steps.append({"state": event["stateEnteredEventDetails"]["name"], "kind": kind[:-len(_ENTERED)],
                          "entered_at": at, "exited_at": None, "output": None, "error": None})
        elif kind.endswith(_EXITED) and steps:
            steps[-1]["exited_at"] = at
        elif kind == "TaskSucceeded" and steps:
            raw = event["taskSucceededEventDetails"].get("output") or "null"
            steps[-1]["output"] = json.loads(raw)
        elif kind == "TaskFailed" and steps:
            steps[-1]["error"] = event["taskFailedEventDetails"].get("error")
    return [Step(**s) for s in steps]


# --- the task queue ----------------------------------------------------------------------------------

def receive_tasks(service: str, keep: Callable[[Task], None], wait_seconds: int = 0, batches: int = 10) -> int:
    """Hand every waiting task message to `keep` (which stores the token) and delete it after.

    A message `keep` raises on stays on the queue and comes back after its visibility timeout.
    Returns how many were kept. Safe to run from several places at once: keeping is idempotent.
    """
    sqs = aws.client("sqs")
    url = queue_url(service)
    kept = 0
    for _ in range(batches):
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                       WaitTimeSeconds=wait_seconds).get("Messages", [])
        if not messages:
            break
        done = []
        for message in messages:
            try:
                keep(Task.from_body(message["Body"]))
            except Exception as exc:  # one bad message must not block the others
                logger.warning("task message %s not kept: %s", message.get("MessageId"), type(exc).__name__)
                continue
            done.append({"Id": str(len(done)), "ReceiptHandle": message["ReceiptHandle"]})
            kept += 1
        if done:
            sqs.delete_message_batch(QueueUrl=url, Entries=done)
    return kept


def await_task(service: str, lookup: Callable[[], Any], keep: Callable[[Task], None],
               timeout_seconds: float = 3.0, interval_seconds: float = 0.05) -> Any:
    """`lookup()` until it finds the stored task, draining the queue in between; None if the
    state machine has not reached the step within the timeout (the caller answers 409)."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        found = lookup()
        if found is not None:
            return found
        if receive_tasks(service, keep) == 0:
            if time.monotonic() >= deadline:
                return None
            time.sleep(interval_seconds)


__all__ = ["Step", "Task", "TaskGone", "await_task", "execution_arn", "fail", "history", "machine_arn",
           "queue_name", "queue_url", "receive_tasks", "start", "status", "succeed"]
