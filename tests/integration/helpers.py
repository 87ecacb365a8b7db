"""Sign-in helpers for integration tests: real flows through the API, SMS read back from moto."""

from __future__ import annotations

from chalicelib.core.auth import Level, Role
from stack.bootstrap import DEMO_PASSWORD

PASSWORD = DEMO_PASSWORD


def make_staff(username: str, role: Role = Role.OFFICER, level: Level = Level.DISTRICT, code: str | None = "bhopal",
               mobile: str = "9111111111", password: str = PASSWORD) -> str:
    """An active staff account with a password (as if activated), written through identity."""
    from chalicelib.identity import passwords, service, store

    user, entry, _ = service.new_account("test", username, username.title(), mobile, role, level, code, "test")
    user.password_hash = passwords.hash_password(password)
    assert store.create_user(user, entry, [])
    return username


def staff_token(client, sms, username: str, mobile: str, password: str = PASSWORD) -> str:
    r = client.post("/auth/login", {"username": username, "password": password})
    assert r.status == 200, r
    r = client.post("/auth/login/verify", {"challenge_id": r.json["challenge_id"], "otp": sms.last_otp(mobile)})
    assert r.status == 200, r
    return r.json["token"]


def officer(client, sms, username: str, level: Level = Level.DISTRICT, code: str | None = "bhopal",
            mobile: str = "9111111111", role: Role = Role.OFFICER) -> str:
    """Create a staff account and sign it in; returns the token."""
    make_staff(username, role, level, code, mobile)
    return staff_token(client, sms, username, mobile)


def citizen_token(client, sms, mobile: str = "9876543210") -> str:
    r = client.post("/auth/otp", {"mobile": mobile})
    assert r.status == 202, r
    r = client.post("/auth/otp/verify", {"mobile": mobile, "otp": sms.last_otp(mobile)})
    assert r.status == 200, r
    return r.json["token"]
