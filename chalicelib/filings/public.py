"""What other services may call in filings. Nothing else of this package is public."""

from __future__ import annotations

from chalicelib.filings import store


def filed_status(reg_no: str, financial_year: str, return_type: str) -> str | None:
    """FILED, ACCEPTED or RETURNED, or None when nothing was filed (e.g. audits checking accounts)."""
    item = store.get_return(reg_no, financial_year, return_type, consistent=False)
    return item.status if item else None
