"""Issue 13, hole 5: the local stack's token secret was a constant in the code, so anyone could
forge an admin token for a developer's running stack. Now it is made per install (kept in
.local/secrets.json, owner-only), per test run, or per process, and a deployed stage refuses to
start without its own."""

from __future__ import annotations

import os
import stat
import time

import jwt
import pytest

from chalicelib.core import config
from chalicelib.core.auth import decode_token
from chalicelib.core.errors import Unauthorized
from stack import env

OLD_CONSTANT = "local-dev-signing-secret-change-me-0123456789"   # what was in config.py


def _admin_token(secret: str) -> str:
    now = int(time.time())
    claims = {"sub": "admin", "role": "admin", "jur": {"level": "state", "code": None}, "ver": 0, "jti": "x",
              "iat": now, "exp": now + 3600, "iss": "sahkar-setu"}
    return jwt.encode(claims, secret, algorithm="HS256")


def test_a_token_signed_with_the_old_constant_is_refused():
    with pytest.raises(Unauthorized):
        decode_token(_admin_token(OLD_CONSTANT))


def test_the_test_run_uses_a_generated_secret():
    secret = config.get_settings().signing_secret.get_secret_value()
    assert secret == os.environ["SIGNING_SECRET"] and secret != OLD_CONSTANT and len(secret) >= 48


def test_an_unconfigured_local_process_makes_its_own_random_secrets(monkeypatch):
    monkeypatch.delenv("SIGNING_SECRET", raising=False)
    monkeypatch.delenv("OUTBOX_KEY", raising=False)
    config.reset_settings()
    config._unset_secret.cache_clear()
    try:
        first = config.get_settings()
        assert first.signing_secret == config.Settings().signing_secret      # stable within the process
        config._unset_secret.cache_clear()
        assert config.Settings().signing_secret != first.signing_secret        # another process: another
        assert OLD_CONSTANT not in {first.signing_secret.get_secret_value()}
        from cryptography.fernet import Fernet

        Fernet(first.outbox_key.get_secret_value().encode())                   # a usable key
    finally:
        config.reset_settings()


def test_a_deployed_stage_refuses_to_start_without_its_secrets():
    with pytest.raises(ValueError, match="signing_secret must be set"):
        config.Settings(stage="prod", outbox_key="x" * 44)
    with pytest.raises(ValueError, match="outbox_key must be set"):
        config.Settings(stage="prod", signing_secret="y" * 48)
    assert config.Settings(stage="prod", signing_secret="y" * 48, outbox_key="x" * 44,
                           cors_origin="https://sahkar.example.gov.in").stage == "prod"


def test_each_install_keeps_its_own_secrets_in_its_state_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("SIGNING_SECRET", raising=False)
    monkeypatch.delenv("OUTBOX_KEY", raising=False)
    one, two = tmp_path / "one" / ".local", tmp_path / "two" / ".local"
    first = env.local_secrets(one)
    assert env.local_secrets(one) == first                                   # a restart reads them back
    assert env.local_secrets(two)["SIGNING_SECRET"] != first["SIGNING_SECRET"]   # another install
    kept = one / env.SECRETS_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert env.local_aws_env(4566, state_dir=one)["SIGNING_SECRET"] == first["SIGNING_SECRET"]
    monkeypatch.setenv("SIGNING_SECRET", "set-by-the-developer-" + "z" * 30)
    assert env.local_secrets(one)["SIGNING_SECRET"].startswith("set-by-the-developer-")
