"""Response and request shapes shared by every service."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Every schema of the API. Validators are built on first use, not at import, so a cold
    Lambda builds only the models its first request needs."""

    model_config = ConfigDict(defer_build=True)


class Strict(Model):
    """Request bodies and queries: unknown fields are refused, naming the field."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class HistoryEntry(Model):
    seq: int
    at: str
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    note: str
    data: dict
    prev_hash: str
    hash: str


class HistoryView(Model):
    items: list[HistoryEntry]
    chain_valid: bool


class Health(Model):
    status: str
    service: str
    stage: str
