"""Logging: Powertools JSON logs in AWS, plain lines locally. Personal data never reaches a log
(mobiles are masked by core.notify.mask; OTPs, tokens and passwords are never passed in; no
request or event body is ever logged, and Powertools' log_event stays off).

Each invocation's lines carry `correlation_id` (the API Gateway request id, or the scheduled
event's id) and the Lambda request id, so one request's lines can be found together
(core.observe sets them).
"""

from __future__ import annotations

import logging
import os
from typing import Any, TextIO

from chalicelib.core.config import get_settings

LOGGER_NAME = "sahkar"     # every module logs to "sahkar.<part>", which propagates here
_json: Any = None          # the Powertools Logger, once configured


def configure(stream: TextIO | None = None) -> None:
    """Local: plain lines. Elsewhere: Powertools structured JSON on the "sahkar" logger."""
    global _json
    settings = get_settings()
    if settings.stage == "local" and stream is None:
        logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s %(message)s")
        return
    if _json is not None and stream is None:
        return
    from aws_lambda_powertools import Logger

    # The logger is named "sahkar" (so "sahkar.*" propagate to it); the `service` key says which function.
    _json = Logger(service=LOGGER_NAME, level=settings.log_level, stream=stream)
    _json.append_keys(service=os.environ.get("POWERTOOLS_SERVICE_NAME") or LOGGER_NAME, stage=settings.stage)


def correlate(correlation_id: str | None, lambda_request_id: str | None = None) -> None:
    """Tag the lines of this invocation (no-op with plain local logging)."""
    if _json is None:
        return
    _json.set_correlation_id(correlation_id)
    if lambda_request_id:
        _json.append_keys(function_request_id=lambda_request_id)
    else:
        _json.remove_keys(["function_request_id"])
