"""For the ledger bench's moto process only: TransactWriteItems without copying whole tables.

moto backs up EVERY table a transaction touches with `copy.deepcopy` before applying it (once per
item of the transaction), so on a table of 200,000 items one 50-item transaction copies the table
50 times; DynamoDB's cost does not depend on the table's size. This patch keeps moto's own logic
(conditions, errors, cancellation reasons) and only changes the backup: the items the transaction
names are saved before it runs and put back if it is cancelled. Not used by the tests.
"""

from __future__ import annotations

import copy
from typing import Any


def install() -> None:
    from moto.dynamodb import models
    from moto.dynamodb.models.dynamo_type import DynamoType

    original = models.DynamoDBBackend.transact_write_items

    class _TablesByReference:
        """Stands in for the `copy` module inside moto.dynamodb.models during a transaction."""

        @staticmethod
        def deepcopy(obj: Any, memo: Any = None) -> Any:
            return obj if isinstance(obj, models.Table) else copy.deepcopy(obj, memo)

    def _key(table: Any, op: dict) -> tuple[Any, Any]:
        key = op.get("Key") or op.get("Item") or {}
        hash_key = DynamoType(key[table.hash_key_attr])
        range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
        return hash_key, range_key

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        saved = []
        for entry in transact_items:
            _, op = next(iter(entry.items()))
            table = self.tables.get(op.get("TableName"))
            if table is None:
                continue
            hash_key, range_key = _key(table, op)
            current = table.get_item(hash_key, range_key)
            saved.append((table, hash_key, range_key, copy.deepcopy(current) if current else None))
        models.copy = _TablesByReference
        try:
            return original(self, transact_items)
        except Exception:
            for table, hash_key, range_key, item in reversed(saved):
                if item is None:
                    table.delete_item(hash_key, range_key)
                elif range_key is not None:
                    table.items[hash_key][range_key] = item
                else:
                    table.items[hash_key] = item
            raise
        finally:
            models.copy = copy

    models.DynamoDBBackend.transact_write_items = transact_write_items
