"""audits use cases: master data (settings, CA firms, departmental auditors), allotment of audits
one by one or a whole district at once, audit reports and the society's compliance.

Load through the store, decide with the domain, save through the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from chalicelib.audits import domain, store
from chalicelib.core import clock, geo, history, notify
from chalicelib.core.auth import Principal, Role
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, Forbidden, NotFound, invalid_field
from chalicelib.identity import public as identity
from chalicelib.societies import public as societies

EMPANELLED = "EMPANELLED"


# --- master data ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


def settings() -> domain.Settings:
    item = store.settings()
    return domain.Settings.from_data(item.data if item else defaults()["settings"])


def seed_master_data(actor: str = "seed") -> int:
    """The default settings, if an admin has not set them (the local stack calls this)."""
    return int(store.master.seed_one(store.SETTINGS_SK, defaults()["settings"], actor, to_state=None))


def settings_view() -> dict:
    item = store.settings()
    if item is None:
        return {"data": defaults()["settings"], "version": None, "updated_at": None, "updated_by": None}
    return {"data": item.data, "version": int(item.version), "updated_at": item.updated_at,
            "updated_by": item.updated_by}


def put_settings(actor: str, data: dict, version: int | None, note: str) -> dict:
    domain.check_bands(data["class_bands"], Decimal(str(data["max_marks"])))
    domain.Settings.from_data(data)
    current = store.settings()
    if (current is None) != (version is None) or (current is not None and int(current.version) != version):
        raise Conflict()
    store.master.write(actor, store.SETTINGS_SK, current, data, note)
    return settings_view()


# --- CA firms ------------------------------------------------------------------------------

def firm_username(frn: str) -> str:
    """A firm signs in as ca-<frn> (lower case); the firm record is found from its login."""
    return "ca-" + frn.lower()


def frn_of(who: Principal) -> str | None:
    return who.subject.removeprefix("ca-").upper() if who.role == Role.CA_FIRM else None


def _firm_view(firm: store.FirmItem, private: bool) -> dict:
    view = {"frn": firm.frn, "name": firm.name, "district": firm.district,
            "experience_years": int(firm.experience_years), "partners": len(firm.partners),
            "capacity": int(firm.capacity), "active": bool(firm.active)}
    if private:
        view.update(partner_list=firm.partners, mobile=notify.mask(firm.mobile), email=firm.email,
                    username=firm.username, version=int(firm.version), created_at=firm.created_at,
                    updated_at=firm.updated_at)
    return view


def load_firm(frn: str) -> store.FirmItem:
    firm = store.get_firm(frn)
    if firm is None:
        raise NotFound("FIRM_NOT_FOUND", frn=frn)
    return firm


def _may_read_firm(who: Principal, frn: str) -> None:
    if who.role == Role.CA_FIRM:
        if frn_of(who) != frn:
            raise Forbidden("FIRM_NOT_YOURS")
    elif who.role not in (Role.ADMIN, Role.OFFICER):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)


def create_firm(actor: str, data: dict) -> dict:
    """A firm's record and its login (it sets a password by OTP to its mobile), in one transaction."""
    moment = clock.iso(clock.now())
    frn = data["frn"]
    capacity = data.get("capacity") or settings().firm_capacity_per_partner * len(data["partners"])
    firm = store.FirmItem(pk=store.firm_pk(frn), frn=frn, name=data["name"], partners=data["partners"],
                          experience_years=data["experience_years"], mobile=data["mobile"], email=data["email"],
                          district=data["district"], capacity=capacity, username=firm_username(frn),
                          created_at=moment, updated_at=moment, sort_key=frn)
    entry = history.next_entry(0, None, at=moment, actor=actor, action="registered", to_state="active",
                               note="CA firm entered", data={"capacity": capacity, "partners": len(data["partners"])})
    messages: list = []

    def add_login(tx: object) -> None:
        messages.extend(identity.add_firm_account(tx, actor, firm.username, data["name"], data["mobile"],
                                                  f"login for CA firm {frn}"))

    if not store.create_firm(firm, entry, add_login):
        raise Conflict("FIRM_EXISTS", frn=frn)
    notify.deliver(messages)
    return _firm_view(firm, private=True)


def get_firm(who: Principal, frn: str) -> dict:
    _may_read_firm(who, frn)
    firm = load_firm(frn)
    entries = store.history(firm.pk)
    return {**_firm_view(firm, private=True),
            "history": {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}}


