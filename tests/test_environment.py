"""One set of exact versions: requirements.lock, made from pyproject.toml, installed everywhere.

- the lock pins every package to one version (``==``) and satisfies every requirement of
  ``pyproject.toml`` (runtime and every extra);
- Binder's ``environment.yml`` pins the Python the lock was made for and leaves everything else to
  ``postBuild``, which installs the lock, then the project with ``--no-deps``, then builds the
  student edition;
- the environment these tests run in holds exactly the lock's versions (``tasks.py`` installs it).

The checks are functions, run below on the real files and on drifted copies, so each can fail.
"""
from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest
import tomllib
import yaml
from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK_COMMAND = "python3 tasks.py lock"


def _tasks_constant(name: str) -> str:
    """A string constant of tasks.py (read, not imported: tasks.py is a script)."""
    match = re.search(rf'^{name} = "([^"]+)"', (ROOT / "tasks.py").read_text(encoding="utf-8"), re.M)
    assert match, f"tasks.py defines no {name}"
    return match.group(1)


def _marker_env(python: str) -> dict[str, str]:
    """The platform the lock is checked for: Linux (Binder, the hub, CI) and a Python version
    (``3.11`` or a full one, ``3.11.7``: a universal lock can pin by patch release)."""
    minor = ".".join(python.split(".")[:2])
    full = python if python.count(".") >= 2 else f"{python}.0"
    return {"python_version": minor, "python_full_version": full, "sys_platform": "linux",
            "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64",
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "extra": ""}


def read_lock(path: Path, python: str) -> tuple[dict[str, Version], list[str]]:
    """The lock's pins that apply on Linux with ``python``, and every problem with its lines."""
    pins: dict[str, Version] = {}
    problems: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            problems.append(f"{path.name} line {number}: {line!r} is not a requirement ({exc})")
            continue
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            problems.append(f"{path.name} line {number}: {line!r} is not pinned to one exact version (==)")
            continue
        if req.marker is not None and not req.marker.evaluate(_marker_env(python)):
            continue
        name = canonicalize_name(req.name)
        if name in pins:
            problems.append(f"{path.name} line {number}: {req.name} is pinned twice for Linux, Python {python}")
        pins[name] = Version(specs[0].version)
    if LOCK_COMMAND not in path.read_text(encoding="utf-8"):
        problems.append(f"{path.name}: its header does not name the command that remakes it ({LOCK_COMMAND!r})")
    return pins, problems


def lock_drift(pyproject: Path, lock: Path, python: str) -> list[str]:
    """Every requirement of pyproject.toml (runtime and extras) that the lock misses or breaks."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pins, problems = read_lock(lock, python)
    groups = {"[project] dependencies": project.get("dependencies", [])}
    groups.update({f"extra '{k}'": v for k, v in project.get("optional-dependencies", {}).items()})
    for where, lines in groups.items():
        for line in lines:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate(_marker_env(python)):
                continue
            pinned = pins.get(canonicalize_name(req.name))
            if pinned is None:
                problems.append(f"{lock.name} has no {req.name} ({where} of {pyproject.name} needs {line!r}); "
                                f"run `{LOCK_COMMAND}`")
            elif not req.specifier.contains(pinned, prereleases=True):
                problems.append(f"{lock.name} pins {req.name}=={pinned}, but {where} of {pyproject.name} says "
                                f"{line!r}; run `{LOCK_COMMAND}`")
    return problems


def binder_drift(environment: Path, post_build: Path, python: str) -> list[str]:
    """environment.yml pins the lock's Python and nothing else; postBuild installs the lock."""
    env = yaml.safe_load(environment.read_text(encoding="utf-8")) or {}
    problems: list[str] = []
    deps = env.get("dependencies") or []
    conda = [str(d).strip() for d in deps if not isinstance(d, dict)]
    if sorted(conda) != sorted([f"python={python}", "pip"]):
        problems.append(f"{environment.name}: conda dependencies should be exactly ['python={python}', 'pip'] "
                        f"(the Python requirements.lock was made for), found {conda}")
    pip_sections = [d for d in deps if isinstance(d, dict)]
    if pip_sections:
        problems.append(f"{environment.name}: has a pip: section {pip_sections}; every package comes from "
                        "requirements.lock through postBuild, so versions cannot drift")
    if not post_build.is_file():
        return problems + [f"{post_build.name} is missing: Binder would not install requirements.lock"]
    steps = [line.strip() for line in post_build.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.strip().startswith("#")]
    wanted = [("install requirements.lock", r"pip install .*-r requirements\.lock\b"),
              ("install the project with --no-deps", r"pip install .*--no-deps .*(-e )?\.$"),
              ("build the student edition in build/", r"-m kit editions --out build/?$")]
    at = -1
    for what, pattern in wanted:
        found = next((i for i, s in enumerate(steps) if re.search(pattern, s)), None)
        if found is None:
            problems.append(f"{post_build.name} does not {what}")
        elif found < at:
            problems.append(f"{post_build.name} does not {what} after the step before it")
        else:
            at = found
    return problems


@pytest.mark.parametrize("patch", ["0", "99"])
def test_lock_satisfies_pyproject(patch: str) -> None:
    python = f"{_tasks_constant('LOCK_PYTHON')}.{patch}"  # the earliest and the latest patch release
    problems = lock_drift(ROOT / "pyproject.toml", ROOT / "requirements.lock", python)
    assert not problems, "\n".join(problems)


def test_binder_installs_the_lock() -> None:
    problems = binder_drift(ROOT / "environment.yml", ROOT / "postBuild", _tasks_constant("LOCK_PYTHON"))
    assert not problems, "\n".join(problems)


