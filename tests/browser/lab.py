"""A real JupyterLab server and a real Chromium, for tests that look at notebooks as a learner does.

The pieces, used by ``conftest.py`` (fixtures) and the tests in this folder:

- :class:`LabServer` starts ``python -m jupyterlab`` from the test environment on 127.0.0.1 with
  a token, on a temporary copy of the notebooks, and always stops it (kernels included).
- :class:`LabPage` is one browser tab on that server. ``open_and_run(name)`` opens a notebook,
  runs every cell and waits until the kernel is idle; ``problems()`` lists everything a learner
  would see go wrong (errors, widgets that did not render, browser console errors).

Only the Python standard library and the ``playwright`` package are used; Playwright drives
Debian's ``/usr/bin/chromium`` and never downloads a browser of its own.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # as root, Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}  # a common school laptop
SERVER_START_TIMEOUT = 90.0  # seconds; about 6 s is usual
RUN_TIMEOUT_MS = int(os.environ.get("KIT_BROWSER_TIMEOUT", "180")) * 1000
WIDGET_SETTLE_MS = 20_000  # how long "Loading widget..." may take to turn into a widget
LAYOUT_SETTLE_MS = 1_000  # the longest a screenshot waits for the layout to stop changing

# Browser console errors that are not the lesson's fault. Each entry needs a reason.
CONSOLE_ERROR_ALLOWLIST: list[tuple[re.Pattern[str], str]] = []


def notebooks_dir() -> Path:
    """The lessons folder: ``$KIT_NOTEBOOKS_DIR`` if set (for developing the harness on a
    throwaway notebook), else the repository's ``notebooks/``."""
    return Path(os.environ.get("KIT_NOTEBOOKS_DIR") or ROOT / "notebooks").resolve()


def lesson_notebooks() -> list[Path]:
    folder = notebooks_dir()
    return sorted(folder.glob(NOTEBOOK_GLOB)) if folder.is_dir() else []


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return (f"Chromium is not installed at {CHROMIUM}. Install Debian's package with "
                "`sudo apt-get install chromium` (CI's .ci/run does this when it runs as root).")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "The playwright package is missing: `python3 tasks.py test` installs it."
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LabServer:
    """``jupyter lab`` on a temporary copy of the notebooks; use as a context manager."""

    def __init__(self, workdir: Path, notebooks: Path) -> None:
        self.workdir = workdir
        self.root_dir = workdir / "lab-root"
        self.log_path = workdir / "jupyterlab.log"
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self._notebooks = notebooks
        self._proc: subprocess.Popen[bytes] | None = None

    # -- life cycle ------------------------------------------------------------------------
    def __enter__(self) -> LabServer:
        self._prepare_root()
        self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _prepare_root(self) -> None:
        # A copy, so autosave and outputs never touch the working tree. data/ comes along in
        # case a notebook reads ../data directly.
        ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        if self._notebooks.is_dir():
            shutil.copytree(self._notebooks, self.root_dir / "notebooks", ignore=ignore)
        else:  # no lesson yet: the harness self-test still runs
            (self.root_dir / "notebooks").mkdir(parents=True)
        if (ROOT / "data").is_dir():
            shutil.copytree(ROOT / "data", self.root_dir / "data", ignore=ignore)

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        # Fresh user settings, workspaces, config and kernelspecs: what is in ~/.jupyter or
        # ~/.local/share/jupyter on a developer's machine must not change what the test sees.
        # The news toast stays off through the environment's overrides.json (tasks.py).
        for var, sub in [("JUPYTERLAB_SETTINGS_DIR", "user-settings"),
                         ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                         ("JUPYTER_CONFIG_DIR", "config"),
                         ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime")]:
            env[var] = str(self.workdir / sub)
        env.pop("MPLBACKEND", None)  # a learner's kernel uses the inline backend
        # Self-check progress goes to a fresh folder: answers typed by one run (or by a developer
        # in ~/.kit-progress) are never restored into the next run's widgets.
        env["KIT_PROGRESS_DIR"] = str(self.workdir / "kit-progress")
        return env

    def _start(self) -> None:
        cmd = [
            sys.executable, "-m", "jupyterlab",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={self.root_dir}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, for "run all cells"
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = self.log_path.open("wb")
        self._proc = subprocess.Popen(
            cmd, cwd=self.root_dir, env=self._environment(), stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=(os.name != "nt"),
        )
        log.close()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self._proc.returncode}:\n"
                                   + self.log_tail())
            try:
                self.api("GET", "api/status")
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT:.0f} s:\n"
                           + self.log_tail())

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(OSError, urllib.error.URLError):
            self.shutdown_kernels()
        end_process_group(proc, timeout=15)

    # -- HTTP -------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return f"{self.base_url}{path.lstrip('/')}"

    def api(self, method: str, path: str) -> Any:
        request = urllib.request.Request(
            self.url(path), method=method, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel, so one notebook's kernel does not outlive its test."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.api("GET", "api/kernels"):
            self.api("DELETE", f"api/kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def end_process_group(proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Stop a server the tests started with ``start_new_session``: terminate it, kill it if it does
    not end within ``timeout`` seconds, then kill whatever it left in its process group (kernels)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)
    if os.name != "nt":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


def launch_chromium(playwright: Any, profile_dir: Path) -> BrowserContext:
    """Debian's Chromium with a fresh profile (Playwright refuses --user-data-dir in args)."""
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport=VIEWPORT,
    )


