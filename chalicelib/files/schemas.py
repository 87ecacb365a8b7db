"""Request and response models of the files service (they generate the OpenAPI)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from chalicelib.core.schemas import HistoryEntry, Model, Strict
from chalicelib.core.types import Text
from chalicelib.files import domain

Status = Literal[domain.STATUSES]  # type: ignore[valid-type]
Action = Literal[domain.ACTIONS]  # type: ignore[valid-type]
SECTION = r"^[A-Z]{2,5}$"
USERNAME = r"^[a-z][a-z0-9._-]{2,39}$"
FILE_NO = r"^[A-Z]{2,5}-\d{4}-\d{4,6}$"


class CreateFile(Strict):
    section: str = Field(pattern=SECTION, max_length=5, description="section code, see GET /files/sections")
    subject: Text(200)  # type: ignore[valid-type]
    reference: Text(100) | None = Field(None, description="e.g. the letter or order that opened it")  # type: ignore[valid-type]
    note: Text(1000) | None = None  # type: ignore[valid-type]


class FileAction(Strict):
    action: Action = Field(description="move (to another officer), return (to the sender), dispose, archive")
    version: int = Field(ge=1, le=1_000_000, description="the version read; a stale one gets 409")
    note: Text(1000)  # type: ignore[valid-type]
    to: str | None = Field(None, pattern=USERNAME, max_length=40, description="move: the receiving officer")


class FileView(Model):
    file_no: str
    section: str
    subject: str
    reference: str | None
    status: Status
    holder: str = Field(description="the officer who has the file now")
    holder_since: str
    sent_by: str | None
    last_note: str | None
    created_by: str
    created_at: str
    updated_at: str
    disposed_at: str | None
    archived_at: str | None
    moves: int
    age_days: int
    days_with_holder: int
    version: int


class Movements(Model):
    file_no: str
    items: list[HistoryEntry]
    chain_valid: bool


class PendencyQuery(Strict):
    officer: str | None = Field(None, pattern=USERNAME, max_length=40)
    section: str | None = Field(None, pattern=SECTION, max_length=5)

    @model_validator(mode="after")
    def _one(self) -> PendencyQuery:
        if (self.officer is None) == (self.section is None):
            raise ValueError("give exactly one of officer or section")
        return self


class PendingRow(Model):
    file_no: str
    section: str
    subject: str
    holder: str
    holder_since: str
    sent_by: str | None
    created_at: str
    age_days: int
    days_with_holder: int


class Bands(Model):
    total: int
    bands: dict[str, int] = Field(description="files by days with their holder")
    oldest_days: int


class GroupBands(Bands):
    key: str


class Pendency(Model):
    officer: str | None
    section: str | None
    as_of: str
    bands: list[str]
    summary: Bands
    groups: list[GroupBands] = Field(description="a section's pendency per officer")
    items: list[PendingRow]


class Section(Model):
    code: str
    name_hi: str
    name_en: str
    version: int


class SectionUpsert(Strict):
    name_hi: Text(100)  # type: ignore[valid-type]
    name_en: Text(100)  # type: ignore[valid-type]
    version: int | None = Field(None, ge=1, le=1_000_000, description="absent to create; the version read to change")
    note: Text(500) = "master data"  # type: ignore[valid-type]


class SettingsData(Model):
    age_bands: list[int]


class SettingsView(Model):
    data: SettingsData
    version: int
    updated_at: str
    updated_by: str


class SettingsUpdate(Strict):
    age_bands: list[int] = Field(min_length=1, max_length=6, description="upper ends of the age bands in days, "
                                                                       "increasing, e.g. [7, 15, 30]")
    version: int = Field(ge=1, le=1_000_000)
    note: Text(500) = "settings"  # type: ignore[valid-type]

    @field_validator("age_bands")
    @classmethod
    def _increasing(cls, bands: list[int]) -> list[int]:
        if any(b < 1 or b > 3650 for b in bands) or any(a >= b for a, b in zip(bands, bands[1:], strict=False)):
            raise ValueError("increasing whole days from 1 to 3650")
        return bands