def update_firm(actor: str, frn: str, version: int, changes: dict, note: str) -> dict:
    firm = load_firm(frn)
    if int(firm.version) != version:
        raise Conflict()
    before = {k: getattr(firm, k) for k in changes}
    for name, value in changes.items():
        setattr(firm, name, value)
    firm.updated_at = clock.iso(clock.now())
    logged = {k: notify.mask(v) if k == "mobile" else v for k, v in changes.items()}
    entry = history.next_entry(int(firm.history_seq), firm.history_hash, at=firm.updated_at, actor=actor,
                               action="updated", note=note,
                               data={"after": logged, "before": {k: notify.mask(v) if k == "mobile" else v
                                                                 for k, v in before.items()}})
    store.save_record(firm, entry, create=False)
    return _firm_view(firm, private=True)


def list_firms(limit: int, cursor: str | None) -> dict:
    items, last = store.firm_page(limit, decode_cursor(cursor, "firms"))
    return {"items": [_firm_view(f, private=False) for f in items], "next": encode_cursor(last, "firms")}


def empanel_by_order(actor: str, frn: str, year: str, note: str) -> dict:
    """Until firms apply online: the admin records a firm as empanelled for a cycle (with history)."""
    domain.check_year(year)
    firm = load_firm(frn)
    moment = clock.iso(clock.now())
    item = store.EmpanelmentItem(pk=store.empanelment_pk(year, frn), frn=frn, year=year, status=EMPANELLED,
                                 firm_name=firm.name, district=firm.district, created_at=moment, updated_at=moment,
                                 updated_by=actor, list_key=f"EMP#{year}#{EMPANELLED}", sort_key=frn)
    entry = history.next_entry(0, None, at=moment, actor=actor, action="empanelled_by_order", to_state=EMPANELLED,
                               note=note, data={"year": year})
    store.save_record(item, entry, create=True, conflict="EMPANELMENT_EXISTS", frn=frn, year=year)
    return empanelment_view(item)


def empanelment_view(item: store.EmpanelmentItem) -> dict:
    return {"frn": item.frn, "year": item.year, "status": item.status, "firm_name": item.firm_name,
            "district": item.district, "updated_at": item.updated_at, "version": int(item.version)}


def empanelled_firms(year: str, limit: int, cursor: str | None) -> dict:
    """The public list of firms empanelled for a cycle."""
    domain.check_year(year)
    scope = f"empanelled:{year}"
    items, last = store.empanelments(year, EMPANELLED, limit, decode_cursor(cursor, scope))
    return {"year": year, "items": [{"frn": i.frn, "name": i.firm_name, "district": i.district,
                                     "empanelled_since": i.updated_at} for i in items],
            "next": encode_cursor(last, scope)}


# --- departmental auditors -----------------------------------------------------------------

def _auditor_view(item: store.AuditorItem) -> dict:
    return {"username": item.username, "name": item.name, "district": item.district,
            "capacity": int(item.capacity), "active": bool(item.active), "version": int(item.version)}


def create_auditor(actor: str, data: dict) -> dict:
    moment = clock.iso(clock.now())
    capacity = data.get("capacity") or settings().auditor_default_capacity
    item = store.AuditorItem(pk=store.auditor_pk(data["username"]), username=data["username"], name=data["name"],
                             district=data["district"], capacity=capacity, created_at=moment, updated_at=moment,
                             list_key=f"AUDITORS#{data['district']}", sort_key=data["username"])
    entry = history.next_entry(0, None, at=moment, actor=actor, action="posted", to_state="active",
                               note="departmental auditor entered", data={"district": data["district"],
                                                                          "capacity": capacity})
    store.save_record(item, entry, create=True, conflict="AUDITOR_EXISTS", auditor=data["username"])
    return _auditor_view(item)


def update_auditor(actor: str, username: str, version: int, changes: dict, note: str) -> dict:
    item = store.get_auditor(username)
    if item is None:
        raise NotFound("AUDITOR_NOT_FOUND", auditor=username)
    if int(item.version) != version:
        raise Conflict()
    before = {k: getattr(item, k) for k in changes}
    for name, value in changes.items():
        setattr(item, name, value)
    item.list_key = f"AUDITORS#{item.district}"
    item.updated_at = clock.iso(clock.now())
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=item.updated_at, actor=actor,
                               action="updated", note=note, data={"before": before, "after": changes})
    store.save_record(item, entry, create=False)
    return _auditor_view(item)


def list_auditors(district: str) -> list[dict]:
    return [_auditor_view(i) for i in store.district_auditors(district)]


# --- the pool of auditors for a year -------------------------------------------------------

