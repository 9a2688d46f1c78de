"""The pieces of tools/lite.py that decide what the no-server site may contain (no build, no browser).

The whole build, served and used in Chromium, is tests/browser/test_lite.py.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_lite():
    spec = importlib.util.spec_from_file_location("kit_tools_lite", ROOT / "tools" / "lite.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


lite = _load_lite()


def _site(tmp_path: Path, kernel: dict, lock_url: str = "../../static/pyodide-lock/x-1-py3-none-any.whl") -> Path:
    (tmp_path / "static" / "pyodide-lock").mkdir(parents=True)
    config = {"jupyter-config-data": {"litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel}}}
    (tmp_path / "jupyter-lite.json").write_text(json.dumps(config), encoding="utf-8")
    lock = {"packages": {"x": {"file_name": lock_url}}}
    (tmp_path / "static" / "pyodide-lock" / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    return tmp_path


def test_offline_check_passes_a_local_site(tmp_path: Path) -> None:
    lite.check_offline(_site(tmp_path, {"disablePyPIFallback": True, "pyodideUrl": "./static/pyodide/pyodide.mjs"}))


@pytest.mark.parametrize("url", ["https://cdn.jsdelivr.net/pyodide/v314.0.6/full/x.whl",
                                 "https://files.pythonhosted.org/packages/x.whl", "https://pypi.org/simple/x/"])
def test_offline_check_refuses_a_remote_package(tmp_path: Path, url: str) -> None:
    with pytest.raises(SystemExit, match="fetch from the internet"):
        lite.check_offline(_site(tmp_path, {"disablePyPIFallback": True}, lock_url=url))


def test_offline_check_wants_the_pypi_fallback_off(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="disablePyPIFallback"):
        lite.check_offline(_site(tmp_path, {"disablePyPIFallback": False}))


def test_site_wheels_are_pinned_and_pure_python_names() -> None:
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", w) for w in lite.WHEELS), lite.WHEELS
    names = {w.split("==")[0].lower().replace("_", "-") for w in lite.WHEELS}
    assert not names & {"numpy", "matplotlib", "rpds-py", "pexpect", "ptyprocess"}
    assert "jsonschema==4.17.3" in lite.WHEELS  # 4.18+ needs rpds-py (no WebAssembly wheel)


def test_browser_wheel_dependencies_replace_the_projects(tmp_path: Path) -> None:
    """The pyproject rewrite finds the dependency list of the real pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r"(?ms)^dependencies = \[.*?^\]", text), "pyproject.toml's dependencies list moved"
    deps = {d.split(">")[0].split("=")[0].split("<")[0] for d in lite.LITE_DEPENDENCIES}
    assert "matplotlib" not in deps and "jupyterlab" not in deps and "pyyaml" in deps


def test_landing_page_keeps_the_config_and_says_where_answers_stay(tmp_path: Path) -> None:
    for edition in lite.EDITIONS:
        (tmp_path / "files" / edition / "notebooks").mkdir(parents=True)
        (tmp_path / "files" / edition / "notebooks" / "00-start-here.ipynb").write_text("{}", encoding="utf-8")
    config = '<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">{}</script>'
    (tmp_path / "index.html").write_text(f"<html><head>{config}</head></html>", encoding="utf-8")
    lite.write_landing_page(tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert config in page
    assert 'href="lab/index.html?path=student/notebooks/00-start-here.ipynb"' in page
    assert 'href="lab/index.html?path=teacher/notebooks/00-start-here.ipynb"' in page
    assert "stay in this browser" in page and "Forget my answers" in page


def test_landing_page_refuses_a_page_without_the_config(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(SystemExit, match="jupyter-config-data"):
        lite.write_landing_page(tmp_path)


def test_build_python_is_found_or_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(lite.sys, "version_info", (3, 11, 0))
    monkeypatch.setattr(lite.shutil, "which", lambda name: None)
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))  # no versions there
    with pytest.raises(SystemExit, match=r"Python 3\.12 or newer.*pyenv install 3\.12"):
        lite.find_build_python()


def test_site_key_changes_with_what_the_site_is_made_of(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`tasks.py lite` skips the build only while nothing the site is built from has changed."""
    for rel in lite.SITE_SOURCES:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if "." in Path(rel).name:
            path.write_text("one", encoding="utf-8")
        else:
            path.mkdir(exist_ok=True)
            (path / "x.py").write_text("one", encoding="utf-8")
    monkeypatch.setattr(lite, "ROOT", tmp_path)
    monkeypatch.setattr(lite, "WORK", tmp_path / "build" / "lite-work")
    monkeypatch.setattr(lite, "LITE_VENV", tmp_path / ".venv-lite")
    python, out = tmp_path / "python", tmp_path / "site"
    first = lite.site_key(python, out)
    assert lite.site_key(python, out) == first
    (tmp_path / "kit" / "__pycache__").mkdir()
    (tmp_path / "kit" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert lite.site_key(python, out) == first, "bytecode of the project's own Python is not a source"
    assert lite.site_key(python, tmp_path / "elsewhere") != first
    (tmp_path / "data" / "x.py").write_text("two", encoding="utf-8")
    assert lite.site_key(python, out) != first
