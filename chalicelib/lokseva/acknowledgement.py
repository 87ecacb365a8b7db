"""An application's acknowledgement PDF (core.acknowledgement): for its applicant, the operator's
counter and the officers who may see it; the service by name in both languages, district, dates,
fee, the masked mobile — not the applicant's details."""

from __future__ import annotations

from chalicelib.core import clock, geo, notify
from chalicelib.core.auth import Principal
from chalicelib.lokseva import domain, service


def _date(iso: str) -> str:
    return clock.parse_iso(iso).astimezone(clock.IST).strftime("%d-%m-%Y")


def render(who: Principal, ack: str, status_url: str) -> dict:
    from chalicelib.core import acknowledgement

    item = service._load(ack)
    domain.may_view(who, item.district, service._is_owner(who, item), item.filed_by)
    names = service._names(item.service_code)
    place = geo.district(item.district)
    guaranteed = "-".join(reversed(item.guaranteed_date.split("-")))
    rows = [
        ("सेवा", "Service", f"{names['service_name_hi']} / {names['service_name_en']}"),
        ("ज़िला", "District", f"{place['name_hi']} / {place['name_en']}"),
        ("आवेदन दिनांक", "Applied on", _date(item.created_at)),
        ("सेवा देने की अंतिम तिथि", "Guaranteed by", guaranteed),
        ("शुल्क (रु.)", "Fee (Rs)", item.fee_taken or item.fee),
        ("मोबाइल", "Mobile", notify.mask(item.mobile) or "-"),
    ]
    pdf = acknowledgement.render(reference=item.ack, title=("आवेदन की पावती", "Application acknowledgement"),
                                 rows=rows, status_url=status_url)
    return {"pdf": pdf, "filename": f"application-{item.ack}.pdf"}