def test_this_environment_holds_the_locked_versions() -> None:
    """tasks.py installed the lock: every locked package is here, at its locked version."""
    import platform

    pins, problems = read_lock(ROOT / "requirements.lock", platform.python_version())
    assert not problems, "\n".join(problems)
    wrong = []
    for name, version in sorted(pins.items()):
        try:
            installed = Version(importlib.metadata.version(name))
        except importlib.metadata.PackageNotFoundError:
            wrong.append(f"{name}: locked {version}, not installed")
            continue
        if installed != version:
            wrong.append(f"{name}: locked {version}, installed {installed}")
    assert not wrong, ("the test environment is not the lock (run `python3 tasks.py test`, which "
                       "installs it):\n" + "\n".join(wrong))


# --- the checks themselves, on drifted copies -------------------------------------------------

PYPROJECT = """\
[project]
name = "demo"
dependencies = ["pyyaml>=6.0", "ipywidgets>=8.1", "pywin32>=300; sys_platform == 'win32'"]
[project.optional-dependencies]
hub = ["voila>=0.5.13"]
"""

LOCK = f"""\
# This file was autogenerated by uv via the following command:
#    {LOCK_COMMAND}
pyyaml==6.0.3
ipywidgets==8.1.9
    # via demo
voila==0.5.13
appnope==1.0.0 ; sys_platform == 'darwin'
"""

ENV = "name: demo\ndependencies:\n  - python=3.11\n  - pip\n"
POST_BUILD = ("#!/bin/bash\npython -m pip install -r requirements.lock\npython -m pip install --no-deps -e .\n"
              "python -m kit editions --out build/\n")


def _lock_drift(tmp_path: Path, lock: str, pyproject: str = PYPROJECT) -> list[str]:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (tmp_path / "requirements.lock").write_text(lock, encoding="utf-8")
    return lock_drift(tmp_path / "pyproject.toml", tmp_path / "requirements.lock", "3.11")


def _binder_drift(tmp_path: Path, env: str = ENV, post_build: str | None = POST_BUILD) -> list[str]:
    (tmp_path / "environment.yml").write_text(env, encoding="utf-8")
    if post_build is not None:
        (tmp_path / "postBuild").write_text(post_build, encoding="utf-8")
    return binder_drift(tmp_path / "environment.yml", tmp_path / "postBuild", "3.11")


def test_matching_lock_passes(tmp_path: Path) -> None:
    assert _lock_drift(tmp_path, LOCK) == []


def test_lock_missing_an_extra_is_named(tmp_path: Path) -> None:
    assert _lock_drift(tmp_path, LOCK.replace("voila==0.5.13\n", "")) == [
        "requirements.lock has no voila (extra 'hub' of pyproject.toml needs 'voila>=0.5.13'); "
        f"run `{LOCK_COMMAND}`"]


def test_lock_too_old_for_pyproject_is_named(tmp_path: Path) -> None:
    problems = _lock_drift(tmp_path, LOCK.replace("ipywidgets==8.1.9", "ipywidgets==8.0.7"))
    assert problems == ["requirements.lock pins ipywidgets==8.0.7, but [project] dependencies of pyproject.toml "
                        f"says 'ipywidgets>=8.1'; run `{LOCK_COMMAND}`"]


def test_lock_with_a_range_is_refused(tmp_path: Path) -> None:
    problems = _lock_drift(tmp_path, LOCK.replace("pyyaml==6.0.3", "pyyaml>=6.0"))
    assert problems[0] == "requirements.lock line 3: 'pyyaml>=6.0' is not pinned to one exact version (==)"


def test_lock_without_its_command_is_named(tmp_path: Path) -> None:
    assert _lock_drift(tmp_path, LOCK.replace(LOCK_COMMAND, "pip freeze")) == [
        f"requirements.lock: its header does not name the command that remakes it ({LOCK_COMMAND!r})"]


def test_matching_binder_files_pass(tmp_path: Path) -> None:
    assert _binder_drift(tmp_path) == []


@pytest.mark.parametrize(("env", "start"), [
    (ENV.replace("python=3.11", "python=3.12"), "environment.yml: conda dependencies should be exactly"),
    (ENV.replace("python=3.11", "python"), "environment.yml: conda dependencies should be exactly"),
    (ENV + "  - pip:\n      - voila\n", "environment.yml: has a pip: section"),
])
def test_binder_environment_drift_is_named(tmp_path: Path, env: str, start: str) -> None:
    problems = _binder_drift(tmp_path, env)
    assert len(problems) == 1 and problems[0].startswith(start), problems


def test_post_build_must_install_the_lock_then_the_project(tmp_path: Path) -> None:
    assert _binder_drift(tmp_path, post_build=None) == [
        "postBuild is missing: Binder would not install requirements.lock"]
    swapped = POST_BUILD.replace("-r requirements.lock", "-e .").replace("--no-deps -e .", "-r requirements.lock")
    assert "postBuild does not install the project with --no-deps" in _binder_drift(tmp_path, post_build=swapped)
    no_editions = POST_BUILD.replace("python -m kit editions --out build/\n", "")
    assert _binder_drift(tmp_path, post_build=no_editions) == [
        "postBuild does not build the student edition in build/"]


def test_markers_pick_the_linux_pins(tmp_path: Path) -> None:
    (tmp_path / "requirements.lock").write_text(LOCK, encoding="utf-8")
    pins, problems = read_lock(tmp_path / "requirements.lock", "3.11")
    assert problems == [] and "appnope" not in pins and str(pins["pyyaml"]) == "6.0.3"
    assert Marker("sys_platform == 'darwin'").evaluate(_marker_env("3.11")) is False
