"""Reply templates: master data per grievance category, in Hindi and English, which an officer
picks to fill a closing note. Seeded from replies.json; the admin creates and changes them
through core.masterstore (versioned, with history) like the other grievance master data."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from chalicelib.core.auth import Principal, Role
from chalicelib.core.errors import Forbidden, invalid_field
from chalicelib.grievances import store

PREFIX = "REPLY#"
FIELDS = ("name_hi", "name_en", "text_hi", "text_en")


@lru_cache(maxsize=1)
def _defaults() -> dict:
    return json.loads((Path(__file__).parent / "replies.json").read_text(encoding="utf-8"))


def key(category: str, code: str) -> str:
    return f"{PREFIX}{category}#{code}"


def seed_items() -> list[tuple[str, dict]]:
    return [(key(t["category"], t["code"]), {name: t[name] for name in FIELDS}) for t in _defaults()["templates"]]


def listed(who: Principal, category: str | None) -> list[dict]:
    if who.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    prefix = key(category, "") if category else PREFIX
    out = []
    for item in store.master.listed(prefix):
        cat, code = item.sk.removeprefix(PREFIX).split("#", 1)
        out.append({"category": cat, "code": code, **{name: item.data.get(name) for name in FIELDS},
                    "version": int(item.version)})
    return out


def put(actor: str, category: str, code: str, data: dict, version: int | None, note: str) -> dict:
    from chalicelib.grievances import service  # the shared master-data writer (versioned, with history)

    if store.master.one(f"CATEGORY#{category}") is None:
        raise invalid_field("category", f"unknown category '{category}'", "UNKNOWN_CATEGORY", category=category)
    if not (2 <= len(code) <= 40 and code[0].isalpha() and all(c.islower() or c.isdigit() or c == "_" for c in code)):
        raise invalid_field("code", "lower-case letters, digits and _ (2-40)")
    return service.put_config(actor, key(category, code), data, version, note)
