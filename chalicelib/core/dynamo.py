"""pynamodb plumbing shared by every store.py: table binding by stage, cursors, conflicts,
transactions retried on conflicts and throttling (503 when they still cannot commit).

Only store modules (and this kernel) touch pynamodb.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from botocore.exceptions import ConnectionClosedError, EndpointConnectionError, ReadTimeoutError
from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.core.config import get_settings
from chalicelib.core.errors import BadRequest, Conflict, Unavailable

logger = logging.getLogger("sahkar.dynamo")


class _StageBound(type):
    """Table name, region and endpoint resolved from settings when first used, not at import."""

    @property
    def table_name(cls) -> str:
        return get_settings().table_name(cls.service)

    @property
    def region(cls) -> str:
        return get_settings().region

    @property
    def host(cls) -> str | None:
        return get_settings().aws_endpoint_url


class TableMeta(metaclass=_StageBound):
    service = "override-me"
    billing_mode = "PAY_PER_REQUEST"
    max_retry_attempts = 3
    connect_timeout_seconds = 5
    read_timeout_seconds = 10


def meta_for(service_name: str) -> type:
    """A Meta class for a model living in `service_name`'s table."""
    return _StageBound("Meta", (TableMeta,), {"service": service_name})


def get_or_none(model: Any, pk: str, sk: str, consistent: bool = False) -> Any:
    """The item with this key, or None (every store's lookup by key)."""
    try:
        return model.get(pk, sk, consistent_read=consistent)
    except model.DoesNotExist:
        return None


def connection() -> Connection:
    settings = get_settings()
    return _connection(settings.region, settings.aws_endpoint_url)


@lru_cache(maxsize=4)
def _connection(region: str, host: str | None) -> Connection:
    """One per endpoint, reused: a new Connection builds a new botocore client (~0.2 s) per transaction."""
    return Connection(region=region, host=host)


def transact(client_request_token: str | None = None) -> TransactWrite:
    """A transaction that retries what may succeed a moment later (conflicts, throttling) and
    otherwise answers 503 (see RetryingWrite). Every store's writes go through here."""
    return RetryingWrite(connection=connection(), client_request_token=client_request_token)


# --- retrying transactions -----------------------------------------------------------------

@dataclass
class RetryPolicy:
    """How often and how patiently one transaction is tried: `attempts` tries in all, waiting a
    random time up to base * 2^n seconds (capped) between them ("full jitter", so that clients
    cancelled together do not come back together)."""

    attempts: int = 6
    base: float = 0.025
    cap: float = 0.8
    retry_after: int = 1          # seconds, the 503's Retry-After
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int) -> float:
        return _jitter.uniform(0, min(self.cap, self.base * 2 ** attempt))


POLICY = RetryPolicy()
_jitter = random.SystemRandom()

# Cancellation reasons meaning "someone else held the item" or "too busy": nothing was written.
_BUSY_REASONS = frozenset({"TransactionConflict", "ProvisionedThroughputExceeded", "ThrottlingError"})
# Whole-request refusals: nothing was written either.
_BUSY_CODES = frozenset({"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
                         "TransactionConflictException"})
# The outcome is unknown (the request may have committed): only the same token may be sent again.
_UNKNOWN_CODES = frozenset({"TransactionInProgressException", "InternalServerError", "ServiceUnavailable"})
_UNKNOWN_ERRORS = (ReadTimeoutError, ConnectionClosedError, EndpointConnectionError)


def retry_kind(exc: Exception) -> str | None:
    """"cancelled" (nothing written: retry, a new token is fine), "unknown" (maybe written: retry
    with the same token only), or None (a condition failed, bad request...: do not retry)."""
    if not isinstance(exc, TransactWriteError):
        return None
    reasons = {r.code for r in (getattr(exc, "cancellation_reasons", None) or []) if r is not None}
    if reasons:
        return "cancelled" if reasons <= _BUSY_REASONS else None
    response = getattr(exc.cause, "response", None)    # None on a timeout (pynamodb's property fails)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    if code in _BUSY_CODES:
        return "cancelled"
    if code in _UNKNOWN_CODES or isinstance(exc.cause, _UNKNOWN_ERRORS):
        return "unknown"
    return None


class RetryingWrite(TransactWrite):
    """TransactWriteItems tried again on conflicts and throttling, with jittered exponential
    backoff, and 503 (Unavailable, Retry-After) when it still cannot commit.

    Never counted twice: every try sends the same, already serialized items with a
    ClientRequestToken, which DynamoDB treats as one transaction for 10 minutes, so a retry after
    a try whose answer was lost (timeout, 5xx) cannot apply it again. After a cancellation
    (nothing was written, the reasons say so) the next try takes a fresh token, since the
    cancelled one settled nothing. Conditions that failed (409s, limits) are never retried.
    """

    def __init__(self, client_request_token: str | None = None, **kwargs: Any) -> None:
        super().__init__(client_request_token=client_request_token or uuid.uuid4().hex, **kwargs)
        self.attempts = 0

    def _commit(self) -> Any:
        policy = POLICY
        while True:
            self.attempts += 1
            try:
                return super()._commit()
            except TransactWriteError as exc:
                kind = retry_kind(exc)
                if kind is None:
                    raise
                if self.attempts >= policy.attempts:
                    logger.warning("transaction still %s after %d tries: 503", kind, self.attempts)
                    raise Unavailable(policy.retry_after) from exc
                if kind == "cancelled":
                    self._client_request_token = uuid.uuid4().hex
                policy.sleep(policy.delay(self.attempts))


