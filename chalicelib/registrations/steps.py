"""registrations: the steps on the approval state machine (officers' and the applicant's
actions answering its waiting tasks) and the scheduled sweep (statutory-limit escalation,
lapsed appeal windows)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from chalicelib.core import clock, geo, history, notify, workflow
from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict
from chalicelib.registrations import domain, store
from chalicelib.registrations.service import case_of, clock_runs, ist_date, load, settings, sms_for, view

logger = logging.getLogger("sahkar.registrations")
SERVICE = store.SERVICE


# --- the human steps on the state machine -------------------------------------------------------

def keep_task(task: workflow.Task) -> None:
    """A step's token from the task queue, kept until an action answers it."""
    store.keep_task(task.subject, task.stage, task.token, task.execution_arn, task.state, task.entered_at)


def waiting_task(item: store.RegistrationItem) -> store.TaskItem:
    task = workflow.await_task(SERVICE, lambda: store.get_task(item.id, item.stage), keep_task)
    if task is None or task.execution_arn != item.execution_arn:
        raise Conflict("REGISTRATION_WORKFLOW_PENDING", stage=item.stage)
    return task


def act(who: Principal, reg_id: str, body: Any) -> dict:
    item = load(reg_id, consistent=True)
    rule = domain.authorize_action(who, body.action, case_of(item))
    if int(item.version) != body.version:
        raise Conflict()
    given = body.model_dump(exclude_none=True)
    domain.check_needs(rule, given)
    now = clock.now()
    if body.action == "appeal" and item.appeal_by and now > clock.parse_iso(item.appeal_by):
        raise Conflict("REGISTRATION_APPEAL_LAPSED", appeal_by=item.appeal_by)
    task = waiting_task(item)
    if not store.claim_task(task, who.subject):
        raise Conflict("REGISTRATION_ACTION_IN_PROGRESS", stage=item.stage)
    try:
        effects = task.effects or _before_answer(who, item, rule, now)
        if effects and not task.effects:
            store.note_effects(task, effects)
        workflow.succeed(task.token, {"action": rule.answer, "by": who.subject, "to": rule.to})
    except Exception:
        store.release_task(task)
        raise
    return _record(who, item, rule, body, now, task, effects)


def _before_answer(who: Principal, item: store.RegistrationItem, rule: domain.Rule, now: datetime) -> dict:
    """What must exist before the machine moves on: a registered society and its certificate.
    Noted on the step, so an action retried after a failed answer does not register it twice."""
    if rule.to != domain.REGISTERED:
        return {}
    from chalicelib.registrations import certificate  # here: only this step renders
    from chalicelib.societies import public as societies

    data = item.data
    society = societies.register_society(who, {
        "name_hi": data["name_hi"], "name_en": data["name_en"], "type": data["society_type"],
        "district": item.district, "address": data["address"],
        "registered_on": now.astimezone(clock.IST).date().isoformat(),
        "mobile": _applicant_mobile(item), "members": len(data.get("promoters", [])),
        "lang": item.lang or "hi"})
    place = geo.district(item.district)
    kind = geo.society_types()[data["society_type"]]
    pdf = certificate.render({
        "reg_no": society["reg_no"], "name_hi": data["name_hi"], "name_en": data["name_en"],
        "type": f"{kind['name_hi']} / {kind['name_en']}", "district": f"{place['name_hi']} / {place['name_en']}",
        "address": data["address"], "members": len(data.get("promoters", [])),
        "share_capital": data["share_capital"], "registered_on": now.astimezone(clock.IST).strftime("%d-%m-%Y"),
        "receipt_no": item.receipt_no, "registrar": who.subject})
    key = store.put_certificate(society["reg_no"], pdf)
    return {"registration_no": society["reg_no"], "society_login": society["login"], "certificate_key": key}


def _applicant_mobile(item: store.RegistrationItem) -> str:
    from chalicelib.identity import public as identity

    return identity.citizen_mobile(item.applicant) or ""