# --- JavaScript run in the page ---------------------------------------------------------------
# `window.jupyterapp` exists because the server runs with --LabApp.expose_app_in_browser=True.

_JS_NOTEBOOK_READY = """(path) => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.sessionContext || !w.content) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return w.context.isReady && w.content.widgets.length > 0 && !!kernel
    && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""

_JS_RUN_ALL = """() => {
  window.__kitRunAll = {done: false, error: null};
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    () => { window.__kitRunAll.done = true; },
    (e) => { window.__kitRunAll.done = true; window.__kitRunAll.error = String(e); });
}"""

# Finished = the run-all promise settled, the kernel is idle, and the cells' execution counts and
# outputs have not changed for a second (the promise can settle before the last execution count
# and outputs reach the model).
_JS_RUN_FINISHED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!window.__kitRunAll.done || !kernel || kernel.status !== 'idle') {
    window.__kitSettle = null;
    return false;
  }
  const fingerprint = w.content.widgets.map((c) => c.model.type === 'code'
      ? `${c.model.executionCount}:${c.model.outputs.length}` : '').join(',')
    + '|' + w.content.node.querySelectorAll('.jp-OutputArea-output').length;
  const now = Date.now();
  if (!window.__kitSettle || window.__kitSettle.fingerprint !== fingerprint) {
    window.__kitSettle = {fingerprint, since: now};
    return false;
  }
  return now - window.__kitSettle.since >= 1000;
}"""

