"""Leave: the employee applies within the balance, the controlling officer sanctions (the balance
debited in the same transaction, only if it still covers the days) or refuses; the daily sweep
credits leave on the days the master data names."""

from __future__ import annotations

from datetime import date

from chalicelib.core import clock, ids, notify
from chalicelib.core.auth import Principal
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.servicebook import domain, service, store

CREDIT_ACTOR = "system:leave-credit"


def _leave_view(leave: store.LeaveItem) -> dict:
    return {name: getattr(leave, name) for name in (
        "leave_id", "employee_id", "kind", "from_date", "to_date", "reason", "status", "applied_at",
        "decided_by", "decided_at", "decision_note")} | {"days": int(leave.days), "version": int(leave.version)}


def _dates(leave: store.LeaveItem) -> dict:
    return {"from_date": service.show_date(leave.from_date), "to_date": service.show_date(leave.to_date)}


def list_leave(who: Principal, employee_id: str) -> dict:
    item = service.load(employee_id)
    domain.may_read(who, service.employee_of(item))
    leaves = sorted(store.leaves(employee_id), key=lambda leave: (leave.from_date, leave.leave_id), reverse=True)
    return {"items": [_leave_view(leave) for leave in leaves]}


def pending_leave(who: Principal, limit: int, cursor: str | None) -> dict:
    """What waits for this controlling officer, oldest application first."""
    scope = f"pending:{who.subject}"
    items, last = store.pending_for(who.subject, limit, decode_cursor(cursor, scope))
    return {"items": [_leave_view(leave) for leave in items], "next": encode_cursor(last, scope)}


def apply_leave(who: Principal, employee_id: str, data: dict) -> dict:
    """The employee applies: the kind is master data, the days must be in the balance and must
    not touch another live application."""
    item = service.load(employee_id, consistent=True)
    domain.may_apply(who, service.employee_of(item))
    the_rules = service.rules()
    kind = the_rules.kind(data["kind"])
    start, end = data["from_date"], data["to_date"]
    days = domain.check_leave(start, end, date.fromisoformat(item.date_of_joining),
                              date.fromisoformat(item.superannuation_date))
    domain.check_balance(kind.code, days, int(service.as_dict(item.balances).get(kind.code, 0)))
    others = [domain.Leave(x.leave_id, x.kind, x.from_date, x.to_date, x.status) for x in store.leaves(employee_id)]
    clash = domain.overlapping(start, end, others)
    if clash is not None:
        raise Conflict("LEAVE_OVERLAPS", leave_id=clash.leave_id, from_date=service.show_date(clash.from_date),
                       to_date=service.show_date(clash.to_date))
    moment = clock.iso(clock.now())
    leave = store.new_leave(leave_id=ids.new_id(), employee_id=employee_id, kind=kind.code,
                            from_date=start.isoformat(), to_date=end.isoformat(), days=days, reason=data["reason"],
                            status=domain.APPLIED, applied_at=moment)
    item.updated_at = moment
    entry = service.book_entry(item, who.subject, "leave_applied", data["reason"], to_state=domain.APPLIED, data={
        "leave_id": leave.leave_id, "kind": kind.code, "from_date": leave.from_date, "to_date": leave.to_date,
        "days": days})
    sms = notify.compose("LEAVE_APPLIED", item.mobile, item.lang, **_dates(leave),
                         kind=the_rules.label("leave_kinds", kind.code, item.lang), days=days)
    store.save(item, entry, [sms], leave, new_leave=True)
    notify.deliver([sms])
    return _leave_view(leave)


