"""Logging: Powertools JSON logs in AWS, plain lines locally. Personal data never reaches a log
(mobiles are masked by core.notify.mask; OTPs, tokens and passwords are never passed in)."""

from __future__ import annotations

import logging

from chalicelib.core.config import get_settings


def configure() -> None:
    settings = get_settings()
    if settings.stage == "local":
        logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s %(message)s")
        return
    from aws_lambda_powertools import Logger

    # Powertools attaches its JSON handler to the "sahkar" logger; "sahkar.*" loggers propagate to it.
    Logger(service="sahkar", level=settings.log_level)
