"""Cold-start cost: import time of each Lambda module (functions/*.py) in fresh processes,
beside a bare `import chalice, boto3, pynamodb` measured the same way in the same run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from bench.stats import ratio, summary

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "chalice, boto3, pynamodb"
_TIMED = "import time; t = time.perf_counter(); import {target}; print(time.perf_counter() - t)"
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
    """What `module` imports on top of the baseline, by top-level package (`python -X importtime`
    self times summed; the profiler inflates them, so read them as shares, not as cold-start ms)."""
    code = f"import {BASELINE}; import sys; sys.stderr.write('{_MARK}\\n'); import {module}"
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


def measure(stack_env: dict[str, str], runs: int = 9, progress: object = None) -> dict:
    """Median of `runs` fresh processes per target, interleaved round-robin so that drift in the
    machine's load hits every target alike. One untimed run first writes the .pyc files."""
    env = child_env(stack_env)
    targets = {"baseline": BASELINE, **{m: m for m in function_modules()}}
    errors: dict[str, str] = {}
    for name, target in list(targets.items()):
        try:
            _once(target, env)
        except RuntimeError as exc:
            if name == "baseline":
                raise
            errors[name] = str(exc).splitlines()[-1]
            del targets[name]
            if progress:
                progress(runs)
    samples: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, target in targets.items():
            samples[name].append(_once(target, env))
            if progress:
                progress(1)
    base = summary(samples["baseline"])
    result: dict[str, dict] = {"baseline": {"imports": BASELINE, **base, "samples_ms": _ms(samples["baseline"])}}
    for name in function_modules():
        if name in errors:
            result[name] = {"error": errors[name], "n": 0}
            continue
        figure = summary(samples[name])
        figure["ratio"] = ratio(figure["median_ms"], base["median_ms"])
        figure["samples_ms"] = _ms(samples[name])
        figure["extra_imports"] = heaviest(name, env)
        result[name] = figure
    return result


def _ms(samples: list[float]) -> list[float]:
    return [round(s * 1000, 2) for s in samples]
