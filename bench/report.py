"""The printed report: tables from results.json's figures (rich when installed, else plain text)."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field

OK, FAIL = "✓", "✗"


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    right: set[int] = field(default_factory=set)  # columns aligned right (numbers)


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}×"


def fmt_size(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def fmt_ops(ops: dict[str, int]) -> str:
    return " + ".join(f"{name} {count}" for name, count in ops.items()) or "none"


def import_table(imports: dict, target: float) -> Table:
    base = imports["baseline"]
    cold_n = base["no_pyc"]["n"]
    table = Table("Cold start: import time of each Lambda module in fresh processes, same env as the local "
                  "stack; ×base = median ÷ the baseline's median in the same run",
                  ["module", "median ms", "p90 ms", "n", "×base", f"≤{target}×",
                   f"no .pyc (Lambda) ms, n={cold_n}", "×base", "imports beyond the floor, importtime self ms"],
                  right={1, 2, 3, 4, 6, 7})
    table.rows.append(["baseline: chalice, boto3, pynamodb", fmt_ms(base["median_ms"]), fmt_ms(base["p90_ms"]),
                       str(base["n"]), "1.00×", "", fmt_ms(base["no_pyc"]["median_ms"]), "1.00×", ""])
    floor = imports.get("floor", {})
    if "median_ms" in floor:
        table.rows.append(["floor: + pynamodb.models, pydantic", fmt_ms(floor["median_ms"]),
                           fmt_ms(floor["p90_ms"]), str(floor["n"]), fmt_ratio(floor["ratio"]), "",
                           fmt_ms(floor["no_pyc"]["median_ms"]), fmt_ratio(floor["no_pyc"]["ratio"]), ""])
    for name, fig in imports.items():
        if not name.startswith("functions."):
            continue
        if "error" in fig:
            table.rows.append([name, "-", "-", "0", "-", FAIL, "-", "-", "import failed: " + fig["error"][:60]])
            continue
        extra = ", ".join(f"{e['package']} {e['self_ms']:.0f}" for e in fig.get("extra_imports", [])[:4])
        table.rows.append([name, fmt_ms(fig["median_ms"]), fmt_ms(fig["p90_ms"]), str(fig["n"]),
                           fmt_ratio(fig["ratio"]), OK if fig.get("met") else FAIL, fmt_ms(fig["no_pyc"]["median_ms"]),
                           fmt_ratio(fig["no_pyc"]["ratio"]), extra])
    return table


def latency_table(latency: dict, sizes: list[int], target: float | None,
                  title: str = "Latency, ms (moto in this process; ×get = median ÷ bare pynamodb get's median)"
                  ) -> Table:
    headers = ["request (chalice.test.Client, in-process)"]
    for size in sizes:
        s = fmt_size(size)
        headers += [f"{s} median", f"{s} p90", f"{s} n", f"{s} ×get"]
    if target is not None:
        headers.append(f"≤{target}× get")
    table = Table(title, headers, right=set(range(1, len(headers) - (target is not None))))
    names = list(latency[str(sizes[0])])
    for name in names:
        row = [name]
        verdicts = []
        for size in sizes:
            fig = latency[str(size)][name]
            row += [fmt_ms(fig["median_ms"]), fmt_ms(fig["p90_ms"]), str(fig["n"]), fmt_ratio(fig["x_bare_get"])]
            if "met" in fig:
                verdicts.append(fig["met"])
        if target is not None:
            row.append((OK if all(verdicts) else FAIL) if verdicts else "")
        table.rows.append(row)
    return table


def ops_table(ddb: dict, sizes: list[int], title: str = "DynamoDB per request (stack.ddb_counter)") -> Table:
    headers = ["request"]
    for size in sizes:
        s = fmt_size(size)
        headers += [f"{s} DynamoDB ops", f"{s} items read", f"{s} returned"]
    headers.append("same ops")
    table = Table(title, headers,
                  right={i for i, h in enumerate(headers) if h.endswith(("read", "returned"))})
    for name in ddb[str(sizes[0])]:
        row = [name]
        for size in sizes:
            fig = ddb[str(size)][name]
            row += [fmt_ops(fig["operations"]), str(fig["items_read"]), str(fig["returned"])]
        row.append(OK if ddb["identical"][name] else FAIL)
        table.rows.append(row)
    return table


def sweep_table(sweep: dict, sizes: list[int]) -> Table:
    due = sweep[str(sizes[0])]["due"]
    table = Table(f"The escalation sweep (grievances.service.escalate_due) with exactly {due} due, one run per size",
                  ["open grievances (on the due index)", "due", "escalated", "DynamoDB ops", "items read",
                   "total ops", "wall s", "same ops"], right={0, 1, 2, 4, 5, 6})
    for size in sizes:
        fig = sweep[str(size)]
        table.rows.append([f"{fig['open']:,}", str(fig["due"]), str(fig["outcome"]["escalated"]),
                           fmt_ops(fig["operations"]), str(fig["items_read"]), str(fig["total"]),
                           f"{fig['seconds']:.2f}", OK if sweep["same"] else FAIL])
    return table


def render(tables: list[Table], lines: list[str]) -> None:
    try:
        from rich import box
        from rich.console import Console
        from rich.table import Table as RichTable
    except ImportError:  # plain text
        for table in tables:
            _plain(table)
        print("\n".join(lines))
        return
    width = None if sys.stdout.isatty() else max(160, shutil.get_terminal_size((160, 40)).columns)
    console = Console(width=width, highlight=False)
    for table in tables:
        rich_table = RichTable(title=table.title, title_justify="left", box=box.SIMPLE_HEAVY)
        for i, header in enumerate(table.headers):
            rich_table.add_column(header, justify="right" if i in table.right else "left",
                                  overflow="fold")
        for row in table.rows:
            rich_table.add_row(*row)
        console.print(rich_table)
    for line in lines:
        console.print(line, markup=False)


def _plain(table: Table) -> None:
    cells = [table.headers, *table.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.headers))]
    print(f"\n{table.title}")
    for n, row in enumerate(cells):
        print("  ".join(c.rjust(w) if i in table.right else c.ljust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def markdown(table: Table | dict) -> list[str]:
    """A table as GitHub markdown (docs/benchmarks.md)."""
    if isinstance(table, dict):
        table = Table(table["title"], table["headers"], table["rows"], set(table.get("right", ())))

    def cell(text: object) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    align = ["---:" if i in table.right else "---" for i in range(len(table.headers))]
    lines = [f"**{cell(table.title)}**", "", "| " + " | ".join(cell(h) for h in table.headers) + " |",
             "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table.rows]
    return lines + [""]


def from_dict(table: dict) -> Table:
    return Table(table["title"], table["headers"], table["rows"], set(table.get("right", ())))
