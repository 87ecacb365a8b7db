"""Write-sharded counters: the one way every store keeps its dated and dashboard counters.

Every grievance filed or acted on, every lokseva application, return filed, audit reported and
ledger processed adds to the same few counter items (the day's row of a district, of a level,
of a category...). On DynamoDB, transactions touching one item at the same moment cancel each
other (TransactionConflict). So a counter is kept as up to SHARDS items: each write adds to one
shard picked at random, inside the same transaction as the change it counts (so it counts
exactly once, or not at all when the transaction fails), and a reader sums the shards.

Shards live in the sort key, `<sort key>#~<n>`, beside the counter they belong to: `#~` sorts
after every `#<more key>` and before the `~` that range queries put at their upper end, so the
Query that read the unsharded counters reads every shard of them too. An item written before
sharding (no suffix) is simply one more shard.

Why not counters updated from a DynamoDB stream of the committed changes? A stream consumer
runs at least once (a replayed batch would count twice unless every event were deduplicated
with yet another write), lags the change (the fortnightly review and the dashboards would read
figures behind the records), and needs a poller in the local stack. Shards keep the figures
exact and immediate at the price of reading up to SHARDS items per counter.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from pynamodb.attributes import NumberAttribute

SHARDS = 10
MARK = "#~"

_random = random.SystemRandom()


def sharded(sort_key: str, shard: int | None = None) -> str:
    """The sort key of one shard of the counter `sort_key` (a random one unless given)."""
    return f"{sort_key}{MARK}{_random.randrange(SHARDS) if shard is None else shard}"


def base_key(sort_key: str) -> str:
    """The counter a stored sort key belongs to (itself when it was written unsharded)."""
    head, mark, tail = sort_key.rpartition(MARK)
    return head if mark and tail.isdigit() else sort_key


def add(tx: Any, model: type, pk: str, sort_key: str, deltas: dict[str, int]) -> None:
    """Add `deltas` (attribute -> amount) to one random shard of the counter, in transaction `tx`.
    Nothing is written when every amount is zero."""
    actions = [getattr(model, name).add(amount) for name, amount in deltas.items() if amount]
    if actions:
        tx.update(model(pk=pk, sk=sharded(sort_key)), actions=actions)


def _numbers(model: type) -> list[str]:
    return [name for name, attr in model.get_attributes().items() if isinstance(attr, NumberAttribute)]


def fold(items: Iterable[Any]) -> list[Any]:
    """Shards summed into one item per counter, with its unsharded sort key, in query order.
    An attribute no shard holds stays None."""
    merged: dict[tuple[str, str], Any] = {}
    names: list[str] | None = None
    for item in items:
        if names is None:
            names = _numbers(type(item))
        key = (item.pk, base_key(item.sk))
        total = merged.get(key)
        if total is None:
            merged[key] = type(item)(pk=key[0], sk=key[1], **{n: getattr(item, n) for n in names})
            continue
        for name in names:
            more = getattr(item, name)
            if more is not None:
                have = getattr(total, name)
                setattr(total, name, more if have is None else have + more)
    return list(merged.values())


def query(model: type, pk: str, low: str | None = None, high: str | None = None) -> list[Any]:
    """Every counter under `pk` (sort keys between `low` and `high` when given), shards summed:
    one Query, as before sharding."""
    condition = model.sk.between(low, high) if low is not None and high is not None else None
    return fold(model.query(pk, condition))


def one(model: type, pk: str, sort_key: str) -> Any | None:
    """One counter, shards summed (one Query), or None when it was never written."""
    found = [item for item in model.query(pk, model.sk.between(sort_key, f"{sort_key}{MARK}\uffff"))
             if base_key(item.sk) == sort_key]
    folded = fold(found)
    return folded[0] if folded else None
