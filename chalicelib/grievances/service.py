"""grievances use cases: load through the store, decide with the domain, save through the store.

Filing (citizen, call centre, CPGRAMS, Open311 all come through `open_grievance`), tracking,
officers' actions, reminders, feedback and reopening, the escalation sweep, and master data.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core import clock, geo, history, ids, metrics, notify
from chalicelib.core.auth import Principal, Role
from chalicelib.core.config import get_settings
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import AppError, Conflict, Forbidden, NotFound, RateLimited, Unauthorized, invalid_field
from chalicelib.grievances import attachments, domain, store
from chalicelib.identity import public as identity
from chalicelib.societies import public as societies

SETTINGS_KEY = "SETTINGS#global"
SWEEP_ACTOR = "system:escalation"
URN_ATTEMPTS = 3


# --- master data ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Seat:
    key: str
    username: str
    name: str
    mobile: str | None
    version: int
    name_hi: str | None = None


def rules() -> domain.Rules:
    item = store.master.cached_one(SETTINGS_KEY)
    return domain.Rules.from_data(item.data if item else defaults()["settings"])


def _config(keys: list[str]) -> dict[str, dict]:
    return {key: item.data for key, item in store.master.cached_many(keys).items()}


def _category(code: str, found: dict[str, dict], field: str = "category") -> dict:
    category = found.get(f"CATEGORY#{code}")
    if category is None:
        raise invalid_field(field, f"unknown category '{code}'", "UNKNOWN_CATEGORY", category=code)
    return category


def _pick_seat(found: dict[str, Any], position: domain.Position) -> Seat | None:
    """The most specific seat configured for the position (district's own, division's, HQ's)."""
    for key in domain.seat_candidates(position.office, position.district, position.level):
        item = found.get(f"SEAT#{key}")
        if item is not None:
            return Seat(key, item.data["username"], item.data["name"], item.data.get("mobile"), int(item.version),
                        item.data.get("name_hi"))
    return None


def _seat_keys(position: domain.Position) -> list[str]:
    return [f"SEAT#{key}" for key in domain.seat_candidates(position.office, position.district, position.level)]


def seat_for(position: domain.Position) -> Seat | None:
    return _pick_seat(store.master.cached_many(_seat_keys(position)), position)


def _names(category: str, office: str) -> dict:
    found = _config([f"CATEGORY#{category}", f"OFFICE#{office}"])
    cat, off = found.get(f"CATEGORY#{category}", {}), found.get(f"OFFICE#{office}", {})
    return {"category_name_hi": cat.get("name_hi"), "category_name_en": cat.get("name_en"),
            "office_name_hi": off.get("name_hi"), "office_name_en": off.get("name_en")}


def _seed_items() -> list[tuple[str, dict]]:
    data = defaults()
    items: list[tuple[str, dict]] = [(SETTINGS_KEY, data["settings"])]
    items += [(f"OFFICE#{o['code']}", {k: v for k, v in o.items() if k != "code"}) for o in data["offices"]]
    items += [(f"CATEGORY#{c['code']}", {k: v for k, v in c.items() if k != "code"}) for c in data["categories"]]
    for office, levels in data["seats"].items():
        for level_text, spec in levels.items():
            level = int(level_text)
            scope = domain.LEVEL_SCOPE[level]
            nodes = (geo.districts() if scope == "district" else geo.divisions() if scope == "division"
                     else [{"code": None, "name_en": "HQ", "name_hi": "मुख्यालय"}])
            for node in nodes:
                where = f"{scope}:{node['code']}" if node["code"] else "state"
                seat = {"username": spec["username"].format(**node), "name": spec["name"].format(**node),
                        "name_hi": spec["name_hi"].format(**node) if spec.get("name_hi") else None,
                        "mobile": None}
                items.append((f"SEAT#{office}#L{level}#{where}", seat))
    return items


def seed_master_data(actor: str = "seed") -> int:
    """Write the defaults that are missing (settings, offices, categories, seats); keeps admin edits.

    Returns how many items were written. The local stack calls this on start.
    """
    from chalicelib.grievances import replies  # reply templates per category (the officer's desk)

    return store.master.seed(_seed_items() + replies.seed_items(), actor)


def _versioned(item: Any) -> dict:
    return store.master.view(item, key=True)


def config_view() -> dict:
    settings = store.master.one(SETTINGS_KEY)
    return {"settings": _versioned(settings) if settings else None,
            "offices": [_versioned(i) for i in store.master.listed("OFFICE#")],
            "categories": [_versioned(i) for i in store.master.listed("CATEGORY#")]}


def put_config(actor: str, key: str, data: dict, version: int | None, note: str) -> dict:
    """Create (no version) or change (the version read) one master-data item, with its history."""
    current = store.master.checked(key, version)
    change = {"before": current.data, "after": _masked_config(data)} if current else {"after": _masked_config(data)}
    return _versioned(store.master.write(actor, key, current, data, note, change=change))


def _masked_config(data: dict) -> dict:
    return {k: (notify.mask(v) if k == "mobile" else v) for k, v in data.items()}


def put_settings(actor: str, data: dict, version: int, note: str) -> dict:
    return put_config(actor, SETTINGS_KEY, data, version, note)


def put_office(actor: str, code: str, data: dict, version: int | None, note: str) -> dict:
    return put_config(actor, f"OFFICE#{_code(code, 'code')}", data, version, note)


def put_category(actor: str, code: str, data: dict, version: int | None, note: str) -> dict:
    _code(code, "code")
    if store.master.one(f"OFFICE#{data['office']}") is None:
        raise invalid_field("office", f"unknown office '{data['office']}'", "UNKNOWN_OFFICE", office=data["office"])
    return put_config(actor, f"CATEGORY#{code}", data, version, note)


def _code(code: str, field: str) -> str:
    if not (2 <= len(code) <= 40 and code[0].isalpha() and all(c.islower() or c.isdigit() or c == "_" for c in code)):
        raise invalid_field(field, "lower-case letters, digits and _ (2-40)")
    return code


def put_seat(actor: str, office: str, level: str, data: dict, scope: str, code: str | None,
             version: int | None, note: str) -> dict:
    if store.master.one(f"OFFICE#{_code(office, 'office')}") is None:
        raise invalid_field("office", f"unknown office '{office}'", "UNKNOWN_OFFICE", office=office)
    if level not in {str(n) for n in domain.LEVELS}:
        raise invalid_field("level", "a level from 1 to 4")
    if scope == "district" and not (code and geo.is_district(code)):
        raise invalid_field("code", f"unknown district '{code}'")
    if scope == "division" and not (code and geo.is_division(code)):
        raise invalid_field("code", f"unknown division '{code}'")
    where = f"{scope}:{code}" if scope != "state" else "state"
    saved = put_config(actor, f"SEAT#{office}#L{level}#{where}", data, version, note)
    return {**saved, "data": _masked_config(saved["data"])}


def seats_of(office: str, district: str) -> dict:
    """The officer who applies at each level for one office and district."""
    positions = [domain.Position(office, district, level) for level in domain.LEVELS]
    found = store.master.many([key for p in positions for key in _seat_keys(p)])
    seats = []
    for position in positions:
        seat = _pick_seat(found, position)
        seats.append({"level": position.level, "key": seat.key if seat else None,
                      "username": seat.username if seat else None, "name": seat.name if seat else None,
                      "name_hi": seat.name_hi if seat else None,
                      "mobile": notify.mask(seat.mobile) if seat else None, "version": seat.version if seat else None})
    return {"office": office, "district": district, "seats": seats}


def categories() -> list[dict]:
    return [{"code": i.sk.removeprefix("CATEGORY#"), **{k: i.data.get(k) for k in
             ("name_hi", "name_en", "description_hi", "description_en", "office", "housing", "open311",
              "level_days")}}
            for i in store.master.cached_listed("CATEGORY#")]


# --- the record as the rules see it, and as people see it ----------------------------------

def case_of(item: store.GrievanceItem) -> domain.Case:
    return domain.Case(
        urn=item.urn, type=item.type, category=item.category, office=item.office, district=item.district,
        status=item.status, level=int(item.level), assignee=item.assignee, created_at=item.created_at,
        due_at=item.due_at, source=item.source, housing=bool(item.housing), transfers=int(item.transfers or 0),
        reopen_count=int(item.reopen_count or 0), disposed_at=item.disposed_at,
        disposed_level=int(item.disposed_level) if item.disposed_level is not None else None,
        force_close_notice_at=item.force_close_notice_at, target_at=item.target_at,
        interim_reply_at=item.interim_reply_at, last_reminder_at=item.last_reminder_at,
        special_close_proposed=bool(item.special_close_proposed))


def _summary(item: store.GrievanceItem) -> dict:
    return {"urn": item.urn, "type": item.type, "category": item.category, "district": item.district,
            "subject": item.subject, "status": item.status, "level": int(item.level), "due_at": item.due_at,
            "created_at": item.created_at, "updated_at": item.updated_at, "office": item.office,
            "society_reg_no": item.society_reg_no, "society_name": item.society_name}


def full_view(item: store.GrievanceItem, entries: list | None = None) -> dict:
    """The record with its history; pass the entries read with it (store.get_with_history) to save a call."""
    entries = store.history(item.urn) if entries is None else entries
    fields = ("urn", "type", "category", "office", "district", "division", "subject", "description",
              "society_reg_no", "society_name", "society_name_hi", "lang", "source", "filed_by", "status", "assignee",
              "assignee_name", "assignee_name_hi", "due_at", "force_close_notice_at", "disposed_at", "closure_note",
              "closure_reason",
              "last_reminder_at", "cpgrams_reg_no", "target_at", "interim_reply_at", "possible_duplicate_of",
              "created_at", "updated_at", "feedback")
    view = {name: getattr(item, name) for name in fields}
    view.update(_names(item.category, item.office))
    view.update(documents=list(item.documents or []), mobile=notify.mask(item.mobile), level=int(item.level),
                transfers=int(item.transfers or 0), reopen_count=int(item.reopen_count or 0),
                special_close_proposed=bool(item.special_close_proposed), version=int(item.version),
                disposed_level=int(item.disposed_level) if item.disposed_level is not None else None,
                history={"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)})
    return view


def public_view(urn: str) -> dict:
    item = _load(urn)
    place = geo.district(item.district)
    return {"urn": item.urn, "status": item.status, "level": int(item.level), "category": item.category,
            "office": item.office, "district": item.district, "district_name_hi": place["name_hi"],
            "district_name_en": place["name_en"], "created_at": item.created_at, "updated_at": item.updated_at,
            "due_at": item.due_at, "disposed_at": item.disposed_at, **_names(item.category, item.office)}


def check_urn(urn: str) -> str:
    urn = ids.plain_reference(urn)                        # "2 0261 20345" as printed is accepted
    if not domain.is_urn(urn):
        raise invalid_field("urn", "a grievance number has 10 digits; check the number", "URN_INVALID")
    return urn


def _load(urn: str, consistent: bool = False) -> store.GrievanceItem:
    item = store.get(check_urn(urn), consistent)
    if item is None:
        raise NotFound("GRIEVANCE_NOT_FOUND", urn=urn)
    return item


def _secret() -> str:
    return get_settings().signing_secret.get_secret_value()


def _citizen_key(who: Principal) -> str:
    mobile = identity.citizen_mobile(who.subject)
    if not mobile:
        raise Unauthorized("TOKEN_INVALID")
    return domain.owner_key(_secret(), mobile)


def _is_owner(who: Principal, item: store.GrievanceItem) -> bool:
    """The citizen who filed it (their id is on the record: no lookup), or who owns its mobile."""
    if who.role != Role.CITIZEN:
        return False
    return (item.citizen_id is not None and item.citizen_id == who.subject) or _citizen_key(who) == item.owner_key


def _actor(who: Principal) -> str:
    return f"citizen:{who.subject}" if who.role == Role.CITIZEN else who.subject


def _load_with_history(urn: str, consistent: bool = False) -> tuple[store.GrievanceItem, list]:
    item, entries = store.get_with_history(check_urn(urn), consistent)
    if item is None:
        raise NotFound("GRIEVANCE_NOT_FOUND", urn=urn)
    return item, entries


def get_full(who: Principal, urn: str) -> dict:
    item, entries = _load_with_history(urn)
    domain.may_view(who, case_of(item), _is_owner(who, item))
    return full_view(item, entries)


def document_link(who: Principal, urn: str, document_id: str) -> dict:
    """A short-lived download of a grievance's document, for whoever may see the grievance."""
    item = _load(urn)
    domain.may_view(who, case_of(item), _is_owner(who, item))
    return attachments.read_link(who, urn, list(item.documents or []), document_id)


def document_reads(who: Principal, urn: str, query: Any) -> dict:
    """Who read the grievance's documents and when (the owner, or staff who may see it)."""
    item = _load(urn)
    domain.may_view(who, case_of(item), _is_owner(who, item))
    return attachments.reads(urn, query.limit, query.next)


# --- filing --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Intake:
    """Who a grievance is for and how it came in."""

    actor: str
    mobile: str
    citizen_id: str | None
    source: str
    lang: str
    apply_daily_limit: bool = True
    uploader: str | None = None           # whose uploaded documents may be attached
    cpgrams_reg_no: str | None = None
    received_at: datetime | None = None
    extra: tuple[tuple[str, Any], ...] = ()


def file_grievance(who: Principal, data: dict, accept_lang: str) -> dict:
    lang = data.get("lang") or accept_lang
    if who.role == Role.CITIZEN:
        if data.get("mobile"):
            raise invalid_field("mobile", "only a call-centre agent files for another person's mobile")
        mobile = identity.citizen_mobile(who.subject)
        if not mobile:
            raise Unauthorized("TOKEN_INVALID")
        intake = Intake(_actor(who), mobile, who.subject, "web", lang, uploader=attachments.uploader(who))
    else:
        if not data.get("mobile"):
            raise invalid_field("mobile", "the citizen's mobile is required when filing on their behalf")
        intake = Intake(who.subject, data["mobile"], None, "call_centre", lang, uploader=attachments.uploader(who))
    return filed_view(open_grievance(intake, data))


def filed_view(item: store.GrievanceItem) -> dict:
    return {"urn": item.urn, "status": item.status, "level": int(item.level), "due_at": item.due_at,
            "office": item.office, "district": item.district, "category": item.category,
            "created_at": item.created_at, "sms_lang": item.lang, "possible_duplicate_of": item.possible_duplicate_of}


def _society(reg_no: str | None, district: str) -> dict | None:
    if not reg_no:
        return None
    society = societies.get_society(reg_no)
    if society is None:
        raise invalid_field("society_reg_no", f"no society {reg_no}", "SOCIETY_NOT_FOUND", reg_no=reg_no)
    if society["district"] != district:
        raise invalid_field("society_reg_no", f"society {reg_no} is in district {society['district']}")
    return society


def open_grievance(intake: Intake, data: dict) -> store.GrievanceItem:
    """Route (category → office → district → L1 seat), check the day's limit, write, tell by SMS."""
    now = clock.now()
    moment = clock.iso(now)
    found = _config([SETTINGS_KEY, f"CATEGORY#{data['category']}"])
    the_rules = domain.Rules.from_data(found.get(SETTINGS_KEY) or defaults()["settings"])
    category = _category(data["category"], found)
    society = _society(data.get("society_reg_no"), data["district"])
    position = domain.Position(category["office"], data["district"], 1)
    seat = seat_for(position)
    key = domain.owner_key(_secret(), intake.mobile)
    recent = store.recent_for_owner(key, clock.iso(now - timedelta(days=the_rules.duplicate_window_days)))
    duplicate = domain.likely_duplicate(
        [{"urn": r.urn, "category": r.category, "society_reg_no": r.society_reg_no, "created_at": r.created_at}
         for r in recent], data["category"], data.get("society_reg_no"), now, the_rules)
    days = domain.level_days(category, the_rules)
    landing = domain.arrive(position, seat.username if seat else None, days, now)
    target_at = None
    if intake.cpgrams_reg_no:
        target_at = clock.iso((intake.received_at or now) + timedelta(days=the_rules.cpgrams_target_days))
    limit_key = store.limit_pk(key, domain.ist_day(now))
    wanted = list(data.get("documents") or [])
    if wanted and not intake.uploader:
        raise invalid_field("documents", "documents are uploaded by the citizen or the call-centre agent")
    docs = attachments.attachable(intake.uploader, wanted) if wanted else {}
    for _ in range(URN_ATTEMPTS):
        urn = domain.urn_from(secrets.randbelow(100_000_000))
        item = store.new_grievance(
            urn=urn, type=data["type"], category=data["category"], division=geo.division_of(data["district"]),
            subject=data["subject"], description=data["description"], society_reg_no=data.get("society_reg_no"),
            society_name=society["name_en"] if society else None,
            society_name_hi=society.get("name_hi") if society else None, documents=list(data.get("documents") or []),
            mobile=intake.mobile, owner_key=key, citizen_id=intake.citizen_id, lang=intake.lang,
            source=intake.source, filed_by=intake.actor, housing=bool(category.get("housing")),
            assignee_name=seat.name if seat else None, assignee_name_hi=seat.name_hi if seat else None,
            created_at=moment, updated_at=moment,
            auto_escalate=domain.auto_escalates(1, domain.OPEN, the_rules), possible_duplicate_of=duplicate,
            cpgrams_reg_no=intake.cpgrams_reg_no, target_at=target_at, **dict(intake.extra), **landing)
        case = case_of(item)
        entry = history.next_entry(0, None, at=moment, actor=intake.actor, action="filed", to_state=domain.OPEN,
                                   note="",     # the client says it from the action and source, in either language
                                   data={"source": intake.source, "category": item.category, "office": item.office,
                                         "district": item.district, "level": 1, "assignee": item.assignee})
        messages = [notify.compose("GRIEVANCE_FILED", intake.mobile, intake.lang, urn=urn,
                                   date=domain.show_date(item.due_at))]
        if seat and seat.mobile:
            messages.append(notify.compose("GRIEVANCE_ASSIGNED", seat.mobile, "hi", urn=urn, level=1,
                                           date=domain.show_date(item.due_at)))
        counters = domain.tally(domain.ist_day(now), None, case, {"received": 1})
        attach = attachments.attach_all(docs, intake.uploader, urn) if docs else None
        if store.create(item, True, entry, messages, counters, limit_key if intake.apply_daily_limit else None,
                        the_rules.daily_limit, now + timedelta(days=2), intake.cpgrams_reg_no, attach):
            metrics.count(metrics.GRIEVANCES_FILED)
            notify.deliver(messages)
            return item
        if docs:
            attachments.lost_race(docs)
        if intake.apply_daily_limit and store.filed_today(limit_key) >= the_rules.daily_limit:
            raise RateLimited(domain.seconds_to_ist_midnight(now), "GRIEVANCE_DAILY_LIMIT",
                              limit=the_rules.daily_limit)
        if intake.cpgrams_reg_no and store.imported_urn(intake.cpgrams_reg_no):
            raise Conflict("CPGRAMS_ALREADY_IMPORTED", reg_no=intake.cpgrams_reg_no)
    raise AppError("INTERNAL")   # three random URNs taken in a row: not a thing that happens


# --- lists ---------------------------------------------------------------------------------

def list_grievances(who: Principal, query: Any) -> dict:
    if query.mine:
        if who.role != Role.CITIZEN:
            raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
        key = _citizen_key(who)
        scope = f"mine:{key}"
        items, last = store.mine(key, query.limit, decode_cursor(query.next, scope))
        return {"items": [_summary(i) for i in items], "next": encode_cursor(last, scope)}
    if query.assigned:
        return _inbox(who, query)
    return _housing_list(who, query)


def _inbox(who: Principal, query: Any) -> dict:
    if who.role != Role.OFFICER:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    status = query.status
    bucket = store.DONE_BUCKET if status in domain.DISPOSED else store.ACTIVE_BUCKET
    scope = f"inbox:{who.subject}:{status or ''}"
    start = decode_cursor(query.next, scope)
    items, last = store.inbox(who.subject, bucket, status, query.limit, start)
    the_rules = rules()
    now = clock.now()
    now_at, near_at = clock.iso(now), clock.iso(now + timedelta(hours=the_rules.near_limit_hours))
    counted = _page_counts(items, last, now_at, near_at) if status is None and start is None else None
    overdue, near = counted or store.inbox_counts(who.subject, now_at, near_at)
    return {"items": [_summary(i) for i in items], "next": encode_cursor(last, scope),
            "counts": {"overdue": overdue, "near_limit": near, "near_limit_hours": the_rules.near_limit_hours}}


def _page_counts(items: list, last: dict | None, now_at: str, near_at: str) -> tuple[int, int] | None:
    """The first page of the active inbox is in due order: when it holds every active grievance, or
    its last one is due after the warning window, the counts (overdue, near the limit) are in the
    page and need no COUNT query, the common case. None when they are not."""
    if last is not None and (not items or items[-1].due_at <= near_at):
        return None
    return (sum(1 for i in items if i.due_at <= now_at),
            sum(1 for i in items if now_at < i.due_at <= near_at))


def _housing_list(who: Principal, query: Any) -> dict:
    if who.role not in (Role.HOUSING_CELL, Role.ADMIN, Role.OFFICER):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    jurisdiction = who.jurisdiction
    if jurisdiction.level.value == "state":
        if not query.division:
            raise invalid_field("division", "HQ staff give the division to list")
        division = query.division
    elif jurisdiction.level.value == "division":
        division = query.division or jurisdiction.code
        if division != jurisdiction.code:
            raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=jurisdiction.label())
    else:
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=jurisdiction.label())
    scope = f"housing:{division}"
    items, last = store.housing_list(division, query.limit, decode_cursor(query.next, scope))
    return {"items": [_summary(i) for i in items], "next": encode_cursor(last, scope)}


# --- officers' actions ---------------------------------------------------------------------

def _apply(item: store.GrievanceItem, changes: dict, moment: str, seat: Seat | None, the_rules: domain.Rules) -> None:
    for name, value in changes.items():
        setattr(item, name, value)
    if "district" in changes:
        item.division = geo.division_of(item.district)
    if "assignee" in changes:
        item.assignee_name = seat.name if seat else None
        item.assignee_name_hi = seat.name_hi if seat else None
    item.auto_escalate = domain.auto_escalates(int(item.level), item.status, the_rules)
    item.updated_at = moment


def _land(case: domain.Case, position: domain.Position, now: datetime, the_rules: domain.Rules,
          status: str = domain.OPEN) -> tuple[dict, Seat | None]:
    found = store.master.cached_many([f"CATEGORY#{case.category}", *_seat_keys(position)])
    seat = _pick_seat(found, position)
    category = found.get(f"CATEGORY#{case.category}")
    days = domain.level_days(category.data if category else None, the_rules)
    return domain.arrive(position, seat.username if seat else None, days, now, status), seat


def _officer_sms(seat: Seat | None, urn: str, level: int, due_at: str) -> list[notify.Sms]:
    if not seat or not seat.mobile:
        return []
    return [notify.compose("GRIEVANCE_ASSIGNED", seat.mobile, "hi", urn=urn, level=level,
                           date=domain.show_date(due_at))]


def act(who: Principal, urn: str, body: Any) -> dict:
    item, entries = _load_with_history(urn, consistent=True)
    if body.version is not None and body.version != int(item.version):
        raise Conflict()
    the_rules = rules()
    now = clock.now()
    moment = clock.iso(now)
    before = case_of(item)
    args = domain.ActionArgs(body.note, body.reason, body.office, body.district)
    step = domain.authorize_action(before, who, body.action, args, now, the_rules)
    position = domain.target(before, step, args)
    landing, seat = None, None
    if position is not None:
        if position.office != before.office and store.master.cached_one(f"OFFICE#{position.office}") is None:
            raise invalid_field("office", f"unknown office '{position.office}'", "UNKNOWN_OFFICE",
                                office=position.office)
        landing, seat = _land(before, position, now, the_rules)
    _apply(item, domain.transition(before, step, args, now, landing), moment, seat, the_rules)
    after = case_of(item)
    flows = {"disposed": 1} if step.disposes else {}
    if step.move == "up":
        flows["escalated"] = 1
    counters = domain.tally(domain.ist_day(now), before, after, flows, flow_case=before)
    data = {k: v for k, v in (("reason", args.reason), ("level", after.level if landing else None),
                              ("office", after.office if landing else None),
                              ("district", after.district if landing else None),
                              ("assignee", after.assignee if landing else None)) if v is not None}
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=who.subject,
                               action=body.action, from_state=before.status, to_state=after.status,
                               note=args.note, data=data)
    messages = []
    if step.tell_citizen:
        messages.append(notify.compose(step.tell_citizen, item.mobile, item.lang, urn=urn, level=after.level,
                                       days=the_rules.reopen_window_days if step.disposes
                                       else the_rules.force_close_notice_days))
    if step.tell_officer:
        messages += _officer_sms(seat, urn, after.level, after.due_at)
    store.save(item, after.status in domain.ACTIVE, entry, messages, counters)
    notify.deliver(messages)
    return full_view(item, [*entries, entry])


