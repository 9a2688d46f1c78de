#!/usr/bin/env python3
"""The two commands a newcomer needs, using only the Python standard library.

    python3 tasks.py lab  [jupyter lab options...]   open the lessons in JupyterLab (the teacher's copy)
    python3 tasks.py lab --student [options...]      build the student edition and open it
    python3 tasks.py test [pytest options...]        run every test, notebooks included

Both create ``.venv`` next to this file the first time and install the project into it. The
install is skipped while ``pyproject.toml`` is unchanged since the last successful one (a stamp
file inside ``.venv`` remembers its hash), so a second run starts at once.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".tasks-install-stamp.json"
START_NOTEBOOK = Path("notebooks") / "00-start-here.ipynb"

# The exact test command (HOUSE-STYLE item 9); arguments given to `tasks.py test` are appended.
PYTEST_ARGS = [
    "-m", "pytest",
    "--nbval-lax", "--nbval-current-env",
    "--cov=kit", "--cov-report=term",
    "tests", "notebooks",
]

# JupyterLab's "get notified about Jupyter news?" toast covers the page and would make JupyterLab
# fetch from the internet. Turned off through a settings override inside the environment; the
# browser tests (tests/browser) run against this environment and fail if the toast shows.
LAB_SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

USAGE = __doc__.split("\n\n")[1]


def say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def venv_python() -> Path:
    """The environment's interpreter: ``Scripts\\python.exe`` on Windows, else ``bin/python``."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def run(cmd: list[str | Path]) -> int:
    """Run a command from the repository root and return its exit code (Ctrl-C returns 130)."""
    try:
        return subprocess.call([str(c) for c in cmd], cwd=ROOT)
    except KeyboardInterrupt:
        return 130


def install_key(extras: tuple[str, ...]) -> dict[str, object]:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return {"pyproject_sha256": digest, "extras": sorted(extras)}


def stamp_covers(key: dict[str, object]) -> bool:
    """True when the last install used this pyproject.toml and at least these extras."""
    try:
        old = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        old.get("pyproject_sha256") == key["pyproject_sha256"]
        and set(key["extras"]) <= set(old.get("extras", []))  # type: ignore[arg-type]
    )


def ensure_environment(extras: tuple[str, ...] = ()) -> Path:
    """Create ``.venv`` if needed, install the project unless the stamp says it is current."""
    python = venv_python()
    if not python.exists():
        say("Creating the environment in .venv (about a minute the first time)...")
        started = time.monotonic()
        code = run([sys.executable, "-m", "venv", "--clear", VENV])
        if code != 0 or not python.exists():
            sys.exit(f"[tasks] Could not create {VENV} (exit code {code}). "
                     "Is Python's venv module installed (Debian: apt-get install python3-venv)?")
        say(f"Environment created in {time.monotonic() - started:.0f} s.")

    key = install_key(extras)
    if stamp_covers(key):
        say("Environment is up to date (pyproject.toml unchanged since the last install).")
    else:
        target = ".[" + ",".join(extras) + "]" if extras else "."
        say(f"Installing the project and its dependencies, {target} "
            "(about a minute the first time)...")
        started = time.monotonic()
        STAMP.unlink(missing_ok=True)
        code = run([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
                    "-e", target])
        if code != 0:
            sys.exit(f"[tasks] pip install failed (exit code {code}); see the messages above.")
        STAMP.write_text(json.dumps(key, indent=2) + "\n", encoding="utf-8")
        say(f"Installed in {time.monotonic() - started:.0f} s.")

    write_lab_overrides()
    return python


def write_lab_overrides() -> None:
    """Merge our settings into ``<venv>/share/jupyter/lab/settings/overrides.json``."""
    path = VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = {}
    merged = dict(current)
    for plugin, values in LAB_SETTINGS_OVERRIDES.items():
        merged[plugin] = {**merged.get(plugin, {}), **values}
    if merged != current or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")


NODE_STAMP = ROOT / "node_modules" / ".tasks-npm-stamp.json"


def ensure_node_packages() -> bool:
    """Install the Node packages of ``package-lock.json`` with ``npm ci`` unless already current.

    They serve the tests and builds only (axe-core, configurable-http-proxy, pyodide). Returns False,
    with a message, when npm is missing or fails; the tests that need a package then say so.
    """
    lock = ROOT / "package-lock.json"
    if not lock.exists():
        return True
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    try:
        if json.loads(NODE_STAMP.read_text(encoding="utf-8")).get("lock_sha256") == digest:
            return True
    except (OSError, ValueError):
        pass
    npm = shutil.which("npm")
    if npm is None:
        say("npm is not installed, so the Node packages in package-lock.json are missing; the "
            "tests that need them will fail. Install Node.js 20 or newer (Debian: apt-get install npm).")
        return False
    say("Installing the Node packages of package-lock.json with npm ci (a few seconds)...")
    code = run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"])
    if code != 0:
        say(f"npm ci failed (exit code {code}); see the messages above.")
        return False
    NODE_STAMP.write_text(json.dumps({"lock_sha256": digest}) + "\n", encoding="utf-8")
    return True


STUDENT_BUILD = Path("build")  # `kit editions --out build/` (Binder's postBuild builds the same folder)
STUDENT_ROOT = STUDENT_BUILD / "student"


def build_student_edition(python: Path) -> int:
    """Build (or rebuild) the student edition in build/student with the kit's own command."""
    say("Building the student edition in build/student (no solutions, answers sealed)...")
    return run([python, "-m", "kit", "editions", "--out", STUDENT_BUILD.as_posix()])


def lab(args: list[str]) -> int:
    python = ensure_environment()
    student = "--student" in args
    args = [a for a in args if a != "--student"]
    root = ROOT
    if student:  # serve only the student edition: its file browser shows no teacher's copy
        code = build_student_edition(python)
        if code != 0:
            say(f"The student edition could not be built (exit code {code}); see the messages above.")
            return code
        root = ROOT / STUDENT_ROOT
    # Teachers: serve the whole repository (data/ stays browsable) and open the first lesson.
    cmd: list[str | Path] = [python, "-m", "jupyterlab", f"--ServerApp.root_dir={root}"]
    if (root / START_NOTEBOOK).exists():
        cmd.append(START_NOTEBOOK.as_posix())
    else:
        say(f"{START_NOTEBOOK.as_posix()} does not exist yet; opening the file browser instead.")
    if is_root():
        cmd.append("--allow-root")  # jupyter refuses to start as root without it
    say("Starting JupyterLab (Ctrl-C twice to stop)...")
    if os.name == "posix":  # become JupyterLab, so signals and the exit code are its own
        os.chdir(root)
        os.execv(python, [str(c) for c in cmd + args])
    return run(cmd + args)


def test(args: list[str]) -> int:
    python = ensure_environment(("test",))
    ensure_node_packages()
    pytest_args = list(PYTEST_ARGS)
    for folder in ("tests", "notebooks"):
        if not (ROOT / folder).is_dir():  # a fresh clone has no empty folders
            say(f"{folder}/ does not exist (yet); leaving it out.")
            pytest_args.remove(folder)
    say("Running: python " + " ".join(pytest_args[1:] + args))
    code = run([python, *pytest_args, *args])
    if code == 5:
        say("pytest collected no tests (exit code 5). That counts as a failure: check the paths "
            "and the -k/-m options.")
    return code


COMMANDS = {"lab": lab, "test": test}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr if argv and argv[0] not in ("-h", "--help") else sys.stdout)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    rest = argv[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    return COMMANDS[argv[0]](rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
