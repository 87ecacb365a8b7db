"""lokseva use cases: applying (online or at a PACS counter), tracking, the designated officer's
and appeal officers' decisions, appeals, the certificate, and the sweep that sends an undecided
application to appeal when its time runs out."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from chalicelib.core import clock, duesweep, geo, history, ids, metrics, notify
from chalicelib.core.auth import Principal, Role
from chalicelib.core.config import get_settings
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import AppError, Conflict, Forbidden, NotFound, Unauthorized, invalid_field
from chalicelib.identity import public as identity
from chalicelib.lokseva import centres, certificate, domain, intake, masterdata, messages, store  # noqa: F401 - messages registers texts
from chalicelib.lokseva.domain import (
    ACTIVE,
    APPROVED,
    FIRST_APPEAL,
    NEXT_STAGE,
    REJECTED,
    SECOND_APPEAL,
    STAGE_OF,
    SUBMITTED,
)
from chalicelib.societies import public as societies

SWEEP_ACTOR = "system:lokseva-appeal"
ACK_ATTEMPTS = 3
STAGE_NAMES = {FIRST_APPEAL: ("प्रथम अपील", "first appeal"), SECOND_APPEAL: ("द्वितीय अपील", "second appeal")}


def seed_master_data(actor: str = "seed") -> int:
    """The catalogue, holiday lists and settings that are missing (the local stack calls this)."""
    return masterdata.seed(actor)


def _stage_name(stage: str, lang: str) -> str:
    hi, en = STAGE_NAMES[stage]
    return en if lang == "en" else hi


def _show(day: date) -> str:
    return day.strftime("%d-%m-%Y")


DATED = ("received", "in_time", "late", "penalty_paise")   # flows; "pending beyond time" is a state


def _tally(dims: dict[str, str], deltas: dict[str, int], now: datetime) -> store.Counters:
    """The dashboard's cumulative counters, and the district's counter for the day (IST) of the
    change, which the fortnightly review sums over a window; both in the change's transaction."""
    counters = {(f"STAT#{dim}", value): dict(deltas) for dim, value in dims.items()}
    dated = {name: amount for name, amount in deltas.items() if name in DATED}
    if dated:
        counters[store.day_key(domain.ist_date(now).isoformat(), dims["district"])] = dated
    return counters


def _dims(item: store.ApplicationItem) -> dict[str, str]:
    return {"department": item.department, "service": item.service_code, "district": item.district,
            "office": item.office}


# --- views ----------------------------------------------------------------------------------

def _delay(item: store.ApplicationItem, now: datetime) -> tuple[int, Decimal]:
    """Frozen at the first decision; while undecided, counted to today."""
    if item.first_decided_at is not None:
        return int(item.delay_days or 0), Decimal(item.penalty or "0.00")
    days = domain.delay_days(date.fromisoformat(item.guaranteed_date), domain.ist_date(now))
    return days, domain.penalty(days, masterdata.rules()) if days else Decimal("0.00")


def _service_data(code: str) -> dict:
    found = store.config_cached(f"SERVICE#{code}")
    return masterdata.upgraded(code, found.data) if found else {}


def _names(code: str, data: dict | None = None) -> dict:
    data = _service_data(code) if data is None else data
    return {"service_name_hi": data.get("name_hi"), "service_name_en": data.get("name_en")}


def _society_view(details: dict) -> dict:
    """The society an application concerns; its names as kept at filing (older records: looked up)."""
    reg_no = details.get("society")
    if reg_no and "society_name_hi" in details:
        return {"society": reg_no, "society_name_hi": details["society_name_hi"],
                "society_name_en": details.get("society_name_en")}
    found = societies.get_society(reg_no) if reg_no else None
    return {"society": reg_no, "society_name_hi": found["name_hi"] if found else None,
            "society_name_en": found["name_en"] if found else None}


