"""nbval runs every lesson on every article besides the case study, as CI must.

The main nbval run (``tests notebooks``) runs the lessons on the case study and checks their key
figures. Here each lesson is copied with its ``nbval-check-output`` tags removed (those figures
belong to the case study) and run by nbval in a child pytest with ``KIT_ARTICLE`` set, so every
cell must execute without error on the other article.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = "rfa-2022-01-20-france-assembly-uyghur"
OTHERS = sorted(p.name for p in (ROOT / "data" / "articles").iterdir()
                if p.is_dir() and not p.name.startswith((".", "_")) and p.name != DEFAULT)


def untagged_copies(dest: Path) -> list[Path]:
    """The lessons without their checked outputs, written into ``dest``."""
    out = []
    for src in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        for cell in nb.cells:
            tags = [t for t in cell.metadata.get("tags", []) if t != "nbval-check-output"]
            cell.metadata["tags"] = tags
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, dest / src.name)
        out.append(dest / src.name)
    return out


def test_copies_lose_only_the_checked_outputs(tmp_path: Path) -> None:
    copies = untagged_copies(tmp_path)
    assert len(copies) == len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
    for nb in map(lambda p: nbformat.read(p, as_version=4), copies):
        assert not any("nbval-check-output" in c.metadata.get("tags", []) for c in nb.cells)


@pytest.mark.skipif(not OTHERS, reason="the data holds only the case study")
@pytest.mark.parametrize("article", OTHERS)
def test_every_lesson_under_nbval(article: str, tmp_path: Path) -> None:
    lessons = tmp_path / "notebooks"
    lessons.mkdir()
    untagged_copies(lessons)
    env = {**os.environ, "KIT_ARTICLE": article, "KIT_PROGRESS_DIR": str(tmp_path / "progress"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("PYTEST_ADDOPTS", None)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                          "--nbval-current-env", str(lessons)], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and " failed" not in run.stdout
