"""societies use cases: the public registry, officers' edits, and bulk imports."""

from __future__ import annotations

from chalicelib.core import clock, geo, history, notify
from chalicelib.core.auth import Principal
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, NotFound, invalid_field
from chalicelib.identity import public as identity
from chalicelib.societies import domain, search, store

MAX_NUMBER_TRIES = 5  # a number an older import took is skipped, not reused


# --- master data ---------------------------------------------------------------------------

def divisions() -> list[dict]:
    counts: dict[str, int] = {}
    for d in geo.districts():
        counts[d["division"]] = counts.get(d["division"], 0) + 1
    return [{**d, "districts": counts[d["code"]]} for d in geo.divisions()]


def districts(division: str | None) -> list[dict]:
    return [{k: d[k] for k in ("code", "name_hi", "name_en", "division")} for d in geo.districts(division)]


def society_types() -> list[dict]:
    return list(geo.society_types().values())


# --- the public registry -------------------------------------------------------------------

def _summary(item: object) -> dict:
    return {k: getattr(item, k) for k in ("reg_no", "name_hi", "name_en", "type", "district")}


def list_societies(district: str | None, society_type: str | None, q: str | None, limit: int,
                   cursor: str | None) -> dict:
    if q:
        return _search(district, society_type, q, limit, cursor)
    if not district and not society_type:
        raise invalid_field("district", "give a district, a type or a search text (q)")
    scope = f"list:{district}:{society_type}"
    items, last = store.list_page(district, society_type, limit, decode_cursor(cursor, scope))
    return {"items": [_summary(i) for i in items], "next": encode_cursor(last, scope)}


def _search(district: str | None, society_type: str | None, q: str, limit: int, cursor: str | None) -> dict:
    keys = search.query_keys(q)
    if not keys or search.consonants(q) < search.MIN_QUERY_KEY:
        raise invalid_field("q", "type a longer word (at least two consonant letters)", "QUERY_TOO_SHORT")
    primary, others = keys[0], tuple(keys[1:])
    scope_name = district or "ALL"
    scope = f"q:{scope_name}:{society_type}:{' '.join(keys)}"
    # A one-letter key ("सह": the "h" leaves no mark) spans the ranges of every second letter, in order.
    ranges = [primary] if len(primary) >= search.MIN_QUERY_KEY else [primary + c for c in search.SECOND_LETTERS]
    at = decode_cursor(cursor, scope) or {"r": 0, "k": None}
    if not isinstance(at, dict) or "r" not in at:       # a cursor of the one-range form
        at = {"r": 0, "k": at}
    index, start = int(at.get("r") or 0), at.get("k")
    found: dict[str, dict] = {}
    while index < len(ranges):
        terms, last = store.search_page(scope_name, ranges[index], society_type, limit - len(found), start, others)
        for term in terms:
            # A society with several words matching comes up once per word: keep only its first
            # (keys are read in order), so no society appears on two pages.
            matching = [k for k in term.keys.split() if k.startswith(primary)]
            if not matching or term.sk.rsplit("#", 1)[0] == min(matching):
                found.setdefault(term.reg_no, _summary(term))
        if last is not None:                            # this range goes on
            start = last
            if len(found) >= limit:
                break
            continue
        index, start = index + 1, None
        if len(found) >= limit:
            break
    return {"items": list(found.values()),
            "next": encode_cursor({"r": index, "k": start}, scope) if index < len(ranges) else None}


def _load(reg_no: str) -> store.SocietyItem:
    society = store.get(reg_no)
    if society is None:
        raise NotFound("SOCIETY_NOT_FOUND", reg_no=reg_no)
    return society


def _public(society: store.SocietyItem) -> dict:
    kind = geo.society_types()[society.type]
    place = geo.district(society.district)
    return {
        "reg_no": society.reg_no, "name_hi": society.name_hi, "name_en": society.name_en,
        "type": society.type, "type_name_hi": kind["name_hi"], "type_name_en": kind["name_en"],
        "society_class": kind["class"], "level": kind["level"], "district": society.district,
        "district_name_hi": place["name_hi"], "district_name_en": place["name_en"],
        "division": society.division, "address": society.address, "registered_on": society.registered_on,
        "status": society.status, "members": int(society.members) if society.members is not None else None,
        "contact_mobile": notify.mask(society.mobile),
    }