@dataclass(frozen=True)
class Who:
    """An auditor's name, and the mobile its allotments are told to (firms)."""

    name: str
    mobile: str | None


Pool = tuple[list[domain.Candidate], dict[str, Who]]


def firm_candidates(year: str, wanted: list[str] | None, field_name: str = "firms") -> Pool:
    """Firms empanelled for the year (all of them, or those asked for: each must be empanelled)."""
    empanelled = {e.frn for e in store.all_empanelled(year, EMPANELLED)}
    if wanted is not None:
        for frn in wanted:
            if frn not in empanelled:
                raise invalid_field(field_name, f"CA firm {frn} is not empanelled for {year}", "FIRM_NOT_EMPANELLED",
                                    frn=frn, year=year)
        empanelled = set(wanted)
    found = store.firms(list(empanelled))
    firms = [f for f in found.values() if f.active]
    return ([domain.Candidate(domain.FIRM, f.frn, int(f.capacity)) for f in firms],
            {domain.auditor_key(domain.FIRM, f.frn): Who(f.name, f.mobile) for f in firms})


def auditor_candidates(district: str, wanted: list[str] | None, field_name: str = "auditors") -> Pool:
    """The district's departmental auditors (or those asked for: each must exist and be active)."""
    if wanted is None:
        chosen = [a for a in store.district_auditors(district) if a.active]
    else:
        found = store.auditors(wanted)
        for username in wanted:
            if username not in found or not found[username].active:
                raise invalid_field(field_name, f"no active departmental auditor {username}",
                                    "AUDITOR_NOT_FOUND", auditor=username)
        chosen = list(found.values())
    return ([domain.Candidate(domain.DEPARTMENTAL, a.username, int(a.capacity)) for a in chosen],
            {domain.auditor_key(domain.DEPARTMENTAL, a.username): Who(a.name, None) for a in chosen})


def with_loads(year: str, candidates: list[domain.Candidate]) -> list[domain.Candidate]:
    current = store.loads(year, [c.key for c in candidates])
    for c in candidates:
        c.load = current[c.key]
    return candidates


def _one_candidate(year: str, kind: str, auditor_id: str) -> tuple[domain.Candidate, Who]:
    if kind == domain.FIRM:
        candidates, names = firm_candidates(year, [auditor_id], "auditor_id")
        if not candidates:
            raise invalid_field("auditor_id", f"CA firm {auditor_id} is not active", "AUDITOR_INACTIVE",
                                auditor=auditor_id)
    else:
        candidates, names = auditor_candidates("", [auditor_id], "auditor_id")
    candidate = with_loads(year, candidates)[0]
    return candidate, names[candidate.key]


# --- allotments ----------------------------------------------------------------------------

def _society(reg_no: str) -> dict:
    society = societies.get_society(reg_no)
    if society is None:
        raise NotFound("SOCIETY_NOT_FOUND", reg_no=reg_no)
    return society


def new_allotment(year: str, society: dict, key: str, name: str, actor: str, moment: str,
                   run_id: str | None) -> tuple[store.AllotmentItem, history.Entry]:
    item = store.AllotmentItem(pk=store.allotment_pk(year, society["reg_no"]), year=year, reg_no=society["reg_no"],
                               district=society["district"], division=geo.division_of(society["district"]),
                               society_name=society.get("name_en"), auditor=key, auditor_name=name,
                               status=domain.ALLOTTED, allotted_by=actor, allotted_at=moment, run_id=run_id,
                               updated_at=moment)
    entry = history.next_entry(0, None, at=moment, actor=actor, action="allotted", to_state=domain.ALLOTTED,
                               note="bulk allocation" if run_id else "allotted",
                               data={"auditor": key, **({"run_id": run_id} if run_id else {})})
    return item, entry


def _capacity_error(candidate: domain.Candidate, year: str) -> Conflict:
    return Conflict("CAPACITY_EXCEEDED", auditor=candidate.key, year=year, capacity=candidate.capacity)


def allot_one(who: Principal, year: str, reg_no: str, kind: str, auditor_id: str) -> dict:
    domain.check_year(year)
    society = _society(reg_no)
    domain.authorize_allot(who, society["district"])
    the_rules = settings()
    if store.get_allotment(year, reg_no, consistent=True) is not None:
        raise Conflict("AUDIT_ALREADY_ALLOTTED", reg_no=reg_no, year=year)
    candidate, name = _one_candidate(year, kind, auditor_id)
    _check_may_take(candidate, year, reg_no, the_rules)
    item, entry = new_allotment(year, society, candidate.key, name.name, who.subject, clock.iso(clock.now()), None)
    messages = allotted_sms(name, year, society["district"], 1)
    try:
        store.allot([(item, entry)], {candidate.key: (1, candidate.capacity)}, messages)
    except store.LoadConflict as exc:
        if f"allot:{reg_no}" in exc.which:
            raise Conflict("AUDIT_ALREADY_ALLOTTED", reg_no=reg_no, year=year) from exc
        raise _capacity_error(candidate, year) from exc
    notify.deliver(messages)
    return allotment_view(item)


