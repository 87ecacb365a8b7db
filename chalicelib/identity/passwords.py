"""Passwords are stored only as Argon2id hashes (a slow, memory-hard KDF).

argon2 is imported on first use: only sign-in and password changes need it, not every route
of every function that checks a session.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()  # RFC 9106 low-memory profile: t=3, m=64 MiB, p=4


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists or has a password, so timing tells nothing."""
    from argon2.exceptions import InvalidHashError, VerificationError

    target = stored_hash or _dummy_hash()
    try:
        ok = _hasher().verify(target, password)
    except (VerificationError, InvalidHashError):
        ok = False
    return ok and stored_hash is not None


@cache
def _dummy_hash() -> str:
    return _hasher().hash("no-such-account-placeholder")
