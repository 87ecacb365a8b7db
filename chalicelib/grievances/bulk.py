"""Bulk actions: one step and one note for up to MAX_ITEMS grievances.

Each grievance goes through exactly the single action's use case (service.act): the same role,
jurisdiction, assignment, level and state checks, its own history entry, SMS and counters, in
its own transaction. So an item either changed completely or not at all, and the answer lists
each item's result (done, or refused with the reason in the caller's language).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from chalicelib.core import i18n
from chalicelib.core.auth import Principal
from chalicelib.core.errors import AppError, invalid_field
from chalicelib.grievances import desk_messages, service  # noqa: F401 - desk_messages registers texts

MAX_ITEMS = 50
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _One:
    """What service.act reads from a request body, for one item."""

    action: str
    note: str
    reason: str | None = None
    office: str | None = None
    district: str | None = None
    version: int | None = None


def act_on_many(who: Principal, body: object, lang: str) -> dict:
    urns: list[str] = list(body.urns)
    if len(urns) > MAX_ITEMS:
        raise invalid_field("urns", f"at most {MAX_ITEMS} grievances at a time", "BULK_TOO_MANY", limit=MAX_ITEMS)
    if len(set(urns)) != len(urns):
        raise invalid_field("urns", "a grievance is listed twice")
    for index, urn in enumerate(urns):
        if not service.domain.is_urn(urn):
            raise invalid_field(f"urns.{index}", "a grievance number has 10 digits; check the number", "URN_INVALID")
    one = _One(body.action, body.note, body.reason, body.office, body.district)
    results = []
    for urn in urns:
        try:
            view = service.act(who, urn, one)
        except AppError as error:
            results.append({"urn": urn, "ok": False, "status_code": error.status,
                            "error": {"code": error.code,
                                      "message": i18n.translate(error.code, lang, **error.params)}})
            continue
        except Exception as exc:   # one item's failure must not hide the others' results
            log.exception("bulk action failed on one item", extra={"error_type": type(exc).__name__})
            results.append({"urn": urn, "ok": False, "status_code": 500,
                            "error": {"code": "INTERNAL", "message": i18n.translate("INTERNAL", lang)}})
            continue
        results.append({"urn": urn, "ok": True, "status_code": 200, "status": view["status"],
                        "level": view["level"], "version": view["version"]})
    done = sum(1 for r in results if r["ok"])
    return {"action": body.action, "total": len(results), "done": done, "refused": len(results) - done,
            "results": results}
