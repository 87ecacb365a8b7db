"""Append-only history whose entries are chained by hash, so tampering is detectable.

Each entry's hash covers its content and the previous entry's hash; the record keeps the
head (sequence number and hash), written in the same transaction as the entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    note: str
    data: dict[str, Any]
    prev_hash: str
    hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _digest(entry: Entry) -> str:
    content = entry.as_dict()
    content.pop("hash")
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def next_entry(head_seq: int, head_hash: str | None, *, at: str, actor: str, action: str,
               from_state: str | None = None, to_state: str | None = None, note: str = "",
               data: dict[str, Any] | None = None) -> Entry:
    draft = Entry(head_seq + 1, at, actor, action, from_state, to_state, note, data or {},
                  head_hash or GENESIS)
    return Entry(**{**draft.as_dict(), "hash": _digest(draft)})


def verify(entries: list[Entry]) -> bool:
    """True when every entry's hash is right and each links to the one before."""
    previous = GENESIS
    for expected_seq, entry in enumerate(entries, start=1):
        if entry.seq != expected_seq or entry.prev_hash != previous or entry.hash != _digest(entry):
            return False
        previous = entry.hash
    return True
