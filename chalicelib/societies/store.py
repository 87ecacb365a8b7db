"""societies' tables: the only module of this service that touches DynamoDB.

Table "societies" (pk / sk):
  society                         SOC#<reg_no>               / META
  its history                     SOC#<reg_no>               / HIST#<seq>
  registration number sequence    SEQ#<district>#<year>      / SEQ
  GSI by_district       district       / sort_name   -> GET /societies?district=
  GSI by_district_type  district_type  / sort_name   -> GET /societies?district=&type=
  GSI by_type           type           / sort_name   -> GET /societies?type=
Table "societies-search" (kept apart so its many small items never weigh on the indexes above):
  search term                     T#<scope>#<key[:2]>        / <key>#<reg_no>
  scope is ALL or a district; a query is one Query with begins_with on the sort key.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model

from chalicelib.core import dynamo, outbox
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "societies"
SEARCH = "societies-search"
_LIST_FIELDS = ["reg_no", "name_hi", "name_en", "type", "district"]


def _index(name: str, hash_attr: str) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": IncludeProjection(_LIST_FIELDS)})
    attrs = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True),
             "sort_name": UnicodeAttribute(range_key=True)}
    return type(name.title().replace("_", ""), (GlobalSecondaryIndex,), attrs)


ByDistrict = _index("by_district", "district")
ByDistrictType = _index("by_district_type", "district_type")
ByType = _index("by_type", "type")


class SocietyItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    reg_no = UnicodeAttribute()
    name_hi = UnicodeAttribute()
    name_en = UnicodeAttribute()
    type = UnicodeAttribute()
    district = UnicodeAttribute()
    division = UnicodeAttribute()
    district_type = UnicodeAttribute()
    sort_name = UnicodeAttribute()
    address = UnicodeAttribute()
    registered_on = UnicodeAttribute()
    status = UnicodeAttribute(default="active")
    members = NumberAttribute(null=True)
    mobile = UnicodeAttribute()
    search_keys = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    by_district = ByDistrict()
    by_district_type = ByDistrictType()
    by_type = ByType()


class SequenceItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="SEQ")
    value = NumberAttribute(default=0)


class TermItem(Model):
    Meta = dynamo.meta_for(SEARCH)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    reg_no = UnicodeAttribute()
    name_hi = UnicodeAttribute()
    name_en = UnicodeAttribute()
    type = UnicodeAttribute()
    district = UnicodeAttribute()
    keys = UnicodeAttribute()


TABLE_MODELS = [SocietyItem, TermItem]


def society_pk(reg_no: str) -> str:
    return f"SOC#{reg_no}"


def get(reg_no: str) -> SocietyItem | None:
    return dynamo.get_or_none(SocietyItem, society_pk(reg_no), "META")


def next_sequence(district: str, year: int) -> int:
    item = SequenceItem(pk=f"SEQ#{district}#{year}")
    item.update(actions=[SequenceItem.value.add(1)])
    return int(item.value)


def raise_sequence(district: str, year: int, at_least: int, writer: dynamo.BatchWriter | None = None) -> None:
    """After an import: new numbers must continue after the imported ones."""
    (writer or dynamo.BATCH_WRITER).raise_number(SequenceItem(pk=f"SEQ#{district}#{year}", value=at_least), "value")


def term_items(society: SocietyItem, keys: list[str]) -> list[TermItem]:
    items = []
    for key in keys:
        for scope in ("ALL", society.district):
            items.append(TermItem(pk=f"T#{scope}#{key[:2]}", sk=f"{key}#{society.reg_no}", reg_no=society.reg_no,
                                  name_hi=society.name_hi, name_en=society.name_en, type=society.type,
                                  district=society.district, keys=" ".join(keys)))
    return items


def create(society: SocietyItem, entry: Entry, keys: list[str], messages: list[Sms], join: object = None) -> bool:
    """Society, history, search terms, SMS and whatever `join(tx)` adds, in one transaction.

    False if the registration number exists already.
    """
    society.history_seq, society.history_hash = entry.seq, entry.hash
    society.search_keys = " ".join(keys)
    try:
        with dynamo.transact() as tx:
            tx.save(society, condition=SocietyItem.pk.does_not_exist())
            dynamo.history_put(tx, SERVICE, society.pk, entry)
            for term in term_items(society, keys):
                tx.save(term)
            outbox.add_to(tx, messages)
            if join:
                messages.extend(join(tx))
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def update(society: SocietyItem, entry: Entry, old_keys: list[str], new_keys: list[str]) -> None:
    """Save a change (conditional on the version read), its history, and re-point search terms."""
    society.history_seq, society.history_hash = entry.seq, entry.hash
    society.search_keys = " ".join(new_keys)
    new_terms = {(t.pk, t.sk): t for t in term_items(society, new_keys)}
    stale = [t for t in term_items(society, old_keys) if (t.pk, t.sk) not in new_terms]
    try:
        with dynamo.transact() as tx:
            tx.save(society)
            dynamo.history_put(tx, SERVICE, society.pk, entry)
            for term in stale:
                tx.delete(term)
            for term in new_terms.values():
                tx.save(term)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def list_page(district: str | None, society_type: str | None, limit: int, start: dict | None):
    if district and society_type:
        results = SocietyItem.by_district_type.query(f"{district}#{society_type}", last_evaluated_key=start,
                                                     page_size=limit)
    elif district:
        results = SocietyItem.by_district.query(district, last_evaluated_key=start, page_size=limit)
    else:
        results = SocietyItem.by_type.query(society_type, last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


def search_page(scope: str, key: str, society_type: str | None, limit: int, start: dict | None,
                others: tuple[str, ...] = ()):
    """Terms whose key starts with `key` (and, for every other word typed, one of whose keys starts
    with it: filtered by DynamoDB, so a page is filled or the range read to its end, never an
    empty page with more to come)."""
    condition = TermItem.type == society_type if society_type else None
    for other in others:
        word = TermItem.keys.startswith(other) | TermItem.keys.contains(" " + other)
        condition = word if condition is None else condition & word
    results = TermItem.query(f"T#{scope}#{key[:2]}", TermItem.sk.startswith(key), filter_condition=condition,
                             last_evaluated_key=start, page_size=max(limit, 100) if others else limit)
    return dynamo.page(results, limit)


def history(reg_no: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, society_pk(reg_no))


def existing(reg_nos: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in dynamo.chunks(reg_nos, 100):
        for item in SocietyItem.batch_get([(society_pk(r), "META") for r in chunk],
                                          attributes_to_get=["reg_no"]):
            found.add(item.reg_no)
    return found


def bulk_put(societies: list[SocietyItem], entries: list[Entry], keys: list[list[str]],
             before_societies: object = None, writer: dynamo.BatchWriter | None = None) -> None:
    """For imports and seeding: idempotent puts, 25 to a request. The society item goes last, so
    a society that exists is complete (search terms, login); an import cut off half-way is
    finished by running it again."""
    (writer or dynamo.BATCH_WRITER).put([term for society, society_keys in zip(societies, keys, strict=True)
                for term in term_items(society, society_keys)])
    if before_societies:
        before_societies()
    history = dynamo.history_model(SERVICE)
    records = []
    for society, entry, society_keys in zip(societies, entries, keys, strict=True):
        society.history_seq, society.history_hash = entry.seq, entry.hash
        society.search_keys = " ".join(society_keys)
        society.version = 1  # batch writes skip pynamodb's version handling
        records += [history(pk=society.pk, sk=f"HIST#{entry.seq:08d}", entry=entry.as_dict()), society]
    (writer or dynamo.BATCH_WRITER).put(records)
