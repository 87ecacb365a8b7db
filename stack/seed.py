"""Seed synthetic societies into the local stack (idempotent; shows a progress bar).

    python -m stack.seed --count 50000
"""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm


def seed_societies(count: int, show_progress: bool = True) -> int:
    from chalicelib.societies import importer
    from stack.seed_data import societies

    rows = list(societies(count))
    report = importer.validate(rows, check_existing=True)
    if report.rejected:
        raise SystemExit(f"seed data failed validation: {report.rejected[:3]}")
    todo = report.valid
    if not todo:
        return 0
    with tqdm(total=len(todo), desc="seeding societies", unit="soc", file=sys.stderr,
              disable=not show_progress) as bar:
        importer.write(todo, actor="stack-seed", progress=bar.update)
    return len(todo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    written = seed_societies(args.count, show_progress=not args.quiet)
    print(f"societies written: {written}")


if __name__ == "__main__":
    main()
