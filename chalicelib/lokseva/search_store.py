"""Officers' search over guaranteed-service applications: one Query per page (store.py's s_* indexes)."""

from __future__ import annotations

from chalicelib.core.listing import one_page
from chalicelib.lokseva.store import ApplicationItem

A = ApplicationItem
_INDEXES = {"s_district": A.s_district_index, "s_status": A.s_status_index, "s_service": A.s_service_index,
            "s_due": A.s_due_index}


def search(index: str, key: str, low: str | None, high: str | None, filters: dict[str, object], newest_first: bool,
           limit: int, start: dict | None) -> tuple[list[ApplicationItem], dict | None]:
    """`low`/`high` bound the index's range key; `filters` ride along (status, service_code, filed)."""
    sort = A.s_due if index == "s_due" else A.s_filed
    condition = sort.between(low, high) if low is not None and high is not None else None
    combined = None
    for name, value in filters.items():
        part = A.created_at.between(*value) if name == "filed" else getattr(A, name) == value  # type: ignore[misc]
        combined = part if combined is None else combined & part
    results = _INDEXES[index].query(key, condition, filter_condition=combined, scan_index_forward=not newest_first,
                                    last_evaluated_key=start, page_size=limit)
    return one_page(ApplicationItem, results)
