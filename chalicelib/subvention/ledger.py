"""Processing a PACS's season ledger in the background, streaming, resumable and idempotent.

The CSV (UTF-8, header row) has one loan a row:
    member_no, aadhaar_last4, mobile, transactions[, loan_no][, purpose][, lang]
`transactions` lists `date:type:amount` items separated by `;`, type D (drawal) or R (repayment),
e.g. `2024-05-01:D:80000; 2025-02-15:R:80000`. `aadhaar_last4` is exactly four digits: a longer
value is refused (and never stored, logged or echoed). `loan_no` defaults to 1, `purpose` to crop,
`lang` (the SMS language) to hi.

How it runs (a scheduled function; locally and in tests the handler is called directly):
  1. The file's SHA-256 is computed streaming; a file already processed (same SHA-256) marks the
     ledger DUPLICATE and changes nothing else.
  2. Rows are read with csv over the S3 object's line iterator, CHUNK rows at a time, so memory
     does not grow with the file. Per chunk: one BatchGet of the loans and one of the farmers it
     names, the calculation, one BatchWrite of loans, farmers and invalid rows (deterministic keys
     and content: a retry writes the very same items), then ONE transaction moving the ledger's
     byte offset forward (conditional on its version) together with the claim counters. A crash
     resumes at the last offset (S3 Range GET); rows after it are recomputed identically, and the
     counters, written only with the offset, are never counted twice.
  3. Per-row keys: a loan (PACS, season, member, loan_no) already processed from ANOTHER file is
     left alone: identical content counts as `unchanged`, different content is an invalid row.
  4. The ceiling is each farmer's yearly quota: the farmer's item for the year records what each
     loan took, so a later loan (this file or a later one) gets what is left.
  5. When every row is done, a second streaming pass reads the farmers the file names (consistent
     BatchGet by key) and each one still marked for this ledger gets ONE SMS (their loans in the
     file summed), queued in the outbox in the same transaction that clears the mark.
  6. A lease per PACS keeps two processors off the same farmers; a time budget stops a run
     cleanly (the next run resumes).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import logging
import re
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationError

from chalicelib.core import clock, ids, metrics, notify
from chalicelib.core.errors import Invalid
from chalicelib.core.schemas import Model
from chalicelib.core.types import Mobile
from chalicelib.subvention import domain, service, store

logger = logging.getLogger("sahkar.subvention")

CHUNK = 100
NOTIFY_PAGE = 25
LEASE_SECONDS = 120   # longer than a run can last
REQUIRED = ("member_no", "aadhaar_last4", "mobile", "transactions")
OPTIONAL = ("loan_no", "purpose", "lang")
MAX_TXNS = 200
ACTOR = "system:ledger"
_KIND = {"d": domain.DRAWAL, "drawal": domain.DRAWAL, "r": domain.REPAYMENT, "repayment": domain.REPAYMENT}


def _txns(text: object) -> list[dict]:
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no transactions")
    items = [part.strip() for part in text.split(";") if part.strip()]
    if len(items) > MAX_TXNS:
        raise ValueError(f"at most {MAX_TXNS} transactions")
    out = []
    for i, item in enumerate(items, start=1):
        pieces = [p.strip() for p in item.split(":")]
        if len(pieces) != 3 or pieces[1].lower() not in _KIND:
            raise ValueError(f"transaction {i}: write date:D|R:amount")
        out.append({"date": pieces[0], "type": _KIND[pieces[1].lower()], "amount": pieces[2]})
    return out


class Txn(Model):
    date: date
    type: Literal["drawal", "repayment"]
    amount: str = Field(pattern=r"^[0-9]{1,10}(\.[0-9]{1,2})?$")


MEMBER = r"[A-Za-z0-9/-]{1,20}"


class Row(Model):
    member_no: str = Field(pattern=f"^{MEMBER}$")
    aadhaar_last4: str = Field(pattern=r"^[0-9]{4}$", description="the last four digits only")
    mobile: Mobile
    transactions: Annotated[list[Txn], BeforeValidator(_txns)]
    loan_no: str = Field("1", pattern=r"^[A-Za-z0-9/-]{1,20}$")
    purpose: Literal["crop", "animal_husbandry", "fisheries"] = "crop"
    lang: Literal["hi", "en"] = "hi"


@dataclass
class Parsed:
    row: int
    data: Row
    txns: list[domain.Txn]
    key: str
    farmer: tuple[str, str]
    content: str


class Meter:
    """Counts the bytes csv has consumed, so a row boundary is a byte offset to resume from."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self.lines = lines
        self.consumed = 0

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        for line in self.lines:
            self.consumed += len(line)
            yield decoder.decode(line)


