"""courts use cases: load through the store, decide with the domain, save through the store."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core import clock, geo, history, ids, notify
from chalicelib.core.auth import Principal
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, NotFound, invalid_field
from chalicelib.courts import domain, store

SETTINGS_KEY = "SETTINGS"
NUMBER_ATTEMPTS = 5
REMINDER_ACTOR = "system:hearing-reminders"


# --- master data ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


def default_courts() -> list[dict]:
    """A DR court in every district, a JR court in every division, and the State Tribunal."""
    names = defaults()["courts"]
    found = []
    for d in geo.districts():
        found.append({"code": f"DR-{d['code'].upper()}", "level": "DR", "district": d["code"],
                      "division": d["division"], **{k: v.format(**d) for k, v in names["DR"].items()}})
    for d in geo.divisions():
        found.append({"code": f"JR-{d['code'].upper()}", "level": "JR", "district": None, "division": d["code"],
                      **{k: v.format(**d) for k, v in names["JR"].items()}})
    found.append({"code": "TRIBUNAL", "level": "TRIBUNAL", "district": None, "division": None, **names["TRIBUNAL"]})
    return found


def seed_master_data(actor: str = "seed") -> int:
    """Write the default courts and settings that are missing; keeps admin edits."""
    pairs = [(SETTINGS_KEY, defaults()["settings"])]
    pairs += [(f"COURT#{c['code']}", {**{k: v for k, v in c.items() if k != "code"}, "presiding_officer": None})
              for c in default_courts()]
    return store.master.seed(pairs, actor)


def settings() -> dict:
    item = store.master.one(SETTINGS_KEY)
    return {**defaults()["settings"], **(item.data if item else {})}


def _court_of(item: Any) -> domain.Court:
    d = item.data
    return domain.Court(item.sk.removeprefix("COURT#"), d["level"], d["name_hi"], d["name_en"], d.get("district"),
                        d.get("division"), d.get("presiding_officer"))


def court(code: str) -> domain.Court:
    item = store.master.one(f"COURT#{code}") if 2 <= len(code) <= 40 else None
    if item is None:
        raise NotFound("COURT_NOT_FOUND", court=code[:40])
    return _court_of(item)


def _court_view(item: Any) -> dict:
    c = _court_of(item)
    return {"code": c.code, "level": c.level, "name_hi": c.name_hi, "name_en": c.name_en, "district": c.district,
            "division": c.division, "presiding_officer": c.presiding_officer, "version": int(item.version)}


def courts(level: str | None, division: str | None) -> list[dict]:
    rows = [_court_view(i) for i in store.master.listed("COURT#")]
    return [r for r in rows if (not level or r["level"] == level) and (not division or r["division"] == division)]


def court_view(code: str) -> dict:
    court(code)
    return _court_view(store.master.one(f"COURT#{code}"))


def put_court(actor: str, code: str, data: dict, version: int | None, note: str) -> dict:
    """Create an AR court (no version) or change a court's names or presiding officer (the version read)."""
    key = f"COURT#{code}"
    current = store.master.checked(key, version, missing=NotFound("COURT_NOT_FOUND", court=code))
    if current is None:
        data = _new_court(code, data)
    else:   # only what was sent changes; a court keeps its level and place
        data = {**current.data, **{k: v for k, v in data.items() if k != "district"}}
    return _court_view(store.master.write(actor, key, current, data, note))


def settings_view() -> dict:
    item = store.master.one(SETTINGS_KEY)
    if item is None:
        raise NotFound("CONFIG_NOT_FOUND", key=SETTINGS_KEY)
    return {"data": {**defaults()["settings"], **item.data}, "version": int(item.version),
            "updated_at": item.updated_at, "updated_by": item.updated_by}


def put_settings(actor: str, data: dict, version: int, note: str) -> dict:
    """Change the time limits (hearing horizon, reminder lead, appeal period), with their history."""
    store.master.put(actor, SETTINGS_KEY, data, version, note)
    return settings_view()


def _new_court(code: str, data: dict) -> dict:
    district = data.get("district")
    if not district:
        raise invalid_field("district", "a new court is an AR court of a district")
    if code != f"AR-{district.upper()}" and not code.startswith(f"AR-{district.upper()}-"):
        raise invalid_field("code", f"an AR court of {district} is coded AR-{district.upper()}[-<n>]")
    if not (data.get("name_hi") and data.get("name_en")):
        raise invalid_field("name_hi", "a new court needs its names in Hindi and English")
    return {"level": "AR", "district": district, "division": geo.division_of(district), "name_hi": data["name_hi"],
            "name_en": data["name_en"], "presiding_officer": data.get("presiding_officer")}


