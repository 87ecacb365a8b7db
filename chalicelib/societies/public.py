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


def register_society(principal: object, data: dict) -> dict:
    """A society registered by the registrar (the registrations workflow): its registry record and
    its own login in one transaction, exactly as an officer's POST /societies makes them.
    `data` has the fields of that request; returns the registration number and the login."""
    from chalicelib.societies import service

    society = service.create(principal, data)
    return {"reg_no": society["reg_no"], "login": society["login"]}
