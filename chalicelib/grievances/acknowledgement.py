"""A grievance's acknowledgement PDF (core.acknowledgement): for its owner and the staff who may
see it; category, office and district by name in both languages, the filing date, the masked
mobile — never the description or the citizen's words."""

from __future__ import annotations

from chalicelib.core import clock, geo, notify
from chalicelib.core.auth import Principal
from chalicelib.grievances import domain, service


def _date(iso: str) -> str:
    return clock.parse_iso(iso).astimezone(clock.IST).strftime("%d-%m-%Y")


def render(who: Principal, urn: str, status_url: str) -> dict:
    from chalicelib.core import acknowledgement

    item = service._load(urn)
    domain.may_view(who, service.case_of(item), service._is_owner(who, item))
    names = service._names(item.category, item.office)
    place = geo.district(item.district)
    rows = [
        ("सेवा", "Service", "शिकायत / Grievance"),
        ("श्रेणी", "Category", f"{names['category_name_hi']} / {names['category_name_en']}"),
        ("कार्यालय", "Office", f"{names['office_name_hi']} / {names['office_name_en']}"),
        ("ज़िला", "District", f"{place['name_hi']} / {place['name_en']}"),
        ("दर्ज दिनांक", "Filed on", _date(item.created_at)),
        ("मोबाइल", "Mobile", notify.mask(item.mobile) or "-"),
    ]
    pdf = acknowledgement.render(reference=item.urn, title=("शिकायत की पावती", "Grievance acknowledgement"),
                                 rows=rows, status_url=status_url)
    return {"pdf": pdf, "filename": f"grievance-{item.urn}.pdf"}
