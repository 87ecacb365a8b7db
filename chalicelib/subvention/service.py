"""subvention use cases: the public calculator, season master data, PACS bindings, ledger uploads
(the processing itself is in ledger.py), farmers' results and claims."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core import clock, history, ids, notify
from chalicelib.core.auth import Level, Principal, Role, require_district
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, Forbidden, Invalid, NotFound, invalid_field
from chalicelib.subvention import domain, store

UPLOAD_EXPIRES = 900
MAX_LEDGER_BYTES = 50 * 1024 * 1024
CLAIM_FIELDS = ("loans", *domain.COMPONENTS)


# --- master data: seasons ------------------------------------------------------------------

@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


def default_season(kind: str, year: int) -> dict:
    spec = defaults()[kind]
    end_year = year if kind == "kharif" else year + 1
    return {"drawal_from": f"{year}-{spec['drawal_from']}", "drawal_to": f"{end_year}-{spec['drawal_to']}",
            "due_date": f"{year + 1}-{spec['due']}", "extensions": [], "terms": defaults()["terms"]}


def _season_key(code: str) -> str:
    return f"SEASON#{code}"


def check_season_code(code: str, field: str = "code") -> tuple[str, int]:
    kind, _, year = code.partition("-")
    if kind not in ("kharif", "rabi") or not (year.isdigit() and len(year) == 4):
        raise invalid_field(field, "kharif-YYYY or rabi-YYYY", "SEASON_CODE_INVALID")
    return kind, int(year)


def effective_due(data: dict) -> date:
    """The due date after every extension order (the latest order wins)."""
    extensions = sorted(data.get("extensions") or [], key=lambda e: (e["order_date"], e["order_no"]))
    return date.fromisoformat(extensions[-1]["due_date"] if extensions else data["due_date"])


def season_view(item: store.ConfigItem) -> dict:
    code = item.sk.removeprefix("SEASON#")
    kind, year = check_season_code(code)
    data = item.data
    return {"code": code, "kind": kind, "year": year, "agri_year": domain.agri_year(code),
            "drawal_from": data["drawal_from"], "drawal_to": data["drawal_to"], "due_date": data["due_date"],
            "effective_due_date": effective_due(data).isoformat(), "extensions": data.get("extensions") or [],
            "terms": data["terms"], "version": int(item.version), "updated_at": item.updated_at,
            "updated_by": item.updated_by}


def seasons() -> list[dict]:
    return [season_view(i) for i in store.config_list("SEASON#")]


def season(code: str) -> dict:
    check_season_code(code)
    item = store.config_one(_season_key(code))
    if item is None:
        raise NotFound("SEASON_NOT_FOUND", season=code)
    entries = store.config_history(item.sk)
    return {**season_view(item), "history": {"items": [e.as_dict() for e in entries],
                                             "chain_valid": history.verify(entries)}}


def _season_data(code: str, field: str) -> dict:
    item = store.config_one(_season_key(code))
    if item is None:
        raise invalid_field(field, f"no master data for season {code}", "SEASON_NOT_FOUND", season=code)
    return item.data


def _seed_items() -> list[tuple[str, dict]]:
    spec = defaults()
    return [(_season_key(f"{kind}-{year}"), default_season(kind, year))
            for year in range(spec["first_year"], spec["last_year"] + 1) for kind in ("kharif", "rabi")]


def seed_master_data(actor: str = "seed") -> int:
    """Seasons with the 2024-25 defaults; keeps whatever an admin changed."""
    return store.master.seed(_seed_items(), actor)


def _put_config(actor: str, key: str, data: dict, version: int | None, note: str,
                operators: tuple[list[str], list[str]] = ([], [])) -> store.ConfigItem:
    moment = clock.iso(clock.now())
    current = store.config_one(key, consistent=True)
    if version is None and current is not None:
        raise Conflict("CONFIG_EXISTS", key=key)
    if version is not None and (current is None or int(current.version) != version):
        raise Conflict() if current is not None else NotFound("CONFIG_NOT_FOUND", key=key)
    item = current or store.ConfigItem(sk=key, data=data, updated_at=moment, updated_by=actor)
    before = current.data if current else None
    item.data, item.updated_at, item.updated_by = data, moment, actor
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=actor,
                               action="updated" if current else "created", note=note,
                               data={"before": before, "after": data} if current else {"after": data})
    store.config_save(item, entry, current is None, *operators)
    return item


def put_season(actor: str, code: str, body: Any) -> dict:
    kind, year = check_season_code(code)
    data = body.model_dump(mode="json", exclude={"version", "note"})
    if domain.season_of(body.drawal_from) != code:
        raise invalid_field("drawal_from", f"a {kind} {year} drawal window starts inside that season")
    if not body.drawal_from <= body.drawal_to <= body.due_date:
        raise invalid_field("due_date", "drawal_from ≤ drawal_to ≤ due_date")
    missing = [name for name in domain.SCHEMES if name not in body.terms.schemes]
    if missing:
        raise invalid_field("terms.schemes", f"rates for every scheme: {', '.join(missing)} missing")
    for i, ext in enumerate(body.extensions):
        if ext.due_date < body.due_date:
            raise invalid_field(f"extensions[{i}].due_date", "an extension cannot bring the due date forward")
    return season_view(_put_config(actor, _season_key(code), data, body.version, body.note))


# --- master data: PACS bindings ------------------------------------------------------------

def _pacs_society(reg_no: str) -> dict:
    from chalicelib.societies import public as societies

    society = societies.get_society(reg_no)
    if society is None or society.get("type") != "pacs":
        raise NotFound("PACS_NOT_FOUND", reg_no=reg_no)
    return society


def put_pacs(actor: str, reg_no: str, body: Any) -> dict:
    """Bind operators (role pacs_operator, jurisdiction the PACS's district) and a bank to a PACS."""
    from chalicelib.identity import public as identity

    society = _pacs_society(reg_no)
    operators = list(dict.fromkeys(body.operators))
    for i, username in enumerate(operators):
        account = identity.staff_profile(username)
        if account is None or account["role"] != Role.PACS_OPERATOR.value:
            raise invalid_field(f"operators[{i}]", f"'{username}' is not a pacs_operator account")
        if account["jurisdiction"].get("code") != society["district"]:
            raise invalid_field(f"operators[{i}]", f"'{username}' works in another district")
        bound = store.operator_pacs(username)
        if bound not in (None, reg_no):
            raise invalid_field(f"operators[{i}]", f"'{username}' is bound to PACS {bound}")
    current = store.config_one(f"PACS#{reg_no}", consistent=True)
    before = set(current.data.get("operators", [])) if current else set()
    data = {"district": society["district"], "bank": body.bank, "operators": operators,
            "overdue_rate": body.overdue_rate, "name_en": society.get("name_en")}
    item = _put_config(actor, f"PACS#{reg_no}", data, body.version, body.note,
                       ([u for u in operators if u not in before], sorted(before - set(operators))))
    return pacs_view(item)


def pacs_view(item: store.ConfigItem) -> dict:
    return {"reg_no": item.sk.removeprefix("PACS#"), **item.data, "version": int(item.version)}


def _binding(reg_no: str) -> dict:
    item = store.config_one(f"PACS#{reg_no}")
    if item is None:
        raise NotFound("PACS_NOT_FOUND", reg_no=reg_no)
    return item.data


def operator_binding(who: Principal) -> tuple[str, dict]:
    """The PACS a pacs_operator is bound to, checked against their jurisdiction."""
    pacs = store.operator_pacs(who.subject)
    if pacs is None:
        raise Forbidden("PACS_NOT_BOUND")
    binding = _binding(pacs)
    require_district(who, binding["district"])
    return pacs, binding


def _may_see_pacs(who: Principal, pacs: str, district: str) -> None:
    if who.role == Role.PACS_OPERATOR:
        if store.operator_pacs(who.subject) != pacs:
            raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=f"pacs:{store.operator_pacs(who.subject)}")
        return
    if who.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    require_district(who, district)


