"""Request and response models of the identity service (they generate the OpenAPI)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.core.auth import Level, Role
from chalicelib.core.schemas import Model, Strict
from chalicelib.core.types import Mobile, Otp, Text


class OtpRequest(Strict):
    mobile: Mobile
    lang: Literal["hi", "en"] = "hi"


class OtpSent(Model):
    expires_in: int = Field(description="seconds the OTP stays valid")
    resend_after: int | None = Field(None, description="seconds before another OTP may be asked for (a sooner "
                                                       "request gets 429 with Retry-After)")
    attempts: int | None = Field(None, description="wrong tries allowed for one OTP; a wrong try's 401 carries "
                                                   "error.attempts_left")


class OtpVerify(Strict):
    mobile: Mobile
    otp: Otp


class Session(Model):
    token: str
    expires_in: int
    role: Role


class LoginRequest(Strict):
    username: Text(64)  # type: ignore[valid-type]
    password: Text(256)  # type: ignore[valid-type]


class Challenge(Model):
    challenge_id: str
    expires_in: int
    sent_to: str | None = Field(None, description="masked mobile the OTP went to")


class ChallengeVerify(Strict):
    challenge_id: Text(40)  # type: ignore[valid-type]
    otp: Otp


class ResetRequest(Strict):
    username: Text(64)  # type: ignore[valid-type]


class ResetVerify(Strict):
    challenge_id: Text(40)  # type: ignore[valid-type]
    otp: Otp
    new_password: Text(256, min_length=10)  # type: ignore[valid-type]


class JurisdictionIn(Strict):
    level: Level
    code: str | None = Field(None, max_length=40, description="division or district code; none for state")


class Me(Model):
    subject: str
    role: Role
    name: str | None = None
    jurisdiction: JurisdictionIn | None = None
    mobile: str | None = Field(None, description="masked")


USERNAME = r"^[a-z][a-z0-9._-]{2,39}$"


class UserCreate(Strict):
    username: str = Field(pattern=USERNAME, max_length=40)
    name: Text(120)  # type: ignore[valid-type]
    mobile: Mobile
    role: Literal["officer", "housing_cell", "court", "call_centre", "pacs_operator", "employee",
                  "establishment", "admin"]
    jurisdiction: JurisdictionIn
    note: Text(500) = "account created"  # type: ignore[valid-type]


class UserUpdate(Strict):
    version: int = Field(ge=1, description="the version you read; a stale one gets 409")
    name: Text(120) | None = None  # type: ignore[valid-type]
    mobile: Mobile | None = None
    role: Literal["officer", "housing_cell", "court", "call_centre", "pacs_operator", "employee",
                  "establishment", "admin"] | None = None
    jurisdiction: JurisdictionIn | None = None
    note: Text(500)  # type: ignore[valid-type]


class StatusChange(Strict):
    note: Text(500)  # type: ignore[valid-type]


class UserView(Model):
    username: str
    name: str
    role: Role
    jurisdiction: JurisdictionIn
    mobile: str = Field(description="masked")
    active: bool
    activated: bool = Field(description="a password has been set")
    version: int
    created_at: str


class UserList(Model):
    items: list[UserView]
    next: str | None = None


class UserListQuery(Strict):
    role: Role | None = None
    limit: int = Field(50, ge=1, le=200)
    next: str | None = Field(None, max_length=2000)


class NotificationQuery(Strict):
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)


class NotificationView(Model):
    id: str
    kind: str = Field(description="the SMS template, e.g. GRIEVANCE_FILED")
    text: str = Field(description="exactly the text of the SMS, in the language it was sent in")
    sent_at: str
    read: bool
    read_at: str | None = None


class NotificationList(Model):
    items: list[NotificationView]
    next: str | None = None


class RequestEntry(Model):
    service: Literal["grievance", "lokseva", "registration"]
    reference: str = Field(description="the URN, acknowledgement or receipt number to quote")
    status: str
    title_hi: str | None = None
    title_en: str | None = None
    subject: str | None = Field(None, description="a grievance's own subject")
    created_at: str
    updated_at: str = Field(description="the last change")


class RequestList(Model):
    items: list[RequestEntry]
    next: str | None = None