def full_view(item: store.ApplicationItem, entries: list | None = None) -> dict:
    """The application with its history; pass the entries read with it (store.get_with_history)."""
    entries = store.history(item.ack) if entries is None else entries
    days, amount = _delay(item, clock.now())
    details, data = item.details or {}, _service_data(item.service_code)
    return {
        "ack": item.ack, "service": item.service_code, **_names(item.service_code, data), "department": item.department,
        "office": item.office, "district": item.district, "applicant_name": item.applicant_name,
        "purpose": details.get("purpose"), **_society_view(details),
        "answers": intake.answers_view(data, details.get("form") or {}),
        "documents": intake.documents_view(data, details.get("documents") or []),
        "fee_reason": details.get("fee_reason"),
        "mobile": notify.mask(item.mobile), "lang": item.lang, "channel": item.channel, "filed_by": item.filed_by,
        "pacs_reg_no": item.pacs_reg_no, "fee": Decimal(item.fee),
        "fee_taken": Decimal(item.fee_taken) if item.fee_taken else None, "status": item.status,
        "stage_desk": item.stage_desk, "stage_office": item.stage_office or item.office,
        "stage_due_at": item.stage_due_at, "guaranteed_date": item.guaranteed_date,
        "decided_at": item.decided_at, "decided_by": item.decided_by, "decided_stage": item.decided_stage,
        "reasons": item.reasons, "delay_days": days, "compensation_due": amount,
        "at_fault": item.at_fault if days else None, "certificate": item.certificate_key is not None,
        "created_at": item.created_at, "updated_at": item.updated_at, "version": int(item.version),
        "history": {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)},
    }


def _summary(item: store.ApplicationItem, names: dict[str, dict]) -> dict:
    return {"ack": item.ack, "service": item.service_code, **names.get(item.service_code, {}),
            "district": item.district, "status": item.status, "stage_due_at": item.stage_due_at,
            "guaranteed_date": item.guaranteed_date, "created_at": item.created_at}


def _filed(item: store.ApplicationItem) -> dict:
    return {"ack": item.ack, "status": item.status, "service": item.service_code, "district": item.district,
            "guaranteed_date": item.guaranteed_date, "stage_due_at": item.stage_due_at, "fee": Decimal(item.fee),
            "fee_taken": Decimal(item.fee_taken) if item.fee_taken else None, "channel": item.channel,
            "created_at": item.created_at}


def check_ack(ack: str) -> str:
    from chalicelib.core.ids import plain_reference

    ack = plain_reference(ack)                            # "3 0261 20345" as printed is accepted
    if not domain.is_ack(ack):
        raise invalid_field("ack", "an acknowledgement number has 10 digits starting with 3; check the number",
                            "ACK_INVALID")
    return ack


def _load(ack: str, consistent: bool = False) -> store.ApplicationItem:
    item = store.get(check_ack(ack), consistent)
    if item is None:
        raise NotFound("APPLICATION_NOT_FOUND", ack=ack)
    return item


def _secret() -> str:
    return get_settings().signing_secret.get_secret_value()


def _citizen_mobile(who: Principal) -> str:
    """The applicant's own mobile: a citizen's, or a society's registered one."""
    if who.role == Role.SOCIETY:
        mobile = societies.contact_mobile(intake.society_of(who))
    else:
        mobile = identity.citizen_mobile(who.subject)
    if not mobile:
        raise Unauthorized("TOKEN_INVALID")
    return mobile


def _is_owner(who: Principal, item: store.ApplicationItem) -> bool:
    """The citizen who applied online (their id is on the record: no lookup), or who owns its mobile;
    for a society-level service, the society's own login."""
    if who.role == Role.SOCIETY:
        return item.filed_by == _society_actor(who)
    if who.role != Role.CITIZEN:
        return False
    if item.filed_by == f"citizen:{who.subject}":
        return True
    return domain.owner_key(_secret(), _citizen_mobile(who)) == item.owner_key


def _load_with_history(ack: str, consistent: bool = False) -> tuple[store.ApplicationItem, list]:
    item, entries = store.get_with_history(check_ack(ack), consistent)
    if item is None:
        raise NotFound("APPLICATION_NOT_FOUND", ack=ack)
    return item, entries


def _society_actor(who: Principal) -> str:
    return f"society:{intake.society_of(who)}"


def get_full(who: Principal, ack: str) -> dict:
    item, entries = _load_with_history(ack)
    domain.may_view(who, item.district, _is_owner(who, item), item.filed_by)
    return full_view(item, entries)


