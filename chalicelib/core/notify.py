"""SMS that is never lost: compose into the outbox inside the caller's transaction, send after
commit, and let a scheduled sweep retry whatever did not go.

Payloads (mobile number and text, which may hold an OTP) are sealed with Fernet at rest and
never logged.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

from chalicelib.core import clock, ids, metrics
from chalicelib.core.config import get_settings
from chalicelib.core.masterdata import load

logger = logging.getLogger("sahkar.notify")

# Give the in-request send a head start before the sweep may pick a message up.
FIRST_RETRY_AFTER = timedelta(seconds=60)


@dataclass(frozen=True)
class Sms:
    message_id: str
    template: str
    mobile: str   # E.164
    text: str
    expires_at: int | None = None   # an OTP is worthless after its life: stop retrying then


def e164(mobile: str) -> str:
    digits = "".join(ch for ch in mobile if ch.isdigit())
    return "+91" + digits[-10:]


def mask(mobile: str | None) -> str | None:
    if not mobile:
        return mobile
    digits = "".join(ch for ch in mobile if ch.isdigit())[-10:]
    return "XXXXXX" + digits[-4:]


def render(template: str, lang: str, **params: Any) -> str:
    spec = load("sms_templates")["templates"][template]
    return spec["en" if lang == "en" else "hi"].format(**params)


def compose(template: str, mobile: str, lang: str = "hi", expires_at: int | None = None, **params: Any) -> Sms:
    return Sms(ids.new_id(), template, e164(mobile), render(template, lang, **params), expires_at)


@lru_cache(maxsize=1)
def _fernet() -> Any:
    from cryptography.fernet import Fernet

    return Fernet(get_settings().outbox_key.get_secret_value().encode())


def seal(sms: Sms) -> str:
    return _fernet().encrypt(json.dumps({"mobile": sms.mobile, "text": sms.text}).encode()).decode()


def unseal(message_id: str, template: str, sealed: str, expires_at: int | None) -> Sms:
    data = json.loads(_fernet().decrypt(sealed.encode()))
    return Sms(message_id, template, data["mobile"], data["text"], expires_at)


def publish(sms: Sms) -> None:
    """One SNS publish. Raises on failure; callers decide about retries."""
    from chalicelib.core.aws import client

    templates = load("sms_templates")
    client("sns").publish(
        PhoneNumber=sms.mobile,
        Message=sms.text,
        MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
            "AWS.MM.SMS.EntityId": {"DataType": "String", "StringValue": templates["entity_id"]},
            "AWS.MM.SMS.TemplateId": {"DataType": "String",
                                      "StringValue": templates["templates"][sms.template]["dlt_template_id"]},
        },
    )


def deliver(messages: list[Sms]) -> int:
    """Send messages already committed to the outbox; failures stay there for the sweep."""
    from chalicelib.core import outbox

    sent = 0
    for sms in messages:
        try:
            publish(sms)
        except Exception as exc:  # SNS down or throttled: the request must still succeed
            logger.warning("sms %s (%s) not sent yet: %s", sms.message_id, sms.template, type(exc).__name__)
            outbox.record_failure(sms.message_id, clock.now())
            continue
        outbox.mark_sent(sms.message_id, clock.now())
        sent += 1
    metrics.count(metrics.SMS_SENT, sent)
    metrics.count(metrics.SMS_FAILED, len(messages) - sent)
    return sent


def sweep(limit: int = 500) -> dict[str, int]:
    """Retry what is due; reads only the due messages (sparse index on due time)."""
    from chalicelib.core import outbox

    counts = {"sent": 0, "failed": 0, "expired": 0}
    moment = clock.now()
    oldest = 0.0
    for message_id, template, sealed, expires_at, created_at in outbox.claim_due(moment, limit):
        oldest = max(oldest, (moment - clock.parse_iso(created_at)).total_seconds())
        if expires_at and expires_at <= clock.epoch(moment):
            outbox.mark_expired(message_id, moment)
            counts["expired"] += 1
            continue
        sms = unseal(message_id, template, sealed, expires_at)
        try:
            publish(sms)
        except Exception as exc:
            logger.warning("sms %s retry failed: %s", message_id, type(exc).__name__)
            outbox.record_failure(message_id, moment)
            counts["failed"] += 1
            continue
        outbox.mark_sent(message_id, moment)
        counts["sent"] += 1
    metrics.count(metrics.SMS_SENT, counts["sent"])
    metrics.count(metrics.SMS_FAILED, counts["failed"])
    metrics.gauge_seconds(metrics.OUTBOX_OLDEST_AGE, oldest)   # 0 when nothing was due: no backlog
    return counts
