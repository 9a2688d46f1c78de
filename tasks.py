#!/usr/bin/env python3
"""The two commands a newcomer needs, using only the Python standard library.

    python3 tasks.py lab  [jupyter lab options...]   open the lessons in JupyterLab (the teacher's copy)
    python3 tasks.py lab --student [options...]      build the student edition and open it
    python3 tasks.py test [pytest options...]        run every test, notebooks included
    python3 tasks.py voila [NOTEBOOK]                a lesson as a page without code (Voila)
    python3 tasks.py publish-student [--branch B]    commit the student edition to a git branch
    python3 tasks.py lite [fetch|build]              build the no-server site into build/lite/
    python3 tasks.py lock                            remake requirements.lock from pyproject.toml

Each creates ``.venv`` next to this file the first time and installs into it the exact versions of
``requirements.lock``, then the project itself (``--no-deps``). The install is skipped while
``pyproject.toml`` and the lock are unchanged since the last successful one (a stamp file inside
``.venv`` remembers their hashes), so a second run starts at once.
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
LOCK = ROOT / "requirements.lock"
# The tool that makes the lock, pinned too; `tasks.py lock` installs it into .venv.
UV_REQUIREMENT = "uv==0.13.8"
LOCK_PYTHON = "3.11"  # environment.yml pins the same Python (tests/test_environment.py)
LOCK_EXTRAS = ("test", "hub")
START_NOTEBOOK = Path("notebooks") / "00-start-here.ipynb"

# The exact test command (HOUSE-STYLE item 9); arguments given to `tasks.py test` are appended.
# Besides the tests and the notebooks it runs every docstring example of kit/ (tests/test_doctests.py),
# ruff over the project (tests/test_lint.py) and mypy --strict over kit/ (tests/test_typing.py).
PYTEST_ARGS = [
    "-m", "pytest",
    "--nbval-lax", "--nbval-current-env",
    "--cov=kit", "--cov-report=term",
    "tests", "notebooks",
]

# JupyterLab's "get notified about Jupyter news?" toast covers the page and would make JupyterLab
# fetch from the internet. Turned off through a settings override inside the environment; the
# browser tests (tests/browser) run against this environment and fail if the toast shows.
# In command mode, JupyterLab binds single keys and arrows to notebook commands for whatever element
# has focus, unless it is a text field: on a focused menu, option list, checkbox or button in a
# lesson's output, ArrowDown moved to the next cell and "A" inserted a cell. Each such binding is
# disabled and bound again with the same keys for every focused element *outside* cell outputs, so
# the keyboard works inside the kit's widgets (Tab, arrows, Space, Enter) and the notebook's
# shortcuts still work everywhere else. tests/test_lab_settings.py checks the list against the
# installed JupyterLab's own shortcuts; tests/browser/test_keyboard.py proves it in a real browser.
NOTEBOOK_COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
OUTSIDE_OUTPUTS = ":not(.jp-OutputArea-output *)"
COMMAND_MODE_SHORTCUTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("notebook:change-cell-to-code", ("Y",)),
    ("notebook:change-cell-to-markdown", ("M",)),
    ("notebook:change-cell-to-raw", ("R",)),
    ("notebook:copy-cell", ("C",)),
    ("notebook:cut-cell", ("X",)),
    ("notebook:delete-cell", ("D", "D")),
    ("notebook:extend-marked-cells-above", ("Shift ArrowUp",)),
    ("notebook:extend-marked-cells-above", ("Shift K",)),
    ("notebook:extend-marked-cells-top", ("Shift Home",)),
    ("notebook:extend-marked-cells-below", ("Shift ArrowDown",)),
    ("notebook:extend-marked-cells-bottom", ("Shift End",)),
    ("notebook:extend-marked-cells-below", ("Shift J",)),
    ("notebook:insert-cell-above", ("A",)),
    ("notebook:insert-cell-below", ("B",)),
    ("notebook:merge-cells", ("Shift M",)),
    ("notebook:merge-cell-above", ("Ctrl Backspace",)),
    ("notebook:merge-cell-below", ("Ctrl Shift M",)),
    ("notebook:move-cursor-down", ("ArrowDown",)),
    ("notebook:move-cursor-down", ("J",)),
    ("notebook:move-cursor-up", ("ArrowUp",)),
    ("notebook:move-cursor-up", ("K",)),
    ("notebook:move-cursor-heading-above-or-collapse", ("ArrowLeft",)),
    ("notebook:move-cursor-heading-below-or-expand", ("ArrowRight",)),
    ("notebook:insert-heading-above", ("Shift A",)),
    ("notebook:insert-heading-below", ("Shift B",)),
    ("notebook:collapse-all-headings", ("Ctrl Shift ArrowLeft",)),
    ("notebook:expand-all-headings", ("Ctrl Shift ArrowRight",)),
    ("notebook:paste-cell-below", ("V",)),
    ("notebook:redo-cell-action", ("Shift Z",)),
    ("notebook:run-cell", ("Accel Enter",)),
    ("notebook:run-cell-and-insert-below", ("Alt Enter",)),
    ("viewmenu:line-numbering", ("Shift L",)),
    ("notebook:select-all", ("Accel A",)),
    ("notebook:undo-cell-action", ("Z",)),
    ("notebook:toggle-render-side-by-side-current", ("Shift R",)),
    ("notebook:move-cell-up", ("Ctrl Shift ArrowUp",)),
    ("notebook:move-cell-down", ("Ctrl Shift ArrowDown",)),
)


def _output_safe_shortcuts() -> list[dict[str, object]]:
    """JupyterLab drops a default binding when a settings entry with the same keys and selector is
    ``disabled``; the same keys are then bound again with a selector that excludes outputs."""
    disabled = {keys: {"command": command, "keys": list(keys), "selector": NOTEBOOK_COMMAND_MODE,
                       "disabled": True} for command, keys in COMMAND_MODE_SHORTCUTS}
    rebound = [{"command": command, "keys": list(keys), "selector": NOTEBOOK_COMMAND_MODE + OUTSIDE_OUTPUTS}
               for command, keys in COMMAND_MODE_SHORTCUTS]
    return [*disabled.values(), *rebound]


LAB_SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/shortcuts-extension:shortcuts": {
        "shortcuts": _output_safe_shortcuts(),
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


# Files the install copies into the environment (pyproject.toml's shared-data): an editable
# install does not follow them, so a change to any of them means installing again.
INSTALLED_DATA = ("share/jupyter/voila/templates/kit", "etc/jupyter")


def _tree_digest(paths: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for rel in paths:
        base = ROOT / rel
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for f in files:
            if f.exists():
                h.update(f.relative_to(ROOT).as_posix().encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def install_key(extras: tuple[str, ...]) -> dict[str, object]:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    key: dict[str, object] = {"pyproject_sha256": digest, "extras": sorted(extras),
                              "installed_data_sha256": _tree_digest(INSTALLED_DATA)}
    if LOCK.exists():  # the lock holds every extra
        key["lock_sha256"] = hashlib.sha256(LOCK.read_bytes()).hexdigest()
        key["extras"] = sorted(LOCK_EXTRAS)
    return key


def stamp_covers(key: dict[str, object]) -> bool:
    """True when the last install used this pyproject.toml, lock, installed data files and at least these extras."""
    try:
        old = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        old.get("pyproject_sha256") == key["pyproject_sha256"]
        and old.get("lock_sha256") == key.get("lock_sha256")
        and old.get("installed_data_sha256") == key.get("installed_data_sha256")
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
        say("Environment is up to date (pyproject.toml and requirements.lock unchanged since the "
            "last install).")
    else:
        started = time.monotonic()
        STAMP.unlink(missing_ok=True)
        pip: list[str | Path] = [python, "-m", "pip", "install", "--disable-pip-version-check",
                                 "--quiet"]
        if LOCK.exists():
            say(f"Installing the exact versions of {LOCK.name}, then the project "
                "(a few minutes the first time)...")
            steps = [pip + ["-r", LOCK], pip + ["--no-deps", "-e", "."]]
        else:
            target = ".[" + ",".join(extras) + "]" if extras else "."
            say(f"{LOCK.name} is missing: installing the newest versions of {target} "
                "(`python3 tasks.py lock` makes the lock)...")
            steps = [pip + ["-e", target]]
        for step in steps:
            code = run(step)
            if code != 0:
                sys.exit(f"[tasks] pip install failed (exit code {code}); see the messages above.")
        STAMP.write_text(json.dumps(key, indent=2) + "\n", encoding="utf-8")
        say(f"Installed in {time.monotonic() - started:.0f} s.")

    write_lab_overrides()
    return python


def write_lab_overrides(path: Path | None = None) -> None:
    """Merge our settings into ``<venv>/share/jupyter/lab/settings/overrides.json`` (or ``path``:
    Binder's postBuild writes them into its own environment with this function)."""
    path = path or VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
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
    python = ensure_environment(("test", "hub"))
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


def voila(args: list[str]) -> int:
    """One lesson as a page of text, widgets and charts, without code (Voila), on this computer."""
    python = ensure_environment()
    notebook = Path(args[0]) if args and not args[0].startswith("-") else START_NOTEBOOK
    rest = args[1:] if args and not args[0].startswith("-") else args
    if not (ROOT / notebook).exists() and not notebook.exists():
        sys.exit(f"[tasks] No notebook {notebook}; give a path such as notebooks/07-reading-a-vote.ipynb")
    # The kit's Voila template and settings (no code shown, no traceback, nothing fetched from the
    # internet) are installed with the kit: etc/jupyter/voila.json and share/jupyter/voila/.
    cmd: list[str | Path] = [python, "-m", "voila", notebook.as_posix(), "--Voila.ip=127.0.0.1"]
    say(f"Starting Voila on {notebook.as_posix()} (Ctrl-C to stop)...")
    return run(cmd + rest)


def lock(args: list[str]) -> int:
    """Remake requirements.lock: the exact versions of every dependency, extras included."""
    python = ensure_environment()
    code = run([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
                UV_REQUIREMENT])
    if code != 0:
        return code
    cmd: list[str | Path] = [python, "-m", "uv", "pip", "compile", "pyproject.toml",
                             *[a for e in LOCK_EXTRAS for a in ("--extra", e)],
                             "--universal", "--python-version", LOCK_PYTHON,
                             "--custom-compile-command", "python3 tasks.py lock",
                             "-o", LOCK.name, *args]
    say("Running: " + " ".join(str(c) for c in cmd[1:]))
    code = run(cmd)
    if code == 0:
        say(f"Wrote {LOCK.name}. Commit it; the next `tasks.py` run installs it.")
    return code


def publish_student(args: list[str]) -> int:
    """Build the student edition and commit it to a branch of its own (tools/publish_student.py)."""
    python = ensure_environment()
    return run([python, ROOT / "tools" / "publish_student.py", *args])



def lite(args: list[str]) -> int:
    """The static JupyterLite site (tools/lite.py): the build tools live in ``.venv-lite`` (Python
    3.12+, found by tools/lite.py); the charts are drawn by this project's ``.venv``."""
    python = ensure_environment()
    if not ensure_node_packages():
        return 1
    return run([python, ROOT / "tools" / "lite.py", *args, "--main-python", python])


COMMANDS = {"lab": lab, "test": test, "voila": voila, "lite": lite, "lock": lock,
            "publish-student": publish_student}


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