# --- views ---------------------------------------------------------------------------------

def _party(p: dict) -> dict:
    return {"role": p["role"], "name": p["name"], "advocate": p.get("advocate"), "mobile": notify.mask(p.get("mobile")),
            "lang": p.get("lang", "hi")}


def _hearing(h: store.HearingItem) -> dict:
    return {"date": h.date, "purpose": h.purpose, "status": h.status, "outcome": h.outcome, "next_date": h.next_date,
            "listed_at": h.listed_at, "reminded_at": h.reminded_at}


def order_view(o: store.OrderItem) -> dict:
    return {"order_id": o.order_id, "kind": o.kind, "title": o.title, "order_date": o.order_date, "status": o.status,
            "document": o.document}


def _public(case: store.CaseItem) -> dict:
    c = court(case.court)
    return {
        "case_no": case.case_no, "court": case.court, "court_name_hi": c.name_hi, "court_name_en": c.name_en,
        "kind": case.kind, "subject": case.subject, "status": case.status,
        "parties": [_party(p) for p in case.parties], "next_hearing": case.next_hearing,
        "hearings": [_hearing(h) for h in store.hearings(case.case_id)],
        "decision": case.decision, "filed_at": case.filed_at, "registered_at": case.registered_at,
        "decided_at": case.decided_at, "appeal_of": case.appeal_of, "appeals": len(case.appeals or []),
        "orders": [order_view(o) for o in store.orders(case.case_id) if o.status == "PUBLISHED"],
    }


def full_view(case: store.CaseItem) -> dict:
    entries = store.history(case.case_id)
    return {
        "case_id": case.case_id, "court": case.court, "case_no": case.case_no, "kind": case.kind,
        "subject": case.subject, "section": case.section, "society_reg_no": case.society_reg_no,
        "status": case.status, "parties": [_party(p) for p in case.parties], "next_hearing": case.next_hearing,
        "hearings": [_hearing(h) for h in store.hearings(case.case_id)],
        "orders": [order_view(o) for o in store.orders(case.case_id)],
        "decision": case.decision, "appeal_of": case.appeal_of, "appeals": case.appeals or [],
        "filed_by": case.filed_by, "filed_at": case.filed_at, "registered_at": case.registered_at,
        "decided_at": case.decided_at, "updated_at": case.updated_at, "version": int(case.version),
        "history": {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)},
    }


def _summary(case: store.CaseItem) -> dict:
    return {"case_id": case.case_id, "case_no": case.case_no, "kind": case.kind, "subject": case.subject,
            "status": case.status, "title": domain.title(case.parties), "next_hearing": case.next_hearing,
            "filed_at": case.filed_at, "version": int(case.version)}


# --- the registry --------------------------------------------------------------------------

def load_case(c: domain.Court, case_id: str) -> store.CaseItem:
    item = store.get(case_id, consistent=True) if len(case_id) <= 40 else None
    if item is None or item.court != c.code:
        raise NotFound("CASE_NOT_FOUND", case=case_id[:40])
    return item


def file_case(who: Principal | None, court_code: str, body: Any) -> dict:
    """The reader enters a case brought to the court: FILED, no number yet. An appeal names the decided
    AR/DR case it is against; both records show the link (one transaction)."""
    c = court(court_code)
    who = domain.may_run(who, c)
    moment = clock.now()
    at = clock.iso(moment)
    parties = [p.model_dump() for p in body.parties]
    case = store.new_case(case_id=ids.new_id(), court=c.code, kind=body.kind, subject=body.subject,
                          section=body.section, society_reg_no=body.society_reg_no, parties=parties,
                          status=domain.FILED, filed_by=who.subject, filed_at=at, updated_at=at)
    linked = None
    if body.appeal_of:
        original = _appealed(c, domain.check_case_no(body.appeal_of), domain.ist_today(moment))
        case.appeal_of, case.kind = original.case_no, "appeal"
        original.appeals = [*(original.appeals or []), {"case_id": case.case_id, "court": c.code}]
        original.updated_at = at
        linked = (original, history.next_entry(int(original.history_seq or 0), original.history_hash, at=at,
                                                actor=who.subject, action="appealed", from_state=original.status,
                                                to_state=original.status, note=f"appeal filed in {c.code}",
                                                data={"appeal_case_id": case.case_id, "court": c.code}))
    entry = history.next_entry(0, None, at=at, actor=who.subject, action="filed", to_state=domain.FILED,
                               note=body.note or "", data={"kind": case.kind, "appeal_of": case.appeal_of})
    store.save(case, entry, [], create=True, linked=linked)
    return full_view(case)


