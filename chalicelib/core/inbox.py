"""What was sent to a person, kept for them to read again (GET /me/notifications).

Every SMS but a one-time password is written here in the same transaction as its outbox
message (core.outbox.add_to / put), with the very text of the SMS. Items live in the "notify"
table beside the outbox:

  a person's messages, newest first   pk=INBOX#<recipient key>, sk=N#<message id (a ULID: sorts by time)>
  mark one read                       update by key, only if it is still unread

The recipient key is a keyed hash of the mobile number (the index never holds the number); the
text is sealed at rest like the outbox's.
"""

from __future__ import annotations

import hashlib
import hmac

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock, dynamo
from chalicelib.core.config import get_settings
from chalicelib.core.dynamo import meta_for


class NotificationItem(Model):
    Meta = meta_for("notify")

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    template = UnicodeAttribute()
    sealed = UnicodeAttribute()
    created_at = UnicodeAttribute()
    read_at = UnicodeAttribute(null=True)


def recipient_key(mobile: str) -> str:
    digits = "".join(ch for ch in mobile if ch.isdigit())[-10:]
    secret = get_settings().signing_secret.get_secret_value().encode()
    return hmac.new(secret, ("inbox:" + digits).encode(), hashlib.sha256).hexdigest()[:32]


def kept(sms: object) -> bool:
    """One-time passwords are not kept (worthless after minutes, and secret)."""
    return getattr(sms, "expires_at", None) is None and not str(getattr(sms, "template", "")).startswith("OTP_")


def new_item(sms: object, sealed: str, moment_iso: str | None = None) -> NotificationItem:
    return NotificationItem(pk=f"INBOX#{recipient_key(sms.mobile)}", sk=f"N#{sms.message_id}",  # type: ignore[attr-defined]
                            template=sms.template, sealed=sealed,  # type: ignore[attr-defined]
                            created_at=moment_iso or clock.iso(clock.now()))


def add_to(transaction: TransactWrite, item: NotificationItem) -> None:
    transaction.save(item, condition=NotificationItem.pk.does_not_exist())


def page(mobile: str, limit: int, start: dict | None) -> tuple[list[NotificationItem], dict | None]:
    return dynamo.page(NotificationItem.query(f"INBOX#{recipient_key(mobile)}", NotificationItem.sk.startswith("N#"),
                                              scan_index_forward=False, limit=limit, last_evaluated_key=start), limit)


def mark_read(mobile: str, message_id: str) -> NotificationItem | None:
    """The item, read (now or before); None when it is not this person's."""
    item = dynamo.get_or_none(NotificationItem, f"INBOX#{recipient_key(mobile)}", f"N#{message_id}")
    if item is None or item.read_at:
        return item
    try:
        item.update(actions=[NotificationItem.read_at.set(clock.iso(clock.now()))],
                    condition=NotificationItem.read_at.does_not_exist())
    except UpdateError as exc:
        if not dynamo.is_condition_failure(exc):
            raise
        item.refresh()
    return item
