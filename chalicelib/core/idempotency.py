"""Idempotency-Key on creating POSTs, kept by Powertools in the service's own table.

A replay with the same key, caller and body returns the first response and creates nothing;
the same key with a different body is refused. Imported lazily: only requests carrying the
header pay for it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)

from chalicelib.core.config import get_settings
from chalicelib.core.errors import Conflict, Invalid

KEY_MAX = 128


@cache
def _store(service: str) -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(
        table_name=get_settings().table_name(service),
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=f"IDEMPOTENCY#{service}",
        expiry_attr="expires_at",
    )


_CONFIG = IdempotencyConfig(
    event_key_jmespath="[route, caller, key]",
    payload_validation_jmespath="body_hash",
    expires_after_seconds=24 * 3600,
    raise_on_no_idempotency_key=True,
)


def run_once(ep: Any, call: Any, key: str, work: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    if len(key) > KEY_MAX:
        raise Invalid(details=[{"field": "Idempotency-Key", "message": f"at most {KEY_MAX} characters"}])
    raw = call.request.raw_body or b""
    record = {
        "route": f"{ep.method} {ep.path}",
        "caller": call.principal.subject if call.principal else "anonymous",
        "key": key,
        "body_hash": hashlib.sha256(raw).hexdigest(),
    }

    @idempotent_function(data_keyword_argument="record", persistence_store=_store(ep.service),
                         config=_CONFIG)
    def once(record: dict) -> dict:
        status, payload = work()
        return {"status": status, "payload": json.loads(json.dumps(payload, default=str))}

    try:
        stored = once(record=record)
    except IdempotencyAlreadyInProgressError as exc:
        raise Conflict("IDEMPOTENCY_IN_PROGRESS") from exc
    except IdempotencyValidationError as exc:
        raise Conflict("IDEMPOTENCY_KEY_REUSED") from exc
    return stored["status"], stored["payload"]
