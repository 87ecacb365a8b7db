"""One moto server for the whole session, reset between tests; the app imported after the env."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

import pytest

from stack import ddb_counter
from stack.env import apply, free_port, local_aws_env

AWS_PORT = free_port()
apply(local_aws_env(AWS_PORT, prefix="sahkar-test"))
COUNTER = ddb_counter.install()

from chalice.test import Client  # noqa: E402

from chalicelib.core import aws, clock  # noqa: E402
from chalicelib.core.config import reset_settings  # noqa: E402
from stack.moto_server import EmbeddedAws  # noqa: E402

reset_settings()
logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request lines


@pytest.fixture(scope="session")
def moto_server():
    server = EmbeddedAws(AWS_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fresh_aws(request):
    """Every test starts from empty tables, the wall clock and zeroed counters (unit tests: no AWS)."""
    if "unit" in request.node.path.parts:
        yield None
        return
    moto_server = request.getfixturevalue("moto_server")
    moto_server.reset()
    from chalicelib.services import table_models
    from infra.tables import create_all

    create_all(aws.client("dynamodb"), table_models())
    from chalicelib.core import masterstore

    masterstore.clear_cache()   # the warm container's copy of master data: the tables are new
    COUNTER.reset()
    yield moto_server
    clock.set_clock(None)


@pytest.fixture
def aws_resources(fresh_aws):
    """The document bucket, SMS settings and state machines too (tables are always there)."""
    from infra.resources import create_local

    return create_local()


@pytest.fixture(scope="session")
def app():
    from app import app as chalice_app

    return chalice_app


@pytest.fixture
def client(app):
    with Client(app, stage_name="local") as test_client:
        yield Api(test_client)


@pytest.fixture
def sms(moto_server):
    return SmsBox(moto_server)


@pytest.fixture
def counter():
    COUNTER.reset()
    return COUNTER


@pytest.fixture
def frozen_clock():
    moment = {"now": datetime(2026, 11, 23, 6, 0, tzinfo=UTC)}

    def now():
        return moment["now"]

    clock.set_clock(now)
    yield moment
    clock.set_clock(None)


class Response:
    def __init__(self, raw):
        self.status = raw.status_code
        self.headers = {k.lower(): v for k, v in raw.headers.items()}
        self.raw_body = raw.body if isinstance(raw.body, bytes) else (raw.body or "").encode("utf-8")
        self.text = self.raw_body.decode("utf-8", errors="replace")
        try:
            self.json = json.loads(self.text) if self.text else None
        except ValueError:   # XML, PDF: read .text or .raw_body
            self.json = None

    @property
    def error_code(self):
        return (self.json or {}).get("error", {}).get("code")

    @property
    def error_fields(self):
        return [d.get("field") for d in (self.json or {}).get("error", {}).get("details", [])]

    def __repr__(self):
        return f"<{self.status} {self.text[:300]}>"


class Api:
    """chalice.test.Client with JSON in and out, and bearer tokens."""

    def __init__(self, raw):
        self.raw = raw

    def call(self, method, path, body=None, token=None, headers=None, raw_body=None):
        all_headers = {"Content-Type": "application/json"}
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        all_headers.update(headers or {})
        payload = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
        return Response(getattr(self.raw.http, method.lower())(path, headers=all_headers, body=payload))

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("PATCH", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("PUT", path, body=body, **kw)


class SmsBox:
    """SMS as SNS sent them, read back from moto (no test-only route in the API)."""

    def __init__(self, server):
        self.server = server

    def to(self, mobile):
        number = "+91" + mobile[-10:]
        return [m["message"] for m in self.server.sms() if m["phone_number"] == number]

    def last_otp(self, mobile):
        for text in reversed(self.to(mobile)):
            match = re.search(r"\b(\d{6})\b", text)
            if match:
                return match.group(1)
        raise AssertionError(f"no OTP sent to {mobile}")
