"""Cold-start cost: import time of each Lambda module (functions/*.py) in fresh processes,
beside a bare `import chalice, boto3, pynamodb` measured the same way in the same run.

The timer starts after interpreter start-up, so only the imports are measured."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.stats import ratio, summary

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "import chalice, boto3, pynamodb"
# For reading the ratios, not a target: what any API function of this stack must import at the
# least (`import pynamodb` alone loads neither its models nor its connection; the edge
# validates with pydantic, whose BaseModel machinery is a separate ~50 ms).
FLOOR = "import chalice, boto3, pynamodb.models; from pydantic import BaseModel"
_TIMED = "import time; t = time.perf_counter(); {target}; print(time.perf_counter() - t)"
_MARK = "--bench-mark--"


def function_modules(root: Path = ROOT) -> list[str]:
    return sorted(f"functions.{p.stem}" for p in (root / "functions").glob("*.py") if p.stem != "__init__")


def child_env(stack_env: dict[str, str]) -> dict[str, str]:
    """The environment of the local stack (stack.env.local_aws_env): set keys, drop empty ones."""
    env = dict(os.environ)
    for key, value in stack_env.items():
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _once(target: str, env: dict[str, str]) -> float:
    done = subprocess.run([sys.executable, "-c", _TIMED.format(target=target)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"import {target} failed:\n{done.stderr.strip()[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def heaviest(module: str, env: dict[str, str], top: int = 6) -> list[dict]:
    """What `module` imports on top of the floor (the libraries it cannot do without), by top-level
    package (`python -X importtime` self times summed; the profiler inflates them, so read them as
    shares, not as cold-start ms)."""
    code = f"{FLOOR}; import sys; sys.stderr.write('{_MARK}\\n'); import {module}"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        return []
    lines = done.stderr.splitlines()
    after = lines[lines.index(_MARK) + 1:] if _MARK in lines else []
    by_root: dict[str, int] = defaultdict(int)
    modules: dict[str, int] = defaultdict(int)
    for line in after:
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        try:
            self_us = int(parts[0].split(":")[1])
        except ValueError:
            continue  # the header line
        name = parts[2].strip()
        by_root[name.split(".")[0]] += self_us
        modules[name] += self_us
    ranked = sorted(by_root.items(), key=lambda kv: kv[1], reverse=True)[:top]
    return [{"package": name, "self_ms": round(us / 1000, 1),
             "modules": sum(1 for m in modules if m.split(".")[0] == name)} for name, us in ranked]


def _rounds(targets: dict[str, str], env: dict[str, str], runs: int, progress: object) -> dict[str, list[float]]:
    """`runs` rounds, each importing every target once in a fresh process, round-robin so that
    drift in the machine's load hits every target alike."""
    samples: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, target in targets.items():
            samples[name].append(_once(target, env))
            if progress:
                progress(1)
    return samples


