"""Response and request shapes shared by every service."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Request bodies and queries: unknown fields are refused, naming the field."""

    model_config = ConfigDict(extra="forbid")


class HistoryEntry(BaseModel):
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


class HistoryView(BaseModel):
    items: list[HistoryEntry]
    chain_valid: bool


class Health(BaseModel):
    status: str
    service: str
    stage: str