def decide_leave(who: Principal, employee_id: str, leave_id: str, data: dict) -> dict:
    """The controlling officer sanctions (the balance is debited in the same transaction, and only
    if it still covers the days) or refuses, with a note."""
    item = service.load(employee_id, consistent=True)
    leave = store.get_leave(employee_id, leave_id, consistent=True) if len(leave_id) <= 40 else None
    if leave is None:
        raise NotFound("LEAVE_NOT_FOUND", leave_id=leave_id)
    domain.may_decide(who, service.employee_of(item))
    if int(leave.version) != data["version"]:
        raise Conflict()
    domain.check_decidable(leave.status)
    the_rules = service.rules()
    status = domain.DECISIONS[data["decision"]]
    balances = service.as_dict(item.balances)
    debit = None
    if status == domain.SANCTIONED:
        domain.check_balance(leave.kind, int(leave.days), int(balances.get(leave.kind, 0)), "days")
        balances[leave.kind] = int(balances[leave.kind]) - int(leave.days)
        item.balances = balances
        debit = (leave.kind, int(leave.days))
    moment = clock.iso(clock.now())
    leave.status, leave.decided_by, leave.decided_at, leave.decision_note = status, who.subject, moment, data["note"]
    item.updated_at = moment
    entry = service.book_entry(item, who.subject, f"leave_{status.lower()}", data["note"],
                               from_state=domain.APPLIED, to_state=status,
                               data={"leave_id": leave_id, "kind": leave.kind, "from_date": leave.from_date,
                                     "to_date": leave.to_date, "days": int(leave.days),
                                     "balance_after": int(balances.get(leave.kind, 0))})
    label = the_rules.label("leave_kinds", leave.kind, item.lang)
    if status == domain.SANCTIONED:
        sms = notify.compose("LEAVE_SANCTIONED", item.mobile, item.lang, kind=label, **_dates(leave),
                             days=int(leave.days), balance=balances[leave.kind])
    else:
        sms = notify.compose("LEAVE_REFUSED", item.mobile, item.lang, kind=label, **_dates(leave))
    store.save(item, entry, [sms], leave, debit=debit)
    notify.deliver([sms])
    return _leave_view(leave)


# --- the leave-credit sweep ----------------------------------------------------------------

def credit_employee(employee_id: str, today: date, the_rules: domain.Rules) -> bool:
    """Apply every credit that has come due (1 January, 1 July…); one book entry and one SMS."""
    item = service.load(employee_id, consistent=True)
    credited, balances = service.as_dict(item.credited), service.as_dict(item.balances)
    due = domain.credits_due(credited, today, the_rules)
    if item.status != domain.IN_SERVICE or today > date.fromisoformat(item.superannuation_date):
        item.next_credit_on, item.updated_at = None, clock.iso(clock.now())   # off the sweep's index
        stopped = service.book_entry(item, CREDIT_ACTOR, "leave_credit_stopped",
                                     "no leave credit after superannuation", data={})
        store.save(item, stopped, [])
        return False
    lines = []
    for code, day in due:
        kind = the_rules.kind(code)
        balances[code] = domain.after_credit(int(balances.get(code, 0)), kind)
        credited[code] = day.isoformat()
        lines.append({"kind": code, "on": day.isoformat(), "days": kind.credit_days, "balance": balances[code]})
    if not lines:
        return False
    item.balances, item.credited = balances, credited
    item.next_credit_on = domain.next_credit_on(credited, the_rules)
    item.updated_at = clock.iso(clock.now())
    entry = service.book_entry(item, CREDIT_ACTOR, "leave_credited", "half-yearly / yearly leave credit",
                               data={"credits": lines})
    details = ", ".join(f"{the_rules.label('leave_kinds', line['kind'], item.lang)} +{line['days']} "
                        f"= {line['balance']}" for line in lines)
    sms = notify.compose("LEAVE_CREDITED", item.mobile, item.lang, details=details)
    store.save(item, entry, [sms])
    notify.deliver([sms])
    return True


def credit_due(limit: int = 500) -> dict[str, int]:
    """The daily sweep: reads only the employees whose credit day has come (sparse index)."""
    today, the_rules = service.today_ist(), service.rules()
    counts = {"credited": 0, "skipped": 0}
    for shard in range(store.SHARDS):
        for employee_id in store.credit_due(shard, today.isoformat(), limit):
            try:
                done = credit_employee(employee_id, today, the_rules)
            except Conflict:   # changed meanwhile: tomorrow's run picks it up
                done = False
            counts["credited" if done else "skipped"] += 1
    return counts
