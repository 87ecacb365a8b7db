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


# --- reference numbers citizens read out and keep --------------------------------------------
# One family for every service: 10 digits = the service's digit, 8 random digits, a Luhn check
# digit. The first digit is never 0 and never 6-9, so a reference cannot be taken for a mobile
# number (Indian mobiles start with 6-9). Shown grouped 1-4-5: "2 0261 20345".

REFERENCE_DIGITS = 10
SERVICE_DIGIT = {"grievance": "2", "lokseva": "3"}


def reference_number(service: str, random_below_100m: int) -> str:
    body = SERVICE_DIGIT[service] + f"{random_below_100m % 100_000_000:08d}"
    return body + luhn_check_digit(body)


def plain_reference(text: str) -> str:
    """What was typed or read out, without the spaces and hyphens of its grouping."""
    return "".join(ch for ch in (text or "") if ch not in " -\u00a0")


def is_reference(text: str, service: str) -> bool:
    return (len(text) == REFERENCE_DIGITS and text[:1] == SERVICE_DIGIT[service]
            and is_luhn_valid(text))


def grouped(number: str) -> str:
    """"2026120345" -> "2 0261 20345"; other lengths (older numbers) in groups of four from the left."""
    if len(number) == REFERENCE_DIGITS:
        return f"{number[0]} {number[1:5]} {number[5:]}"
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))
