"""Make moto's DynamoDB Query and TransactWriteItems cost what real ones cost, for the embedded
server only.

moto answers every Query by sorting the whole table (`Table.all_items`), so a page of 20 from a
table of 700,000 search terms takes ~25 s locally while DynamoDB reads just the 20. The patch
narrows the candidates moto looks at to the queried partition (table queries) or to the items
whose index key matches (GSI queries, from a map rebuilt after any write); moto's own code then
filters, sorts and pages them as before, so results are unchanged.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems", "ExecuteStatement",
          "BatchExecuteStatement", "ExecuteTransaction", "CreateTable", "DeleteTable", "UpdateTable",
          "RestoreTableFromBackup", "ImportTable"}

_state = {"generation": 0}
_maps: dict[tuple[int, str], tuple[int, dict]] = {}
_original_query = Table.query


def note_request(operation: str) -> None:
    """Called (under the DynamoDB lock) for each request: any write invalidates the index maps."""
    if operation in WRITES:
        _state["generation"] += 1


def _items_by(table: Table, attr: str) -> dict:
    key = (id(table), attr)
    cached = _maps.get(key)
    if cached and cached[0] == _state["generation"]:
        return cached[1]
    grouped: dict = defaultdict(list)
    for hash_set in table.items.values():
        for item in (hash_set.values() if table.range_key_attr else [hash_set]):
            value = item.attrs.get(attr)
            if value is not None:
                grouped[value].append(item)
    _maps[key] = (_state["generation"], grouped)
    return grouped


def _narrowed_query(self: Table, hash_key: Any, range_comparison: Any, range_objs: Any, limit: Any,
                    exclusive_start_key: Any, scan_index_forward: Any, projection_expressions: Any,
                    index_name: str | None = None, *rest: Any, **kwargs: Any) -> Any:
    conditions = kwargs.get("hash_key_conditions") or []
    candidates = None
    if index_name is None and hash_key is not None and self.range_key_attr:
        candidates = list(self.items.get(hash_key, {}).values())
    elif index_name and len(conditions) == 1:
        attr, value = conditions[0]
        candidates = _items_by(self, attr).get(value, [])
    if candidates is None:
        return _original_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                               scan_index_forward, projection_expressions, index_name, *rest, **kwargs)
    self.all_items = lambda: candidates  # shadows the method for this one call
    try:
        return _original_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                               scan_index_forward, projection_expressions, index_name, *rest, **kwargs)
    finally:
        del self.all_items


# --- transactions ------------------------------------------------------------------------------
# moto's transact_write_items deep-copies the whole table once for EVERY item of the transaction,
# to roll back on failure: a 100-item transaction on a table of 20,000 items copies 2,000,000 items
# (minutes, and past the client's read timeout, whose retry then fails its own conditions). Here
# tables are not copied; the rollback restores just the items the transaction touched.

class _NoTableCopy:
    """Stands in for the `copy` module inside moto's DynamoDB backend: tables pass through."""

    @staticmethod
    def deepcopy(obj: Any, memo: Any = None) -> Any:
        return obj if isinstance(obj, Table) else copy.deepcopy(obj, memo)


_original_transact = dynamodb_models.DynamoDBBackend.transact_write_items


def _touched(backend: Any, transact_items: list[dict]) -> list[tuple[Table, Any, Any, Any]]:
    touched = []
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        table = backend.tables.get(op.get("TableName"))
        attrs = op.get("Item") if op_type == "Put" else op.get("Key")
        if table is None or not isinstance(attrs, dict) or table.hash_key_attr not in attrs:
            continue
        hash_value = DynamoType(attrs[table.hash_key_attr])
        range_value = None
        if table.range_key_attr:
            if table.range_key_attr not in attrs:
                continue
            range_value = DynamoType(attrs[table.range_key_attr])
        touched.append((table, hash_value, range_value, copy.deepcopy(table.get_item(hash_value, range_value))))
    return touched


def _transact_write_items(self: Any, transact_items: list[dict]) -> None:
    touched = _touched(self, transact_items)
    try:
        return _original_transact(self, transact_items)
    except Exception:
        for table, hash_value, range_value, before in reversed(touched):
            table.delete_item(hash_value, range_value)
            if before is not None and range_value is not None:
                table.items[hash_value][range_value] = before
            elif before is not None:
                table.items[hash_value] = before
        raise


def install() -> None:
    Table.query = _narrowed_query
    dynamodb_models.copy = _NoTableCopy
    dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items
