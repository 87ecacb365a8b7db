"""moto's item construction made linear, for every embedded server (local stack, tests, bench).

moto keeps an item's attributes in a `LimitedSizeDict` that re-measures the whole item on every
attribute it adds, so building an item of n attributes costs O(n²) size computations: 70 % of
the time of a put. The patch fills the attributes first and measures the item once, refusing
it with moto's own ItemSizeTooLarge past the same limit; items and errors are unchanged.

The same quadratic cost hit every restart of the local stack: unpickling an item's attributes
sets them one by one through that check (47 s for 5,000 societies' state). Attributes are pickled
as a plain dict and rebuilt without re-measuring (they were measured when written).
"""

from __future__ import annotations

from typing import Any

_saved: dict[str, Any] = {}
LIMIT = 405_000     # moto's own figure (LimitedSizeDict.__setitem__)


def _attributes(values: dict) -> Any:
    """Unpickles an item's attributes (see LimitedSizeDict.__reduce__ below)."""
    from moto.dynamodb.models.dynamo_type import LimitedSizeDict

    attrs = LimitedSizeDict.__new__(LimitedSizeDict)
    dict.update(attrs, values)
    return attrs


def _reduce(self: dict) -> tuple:
    return _attributes, (dict(self),)


def install() -> None:
    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models import dynamo_type
    from moto.dynamodb.models.utilities import bytesize

    if _saved:
        return
    original = dynamo_type.Item.__init__

    def __init__(self: Any, hash_key: Any, range_key: Any, attrs: dict[str, Any]) -> None:  # noqa: N807
        self.hash_key = hash_key
        self.range_key = range_key
        self.attrs = dynamo_type.LimitedSizeDict()
        size = 0
        for key, value in attrs.items():
            typed = dynamo_type.DynamoType(value)
            size += bytesize(key) + typed.size()
            dict.__setitem__(self.attrs, key, typed)
        if size > LIMIT:
            raise ItemSizeTooLarge

    _saved["init"] = original
    dynamo_type.Item.__init__ = __init__
    dynamo_type.LimitedSizeDict.__reduce__ = _reduce


def uninstall() -> None:
    from moto.dynamodb.models import dynamo_type

    if _saved:
        dynamo_type.Item.__init__ = _saved.pop("init")
        del dynamo_type.LimitedSizeDict.__reduce__
