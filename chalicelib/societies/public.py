"""What other services may call in societies. Nothing else of this package is public."""

from __future__ import annotations

from chalicelib.societies import store


def get_society(reg_no: str) -> dict | None:
    """Basic details of a registered society (read-only), or None if there is no such society."""
    society = store.get(reg_no)
    if society is None:
        return None
    return {"reg_no": society.reg_no, "name_hi": society.name_hi, "name_en": society.name_en,
            "type": society.type, "district": society.district, "division": society.division,
            "status": society.status}


def contact_mobile(reg_no: str) -> str | None:
    """The society's registered mobile, for SMS only (never shown unmasked in public views)."""
    society = store.get(reg_no)
    return society.mobile if society else None


def district_page(district: str, limit: int, start: dict | None,
                  society_type: str | None = None) -> tuple[list[dict], dict | None]:
    """One page of a district's societies (of one type, if given): reg_no, names, type, and the
    key to resume after it; for jobs that must visit every society of a district (e.g. filings'
    yearly obligations). One Query per page, never a Scan."""
    items, last = store.list_page(district, society_type, limit, start)
    return [{"reg_no": i.reg_no, "name_hi": i.name_hi, "name_en": i.name_en, "type": i.type,
             "district": i.district} for i in items], last


def societies_of_type(district: str, society_type: str):
    """Every society of one type in a district, page by page."""
    start = None
    while True:
        items, start = district_page(district, 500, start, society_type)
        yield from items
        if start is None:
            return


def register_society(principal: object, data: dict) -> dict:
    """A society registered by the registrar (the registrations workflow): its registry record and
    its own login in one transaction, exactly as an officer's POST /societies makes them.
    `data` has the fields of that request; returns the registration number and the login."""
    from chalicelib.societies import service

    society = service.create(principal, data)
    return {"reg_no": society["reg_no"], "login": society["login"]}