def measure(stack_env: dict[str, str], runs: int = 9, cold_runs: int = 3, progress: object = None,
            modules: list[str] | None = None) -> dict:
    """Two regimes, each with the baseline measured the same way in the same run:

    - with .pyc: bytecode for everything (libraries and our code alike) cached beforehand in a
      private PYTHONPYCACHEPREFIX by one untimed run; the import graph's own weight.
    - without .pyc, as on Lambda: `make package` ships neither .pyc files nor __pycache__
      (pip --no-compile, .pyc skipped) and /var/task is read-only, so every cold start compiles
      every module it imports from source. An empty PYTHONPYCACHEPREFIX that is never written
      gives the same here, for the baseline and for us.
    """
    base_env = child_env(stack_env)
    modules = function_modules() if modules is None else modules
    targets = {"baseline": BASELINE, "floor": FLOOR, **{m: f"import {m}" for m in modules}}
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="bench-pyc-") as warm_dir, \
            tempfile.TemporaryDirectory(prefix="bench-nopyc-") as cold_dir:
        warm_env = {**base_env, "PYTHONPYCACHEPREFIX": warm_dir}
        warm_env.pop("PYTHONDONTWRITEBYTECODE", None)
        cold_env = {**base_env, "PYTHONPYCACHEPREFIX": cold_dir, "PYTHONDONTWRITEBYTECODE": "1"}
        for name, target in list(targets.items()):
            try:
                _once(target, warm_env)  # compiles and caches the bytecode
            except RuntimeError as exc:
                if name == "baseline":
                    raise
                errors[name] = str(exc).splitlines()[-1]
                del targets[name]
                if progress:
                    progress(runs + cold_runs)
        warm = _rounds(targets, warm_env, runs, progress)
        cold = _rounds(targets, cold_env, cold_runs, progress)
        extras = {name: heaviest(name, warm_env) for name in targets if name.startswith("functions.")}
    base, base_cold = summary(warm["baseline"]), summary(cold["baseline"])
    result: dict[str, dict] = {"baseline": {"imports": BASELINE, **base, "samples_ms": _ms(warm["baseline"]),
                                            "no_pyc": {**base_cold, "samples_ms": _ms(cold["baseline"])}}}
    for name in ["floor", *modules]:
        if name in errors:
            result[name] = {"error": errors[name], "n": 0}
            continue
        figure = summary(warm[name])
        figure["ratio"] = ratio(figure["median_ms"], base["median_ms"])
        figure["samples_ms"] = _ms(warm[name])
        no_pyc = summary(cold[name])
        no_pyc["ratio"] = ratio(no_pyc["median_ms"], base_cold["median_ms"])
        no_pyc["samples_ms"] = _ms(cold[name])
        figure["no_pyc"] = no_pyc
        figure["extra_imports"] = extras.get(name, [])
        if name == "floor":
            figure["imports"] = FLOOR
        result[name] = figure
    return result


def _ms(samples: list[float]) -> list[float]:
    return [round(s * 1000, 2) for s in samples]


# --- the section, as bench/run.py calls it -------------------------------------------------------

IMPORT_TARGET = 1.3   # each functions/*.py within 1.3× a bare `import chalice, boto3, pynamodb`


def section(ctx: object) -> dict:
    """Runs first in its process, before any AWS endpoint is up: a module that called AWS at import
    would fail here."""
    from tqdm import tqdm

    from bench import report
    from bench.context import table_dict
    from bench.local import PREFIX
    from stack.env import free_port, local_aws_env

    stack_env = local_aws_env(free_port(), prefix=PREFIX)
    runs, cold_runs = ctx.repeat("import_runs"), ctx.repeat("no_pyc_runs")
    # the smoke run imports two of the modules: it checks that the section works, not the figures
    modules = function_modules()[:2] if ctx.profile == "smoke" else function_modules()
    with tqdm(total=(runs + cold_runs) * (len(modules) + 2), desc="import timing", unit="proc",
              file=sys.stderr, dynamic_ncols=True) as bar:
        result = measure(stack_env, runs=runs, cold_runs=cold_runs, progress=bar.update, modules=modules)
    for name, fig in result.items():
        if name.startswith("functions.") and "error" not in fig:
            fig["target"] = IMPORT_TARGET
            fig["met"] = fig["ratio"] is not None and fig["ratio"] <= IMPORT_TARGET
    failed = [n for n, f in result.items() if "error" in f]
    slow = [n for n, f in result.items() if n.startswith("functions.") and "error" not in f and not f.get("met")]
    line = (f"{report.OK if not slow else report.FAIL} imports: "
            + (f"every functions/*.py within {IMPORT_TARGET}× the baseline" if not slow else
               f"over {IMPORT_TARGET}×: " + ", ".join(f"{n} {report.fmt_ratio(result[n].get('ratio'))}"
                                                      for n in slow)))
    note = ("Imports: time to import the module in a fresh interpreter (interpreter start-up excluded). The target "
            "is judged with bytecode cached for everything (private PYTHONPYCACHEPREFIX). 'no .pyc (Lambda)' "
            "compiles every module from source, as a cold start does on Lambda (`make package` ships no .pyc; "
            "/var/task is read-only). The floor row is what any API function of this stack imports at the least "
            "(pynamodb's models, pydantic's BaseModel): a reading aid, no target.")
    out = {"figures": result, "tables": [table_dict(report.import_table(result, IMPORT_TARGET))],
           "lines": [line], "notes": [note]}
    if failed:
        out["error"] = "import failed for " + ", ".join(failed)
    return out
