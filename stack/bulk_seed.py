"""The first run's seeding, fast: the importer's own items put straight into the embedded DynamoDB.

`make run` hosts moto in its own process, so the 50,000 societies of a first run need not travel
as 40,000 BatchWriteItem requests (≈ 6 minutes on two cores). `seed_into_embedded` runs the
societies importer (`chalicelib.societies.importer.write`) with a writer that puts each item the
importer built into moto's table in this process: the items, their attributes, the logins and
the raised registration-number sequences are exactly those of an import over the API's path,
because the same code builds them (tests/integration/test_bulk_seed.py compares the two).

Only for an empty registry: a registry with societies in it is completed by the ordinary
importer (stack/seed.py), which skips the societies that exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.backends import get_backend
from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict

from stack import moto_items, moto_speed


def _tables() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for account in get_backend("dynamodb").values():
        for backend in account.values():
            found.update(backend.tables)
    return found


def _typed(value: dict, shared: dict) -> tuple[DynamoType, int]:
    """moto's DynamoType and its size. A string or number repeated in one batch (a society's name
    in each of its ~14 search terms, a district, a partition key) is one DynamoType object shared by
    the items (moto replaces, never edits, a scalar attribute), so the state holds and pickles a
    fraction of the objects: what makes a restart with 50,000 societies quick."""
    (kind, raw), = value.items()
    if kind in ("S", "N") and isinstance(raw, str):
        found = shared.get((kind, raw))
        if found is None:
            typed = DynamoType.__new__(DynamoType)
            typed.type, typed.value = kind, raw
            found = shared[(kind, raw)] = typed, len(raw.encode()) if kind == "S" else len(raw)
        return found
    typed = DynamoType(value)
    return typed, typed.size()


def _item(table: Any, attrs: dict, shared: dict) -> Item:
    """What moto's Table.put_item stores for `attrs`, measured once (moto's size limit kept)."""
    item = Item.__new__(Item)
    item.attrs = LimitedSizeDict()
    size = 0
    for key, value in attrs.items():
        typed, value_size = _typed(value, shared)
        size += len(key.encode()) + value_size
        dict.__setitem__(item.attrs, key, typed)
    if size > moto_items.LIMIT:
        raise ItemSizeTooLarge
    item.hash_key = item.attrs[table.hash_key_attr]
    item.range_key = item.attrs[table.range_key_attr] if table.range_key_attr else None
    for key in (item.hash_key, item.range_key):
        if key is not None and key.type != "S":
            raise ValueError("the bulk writer handles string keys only")
    return item


class EmbeddedWriter:
    """core.dynamo.BatchWriter's two operations, on the in-process moto backend: an unconditional
    put of each serialised item (what BatchWriteItem does) and a raise-to-at-least."""

    def __init__(self) -> None:
        self.tables = _tables()
        self.items = 0
        self.shared: dict = {}

    def put_serialised(self, table_name: str, attrs: dict) -> None:
        table = self.tables[table_name]
        item = _item(table, attrs, self.shared)
        current = None
        if table.stream_shard is not None:
            current = table.get_item(item.hash_key, item.range_key)
        if item.range_key is not None:
            table.items[item.hash_key][item.range_key] = item
        else:
            table.items[item.hash_key] = item
        if table.stream_shard is not None:
            table.stream_shard.add(current, item)
        self.items += 1

    def put(self, items: list) -> None:
        if len(self.shared) > 100_000:
            self.shared.clear()
        for item in items:
            self.put_serialised(type(item).Meta.table_name, item.serialize())

    def raise_number(self, item: Any, attribute: str) -> None:
        self.raise_serialised(type(item).Meta.table_name, item.serialize(), attribute)

    def raise_serialised(self, table_name: str, attrs: dict, attribute: str) -> None:
        table = self.tables[table_name]
        new = _item(table, attrs, {})
        current = table.get_item(new.hash_key, new.range_key)
        if (current is not None and attribute in current.attrs
                and current.attrs[attribute].cast_value >= new.attrs[attribute].cast_value):
            return
        self.put_serialised(table_name, attrs)


def registry_is_empty() -> bool:
    from chalicelib.societies.store import SocietyItem

    table = _tables().get(SocietyItem.Meta.table_name)
    return table is not None and not table.items


class _PipeWriter:
    """In the building process: each batch of items, serialised as the API would send it, goes
    down the pipe to the process that hosts moto."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def put(self, items: list) -> None:
        self.conn.send(("put", [(type(item).Meta.table_name, item.serialize()) for item in items]))

    def raise_number(self, item: Any, attribute: str) -> None:
        self.conn.send(("raise", (type(item).Meta.table_name, item.serialize(), attribute)))


def _build(conn: Any, count: int) -> None:
    """The building process: validate the rows and run the importer with a pipe as its writer."""
    import gc

    from chalicelib.societies import importer
    from stack.seed_data import societies

    gc.disable()        # a short-lived process making many objects
    try:
        report = importer.validate(societies(count), check_existing=False)
        if report.rejected:
            raise ValueError(f"seed data failed validation: {report.rejected[:3]}")
        written = importer.write(report.valid, actor="stack-seed", writer=_PipeWriter(conn),
                                 progress=lambda n: conn.send(("progress", n)))
        conn.send(("done", written))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def seed_into_embedded(count: int, progress: Callable[[int], None] | None = None, processes: int = 2) -> int:
    """Seed `count` synthetic societies into an empty registry of the in-process moto server.

    With `processes=2` (two cores) a child process runs the importer, building and serialising
    the items, while this process puts them into moto: the two halves of the work overlap."""
    import gc

    writer = EmbeddedWriter()
    gc.disable()        # ~900,000 items at 50,000 societies: no collector passes while they arrive
    try:
        if processes < 2:
            from chalicelib.societies import importer
            from stack.seed_data import societies

            report = importer.validate(societies(count), check_existing=False)
            if report.rejected:
                raise SystemExit(f"seed data failed validation: {report.rejected[:3]}")
            return importer.write(report.valid, actor="stack-seed", progress=progress, writer=writer)
        return _from_child(writer, count, progress)
    finally:
        gc.enable()
        gc.freeze()     # the seeded registry lives as long as the stack: later collections skip it
        moto_speed.note_request("BatchWriteItem")   # the index maps are stale now


def _from_child(writer: EmbeddedWriter, count: int, progress: Callable[[int], None] | None) -> int:
    import multiprocessing

    context = multiprocessing.get_context("fork")   # the child inherits the imported code and settings
    parent, child = context.Pipe(duplex=False)
    builder = context.Process(target=_build, args=(child, count), daemon=True)
    builder.start()
    child.close()
    try:
        while True:
            try:
                kind, body = parent.recv()
            except EOFError:
                raise RuntimeError("the seeding process died") from None
            if kind == "put":
                for table_name, attrs in body:
                    writer.put_serialised(table_name, attrs)
            elif kind == "raise":
                writer.raise_serialised(*body)
            elif kind == "progress":
                if progress:
                    progress(body)
            elif kind == "done":
                return body
            else:
                raise RuntimeError(f"seeding failed: {body}")
    finally:
        parent.close()
        builder.join(10)
