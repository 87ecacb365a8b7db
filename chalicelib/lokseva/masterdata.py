"""lokseva master data: the catalogue of notified services, the holiday list per year and the
settings (penalty rate and cap, appeal periods, off Saturdays). Seeded defaults, admin-editable,
every change versioned with its history."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core import geo, history
from chalicelib.core.auth import Jurisdiction, Role
from chalicelib.core.errors import NotFound, invalid_field
from chalicelib.identity import public as identity
from chalicelib.lokseva import domain, store

SETTINGS_KEY = "SETTINGS#global"


@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


def _seed_items() -> list[tuple[str, dict]]:
    data = defaults()
    items: list[tuple[str, dict]] = [(SETTINGS_KEY, data["settings"])]
    items += [(f"HOLIDAYS#{year}", {"dates": dates}) for year, dates in data["holidays"].items()]
    items += [(f"SERVICE#{s['code']}", {k: v for k, v in s.items() if k != "code"}) for s in data["services"]]
    return items


def seed(actor: str) -> int:
    """Write the defaults that are missing; keeps whatever an admin changed."""
    return store.config_seed(_seed_items(), actor)


def rules() -> domain.Rules:
    item = store.config_cached(SETTINGS_KEY)
    return domain.Rules.from_data(item.data if item else defaults()["settings"])


def calendar(years: list[int], the_rules: domain.Rules) -> domain.Calendar:
    found = store.config_cached_many([f"HOLIDAYS#{year}" for year in years])
    days: set[date] = set()
    for year in years:
        item = found.get(f"HOLIDAYS#{year}")
        listed = item.data["dates"] if item else defaults()["holidays"].get(str(year), [])
        days |= {date.fromisoformat(d["date"]) for d in listed}
    return domain.Calendar(the_rules.off_saturdays, frozenset(days))


def guaranteed_date(start: date, days: int, kind: str, the_rules: domain.Rules) -> date:
    cal = calendar(domain.years_spanned(start, days, kind), the_rules)
    return domain.add_days(start, days, kind, cal)


def working_days(start: date, days: int, kind: str) -> dict:
    the_rules = rules()
    cal = calendar(domain.years_spanned(start, days, kind), the_rules)
    end = domain.add_days(start, days, kind, cal)
    skipped = [] if kind == "calendar" else [
        date.fromordinal(n) for n in range(start.toordinal() + 1, end.toordinal())
        if not domain.is_working_day(date.fromordinal(n), cal)]
    return {"start": start, "days": days, "kind": kind, "guaranteed_date": end, "skipped": skipped}


# --- the catalogue --------------------------------------------------------------------------

ADDED_FIELDS = ("description_hi", "description_en", "applicant", "asks_society", "form")


def upgraded(code: str, data: dict) -> dict:
    """A service saved before services carried forms (a local stack's saved state, or a table
    seeded by an older release): the fields it lacks come from the shipped defaults, and documents
    listed as bare codes get the defaults' both-language names. What an admin set is kept."""
    if all(key in data for key in ADDED_FIELDS) and all(isinstance(d, dict) for d in data.get("documents", [])):
        return data
    shipped = next((s for s in defaults()["services"] if s["code"] == code), {})
    out = {**{k: shipped[k] for k in ADDED_FIELDS if k in shipped and k not in data}, **data}
    named = {d["code"]: d for d in shipped.get("documents", [])}
    out["documents"] = [d if isinstance(d, dict) else
                        named.get(d, {"code": d, "name_hi": d, "name_en": d, "required": False})
                        for d in data.get("documents", []) if isinstance(d, dict) or d not in ASKED_NOW]
    return out


# codes the old catalogue listed as "documents" that are now questions of the form (or the society)
ASKED_NOW = frozenset({"society_reg_no", "survey_number", "loan_account_number", "earlier_certificate_number",
                       "consumer_number", "admission_number", "document_list", "samagra_id"})


def _service_view(item: Any) -> dict:
    code = item.sk.removeprefix("SERVICE#")
    return {"code": code, **upgraded(code, item.data), "version": int(item.version)}


