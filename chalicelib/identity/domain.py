"""Identity rules, pure Python: OTP life and limits, password policy, who may hold which role.

No boto3, no pynamodb: the store hands in state, these functions decide.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from chalicelib.core import geo
from chalicelib.core.auth import Jurisdiction, Level, Role
from chalicelib.core.config import Settings
from chalicelib.core.errors import RateLimited, Unauthorized, invalid_field


@dataclass(frozen=True)
class OtpRules:
    ttl: int
    max_attempts: int
    min_interval: int
    window: int
    max_sends: int

    @classmethod
    def from_settings(cls, s: Settings) -> OtpRules:
        return cls(s.otp_ttl_seconds, s.otp_max_attempts, s.otp_min_interval_seconds,
                   s.otp_window_seconds, s.otp_max_sends_per_window)


def next_sends(sends: list[int], now: int, rules: OtpRules) -> list[int]:
    """The send log after one more OTP, or RateLimited (1 per interval, N per window)."""
    recent = sorted(t for t in sends if t > now - rules.window)
    if recent and now - recent[-1] < rules.min_interval:
        raise RateLimited(rules.min_interval - (now - recent[-1]))
    if len(recent) >= rules.max_sends:
        raise RateLimited(recent[0] + rules.window - now)
    return recent + [now]


def _pepper(secret: str) -> bytes:
    return hashlib.sha256(("otp-pepper:" + secret).encode()).digest()


def mobile_key(secret: str, mobile: str) -> str:
    """A stable, non-reversible key for a mobile number (keys never hold the number itself)."""
    return hmac.new(_pepper(secret), ("mobile:" + mobile).encode(), hashlib.sha256).hexdigest()[:40]


def otp_digest(secret: str, purpose: str, subject: str, otp: str) -> str:
    """OTPs are stored only as a keyed hash: a leaked table cannot be brute-forced offline."""
    return hmac.new(_pepper(secret), f"{purpose}:{subject}:{otp}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class OtpState:
    digest: str
    expires_at: int
    attempts: int
    used: bool


def ensure_usable(state: OtpState | None, now: int, rules: OtpRules, code: str = "OTP_INVALID") -> OtpState:
    """Before counting a try: the OTP must exist, be live, unused, and not locked."""
    if state is None or state.used or now >= state.expires_at:
        raise Unauthorized(code)
    if state.attempts >= rules.max_attempts:
        raise Unauthorized("OTP_LOCKED", attempts_left=0)
    return state


def matches(state: OtpState, given_digest: str) -> bool:
    return hmac.compare_digest(state.digest, given_digest)


# --- passwords and accounts ----------------------------------------------------------------

def check_password_policy(password: str, username: str) -> None:
    problems = []
    if len(password) < 10:
        problems.append("at least 10 characters")
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problems.append("letters and digits")
    if username.lower() in password.lower():
        problems.append("must not contain the username")
    if problems:
        raise invalid_field("new_password", "password needs " + ", ".join(problems))


def failure_key(secret: str, username: str, source: str | None) -> str:
    """The key of a failure log: a username from one source (network address), or from anywhere
    (source None). Keyed hashes: the table never holds addresses, nor usernames someone guessed."""
    scope = f"login:{username}:{source}" if source is not None else f"login:{username}"
    return "FAILS#" + hmac.new(_pepper(secret), scope.encode(), hashlib.sha256).hexdigest()[:40]


def is_locked(times: list[int], now: int, max_failures: int, window: int) -> bool:
    """Paused while `max_failures` or more failures fall within the last `window` seconds."""
    return sum(1 for t in times if t > now - window) >= max_failures


# Which jurisdiction levels each staff role may hold.
ROLE_LEVELS: dict[Role, set[Level]] = {
    Role.ADMIN: {Level.STATE},
    Role.CALL_CENTRE: {Level.STATE},
    Role.OFFICER: {Level.STATE, Level.DIVISION, Level.DISTRICT},
    Role.HOUSING_CELL: {Level.STATE, Level.DIVISION},
    Role.COURT: {Level.STATE, Level.DIVISION, Level.DISTRICT},
    Role.PACS_OPERATOR: {Level.DISTRICT},
    Role.EMPLOYEE: {Level.STATE, Level.DIVISION, Level.DISTRICT},
    Role.ESTABLISHMENT: {Level.STATE, Level.DIVISION, Level.DISTRICT},
    Role.SOCIETY: {Level.DISTRICT},
    Role.CA_FIRM: {Level.STATE},     # a chartered accountants' firm audits anywhere in the state
}


def validate_jurisdiction(role: Role, level: Level, code: str | None) -> Jurisdiction:
    if level not in ROLE_LEVELS.get(role, set()):
        allowed = ", ".join(sorted(lv.value for lv in ROLE_LEVELS.get(role, set())))
        raise invalid_field("jurisdiction.level", f"role {role.value} may hold only: {allowed}")
    if level == Level.STATE:
        return Jurisdiction(Level.STATE, None)
    if level == Level.DIVISION:
        if not code or not geo.is_division(code):
            raise invalid_field("jurisdiction.code", f"unknown division '{code}'")
        if role == Role.HOUSING_CELL and not geo.division(code)["housing_cell"]:
            raise invalid_field("jurisdiction.code", f"division '{code}' has no housing monitoring cell")
    if level == Level.DISTRICT and (not code or not geo.is_district(code)):
        raise invalid_field("jurisdiction.code", f"unknown district '{code}'")
    return Jurisdiction(level, code)