_JS_WIDGETS_SETTLED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  return !w.content.node.textContent.includes('Loading widget');
}"""

# Everything wrong that a learner could see in the open notebook, as a list of strings.
_JS_PROBLEMS = """() => {
  const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';
  const w = window.jupyterapp.shell.currentWidget;
  const problems = [];
  if (window.__kitRunAll && window.__kitRunAll.error)
    problems.push('run-all-cells failed: ' + window.__kitRunAll.error);
  w.content.widgets.forEach((cell, i) => {
    const model = cell.model;
    if (model.type !== 'code') return;
    const where = `cell ${i}`;
    const tags = model.getMetadata('tags') || [];
    const errorsExpected = tags.includes('raises-exception');
    let modelErrors = 0, widgetViews = 0;
    for (let j = 0; j < model.outputs.length; j++) {
      const out = model.outputs.get(j).toJSON();
      if (out.output_type === 'error' && !errorsExpected) {
        modelErrors++;
        problems.push(`${where}: error output ${out.ename}: ${out.evalue}`);
      }
      if (out.data && WIDGET_MIME in out.data) widgetViews++;
    }
    if (model.sharedModel.getSource().trim() && model.executionCount === null && !modelErrors)
      problems.push(`${where}: never ran (no execution count); an earlier error stopped the run?`);
    // Tracebacks printed inside Output widgets (callback errors) are not in the cell's model.
    if (!errorsExpected && !modelErrors) {
      cell.node.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').forEach((el) => {
          const text = el.textContent.trim();
          if (text.includes('Traceback'))  // its last line names the exception
            problems.push(`${where}: traceback in an output: ${text.split('\\n').pop().trim()}`);
        });
    }
    const area = cell.node.querySelector('.jp-Cell-outputArea');
    const text = area ? area.textContent : '';
    for (const bad of ['Loading widget', 'Error displaying widget', 'model_id'])
      if (text.includes(bad))
        problems.push(`${where}: widget not rendered ("${bad}" in the output)`);
    // ipywidgets 8 draws a model or view that failed to load as an error icon.
    const failed = area ? area.querySelectorAll('.jupyter-widgets-error-widget').length : 0;
    if (failed) problems.push(`${where}: ${failed} widget(s) failed to load (error icon shown)`);
    // The cell's own outputs (not those nested in Output widgets) that hold a rendered widget.
    const rendered = area ? Array.from(area.querySelectorAll(
        ':scope > .jp-OutputArea-child > .jp-OutputArea-output'))
      .filter((el) => el.querySelector('.jupyter-widgets:not(.jupyter-widgets-error-widget)')
        && !el.querySelector('.jupyter-widgets-error-widget')).length : 0;
    if (rendered < widgetViews)
      problems.push(`${where}: ${widgetViews} widget output(s) but ${rendered} rendered`);
  });
  return problems;
}"""

_JS_NEWS_TOAST = """() => Array.from(document.querySelectorAll('.Toastify__toast'))
  .map((t) => t.textContent).filter((t) => /news/i.test(t))"""

_JS_NOTEBOOK_HEIGHT = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const scroller = w.content.node.querySelector('.jp-WindowedPanel-outer') || w.content.node;
  return scroller.scrollHeight + (window.innerHeight - scroller.clientHeight);
}"""

# Resolves once the notebook's layout has stayed the same for two animation frames in a row (Lumino
# and the windowed notebook lay out and render cells on animation frames after a resize or a
# scroll), and after at most ``maxMs``: a screenshot then shows the cells as laid out, without a
# fixed wait on a fast page.
_JS_LAYOUT_SETTLED = """async ([maxMs]) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const root = (w && w.content && w.content.node) || document.body;
  const scroller = root.querySelector('.jp-WindowedPanel-outer') || root;
  const shape = () => {
    const images = Array.from(root.querySelectorAll('img'));
    return [window.innerHeight, scroller.scrollHeight, scroller.clientHeight, scroller.scrollTop,
            root.querySelectorAll('.jp-Cell').length, root.querySelectorAll('.jp-OutputArea-output').length,
            images.length, images.filter((i) => i.complete).length].join(',');
  };
  const started = performance.now();
  let last = shape(), same = 0;
  while (same < 2 && performance.now() - started < maxMs) {
    // a frame, or 50 ms where frames are not drawn (a page in the background gets none)
    await new Promise((resolve) => { requestAnimationFrame(() => resolve()); setTimeout(resolve, 50); });
    const now = shape();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return Math.round(performance.now() - started);
}"""