def _appealed(appeal_court: domain.Court, case_no: str, today: date) -> store.CaseItem:
    case_id = store.case_id_of(case_no)
    original = store.get(case_id, consistent=True) if case_id else None
    if original is None:
        raise invalid_field("appeal_of", f"no case {case_no}", "CASE_NOT_FOUND", case=case_no)
    reason = domain.appeal_refusal(original.status, (original.decision or {}).get("decided_on"), appeal_court,
                                   court(original.court), today, int(settings()["appeal_days"]))
    if reason:
        raise Conflict("CASE_APPEAL_NOT_ALLOWED", reason=reason)
    return original


def list_cases(who: Principal | None, court_code: str, status: str | None, limit: int, token: str | None) -> dict:
    c = court(court_code)
    domain.may_run(who, c)
    scope = f"courts:{c.code}:{status or ''}"
    items, last = store.court_cases(c.code, status, limit, decode_cursor(token, scope))
    return {"items": [_summary(i) for i in items], "next": encode_cursor(last, scope)}


def get_case(who: Principal | None, court_code: str, case_id: str) -> dict:
    c = court(court_code)
    domain.may_run(who, c)
    return full_view(load_case(c, case_id))


def act(who: Principal | None, court_code: str, case_id: str, body: Any) -> dict:
    """One step of the case (register, list, adjourn, reschedule, reserve, decide), checked against the
    reader's court, the case's state and dates, and the version read; parties told by SMS."""
    c = court(court_code)
    who = domain.may_run(who, c)
    case = load_case(c, case_id)
    moment = clock.now()
    today, rules = domain.ist_today(moment), settings()
    step = domain.step(body.action, case.status, case.next_hearing, today, body.hearing_date,
                       int(rules["hearing_max_days_ahead"]))
    if (body.action == "decide") != (body.result is not None):
        raise invalid_field("result", "the result, with 'decide' only")
    if body.action in ("adjourn", "reschedule") and not body.reason:
        raise invalid_field("reason", "why the date changes (told to the parties)")
    if int(case.version) != body.version:
        raise Conflict()
    if body.action == "register":
        return _register(who, c, case, body.note, moment)
    at = clock.iso(moment)
    status_was, old_date = case.status, case.next_hearing
    touched: list[store.HearingItem] = []
    pending = store.hearing(case.case_id, int(case.hearings)) if case.next_hearing else None
    if pending is not None and body.action in domain.HEARING_OUTCOME:
        pending.status = domain.HEARING_OUTCOME[body.action]
        pending.outcome = body.note
        pending.next_date = step.hearing_date.isoformat() if step.hearing_date else None
        touched.append(pending)
    case.next_hearing = None
    if step.hearing_date is not None:
        case.hearings = int(case.hearings or 0) + 1
        case.next_hearing = step.hearing_date.isoformat()
        purpose = body.purpose or ("first hearing" if body.action == "list" else "hearing")
        touched.append(store.new_hearing(case, case.hearings, date=case.next_hearing, purpose=purpose,
                                         title=domain.title(case.parties), advocates=domain.advocates(case.parties),
                                         status="SCHEDULED", listed_at=at))
    if body.action == "decide":
        case.decided_at = at
        case.decision = {"result": body.result, "summary": body.note, "decided_on": today.isoformat()}
    case.status, case.updated_at = step.to_state, at
    data = {"hearing_date": case.next_hearing, "previous_date": old_date, "reason": body.reason,
            "purpose": body.purpose, "result": body.result}
    entry = history.next_entry(int(case.history_seq or 0), case.history_hash, at=at, actor=who.subject,
                               action=body.action, from_state=status_was, to_state=case.status, note=body.note,
                               data={k: v for k, v in data.items() if v is not None})
    messages = _sms(c, case, body.action, old_date, body.reason, today)
    store.save(case, entry, messages, hearings_=touched)
    notify.deliver(messages)
    return full_view(case)


