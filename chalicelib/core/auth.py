"""Who is calling: roles, jurisdiction, and the signed session token.

The token only proves identity; revocation (deactivated staff) is checked by the identity
service on every request (see identity.public.authenticate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from chalicelib.core import clock, geo
from chalicelib.core.config import get_settings
from chalicelib.core.errors import Forbidden, Unauthorized


class Role(StrEnum):
    CITIZEN = "citizen"
    SOCIETY = "society"
    PACS_OPERATOR = "pacs_operator"
    OFFICER = "officer"
    HOUSING_CELL = "housing_cell"
    COURT = "court"
    CA_FIRM = "ca_firm"
    EMPLOYEE = "employee"
    ESTABLISHMENT = "establishment"   # an office's establishment section: keeps its employees' service books
    CALL_CENTRE = "call_centre"
    ADMIN = "admin"


STAFF_ROLES = {Role.OFFICER, Role.HOUSING_CELL, Role.COURT, Role.CALL_CENTRE, Role.ADMIN,
               Role.PACS_OPERATOR, Role.EMPLOYEE, Role.ESTABLISHMENT}


class Level(StrEnum):
    STATE = "state"
    DIVISION = "division"
    DISTRICT = "district"


@dataclass(frozen=True)
class Jurisdiction:
    level: Level = Level.STATE
    code: str | None = None

    def covers_district(self, district_code: str) -> bool:
        if self.level == Level.STATE:
            return True
        if self.level == Level.DIVISION:
            return geo.division_of(district_code) == self.code
        return self.code == district_code

    def label(self) -> str:
        return "state" if self.level == Level.STATE else f"{self.level.value}:{self.code}"

    def as_dict(self) -> dict:
        return {"level": self.level.value, "code": self.code}

    @classmethod
    def from_dict(cls, data: dict | None) -> Jurisdiction:
        if not data:
            return cls()
        return cls(Level(data.get("level", "state")), data.get("code"))


@dataclass(frozen=True)
class Principal:
    subject: str                  # citizen id, staff username, or society reg_no
    role: Role
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    token_version: int = 0
    token_id: str = ""

    @property
    def is_staff(self) -> bool:
        return self.role != Role.CITIZEN


def require_role(principal: Principal | None, *roles: Role) -> Principal:
    if principal is None:
        raise Unauthorized()
    if principal.role not in roles:
        raise Forbidden("FORBIDDEN_ROLE", role=principal.role.value)
    return principal


def require_district(principal: Principal, district_code: str) -> None:
    if not principal.jurisdiction.covers_district(district_code):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=principal.jurisdiction.label())


def issue_token(principal: Principal, ttl_seconds: int) -> str:
    import jwt  # lazily: PyJWT loads cryptography, which public routes never need

    issued = clock.epoch()
    claims = {
        "sub": principal.subject,
        "role": principal.role.value,
        "jur": principal.jurisdiction.as_dict(),
        "ver": principal.token_version,
        "jti": principal.token_id,
        "iat": issued,
        "exp": issued + ttl_seconds,
        "iss": "sahkar-setu",
    }
    return jwt.encode(claims, get_settings().signing_secret.get_secret_value(), algorithm="HS256")


def decode_token(token: str) -> Principal:
    import jwt

    try:
        claims = jwt.decode(
            token,
            get_settings().signing_secret.get_secret_value(),
            algorithms=["HS256"],
            issuer="sahkar-setu",
            options={"require": ["sub", "role", "exp", "iat"], "verify_iat": False, "verify_exp": False},
            leeway=0,
        )
        if claims["exp"] <= clock.epoch():  # our clock, so tests can move time
            raise jwt.ExpiredSignatureError()
        return Principal(
            subject=claims["sub"],
            role=Role(claims["role"]),
            jurisdiction=Jurisdiction.from_dict(claims.get("jur")),
            token_version=int(claims.get("ver", 0)),
            token_id=claims.get("jti", ""),
        )
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise Unauthorized("TOKEN_INVALID") from exc
