"""Identifiers: ULIDs for records, readable reference numbers for citizens."""

from __future__ import annotations

import secrets

from ulid import ULID


def new_id() -> str:
    return str(ULID())


def otp_code(digits: int = 6) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(digits))


def luhn_check_digit(number: str) -> str:
    """Check digit so a reference number mistyped over the phone is caught at once."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def is_luhn_valid(number: str) -> bool:
    return number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def society_reg_no(district_short: str, year: int, seq: int) -> str:
    return f"{district_short}-{year}-{seq:05d}"
