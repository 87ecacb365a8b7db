"""A citizen's own messages: every SMS sent to them (but the OTP), the same text, read/unread,
paged; nobody reads another's."""

from __future__ import annotations

import pytest

from chalicelib.core import inbox
from tests.integration.grievance_helpers import CITIZEN, citizen, file, seed_master_data
from tests.integration.helpers import citizen_token

MOBILE = CITIZEN


@pytest.fixture
def setup(client, sms, frozen_clock):
    seed_master_data()
    return citizen(client, sms)


def test_what_was_sent_is_kept_with_the_same_text_and_can_be_marked_read(client, sms, setup):
    me = setup                                                         # a citizen signed in as 9876543210
    assert client.get("/me/notifications", token=me).json == {"items": [], "next": None}   # the OTP is not kept
    urn = file(client, me).json["urn"]
    file(client, me, subject="Second complaint about the society")
    listed = client.get("/me/notifications?limit=1", token=me).json
    assert len(listed["items"]) == 1 and listed["next"]
    newest = listed["items"][0]
    sent = [t for t in sms.to(MOBILE) if "ओटीपी" not in t]
    assert newest["text"] == sent[-1] and newest["read"] is False and newest["kind"].startswith("GRIEVANCE")
    older = client.get(f"/me/notifications?limit=1&next={listed['next']}", token=me).json["items"]
    assert older[0]["text"] == sent[-2] and urn in older[0]["text"]

    r = client.post(f"/me/notifications/{newest['id']}/read", token=me)
    assert r.status == 200 and r.json["read"] is True and r.json["read_at"]
    again = client.post(f"/me/notifications/{newest['id']}/read", token=me).json
    assert again["read_at"] == r.json["read_at"]                      # read once, stays read
    assert client.get("/me/notifications?limit=1", token=me).json["items"][0]["read"] is True


def test_nobody_reads_or_marks_anothers_messages(client, sms, setup):
    file(client, setup)
    mine = client.get("/me/notifications", token=setup).json["items"][0]
    other = citizen_token(client, sms, "9123456780")
    assert client.get("/me/notifications", token=other).json["items"] == []
    r = client.post(f"/me/notifications/{mine['id']}/read", token=other)
    assert r.status == 404 and r.error_code == "NOTIFICATION_NOT_FOUND"
    assert client.get("/me/notifications").status == 401
    assert client.get("/me/notifications?limit=0", token=setup).status == 422


def test_the_notification_is_not_readable_at_rest(client, sms, setup):
    file(client, setup)
    item = next(iter(inbox.NotificationItem.query(f"INBOX#{inbox.recipient_key(MOBILE)}")))
    assert MOBILE not in item.pk and "शिकायत" not in item.sealed and MOBILE not in item.sealed