def allotted_sms(who: Who, year: str, district: str, count: int) -> list:
    """Tell a firm what it was allotted (departmental auditors see it in their work list)."""
    if not who.mobile or count <= 0:
        return []
    place = geo.district(district)
    return [notify.compose("AUDIT_ALLOTTED", who.mobile, "hi", year=year, count=count,
                           district=place["name_hi"] if place else district)]


def _check_may_take(candidate: domain.Candidate, year: str, reg_no: str, the_rules: domain.Settings) -> None:
    prior_years = domain.previous_years(year, the_rules.max_consecutive_years)
    found = store.prior_auditors(prior_years, reg_no)
    reason = domain.may_take(candidate, [found.get(y) for y in prior_years], the_rules.max_consecutive_years)
    if reason == domain.NO_CAPACITY:
        raise _capacity_error(candidate, year)
    if reason == domain.ROTATION_LIMIT:
        raise invalid_field("auditor_id", f"audited this society {the_rules.max_consecutive_years} years running",
                            "ROTATION_LIMIT", years=the_rules.max_consecutive_years)


def _load_allotment(year: str, reg_no: str) -> store.AllotmentItem:
    domain.check_year(year)
    item = store.get_allotment(year, reg_no)
    if item is None:
        raise NotFound("AUDIT_NOT_FOUND", reg_no=reg_no, year=year)
    return item


def reallot(who: Principal, year: str, reg_no: str, kind: str, auditor_id: str, version: int, note: str) -> dict:
    """Give an allotted (not yet reported) audit to another auditor: loads move with it."""
    item = _load_allotment(year, reg_no)
    domain.authorize_allot(who, item.district)
    if int(item.version) != version:
        raise Conflict()
    if item.status != domain.ALLOTTED:
        raise Conflict("AUDIT_NOT_IN_STATE", action="reallot", status=item.status)
    candidate, name = _one_candidate(year, kind, auditor_id)
    if candidate.key == item.auditor:
        return allotment_view(item)
    _check_may_take(candidate, year, reg_no, settings())
    before = item.auditor
    item.auditor, item.auditor_name, item.updated_at = candidate.key, name.name, clock.iso(clock.now())
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=item.updated_at, actor=who.subject,
                               action="reallotted", from_state=domain.ALLOTTED, to_state=domain.ALLOTTED, note=note,
                               data={"from": before, "to": candidate.key})
    messages = allotted_sms(name, year, item.district, 1)
    try:
        store.allot([(item, entry)], {candidate.key: (1, candidate.capacity), before: (-1, None)}, messages)
    except store.LoadConflict as exc:
        if f"allot:{reg_no}" in exc.which:
            raise Conflict() from exc
        raise _capacity_error(candidate, year) from exc
    notify.deliver(messages)
    return allotment_view(item)


