"""Pure rules of the reports: fortnights, e-PACS conversion, and the review's sections.

No AWS here: figures come in as plain dicts (district -> metric -> number).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

FORTNIGHT = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<half>[12])$")
TREND_FORTNIGHTS = 6


@dataclass(frozen=True, order=True)
class Fortnight:
    """The 1st–15th (half 1) or the 16th–last day (half 2) of a month: "2025-11-1"."""

    year: int
    month: int
    half: int

    @classmethod
    def parse(cls, text: str) -> Fortnight:
        match = FORTNIGHT.match(text or "")
        if not match:
            raise ValueError("expected YYYY-MM-1 (1st–15th) or YYYY-MM-2 (16th–month end)")
        year, month, half = int(match["year"]), int(match["month"]), int(match["half"])
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise ValueError("month 01–12 of a year between 2000 and 2100")
        return cls(year, month, half)

    @classmethod
    def containing(cls, day: date) -> Fortnight:
        return cls(day.year, day.month, 1 if day.day <= 15 else 2)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1 if self.half == 1 else 16)

    @property
    def last(self) -> date:
        end = 15 if self.half == 1 else calendar.monthrange(self.year, self.month)[1]
        return date(self.year, self.month, end)

    def previous(self) -> Fortnight:
        return Fortnight.containing(self.first - timedelta(days=1))

    def label(self) -> str:
        return f"{self.year}-{self.month:02d}-{self.half}"

    def short(self) -> str:
        """For chart axes: "1–15 Nov" style, digits only so it reads in both languages."""
        return f"{self.first.day:02d}-{self.last.day:02d}/{self.month:02d}"


def trend_window(fortnight: Fortnight, count: int = TREND_FORTNIGHTS) -> list[Fortnight]:
    """The `count` fortnights ending with this one, oldest first."""
    window = [fortnight]
    while len(window) < count:
        window.append(window[-1].previous())
    return list(reversed(window))


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


# --- e-PACS conversion ------------------------------------------------------------------------

def epacs_row(roster: list[dict], statuses: dict[str, dict], as_of: date | None = None) -> dict:
    """One district's conversion: every PACS of the registry, onboarded or still pending.

    roster: the district's PACS from the registry; statuses: reg_no -> status record. A PACS
    counts as onboarded from its onboarding date (so past fortnights can be recounted)."""
    onboarded, pending = [], []
    audit_on_portal = csc = 0
    for pacs in roster:
        status = statuses.get(pacs["reg_no"]) or {}
        on = status.get("epacs_onboarded_on")
        if on and (as_of is None or date.fromisoformat(on) <= as_of):
            onboarded.append(pacs["reg_no"])
        else:
            pending.append({"reg_no": pacs["reg_no"], "name_hi": pacs["name_hi"], "name_en": pacs["name_en"]})
        audit_on_portal += bool(status.get("audit_on_portal"))
        csc += bool(status.get("csc_id"))
    total = len(roster)
    return {"total": total, "onboarded": len(onboarded), "pending": len(pending),
            "percent": percent(len(onboarded), total), "audit_on_portal": audit_on_portal,
            "service_centres": csc, "pending_pacs": pending}


def sum_rows(rows: list[dict], keys: tuple[str, ...]) -> dict:
    return {key: sum(int(row.get(key, 0)) for row in rows) for key in keys}
