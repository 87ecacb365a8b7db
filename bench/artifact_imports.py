"""Cold import of each handler from its unpacked artifact, beside a bare `import chalice, boto3, pynamodb`
from the same folder: as Lambda imports it (CPython of the runtime's version, `-I -S -B`, only
the function's folder, the shared layer and the runtime's SDK on sys.path, all read-only).

    python -m bench.artifact_imports [--runs 5]      # writes bench/results-artifacts.json

The artifacts are built by infra.package for this machine (target host), as the artifact tests
build them. Targets: handler ≤ 1.3 × bare and ≤ 0.4 s (medians of fresh processes).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.artifact import harness

ROOT = Path(__file__).resolve().parent.parent
BARE = "import chalice, boto3, pynamodb"
RATIO_TARGET, SECONDS_TARGET = 1.3, 0.4
_TIMED = ("import sys, time; sys.path[:] = {paths!r} + [p for p in sys.path if '-packages' not in p]; "
          "t = time.perf_counter(); {target}; print(time.perf_counter() - t)")


def _once(built: harness.Built, service: str, target: str) -> float:
    paths = [str(built.functions[service]), str(built.layer), str(built.runtime)]
    env = {"PATH": "/usr/bin:/bin", "STAGE": "dev", "RESOURCE_PREFIX": "sahkar-bench", "LANG": "C.UTF-8",
           "SIGNING_SECRET": "bench-signing-secret-" + "x" * 30,
           "OUTBOX_KEY": "d2hhdGV2ZXItMzItYnl0ZXMtb2Yta2V5LW1hdGVyaWE=", "AWS_DEFAULT_REGION": "ap-south-1",
           "SAHKAR_CORS_ORIGIN": "https://sahkar.example.gov.in"}   # a deployed stage names its web origin
    done = subprocess.run([built.python, "-I", "-S", "-B", "-c", _TIMED.format(paths=paths, target=target)],  # noqa: S603
                          cwd=paths[0], env=env, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{service}: {target} failed:\n{done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def measure(runs: int) -> dict:
    from infra.discover import function_modules

    services = function_modules(ROOT)
    with tempfile.TemporaryDirectory(prefix="sahkar-artifacts-") as tmp:
        built = harness.build(Path(tmp), services)
        sizes = {name: info["bytes"] for name, info in built.manifest.items()}
        rows = {}
        for service in services:
            bare, handler = [], []
            for _ in range(runs):       # interleaved, so load on the machine hits both alike
                bare.append(_once(built, service, BARE))
                handler.append(_once(built, service, f"import functions.{service}"))
            b, h = statistics.median(bare), statistics.median(handler)
            rows[service] = {"bare_s": round(b, 4), "handler_s": round(h, 4), "ratio": round(h / b, 2),
                             "ok": h / b <= RATIO_TARGET and h <= SECONDS_TARGET}
        # make the test folders writable again so the temporary directory can go
        for path in Path(tmp).rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
    return {"python": built.python, "runs": runs, "targets": {"ratio": RATIO_TARGET, "seconds": SECONDS_TARGET},
            "imports": rows, "zip_bytes": sizes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results-artifacts.json")
    args = parser.parse_args(argv)
    result = measure(args.runs)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"cold import from the unpacked artifacts ({result['python']}, median of {args.runs}):")
    print(f"{'handler':<15}{'bare s':>9}{'handler s':>11}{'ratio':>7}  target ≤{RATIO_TARGET}× and ≤{SECONDS_TARGET} s")
    for service, row in result["imports"].items():
        print(f"{service:<15}{row['bare_s']:>9.3f}{row['handler_s']:>11.3f}{row['ratio']:>7.2f}  "
              f"{'ok' if row['ok'] else 'OVER'}")
    total = sum(result["zip_bytes"].values())
    print("zips: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sorted(result["zip_bytes"].items()))
          + f"; total {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def section(ctx: Any) -> dict:
    """bench.run's `artifacts` section: cold imports from the unpacked artifacts (smoke: one run)."""
    from bench import report
    from bench.context import table_dict

    runs = int(ctx.overrides.get("artifacts.runs", {"smoke": 1, "quick": 3, "full": 7}[ctx.profile]))
    result = measure(runs)
    table = report.Table(f"Cold import of each handler from its unpacked artifact ({result['python']}, "
                         f"median of {runs}) vs bare chalice+boto3+pynamodb from the same folder",
                         ["handler", "bare s", "handler s", "ratio", f"≤{RATIO_TARGET}× and ≤{SECONDS_TARGET} s"],
                         right={1, 2, 3})
    for service, row in result["imports"].items():
        table.rows.append([service, f"{row['bare_s']:.3f}", f"{row['handler_s']:.3f}", f"{row['ratio']:.2f}×",
                           "ok" if row["ok"] else "over"])
    sizes = report.Table("Artifact sizes (lambda layout, this machine's wheels)", ["artifact", "MB"], right={1})
    for name, size in sorted(result["zip_bytes"].items()):
        sizes.rows.append([name, f"{size / 1e6:.2f}"])
    return {"figures": result, "tables": [table_dict(table), table_dict(sizes)]}
