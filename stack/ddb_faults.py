"""Fault injection for DynamoDB transactions: a botocore event hook (like stack/ddb_counter.py)
that makes a chosen fraction of TransactWriteItems calls fail the way DynamoDB fails them under
load, which moto (serialising every request) never does.

Profiles:
  conflict  the transaction is cancelled, one of its items with TransactionConflict (nothing written)
  throttle  the request is refused with ProvisionedThroughputExceededException (nothing written)
  lost      the transaction IS committed, then the caller gets InternalServerError as if the answer
            was lost on the way back: only a retry with the same ClientRequestToken is safe

moto ignores ClientRequestToken, so while a profile is on the hook also does what DynamoDB does
with it: a transaction repeated with the token of one that committed (within the run) is answered
as a success and applied no second time. Without that the "lost" profile could not tell a retry
that re-applies from one that does not.

    faults = ddb_faults.install()        # before the app's clients are created (like ddb_counter),
                                         # or FAULTS.attach(dynamo.connection().client) later
    faults.set("conflict", 0.3, seed=1)  # 30 % of transactions cancelled
    ...
    faults.off()
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from typing import Any

import botocore.session

PROFILES = ("conflict", "throttle", "lost")


class _Http:
    """The part of an HTTP response botocore reads from a before-call answer."""

    def __init__(self, status: int) -> None:
        self.status_code = status
        self.headers: dict[str, str] = {}
        self.content = b""


def _error(status: int, code: str, message: str, **more: Any) -> tuple[_Http, dict]:
    parsed = {"Error": {"Code": code, "Message": message},
              "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {}}, **more}
    return _Http(status), parsed


class FaultInjector:
    def __init__(self) -> None:
        self.profile: str | None = None
        self.rate = 0.0
        self.injected: Counter[str] = Counter()
        self.calls = 0                       # TransactWriteItems seen while a profile was on
        self.replays = 0                     # repeated tokens answered without applying again
        self._committed: set[str] = set()
        self._lock = threading.Lock()
        self._rng = random.Random()
        self._local = threading.local()
        self._raw: Any = None

    def set(self, profile: str, rate: float, seed: int | None = None) -> None:
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {PROFILES}")
        with self._lock:
            self.profile, self.rate = profile, rate
            self._rng = random.Random(seed)
            self.injected.clear()
            self.calls = self.replays = 0
            self._committed.clear()

    def off(self) -> None:
        with self._lock:
            self.profile, self.rate = None, 0.0

    def _passing(self) -> bool:
        return getattr(self._local, "passing", False)

    def before_call(self, model: Any, params: dict, **_: Any) -> tuple[_Http, dict] | None:
        if model.name != "TransactWriteItems" or self.profile is None or self._passing():
            return None
        body = json.loads(params.get("body") or b"{}")
        token = body.get("ClientRequestToken")
        with self._lock:
            self.calls += 1
            if token and token in self._committed:
                self.replays += 1
                return _Http(200), {"ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": {}}}
            hit = self._rng.random() < self.rate
            victim = self._rng.randrange(max(1, len(body.get("TransactItems", []))))
            profile = self.profile
            if hit:
                self.injected[profile] += 1
        if not hit:
            self._local.token = token       # after_call notes it if the store commits it
            return None
        if profile == "conflict":
            reasons = [{"Code": "None"} for _ in body.get("TransactItems", [])] or [{"Code": "None"}]
            reasons[victim] = {"Code": "TransactionConflict",
                               "Message": "Transaction is ongoing for the item"}
            return _error(400, "TransactionCanceledException",
                          "Transaction cancelled, please refer cancellation reasons for specific reasons "
                          "[TransactionConflict]", CancellationReasons=reasons)
        if profile == "throttle":
            return _error(400, "ProvisionedThroughputExceededException",
                          "The level of configured provisioned throughput for the table was exceeded.")
        self._send(body)                    # "lost": committed for real, then the answer is lost
        if token:
            with self._lock:
                self._committed.add(token)
        return _error(500, "InternalServerError", "Internal server error (injected after commit)")

    def after_call(self, model: Any, http_response: Any, **_: Any) -> None:
        if model.name != "TransactWriteItems" or self._passing():
            return
        token, self._local.token = getattr(self._local, "token", None), None
        if token and http_response.status_code < 300:
            with self._lock:
                self._committed.add(token)

    def attach(self, client: Any) -> None:
        """Hook one DynamoDB client already made (e.g. pynamodb's, `dynamo.connection().client`)."""
        client.meta.events.register("before-call.dynamodb.TransactWriteItems", self.before_call)
        client.meta.events.register("after-call.dynamodb.TransactWriteItems", self.after_call)

    def detach(self, client: Any) -> None:
        client.meta.events.unregister("before-call.dynamodb.TransactWriteItems", self.before_call)
        client.meta.events.unregister("after-call.dynamodb.TransactWriteItems", self.after_call)

    def _send(self, body: dict) -> None:
        """The real call to the store, past this hook; its errors (conditions that failed, real
        cancellations) reach the caller unchanged."""
        self._local.passing = True
        try:
            self._raw_client().transact_write_items(**body)
        finally:
            self._local.passing = False

    def _raw_client(self) -> Any:
        if self._raw is None:
            from chalicelib.core import aws

            self._raw = aws.client("dynamodb")
        return self._raw


FAULTS = FaultInjector()
_installed = False


def install() -> FaultInjector:
    """Hook every botocore DynamoDB client created from now on (boto3's and pynamodb's alike)."""
    global _installed
    if _installed:
        return FAULTS
    original = botocore.session.Session.create_client

    def create_client(self: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
        client = original(self, service_name, *args, **kwargs)
        if service_name == "dynamodb":
            FAULTS.attach(client)
        return client

    botocore.session.Session.create_client = create_client
    _installed = True
    return FAULTS
