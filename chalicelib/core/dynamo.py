"""pynamodb plumbing shared by every store.py: table binding by stage, cursors, conflicts.

Only store modules (and this kernel) touch pynamodb.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.core.config import get_settings
from chalicelib.core.errors import BadRequest, Conflict


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


def transact() -> TransactWrite:
    return TransactWrite(connection=connection())


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