# --- citizens: reminders and feedback ------------------------------------------------------

def _require_owner_or_agent(who: Principal, item: store.GrievanceItem) -> None:
    if who.role == Role.CALL_CENTRE:
        return
    if not _is_owner(who, item):
        raise Forbidden("GRIEVANCE_NOT_YOURS")


def remind(who: Principal, urn: str) -> dict:
    item = _load(urn, consistent=True)
    _require_owner_or_agent(who, item)
    the_rules = rules()
    now = clock.now()
    case = case_of(item)
    domain.check_reminder(case, now, the_rules)
    moment = clock.iso(now)
    item.last_reminder_at = item.updated_at = moment
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=_actor(who),
                               action="reminder", from_state=case.status, to_state=case.status,
                               note="", data={"level": case.level})
    seat = seat_for(domain.Position(case.office, case.district, case.level))
    messages = []
    if seat and seat.mobile and seat.username == case.assignee:
        messages.append(notify.compose("GRIEVANCE_REMINDER", seat.mobile, "hi", urn=urn,
                                       date=domain.show_date(case.due_at)))
    store.save(item, True, entry, messages, {})
    notify.deliver(messages)
    return {"urn": urn, "reminded_at": moment,
            "next_allowed_at": clock.iso(now + timedelta(hours=the_rules.reminder_interval_hours))}


