"""Per-invocation observability for a Chalice app: correlation id on every log line, business
metrics flushed once per invocation (core.metrics), and optional X-Ray subsegments.

`instrument(app)` registers one Chalice middleware for every event type (HTTP and scheduled).
Active tracing itself is switched on in the template (Lambda, API Gateway, Step Functions) and
costs no import here; the X-Ray SDK (Powertools Tracer, which patches botocore so every DynamoDB,
S3 and SNS call becomes a subsegment) costs ~0.1-1 s of cold start, so it is created lazily on
the first invocation and only where SAHKAR_TRACE_AWS_CALLS is set.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from chalicelib.core import logs, metrics
from chalicelib.core.config import get_settings

logger = logging.getLogger("sahkar.observe")
_tracer: Any = None
_tracer_tried = False


def correlation_of(event: Any) -> tuple[str | None, str | None]:
    """(correlation id, Lambda request id) of a Chalice event: API Gateway's request id for HTTP
    (the id API Gateway writes in its access log too), the EventBridge event id for schedules."""
    context = getattr(event, "lambda_context", None)
    if context is None and not isinstance(getattr(event, "context", None), dict):
        context = getattr(event, "context", None)
    lambda_id = getattr(context, "aws_request_id", None)
    request_context = getattr(event, "context", None)
    if isinstance(request_context, dict) and request_context.get("requestId"):
        return request_context["requestId"], lambda_id
    return getattr(event, "event_id", None) or lambda_id, lambda_id


def tracer() -> Any:
    """The Powertools Tracer if this stage asks for AWS-call subsegments, else None (created once)."""
    global _tracer, _tracer_tried
    if not _tracer_tried:
        _tracer_tried = True
        if get_settings().trace_aws_calls and get_settings().stage != "local":
            try:
                from aws_lambda_powertools import Tracer

                _tracer = Tracer(service=metrics.service(), patch_modules=["botocore"])
            except ImportError:   # the SDK is not in this artifact: traces keep Lambda's own segments
                logger.warning("X-Ray SDK not available; AWS calls are not traced as subsegments")
    return _tracer


def middleware(event: Any, get_response: Callable[[Any], Any]) -> Any:
    correlation_id, lambda_id = correlation_of(event)
    logs.correlate(correlation_id, lambda_id)
    tracer()   # patches botocore on the first invocation, where asked for
    try:
        return get_response(event)
    finally:
        metrics.flush()


def instrument(app: Any) -> Any:
    app.register_middleware(middleware, "all")
    return app
