"""The review's sections: what each service reports, read through its public functions.

Each section names its metrics (Hindi, English), which of them the bar chart by district shows,
and which the six-fortnight trend shows. A source answers `figures(districts, first, last, memo)` with
district -> metric -> number; it reads counters, never every record (`memo` lives for one
report, so a source asked for six fortnights may read once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from chalicelib.reports import domain

Figures = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Section:
    key: str
    title_hi: str
    title_en: str
    metrics: dict[str, tuple[str, str]]          # metric -> (Hindi, English)
    bars: tuple[str, ...]                        # shown by district
    trend: tuple[str, ...]                       # shown over the last six fortnights
    figures: Callable[[list[str], date, date, dict], Figures] = field(repr=False, compare=False)
    # metrics that are not summed over districts (a percentage is recomputed from its parts)
    derived: dict[str, Callable[[dict], float]] = field(default_factory=dict, repr=False, compare=False)


def _grievances(districts: list[str], first: date, last: date, memo: dict) -> Figures:
    from chalicelib.grievances.public import review_figures

    wanted = set(districts)
    return {d: row for d, row in review_figures(first, last).items() if d in wanted}


def _epacs(districts: list[str], first: date, last: date, memo: dict) -> Figures:
    from chalicelib.reports import epacs

    read = memo.setdefault("epacs", {})
    return {d: {k: row[k] for k in ("total", "onboarded", "pending", "percent")}
            for d, row in epacs.district_rows(districts, as_of=last, memo=read).items()}


SECTIONS: tuple[Section, ...] = (
    Section(
        "grievances", "शिकायतें: लंबित और उच्च स्तर पर भेजी गईं", "Grievances: pendency and escalations",
        {"received": ("प्राप्त", "received"), "disposed": ("निराकृत", "disposed"),
         "escalated": ("उच्च स्तर पर", "escalated"), "pending": ("आज लंबित", "pending today")},
        bars=("received", "disposed", "pending"), trend=("received", "disposed", "escalated"),
        figures=_grievances),
    Section(
        "epacs", "ई-पैक्स रूपांतरण", "e-PACS conversion",
        {"total": ("कुल पैक्स", "PACS"), "onboarded": ("ई-पैक्स पर", "onboarded"),
         "pending": ("शेष", "pending"), "percent": ("प्रतिशत", "per cent")},
        bars=("onboarded", "pending"), trend=("percent",), figures=_epacs,
        derived={"percent": lambda t: domain.percent(int(t.get("onboarded", 0)), int(t.get("total", 0)))}),
)