# --- the calculator ------------------------------------------------------------------------

def _today() -> date:
    return clock.now().astimezone(clock.IST).date()


def terms_for(data: dict, scheme: str, due: date, overdue: str | None, left: Decimal) -> domain.Terms:
    t = data["terms"]
    if scheme not in t["schemes"]:
        raise invalid_field("scheme", f"the season has no rates for {scheme}")
    rates = domain.Rates.from_data(t["schemes"][scheme], overdue or t["overdue_rate"])
    return domain.Terms(due, rates, left, int(t.get("max_days", 365)), int(t.get("days_in_year", 365)))


def calculate(body: Any) -> dict:
    txns = [domain.Txn(t.date, t.type, Decimal(t.amount)) for t in body.transactions]
    first = next((t for t in txns if t.kind == domain.DRAWAL), None)
    if first is not None and txns[0].kind == domain.DRAWAL and body.due_date < first.on:
        raise invalid_field("due_date", f"the due date {body.due_date} is before the first drawal ({first.on})",
                            "SUBVENTION_DUE_BEFORE_DRAWAL")
    domain.check(txns, body.due_date, body.as_of)
    code = domain.season_of(first.on)
    data = _season_data(code, "transactions[0].date")
    left = domain.ceiling_left(data["terms"]["ceilings"], body.purpose, {})
    as_of = body.as_of or max(_today(), txns[-1].on)
    result = domain.calculate(body.scheme, txns, terms_for(data, body.scheme, body.due_date, body.overdue_rate, left),
                              as_of)
    return {**result.as_strings(), "season": code, "scheme": body.scheme}


