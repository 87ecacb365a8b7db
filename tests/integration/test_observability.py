"""Each invocation is observable: JSON log lines carry the API Gateway request id, EMF metrics are
printed once per invocation in the stage's namespace, and nothing personal reaches either."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

import pytest

from chalicelib.core import logs, metrics
from chalicelib.core.config import get_settings, reset_settings
from functions import identity, notify
from tests.integration.test_functions import Context, proxy_event

MOBILE = "9876543210"
SCHEDULED = {"version": "0", "id": "evt-42", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": "2026-11-23T06:00:00Z", "region": "ap-south-1",
             "resources": [], "detail": {}}


@pytest.fixture
def emitting(monkeypatch):
    """Metrics printed as in AWS (locally they are dropped unless asked for)."""
    monkeypatch.setenv("SAHKAR_EMIT_METRICS", "1")
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "identity")
    reset_settings()
    metrics._pending.clear()
    yield
    metrics._pending.clear()
    monkeypatch.delenv("SAHKAR_EMIT_METRICS")
    reset_settings()


@pytest.fixture
def json_logs():
    """Powertools JSON logging as configured in AWS, written to a buffer."""
    root = logging.getLogger(logs.LOGGER_NAME)
    saved = dict(root.__dict__, handlers=list(root.handlers))
    stream = io.StringIO()
    logs.configure(stream=stream)
    yield stream
    root.__dict__.clear()
    root.__dict__.update(saved)      # Powertools marks the logger it configured; forget all of it
    logs._json = None


def emf_lines(text: str) -> list[dict]:
    return [doc for doc in (json.loads(line) for line in text.splitlines() if line.startswith("{"))
            if "_aws" in doc]


def failing_sns(monkeypatch):
    def publish(sms):
        raise RuntimeError("SNS is down")

    monkeypatch.setattr("chalicelib.core.notify.publish", publish)


def test_an_sms_that_fails_is_logged_with_the_request_id_and_counted_without_the_mobile(
        monkeypatch, capsys, emitting, json_logs):
    failing_sns(monkeypatch)
    response = identity.app(proxy_event("POST", "/auth/otp", "/auth/otp", body={"mobile": MOBILE}), Context())
    assert response["statusCode"] == 202          # the citizen is answered; the outbox retries

    lines = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    warning = next(line for line in lines if "not sent yet" in line["message"])
    assert warning["correlation_id"] == "test-request"            # API Gateway's requestContext.requestId
    assert warning["function_request_id"] == "test-request"
    assert warning["level"] == "WARNING" and warning["service"] == "identity"
    assert MOBILE not in json_logs.getvalue() and MOBILE[-4:] not in json_logs.getvalue()

    (emf,) = emf_lines(capsys.readouterr().out)                   # one EMF document for the invocation
    definition = emf["_aws"]["CloudWatchMetrics"][0]
    assert definition["Namespace"] == get_settings().resource_prefix
    assert {m["Name"] for m in definition["Metrics"]} == {metrics.SMS_FAILED}
    assert emf[metrics.SMS_FAILED] == [1.0] and emf["service"] == "identity"
    assert MOBILE not in json.dumps(emf)

    identity.app(proxy_event("GET", "/health", "/health"), Context())
    assert emf_lines(capsys.readouterr().out) == []               # flushed: nothing carried over


def test_the_outbox_sweep_reports_how_old_its_backlog_is(monkeypatch, capsys, emitting, json_logs, frozen_clock):
    failing_sns(monkeypatch)
    identity.app(proxy_event("POST", "/auth/otp", "/auth/otp", body={"mobile": MOBILE}), Context())
    capsys.readouterr()
    frozen_clock["now"] += timedelta(minutes=4)                  # due for a retry, OTP not yet expired

    assert notify.drain_outbox(SCHEDULED, Context()) == {"sent": 0, "failed": 1, "expired": 0}
    (emf,) = emf_lines(capsys.readouterr().out)
    assert emf[metrics.OUTBOX_OLDEST_AGE] == [240.0]             # queued 4 minutes ago, still unsent
    assert emf[metrics.SMS_FAILED] == [1.0]
    units = {m["Name"]: m["Unit"] for m in emf["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert units[metrics.OUTBOX_OLDEST_AGE] == "Seconds"
    retry = [json.loads(line) for line in json_logs.getvalue().splitlines() if "retry failed" in line]
    assert [line["correlation_id"] for line in retry] == ["evt-42"]   # the scheduled event's id
    assert MOBILE not in json_logs.getvalue()


def test_an_empty_sweep_still_reports_a_zero_backlog(capsys, emitting):
    assert notify.drain_outbox(SCHEDULED, Context()) == {"sent": 0, "failed": 0, "expired": 0}
    (emf,) = emf_lines(capsys.readouterr().out)
    assert emf[metrics.OUTBOX_OLDEST_AGE] == [0.0]                # a datapoint every run: the alarm sees data


def test_locally_metrics_are_counted_but_not_printed(capsys):
    assert get_settings().stage == "local" and not get_settings().emit_metrics
    notify.drain_outbox(SCHEDULED, Context())
    assert emf_lines(capsys.readouterr().out) == [] and metrics.pending() == {}
