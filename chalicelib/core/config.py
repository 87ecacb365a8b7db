"""Typed settings, read once from the environment of the stage (.chalice/config.json)."""

from __future__ import annotations

import base64
import os
import secrets
from functools import cache, lru_cache

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator


@cache
def _unset_secret(name: str) -> SecretStr:
    """A secret nobody configured: random, made once per process, so a token or key is never a
    constant anyone can read in the code. The local stack and the tests configure theirs
    (stack.env.local_secrets: per install in .local/, per test run); a deployed stage refuses to
    start without its own (Secrets Manager, through the template)."""
    if name == "outbox_key":
        return SecretStr(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    return SecretStr(secrets.token_urlsafe(48))


class Settings(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built on first use, not at import (cold start)

    stage: str = "local"
    region: str = "ap-south-1"
    # Every table, bucket and topic is named "<prefix>-<service>", so stages never share data.
    resource_prefix: str = "sahkar-local"
    # Signs session tokens and pagination cursors; in AWS it comes from Secrets Manager.
    signing_secret: SecretStr = Field(default_factory=lambda: _unset_secret("signing_secret"))
    # Fernet key sealing outbox payloads (mobile numbers and SMS text) at rest.
    outbox_key: SecretStr = Field(default_factory=lambda: _unset_secret("outbox_key"))
    aws_endpoint_url: str | None = None
    log_level: str = "INFO"
    max_body_bytes: int = 64 * 1024
    # The private document bucket (set by the template); locally derived from prefix and account.
    document_bucket: str | None = None

    # OTP and session rules (DOMAIN.md §9); defaults, overridable per stage.
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    otp_min_interval_seconds: int = 60
    otp_window_seconds: int = 900
    otp_max_sends_per_window: int = 3
    citizen_token_ttl_seconds: int = 3600
    staff_token_ttl_seconds: int = 8 * 3600
    password_max_failures: int = 10                 # per username and source, within password_lock_seconds
    password_max_failures_all_sources: int = 100    # per username from anywhere: then only the OTP reset
    password_lock_seconds: int = 900
    sms_max_attempts: int = 8

    # The web client's origin, the only one CORS allows; "*" only on the local stack. Per stage in
    # .chalice/config.json (SAHKAR_CORS_ORIGIN); a deployed stage without one refuses to start.
    cors_origin: str = "*"
    # Observability (core.metrics, core.observe): EMF metrics are printed outside local (locally on
    # request); the X-Ray SDK (subsegments per AWS call) costs cold start, so it is opt-in per stage.
    emit_metrics: bool = False
    trace_aws_calls: bool = False

    @model_validator(mode="after")
    def _real_secrets_outside_local(self) -> Settings:
        for name in ("signing_secret", "outbox_key"):
            if self.stage != "local" and name not in self.model_fields_set:
                raise ValueError(f"{name} must be set for stage {self.stage}")
        if self.stage != "local" and (not self.cors_origin or "*" in self.cors_origin):
            raise ValueError(f"cors_origin (SAHKAR_CORS_ORIGIN) must name the web origin for stage {self.stage}")
        return self

    def table_name(self, service: str) -> str:
        return f"{self.resource_prefix}-{service}"


_ENV_NAMES = {
    "stage": "STAGE",
    "region": "AWS_DEFAULT_REGION",
    "resource_prefix": "RESOURCE_PREFIX",
    "signing_secret": "SIGNING_SECRET",
    "outbox_key": "OUTBOX_KEY",
    "aws_endpoint_url": "AWS_ENDPOINT_URL",
    "log_level": "LOG_LEVEL",
}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    values: dict[str, str] = {}
    for field in Settings.model_fields:
        env_name = _ENV_NAMES.get(field, "SAHKAR_" + field.upper())
        if os.environ.get(env_name):
            values[field] = os.environ[env_name]
    return Settings(**values)


def reset_settings() -> None:
    """Tests change the environment; this forgets the cached settings."""
    get_settings.cache_clear()


__all__ = ["Settings", "get_settings", "reset_settings"]