_JS_SCROLL_TO_TOP = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const scroller = w.content.node.querySelector('.jp-WindowedPanel-outer') || w.content.node;
  scroller.scrollTop = 0;
}"""

@dataclass
class LabPage:
    """One browser tab on the test server, recording the browser console's errors."""

    page: Page
    server: LabServer
    console_errors: list[str] = field(default_factory=list)
    off_machine: list[str] = field(default_factory=list)  # requests that left 127.0.0.1

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)
        self.page.on("request", self._on_request)

    def _on_request(self, request: Any) -> None:
        # A lesson works offline: the page may talk to the test server only (data: and blob: URLs
        # never leave the browser).
        url = urllib.parse.urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in ("127.0.0.1", "localhost"):
            self.off_machine.append(request.url[:200])

    def _on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        text = message.text.splitlines()[0] if message.text else "(empty message)"
        location = message.location or {}
        if location.get("url"):
            text += f" ({location['url']}:{location.get('lineNumber')})"
        if not any(pattern.search(text) for pattern, _why in CONSOLE_ERROR_ALLOWLIST):
            self.console_errors.append(text)

    def _on_page_error(self, error: Any) -> None:
        first_line = (str(error).splitlines() or ["(no message)"])[0]
        self.console_errors.append(f"uncaught exception: {first_line}")

    def open_and_run(self, notebook_name: str, folder: str = "notebooks") -> Page:
        """Open ``<folder>/<notebook_name>`` (relative to the server's root), run all cells, wait
        for the kernel to be idle and for widgets to finish loading; return the Playwright page."""
        path = f"{folder}/{notebook_name}"
        # ?reset: start from an empty workspace, so the previous test's notebook stays closed.
        self.page.goto(self.server.url(f"lab/tree/{path}?reset&token={self.server.token}"))
        self.page.wait_for_function(_JS_NOTEBOOK_READY, arg=path, timeout=RUN_TIMEOUT_MS)
        self.page.evaluate(_JS_RUN_ALL)
        self.page.wait_for_function(_JS_RUN_FINISHED, timeout=RUN_TIMEOUT_MS, polling=250)
        self.wait_for_widgets()
        return self.page

    def wait_for_idle(self, timeout_ms: int = 30_000) -> None:
        """Wait until the open notebook's kernel is idle (after a callback that a click started)."""
        self.page.wait_for_function(
            "() => { const w = window.jupyterapp.shell.currentWidget;"
            " const k = w && w.sessionContext.session && w.sessionContext.session.kernel;"
            " return !!k && k.status === 'idle'; }", timeout=timeout_ms, polling=250)

    def wait_for_widgets(self) -> None:
        """Give "Loading widget..." placeholders time to render; problems() reports the rest."""
        try:
            self.page.wait_for_function(_JS_WIDGETS_SETTLED, timeout=WIDGET_SETTLE_MS, polling=250)
        except Exception as exc:  # playwright's TimeoutError; reported by problems()
            if type(exc).__name__ != "TimeoutError":
                raise

    def problems(self) -> list[str]:
        """Errors, unrendered widgets, the news toast, browser console errors and requests that left
        the machine, one per line."""
        found: list[str] = self.page.evaluate(_JS_PROBLEMS)
        found += [f"news toast is showing ({t!r}): the environment's overrides.json is missing; "
                  "`python3 tasks.py test` writes it" for t in self.page.evaluate(_JS_NEWS_TOAST)]
        found += [f"browser console error: {e}" for e in self.console_errors]
        found += [f"request left the machine (a lesson must work offline): {u}" for u in self.off_machine]
        return found

    def screenshot(self, name: str) -> Path:
        """Save the whole notebook (not just the viewport) to test-artifacts/screenshots/."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        height = min(max(int(self.page.evaluate(_JS_NOTEBOOK_HEIGHT)), VIEWPORT["height"]), 12_000)
        self.page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        try:
            self.page.evaluate(_JS_LAYOUT_SETTLED, [LAYOUT_SETTLE_MS])  # JupyterLab lays out the taller window
            self.page.evaluate(_JS_SCROLL_TO_TOP)  # "run all" left the last cell in view
            self.page.evaluate(_JS_LAYOUT_SETTLED, [LAYOUT_SETTLE_MS])
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(VIEWPORT)
        return path