def give_feedback(who: Principal, urn: str, body: Any) -> dict:
    item, entries = _load_with_history(urn, consistent=True)
    _require_owner_or_agent(who, item)
    the_rules = rules()
    now = clock.now()
    moment = clock.iso(now)
    before = case_of(item)
    domain.check_feedback(before, now, the_rules)
    item.feedback = {"satisfied": body.satisfied, "rating": body.rating, "comment": body.comment, "at": moment}
    flows = {"feedback": 1, ("satisfied" if body.satisfied else "reopened"): 1}
    messages: list[notify.Sms] = []
    seat = None
    if body.satisfied:
        changes: dict[str, Any] = {"status": domain.CLOSED}
    else:
        changes, seat = _land(before, domain.reopen_position(before), now, the_rules, domain.REOPENED)
        changes.update(reopen_count=before.reopen_count + 1, special_close_proposed=False)
    _apply(item, changes, moment, seat, the_rules)
    after = case_of(item)
    if not body.satisfied:
        messages.append(notify.compose("GRIEVANCE_REOPENED", item.mobile, item.lang, urn=urn, level=after.level))
        messages += _officer_sms(seat, urn, after.level, after.due_at)
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=_actor(who),
                               action="feedback", from_state=before.status, to_state=after.status,
                               note=body.comment or "",
                               data={"satisfied": body.satisfied, "rating": body.rating})
    counters = domain.tally(domain.ist_day(now), before, after, flows, flow_case=after)
    store.save(item, after.status in domain.ACTIVE, entry, messages, counters)
    notify.deliver(messages)
    return full_view(item, [*entries, entry])


