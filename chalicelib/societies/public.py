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


def societies_of_type(district: str, society_type: str):
    """Every society of one type in a district (reg_no, names), page by page from the
    district-and-type index: one Query per 500, never a Scan."""
    start = None
    while True:
        items, start = store.list_page(district, society_type, 500, start)
        for item in items:
            yield {"reg_no": item.reg_no, "name_hi": item.name_hi, "name_en": item.name_en}
        if start is None:
            return
