"""Sweeps over records whose time has come, reading only what is due.

A record that a scheduled sweep may act on carries two index attributes, a shard and a due
time, in a sparse GSI; they are removed when the record leaves the sweep's care, so a run reads
what is due, not every record. Each record is acted on by a write conditional on the version
the sweep read: if an officer (or another sweep) changed it first, the sweep's write fails and
changes nothing, and the next run looks again. This module holds the parts that do not depend
on the service: the shard of a key and the loop that counts outcomes.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable

SHARDS = 10


def shard_of(key: str, shards: int = SHARDS) -> str:
    """A stable shard for a record key (spreads the due index's partitions)."""
    return f"S{zlib.crc32(key.encode()) % shards}"


def run(due: Callable[[str, int], Iterable[str]], act: Callable[[str], str], limit: int = 500,
        shards: int = SHARDS, outcomes: tuple[str, ...] = ("done", "skipped", "conflicts")) -> dict[str, int]:
    """For each shard, ask `due(shard, limit)` for the keys due now and `act(key)` on each;
    `act` returns the outcome's name. Returns how many of each outcome."""
    counts: Counter[str] = Counter({name: 0 for name in outcomes})
    for number in range(shards):
        for key in due(f"S{number}", limit):
            counts[act(key)] += 1
    return dict(counts)