def list_applications(who: Principal, query: Any) -> dict:
    if query.mine == query.pending:
        raise invalid_field("mine", "ask for mine=true (applicants) or pending=true (officers)")
    if query.mine:
        if who.role not in (Role.CITIZEN, Role.SOCIETY):
            raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
        key = domain.owner_key(_secret(), _citizen_mobile(who))
        scope = f"mine:{key}"
        items, last = store.mine(key, query.limit, decode_cursor(query.next, scope))
    else:
        if who.role != Role.OFFICER:
            raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
        desk = domain.principal_desk(who)
        scope = f"desk:{desk}"
        items, last = store.at_desk(desk, query.limit, decode_cursor(query.next, scope))
    names = {code: _names(code) for code in {i.service_code for i in items}}
    return {"items": [_summary(i, names) for i in items], "next": encode_cursor(last, scope)}


# --- applying -------------------------------------------------------------------------------

def apply_online(who: Principal, body: Any, accept_lang: str) -> dict:
    service = masterdata.service(body.service, "service")
    checked = intake.check(who, service, body, body.district)
    mobile = _citizen_mobile(who)
    actor = _society_actor(who) if who.role == Role.SOCIETY else f"citizen:{who.subject}"
    item = _open(actor, "online", mobile, body.lang or accept_lang, service, checked, body, owner=who.subject)
    return _filed(item)


def apply_at_counter(who: Principal, reg_no: str, body: Any, accept_lang: str) -> dict:
    centre = centres.operator_centre(who, reg_no.upper())
    service = masterdata.service(body.service, "service")
    domain.check_fee(Decimal(service["fee"]), body.fee_taken, body.fee_reason)
    checked = intake.check(who, service, body, centre.district, counter=centre.reg_no)
    item = _open(who.subject, "counter", body.mobile, body.lang or accept_lang, service, checked, body,
                 owner=who.subject, centre=centre, fee_taken=body.fee_taken)
    return _filed(item)


def _open(actor: str, channel: str, mobile: str, lang: str, service: dict, checked: intake.Intake, body: Any,
          owner: str, centre: store.CentreItem | None = None,
          fee_taken: Decimal | None = None) -> store.ApplicationItem:
    now = clock.now()
    moment, today = clock.iso(now), domain.ist_date(now)
    the_rules = masterdata.rules()
    limit = service["time_limit"]
    guaranteed = masterdata.guaranteed_date(today, int(limit["days"]), limit["kind"], the_rules)
    district = checked.district
    details = checked.details(body.purpose, getattr(body, "fee_reason", None) if fee_taken is not None else None)
    due_at = domain.end_of(guaranteed)
    desk = domain.desk(service["designated_officer"], district)
    office = service["designated_officer"]["office"]
    name = service["name_en"] if lang == "en" else service["name_hi"]
    for _ in range(ACK_ATTEMPTS):
        ack = domain.ack_number(secrets.randbelow(100_000_000))
        item = store.new_application(
            ack=ack, service_code=service["code"], department=service["department"], office=office,
            district=district, applicant_name=body.applicant_name, details=details,
            documents=[a["code"] for a in checked.attached], mobile=mobile,
            owner_key=domain.owner_key(_secret(), mobile),
            lang=lang, channel=channel, filed_by=actor, pacs_reg_no=centre.reg_no if centre else None,
            fee=domain.money(Decimal(service["fee"])),
            fee_taken=domain.money(fee_taken) if fee_taken is not None else None, status=SUBMITTED, stage_desk=desk,
            stage_office=office, stage_due_at=due_at, guaranteed_date=guaranteed.isoformat(), guaranteed_at=due_at,
            at_fault=f"{office} ({desk})", created_at=moment, updated_at=moment)
        entry = history.next_entry(0, None, at=moment, actor=actor, action="applied", to_state=SUBMITTED,
                                   note=f"application received ({channel})",
                                   data={"service": service["code"], "district": district, "desk": desk,
                                         "guaranteed_date": item.guaranteed_date, "pacs": item.pacs_reg_no,
                                         "fee_taken": item.fee_taken, "fee_reason": details.get("fee_reason"),
                                         "society": details.get("society"),
                                         "documents": [a["document_id"] for a in checked.attached]})
        sms = [notify.compose("LOKSEVA_RECEIVED", mobile, lang, service=name, ack=ack, date=_show(guaranteed))]
        counters = _tally(_dims(item), {"received": 1}, now)
        txn = None
        if centre is not None:
            txn = store.new_txn(centre.reg_no, ids.new_id(), service=service["code"], date=today.isoformat(),
                                fee=item.fee_taken, recorded_by=actor, recorded_at=moment, ack=ack)
            counters.update(centres.txn_counters(centre, txn))
        if store.create(item, True, entry, sms, counters, txn, intake.attach_all(checked, owner, ack)):
            notify.deliver(sms)
            return item
        intake.lost_race(checked)          # a document went to another application meanwhile: 409
    raise AppError("INTERNAL")   # three random numbers taken the same day: not a thing that happens


