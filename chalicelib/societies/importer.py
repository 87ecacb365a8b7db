"""Bulk import of societies (department IT's CSV, and the local stack's seeding).

Every row is validated before anything is written: a file with a bad row imports nothing
unless the caller asks to skip bad rows. Writes are idempotent puts keyed by registration
number, so an import cut off half-way is completed, not duplicated, by running it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import Field, ValidationError, field_validator, model_validator

from chalicelib.core import clock, geo, history
from chalicelib.core.schemas import Strict
from chalicelib.core.types import DistrictCode, Mobile, SocietyType, Text
from chalicelib.identity import public as identity
from chalicelib.societies import search, service, store
from chalicelib.societies.schemas import REG_NO, Status, _not_future

BATCH = 500


class ImportRow(Strict):
    reg_no: str = Field(pattern=REG_NO)
    name_hi: Text(200)  # type: ignore[valid-type]
    name_en: Text(200)  # type: ignore[valid-type]
    type: SocietyType
    district: DistrictCode
    address: Text(300)  # type: ignore[valid-type]
    registered_on: dt.date
    mobile: Mobile
    members: int | None = Field(None, ge=0, le=10_000_000)
    status: Status = "active"

    _date = field_validator("registered_on")(_not_future)  # the same rule as POST /societies

    @model_validator(mode="after")
    def _reg_no_matches_district(self) -> ImportRow:
        short = geo.district(self.district)["short"]
        if not self.reg_no.startswith(short + "-"):
            raise ValueError(f"reg_no {self.reg_no} does not carry district code {short}")
        return self


@dataclass
class Report:
    valid: list[ImportRow] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, reg_no, reasons
    # in the registry already: skipped, not refused, so a cut-off import is completed by a re-run
    registered: list[tuple[int, str]] = field(default_factory=list)  # line, reg_no
    imported: int = 0


def _clean(raw: dict) -> dict:
    return {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in raw.items()
            if k and v not in ("", None)}


def validate(rows: Iterable[dict], first_line: int = 2, check_existing: bool = True) -> Report:
    report = Report()
    seen: dict[str, int] = {}
    for line, raw in enumerate(rows, start=first_line):
        data = _clean(raw)
        try:
            row = ImportRow.model_validate(data)
        except ValidationError as exc:
            reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}"
                                for e in exc.errors(include_url=False, include_input=False))
            report.rejected.append((line, str(data.get("reg_no", "")), reasons))
            continue
        if row.reg_no in seen:
            report.rejected.append((line, row.reg_no, f"reg_no repeats line {seen[row.reg_no]}"))
            continue
        seen[row.reg_no] = line
        report.valid.append(row)
    if check_existing and report.valid:
        taken = store.existing([r.reg_no for r in report.valid])
        if taken:
            report.registered = sorted((seen[r], r) for r in taken)
            report.valid = [r for r in report.valid if r.reg_no not in taken]
    report.rejected.sort()
    return report


def write(rows: list[ImportRow], actor: str, progress: Callable[[int], None] | None = None,
          writer: object = None) -> int:
    """Write validated rows: search terms, then logins, then society and history items, then the
    numbering. `writer` (a core.dynamo.BatchWriter; BatchWriteItem by default) carries the
    items; they are built here whichever writer is used."""
    moment = clock.iso(clock.now())
    for chunk in (rows[i:i + BATCH] for i in range(0, len(rows), BATCH)):
        items, entries, keys = [], [], []
        for row in chunk:
            data = row.model_dump()
            items.append(service.new_item(row.reg_no, data, moment))
            entries.append(history.next_entry(0, None, at=moment, actor=actor, action="imported",
                                              to_state=row.status, note="bulk import"))
            keys.append(search.name_keys(row.name_hi, row.name_en))
        logins = [{"reg_no": r.reg_no, "name": r.name_en, "mobile": r.mobile, "district": r.district}
                  for r in chunk]
        store.bulk_put(items, entries, keys, writer=writer,
                       before_societies=lambda logins=logins: identity.put_society_accounts(actor, logins, writer))
        if progress:
            progress(len(chunk))
    _continue_numbering(rows, writer)
    return len(rows)


def _continue_numbering(rows: list[ImportRow], writer: object) -> None:
    highest: dict[tuple[str, int], int] = {}
    for row in rows:
        year, seq = int(row.reg_no[4:8]), int(row.reg_no[9:])
        key = (row.district, year)
        highest[key] = max(highest.get(key, 0), seq)
    for (district, year), seq in highest.items():
        store.raise_sequence(district, year, seq, writer)
