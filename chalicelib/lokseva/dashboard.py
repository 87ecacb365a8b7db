"""GET /lokseva/dashboard: received, disposed in time, disposed late, pending beyond time and
penalties per department, service, district or office, read from counters kept with every
change (one query per request), never by reading applications.

"Pending beyond time" counts applications the sweep has sent to appeal undecided (it runs
every 15 minutes, so the figure trails the clock by at most that). "Penalties" are those fixed
at a late first decision; the growing penalty of a still-pending application is shown on the
application itself.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.errors import Forbidden
from chalicelib.lokseva import domain, store

FIELDS = (("received", "received"), ("disposed_in_time", "in_time"), ("disposed_late", "late"),
          ("pending_beyond_time", "overdue_pending"))


def _row(key: str, stat: store.StatItem | None) -> dict:
    row = {name: int(getattr(stat, attr) or 0) if stat else 0 for name, attr in FIELDS}
    row.update(key=key, penalties=domain.from_paise(int(stat.penalty_paise or 0) if stat else 0))
    return row


def dashboard(who: Principal, query: Any) -> dict:
    if who.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    stats = store.stats(f"STAT#{query.by}")
    if query.by == "district":
        stats = [s for s in stats if who.jurisdiction.covers_district(s.sk)]
    elif who.jurisdiction.level != Level.STATE:
        # figures across districts belong to state-level staff; others group by district
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    rows = [_row(s.sk, s) for s in sorted(stats, key=lambda s: s.sk)]
    totals = _row("total", None)
    for row in rows:
        for name, _ in FIELDS:
            totals[name] += row[name]
        totals["penalties"] += row["penalties"]
    return {"by": query.by, "rows": rows, "totals": totals}
