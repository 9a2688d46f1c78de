"""Binder's environment.yml must install what pyproject.toml declares, and nothing else.

Conda resolves only ``python`` and ``pip`` (no conda solver can run here, so that part stays
minimal); the runtime dependencies live in the ``pip:`` section, compared here name by name and
specifier by specifier with ``[project] dependencies``.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
CONDA_PACKAGES = {"python=3.11", "pip"}
SELF_INSTALL = {"-e .", "."}


def _requirements(lines: list[str], where: str) -> tuple[dict[str, Requirement], list[str]]:
    reqs: dict[str, Requirement] = {}
    problems: list[str] = []
    for line in lines:
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            problems.append(f"{where}: {line!r} is not a valid requirement ({exc})")
            continue
        name = canonicalize_name(req.name)
        if name in reqs:
            problems.append(f"{where}: {req.name!r} is listed twice")
        reqs[name] = req
    return reqs, problems


def _describe(req: Requirement) -> str:
    return str(req.specifier) or "any version"


def environment_drift(pyproject: Path, environment: Path) -> list[str]:
    """Every difference between the two files' runtime dependencies, one message each."""
    declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    env = yaml.safe_load(environment.read_text(encoding="utf-8")) or {}
    problems: list[str] = []

    conda: list[str] = []
    pip_lines: list[str] | None = None
    for dep in env.get("dependencies") or []:
        if isinstance(dep, dict) and "pip" in dep:
            pip_lines = [str(line).strip() for line in dep["pip"] or []]
        else:
            conda.append(str(dep).strip())
    if set(conda) != CONDA_PACKAGES:
        problems.append(
            f"{environment.name}: conda dependencies should be exactly {sorted(CONDA_PACKAGES)} "
            f"(Python pinned; everything else under pip:), found {conda}"
        )
    if pip_lines is None:
        return problems + [f"{environment.name}: has no 'pip:' section"]

    if not any(line in SELF_INSTALL for line in pip_lines):
        problems.append(f"{environment.name}: the pip: section should install the project ('-e .')")
    packages = [line for line in pip_lines if line not in SELF_INSTALL]
    env_reqs, bad = _requirements(packages, environment.name)
    project_reqs, bad_project = _requirements(declared, pyproject.name)
    problems += bad + bad_project

    for name in sorted(project_reqs.keys() - env_reqs.keys()):
        problems.append(f"{environment.name} is missing {str(project_reqs[name])!r} "
                        f"(listed in {pyproject.name})")
    for name in sorted(env_reqs.keys() - project_reqs.keys()):
        problems.append(f"{environment.name} has extra package {str(env_reqs[name])!r} "
                        f"(not in {pyproject.name} [project] dependencies)")
    for name in sorted(project_reqs.keys() & env_reqs.keys()):
        ours, theirs = project_reqs[name], env_reqs[name]
        same = (ours.specifier, ours.extras, ours.marker) == (
            theirs.specifier, theirs.extras, theirs.marker)
        if not same:
            problems.append(f"{name}: {pyproject.name} says {str(ours)!r} ({_describe(ours)}), "
                            f"{environment.name} says {str(theirs)!r} ({_describe(theirs)})")
    return problems


def test_environment_yml_matches_pyproject() -> None:
    problems = environment_drift(ROOT / "pyproject.toml", ROOT / "environment.yml")
    assert not problems, "\n".join(problems)


# --- the check itself, on drifted pairs -------------------------------------------------------

PYPROJECT = """\
[project]
name = "demo"
dependencies = ["pyyaml>=6.0", "matplotlib>=3.8", "ipywidgets>=8.1"]
"""

GOOD_ENV = """\
name: demo
dependencies:
  - python=3.11
  - pip
  - pip:
      - PyYAML>=6.0
      - matplotlib >= 3.8
      - ipywidgets>=8.1
      - -e .
"""


def _drift(tmp_path: Path, env_text: str, pyproject_text: str = PYPROJECT) -> list[str]:
    (tmp_path / "pyproject.toml").write_text(pyproject_text, encoding="utf-8")
    (tmp_path / "environment.yml").write_text(env_text, encoding="utf-8")
    return environment_drift(tmp_path / "pyproject.toml", tmp_path / "environment.yml")


def test_matching_pair_passes_despite_spelling_and_spacing(tmp_path: Path) -> None:
    assert _drift(tmp_path, GOOD_ENV) == []


def test_missing_package_is_named(tmp_path: Path) -> None:
    problems = _drift(tmp_path, GOOD_ENV.replace("      - matplotlib >= 3.8\n", ""))
    assert problems == ["environment.yml is missing 'matplotlib>=3.8' (listed in pyproject.toml)"]


def test_extra_package_is_named(tmp_path: Path) -> None:
    problems = _drift(tmp_path, GOOD_ENV.replace("      - -e .\n", "      - numpy\n      - -e .\n"))
    assert problems == [
        "environment.yml has extra package 'numpy' (not in pyproject.toml [project] dependencies)"
    ]


@pytest.mark.parametrize(
    ("env_line", "expected"),
    [
        ("ipywidgets>=8.0", "ipywidgets: pyproject.toml says 'ipywidgets>=8.1' (>=8.1), "
                            "environment.yml says 'ipywidgets>=8.0' (>=8.0)"),
        ("ipywidgets", "ipywidgets: pyproject.toml says 'ipywidgets>=8.1' (>=8.1), "
                       "environment.yml says 'ipywidgets' (any version)"),
    ],
)
def test_version_drift_is_named(tmp_path: Path, env_line: str, expected: str) -> None:
    assert _drift(tmp_path, GOOD_ENV.replace("ipywidgets>=8.1", env_line)) == [expected]


def test_project_itself_must_be_installed(tmp_path: Path) -> None:
    assert _drift(tmp_path, GOOD_ENV.replace("      - -e .\n", "")) == [
        "environment.yml: the pip: section should install the project ('-e .')"
    ]


def test_python_must_be_pinned_and_nothing_else_left_to_conda(tmp_path: Path) -> None:
    problems = _drift(tmp_path, GOOD_ENV.replace("  - python=3.11\n", "  - python\n  - numpy\n"))
    assert len(problems) == 1
    assert problems[0].startswith("environment.yml: conda dependencies should be exactly")
    assert problems[0].endswith("found ['python', 'numpy', 'pip']")


def test_missing_pip_section(tmp_path: Path) -> None:
    assert _drift(tmp_path, "dependencies:\n  - python=3.11\n  - pip\n") == [
        "environment.yml: has no 'pip:' section"
    ]
