"""The shapes of a service's application form and document list (master data, in the catalogue):
the web client renders them and the server validates answers with the same definitions
(lokseva/forms.py)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from chalicelib.core.schemas import Strict
from chalicelib.core.types import Text

FIELD_NAME = r"^[a-z][a-z0-9_]{1,39}$"
FieldName = Annotated[str, Field(pattern=FIELD_NAME, max_length=40, examples=["annual_income"])]
FieldType = Literal["text", "textarea", "number", "date", "choice"]


class Choice(Strict):
    value: Annotated[str, Field(pattern=FIELD_NAME, max_length=40)]
    label_hi: Text(120)  # type: ignore[valid-type]
    label_en: Text(120)  # type: ignore[valid-type]


class FormField(Strict):
    """One question on a service's form. Limits apply by type: text/textarea `max_length`
    (and optional `pattern`), number `minimum`/`maximum` (and `step`), choice `options`."""

    name: FieldName
    type: FieldType
    label_hi: Text(120)  # type: ignore[valid-type]
    label_en: Text(120)  # type: ignore[valid-type]
    help_hi: Text(200) | None = None  # type: ignore[valid-type]
    help_en: Text(200) | None = None  # type: ignore[valid-type]
    required: bool = True
    max_length: int | None = Field(None, ge=1, le=2000)
    pattern: str | None = Field(None, max_length=100)
    minimum: float | None = None
    maximum: float | None = None
    step: str | None = Field(None, pattern=r"^(1|0\.1|0\.01)$", description="number: 1 (whole numbers, default), "
                                                                            "0.1 or 0.01")
    options: list[Choice] | None = Field(None, max_length=50)

    @model_validator(mode="after")
    def _limits(self) -> FormField:
        if self.type == "choice" and not self.options:
            raise ValueError("a choice needs options")
        if self.type in ("text", "textarea") and self.max_length is None:
            raise ValueError("text needs max_length")
        if self.type == "number" and (self.minimum is None or self.maximum is None or self.minimum > self.maximum):
            raise ValueError("a number needs minimum <= maximum")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern is not a regular expression: {exc}") from None
        return self


class DocumentDef(Strict):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,59}$", max_length=60)]
    name_hi: Text(120)  # type: ignore[valid-type]
    name_en: Text(120)  # type: ignore[valid-type]
    required: bool = True


class AttachedDocument(Strict):
    """A document uploaded through POST /lokseva/documents (and confirmed), for one of the
    service's listed documents."""

    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,59}$", max_length=60, examples=["aadhaar"])]
    document_id: Annotated[str, Field(pattern=r"^[0-9A-HJKMNP-TV-Z]{26}$", examples=["01JH3Z6W9Q4T8V2X5Y7B1C3D4E"])]


FormValue = Annotated[str, Field(max_length=2000)] | int | float