def _register(who: Principal, c: domain.Court, case: store.CaseItem, note: str, moment) -> dict:
    """Give the case the court's next number for the year (gapless: the counter moves only with it)."""
    at, year = clock.iso(moment), domain.ist_today(moment).year
    for _ in range(NUMBER_ATTEMPTS):
        seen = store.counter_value(c.code, year)
        case.case_no, case.year, case.registered_at = domain.case_no(c.code, year, seen + 1), year, at
        case.status, case.updated_at = domain.REGISTERED, at
        entry = history.next_entry(int(case.history_seq or 0), case.history_hash, at=at, actor=who.subject,
                                   action="register", from_state=domain.FILED, to_state=domain.REGISTERED,
                                   note=note, data={"case_no": case.case_no})
        version = int(case.version)
        if store.save(case, entry, [], number=(seen, year)):
            return full_view(case)
        fresh = store.get(case.case_id, consistent=True)
        if fresh is None or int(fresh.version) != version:
            raise Conflict()
        case = fresh
    raise Conflict()


def _sms(c: domain.Court, case: store.CaseItem, action: str, old_date: str | None, reason: str | None,
         today: date) -> list[notify.Sms]:
    """Each party with a mobile, in their own language, when a date is fixed, changed, or the case decided."""
    if action == "list":
        template, extra = "COURT_HEARING_FIXED", {"date": domain.show(case.next_hearing)}
    elif action in ("adjourn", "reschedule"):
        template, extra = "COURT_HEARING_CHANGED", {"date": domain.show(case.next_hearing),
                                                    "old_date": domain.show(old_date), "reason": reason or "-"}
    elif action == "decide":
        template, extra = "COURT_CASE_DECIDED", {"date": domain.show(today.isoformat())}
    else:
        return []
    return [notify.compose(template, p["mobile"], p.get("lang", "hi"), case_no=case.case_no,
                           court=c.name(p.get("lang", "hi")), **extra)
            for p in case.parties if p.get("mobile")]


# --- public --------------------------------------------------------------------------------

def cause_list(court_code: str, day: date) -> dict:
    """A court's cause list for a day: one Query on the cause-list index, in case-number order."""
    c = court(court_code)
    rows = store.cause_list(c.code, day.isoformat())
    items = [{"serial": n, "case_no": h.case_no, "title": h.title, "advocates": h.advocates, "purpose": h.purpose,
              "status": h.status, "outcome": h.outcome, "next_date": h.next_date}
             for n, h in enumerate(rows, start=1)]
    return {"court": c.code, "court_name_hi": c.name_hi, "court_name_en": c.name_en,
            "presiding_officer": c.presiding_officer, "date": day.isoformat(), "items": items}


def case_by_number(case_no: str) -> store.CaseItem:
    case_id = store.case_id_of(domain.check_case_no(case_no))
    case = store.get(case_id) if case_id else None
    if case is None:
        raise NotFound("CASE_NOT_FOUND", case=case_no)
    return case


def case_status(case_no: str) -> dict:
    return _public(case_by_number(case_no))


# --- the day-before reminder ---------------------------------------------------------------

def send_reminders() -> dict:
    """SMS every party of every hearing on the reminder day (default: tomorrow). Reads only that day's
    hearings not yet reminded (sparse index); each is marked in the same transaction as its SMS, so a
    second run the same day sends nothing new."""
    moment = clock.now()
    at = clock.iso(moment)
    day = domain.ist_today(moment) + timedelta(days=int(settings()["reminder_days_before"]))
    hearings = sms = 0
    names: dict[str, domain.Court] = {}
    for h in store.due_reminders(day.isoformat()):
        case = store.get(h.case_id)
        if case is None:
            continue
        c = names.get(h.court) or names.setdefault(h.court, court(h.court))
        messages = [notify.compose("COURT_HEARING_REMINDER", p["mobile"], p.get("lang", "hi"), case_no=h.case_no,
                                   court=c.name(p.get("lang", "hi")), date=domain.show(h.date))
                    for p in case.parties if p.get("mobile")]
        if store.mark_reminded(h, at, messages):
            hearings += 1
            sms += len(messages)
            notify.deliver(messages)
    return {"date": day.isoformat(), "hearings": hearings, "sms": sms}
