"""The SMS outbox table (service "notify").

Access patterns:
  - put a message in the same transaction as the change that causes it   pk=MSG#<id>, sk=MSG
  - mark it sent / failed                                                  update by key
  - the sweep reads only what is due                                       GSI "due": due_shard, due_at
The index is sparse: due_shard/due_at are removed once a message is sent or given up, so the
sweep's cost follows what is due, not how many messages were ever sent.
"""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import datetime, timedelta

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock, dynamo, inbox
from chalicelib.core.config import get_settings
from chalicelib.core.dynamo import get_or_none, meta_for
from chalicelib.core.notify import FIRST_RETRY_AFTER, Sms, seal

SHARDS = 10
LEASE = timedelta(minutes=2)
KEEP_SENT_FOR = timedelta(days=30)


class DueIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "due"
        projection = AllProjection()

    due_shard = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class OutboxMessage(Model):
    Meta = meta_for("notify")

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="MSG")
    template = UnicodeAttribute()
    sealed = UnicodeAttribute()
    status = UnicodeAttribute(default="PENDING")
    attempts = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    sent_at = UnicodeAttribute(null=True)
    due_shard = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)    # the message is worthless after this (OTP)
    expires_ttl = TTLAttribute(null=True)      # DynamoDB TTL: when the item itself goes
    due = DueIndex()


def _key(message_id: str) -> str:
    return f"MSG#{message_id}"


def new_item(sms: Sms, moment: datetime | None = None) -> OutboxMessage:
    moment = moment or clock.now()
    return OutboxMessage(
        pk=_key(sms.message_id),
        template=sms.template,
        sealed=seal(sms),
        created_at=clock.iso(moment),
        due_shard=f"S{random.randrange(SHARDS)}",
        due_at=clock.iso(moment + FIRST_RETRY_AFTER),
        expires_at=sms.expires_at,
        expires_ttl=moment + KEEP_SENT_FOR,
    )


def add_to(transaction: TransactWrite, messages: list[Sms]) -> None:
    """Queue messages inside the caller's transaction: they commit or vanish with the change; each
    (but an OTP) is also kept in its recipient's notifications (core.inbox), in the same transaction."""
    for sms in messages:
        item = new_item(sms)
        transaction.save(item, condition=OutboxMessage.pk.does_not_exist())
        if inbox.kept(sms):
            inbox.add_to(transaction, inbox.new_item(sms, item.sealed, item.created_at))


def put(messages: list[Sms]) -> None:
    """For callers with no other write to join (e.g. an OTP whose record is already saved)."""
    for sms in messages:
        item = new_item(sms)
        if inbox.kept(sms):
            with dynamo.transact() as tx:
                tx.save(item, condition=OutboxMessage.pk.does_not_exist())
                inbox.add_to(tx, inbox.new_item(sms, item.sealed, item.created_at))
        else:
            item.save(condition=OutboxMessage.pk.does_not_exist())


def mark_sent(message_id: str, moment: datetime) -> None:
    item = OutboxMessage(pk=_key(message_id))
    with suppress(UpdateError):  # already gone (TTL): nothing to mark
        item.update(actions=[OutboxMessage.status.set("SENT"), OutboxMessage.sent_at.set(clock.iso(moment)),
                             OutboxMessage.due_shard.remove(), OutboxMessage.due_at.remove()],
                    condition=OutboxMessage.pk.exists())


def record_failure(message_id: str, moment: datetime) -> None:
    item = OutboxMessage.get(_key(message_id), "MSG")
    attempts = item.attempts + 1
    if attempts >= get_settings().sms_max_attempts:
        actions = [OutboxMessage.status.set("FAILED"), OutboxMessage.attempts.set(attempts),
                   OutboxMessage.due_shard.remove(), OutboxMessage.due_at.remove()]
    else:
        backoff = min(timedelta(minutes=2 ** attempts), timedelta(hours=1))
        actions = [OutboxMessage.attempts.set(attempts), OutboxMessage.due_at.set(clock.iso(moment + backoff))]
    item.update(actions=actions)


def mark_expired(message_id: str, moment: datetime) -> None:
    OutboxMessage(pk=_key(message_id)).update(actions=[
        OutboxMessage.status.set("EXPIRED"), OutboxMessage.due_shard.remove(), OutboxMessage.due_at.remove()])


def claim_due(moment: datetime, limit: int) -> list[tuple[str, str, str, int | None, str]]:
    """Take a lease on due messages so two sweeps never send the same one (with when each was queued)."""
    claimed = []
    cutoff = clock.iso(moment)
    for shard in range(SHARDS):
        for item in OutboxMessage.due.query(f"S{shard}", OutboxMessage.due_at <= cutoff, limit=limit):
            try:
                item.update(actions=[OutboxMessage.due_at.set(clock.iso(moment + LEASE))],
                            condition=(OutboxMessage.due_at == item.due_at) & (OutboxMessage.status == "PENDING"))
            except UpdateError:
                continue  # another sweep took it
            claimed.append((item.pk.removeprefix("MSG#"), item.template, item.sealed, item.expires_at, item.created_at))
            if len(claimed) >= limit:
                return claimed
    return claimed


def find(message_id: str) -> OutboxMessage | None:
    return get_or_none(OutboxMessage, _key(message_id), "MSG")
