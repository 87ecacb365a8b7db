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


def district_pages(district: str, page_size: int = 1000):
    """Every society of a district, a page (list of {reg_no, name_en, type, district}) at a time,
    in registry order; read through the district index (never a scan)."""
    start = None
    while True:
        items, start = store.list_page(district, None, page_size, start)
        yield [{"reg_no": i.reg_no, "name_en": i.name_en, "type": i.type, "district": i.district} for i in items]
        if start is None:
            return
