"""core.counters (write-sharded counters) and core.dynamo.RetryingWrite (conflicts and throttling
retried with one ClientRequestToken, 503 when they persist), without AWS."""

from __future__ import annotations

import pytest
from botocore.exceptions import ReadTimeoutError
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError
from pynamodb.models import Model

from chalicelib.core import counters, dynamo
from chalicelib.core.errors import Unavailable, busy_code


class Stat(Model):
    class Meta:
        table_name = "unit-counters"
        region = "ap-south-1"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    received = NumberAttribute(null=True)
    disposed = NumberAttribute(null=True)


# --- sharded counters ------------------------------------------------------------------------

def test_a_shard_key_stays_inside_the_range_queries_that_read_its_counter():
    keys = {counters.sharded("2026-01-05#bhopal") for _ in range(200)}
    assert len(keys) == counters.SHARDS                      # every shard gets used
    for key in keys:
        assert counters.base_key(key) == "2026-01-05#bhopal"
        assert "2026-01-05#" <= key <= "2026-01-05#~"         # the readers' between(day#, day#~)
        assert "2026-01-01#" <= key <= "2026-01-31#~"
        assert key < "2026-01-05~"                           # centres' between(day, day~)
    assert counters.base_key("bhopal") == "bhopal"           # written before sharding: its own shard
    assert counters.base_key("a#~b") == "a#~b"               # only a numeric suffix is a shard


def test_fold_sums_shards_per_counter_and_keeps_missing_attributes_none():
    items = [Stat(pk="STAT#district", sk="2026-01-05#bhopal#~3", received=2),
             Stat(pk="STAT#district", sk="2026-01-05#bhopal#~7", received=1, disposed=1),
             Stat(pk="STAT#district", sk="2026-01-05#bhopal", received=4),        # unsharded, older
             Stat(pk="STAT#district", sk="2026-01-05#indore#~0", received=5)]
    folded = {item.sk: item for item in counters.fold(items)}
    assert set(folded) == {"2026-01-05#bhopal", "2026-01-05#indore"}
    assert (folded["2026-01-05#bhopal"].received, folded["2026-01-05#bhopal"].disposed) == (7, 1)
    assert (folded["2026-01-05#indore"].received, folded["2026-01-05#indore"].disposed) == (5, None)
    assert items[0].received == 2                                                 # inputs untouched


class _Tx:
    def __init__(self) -> None:
        self.updates: list = []

    def update(self, model, actions):
        self.updates.append((model.pk, model.sk, len(actions)))


def test_add_writes_one_random_shard_and_nothing_for_zero_deltas():
    tx = _Tx()
    counters.add(tx, Stat, "STAT#level", "2026-01-05#1", {"received": 1, "disposed": 0})
    counters.add(tx, Stat, "STAT#level", "2026-01-05#2", {"received": 0})
    assert len(tx.updates) == 1
    pk, sk, actions = tx.updates[0]
    assert pk == "STAT#level" and counters.base_key(sk) == "2026-01-05#1" and sk != "2026-01-05#1"
    assert actions == 1


# --- retried transactions --------------------------------------------------------------------

def _cancelled(*codes: str | None) -> TransactWriteError:
    reasons = [CancellationReason(code=c) if c else None for c in codes]
    cause = VerboseClientError({"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"}},
                               "TransactWriteItems", cancellation_reasons=reasons)
    return TransactWriteError("Failed to write transaction items", cause)


def _refused(code: str) -> TransactWriteError:
    cause = VerboseClientError({"Error": {"Code": code, "Message": "m"}}, "TransactWriteItems")
    return TransactWriteError("Failed to write transaction items", cause)


class _Connection:
    """Fails with the given errors, in order, then commits; records the tokens it was sent."""

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.tokens: list[str] = []
        self.items: list = []

    def transact_write_items(self, **kwargs):
        self.tokens.append(kwargs["client_request_token"])
        self.items.append(kwargs["update_items"])
        if self.failures:
            raise self.failures.pop(0)
        return {}


@pytest.fixture
def no_sleep(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(dynamo, "POLICY", dynamo.RetryPolicy(sleep=slept.append))
    return slept


def _write(connection: _Connection) -> dynamo.RetryingWrite:
    tx = dynamo.RetryingWrite(connection=connection)
    tx.update(Stat(pk="STAT#district", sk="x"), actions=[Stat.received.add(1)])
    return tx


def test_conflicts_and_throttling_are_retried_with_backoff_until_the_commit(no_sleep):
    conn = _Connection(_cancelled(None, "TransactionConflict"), _refused("ProvisionedThroughputExceededException"),
                       _cancelled("ThrottlingError", None))
    tx = _write(conn)
    tx._commit()
    assert tx.attempts == 4 and len(conn.tokens) == 4
    assert all(items == conn.items[0] for items in conn.items)       # the same items every try
    assert len(no_sleep) == 3
    assert all(0 <= delay <= dynamo.POLICY.cap for delay in no_sleep)


def test_an_answer_lost_after_a_possible_commit_is_retried_with_the_same_token(no_sleep):
    timeout = TransactWriteError("Failed", ReadTimeoutError(endpoint_url="http://x"))
    conn = _Connection(_refused("InternalServerError"), timeout)
    _write(conn)._commit()
    assert len(conn.tokens) == 3 and len(set(conn.tokens)) == 1      # DynamoDB applies it once


def test_a_cancelled_try_takes_a_fresh_token_since_nothing_was_written(no_sleep):
    conn = _Connection(_cancelled("TransactionConflict"))
    _write(conn)._commit()
    assert len(conn.tokens) == 2 and conn.tokens[0] != conn.tokens[1]


def test_failed_conditions_are_never_retried(no_sleep):
    conn = _Connection(_cancelled("ConditionalCheckFailed", "TransactionConflict"))
    with pytest.raises(TransactWriteError):
        _write(conn)._commit()
    assert len(conn.tokens) == 1 and no_sleep == []
    conn = _Connection(_refused("ValidationException"))
    with pytest.raises(TransactWriteError):
        _write(conn)._commit()
    assert len(conn.tokens) == 1


def test_a_transaction_that_keeps_conflicting_is_a_503_with_retry_after(no_sleep):
    conn = _Connection(*[_cancelled("TransactionConflict")] * 50)
    with pytest.raises(Unavailable) as raised:
        _write(conn)._commit()
    assert len(conn.tokens) == dynamo.POLICY.attempts
    assert raised.value.status == 503 and raised.value.headers == {"Retry-After": "1"}


def test_a_given_token_is_kept_for_the_whole_transaction(no_sleep):
    conn = _Connection(_refused("InternalServerError"))
    tx = dynamo.RetryingWrite(connection=conn, client_request_token="run-42")
    tx.update(Stat(pk="p", sk="s"), actions=[Stat.received.add(1)])
    tx._commit()
    assert conn.tokens == ["run-42", "run-42"]


def test_busy_code_finds_throttling_behind_any_wrapper():
    assert busy_code(_refused("ThrottlingException")) == "ThrottlingException"
    assert busy_code(_refused("ConditionalCheckFailedException")) is None
    try:
        try:
            raise _refused("ProvisionedThroughputExceededException")
        except TransactWriteError as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as outer:
        assert busy_code(outer) == "ProvisionedThroughputExceededException"
