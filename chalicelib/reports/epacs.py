"""PACS as service centres and their conversion to e-PACS: status records, the district rows
and the pending list. The roster of PACS is the societies registry (through its public functions)."""

from __future__ import annotations

from datetime import date

from chalicelib.core import clock, geo, history
from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.errors import Forbidden, NotFound, invalid_field
from chalicelib.reports import domain, store

EDITORS = (Role.ADMIN, Role.OFFICER)
READERS = (Role.ADMIN, Role.OFFICER, Role.HOUSING_CELL)
PACS_TYPE = "pacs"


def _roster(district: str) -> list[dict]:
    from chalicelib.societies.public import societies_of_type

    return list(societies_of_type(district, PACS_TYPE))


def district_rows(districts: list[str], as_of: date | None = None, memo: dict | None = None) -> dict[str, dict]:
    """Each district's conversion as of a day (None: today), with its pending PACS listed.
    Two Queries per district (the registry's PACS, our status records); `memo` keeps what was
    read so a report recounting several past days reads each district once."""
    memo = {} if memo is None else memo
    rows = {}
    for district in districts:
        if district not in memo:
            statuses = {s.reg_no: s.attribute_values for s in store.district_statuses(district)}
            memo[district] = (_roster(district), statuses)
        roster, statuses = memo[district]
        rows[district] = domain.epacs_row(roster, statuses, as_of)
    return rows


def _may_read(who: Principal, district: str) -> None:
    if who.role not in READERS:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


def visible_districts(who: Principal, division: str | None) -> list[str]:
    """The districts a caller may see, narrowed to a division if one is asked for."""
    if who.role not in READERS:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if division and who.jurisdiction.level != Level.STATE and not (
            who.jurisdiction.level == Level.DIVISION and who.jurisdiction.code == division):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    return [d["code"] for d in geo.districts(division) if who.jurisdiction.covers_district(d["code"])]


def report(who: Principal, by: str, division: str | None) -> dict:
    districts = visible_districts(who, division)
    rows = district_rows(districts)
    keys = ("total", "onboarded", "pending", "audit_on_portal", "service_centres")
    names = {d["code"]: d for d in geo.districts()}
    if by == "district":
        out = [{"key": code, "name_hi": names[code]["name_hi"], "name_en": names[code]["name_en"], **rows[code]}
               for code in districts]
    else:
        groups: dict[str, list[dict]] = {}
        for code in districts:
            groups.setdefault(geo.division_of(code), []).append(rows[code])
        divisions = {d["code"]: d for d in geo.divisions()}
        out = []
        for code, members in groups.items():
            summed = domain.sum_rows(members, keys)
            out.append({"key": code, "name_hi": divisions[code]["name_hi"], "name_en": divisions[code]["name_en"],
                        **summed, "percent": domain.percent(summed["onboarded"], summed["total"]),
                        "pending_pacs": [p for m in members for p in m["pending_pacs"]]})
    totals = domain.sum_rows(list(rows.values()), keys)
    totals["percent"] = domain.percent(totals["onboarded"], totals["total"])
    return {"by": by, "division": division, "rows": out, "totals": totals}


def _view(item: store.PacsStatusItem) -> dict:
    return {"reg_no": item.reg_no, "name_hi": item.name_hi, "name_en": item.name_en, "district": item.district,
            "division": item.division, "epacs": {"onboarded_on": item.epacs_onboarded_on,
                                                 "modules_live": list(item.epacs_modules or []),
                                                 "audit_on_portal": bool(item.audit_on_portal)},
            "service_centre": {"csc_id": item.csc_id, "services": list(item.csc_services or [])},
            "updated_at": item.updated_at, "updated_by": item.updated_by, "version": item.version}


def _pacs(reg_no: str) -> dict:
    from chalicelib.societies.public import get_society

    society = get_society(reg_no)
    if society is None:
        raise NotFound("SOCIETY_NOT_FOUND", reg_no=reg_no)
    if society["type"] != PACS_TYPE:
        raise invalid_field("reg_no", f"{reg_no} is a {society['type']} society, not a PACS", "NOT_A_PACS",
                            reg_no=reg_no)
    return society


def get_status(who: Principal, reg_no: str) -> dict:
    society = _pacs(reg_no)
    _may_read(who, society["district"])
    item = store.get_status(reg_no)
    if item is None:
        return {"reg_no": reg_no, "name_hi": society["name_hi"], "name_en": society["name_en"],
                "district": society["district"], "division": society["division"],
                "epacs": {"onboarded_on": None, "modules_live": [], "audit_on_portal": False},
                "service_centre": {"csc_id": None, "services": []}, "updated_at": None, "updated_by": None,
                "version": 0}
    return _view(item)


def set_status(who: Principal, reg_no: str, version: int, changes: dict, note: str) -> dict:
    """An officer of the PACS's district (or above) records its e-PACS / service-centre status."""
    if who.role not in EDITORS:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    society = _pacs(reg_no)
    if not who.jurisdiction.covers_district(society["district"]):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    onboarded_on = changes.get("epacs", {}).get("onboarded_on")
    today = clock.now().astimezone(clock.IST).date()
    if onboarded_on and onboarded_on > today:
        raise invalid_field("epacs.onboarded_on", "cannot be in the future")
    item = store.get_status(reg_no)
    before = _view(item) if item else None
    if item is None:
        if version != 0:
            raise invalid_field("version", "0 for a PACS with no status recorded yet")
        item = store.PacsStatusItem(pk=store.pacs_pk(reg_no), reg_no=reg_no, name_hi=society["name_hi"],
                                    name_en=society["name_en"], district=society["district"],
                                    division=society["division"])
    else:
        item.version = version   # the save is conditional on the version the caller read
    if "epacs" in changes:
        epacs = changes["epacs"]
        item.epacs_onboarded_on = epacs["onboarded_on"].isoformat() if epacs.get("onboarded_on") else None
        item.epacs_modules = list(epacs.get("modules_live") or [])
        item.audit_on_portal = bool(epacs.get("audit_on_portal"))
    if "service_centre" in changes:
        centre = changes["service_centre"]
        item.csc_id = centre.get("csc_id")
        item.csc_services = list(centre.get("services") or [])
    moment = clock.iso(clock.now())
    item.updated_at, item.updated_by = moment, who.subject
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=who.subject,
                               action="status_set", note=note,
                               data={"before": before and {k: before[k] for k in ("epacs", "service_centre")},
                                     "after": {k: _view(item)[k] for k in ("epacs", "service_centre")}})
    store.save_status(item, entry)
    return _view(item)


def status_history(who: Principal, reg_no: str) -> dict:
    society = _pacs(reg_no)
    _may_read(who, society["district"])
    entries = store.history(reg_no)
    return {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