def is_condition_failure(exc: Exception) -> bool:
    if isinstance(exc, TransactWriteError):
        reasons = getattr(exc, "cancellation_reasons", None) or []
        return any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons)
    if isinstance(exc, (PutError, UpdateError)):
        return exc.cause_response_code == "ConditionalCheckFailedException"
    return False


def raise_conflict_on_condition(exc: Exception, code: str = "VERSION_CONFLICT", **params: Any) -> None:
    if is_condition_failure(exc):
        raise Conflict(code, **params) from exc
    raise exc


# --- opaque, signed pagination cursors -----------------------------------------------------

def _sign(data: bytes) -> bytes:
    return hmac.new(get_settings().signing_secret.get_secret_value().encode(), data, hashlib.sha256).digest()[:16]


def encode_cursor(last_key: dict | None, scope: str) -> str | None:
    """`scope` ties a cursor to the query that made it, so it cannot be replayed elsewhere."""
    if not last_key:
        return None
    body = json.dumps({"k": last_key, "s": scope}, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(_sign(body) + body).decode().rstrip("=")


def decode_cursor(token: str | None, scope: str) -> dict | None:
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        mac, body = raw[:16], raw[16:]
        if not hmac.compare_digest(mac, _sign(body)):
            raise ValueError("bad signature")
        data = json.loads(body)
        if data["s"] != scope:
            raise ValueError("cursor from another query")
        return data["k"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadRequest("BAD_CURSOR", details=[{"field": "next", "message": "invalid page cursor"}]) from exc


def page(result_iterator: Any, limit: int) -> tuple[list, dict | None]:
    """Take at most `limit` items from a pynamodb query and the key to resume after them."""
    items: list = []
    for item in result_iterator:
        items.append(item)
        if len(items) >= limit:
            return items, result_iterator.last_evaluated_key
    return items, None


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- the append-only history every changing record keeps -----------------------------------

_HISTORY_MODELS: dict[str, type] = {}


def history_model(service: str) -> type:
    """History items live beside their record: pk=<record pk>, sk=HIST#<seq>."""
    if service not in _HISTORY_MODELS:
        from pynamodb.attributes import JSONAttribute, UnicodeAttribute
        from pynamodb.models import Model

        attrs = {
            "Meta": meta_for(service),
            "pk": UnicodeAttribute(hash_key=True),
            "sk": UnicodeAttribute(range_key=True),
            "entry": JSONAttribute(),
        }
        _HISTORY_MODELS[service] = type(f"{service.title()}History", (Model,), attrs)
    return _HISTORY_MODELS[service]


def history_put(transaction: TransactWrite, service: str, pk: str, entry: Any) -> None:
    model = history_model(service)
    transaction.save(model(pk=pk, sk=f"HIST#{entry.seq:08d}", entry=entry.as_dict()),
                     condition=model.sk.does_not_exist())


def with_history(model: Any, service: str, pk: str, record_sk: str, consistent: bool = False) -> tuple[Any, list]:
    """A record and its history in one Query on their partition (HIST#<seq> items sort before the
    record's sk, e.g. META): (the record or None, its entries in order). Follows pages only when the
    partition is larger than one response (1 MB)."""
    from chalicelib.core.history import Entry

    history = history_model(service)
    connection = model._get_connection()   # noqa: SLF001 - pynamodb's table connection, the model's own Meta
    record, entries, start = None, [], None
    while True:
        page = connection.query(pk, consistent_read=consistent, exclusive_start_key=start)
        for raw in page.get("Items", []):
            sk = raw["sk"]["S"]
            if sk == record_sk:
                record = model.from_raw_data(raw)
            elif sk.startswith("HIST#"):
                entries.append(Entry(**history.from_raw_data(raw).entry))
        start = page.get("LastEvaluatedKey")
        if not start:
            return record, entries


def history_list(service: str, pk: str) -> list:
    from chalicelib.core.history import Entry

    model = history_model(service)
    return [Entry(**item.entry) for item in model.query(pk, model.sk.startswith("HIST#"))]


# --- bulk writes (imports, seeding) ----------------------------------------------------------


class BatchWriter:
    """Where bulk code (the societies importer and the logins it makes) sends the items it built.

    `put` writes items as unconditional, idempotent puts in the order given (runs of items of one
    table go in BatchWriteItem requests of 25); `raise_number` sets a counter to at least the
    item's value. The local stack's first run passes a writer of the same two operations that
    puts into its embedded DynamoDB directly (stack/bulk_seed.py), so the items written are the
    ones this code builds, whichever way they travel.
    """

    def put(self, items: list) -> None:
        start = 0
        while start < len(items):
            model = type(items[start])
            table = model.Meta.table_name
            end = start
            while end < len(items) and type(items[end]).Meta.table_name == table:
                end += 1
            with model.batch_write() as batch:
                for item in items[start:end]:
                    batch.save(item)
            start = end

    def raise_number(self, item: Any, attribute: str) -> None:
        field = getattr(type(item), attribute)
        value = getattr(item, attribute)
        try:
            item.update(actions=[field.set(value)], condition=field.does_not_exist() | (field < value))
        except UpdateError as exc:
            if not is_condition_failure(exc):
                raise


BATCH_WRITER = BatchWriter()
