"""Students' routes open the student edition: `tasks.py lab --student`, the Binder links, the stable path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture()
def tasks(monkeypatch: pytest.MonkeyPatch) -> Any:
    mod = _module(ROOT / "tasks.py", "tasks_under_test")
    calls: list[list[str]] = []
    monkeypatch.setattr(mod, "ensure_environment", lambda extras=(): Path(sys.executable))
    monkeypatch.setattr(mod, "run", lambda cmd: calls.append([str(c) for c in cmd]) or 0)
    monkeypatch.setattr(mod.os, "execv", lambda exe, argv: calls.append(list(argv)))
    monkeypatch.setattr(mod.os, "chdir", lambda path: None)
    mod.calls = calls
    return mod


def test_lab_student_builds_the_student_edition_and_serves_only_it(tasks: Any) -> None:
    tasks.lab(["--student"])
    build, lab = tasks.calls[0], tasks.calls[1]  # (execv is stubbed, so run() follows it)
    assert build[1:] == ["-m", "kit", "editions", "--out", "build"]
    assert f"--ServerApp.root_dir={ROOT / 'build' / 'student'}" in lab and "--student" not in lab


def test_lab_stays_the_teachers_route(tasks: Any) -> None:
    tasks.lab([])
    lab = tasks.calls[0]
    assert f"--ServerApp.root_dir={ROOT}" in lab and "notebooks/00-start-here.ipynb" in lab


def test_the_edition_path_is_stable_and_every_student_link_uses_it(tmp_path: Path) -> None:
    from kit.editions import build

    build(tmp_path / "build")
    assert (tmp_path / "build" / "student" / "notebooks" / "00-start-here.ipynb").is_file()
    readme = _module(ROOT / "tools" / "readme.py", "readme_under_test")
    assert readme.STUDENT_NOTEBOOKS == "build/student/notebooks"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = [line for line in text.splitlines() if "mybinder.org/v2" in line]
    assert links and all("urlpath=lab/tree/build/student/notebooks/" in line for line in links)
    assert "python3 tasks.py lab --student" in text


def test_each_edition_says_which_it_is_on_its_first_screen(tmp_path: Path) -> None:
    import json

    from kit.editions import build

    build(tmp_path / "b")
    for edition, words in (("student", "**Student edition.**"), ("teacher", "**Teacher edition.**")):
        for nb in sorted((tmp_path / "b" / edition / "notebooks").glob("*.ipynb")):
            cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
            assert words in "".join(cells[1]["source"]), (edition, nb.name)
