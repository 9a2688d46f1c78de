"""ruff finds nothing in the project: kit/, tests/, tools/, benchmarks/, tasks.py and the notebooks'
code cells, with the rules and exclusions of pyproject.toml's [tool.ruff] (files git ignores are
skipped too). A failure lists ruff's own findings, one per line as ``file:line:column: CODE message``.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(find_spec("ruff") is None, reason="ruff is not installed (it is in the test extra)")


def ruff_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``ruff check`` from the repository root: no cache written, nothing fixed, one line per finding."""
    cmd = [sys.executable, "-m", "ruff", "check", "--no-cache", "--no-fix", "--output-format", "concise",
           *[str(a) for a in args]]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    run = ruff_check(".")
    if run.returncode != 0:  # the findings alone, without pytest's repr of the process
        pytest.fail(f"ruff check . (exit code {run.returncode}):\n{run.stdout}{run.stderr}", pytrace=False)


def test_ruff_reports_file_line_and_code(tmp_path: Path) -> None:
    # the check above can fail: the project's configuration flags an unused import and a long line
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n\nTEXT = '" + "x" * 120 + "'\n", encoding="utf-8")
    run = ruff_check("--config", ROOT / "pyproject.toml", bad)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{bad}:1:8: F401" in run.stdout and f"{bad}:3:121: E501" in run.stdout, run.stdout