# --- ledgers: upload, submit, read ---------------------------------------------------------

def _ledger_view(item: store.LedgerItem) -> dict:
    return {"ledger_id": item.ledger_id, "pacs": item.pacs, "district": item.district, "bank": item.bank,
            "season": item.season, "status": item.status, "phase": item.phase, "filename": item.filename,
            "size": int(item.size) if item.size is not None else None, "sha256": item.sha256,
            "duplicate_of": item.duplicate_of, "counts": {k: int(v) for k, v in (item.counts or {}).items()},
            "totals": {k: domain.rupees(int(v)) for k, v in (item.totals or {}).items()}, "failure": item.failure,
            "created_by": item.created_by, "created_at": item.created_at, "updated_at": item.updated_at,
            "done_at": item.done_at, "version": int(item.version)}


def ledger_entry(item: store.LedgerItem, actor: str, action: str, before: str | None, note: str = "",
                 data: dict | None = None) -> history.Entry:
    return history.next_entry(int(item.history_seq or 0), item.history_hash, at=clock.iso(clock.now()), actor=actor,
                              action=action, from_state=before, to_state=item.status, note=note, data=data or {})


def create_ledger(who: Principal, season_code: str, filename: str | None) -> dict:
    pacs, binding = operator_binding(who)
    check_season_code(season_code, "season")
    _season_data(season_code, "season")
    moment = clock.iso(clock.now())
    ledger_id = ids.new_id()
    item = store.new_ledger(ledger_id=ledger_id, pacs=pacs, district=binding["district"], bank=binding["bank"],
                            season=season_code, status="AWAITING_UPLOAD", object_key=store.object_key(pacs, ledger_id),
                            filename=filename, created_by=who.subject, created_at=moment, updated_at=moment)
    store.save_ledger(item, ledger_entry(item, who.subject, "created", None, "upload URL issued"), create=True)
    return {"ledger_id": ledger_id, "status": item.status,
            "upload_url": store.upload_url(item.object_key, UPLOAD_EXPIRES),
            "upload_headers": {"Content-Type": "text/csv"}, "expires_in": UPLOAD_EXPIRES,
            "max_bytes": MAX_LEDGER_BYTES}


def _load_ledger(ledger_id: str, consistent: bool = False) -> store.LedgerItem:
    item = store.get_ledger(ledger_id, consistent) if 10 <= len(ledger_id) <= 40 else None
    if item is None:
        raise NotFound("LEDGER_NOT_FOUND", ledger_id=ledger_id)
    return item


def submit_ledger(who: Principal, ledger_id: str) -> dict:
    """After the PUT: check the object is there and not too large, and queue it for processing."""
    item = _load_ledger(ledger_id, consistent=True)
    pacs, _ = operator_binding(who)
    if pacs != item.pacs:
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=f"pacs:{pacs}")
    if item.status != "AWAITING_UPLOAD":
        raise Conflict("LEDGER_NOT_IN_STATE", status=item.status)
    head = store.object_head(item.object_key)
    if head is None:
        raise Conflict("LEDGER_NOT_UPLOADED")
    size, item.object_version = head
    if size > MAX_LEDGER_BYTES:   # presigned URLs cannot cap the size (moto does not even try): checked here
        raise Invalid("LEDGER_TOO_LARGE", details=[{"field": "file", "message": f"over {MAX_LEDGER_BYTES} bytes"}],
                      limit=MAX_LEDGER_BYTES)
    item.size, item.status, item.updated_at = size, "QUEUED", clock.iso(clock.now())
    item.queued_at = item.updated_at
    store.save_ledger(item, ledger_entry(item, who.subject, "submitted", "AWAITING_UPLOAD", f"{size} bytes"))
    return _ledger_view(item)


