"""What a bench section is given: the size profile (smoke, quick, full), the repeat counts that go
with it, and the embedded AWS stack of its process (started on first use, stopped at the end).

A section is a function `section(ctx: Context) -> dict` registered in bench/run.py's SECTIONS. It
returns plain data: {"figures": ..., "tables": [Table as dict], "lines": [verdicts], "notes": [...]}
(every key optional). Each section runs in a process of its own, so sections never share tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ("smoke", "quick", "full")
# requests, warm-up calls and seconds per contender per size; import runs with and without .pyc
REPEATS = {
    "smoke": {"requests": 3, "warmup": 1, "budget": 2.0, "import_runs": 1, "no_pyc_runs": 1},
    "quick": {"requests": 100, "warmup": 10, "budget": 6.0, "import_runs": 5, "no_pyc_runs": 2},
    "full": {"requests": 200, "warmup": 20, "budget": 10.0, "import_runs": 9, "no_pyc_runs": 3},
}


@dataclass
class Context:
    profile: str = "smoke"
    overrides: dict[str, str] = field(default_factory=dict)   # --set name=value (e.g. grievances.sizes=1000,5000)
    root: Path = ROOT
    _stack: Any = None

    def repeat(self, name: str) -> Any:
        value = self.overrides.get(name)
        default = REPEATS[self.profile][name]
        return type(default)(value) if value is not None else default

    @property
    def requests(self) -> int:
        return self.repeat("requests")

    @property
    def warmup(self) -> int:
        return self.repeat("warmup")

    @property
    def budget(self) -> float:
        return self.repeat("budget")

    def sizes(self, section: str, table: dict[str, list[int]], key: str = "sizes") -> list[int]:
        """The section's sizes for this profile, unless --set <section>.<key>=a,b overrides them."""
        given = self.overrides.get(f"{section}.{key}")
        if given:
            return sorted(int(s) for s in given.split(","))
        return list(table[self.profile])

    def stack(self) -> Any:
        """This process's embedded moto with the app loaded (bench.local.start), started once."""
        if self._stack is None:
            from bench import local

            self._stack = local.start()
        return self._stack

    def close(self) -> None:
        if self._stack is not None:
            self._stack.stop()
            self._stack = None


def table_dict(table: Any) -> dict:
    """A bench.report.Table as plain data (results.json, docs/benchmarks.md)."""
    return {"title": table.title, "headers": table.headers, "rows": table.rows, "right": sorted(table.right)}
