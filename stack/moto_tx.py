"""moto's TransactWriteItems made to cost what it touches, for every embedded server (local
stack, tests, bench).

moto 5 backs a transaction up by deep-copying every table it names, once per action, so that it
can roll back. A grievance filing or escalation (five or more actions on the grievances table)
copies that whole table five times over: 2-3 s per filing at 1,000 grievances already, growing with
the table, so the tests, the local stack and the bench would wait on its copying. The patch keeps
a copy of just the items the transaction touches and puts those back when it fails; moto's own code still checks the
conditions, applies the actions and reports cancellations as before.
"""

from __future__ import annotations

import copy
from typing import Any

_saved: dict[str, Any] = {}


class _NoTableCopy:
    """Stands in for the `copy` module inside moto.dynamodb.models: a Table is handed back as is
    (the journal is the backup); everything else is copied as before."""

    def __init__(self, table_type: type) -> None:
        self.table_type = table_type

    def deepcopy(self, value: Any, memo: dict | None = None) -> Any:
        if isinstance(value, self.table_type):
            return value
        return copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def _journal(backend: Any, actions: list[dict]) -> list[tuple[Any, Any, Any, Any]]:
    """(table, hash key, range key, the item before or None) for each item the actions name."""
    kept = []
    for action in actions:
        if len(action) != 1:
            continue   # moto refuses it itself
        _, op = next(iter(action.items()))
        table = backend.tables.get(op.get("TableName"))
        if table is None:
            continue
        keys = op.get("Key") or {name: op["Item"][name] for name in (table.hash_key_attr, table.range_key_attr)
                                 if name and name in op.get("Item", {})}
        try:
            hash_key, range_key = backend.get_keys_value(table, keys)
            before = table.get_item(hash_key, range_key)
        except Exception:  # noqa: S112 - a malformed key: moto's own code rejects the request
            continue
        kept.append((table, hash_key, range_key, copy.deepcopy(before)))
    return kept


def install() -> None:
    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    if _saved:
        return
    original = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        kept = _journal(self, transact_items)
        try:
            original(self, transact_items)
        except Exception:
            for table, hash_key, range_key, before in reversed(kept):
                table.delete_item(hash_key, range_key)
                if before is not None:
                    if range_key is not None:
                        table.items[hash_key][range_key] = before
                    else:
                        table.items[hash_key] = before
            raise

    _saved.update(copy=models.copy, transact_write_items=original)
    models.copy = _NoTableCopy(Table)
    models.DynamoDBBackend.transact_write_items = transact_write_items


def uninstall() -> None:
    """moto as it came (for tests sharing a process with other moto users)."""
    from moto.dynamodb import models

    if not _saved:
        return
    models.copy = _saved.pop("copy")
    models.DynamoDBBackend.transact_write_items = _saved.pop("transact_write_items")