def _reasons(exc: Exception) -> list[dict]:
    if isinstance(exc, ValidationError):
        out = []
        for err in exc.errors(include_url=False, include_input=False):
            field = ".".join(str(p) for p in err["loc"]) or "row"
            message = err["msg"]
            if field == "aadhaar_last4":
                message = "only the last 4 digits of Aadhaar may be given"
            out.append({"field": field, "message": message})
        return out
    if isinstance(exc, Invalid):
        return [{"field": d.get("field", "row"), "message": d.get("message", exc.code)} for d in exc.details] or [
            {"field": "row", "message": exc.code}]
    return [{"field": "row", "message": str(exc)}]


def _content(row: Row) -> str:
    text = "|".join([row.purpose, *(f"{t.date}:{t.type}:{Decimal(t.amount):.2f}" for t in row.transactions)])
    return hashlib.sha256(text.encode()).hexdigest()


class Context:
    """What one ledger's rows are computed with (the season's values in force, the PACS's bank)."""

    def __init__(self, item: store.LedgerItem) -> None:
        self.item = item
        self.season = service._season_data(item.season, "season")
        binding = service._binding(item.pacs)
        self.overdue = binding.get("overdue_rate")
        self.scheme = self.season["terms"].get("ledger_scheme", "mp-zero-interest")
        self.due = service.effective_due(self.season)
        self.window = service.due_window(self.season)
        self.as_of = clock.parse_iso(item.created_at).astimezone(clock.IST).date()
        self.year = domain.agri_year(item.season)

    def parse(self, row_no: int, record: dict) -> Parsed:
        row = Row.model_validate(record)
        txns = [domain.Txn(t.date, t.type, Decimal(t.amount)) for t in row.transactions]
        domain.check(txns, self.due, prefix="transactions")
        first = next(t for t in txns if t.kind == domain.DRAWAL)
        if not self.window[0] <= first.on <= self.window[1]:
            raise Invalid(details=[{"field": "transactions", "message": f"first drawal {first.on} is outside the "
                                    f"{self.item.season} drawal window"}])
        if txns[-1].on > self.as_of:
            raise Invalid(details=[{"field": "transactions", "message": "a transaction after the upload date"}])
        pacs = self.item.pacs
        key = f"LOAN#{pacs}#{self.item.season}#{row.member_no}#{row.loan_no}"
        return Parsed(row_no, row, txns, key, (f"FARMER#{pacs}#{row.member_no}", f"YEAR#{self.year}"),
                      _content(row))