def allotment_view(item: store.AllotmentItem, with_history: bool = False) -> dict:
    kind, auditor_id = domain.split_key(item.auditor)
    view = {"year": item.year, "reg_no": item.reg_no, "society_name": item.society_name, "district": item.district,
            "division": item.division, "auditor_kind": kind, "auditor_id": auditor_id,
            "auditor_name": item.auditor_name, "status": item.status, "allotted_by": item.allotted_by,
            "allotted_at": item.allotted_at, "run_id": item.run_id, "marks": item.marks,
            "audit_class": item.audit_class, "fee": item.fee, "remarks": item.remarks,
            "reported_at": item.reported_at, "compliance": item.compliance, "complied_at": item.complied_at,
            "version": int(item.version)}
    if with_history:
        entries = store.history(item.pk)
        view["history"] = {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
    return view


def _is_auditor(who: Principal, item: store.AllotmentItem) -> bool:
    kind, auditor_id = domain.split_key(item.auditor)
    if kind == domain.FIRM:
        return who.role == Role.CA_FIRM and frn_of(who) == auditor_id
    return who.role == Role.OFFICER and who.subject == auditor_id


def _is_society(who: Principal, item: store.AllotmentItem) -> bool:
    return who.role == Role.SOCIETY and who.subject == identity.society_username(item.reg_no)


def get_allotment(who: Principal, year: str, reg_no: str) -> dict:
    item = _load_allotment(year, reg_no)
    if not (_is_auditor(who, item) or _is_society(who, item)):
        if who.role == Role.CA_FIRM:
            raise Forbidden("AUDIT_NOT_YOURS")
        if who.role == Role.SOCIETY:
            raise Forbidden("SOCIETY_NOT_YOURS")
        domain.authorize_view_district(who, item.district)
    return allotment_view(item, with_history=True)


def list_district(who: Principal, year: str, district: str, status: str | None, limit: int,
                  cursor: str | None) -> dict:
    domain.check_year(year)
    domain.authorize_view_district(who, district)
    scope = f"district:{year}:{district}:{status}"
    items, last = store.district_page(year, district, status, limit, decode_cursor(cursor, scope))
    return {"items": [{"reg_no": i.reg_no, "auditor": i.auditor, "status": i.status, "audit_class": i.audit_class}
                      for i in items], "next": encode_cursor(last, scope)}


def assignments(who: Principal, year: str, kind: str, auditor_id: str, limit: int, cursor: str | None) -> dict:
    """An auditor's assignments for a year: a firm sees only its own; officers and the admin any."""
    domain.check_year(year)
    if kind == domain.FIRM:
        _may_read_firm(who, auditor_id)
    elif who.role not in (Role.ADMIN, Role.OFFICER):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    key = domain.auditor_key(kind, auditor_id)
    scope = f"auditor:{year}:{key}"
    items, last = store.auditor_page(year, key, limit, decode_cursor(cursor, scope))
    return {"year": year, "auditor_kind": kind, "auditor_id": auditor_id,
            "items": [allotment_view(i) for i in items], "next": encode_cursor(last, scope)}


def my_assignments(who: Principal, year: str, limit: int, cursor: str | None) -> dict:
    if who.role == Role.CA_FIRM:
        return assignments(who, year, domain.FIRM, frn_of(who), limit, cursor)
    return assignments(who, year, domain.DEPARTMENTAL, who.subject, limit, cursor)


# --- reports and compliance ----------------------------------------------------------------

def submit_report(who: Principal, year: str, reg_no: str, marks: Decimal, fee: Decimal, remarks: str,
                  version: int) -> dict:
    """The allotted auditor's report: the class follows from the marks (master-data bands)."""
    item = _load_allotment(year, reg_no)
    if not _is_auditor(who, item):
        raise Forbidden("AUDIT_NOT_YOURS")
    if int(item.version) != version:
        raise Conflict()
    if item.status != domain.ALLOTTED:
        raise Conflict("AUDIT_NOT_IN_STATE", action="report", status=item.status)
    grade = domain.audit_class(marks, settings())
    now = clock.now()
    moment = clock.iso(now)
    item.marks, item.audit_class, item.fee, item.remarks = str(marks), grade, f"{fee:.2f}", remarks
    item.status, item.reported_at, item.reported_by, item.updated_at = domain.REPORTED, moment, who.subject, moment
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor=who.subject,
                               action="reported", from_state=domain.ALLOTTED, to_state=domain.REPORTED,
                               note=remarks[:200], data={"marks": str(marks), "class": grade, "fee": item.fee})
    mobile = societies.contact_mobile(reg_no)     # the society is told its class and that compliance is due
    messages = [notify.compose("AUDIT_REPORTED", mobile, "hi", reg_no=reg_no, year=year, grade=grade)] if mobile else []
    store.save_report(item, entry, now.astimezone(clock.IST).date().isoformat(), messages)
    notify.deliver(messages)
    return allotment_view(item)


def file_compliance(who: Principal, year: str, reg_no: str, text: str, version: int) -> dict:
    """The society's compliance report on its audit."""
    item = _load_allotment(year, reg_no)
    if not _is_society(who, item):
        raise Forbidden("SOCIETY_NOT_YOURS")
    if int(item.version) != version:
        raise Conflict()
    if item.status != domain.REPORTED:
        raise Conflict("AUDIT_NOT_IN_STATE", action="compliance", status=item.status)
    moment = clock.iso(clock.now())
    item.compliance, item.complied_at, item.complied_by = text, moment, who.subject
    item.status, item.updated_at = domain.COMPLIED, moment
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor=who.subject,
                               action="complied", from_state=domain.REPORTED, to_state=domain.COMPLIED,
                               note=text[:200])
    store.save_allotment(item, entry)
    return allotment_view(item)