def _official(society: store.SocietyItem) -> dict:
    return {**_public(society), "version": int(society.version), "login": identity.society_username(society.reg_no)}


def get_public(reg_no: str) -> dict:
    return _public(_load(reg_no))


# --- officers ------------------------------------------------------------------------------

def _keys(name_hi: str, name_en: str) -> list[str]:
    return search.name_keys(name_hi, name_en)


def new_item(reg_no: str, data: dict, created_at: str) -> store.SocietyItem:
    return store.SocietyItem(
        pk=store.society_pk(reg_no), reg_no=reg_no, name_hi=data["name_hi"], name_en=data["name_en"],
        type=data["type"], district=data["district"], division=geo.division_of(data["district"]),
        district_type=f"{data['district']}#{data['type']}", sort_name=domain.sort_name(data["name_en"], reg_no),
        address=data["address"], registered_on=str(data["registered_on"]), status=data.get("status", "active"),
        members=data.get("members"), mobile=data["mobile"], created_at=created_at,
    )


def create(principal: Principal | None, data: dict) -> dict:
    who = domain.authorize_edit(principal, data["district"])
    registered_on = str(data["registered_on"])
    short = geo.district(data["district"])["short"]
    year = domain.register_year(registered_on)
    moment = clock.iso(clock.now())
    for _ in range(MAX_NUMBER_TRIES):
        reg_no = f"{short}-{year}-{store.next_sequence(data['district'], year):05d}"
        society = new_item(reg_no, data, moment)
        entry = history.next_entry(0, None, at=moment, actor=who.subject, action="registered",
                                   to_state="active", note="society entered in the registry",
                                   data={"district": data["district"]})

        def add_login(tx: object, reg_no: str = reg_no) -> list:
            return identity.add_society_account(tx, who.subject, reg_no, data["name_en"], data["mobile"],
                                                data["district"], data.get("lang") or "hi")

        messages: list = []
        if store.create(society, entry, _keys(data["name_hi"], data["name_en"]), messages, join=add_login):
            notify.deliver(messages)
            return _official(society)
    raise Conflict("SOCIETY_EXISTS", reg_no=reg_no)  # numbers kept colliding: a broken sequence


def get_official(principal: Principal | None, reg_no: str) -> dict:
    society = _load(reg_no)
    domain.authorize_edit(principal, society.district)
    return _official(society)


def update(principal: Principal | None, reg_no: str, version: int, changes: dict, note: str) -> dict:
    society = _load(reg_no)
    who = domain.authorize_edit(principal, society.district)
    if int(society.version) != version:
        raise Conflict()
    current = {name: getattr(society, name) for name in domain.EDITABLE}
    changed = domain.diff(current, changes)
    if not changed:
        return _official(society)
    old_keys = society.search_keys.split()
    before_status = society.status
    for name, value in changed.items():
        setattr(society, name, value)
    if "type" in changed:
        society.district_type = f"{society.district}#{society.type}"
    if "name_en" in changed:
        society.sort_name = domain.sort_name(society.name_en, reg_no)
    logged = {k: (notify.mask(v) if k == "mobile" else v) for k, v in changed.items()}
    entry = history.next_entry(int(society.history_seq or 0), society.history_hash, at=clock.iso(clock.now()),
                               actor=who.subject, action="updated", from_state=before_status,
                               to_state=society.status, note=note, data=logged)
    store.update(society, entry, old_keys, _keys(society.name_hi, society.name_en))
    return _official(society)


def society_history(principal: Principal | None, reg_no: str) -> dict:
    society = _load(reg_no)
    domain.authorize_edit(principal, society.district)
    entries = store.history(reg_no)
    return {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
