"""What other services may call in subvention. Nothing else of this package is public."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from chalicelib.subvention import domain, store

# the claim's four parts the review shows: GoI interest subvention and prompt repayment incentive,
# the state's normal subsidy and prompt incentive
CLAIMED = ("goi_interest_subvention", "goi_prompt_repayment_incentive", "state_normal_subsidy",
           "state_prompt_incentive")


def review_figures(first: date, last: date) -> dict[str, dict[str, float]]:
    """Per district: farmers and loans whose results were written between the two IST days (both
    included) and the claim amounts in rupees (each part and their total), from the day counters
    written with the half-year claim counters (one Query)."""
    paise: dict[str, dict[str, int]] = {}
    for item in store.day_claims(first.isoformat(), last.isoformat()):
        row = paise.setdefault(item.sk.split("#", 1)[1], {name: 0 for name in ("farmers", "loans", *CLAIMED)})
        for name in row:
            row[name] += int(getattr(item, name) or 0)
    figures: dict[str, dict[str, Decimal | int]] = {}
    for district, row in paise.items():
        out: dict[str, Decimal | int] = {"farmers": row["farmers"], "loans": row["loans"]}
        for name in CLAIMED:
            out[name] = Decimal(domain.rupees(row[name]))   # exact rupees; sums over districts stay exact
        out["total"] = Decimal(domain.rupees(sum(row[name] for name in CLAIMED)))
        figures[district] = out
    return figures
