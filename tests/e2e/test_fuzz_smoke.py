"""`make fuzz` at its smallest, so it cannot rot: both profiles, one example per operation.

Starts its own throw-away stack (free ports), like `make fuzz`; fails on any 5xx (and, for the
schema profile, on any response that breaks its own schema).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_fuzz_smallest_run_has_no_5xx():
    env = {**os.environ, "FUZZ_EXAMPLES": "1", "FUZZ_PHASES": "examples", "FUZZ_PROFILE": "all"}
    env.pop("FUZZ_PATHS", None)
    run = subprocess.run([sys.executable, "-m", "stack.fuzz"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=1200, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    assert "hostile profile: " in output and " 0 answered 5xx" in output, output[-4000:]