class Run:
    def __init__(self, item: store.LedgerItem, deadline: float) -> None:
        self.item = item
        self.deadline = deadline
        self.counts = {k: int(v) for k, v in (item.counts or {}).items()}
        self.totals = {k: int(v) for k, v in (item.totals or {}).items()}

    def out_of_time(self) -> bool:
        return time.monotonic() > self.deadline

    def bump(self, name: str, by: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + by

    def save(self, action: str | None = None, counters: dict | None = None, note: str = "") -> None:
        item = self.item
        item.counts, item.totals, item.updated_at = dict(self.counts), dict(self.totals), clock.iso(clock.now())
        entry = service.ledger_entry(item, ACTOR, action, item.status, note) if action else None
        store.save_ledger(item, entry, counters=counters)


# --- the phases ----------------------------------------------------------------------------

def _header(item: store.LedgerItem) -> list[str]:
    with closing(store.read_lines(item.object_key, item.object_version)) as lines:
        first = next(lines, b"")
    names = next(csv.reader([first.decode("utf-8", "replace").lstrip("\ufeff")]), [])
    return [n.strip().lower() for n in names]


def _chunks(run: Run) -> Iterator[tuple[list[tuple[int, list[str]]], int]]:
    """The file's data rows from the saved offset, CHUNK at a time, each with the byte offset
    just after it (where a later run resumes)."""
    item = run.item
    start = int(item.offset or 0)
    meter = Meter(store.read_lines(item.object_key, item.object_version, start))
    reader = csv.reader(meter)
    if start == 0:
        next(reader, None)   # the header
    chunk: list[tuple[int, list[str]]] = []
    row_no = run.counts.get("rows", 0) if item.phase == "rows" else int(item.notify_row or 0)
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        row_no += 1
        chunk.append((row_no, record))
        if len(chunk) >= CHUNK:
            yield chunk, start + meter.consumed
            chunk = []
    if chunk:
        yield chunk, start + meter.consumed


def _rows(run: Run, header: list[str]) -> bool:
    """Compute every row from the saved offset; True when the file is done."""
    ctx = Context(run.item)
    for chunk, offset in _chunks(run):
        _flush(run, ctx, header, chunk, offset)
        if run.out_of_time():
            return False
    return True


def _flush(run: Run, ctx: Context, header: list[str], chunk: list[tuple[int, list[str]]], offset: int) -> None:
    item = run.item
    errors: list[store.ErrorItem] = []
    parsed: list[Parsed] = []
    for row_no, record in chunk:
        values = dict(zip(header, (cell.strip() for cell in record), strict=False))
        member = values.get("member_no", "")[:20] or None
        fields = {k: v for k, v in values.items() if k in REQUIRED + OPTIONAL and v != ""}
        if len(record) != len(header):
            errors.append(_error(item, row_no, member, [{"field": "row", "message": f"{len(record)} columns, the "
                                                         f"header has {len(header)}"}]))
            continue
        try:
            parsed.append(ctx.parse(row_no, fields))
        except (ValidationError, Invalid, InvalidOperation, ValueError) as exc:
            errors.append(_error(item, row_no, member, _reasons(exc)))
    loans = store.get_loans([p.key for p in parsed])
    farmers = store.get_farmers([p.farmer for p in parsed])
    seen: dict[str, int] = {}
    counted: set[tuple[str, str]] = set()
    new_loans, touched, counters = [], {}, {}
    day = clock.now().astimezone(clock.IST).date().isoformat()   # the review counts results by the day written
    for p in parsed:
        existing = loans.get(p.key)
        ours = existing is not None and existing.ledger_id == item.ledger_id
        if p.key in seen or (ours and int(existing.row) != p.row):
            first = seen.get(p.key) or int(existing.row)
            errors.append(_error(item, p.row, p.data.member_no, [{"field": "loan_no", "message": f"the same loan as "
                                                                  f"row {first}"}]))
            continue
        seen[p.key] = p.row
        if existing is not None and existing.ledger_id != item.ledger_id:
            if existing.content == p.content:
                run.bump("unchanged")
            else:
                errors.append(_error(item, p.row, p.data.member_no, [{"field": "loan_no", "message":
                              f"this loan was processed from ledger {existing.ledger_id} with other figures"}]))
            continue
        farmer = touched.get(p.farmer) or farmers.get(p.farmer) or store.FarmerItem(
            pk=p.farmer[0], sk=p.farmer[1], pacs=item.pacs, member_no=p.data.member_no, loans={})
        touched[p.farmer] = farmer
        again = farmer.notify_ledger == item.ledger_id and int(farmer.marked_row or 0) >= chunk[0][0]
        new_farmer = p.farmer not in counted and (farmer.notify_ledger != item.ledger_id or again)
        if new_farmer:
            counted.add(p.farmer)  # each farmer of the file once (a retried chunk counts its own again)
            farmer.marked_row = p.row
            run.bump("farmers")
        result = _compute(ctx, p, farmer)
        new_loans.append(store.LoanItem(pk=p.key, ledger_id=item.ledger_id, row=p.row, content=p.content,
                                        farmer_pk=p.farmer[0], season=item.season,
                                        half_year=domain.half_year(result.close),
                                        result={**result.as_strings(), "benefit": f"{result.benefit:.2f}",
                                                "close": result.close.isoformat()}))
        service.add_counters(counters, service.claim_counters(domain.half_year(result.close), item.pacs, item.bank,
                                                              item.district, result.amounts))
        service.add_counters(counters, service.day_counters(day, item.district, result.amounts, new_farmer))
        for name in domain.COMPONENTS:
            run.totals[name] = run.totals.get(name, 0) + domain.paise(result.amounts[name])
        run.bump("valid")
    store.put_rows(new_loans, list(touched.values()), errors)
    run.bump("rows", len(chunk))
    run.bump("invalid", len(errors))
    item.offset = offset
    run.save(counters=counters)


def _error(item: store.LedgerItem, row: int, member: str | None, reasons: list[dict]) -> store.ErrorItem:
    safe_member = member if member and re.fullmatch(MEMBER, member) else None
    return store.ErrorItem(pk=item.pk, sk=f"ERR#{row:09d}", row=row, member_no=safe_member, reasons=reasons)


def _compute(ctx: Context, p: Parsed, farmer: store.FarmerItem) -> domain.Result:
    used: dict[str, Decimal] = {}
    for key, loan in (farmer.loans or {}).items():
        if key != p.key:
            used[loan["purpose"]] = used.get(loan["purpose"], Decimal(0)) + Decimal(loan["ceiling_used"])
    left = domain.ceiling_left(ctx.season["terms"]["ceilings"], p.data.purpose, used)
    terms = service.terms_for(ctx.season, ctx.scheme, ctx.due, ctx.overdue, left)
    result = domain.calculate(ctx.scheme, p.txns, terms, ctx.as_of)
    farmer.loans = {**(farmer.loans or {}), p.key: {
        "season": ctx.item.season, "loan_no": p.data.loan_no, "purpose": p.data.purpose, "ledger": ctx.item.ledger_id,
        "ceiling_used": f"{result.eligible_drawn:.2f}", "prompt": result.prompt,
        "benefit": f"{result.benefit:.2f}", "farmer_interest": f"{result.amounts['farmer_interest']:.2f}"}}
    farmer.aadhaar_last4, farmer.mobile, farmer.lang = p.data.aadhaar_last4, p.data.mobile, p.data.lang
    farmer.notify_ledger = ctx.item.ledger_id
    return result


def _season_label(season: str, lang: str) -> str:
    kind, year = season.split("-")
    if kind == "kharif":
        return f"{'Kharif' if lang == 'en' else 'खरीफ'} {year}"
    return f"{'Rabi' if lang == 'en' else 'रबी'} {domain.agri_year(season)}"


def _notify(run: Run, header: list[str]) -> bool:
    """A second pass over the file: each farmer still marked for this ledger gets ONE SMS (their
    loans in the file summed) and loses the mark in the same transaction. Strongly consistent
    reads by key, no index: nobody is missed, nobody told twice, memory stays flat."""
    item = run.item
    column = header.index("member_no")
    year = domain.agri_year(item.season)
    for chunk, offset in _chunks(run):
        members = {record[column].strip() for _, record in chunk if len(record) > column}
        keys = [(f"FARMER#{item.pacs}#{m}", f"YEAR#{year}") for m in members if re.fullmatch(MEMBER, m)]
        due = [f for f in store.get_farmers(keys, consistent=True).values() if f.notify_ledger == item.ledger_id]
        for group in (due[i:i + NOTIFY_PAGE] for i in range(0, len(due), NOTIFY_PAGE)):
            messages = [_benefit_sms(item, f) for f in group]
            store.told(group, messages)
            notify.deliver(messages)
            run.bump("farmers_told", len(group))
        item.offset, item.notify_row = offset, chunk[-1][0]
        run.save()
        if run.out_of_time():
            return False
    return True


def _benefit_sms(item: store.LedgerItem, farmer: store.FarmerItem) -> notify.Sms:
    mine = [loan for loan in (farmer.loans or {}).values() if loan.get("ledger") == item.ledger_id]
    benefit = sum((Decimal(loan["benefit"]) for loan in mine), Decimal(0))
    interest = sum((Decimal(loan["farmer_interest"]) for loan in mine), Decimal(0))
    lang = farmer.lang or "hi"
    return notify.compose("SUBVENTION_BENEFIT", farmer.mobile, lang, member=farmer.member_no,
                          season=_season_label(item.season, lang), benefit=f"{benefit:.2f}",
                          interest=f"{interest:.2f}")


# --- the entry points ----------------------------------------------------------------------

def _hash_file(run: Run) -> bool:
    """First look: the file's SHA-256. False when the same file was processed before."""
    item = run.item
    digest = hashlib.sha256()
    for chunk in store.read_chunks(item.object_key, item.object_version):
        digest.update(chunk)
    item.sha256 = digest.hexdigest()
    before = item.status
    item.status = "PROCESSING"
    item.counts, item.updated_at = dict(run.counts), clock.iso(clock.now())
    entry = service.ledger_entry(item, ACTOR, "processing", before, "", {"sha256": item.sha256})
    if store.save_ledger(item, entry, marker=item.sha256):
        return True
    fresh = store.get_ledger(item.ledger_id, consistent=True)
    fresh.status, fresh.sha256 = "DUPLICATE", item.sha256
    fresh.duplicate_of = store.file_owner(item.sha256)
    fresh.updated_at = fresh.done_at = clock.iso(clock.now())
    store.save_ledger(fresh, service.ledger_entry(fresh, ACTOR, "duplicate", before,
                                                  f"the same file as ledger {fresh.duplicate_of}"))
    run.item = fresh
    return False


def process(ledger_id: str, budget_seconds: float = 600.0) -> str:
    """Advance one ledger as far as the time budget allows; returns its status afterwards."""
    item = store.get_ledger(ledger_id, consistent=True)
    if item is None or item.status not in ("QUEUED", "PROCESSING"):
        return item.status if item else "MISSING"
    holder = ids.new_id()
    if not store.take_lease(item.pacs, holder, clock.epoch(), LEASE_SECONDS):
        return item.status
    run = Run(item, time.monotonic() + budget_seconds)
    try:
        if item.sha256 is None and not _hash_file(run):
            return run.item.status
        header = _header(item)
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            item.status, item.failure = "FAILED", f"missing columns: {', '.join(missing)}"
            run.save("failed", note=item.failure)
            return item.status
        try:
            if item.phase == "rows" and _rows(run, header):
                item.phase, item.offset, item.notify_row = "notify", 0, 0
                run.save()
        except csv.Error as exc:   # e.g. a field over the csv module's limit: the file, not a bug
            item.status = "FAILED"
            item.failure = f"not a readable CSV after row {run.counts.get('rows', 0)}: {exc}"[:300]
            run.save("failed", note=item.failure)
            return item.status
        if item.phase == "notify" and _notify(run, header):
            item.phase, item.status = "done", "DONE"
            item.done_at = clock.iso(clock.now())
            run.save("processed", note=f"{run.counts.get('valid', 0)} loans, {run.counts.get('invalid', 0)} invalid "
                                       f"rows, {run.counts.get('farmers_told', 0)} farmers told")
            metrics.count(metrics.LEDGERS_PROCESSED)
        return item.status
    finally:
        store.release_lease(item.pacs, holder)


def process_queued(budget_seconds: float = 600.0) -> dict[str, int]:
    """The scheduled sweep: every ledger waiting, oldest first, within one time budget."""
    deadline = time.monotonic() + budget_seconds
    done: dict[str, int] = {}
    for ledger_id in store.queued():
        left = deadline - time.monotonic()
        if left <= 0:
            break
        status = process(ledger_id, left)
        done[status] = done.get(status, 0) + 1
    return done
