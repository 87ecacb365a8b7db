"""Business metrics as CloudWatch Embedded Metric Format (EMF) lines, one namespace per stage.

`count("GrievancesFiled")` where the thing happens; `core.observe` flushes once per invocation,
so each Lambda invocation prints at most one EMF line per 100 metrics and CloudWatch turns it into
metrics (no PutMetricData call, no extra latency). Powertools is imported on first use only.

Locally (stage `local`) metrics are counted and dropped unless SAHKAR_EMIT_METRICS is set, so the
local stack's console stays readable; tests set it to read the EMF output.
"""

from __future__ import annotations

import os
from typing import Any

from chalicelib.core.config import get_settings

# The metrics the application emits; alarms and dashboards refer to these names (infra.observability).
GRIEVANCES_FILED = "GrievancesFiled"
GRIEVANCES_ESCALATED = "GrievancesEscalated"
APPLICATIONS_DECIDED = "ApplicationsDecided"
SMS_SENT = "SmsSent"
SMS_FAILED = "SmsFailed"
LEDGERS_PROCESSED = "LedgersProcessed"
OUTBOX_OLDEST_AGE = "OutboxOldestAgeSeconds"     # the oldest unsent SMS the outbox sweep found due

_pending: dict[str, tuple[str, float]] = {}      # name -> (unit, value) since the last flush


def namespace() -> str:
    """One namespace per stage (e.g. sahkar-prod), so two stages in one account never mix."""
    return get_settings().resource_prefix


def service() -> str:
    return os.environ.get("POWERTOOLS_SERVICE_NAME") or "sahkar"


def count(name: str, value: float = 1) -> None:
    if value:
        _add(name, "Count", value)


def gauge_seconds(name: str, value: float) -> None:
    """A duration that should stay small; several in one invocation keep the largest."""
    unit, old = _pending.get(name, ("Seconds", 0.0))
    _pending[name] = (unit, max(old, float(value)))


def _add(name: str, unit: str, value: float) -> None:
    _, old = _pending.get(name, (unit, 0.0))
    _pending[name] = (unit, old + float(value))


def pending() -> dict[str, float]:
    return {name: value for name, (_, value) in _pending.items()}


def _emitting() -> bool:
    settings = get_settings()
    return settings.stage != "local" or bool(settings.emit_metrics)


def flush() -> None:
    """Print what was counted since the last flush as one EMF document (nothing if nothing was)."""
    if not _pending:
        return
    taken = dict(_pending)
    _pending.clear()
    if not _emitting():
        return
    from aws_lambda_powertools import Metrics

    emf: Any = Metrics(namespace=namespace(), service=service())
    for name, (unit, value) in sorted(taken.items()):
        emf.add_metric(name=name, unit=unit, value=value)
    emf.flush_metrics()
