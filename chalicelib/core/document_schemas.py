"""Request and response shapes of documents (core.documents), the same in every service's API."""

from __future__ import annotations

from pydantic import Field

from chalicelib.core.masterdata import load
from chalicelib.core.schemas import Model, Strict
from chalicelib.core.types import Text

_DEFAULTS = load("documents")


class UploadRequest(Strict):
    name: Text(200) = Field(description="the file's name, for people (its type is judged by its content)",
                            examples=["annual-report-2025-26.pdf"])
    content_type: str = Field(max_length=100, pattern=r"^[a-z]+/[a-z0-9.+-]+$",
                              json_schema_extra={"enum": _DEFAULTS["types"]},
                              description="declared type; the content's first bytes must agree")
    size: int = Field(ge=1, le=2**31, description=f"bytes (default limit {_DEFAULTS['max_bytes']}, master data)")
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$", description="hex SHA-256 of the exact bytes to upload")


class Upload(Model):
    method: str
    url: str
    headers: dict[str, str]


class UploadTicket(Model):
    document_id: str
    status: str
    expires_at: str
    max_bytes: int
    upload: Upload


class DocumentView(Model):
    document_id: str
    name: str
    content_type: str
    size: int
    sha256: str
    status: str
    declared_at: str
    confirmed_at: str | None
    attached_to: str | None


class DocumentSummary(Model):
    """What the public sees of a filed document."""

    document_id: str
    name: str
    content_type: str
    size: int
    sha256: str
    confirmed_at: str | None


class ReadLink(Model):
    document_id: str
    name: str
    content_type: str
    size: int
    url: str
    expires_at: str


class ReadLogEntry(Model):
    document_id: str
    name: str
    reader: str
    reader_role: str
    at: str


class ReadLogPage(Model):
    items: list[ReadLogEntry]
    next: str | None


class ReadLogQuery(Strict):
    document_id: str | None = Field(None, max_length=40, pattern=r"^[0-9A-Z]{26}$")
    limit: int = Field(50, ge=1, le=200)
    next: str | None = Field(None, max_length=2000)
