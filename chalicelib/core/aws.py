"""boto3 clients, created on first use (never at import) and reused across invocations."""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib.core.config import get_settings


@cache
def client(service: str) -> Any:
    import boto3

    settings = get_settings()
    return boto3.client(service, region_name=settings.region, endpoint_url=settings.aws_endpoint_url)


def reset_clients() -> None:
    client.cache_clear()
