"""Near-breach alerts' items, in the notify table (beside the SMS outbox they go out through).

Access patterns (pk / sk):
  one alert per record per time limit   NEAR#<service>#<key>#<due_at>  / NEAR    put if absent: the
                                                                                  "never twice" guard
  an officer's desk alerts              ALERTS#<username>              / <at>#<service>#<key>
Both expire (TTL) some days after the limit they warn of.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model

from chalicelib.core import dynamo, outbox
from chalicelib.core.notify import Sms


class NearMarker(Model):
    Meta = dynamo.meta_for("notify")
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="NEAR")
    holders = UnicodeAttribute()
    at = UnicodeAttribute()
    expires_ttl = TTLAttribute(null=True)


class DeskAlert(Model):
    Meta = dynamo.meta_for("notify")
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    service = UnicodeAttribute()
    key = UnicodeAttribute()
    label_hi = UnicodeAttribute()
    label_en = UnicodeAttribute()
    due_at = UnicodeAttribute()
    at = UnicodeAttribute()
    expires_ttl = TTLAttribute(null=True)


def marker_pk(service: str, key: str, due_at: str) -> str:
    return f"NEAR#{service}#{key}#{due_at}"


def alerted(pks: list[str]) -> set[str]:
    """Which of these markers exist (BatchGet, 100 at a time)."""
    found: set[str] = set()
    for chunk in dynamo.chunks(pks, 100):
        found.update(item.pk for item in NearMarker.batch_get([(pk, "NEAR") for pk in chunk]))
    return found


def record(marker: str, holders: list[str], alert: dict, messages: list[Sms], at: str, expires: datetime) -> bool:
    """The marker, each holder's desk alert and their SMS in one transaction; False if the marker
    was there already (another sweep got it first): nothing is written twice."""
    try:
        with dynamo.transact() as tx:
            tx.save(NearMarker(pk=marker, holders=",".join(holders), at=at, expires_ttl=expires),
                    condition=NearMarker.pk.does_not_exist())
            for holder in holders:
                tx.save(DeskAlert(pk=f"ALERTS#{holder}", sk=f"{at}#{alert['service']}#{alert['key']}", at=at,
                                  expires_ttl=expires, **alert))
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def alerts_of(username: str, limit: int, start: dict | None):
    results = DeskAlert.query(f"ALERTS#{username}", scan_index_forward=False, last_evaluated_key=start,
                              page_size=limit)
    return dynamo.page(results, limit)
