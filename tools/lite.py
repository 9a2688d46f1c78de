#!/usr/bin/env python3
"""Build the no-server edition: the lessons as a static JupyterLite site that runs offline.

    python3 tasks.py lite                 fetch what is missing, draw the charts, build build/lite/
    python3 tasks.py lite fetch           only the step that needs the network
    python3 tasks.py lite build           only the steps that do not (charts, then the site)

The steps, each run by the interpreter that can do it (``tasks.py lite`` runs them in order):

1. **tools** (network, once): ``.venv-lite``, a separate environment of Python 3.12 or newer (the
   build tools need it; the kit itself runs on 3.10+), with the pinned JupyterLite build tools
   (:data:`BUILD_TOOLS`).
2. **fetch** (network, once): every wheel the site's Python needs, pure Python only
   (:data:`WHEELS`; PyYAML built as a pure wheel from its source) into ``build/lite-work/wheels``;
   Pyodide itself comes from the npm package in ``package-lock.json`` (``npm ci``).
3. **charts** (the project's ``.venv``: CPython with matplotlib): the student and teacher editions
   (``kit editions``), then every lesson of the student edition run for every shipped article, its
   menus and sliders moved through their options, so that each chart the lessons draw is drawn
   once by matplotlib into a chart cache (:mod:`kit.chartcache`) that the site ships.
4. **site** (``.venv-lite``, no network: run under ``unshare -n`` when the machine allows it): the
   kit as a pure wheel with the chart cache inside (``kit/_charts``), the Pyodide lock with every
   wheel local, ``jupyter lite build``, the landing page, then a check that no CDN or PyPI address
   is left in the site's configuration or lock.

The site needs no server of its own: any static web host serves ``build/lite/`` (see docs/lite.md).
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "lite-work"
OUT = ROOT / "build" / "lite"
LITE_VENV = ROOT / ".venv-lite"
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"

PYODIDE_VERSION = "314.0.6"  # jupyterlite_pyodide_kernel/constants.py PYODIDE_VERSION of 0.8.6
MIN_PYTHON = (3, 12)  # pyodide-lock >= 0.1.3 (the kernel's [lock] extra) needs it
BUILD_TOOLS = [
    "jupyterlite-core==0.8.6",
    "jupyterlite-pyodide-kernel[lock]==0.8.6",
    "jupyterlab_widgets==3.0.17",  # its lab extension renders the widgets in the site
    "hatchling==1.33.0",  # builds the kit's wheel without the network
    "jupyter_server==2.21.1",  # jupyter lite build indexes the lessons with it
]
# The Python packages of the site, pure wheels for any Python 3 (Pyodide runs Python 3.14). The
# kernel's own wheels (pyodide-kernel, piplite, its ipykernel and widgetsnbextension stand-ins)
# come with jupyterlite-pyodide-kernel. jsonschema stays at 4.17: 4.18 and later need rpds-py,
# which has no WebAssembly wheel. No pexpect or ptyprocess: IPython does not use them in Pyodide.
WHEELS = [
    "fastjsonschema==2.22.3",
    "jsonschema==4.17.3", "pyrsistent==0.20.0", "attrs==26.1.0",
    "ipywidgets==8.1.9", "jupyterlab_widgets==3.0.17", "comm==0.2.3", "traitlets==5.16.1",
    "ipython==9.12.0", "ipython_pygments_lexers==1.1.1", "decorator==5.3.1", "jedi==0.20.1",
    "parso==0.8.7", "matplotlib_inline==0.2.2", "prompt_toolkit==3.0.53", "wcwidth==0.9.4",
    "pygments==2.21.0", "stack_data==0.6.3", "asttokens==3.0.2", "executing==2.3.0",
    "pure_eval==0.2.4", "micropip==0.11.1",
    # kit.editions (the student edition's sealed answers are judged there) imports nbformat
    "nbformat==5.11.1", "jupyter_core==5.9.1", "platformdirs==4.14.9",
]
PYYAML = "pyyaml==6.0.3"  # built from source with PYYAML_FORCE_LIBYAML=0: a py3-none-any wheel
# What the kit needs in the browser (its wheel for the site says so instead of pyproject.toml's
# list, which names matplotlib and JupyterLab: neither exists, nor is needed, there).
LITE_DEPENDENCIES = ["pyyaml>=6.0", "jsonschema>=4.17,<4.18", "fastjsonschema>=2.16", "ipywidgets>=8.1",
                     "nbformat>=5.9"]
KIT_DIST = "uyghur-vote-kit"
# Loaded at once while the kernel starts (in parallel, from the site's lock), so the lessons' first
# cell imports at once; with micropip and piplite among them the kernel skips two steps it would
# otherwise take one after the other (loading micropip, then installing piplite with it).
PREFETCH = [KIT_DIST, "pyyaml", "fastjsonschema", "ipywidgets", "jsonschema", "jedi", "micropip", "piplite"]
# Where a student's answers live in the browser: the kernel's /drive is the site's files, kept in
# the browser's storage (IndexedDB) when written; a hidden folder keeps it out of the file list.
PROGRESS_DIR = "/drive/.kit-progress"
# The kit's verdicts on its data (kit.loader): kept there too, so that only the first lesson a
# browser opens parses and validates the YAML; every later one reads the verdict (a few seconds
# of Python in the browser saved per lesson).
DATA_CACHE_DIR = "/drive/.kit-cache"
EDITIONS = ("student", "teacher")
# Addresses that must not appear in the site's configuration or lock (the site works offline).
FORBIDDEN = re.compile(r"https?://(?:cdn\.jsdelivr\.net|[a-z0-9.-]*pypi\.org|files\.pythonhosted\.org"
                       r"|unpkg\.com|[a-z0-9.-]*cdn[a-z0-9.-]*)", re.I)
SLIDER_STEPS = 3  # a slider is moved this many steps either side of where it starts


def say(message: str) -> None:
    print(f"[lite] {message}", flush=True)


def fail(message: str) -> None:
    sys.exit(f"[lite] {message}")


def run(cmd: list[str | Path], **kwargs: object) -> None:
    printable = " ".join(str(c) for c in cmd)
    code = subprocess.call([str(c) for c in cmd], **kwargs)  # type: ignore[call-overload]
    if code != 0:
        fail(f"this command failed (exit code {code}): {printable[:300]}")


def digest_of(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def read_stamp(path: Path) -> str:
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("key", ""))
    except (OSError, ValueError):
        return ""


def write_stamp(path: Path, key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"key": key}) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ 1. the build tools


def find_build_python() -> Path:
    """An interpreter of Python 3.12 or newer: this one, ``python3.1X`` on the PATH, or pyenv's."""
    if sys.version_info >= MIN_PYTHON:
        return Path(sys.executable)
    candidates: list[Path] = []
    for minor in range(MIN_PYTHON[1], 21):  # the oldest first: 3.12 is the one measured
        found = shutil.which(f"python3.{minor}")
        if found:
            candidates.append(Path(found))
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    versions = pyenv_root / "versions"
    if versions.is_dir():
        for folder in sorted(versions.iterdir()):
            m = re.fullmatch(r"3\.(\d+)\.\d+", folder.name)
            if m and int(m.group(1)) >= MIN_PYTHON[1]:
                candidates.append(folder / "bin" / "python")
    for candidate in candidates:
        try:
            out = subprocess.run([str(candidate), "-c", "import sys, venv; print(sys.version_info[:2] >= (3, 12))"],
                                 capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() == "True":
            return candidate
    fail("the JupyterLite build tools need Python 3.12 or newer, with its venv module, and none was found "
         "(looked for python3.12 ... python3.20 on the PATH and in pyenv's versions). Install one: "
         "`pyenv install 3.12` (then run this again), or on Debian/Ubuntu `sudo apt-get install python3.12 "
         "python3.12-venv`, or the installer from python.org. The kit itself still runs on Python 3.10+.")
    raise AssertionError  # unreachable


def lite_python() -> Path:
    return LITE_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_tools() -> Path:
    """``.venv-lite`` with :data:`BUILD_TOOLS` (skipped while the list is unchanged)."""
    python = lite_python()
    stamp = LITE_VENV / ".lite-tools-stamp.json"
    key = digest_of(BUILD_TOOLS)
    if python.exists() and read_stamp(stamp) == key:
        return python
    base = find_build_python()
    if not python.exists():
        say(f"Creating .venv-lite with {base} (the build tools need Python 3.12+)...")
        run([base, "-m", "venv", "--clear", LITE_VENV])
    say("Installing the pinned JupyterLite build tools into .venv-lite (about a minute the first time)...")
    run([python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", *BUILD_TOOLS])
    write_stamp(stamp, key)
    return python


# ------------------------------------------------------------------ 2. fetch (network)


def kernel_wheels_dir(python: Path) -> Path:
    """The wheels jupyterlite-pyodide-kernel ships in its lab extension (in ``.venv-lite``)."""
    out = subprocess.run([str(python), "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True,
                         check=True)
    return (Path(out.stdout.strip()) / "share" / "jupyter" / "labextensions" / "@jupyterlite"
            / "pyodide-kernel-extension" / "static" / "pypi")


def fetch(python: Path) -> Path:
    """Download :data:`WHEELS` and build PyYAML's pure wheel into ``build/lite-work/wheels``."""
    wheels = WORK / "wheels"
    stamp = WORK / "wheels.stamp.json"
    key = digest_of(WHEELS, PYYAML, PYODIDE_VERSION)
    if read_stamp(stamp) == key and wheels.is_dir():
        say("Wheels already fetched (build/lite-work/wheels).")
        return wheels
    shutil.rmtree(wheels, ignore_errors=True)
    wheels.mkdir(parents=True)
    say(f"Downloading {len(WHEELS)} pure-Python wheels for the site...")
    run([python, "-m", "pip", "download", "--disable-pip-version-check", "--quiet", "--no-deps",
         "--only-binary=:all:", "--platform", "any", "--python-version", "3.14", "--implementation", "py",
         "--abi", "none", "--dest", wheels, *WHEELS])
    say(f"Building {PYYAML} as a pure-Python wheel (no libyaml)...")
    env = dict(os.environ, PYYAML_FORCE_LIBYAML="0")
    run([python, "-m", "pip", "wheel", "--disable-pip-version-check", "--quiet", "--no-deps",
         "--no-binary", "pyyaml", "--wheel-dir", wheels, PYYAML], env=env)
    impure = [p.name for p in wheels.glob("*.whl") if not p.name.endswith("-none-any.whl")]
    if impure:
        fail(f"these wheels are not pure Python and cannot run in the browser: {impure}")
    write_stamp(stamp, key)
    return wheels


# ------------------------------------------------------------------ 3. charts (CPython, .venv)


def edition_files(main_python: Path) -> Path:
    """The student and teacher editions (``kit editions``) in ``build/lite-work/files``."""
    files = WORK / "files"
    shutil.rmtree(files, ignore_errors=True)
    files.mkdir(parents=True)
    run([main_python, "-m", "kit", "editions", "--out", files], cwd=ROOT)
    for edition in EDITIONS:
        if not (files / edition / "notebooks").is_dir():
            fail(f"`kit editions` did not write {edition}/notebooks")
    return files


def charts(main_python: Path, files: Path) -> Path:
    """Run every student lesson for every shipped article in CPython, filling the chart cache."""
    cache = WORK / "charts"
    arts = subprocess.run([str(main_python), "-c", "import kit; print('\\n'.join(kit.load(skip_broken=True).ids))"],
                          capture_output=True, text=True, cwd=ROOT)
    if arts.returncode != 0:
        fail("could not list the shipped articles:\n" + arts.stderr[-2000:])
    ids = [a for a in arts.stdout.split() if a]
    notebooks = sorted((files / "student" / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    key = digest_of(tree_digest(ROOT / "kit"), tree_digest(ROOT / "data"),
                    [(p.name, p.read_bytes().hex()) for p in notebooks], ids, SLIDER_STEPS)
    stamp = WORK / "charts.stamp.json"
    if read_stamp(stamp) == key and cache.is_dir():
        say("Charts already drawn for this kit, data and lessons (build/lite-work/charts).")
        return cache
    shutil.rmtree(cache, ignore_errors=True)
    started = time.monotonic()
    for art in ids:
        say(f"Drawing the charts of {len(notebooks)} lessons for article {art!r} (matplotlib, CPython)...")
        with tempfile.TemporaryDirectory() as progress:
            env = dict(os.environ, KIT_CHART_CACHE=str(cache), KIT_ARTICLE=art, KIT_PROGRESS_DIR=progress,
                       MPLBACKEND="Agg")
            run([main_python, Path(__file__).resolve(), "run-lessons", *notebooks], cwd=ROOT, env=env)
    count = sum(1 for _ in cache.rglob("*.json"))
    say(f"{count} charts drawn in {time.monotonic() - started:.0f} s.")
    write_stamp(stamp, key)
    return cache


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not {"__pycache__", ".ipynb_checkpoints"} & set(p.parts):
            h.update(p.relative_to(folder).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def run_lessons(notebooks: list[Path]) -> int:
    """(Run by the project's .venv.) Execute each notebook's code cells, then move every menu and slider.

    Charts are stored in the cache when a chart function is called, so the cells run without a
    kernel; each widget with options is set to each option in turn (sliders a few steps either
    side), which runs its callbacks and draws what a student would make it draw.
    """
    from ipywidgets.widgets import widget as w  # the project's .venv has ipywidgets

    failures = 0
    quiet = open(os.devnull, "w", encoding="utf-8")  # what the cells print is not wanted here
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        os.chdir(nb_path.parent)
        namespace: dict[str, object] = {"__name__": "__main__"}
        before = set(_live_widgets(w))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            try:
                with contextlib.redirect_stdout(quiet):
                    exec(compile(source, f"{nb_path.name}", "exec"), namespace)
            except Exception as exc:  # a lesson that fails here fails in the browser test too
                failures += 1
                print(f"[lite]   {nb_path.name}: a cell raised {type(exc).__name__}: {exc}", file=sys.stderr)
        for widget in [x for x in _live_widgets(w) if x not in before]:
            _exercise_widget(w, widget)
    return 1 if failures else 0


def _live_widgets(w: object) -> list[object]:
    return list(getattr(w, "_instances", {}).values())  # ipywidgets 8: model id -> widget


def _exercise_widget(w: object, widget: object) -> None:
    from ipywidgets.widgets.widget_int import _BoundedInt as slider
    from ipywidgets.widgets.widget_selection import _Selection as selection  # Dropdown, Select, ...

    try:
        if isinstance(widget, selection) and not getattr(widget, "disabled", False):
            start = widget.index  # type: ignore[attr-defined]
            for i in range(len(widget.options)):  # type: ignore[attr-defined]
                widget.index = i  # type: ignore[attr-defined]
            widget.index = start  # type: ignore[attr-defined]
        elif isinstance(widget, slider) and not getattr(widget, "disabled", False):
            start = widget.value  # type: ignore[attr-defined]
            step = max(1, int(getattr(widget, "step", 1) or 1))
            for v in range(start - SLIDER_STEPS * step, start + SLIDER_STEPS * step + 1, step):
                if widget.min <= v <= widget.max:  # type: ignore[attr-defined]
                    widget.value = v  # type: ignore[attr-defined]
            widget.value = start  # type: ignore[attr-defined]
    except Exception as exc:  # a callback that fails: the browser test shows it; drawing goes on
        print(f"[lite]   a widget callback raised {type(exc).__name__}: {exc}", file=sys.stderr)


# ------------------------------------------------------------------ 4. the site (no network)


def kit_wheel(python: Path, main_python: Path, cache: Path) -> Path:
    """The kit as a pure wheel for the browser: its data, its chart cache, the browser's dependencies."""
    stage = WORK / "kit-src"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "kit", stage / "kit", ignore=ignore)
    shutil.copytree(ROOT / "data", stage / "data", ignore=ignore)
    shutil.copy2(ROOT / "README.md", stage / "README.md")
    if cache.is_dir():
        shutil.copytree(cache, stage / "kit" / "_charts", ignore=ignore)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = "dependencies = [\n" + "".join(f'    "{d}",\n' for d in LITE_DEPENDENCIES) + "]"
    text, n = re.subn(r"(?ms)^dependencies = \[.*?^\]", deps, text, count=1)
    if n != 1:
        fail("pyproject.toml has no `dependencies = [...]` list to replace for the browser's wheel")
    text = re.sub(r"(?ms)^\[project\.optional-dependencies\].*?(?=^\[)", "", text)
    (stage / "pyproject.toml").write_text(text, encoding="utf-8")
    dist = WORK / "kit-wheel"
    shutil.rmtree(dist, ignore_errors=True)
    run([python, "-m", "pip", "wheel", "--disable-pip-version-check", "--quiet", "--no-deps",
         "--no-build-isolation", "--no-index", "--wheel-dir", dist, stage])
    found = sorted(dist.glob("*.whl"))
    if len(found) != 1 or not found[0].name.endswith("-py3-none-any.whl"):
        fail(f"expected one pure wheel of the kit in {dist}, found {[p.name for p in found]}")
    check_chart_version(main_python, found[0], cache)
    return found[0]


def check_chart_version(python: Path, wheel: Path, cache: Path) -> None:
    """The kit in the wheel must compute the version the charts were drawn for, or no chart is found."""
    drawn = sorted(p.name for p in (cache / "v1").iterdir()) if (cache / "v1").is_dir() else []
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel) as z:
            z.extractall(tmp)
        out = subprocess.run([str(python), "-c", "from kit.diskcache import kit_version; print(kit_version())"],
                             capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=tmp), cwd=tmp)
    version = out.stdout.strip()
    if out.returncode != 0 or drawn != [version]:
        fail(f"the kit in the site's wheel has version {version or out.stderr[-500:]!r} but the charts were drawn "
             f"for {drawn}: they would not be found in the browser")


def empty_pyodide_lock(target: Path) -> None:
    """Pyodide's core from the npm package, its lock emptied (every package named there is absent)."""
    if not (NODE_PYODIDE / "pyodide.mjs").is_file():
        fail(f"{NODE_PYODIDE} is missing: `python3 tasks.py lite` installs it with npm ci (package-lock.json)")
    version = json.loads((NODE_PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    if version != PYODIDE_VERSION:
        fail(f"node_modules/pyodide is {version}; the Pyodide kernel 0.8.6 needs exactly {PYODIDE_VERSION}")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for p in NODE_PYODIDE.iterdir():
        if p.is_file() and not p.name.endswith((".map", ".d.ts", ".html")) and p.name not in ("README.md",):
            shutil.copy2(p, target / p.name)
    lock = json.loads((target / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock["packages"] = {}
    (target / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n", encoding="utf-8")


def lite_config(wheels: Path, kit_whl: Path, lite_dir: Path, out: Path) -> None:
    local = lite_dir / "wheels"
    shutil.rmtree(local, ignore_errors=True)
    local.mkdir(parents=True)
    for p in [*wheels.glob("*.whl"), kit_whl]:
        shutil.copy2(p, local / p.name)
    names = sorted({re.split(r"-\d", p.name, maxsplit=1)[0].replace("_", "-").lower() for p in local.glob("*.whl")})
    build_config = {
        "LiteBuildConfig": {
            "contents": ["files"],
            "output_dir": str(out),
            "cache_dir": str(lite_dir / ".cache"),
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
        },
        "PyodideLockAddon": {
            "enabled": True,
            "wheels": ["wheels"],
            "specs": names,
            "prefetch_extra": PREFETCH,
            "pyodide_lock_uv_options": {"extra_uv_args": ["--offline", "--no-index", "--find-links", str(local)]},
        },
    }
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(build_config, indent=2) + "\n", encoding="utf-8")
    lite_json = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Checking a news report (no-server edition)",
            "exposeAppInBrowser": "true",  # window.jupyterapp: the browser test drives the lessons with it
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"env": {"HOME": "/home/pyodide", "KIT_PROGRESS_DIR": PROGRESS_DIR,
                                                  "KIT_DATA_CACHE": DATA_CACHE_DIR}},
                },
            },
            "settingsOverrides": {
                "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
            },
        },
    }
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(lite_json, indent=2) + "\n", encoding="utf-8")


# Python in the browser compiles every module it imports from source, at every start of a lesson
# (its bytecode is never written: the file system is in memory). Each wheel of the site gets the
# bytecode of its modules, compiled once at build time by the very Python of the site (Pyodide's,
# run by Node.js from node_modules/pyodide) and stored as "unchecked-hash" .pyc files in
# __pycache__, which that Python then uses as they are. The .py files stay (tracebacks show lines).
PRECOMPILE_JS = r"""
import { loadPyodide } from "%(pyodide)s";
const py = await loadPyodide({ indexURL: "%(index)s" });
py.FS.mkdirTree("/wheels");
py.FS.mount(py.FS.filesystems.NODEFS, { root: process.argv[2] }, "/wheels");
const report = py.runPython(String.raw`%(python)s`);
console.log(report);
"""
PRECOMPILE_PY = r"""
import compileall, io, os, py_compile, re, shutil, sys, warnings, zipfile
warnings.simplefilter("ignore")  # old escape sequences in tests nobody runs here
SKIP = re.compile(r"[/\\](tests?|_charts|_data|data)[/\\]")
report = []
for name in sorted(os.listdir("/wheels")):
    if not name.endswith(".whl"):
        continue
    src, tmp = "/wheels/" + name, "/tmp/unpacked"
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(src) as z:
        entries = [(i, z.read(i)) for i in z.infolist()]
        z.extractall(tmp)
    if any("__pycache__/" in i.filename for i, _ in entries):
        report.append(f"{name}: already compiled")
        continue
    compileall.compile_dir(tmp, quiet=2, rx=SKIP, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    pycs = sorted(os.path.relpath(os.path.join(d, f), tmp)
                  for d, _, fs in os.walk(tmp) for f in fs if f.endswith(".pyc"))
    record = next(i.filename for i, _ in entries if i.filename.endswith(".dist-info/RECORD"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == record:
                data = data.rstrip(b"\n") + b"\n" + b"".join(p.encode() + b",,\n" for p in pycs)
            z.writestr(info, data)
        for rel in pycs:
            z.write(os.path.join(tmp, rel), rel)
    with open(src, "wb") as f:
        f.write(out.getvalue())
    report.append(f"{name}: {len(pycs)} modules")
f"Python {sys.version.split()[0]} ({sys.implementation.cache_tag}): " + "; ".join(report)
"""


def precompile(wheels: Path) -> None:
    """Add the bytecode of Pyodide's own Python to every wheel in ``wheels`` (see :data:`PRECOMPILE_JS`)."""
    node = shutil.which("node")
    if node is None:
        say("Node.js is not installed, so the wheels keep no bytecode: each lesson starts a few seconds slower.")
        return
    script = WORK / "precompile.mjs"
    script.write_text(PRECOMPILE_JS % {"pyodide": (NODE_PYODIDE / "pyodide.mjs").as_posix(),
                                       "index": NODE_PYODIDE.as_posix() + "/", "python": PRECOMPILE_PY},
                      encoding="utf-8")
    cmd, how = isolated([node, script, wheels])
    say(f"Compiling the wheels' modules with the site's own Python (Pyodide in Node.js) {how}...")
    started = time.monotonic()
    out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        fail("compiling the wheels for the browser failed:\n" + (out.stderr or out.stdout)[-2000:])
    say(f"Compiled in {time.monotonic() - started:.0f} s: {out.stdout.strip()[:400]}")


def isolated(cmd: list[str | Path]) -> tuple[list[str | Path], str]:
    """``cmd`` in a network namespace of its own (no network at all) when the machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and os.name == "posix":
        for flags in (["-n"], ["-r", "-n"]):
            probe = subprocess.run([unshare, *flags, "true"], capture_output=True)
            if probe.returncode == 0:
                return [unshare, *flags, *cmd], "with no network (unshare " + " ".join(flags) + ")"
    return cmd, "(network not cut off: unshare is not available here; the build still fetches nothing)"


def build_site(python: Path, main_python: Path, wheels: Path, cache: Path, files: Path, out: Path) -> None:
    lite_dir = WORK / "lite-src"
    shutil.rmtree(lite_dir, ignore_errors=True)
    lite_dir.mkdir(parents=True)
    kit_whl = kit_wheel(python, main_python, cache)
    empty_pyodide_lock(lite_dir / "static" / "pyodide")
    # Kernel wheels that the lock's solve needs but jupyterlite omits from its own discovery.
    for p in kernel_wheels_dir(python).glob("widgetsnbextension-4.*.whl"):
        shutil.copy2(p, wheels / p.name)
    shutil.copytree(files, lite_dir / "files")
    lite_config(wheels, kit_whl, lite_dir, out)
    precompile(lite_dir / "wheels")
    shutil.rmtree(out, ignore_errors=True)
    jupyter = python.parent / "jupyter"
    cmd, how = isolated([jupyter, "lite", "build", "--lite-dir", lite_dir])
    say(f"jupyter lite build {how}...")
    started = time.monotonic()
    run(cmd, cwd=lite_dir)
    say(f"Built in {time.monotonic() - started:.0f} s.")
    write_landing_page(out)
    if (out / "lab" / "favicon.ico").is_file():  # browsers ask the site's root for one
        shutil.copy2(out / "lab" / "favicon.ico", out / "favicon.ico")
    check_offline(out)
    size, count = site_size(out)
    say(f"Site: {out} ({size / 1e6:.1f} MB, {count} files). Serve it: python3 -m http.server -d {out.relative_to(ROOT)}"
        if out.is_relative_to(ROOT) else f"Site: {out} ({size / 1e6:.1f} MB, {count} files).")


# What the site is made of, besides the wheels (their own stamp) and the build tools (``.venv-lite``).
SITE_SOURCES = ("kit", "data", "notebooks", "README.md", "pyproject.toml", "tools/lite.py",
                "node_modules/pyodide/package.json")


def site_key(python: Path, out: Path) -> str:
    """Changes whenever anything the site is built from changes: then ``tasks.py lite`` builds it again."""
    parts: list[str] = []
    for rel in SITE_SOURCES:
        path = ROOT / rel
        parts.append(tree_digest(path) if path.is_dir() else
                     hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing")
    return digest_of(parts, read_stamp(WORK / "wheels.stamp.json"), read_stamp(LITE_VENV / ".lite-tools-stamp.json"),
                     str(python), str(out))


def site_size(out: Path) -> tuple[int, int]:
    files = [p for p in out.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def check_offline(out: Path) -> None:
    """No CDN or PyPI address in the site's configuration or lock, and the PyPI fallback off."""
    found: list[str] = []
    configs = [*out.rglob("jupyter-lite.json"), *out.rglob("pyodide-lock.json"), *out.rglob("all.json")]
    for path in configs:
        for m in FORBIDDEN.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(out)}: {m.group(0)}")
    if found:
        fail("the site would fetch from the internet:\n  " + "\n  ".join(sorted(set(found))[:20]))
    config = json.loads((out / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    if kernel.get("disablePyPIFallback") is not True:
        fail("disablePyPIFallback is not set in the site's jupyter-lite.json")
    if str(kernel.get("pyodideUrl", "")).startswith("http"):
        fail(f"the site loads Pyodide from {kernel['pyodideUrl']}")


def edition_info(out: Path) -> dict[str, str]:
    info: dict[str, str] = {}
    for edition in EDITIONS:
        first = sorted((out / "files" / edition / "notebooks").glob("00-*.ipynb"))
        if first:
            info[edition] = f"lab/index.html?path={edition}/notebooks/{first[0].name}"
    return info


LANDING = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checking a news report: the lessons in your browser</title>
{config}
<style>
 body {{ font: 17px/1.5 system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #1a1a1a; }}
 h1 {{ font-size: 1.6em; margin-bottom: 0.2em; }}
 a.start {{ display: inline-block; background: #0b5cad; color: #fff; padding: 0.6em 1.1em; border-radius: 6px;
           text-decoration: none; font-weight: 600; margin: 0.3em 0.5em 0.3em 0; }}
 a.start:focus, button:focus {{ outline: 3px solid #f5a623; outline-offset: 2px; }}
 button {{ font: inherit; padding: 0.4em 0.9em; border: 2px solid #8a1c1c; color: #8a1c1c; background: #fff;
          border-radius: 6px; cursor: pointer; }}
 .note {{ background: #f3f6fa; border-left: 4px solid #0b5cad; padding: 0.6em 1em; }}
 code {{ background: #eee; padding: 0 0.2em; }}
</style>
</head>
<body>
<main>
<h1>Checking a news report</h1>
<p>Twelve lessons on one news report: who speaks in it, which claims can be checked, what the
assembly actually did, and how other accounts of the same event compare. Every figure in the
lessons comes from the kit's data, which names its sources.</p>
<p><strong>This is the no-server edition.</strong> Everything runs here, in this browser tab: there is
no server behind this page, nothing to log in to, and once the page has loaded it needs no network.
The first lesson takes about half a minute to start while Python loads in the browser.</p>
<h2>Start</h2>
{links}
<h2>Your answers stay in this browser</h2>
<div class="note">
<p>What you answer in the self-checks, and any change you make to a lesson, is kept by this browser
on this computer only. Nobody else sees it, and it is not sent anywhere. It is still there when you
reload the page or come back later with the same browser, but not on another computer or in another
browser, and not in a private window once that window is closed.</p>
<p><strong>To clear your answers</strong>: press the button below (it forgets your answers and your
changes to the lessons, on this computer, for this site only), or clear this site's data in your
browser's settings (for example "Cookies and site data").</p>
<p><button type="button" id="forget">Forget my answers in this browser</button>
<span id="forget-status" role="status"></span></p>
</div>
<h2>About this edition</h2>
<p>{edition_note}</p>
<p>Limits: charts are pictures drawn when this site was built; a chart for an article added later
shows its numbers as a table instead. A lesson can only read the articles that came with the site.</p>
</main>
<script>
document.getElementById('forget').addEventListener('click', async () => {{
  const status = document.getElementById('forget-status');
  const question = 'Forget every answer and every change to the lessons kept by this browser for this site?';
  if (!window.confirm(question)) return;
  try {{
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    await Promise.all(dbs.map((db) => new Promise((resolve) => {{
      const request = indexedDB.deleteDatabase(db.name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    }})));
    localStorage.clear();
    sessionStorage.clear();
    status.textContent = ' Done: this browser no longer keeps anything for this site.'
      + ' Close any open lesson tab first if one was open.';
  }} catch (e) {{
    status.textContent = ' This browser did not allow it; clear the site data in its settings instead.';
  }}
}});
</script>
</body>
</html>
"""


def write_landing_page(out: Path) -> None:
    """The page the site opens on (instead of JupyterLite's redirect to the lab)."""
    built = (out / "index.html").read_text(encoding="utf-8")
    # JupyterLite's pages read the configuration of every folder up to the site's root from its
    # index.html: the landing page keeps that (inert, JSON) script element.
    config = re.search(r'<script id="jupyter-config-data".*?</script>', built, re.S)
    if config is None:
        fail("JupyterLite's index.html has no jupyter-config-data script to keep")
    info = edition_info(out)
    labels = {"student": "Open the lessons (student edition)",
              "teacher": "Teacher edition: the same lessons with the answers"}
    links = "\n".join(f'<p><a class="start" href="{html.escape(href)}">{html.escape(labels[e])}</a></p>'
                      for e, href in info.items())
    note = ("The student edition's self-checks keep their answers hidden until you have tried. "
            "The teacher edition, in its own folder of this site, has the answers and the worked solutions "
            "inline; it is for teachers.")
    page = LANDING.format(links=links, edition_note=html.escape(note), config=config.group(0))
    (out / "index.html").write_text(page, encoding="utf-8")


# ------------------------------------------------------------------ command line


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tasks.py lite", description=__doc__.split("\n\n")[0])
    parser.add_argument("step", nargs="?", default="all", choices=["all", "fetch", "build", "run-lessons"])
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--main-python", type=Path, default=None, help="the project's .venv interpreter")
    parser.add_argument("--out", type=Path, default=OUT, help="where the site goes (default: build/lite)")
    parser.add_argument("--force", action="store_true", help="build again even if nothing it is made of changed")
    args = parser.parse_args(argv)
    if args.step == "run-lessons":
        return run_lessons([p.resolve() for p in args.paths])
    python = ensure_tools()
    if args.step in ("all", "fetch"):
        fetch(python)
    if args.step == "fetch":
        return 0
    wheels = WORK / "wheels"
    if read_stamp(WORK / "wheels.stamp.json") != digest_of(WHEELS, PYYAML, PYODIDE_VERSION):
        fail("the wheels are not fetched yet: run `python3 tasks.py lite fetch` (needs the network) first")
    main_python = args.main_python or Path(sys.executable)
    out = args.out.resolve()
    stamp = WORK / "site.stamp.json"
    key = site_key(python, out)
    if not args.force and read_stamp(stamp) == key and (out / "jupyter-lite.json").is_file():
        size, count = site_size(out)
        say(f"Site already built from these sources: {out} ({size / 1e6:.1f} MB, {count} files); "
            "`--force` builds it again.")
        return 0
    stamp.unlink(missing_ok=True)
    files = edition_files(main_python)
    cache = charts(main_python, files)
    build_site(python, main_python, wheels, cache, files, out)
    write_stamp(stamp, key)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
