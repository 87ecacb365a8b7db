"""The officer's desk's own items in the grievances table (kept apart from store.py so the
grievance record's keys stay where they are): the contact-reveal log and the reply templates'
keys. Only this module and store.py touch DynamoDB for grievances.

Access patterns (pk / sk):
  who saw a complainant's mobile     REVEALS#<urn>    / <at>#<ulid>   append-only (put if absent);
                                                                      its own partition, so reading
                                                                      a grievance never reads it
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError
from pynamodb.models import Model

from chalicelib.core import dynamo
from chalicelib.grievances.store import SERVICE, GrievanceItem


class RevealItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    urn = UnicodeAttribute()
    reader = UnicodeAttribute()
    reader_role = UnicodeAttribute()
    reason = UnicodeAttribute()
    level = NumberAttribute()
    at = UnicodeAttribute()


def reveals_pk(urn: str) -> str:
    return f"REVEALS#{urn}"


def log_reveal(urn: str, sort_key: str, **fields: object) -> None:
    """Append one reveal; an existing entry is never overwritten."""
    try:
        RevealItem(pk=reveals_pk(urn), sk=sort_key, urn=urn, **fields).save(
            condition=RevealItem.pk.does_not_exist())
    except PutError as exc:
        dynamo.raise_conflict_on_condition(exc)


def reveals(urn: str, limit: int, start: dict | None):
    results = RevealItem.query(reveals_pk(urn), scan_index_forward=False, last_evaluated_key=start,
                               page_size=limit)
    return dynamo.page(results, limit)


def due_between(shard: str, low: str, high: str, limit: int) -> list[tuple[str, str]]:
    """(URN, due) of what the escalation index holds falling due in [low, high] (keys only)."""
    results = GrievanceItem.escalation.query(shard, GrievanceItem.esc_due_at.between(low, high), limit=limit)
    return [(item.pk.removeprefix("GRV#"), item.esc_due_at) for item in results]


def by_district_in_month(month: str, start_at: str, end_at: str, district: str, office: str | None,
                         limit: int) -> list[GrievanceItem]:
    """One month's grievances of a district (and office) filed between two instants, newest first:
    one Query of the month's partition of the by_month index, filtered to the district."""
    condition = GrievanceItem.district == district
    if office:
        condition &= GrievanceItem.office == office
    results = GrievanceItem.by_month.query(month, GrievanceItem.created_at.between(start_at, end_at),
                                           filter_condition=condition, scan_index_forward=False, limit=limit)
    return list(results)
