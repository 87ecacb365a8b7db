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


def _with_current(key: str, memo: dict, read: Callable[[bool], Figures], districts: list[str],
                  current: tuple[str, ...]) -> Figures:
    """A source whose figures are partly a window's flows and partly a state as of today: the
    state is read once per report (with the review's own fortnight, which it asks for first) and
    repeated in every fortnight's figures; the trend shows only flows."""
    first_read = key not in memo
    figures = read(first_read)
    if first_read:
        memo[key] = {d: {m: row[m] for m in current if m in row} for d, row in figures.items()}
    wanted = set(districts)
    out: Figures = {d: dict(row) for d, row in figures.items() if d in wanted}
    for district, state in memo[key].items():
        if district in wanted:
            out.setdefault(district, {}).update(state)
    return out


def _lokseva(districts: list[str], first: date, last: date, memo: dict) -> Figures:
    from chalicelib.lokseva.public import review_figures

    return _with_current("lokseva", memo, lambda current: review_figures(first, last, current), districts,
                         ("pending_beyond_time",))


def _returns(districts: list[str], first: date, last: date, memo: dict) -> Figures:
    from chalicelib.filings.public import review_figures

    figures = _with_current("returns", memo, lambda current: review_figures(first, last, current), districts,
                            ("due", "complete", "defaulters"))
    for row in figures.values():
        row["percent"] = domain.percent(int(row.get("complete", 0)), int(row.get("due", 0)))
    return figures


def _audits(districts: list[str], first: date, last: date, memo: dict) -> Figures:
    from chalicelib.audits.public import review_figures

    return _with_current("audits", memo, lambda current: review_figures(first, last, current), districts,
                         ("not_reported",))


def _subvention(districts: list[str], first: date, last: date, memo: dict) -> Figures:
    from chalicelib.subvention.public import review_figures

    wanted = set(districts)
    return {d: row for d, row in review_figures(first, last).items() if d in wanted}


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
    Section(
        "lokseva", "लोक सेवा गारंटी: समय में और विलंब से निराकृत",
        "Guaranteed services: disposed in and out of time",
        {"received": ("प्राप्त", "received"), "disposed_in_time": ("समय में निराकृत", "disposed in time"),
         "disposed_late": ("विलंब से निराकृत", "disposed late"),
         "pending_beyond_time": ("समय-सीमा के बाद लंबित", "pending beyond time"),
         "penalties": ("अर्थदंड (रु.)", "penalties (Rs)")},
        bars=("disposed_in_time", "disposed_late", "pending_beyond_time"),
        trend=("disposed_in_time", "disposed_late"), figures=_lokseva),
    Section(
        "returns", "वार्षिक विवरणियाँ: दाखिल बनाम देय (पिछला बंद वित्तीय वर्ष)",
        "Annual returns: filed vs due (last closed financial year)",
        {"due": ("देय समितियाँ", "societies due"), "complete": ("सभी दाखिल", "filed in full"),
         "defaulters": ("चूककर्ता", "defaulters"), "percent": ("प्रतिशत", "per cent filed"),
         "filed": ("पखवाड़े में दाखिल विवरणियाँ", "returns filed in the fortnight")},
        bars=("complete", "defaulters"), trend=("filed",), figures=_returns,
        derived={"percent": lambda t: domain.percent(int(t.get("complete", 0)), int(t.get("due", 0)))}),
    Section(
        "audits", "अंकेक्षण: पखवाड़े में प्रस्तुत प्रतिवेदन", "Audits done: reports submitted in the fortnight",
        {"reported": ("प्रस्तुत प्रतिवेदन", "reports submitted"), "class_a": ("वर्ग अ", "class A"),
         "class_b": ("वर्ग ब", "class B"), "class_c": ("वर्ग स", "class C"), "class_d": ("वर्ग द", "class D"),
         "not_reported": ("आवंटित, प्रतिवेदन शेष (चालू वर्ष)", "allotted, not reported (this year)")},
        bars=("reported", "not_reported"), trend=("reported",), figures=_audits),
    Section(
        "subvention", "ब्याज अनुदान दावे", "Subvention claims",
        {"farmers": ("लाभान्वित किसान", "farmers benefited"), "loans": ("ऋण", "loans"),
         "goi_interest_subvention": ("भारत सरकार ब्याज अनुदान (रु.)", "GoI interest subvention (Rs)"),
         "goi_prompt_repayment_incentive": ("भारत सरकार शीघ्र भुगतान प्रोत्साहन (रु.)",
                                            "GoI prompt repayment incentive (Rs)"),
         "state_normal_subsidy": ("राज्य सामान्य अनुदान (रु.)", "state normal subsidy (Rs)"),
         "state_prompt_incentive": ("राज्य शीघ्र भुगतान प्रोत्साहन (रु.)", "state prompt incentive (Rs)"),
         "total": ("कुल दावा (रु.)", "total claim (Rs)")},
        bars=("total",), trend=("total",), figures=_subvention),
)
