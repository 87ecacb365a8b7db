"""`make bench` cannot rot: every section registered in bench/run.py runs once at its smallest
size (`python -m bench.run --smoke`). No timing is asserted; a section fails here only when it
breaks (raises, reports an error, or returns no figures). A new section is covered by registering it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import run

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", list(run.SECTIONS))
def test_section_runs_at_its_smallest_size(name, tmp_path):
    out, docs = tmp_path / "results.json", tmp_path / "benchmarks.md"
    done = subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--only", name, "--out", str(out),
                           "--docs", str(docs)], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert out.exists(), done.stderr[-3000:]
    section = json.loads(out.read_text())["sections"][name]
    assert "error" not in section, section.get("traceback") or section["error"]
    assert done.returncode == 0, done.stderr[-3000:]
    assert section.get("figures"), f"{name} returned no figures"
    text = docs.read_text()
    assert f"## {name}" in text and "load average" in text


def test_a_broken_section_fails_the_run(tmp_path, monkeypatch):
    """The smoke run would have caught the crash of issue 18: a section that raises makes the run fail
    and names the section, with its error."""
    out = tmp_path / "section.json"
    monkeypatch.setitem(run.SECTIONS, "imports", "bench.no_such_module:section")
    status = run.run_child("imports", "smoke", {}, out)
    result = json.loads(out.read_text())
    assert status == 1
    assert "ModuleNotFoundError" in result["error"]
