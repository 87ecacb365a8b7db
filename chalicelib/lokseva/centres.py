"""PACS as service centres: which operators serve at which PACS, the counter transactions they
record (service, date, fee) and their summary per district.

The binding of an operator to one PACS is kept here, as lokseva master data: the identity
account (role pacs_operator, jurisdiction = the PACS's district) says who the operator is and
where; the centre record names its operators, and a binding item per operator
(OPERATOR#<username>) makes sure nobody is bound to two PACS. An operator acts at a counter only
for the PACS they are bound to, and only inside their jurisdiction.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from chalicelib.core import clock, history, ids
from chalicelib.core.auth import Principal, Role, require_district
from chalicelib.core.errors import Conflict, Forbidden, NotFound, invalid_field
from chalicelib.lokseva import domain, store
from chalicelib.societies import public as societies

PACS_TYPES = ("pacs", "lamps")   # primary agricultural credit and tribal multipurpose societies


def _view(item: store.CentreItem) -> dict:
    return {"reg_no": item.reg_no, "name": item.name, "district": item.district,
            "operators": list(item.operators or []), "active": bool(item.active), "version": int(item.version)}


def put_centre(actor: str, reg_no: str, body: Any) -> dict:
    society = societies.get_society(reg_no)
    if society is None:
        raise NotFound("SOCIETY_NOT_FOUND", reg_no=reg_no)
    if society["type"] not in PACS_TYPES:
        raise invalid_field("reg_no", f"society {reg_no} is not a PACS", "NOT_A_PACS", reg_no=reg_no)
    current = store.get_centre(reg_no, consistent=True)
    if body.version is None and current is not None:
        raise Conflict("CONFIG_EXISTS", key=f"CENTRE#{reg_no}")
    if body.version is not None and (current is None or int(current.version) != body.version):
        raise Conflict() if current is not None else NotFound("CENTRE_NOT_FOUND", reg_no=reg_no)
    moment = clock.iso(clock.now())
    before = set(current.operators or []) if current and current.active else set()   # bound now
    operators = list(body.operators) if body.active else []
    item = current or store.CentreItem(pk=store.centre_pk(reg_no), reg_no=reg_no, name=society["name_en"],
                                       district=society["district"], updated_at=moment)
    item.operators, item.active, item.updated_at = list(body.operators), body.active, moment
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=actor,
                               action="created" if current is None else "updated", note=body.note,
                               data={"operators": list(body.operators), "active": body.active})
    store.save_centre(item, entry, current is None, sorted(set(operators) - before),
                      sorted(before - set(operators)))
    return _view(item)


def get_centre(who: Principal, reg_no: str) -> dict:
    item = store.get_centre(reg_no)
    if item is None:
        raise NotFound("CENTRE_NOT_FOUND", reg_no=reg_no)
    if who.role == Role.PACS_OPERATOR:
        if who.subject not in (item.operators or []):
            raise Forbidden("PACS_NOT_YOURS", reg_no=reg_no)
    elif who.role != Role.ADMIN:
        require_district(who, item.district)
    return _view(item)


def operator_centre(who: Principal, reg_no: str) -> store.CentreItem:
    """The centre an operator may serve at: the one they are bound to, active, in their district."""
    if store.binding_of(who.subject) != reg_no:
        raise Forbidden("PACS_NOT_YOURS", reg_no=reg_no)
    centre = store.get_centre(reg_no)
    if centre is None or not centre.active or who.subject not in (centre.operators or []):
        raise Forbidden("PACS_NOT_YOURS", reg_no=reg_no)
    require_district(who, centre.district)
    return centre


def txn_counters(centre: store.CentreItem, txn: store.TxnItem) -> store.Counters:
    return {(f"CSC#{centre.district}", f"{txn.date}#{centre.reg_no}#{txn.service}"):
            {"transactions": 1, "fee_paise": domain.to_paise(Decimal(txn.fee))}}


def _txn_view(txn: store.TxnItem, reg_no: str) -> dict:
    return {"id": txn.id, "reg_no": reg_no, "service": txn.service, "date": txn.date, "fee": Decimal(txn.fee),
            "recorded_by": txn.recorded_by, "ack": txn.ack}


def record_txn(who: Principal, reg_no: str, body: Any) -> dict:
    centre = operator_centre(who, reg_no)
    now = clock.now()
    if body.date > domain.ist_date(now):
        raise invalid_field("date", "a counter transaction cannot be in the future")
    txn = store.new_txn(reg_no, ids.new_id(), service=body.service, date=body.date.isoformat(),
                        fee=domain.money(body.fee), recorded_by=who.subject, recorded_at=clock.iso(now))
    store.add_txn(txn, txn_counters(centre, txn))
    return _txn_view(txn, reg_no)


def district_summary(who: Principal, query: Any) -> dict:
    if who.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    require_district(who, query.district)
    if query.end < query.start:
        raise invalid_field("end", "the end comes before the start")
    if (query.end - query.start).days > 366:
        raise invalid_field("end", "at most a year at a time")
    per_centre: dict[str, dict] = defaultdict(lambda: {"transactions": 0, "fee_paise": 0, "by_service": {}})
    for stat in store.stats(f"CSC#{query.district}", query.start.isoformat(), query.end.isoformat() + "~"):
        _, reg_no, service = stat.sk.split("#", 2)
        row = per_centre[reg_no]
        count = int(stat.transactions or 0)
        row["transactions"] += count
        row["fee_paise"] += int(stat.fee_paise or 0)
        row["by_service"][service] = row["by_service"].get(service, 0) + count
    centres = [{"reg_no": reg_no, "transactions": row["transactions"], "fees": domain.from_paise(row["fee_paise"]),
                "by_service": row["by_service"]} for reg_no, row in sorted(per_centre.items())]
    return {"district": query.district, "start": query.start, "end": query.end,
            "transactions": sum(c["transactions"] for c in centres),
            "fees": domain.from_paise(sum(r["fee_paise"] for r in per_centre.values())), "centres": centres}