def _apply(who: Principal, item: store.RegistrationItem, rule: domain.Rule, body: Any, now: datetime,
           task: store.TaskItem, effects: dict) -> tuple[Any, list[notify.Sms]]:
    """The action's change to the record (in place), its history entry and its SMS."""
    rules = settings()
    moment = clock.iso(now)
    before = item.stage
    item.stage, item.updated_at = rule.to, moment
    messages: list[notify.Sms] = []
    data: dict[str, Any] = {"state": task.state}
    action = body.action
    if action == "assign_inspector":
        item.inspector = body.inspector
        data["inspector"] = body.inspector
    elif action == "raise_deficiency":
        item.deficiency = body.note
        item.deadline = clock.iso(now + timedelta(days=rules["rectify_days"]))
        if rules["pause_on_deficiency"]:
            item.paused_since = moment
        messages = sms_for(item, "REGISTRATION_DEFICIENCY", date=ist_date(item.deadline))
    elif action == "rectify":
        if item.paused_since:
            paused = int((now - clock.parse_iso(item.paused_since)).total_seconds())
            item.paused_seconds = int(item.paused_seconds or 0) + paused
            item.paused_since = None
            due = domain.statutory_due(clock.parse_iso(item.submitted_at), int(item.limit_days),
                                       int(item.paused_seconds))
            item.statutory_due = clock.iso(due)
            data["paused_seconds"] = paused
        item.deficiency = None
        item.deadline = item.statutory_due
    elif action == "submit_report":
        item.report = {"recommendation": body.recommendation, "findings": body.note, "by": who.subject,
                       "at": moment}
        item.deadline = item.statutory_due
    elif action == "reject":
        item.reasons = list(body.reasons)
        item.decided_at, item.decided_by = moment, who.subject
        item.appeal_by = clock.iso(now + timedelta(days=rules["appeal_days"]))
        item.deadline = item.appeal_by
        messages = sms_for(item, "REGISTRATION_REJECTED", date=ist_date(item.appeal_by))
    elif action == "appeal":
        item.deadline = clock.iso(now + timedelta(days=rules["statutory_days"]))
    elif action == "dismiss_appeal":
        item.decided_at, item.decided_by, item.deadline = moment, who.subject, None
        messages = sms_for(item, "REGISTRATION_APPEAL_DISMISSED")
    if rule.to == domain.REGISTERED:
        item.decided_at, item.decided_by, item.deadline = moment, who.subject, None
        item.registration_no = effects["registration_no"]
        item.society_login = effects["society_login"]
        item.certificate_key = effects["certificate_key"]
        data["registration_no"] = item.registration_no
        messages = sms_for(item, "REGISTRATION_REGISTERED", reg_no=item.registration_no)
    if action == "reject":
        data["reasons"] = item.reasons
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor=who.subject,
                               action=action, from_state=before, to_state=rule.to, note=body.note or "", data=data)
    return entry, messages


MAX_RECORD_TRIES = 3


def _record(who: Principal, item: store.RegistrationItem, rule: domain.Rule, body: Any, now: datetime,
            task: store.TaskItem, effects: dict) -> dict:
    """Record an action the machine has already taken. Only the claim holder can be here, so a
    version conflict is a change that does not move the stage (the sweep's escalation): reread
    and apply again rather than leave our record behind the execution."""
    for attempt in range(MAX_RECORD_TRIES):
        entry, messages = _apply(who, item, rule, body, now, task, effects)
        try:
            store.save(item, entry, messages, clock_runs=clock_runs(item), answered=task)
        except Conflict:
            fresh = store.get(item.id, consistent=True)
            if fresh is None or fresh.stage != rule.stage or attempt == MAX_RECORD_TRIES - 1:
                logger.error("registration %s: %s answered on the workflow but not recorded", item.id, body.action)
                raise
            item = fresh
            continue
        notify.deliver(messages)
        return view(item)
    raise AssertionError("unreachable")


# --- the scheduled sweep ---------------------------------------------------------------------------

def sweep(limit: int = 200) -> dict[str, int]:
    """Keep waiting tokens, escalate near-breach and breach of the statutory limit (the JR's list
    shows them), and close appeal windows that lapsed. Reads only what is due (sparse index)."""
    counts = {"near_breach": 0, "breached": 0, "appeals_lapsed": 0,
              "tasks_kept": workflow.receive_tasks(SERVICE, keep_task)}
    rules = settings()
    now = clock.now()
    soon = clock.iso(now + timedelta(days=rules["near_breach_days"]))
    for division in geo.divisions():
        items, _ = store.due_before(division["code"], soon, limit)
        for item in items:
            status = domain.sla_status(clock.parse_iso(item.statutory_due), now, rules["near_breach_days"])
            escalate = status in ("NEAR_BREACH", "BREACHED") and item.sla_alert != status
            if escalate and _escalate(item, status, now):
                counts["near_breach" if status == "NEAR_BREACH" else "breached"] += 1
        lapsed, _ = store.due_before(store.appeal_key(division["code"]), clock.iso(now), limit)
        for item in lapsed:
            if _close_appeal_window(item, now):
                counts["appeals_lapsed"] += 1
    return counts


def _escalate(item: store.RegistrationItem, status: str, now: datetime) -> bool:
    moment = clock.iso(now)
    item.sla_alert, item.updated_at = status, moment
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor="system",
                               action="escalated", from_state=item.stage, to_state=item.stage,
                               note=f"statutory limit {status.lower().replace('_', ' ')}: to the divisional JR",
                               data={"statutory_due": item.statutory_due, "to": f"division:{item.division}"})
    try:
        store.save(item, entry, [], clock_runs=True)
    except Conflict:
        return False   # changed meanwhile; the next sweep looks again
    return True


def _close_appeal_window(item: store.RegistrationItem, now: datetime) -> bool:
    task = workflow.await_task(SERVICE, lambda: store.get_task(item.id, domain.REJECTED), keep_task,
                               timeout_seconds=0.5)
    if task is None or not store.claim_task(task, "system"):
        return False
    try:
        workflow.fail(task.token, domain.APPEAL_LAPSED, f"no appeal by {item.appeal_by}")
    except Exception:
        store.release_task(task)
        raise
    moment = clock.iso(now)
    item.stage, item.deadline, item.updated_at = domain.REJECTION_FINAL, None, moment
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor="system",
                               action="appeal_lapsed", from_state=domain.REJECTED, to_state=domain.REJECTION_FINAL,
                               note="no appeal within the appeal window", data={"appeal_by": item.appeal_by,
                                                                                 "state": task.state})
    store.save(item, entry, [], clock_runs=False, answered=task)
    return True
