"""Command-line tools for department IT.

Import societies from a CSV file (UTF-8, a BOM is fine; header = the ImportRow field names:
reg_no,name_hi,name_en,type,district,address,registered_on,mobile,members,status):

    .venv/bin/python -m tools.sahkar import-societies societies.csv [--skip-invalid]
        [--report rejected.csv] [--actor NAME] [--dry-run]

Render the fortnightly review (the same PDF as GET /reports/review/pdf) to a file:

    .venv/bin/python -m tools.sahkar review-report --fortnight 2025-11-1 [--division bhopal]
        [--lang hi|en] [--out review.pdf] [--json]

Every row is checked before anything is written. If any row is refused, nothing is imported
(exit 1) unless --skip-invalid is given; refused rows go to the report (default
FILE.rejected.csv: line,reg_no,reasons; line counts as in a spreadsheet, the header is line 1).
Societies already in the registry are skipped, so running a file again imports only what is
missing. --dry-run checks and reports without writing. Bad files (empty, unknown or missing
columns, not UTF-8) exit 2. AWS is reached through the usual environment (AWS_ENDPOINT_URL,
RESOURCE_PREFIX, STAGE, AWS credentials and region), as for the app itself.
"""

from __future__ import annotations

import csv
import getpass
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from chalicelib.societies import importer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

COLUMNS = list(importer.ImportRow.model_fields)
REQUIRED = [name for name, spec in importer.ImportRow.model_fields.items() if spec.is_required()]


class BadFile(Exception):
    """The file itself is unusable (as opposed to some of its rows)."""


@app.callback()
def main() -> None:
    """Sahkar Setu tools for department IT."""


def check_header(fieldnames: list[str] | None) -> None:
    if not fieldnames:
        raise BadFile("the file is empty (expected a header line and rows)")
    given = [name.strip() for name in fieldnames if name and name.strip()]
    names = set(given)
    repeated = sorted({name for name in given if given.count(name) > 1})
    if repeated:
        raise BadFile(f"repeated column(s): {', '.join(repeated)}")
    unknown = sorted(names - set(COLUMNS))
    if unknown:
        raise BadFile(f"unknown column(s): {', '.join(unknown)}; allowed: {', '.join(COLUMNS)}")
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise BadFile(f"missing required column(s): {', '.join(missing)}")


def read_and_validate(path: Path) -> importer.Report:
    """Stream the rows through the importer's checks; the file is read once."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            check_header(reader.fieldnames)
            report = importer.validate(reader)
    except UnicodeDecodeError as exc:
        raise BadFile("the file is not UTF-8 text; save it as 'CSV UTF-8'") from exc
    except csv.Error as exc:
        raise BadFile(f"the file is not readable CSV: {exc}") from exc
    if not (report.valid or report.rejected or report.registered):
        raise BadFile("the file has a header but no rows")
    return report


def write_report(path: Path, report: importer.Report) -> int:
    """Every line not imported, with why; returns how many lines were written."""
    lines = sorted(report.rejected + [(line, reg_no, "already registered") for line, reg_no in report.registered])
    with path.open("w", newline="", encoding="utf-8-sig") as handle:  # BOM: spreadsheets then read Hindi right
        writer = csv.writer(handle)
        writer.writerow(["line", "reg_no", "reasons"])
        writer.writerows(lines)
    return len(lines)


def write_rows(report: importer.Report, actor: str) -> int:
    with tqdm(total=len(report.valid), unit="society", desc="Importing") as bar:  # tqdm writes to stderr
        return importer.write(report.valid, actor, progress=bar.update)


def summary(imported: int, report: importer.Report) -> str:
    return f"imported {imported}, rejected {len(report.rejected)}, already registered {len(report.registered)}"


def default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli:unknown"


@app.command("import-societies")
def import_societies(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV file, UTF-8")],
    skip_invalid: Annotated[bool, typer.Option(help="import the valid rows even if some are refused")] = False,
    report_path: Annotated[Path | None, typer.Option("--report", help="where to write refused rows",
                                                     show_default="FILE.rejected.csv")] = None,
    actor: Annotated[str | None, typer.Option(help="who is importing, for the records' history",
                                              show_default="cli:<login name>")] = None,
    dry_run: Annotated[bool, typer.Option(help="check and report only; write nothing")] = False,
) -> None:
    """Import societies from a CSV file into the registry."""
    try:
        report = read_and_validate(file)
    except BadFile as exc:
        typer.echo(f"Error: {file}: {exc}", err=True)
        raise typer.Exit(2) from None
    if report.rejected or report.registered:
        report_path = report_path or Path(f"{file}.rejected.csv")
        count = write_report(report_path, report)
        typer.echo(f"{count} line(s) not imported, with reasons: {report_path}")
    blocked = bool(report.rejected) and not skip_invalid
    if dry_run or blocked:
        why = "dry run" if dry_run else "rows were refused; --skip-invalid imports the others"
        typer.echo(f"Nothing written ({why}). {len(report.valid)} row(s) ready to import.")
        typer.echo(summary(0, report))
        raise typer.Exit(1 if blocked else 0)
    imported = write_rows(report, actor or default_actor()) if report.valid else 0
    typer.echo(summary(imported, report))


@app.command("review-report")
def review_report(
    fortnight: Annotated[str, typer.Option(help="YYYY-MM-1 (1st–15th) or YYYY-MM-2 (16th–month end)")],
    division: Annotated[str | None, typer.Option(help="a division code; all of the state if left out")] = None,
    lang: Annotated[str, typer.Option(help="hi (default) or en")] = "hi",
    out: Annotated[Path | None, typer.Option(help="the file to write (default review-<fortnight>.pdf)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="write the data as JSON instead of the PDF")] = False,
) -> None:
    """The fortnightly review for the state or one division, as the department sees it."""
    import json

    from chalicelib.core import geo
    from chalicelib.core.auth import Jurisdiction, Principal, Role
    from chalicelib.reports import domain, review

    try:
        period = domain.Fortnight.parse(fortnight)
    except ValueError as exc:
        typer.echo(f"Error: --fortnight: {exc}", err=True)
        raise typer.Exit(2) from None
    if division and not geo.is_division(division):
        typer.echo(f"Error: --division: unknown division '{division}'", err=True)
        raise typer.Exit(2)
    if lang not in ("hi", "en"):
        typer.echo("Error: --lang: hi or en", err=True)
        raise typer.Exit(2)
    data = review.build(Principal(default_actor(), Role.ADMIN, Jurisdiction()), period, division)
    target = out or Path(f"review-{period.label()}{'-' + division if division else ''}.{'json' if as_json else 'pdf'}")
    if as_json:
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        from chalicelib.reports.render import review_pdf

        target.write_bytes(review_pdf(data, lang))
    typer.echo(f"{target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    app()