# --- decisions and appeals ------------------------------------------------------------------

def _first_decision(item: store.ApplicationItem, now: datetime, the_rules: domain.Rules) -> dict[str, int]:
    """Freeze the delay and the penalty at the first decision; say what the dashboard gains."""
    days = domain.delay_days(date.fromisoformat(item.guaranteed_date), domain.ist_date(now))
    amount = domain.penalty(days, the_rules)
    item.first_decided_at, item.delay_days, item.penalty = clock.iso(now), days, domain.money(amount)
    deltas = {"late": 1, "penalty_paise": domain.to_paise(amount)} if days else {"in_time": 1}
    if item.overdue_counted:
        deltas["overdue_pending"] = -1
    return deltas


def _certificate(item: store.ApplicationItem, service: dict, who: str, reasons: str, now: datetime) -> str:

    place = geo.district(item.district)
    pdf = certificate.render({
        "ack": item.ack, "service_name_hi": service["name_hi"], "service_name_en": service["name_en"],
        "applicant_name": item.applicant_name, "district": f"{place['name_hi']} / {place['name_en']}",
        "applied_on": _show(domain.ist_date(clock.parse_iso(item.created_at))),
        "guaranteed_date": _show(date.fromisoformat(item.guaranteed_date)), "decided_on": _show(domain.ist_date(now)),
        "decided_by": f"{who} ({item.office})", "reasons": reasons})
    return store.put_certificate(item.ack, pdf)


def decide(who: Principal, ack: str, body: Any) -> dict:
    item, entries = _load_with_history(ack, consistent=True)
    if body.version is not None and body.version != int(item.version):
        raise Conflict()
    domain.check_decidable(item.status)
    office = item.stage_office or item.office
    domain.may_decide(who, item.stage_desk, office, masterdata.seat(office, item.stage_desk),
                      list(item.deciders or []))
    now = clock.now()
    moment, before = clock.iso(now), item.status
    the_rules = masterdata.rules()
    deltas = _first_decision(item, now, the_rules) if item.first_decided_at is None else {}
    if before == SUBMITTED and deltas.get("late"):
        item.at_fault = _at_fault(item, [who.subject])     # the designated officer decided, but late
    approve = body.decision == "approve"
    item.status = APPROVED if approve else REJECTED
    item.decided_at, item.decided_by, item.decided_stage, item.reasons = moment, who.subject, before, body.reasons
    item.deciders = [*(item.deciders or []), who.subject]
    item.updated_at = moment
    if approve:
        item.certificate_key = _certificate(item, masterdata.service(item.service_code), who.subject, body.reasons,
                                            now)
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=who.subject,
                               action="approved" if approve else "rejected", from_state=before,
                               to_state=item.status, note=body.reasons,
                               data={"stage": STAGE_OF[before], "delay_days": int(item.delay_days or 0),
                                     "penalty": item.penalty})
    sms = [notify.compose("LOKSEVA_APPROVED", item.mobile, item.lang, ack=ack) if approve else
           notify.compose("LOKSEVA_REJECTED", item.mobile, item.lang, ack=ack, days=the_rules.appeal_window_days)]
    store.save(item, False, entry, sms, _tally(_dims(item), deltas, now) if deltas else {})
    metrics.count(metrics.APPLICATIONS_DECIDED)
    notify.deliver(sms)
    return full_view(item, [*entries, entry])


def _at_fault(item: store.ApplicationItem, holders: list[str] | None) -> str:
    """The designated officer's office and desk, and who held it when the time ran out (if known)."""
    named = f": {', '.join(holders)}" if holders else ""
    return f"{item.office} ({item.stage_desk}){named}"


