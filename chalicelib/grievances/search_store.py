"""The officers' search over grievances: one Query per page on a key or index (store.py's table).

Each plan names the index whose key carries the most selective filter; the remaining filters
are a FilterExpression on that same Query (a page may then hold fewer rows, with a `next`).
Nothing here scans, and nothing filters a page after it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.core.listing import one_page
from chalicelib.grievances import domain
from chalicelib.grievances.store import GrievanceItem

G = GrievanceItem


@dataclass(frozen=True)
class Plan:
    """What to read: `index` and its hash `key`; `filed` (low, high) or `due` (low, high) as the
    range condition when the index sorts by it; the rest are filters."""

    index: str
    key: str
    filed: tuple[str, str] | None = None
    due: tuple[str, str] | None = None
    newest_first: bool = True
    filters: dict[str, object] = field(default_factory=dict)


_INDEXES = {
    "s_district": G.s_district_index, "s_status": G.s_status_index, "s_category": G.s_category_index,
    "s_level": G.s_level_index, "s_office": G.s_office_index, "s_society": G.s_society_index,
    "s_tail": G.s_tail_index, "s_due": G.s_due_index, "by_owner": G.by_owner, "by_assignee": G.by_assignee,
}


def _range(plan: Plan):
    if plan.index == "by_assignee":                                    # the inbox: active, nearest limit first
        return G.inbox_sort.startswith("1#")
    if plan.index == "by_owner":
        return G.created_at.between(*plan.filed) if plan.filed else None
    if plan.index == "s_due":
        return G.s_due.between(*plan.due) if plan.due else None
    return G.s_filed.between(*plan.filed) if plan.filed else None


def _filter(filters: dict[str, object]):
    conditions = []
    for name, value in filters.items():
        if name == "filed":
            conditions.append(G.created_at.between(*value))          # type: ignore[misc]
        elif name == "due":                                            # active and due in the window
            low, high = value                                          # type: ignore[misc]
            conditions.append(G.due_at.between(low, high) & G.status.is_in(*sorted(domain.ACTIVE)))
        elif name == "urn_digits":
            conditions.append(G.urn.contains(str(value)))
        elif name == "level":
            conditions.append(G.level == int(value))                  # type: ignore[arg-type]
        else:
            conditions.append(getattr(G, name) == value)
    combined = None
    for condition in conditions:
        combined = condition if combined is None else combined & condition
    return combined


def search(plan: Plan, limit: int, start: dict | None) -> tuple[list[GrievanceItem], dict | None]:
    """One Query: at most `limit` items evaluated, and where to go on."""
    results = _INDEXES[plan.index].query(plan.key, _range(plan), filter_condition=_filter(plan.filters),
                                         scan_index_forward=not plan.newest_first, last_evaluated_key=start,
                                         page_size=limit)
    return one_page(GrievanceItem, results)