def get_ledger(who: Principal, ledger_id: str) -> dict:
    item = _load_ledger(ledger_id)
    _may_see_pacs(who, item.pacs, item.district)
    return _ledger_view(item)


def ledger_errors(who: Principal, ledger_id: str, limit: int, cursor: str | None) -> dict:
    item = _load_ledger(ledger_id)
    _may_see_pacs(who, item.pacs, item.district)
    scope = f"errors:{ledger_id}"
    rows, last = store.errors(ledger_id, limit, decode_cursor(cursor, scope))
    return {"items": [{"row": int(r.row), "member_no": r.member_no, "reasons": r.reasons} for r in rows],
            "next": encode_cursor(last, scope)}


def farmer(who: Principal, member_no: str, year: str, pacs: str | None) -> dict:
    if who.role == Role.PACS_OPERATOR:
        pacs, binding = operator_binding(who)
    else:
        if not pacs:
            raise invalid_field("pacs", "officers and admins name the PACS")
        binding = _binding(pacs)
    _may_see_pacs(who, pacs, binding["district"])
    item = store.get_farmer(pacs, member_no, year) if len(member_no) <= 20 else None
    if item is None:
        raise NotFound("NOT_FOUND")
    return {"pacs": pacs, "member_no": item.member_no, "year": year, "aadhaar_last4": item.aadhaar_last4,
            "mobile": notify.mask(item.mobile), "loans": item.loans}


# --- claims --------------------------------------------------------------------------------

def half_year_bounds(half: str) -> tuple[date, date]:
    year, part = int(half[:4]), half[-1]
    if part == "1":
        return date(year, 4, 1), date(year, 9, 30)
    return date(year, 10, 1), date(year + 1, 3, 31)


def _claims_scope(who: Principal, level: str, code: str | None) -> str:
    """The counter key the caller may read, or Forbidden."""
    if who.role not in (Role.ADMIN, Role.OFFICER, Role.PACS_OPERATOR):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if level == "state":
        if who.role == Role.PACS_OPERATOR:
            raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
        if who.jurisdiction.level != Level.STATE:
            raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
        return "state#all"
    if not code:
        raise invalid_field("code", f"the {level} code is required")
    if level == "pacs":
        _may_see_pacs(who, code, _binding(code)["district"])
    elif who.role == Role.PACS_OPERATOR:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    elif level == "district":
        from chalicelib.core import geo

        if not geo.is_district(code):
            raise invalid_field("code", f"unknown district '{code}'", "UNKNOWN_DISTRICT", district=code)
        require_district(who, code)
    elif who.jurisdiction.level != Level.STATE:   # a bank's PACS span districts: HQ only
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    return f"{level}#{code}"


def claims(who: Principal, level: str, half: str, code: str | None) -> dict:
    key = _claims_scope(who, level, code)
    first, last = half_year_bounds(half)
    item = store.claims(half, key)
    values = {name: int(getattr(item, name) or 0) if item else 0 for name in CLAIM_FIELDS}
    return {"level": level, "code": None if level == "state" else code, "half_year": half,
            "period_from": first.isoformat(), "period_to": last.isoformat(), "loans": values.pop("loans"),
            **{name: domain.rupees(v) for name, v in values.items()}}


def claim_counters(half: str, pacs: str, bank: str, district: str, amounts: dict[str, Decimal]) -> dict:
    deltas = {"loans": 1, **{name: domain.paise(amounts[name]) for name in domain.COMPONENTS}}
    return {(half, key): dict(deltas) for key in (f"pacs#{pacs}", f"bank#{bank}", f"district#{district}",
                                                   "state#all")}


def day_counters(day: str, district: str, amounts: dict[str, Decimal], new_farmer: bool) -> dict:
    """The review's counter of a loan's results written on an IST day, beside the half-year ones."""
    deltas = {"loans": 1, "farmers": int(new_farmer),
              **{name: domain.paise(amounts[name]) for name in domain.COMPONENTS}}
    return {(store.DAY, f"{day}#{district}"): deltas}


def add_counters(into: dict, more: dict) -> None:
    for key, deltas in more.items():
        bucket = into.setdefault(key, {})
        for name, amount in deltas.items():
            bucket[name] = bucket.get(name, 0) + amount


def due_window(data: dict) -> tuple[date, date]:
    return date.fromisoformat(data["drawal_from"]), date.fromisoformat(data["drawal_to"])



