"""The fortnightly review: every section's figures by district for the fortnight, and each
section's trend over the last six fortnights. The same data feeds the JSON and the PDF."""

from __future__ import annotations

from chalicelib.core import clock, geo
from chalicelib.core.auth import Principal
from chalicelib.reports import domain, epacs
from chalicelib.reports.sources import SECTIONS, Section


def _totals(section: Section, rows: list[dict]) -> dict:
    summed = {m: sum(row.get(m, 0) for row in rows) for m in section.metrics if m not in section.derived}
    for metric, compute in section.derived.items():
        summed[metric] = compute(summed)
    return summed


def _section(section: Section, districts: list[str], fortnight: domain.Fortnight, memo: dict) -> dict:
    current = section.figures(districts, fortnight.first, fortnight.last, memo)
    rows = [{"district": d, "values": {m: current.get(d, {}).get(m, 0) for m in section.metrics}}
            for d in districts]
    window = domain.trend_window(fortnight)
    series: dict[str, list] = {m: [] for m in section.trend}
    for past in window:
        figures = current if past == fortnight else section.figures(districts, past.first, past.last, memo)
        totals = _totals(section, [figures.get(d, {}) for d in districts])
        for metric in section.trend:
            series[metric].append(totals.get(metric, 0))
    return {"key": section.key, "title_hi": section.title_hi, "title_en": section.title_en,
            "metrics": [{"key": m, "title_hi": hi, "title_en": en} for m, (hi, en) in section.metrics.items()],
            "bars": list(section.bars), "rows": rows, "totals": _totals(section, [r["values"] for r in rows]),
            "trend": {"fortnights": [f.label() for f in window], "series": series}}


def build(who: Principal, fortnight: domain.Fortnight, division: str | None) -> dict:
    districts = epacs.visible_districts(who, division)
    names = {d["code"]: d for d in geo.districts()}
    memo: dict = {}
    where = geo.division(division) if division else None
    return {
        "fortnight": fortnight.label(), "from": fortnight.first.isoformat(), "to": fortnight.last.isoformat(),
        "division": division, "division_name_hi": where["name_hi"] if where else "मध्यप्रदेश",
        "division_name_en": where["name_en"] if where else "Madhya Pradesh",
        "generated_at": clock.iso(clock.now()),
        "districts": [{"code": d, "name_hi": names[d]["name_hi"], "name_en": names[d]["name_en"]} for d in districts],
        "sections": [_section(section, districts, fortnight, memo) for section in SECTIONS],
    }