def _move_to(item: store.ApplicationItem, stage: str, now: datetime, the_rules: domain.Rules) -> date:
    service = masterdata.service(item.service_code)
    ends = domain.ist_date(now) + timedelta(days=the_rules.appeal_days(stage))
    officer = service[STAGE_OF[stage]]
    item.status, item.stage_desk, item.stage_due_at = stage, domain.desk(officer, item.district), domain.end_of(ends)
    item.stage_office = officer["office"]
    item.updated_at = clock.iso(now)
    return ends


def appeal(who: Principal, ack: str, body: Any) -> dict:
    item = _load(ack, consistent=True)
    if not _is_owner(who, item):
        raise Forbidden("APPLICATION_NOT_YOURS")
    now = clock.now()
    the_rules = masterdata.rules()
    before = item.status
    stage = domain.appeal_target(item.status, item.decided_stage, item.decided_at, now, the_rules)
    ends = _move_to(item, stage, now, the_rules)
    item.decided_at = item.decided_by = item.decided_stage = None
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=item.updated_at,
                               actor=f"citizen:{who.subject}", action="appealed", from_state=before, to_state=stage,
                               note=body.grounds, data={"desk": item.stage_desk, "due": ends.isoformat()})
    sms = [notify.compose("LOKSEVA_APPEAL_FILED", item.mobile, item.lang, ack=ack,
                          stage=_stage_name(stage, item.lang), date=_show(ends))]
    store.save(item, stage in NEXT_STAGE, entry, sms, {})
    notify.deliver(sms)
    return full_view(item)


def certificate_link(who: Principal, ack: str) -> dict:
    item = _load(ack)
    if not _is_owner(who, item):
        raise Forbidden("APPLICATION_NOT_YOURS")
    if item.status != APPROVED or not item.certificate_key:
        raise NotFound("CERTIFICATE_NOT_READY")
    seconds = masterdata.rules().certificate_link_seconds
    return {"url": store.certificate_link(item.certificate_key, seconds), "expires_in": seconds}


# --- the appeal sweep -----------------------------------------------------------------------

def escalate_due(limit: int = 500) -> dict[str, int]:
    """Move to appeal every application whose stage time has run out, reading only what is due
    (sparse, sharded index). Each move is conditional on the version read: if the officer's
    decision landed first, the sweep's write fails and the decision stands; if the sweep's
    landed first, the officer gets 409 and reloads. Nothing is lost or moved twice."""
    now = clock.now()
    the_rules = masterdata.rules()
    cutoff = clock.iso(now)
    return duesweep.run(lambda shard, n: store.due_now(shard, cutoff, n),
                        lambda ack: escalate_one(ack, now, the_rules), limit,
                        outcomes=("escalated", "skipped", "conflicts"))


def escalate_one(ack: str, now: datetime, the_rules: domain.Rules) -> str:
    item = store.get(ack, consistent=True)
    if item is None or item.status not in NEXT_STAGE or item.stage_due_at > clock.iso(now):
        return "skipped"
    before = item.status
    stage = NEXT_STAGE[before]
    if before == SUBMITTED:
        item.at_fault = _at_fault(item, masterdata.seat(item.office, item.stage_desk))
    ends = _move_to(item, stage, now, the_rules)
    deltas = {}
    if item.first_decided_at is None and not item.overdue_counted:
        item.overdue_counted = True
        deltas["overdue_pending"] = 1
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=item.updated_at, actor=SWEEP_ACTOR,
                               action="auto_appeal", from_state=before, to_state=stage,
                               note="",     # the client says it from the action (hist.auto_appeal)
                               data={"desk": item.stage_desk, "due": ends.isoformat()})
    sms = [notify.compose("LOKSEVA_AUTO_APPEAL", item.mobile, item.lang, ack=ack,
                          stage=_stage_name(stage, item.lang), date=_show(ends))]
    try:
        store.save(item, stage in NEXT_STAGE, entry, sms, _tally(_dims(item), deltas, now) if deltas else {})
    except Conflict:
        return "conflicts"
    notify.deliver(sms)
    return "escalated"


__all__ = ["ACTIVE", "seed_master_data"]
