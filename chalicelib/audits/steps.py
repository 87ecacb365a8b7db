"""The empanelment state machine (infra/statemachines/audits.empanelment.asl.json) from the
service's side: one execution per application, the tokens of its waiting steps kept in our table,
answered with the action HQ or the firm took, and the execution's own account read back.

The answer goes first, on a claimed step (of two racing actions only one claims it; Step
Functions also accepts a token once), and the record follows, conditional on the version read.
"""

from __future__ import annotations

from chalicelib.audits import panel, store
from chalicelib.core import workflow
from chalicelib.core.errors import Conflict

SERVICE = "audits"
MACHINE = "audits-empanelment"


def execution_name(year: str, frn: str) -> str:
    return f"{year}-{frn}"


def subject(year: str, frn: str) -> str:
    return f"{year}:{frn}"


def execution_arn(year: str, frn: str) -> str:
    return workflow.execution_arn(MACHINE, execution_name(year, frn))


def start(year: str, frn: str) -> str:
    """Start the application's execution (a repeat returns the same one)."""
    return workflow.start(MACHINE, execution_name(year, frn), {"subject": subject(year, frn)})


def keep_task(task: workflow.Task) -> None:
    """A waiting step's token from the task queue, kept until an action answers it."""
    year, _, frn = task.subject.partition(":")
    store.keep_task(year, frn, task.stage, task.token, task.execution_arn, task.state, task.entered_at)


def waiting_task(item: store.EmpanelmentItem) -> store.TaskItem:
    """The step the application waits at (draining the queue if its token has not been kept yet)."""
    def lookup() -> store.TaskItem | None:
        return store.get_task(item.year, item.frn, item.status)

    task = workflow.await_task(SERVICE, lookup, keep_task)
    if task is None:                 # an application whose execution never started: start it now
        start(item.year, item.frn)
        task = workflow.await_task(SERVICE, lookup, keep_task)
    if task is None or task.execution_arn != item.execution_arn:
        raise Conflict("WORKFLOW_NOT_READY")
    return task


def answer(item: store.EmpanelmentItem, action: str, actor: str) -> str:
    """Move the machine on from the application's current step; returns the token answered.
    The step is claimed first, so of two racing actions only one answers it."""
    task = waiting_task(item)
    if not store.claim_task(task, actor):
        raise Conflict("WORKFLOW_TASK_GONE")
    try:
        workflow.succeed(task.token, {"action": action, "by": actor, "to": panel.MOVES[action].target})
    except workflow.TaskGone as exc:
        raise Conflict("WORKFLOW_TASK_GONE") from exc
    except Exception:
        store.release_task(task)
        raise
    return task.token


def execution_steps(arn: str) -> list[dict]:
    """The states the execution passed through, as Step Functions records them."""
    return [{"state": s.state, "kind": s.kind, "entered_at": s.entered_at,
             "action": (s.output or {}).get("action") if isinstance(s.output, dict) else None}
            for s in workflow.history(arn)]
