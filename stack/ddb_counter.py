"""A botocore event hook on every client: counts DynamoDB operations and items read, and
refuses Scan (request paths must use keys or indexes)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import botocore.session


class ScanForbidden(AssertionError):
    pass


class DynamoCounter:
    def __init__(self) -> None:
        self.operations: Counter[str] = Counter()
        self.items_read = 0
        self.allow_scan = False

    def reset(self) -> None:
        self.operations.clear()
        self.items_read = 0

    @property
    def total(self) -> int:
        return sum(self.operations.values())

    def before_call(self, model: Any, **_: Any) -> None:
        if model.name == "Scan" and not self.allow_scan:
            raise ScanForbidden("DynamoDB Scan on a request path")
        self.operations[model.name] += 1

    def after_call(self, model: Any, parsed: dict, **_: Any) -> None:
        if model.name in ("Query", "Scan"):
            self.items_read += int(parsed.get("Count", 0))
        elif model.name == "GetItem":
            self.items_read += 1 if parsed.get("Item") else 0
        elif model.name == "BatchGetItem":
            self.items_read += sum(len(v) for v in parsed.get("Responses", {}).values())


COUNTER = DynamoCounter()
_installed = False


def install() -> DynamoCounter:
    """Hook every botocore client created from now on (boto3's and pynamodb's alike)."""
    global _installed
    if _installed:
        return COUNTER
    original = botocore.session.Session.create_client

    def create_client(self: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
        client = original(self, service_name, *args, **kwargs)
        if service_name == "dynamodb":
            client.meta.events.register("before-call.dynamodb", COUNTER.before_call)
            client.meta.events.register("after-call.dynamodb", COUNTER.after_call)
        return client

    botocore.session.Session.create_client = create_client
    _installed = True
    return COUNTER
