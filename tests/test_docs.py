"""The README's table is current, and every link between notebooks and docs points at a real file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
LINK = re.compile(r"\]\(([^)#\s]+?)(?:#[^)]*)?\)")


def local_links(text: str) -> list[str]:
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


def test_readme_table_is_current() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "readme.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_link_checker_finds_links() -> None:
    assert local_links("see [01](01-a.ipynb) and [web](https://x.org) and [d](data/README.md#x)") == ["01-a.ipynb",
                                                                                                       "data/README.md"]


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md", "data/README.md"])
def test_doc_links_resolve(doc: str) -> None:
    path = ROOT / doc
    missing = [t for t in local_links(path.read_text(encoding="utf-8")) if not (path.parent / t).exists()]
    assert missing == []


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_links_resolve(nb: Path) -> None:
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    missing = [t for t in local_links(text) if not (nb.parent / t).exists()]
    assert missing == [], f"{nb.name} links to files that do not exist: {missing}"
