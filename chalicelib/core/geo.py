"""The jurisdiction tree: state -> 10 divisions -> 55 districts (master data)."""

from __future__ import annotations

from functools import lru_cache

from chalicelib.core.masterdata import load


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, dict], dict[str, dict]]:
    data = load("geo")
    return ({d["code"]: d for d in data["divisions"]}, {d["code"]: d for d in data["districts"]})


def divisions() -> list[dict]:
    return list(_index()[0].values())


def districts(division: str | None = None) -> list[dict]:
    return [d for d in _index()[1].values() if division is None or d["division"] == division]


def district(code: str) -> dict | None:
    return _index()[1].get(code)


def division(code: str) -> dict | None:
    return _index()[0].get(code)


def is_district(code: str) -> bool:
    return code in _index()[1]


def is_division(code: str) -> bool:
    return code in _index()[0]


def division_of(district_code: str) -> str | None:
    found = district(district_code)
    return found["division"] if found else None


@lru_cache(maxsize=1)
def society_types() -> dict[str, dict]:
    return {t["code"]: t for t in load("society_types")["types"]}
