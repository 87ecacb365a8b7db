"""A signed-in person's notifications: every SMS sent to their mobile (but OTPs), the same text,
newest first, read or unread (kept by core.inbox in the transaction that queued the SMS)."""

from __future__ import annotations

from chalicelib.core import inbox, notify
from chalicelib.core.auth import Principal, Role
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import NotFound
from chalicelib.identity import store


def _mobile(who: Principal) -> str | None:
    if who.role == Role.CITIZEN:
        citizen = store.get_citizen(who.subject)
        return citizen.mobile if citizen else None
    user = store.get_user(who.subject)
    return user.mobile if user else None


def _view(item: inbox.NotificationItem) -> dict:
    message_id = item.sk.removeprefix("N#")
    text = notify.unseal(message_id, item.template, item.sealed, None).text
    return {"id": message_id, "kind": item.template, "text": text, "sent_at": item.created_at,
            "read": bool(item.read_at), "read_at": item.read_at}


def page(who: Principal, limit: int, cursor: str | None) -> dict:
    mobile = _mobile(who)
    if mobile is None:
        return {"items": [], "next": None}
    scope = f"inbox:{who.subject}"
    items, last = inbox.page(mobile, limit, decode_cursor(cursor, scope))
    views = [_view(i) for i in items]
    return {"items": views, "next": encode_cursor(last, scope)}


def mark_read(who: Principal, message_id: str) -> dict:
    mobile = _mobile(who)
    item = inbox.mark_read(mobile, message_id) if mobile and message_id.isalnum() and len(message_id) <= 40 else None
    if item is None:
        raise NotFound("NOTIFICATION_NOT_FOUND")
    return _view(item)