# --- the escalation sweep ------------------------------------------------------------------

def escalate_due(limit: int = 500) -> dict[str, int]:
    """Escalate what is past its level's limit. Reads only what is due (sparse, sharded index);
    each escalation is a write conditional on the version read, so two sweeps, or a sweep and an
    officer, never both win: the loser changes nothing and the next run looks again."""
    now = clock.now()
    the_rules = rules()
    counts = {"escalated": 0, "skipped": 0, "conflicts": 0}
    for shard in range(store.SHARDS):
        for urn in store.due_for_escalation(shard, clock.iso(now), limit):
            counts[escalate_one(urn, now, the_rules)] += 1
    metrics.count(metrics.GRIEVANCES_ESCALATED, counts["escalated"])
    return counts


def escalate_one(urn: str, now: datetime, the_rules: domain.Rules) -> str:
    item = store.get(urn, consistent=True)
    if item is None:
        return "skipped"
    before = case_of(item)
    if not domain.escalation_due(before, now, the_rules):
        if before.status in domain.ACTIVE and not domain.auto_escalates(before.level, before.status, the_rules):
            try:
                store.set_auto_escalate(item, False)   # L3→L4 was made manual: off the sweep's index
            except Exception as exc:
                if not store.is_put_conflict(exc):
                    raise
                return "conflicts"
        return "skipped"
    moment = clock.iso(now)
    landing, seat = _land(before, domain.escalation(before), now, the_rules)
    _apply(item, landing, moment, seat, the_rules)
    after = case_of(item)
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=SWEEP_ACTOR,
                               action="escalated", from_state=before.status, to_state=after.status,
                               note="",      # the client says it from the action and data
                               data={"from_level": before.level, "level": after.level, "assignee": after.assignee})
    messages = [notify.compose("GRIEVANCE_ESCALATED", item.mobile, item.lang, urn=urn, level=after.level)]
    messages += _officer_sms(seat, urn, after.level, after.due_at)
    counters = domain.tally(domain.ist_day(now), before, after, {"escalated": 1}, flow_case=before)
    try:
        store.save(item, True, entry, messages, counters)
    except Conflict:
        return "conflicts"
    notify.deliver(messages)
    return "escalated"