def service(code: str, field: str | None = None) -> dict:
    """A notified service; unknown codes are a 422 naming `field` (in a request) or a 404."""
    item = store.config_cached(f"SERVICE#{code}")
    if item is None:
        if field:
            raise invalid_field(field, f"unknown service '{code}'", "SERVICE_NOT_FOUND", service_code=code)
        raise NotFound("SERVICE_NOT_FOUND", service_code=code)
    return _service_view(item)


def catalogue(department: str | None) -> list[dict]:
    items = [_service_view(i) for i in store.config_cached_list("SERVICE#")]
    return [s for s in items if department is None or s["department"] == department]


def service_history(code: str) -> dict:
    entries = store.config_history(f"SERVICE#{code}")
    return {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}


def seat(office: str, desk: str) -> list[str] | None:
    """Who holds `office` at `desk`, if master data says; None: nobody has been named, so nobody
    may decide at that desk yet (domain.may_decide answers 409 SEAT_NOT_CONFIGURED). Read fresh, not
    from the warm container's master-data copy: who may decide must follow a seat change at once."""
    item = store.config_one(f"SEAT#{office}#{desk}")
    return list(item.data["usernames"]) if item else None


def put_seat(actor: str, office: str, body: object) -> dict:
    desk = body.desk
    if desk != "state":
        level, code = desk.split(":")
        known = geo.is_district(code) if level == "district" else geo.is_division(code)
        if not known:
            raise invalid_field("desk", f"unknown {level} '{code}'")
    for username in body.usernames:
        _check_holder(username, desk)
    item = store.config_put(actor, f"SEAT#{office}#{desk}", {"usernames": list(body.usernames)}, body.version,
                            body.note)
    return {"office": office, "desk": desk, "usernames": item.data["usernames"], "version": int(item.version)}


def _check_holder(username: str, desk: str) -> None:
    """A seat holds only active officers who sit at the seat's node of the tree."""
    account = identity.staff_profile(username)
    if account is None or not account["active"] or account["role"] != Role.OFFICER.value:
        raise invalid_field("usernames", f"'{username}' is not an active officer", "SEAT_HOLDER_INVALID",
                            username=username, desk=desk)
    if Jurisdiction.from_dict(account["jurisdiction"]).label() != desk:
        raise invalid_field("usernames", f"'{username}' does not sit at {desk}", "SEAT_HOLDER_INVALID",
                            username=username, desk=desk)


# --- admin edits ----------------------------------------------------------------------------

def _versioned(item: Any) -> dict:
    return {"data": item.data, "version": int(item.version), "updated_at": item.updated_at,
            "updated_by": item.updated_by}


def put_service(actor: str, code: str, body: object) -> dict:
    data = body.model_dump(mode="json", exclude={"version", "note"})
    data["fee"] = domain.money(body.fee)
    return _service_view(store.config_put(actor, f"SERVICE#{code}", data, body.version, body.note))


def holidays(year: int) -> dict:
    item = store.config_one(f"HOLIDAYS#{year}")
    if item is None:
        listed = defaults()["holidays"].get(str(year))
        if listed is None:
            raise NotFound("CONFIG_NOT_FOUND", key=f"HOLIDAYS#{year}")
        return {"year": year, "dates": listed, "version": None}
    return {"year": year, "dates": item.data["dates"], "version": int(item.version)}


def put_holidays(actor: str, year: int, body: object) -> dict:
    if not 2000 <= year <= 2100:
        raise invalid_field("year", "a year from 2000 to 2100")
    if any(h.date.year != year for h in body.dates):
        raise invalid_field("dates", f"every date must fall in {year}", "HOLIDAY_YEAR_MISMATCH", year=year)
    dates = sorted(body.model_dump(mode="json")["dates"], key=lambda d: d["date"])
    store.config_put(actor, f"HOLIDAYS#{year}", {"dates": dates}, body.version, body.note)
    return holidays(year)


def settings_view() -> dict:
    item = store.config_one(SETTINGS_KEY)
    if item is None:
        raise NotFound("CONFIG_NOT_FOUND", key=SETTINGS_KEY)
    return _versioned(item)


def put_settings(actor: str, body: object) -> dict:
    data = body.model_dump(mode="json", exclude={"version", "note"})
    data.update(penalty_per_day=domain.money(body.penalty_per_day), penalty_cap=domain.money(body.penalty_cap))
    return _versioned(store.config_put(actor, SETTINGS_KEY, data, body.version, body.note))
