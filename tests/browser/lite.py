"""The no-server site (tools/lite.py) in a real Chromium: built once, served by a static file server.

- :func:`built_site` builds the site with ``python3 tasks.py lite`` into a folder (once per test
  run; ``KIT_LITE_SITE`` names a site built earlier to use instead).
- :class:`StaticServer` serves a folder on 127.0.0.1 with Python's ``http.server`` (what a
  teacher does on a laptop), on a free port, and always stops it.
- :class:`LitePage` is one tab on that site. It inherits :class:`lab.LabPage`'s checks
  (``problems()``, widgets, screenshots) and opens notebooks the JupyterLite way; every request to a
  host other than 127.0.0.1 is aborted and recorded, so a test sees it as a problem.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .lab import (
    _JS_RUN_ALL,
    _JS_RUN_FINISHED,
    ROOT,
    RUN_TIMEOUT_MS,
    LabPage,
    _free_port,
    end_process_group,
)

# Pyodide starting on a busy machine: 13-19 s alone on 2 cores, a minute when 9 sessions share them.
START_TIMEOUT_MS = max(RUN_TIMEOUT_MS, 300_000)
BUILD_TIMEOUT = 1800  # seconds: the first build also fetches the wheels and makes .venv-lite

_JS_LITE_READY = """(path) => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.sessionContext || !w.content) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  // The kernel's own status says idle before Pyodide has loaded; the status bar waits for it.
  const bar = document.querySelector('#jp-main-statusbar');
  return w.context.isReady && w.content.widgets.length > 0 && !!kernel && kernel.status === 'idle'
    && !!bar && /\\|\\s*Idle/.test(bar.textContent);
}"""

# JupyterLite keeps the layout in the browser and reopens, each with a kernel of its own, every
# lesson an earlier tab left open (its ?reset drops ?path): close the others, show this one.
_JS_ONLY_THIS = """(path) => {
  const app = window.jupyterapp;
  if (!app) return false;
  let mine = null;
  for (const w of Array.from(app.shell.widgets('main'))) {
    if (!w.context) continue;
    if (w.context.path === path) { mine = w; continue; }
    if (w.sessionContext) w.sessionContext.shutdown().catch(() => {});
    w.dispose();
    window.__kitDisposed = (window.__kitDisposed || 0) + 1;
  }
  if (!mine) return false;
  if (app.shell.currentWidget !== mine) app.shell.activateById(mine.id);
  return app.shell.currentWidget === mine;
}"""

# Milliseconds from the page's navigation start to the first output of the first code cell.
_JS_FIRST_OUTPUT = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const first = w.content.widgets.find((c) => c.model.type === 'code');
  return first && first.model.executionCount !== null
    && (first.model.outputs.length > 0 || first.model.sharedModel.getSource().trim().length > 0)
    ? performance.now() : false;
}"""


# The kernel of the notebook in front, and how many kernels the page runs (one is expected: a second
# means JupyterLite reopened a lesson an earlier tab left open, and Pyodide started twice).
_JS_KERNELS = """() => {
  const app = window.jupyterapp;
  const w = app.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return {current: kernel ? kernel.id : null, running: Array.from(app.serviceManager.kernels.running()).length};
}"""

# Open a notebook of the site on a kernel that is already running (JupyterLite shares it, as
# "Use Kernel from Other Session" does), so that no second Pyodide starts.
_JS_OPEN_ON_KERNEL = """async ([path, kernelId]) => {
  const app = window.jupyterapp;
  const model = Array.from(app.serviceManager.kernels.running()).find((k) => k.id === kernelId);
  if (!model) throw new Error('no running kernel ' + kernelId);
  await app.commands.execute('docmanager:open', {path, factory: 'Notebook', kernel: {id: model.id, name: model.name}});
  return true;
}"""

# Run some cells of the notebook in front, one after the other (each promise settles when it ran):
# the first code cell (the lesson's setup) and the code cells whose source matches a pattern.
_JS_RUN_CELLS = """async ([pattern]) => {
  const app = window.jupyterapp;
  const nb = app.shell.currentWidget.content;
  const code = nb.widgets.map((c, i) => [c, i]).filter(([c]) => c.model.type === 'code');
  const wanted = code.filter(([c], n) => n === 0 || new RegExp(pattern).test(c.model.sharedModel.getSource()));
  for (const [, i] of wanted) {
    nb.activeCellIndex = i;
    nb.deselectAll();
    await app.commands.execute('notebook:run-cell');
  }
  return wanted.map(([, i]) => i);
}"""

# Close every notebook of the page without shutting down its kernel: the layout JupyterLite keeps in
# the browser is then empty, and the next tab does not reopen (and start a kernel for) any of them.
_JS_CLOSE_ALL = """() => {
  for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
    if (w.context) { w.dispose(); window.__kitDisposed = (window.__kitDisposed || 0) + 1; }
  }
  return Array.from(window.jupyterapp.shell.widgets('main')).filter((w) => w.context).length;
}"""

# Whether the notebook in front has been opened, its kernel is idle, and it shows the given path.
_JS_SHOWN_IDLE = """(path) => {
  const w = window.jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!w && !!w.context && w.context.path === path && w.context.isReady && w.content.widgets.length > 0
    && !!kernel && kernel.status === 'idle';
}"""


_JS_IDLE_NOW = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""


def built_site(log: Path, out: Path | None = None) -> Path:
    """The site, built by ``python3 tasks.py lite`` into ``build/lite`` (or ``out``), or ``$KIT_LITE_SITE`` when set.

    ``tasks.py lite`` does nothing while nothing the site is made of has changed since its last build
    (a stamp in build/lite-work), so a second test run, or the one after a README edit, starts at once.
    """
    given = os.environ.get("KIT_LITE_SITE")
    if given:
        site = Path(given).resolve()
        if not (site / "jupyter-lite.json").is_file():
            raise RuntimeError(f"KIT_LITE_SITE={given} is not a built site (no jupyter-lite.json)")
        return site
    out = out or ROOT / "build" / "lite"
    with log.open("wb") as handle:
        proc = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "lite", "--out", str(out)], cwd=ROOT,
                              stdout=handle, stderr=subprocess.STDOUT, timeout=BUILD_TIMEOUT)
    if proc.returncode != 0 or not (out / "jupyter-lite.json").is_file():
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise RuntimeError(f"`python3 tasks.py lite` failed (exit code {proc.returncode}):\n{tail}")
    return out


class StaticServer:
    """``python -m http.server`` on 127.0.0.1 serving one folder; use as a context manager."""

    def __init__(self, folder: Path, log: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> StaticServer:
        with self.log_path.open("wb") as log:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory",
                 str(self.folder)], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=(os.name != "nt"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"http.server exited with code {self._proc.returncode}")
            try:
                with urllib.request.urlopen(self.base_url + "jupyter-lite.json", timeout=5):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("http.server did not answer within 30 s")

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        end_process_group(proc, timeout=10)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path.lstrip('/')}"

    def shutdown_kernels(self) -> None:
        """Nothing to do: a JupyterLite kernel lives in its tab and ends with it."""


@dataclass
class LitePage(LabPage):
    """A tab on the static site; requests that would leave 127.0.0.1 are aborted and recorded."""

    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.page.route("**/*", self._route)
        self.page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" on reload

    def _on_console(self, message: Any) -> None:
        # JupyterLite asks the static server for the listing of a folder the browser's Python has
        # just created (the kit's progress folder; "Untitled Folder" while a folder is being made):
        # the site has none, the 404 is expected, and the folder lives in the browser's storage.
        url = str((message.location or {}).get("url", ""))
        if "status of 404" in (message.text or "") and re.search(r"/api/contents/.*all\.json$", url):
            return
        # The toolbar of a lesson that _JS_ONLY_THIS closed while JupyterLab was still laying it out.
        if (message.text or "").startswith("Error while computing the ReactiveToolbar"):
            return
        super()._on_console(message)

    def _route(self, route: Any) -> None:
        url = urllib.parse.urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            route.abort()  # _on_request (LabPage) has recorded it: problems() lists it
        else:
            route.continue_()

    def open_and_run(self, notebook_name: str, folder: str = "student/notebooks", run_all: bool = True) -> Any:
        """Open a notebook of the site, wait for Pyodide, run all cells (unless not ``run_all``) and wait for
        the widgets."""
        path = f"{folder}/{notebook_name}"
        self.page.goto(self.server.url(f"lab/index.html?path={urllib.parse.quote(path)}"))
        return self._run(path, run_all)

    def _run(self, path: str, run_all: bool = True) -> Any:
        self.page.wait_for_function(_JS_ONLY_THIS, arg=path, timeout=START_TIMEOUT_MS, polling=250)
        self.page.wait_for_function(_JS_LITE_READY, arg=path, timeout=START_TIMEOUT_MS, polling=250)
        self.timings["kernel_ready_ms"] = float(self.page.evaluate("() => performance.now()"))
        if not run_all:
            return self.page
        return self.run_all_in_front()

    def run_all_in_front(self) -> Any:
        """Run all cells of the notebook in front (on its kernel, as it is) and wait for the widgets."""
        self.page.evaluate(_JS_RUN_ALL)
        handle = self.page.wait_for_function(_JS_FIRST_OUTPUT, timeout=RUN_TIMEOUT_MS, polling=50)
        self.timings["first_output_ms"] = float(handle.json_value())
        self.page.wait_for_function(_JS_RUN_FINISHED, timeout=RUN_TIMEOUT_MS, polling=250)
        self.timings["run_all_ms"] = float(self.page.evaluate("() => performance.now()"))
        self.wait_for_widgets()
        return self.page

    def ready(self) -> bool:
        """Whether JupyterLite is up in this tab with a notebook whose kernel is idle."""
        try:
            return bool(self.page.evaluate(_JS_IDLE_NOW))
        except Exception:  # playwright's Error: the page is gone or never loaded
            return False

    def mark(self) -> tuple[int, int]:
        """How many console errors and off-machine requests the tab has recorded so far."""
        return len(self.console_errors), len(self.off_machine)

    def problems_since(self, mark: tuple[int, int]) -> list[str]:
        """:meth:`problems`, counting only the console errors and requests recorded after ``mark``
        (the notebook in front is read whole, as always)."""
        console, off = self.console_errors, self.off_machine
        self.console_errors, self.off_machine = console[mark[0]:], off[mark[1]:]
        try:
            return self.problems()
        finally:  # anything recorded meanwhile was appended to the shortened lists
            self.console_errors = console[:mark[0]] + self.console_errors
            self.off_machine = off[:mark[1]] + self.off_machine

    def problems(self) -> list[str]:
        """LabPage's problems, less one error that the test itself causes: a notebook closed by the test
        (:data:`_JS_ONLY_THIS`, :meth:`close_notebook`) while JupyterLab was still laying it out makes
        JupyterLab's windowed notebook call ``observe`` on an element already gone."""
        found = super().problems()
        if self.page.evaluate("() => window.__kitDisposed || 0"):
            found = [p for p in found if "Cannot read properties of null (reading 'observe')" not in p]
        return found

    def close_notebook(self, path: str) -> None:
        """Close one notebook of the tab, leaving its kernel running (another notebook may share it)."""
        self.page.evaluate("(path) => { for (const w of Array.from(window.jupyterapp.shell.widgets('main')))"
                           " if (w.context && w.context.path === path) { w.dispose();"
                           " window.__kitDisposed = (window.__kitDisposed || 0) + 1; } }", path)

    def kernels(self) -> dict[str, Any]:
        """The id of the kernel of the notebook in front, and how many kernels the page runs."""
        return dict(self.page.evaluate(_JS_KERNELS))

    def open_on_kernel(self, path: str, kernel_id: str) -> None:
        """Open another notebook of the site in front, on a kernel that is already running."""
        self.page.evaluate(_JS_OPEN_ON_KERNEL, [path, kernel_id])
        self.page.wait_for_function(_JS_SHOWN_IDLE, arg=path, timeout=RUN_TIMEOUT_MS, polling=250)

    def run_cells(self, pattern: str) -> list[int]:
        """Run the first code cell and those matching ``pattern`` (a JavaScript regex) of the notebook in front."""
        ran: list[int] = self.page.evaluate(_JS_RUN_CELLS, [pattern])
        self.wait_for_idle()
        self.wait_for_widgets()
        return ran

    def close_notebooks(self) -> None:
        """Close every notebook of the tab (kernels left running: the tab ends them when it closes)."""
        left = self.page.evaluate(_JS_CLOSE_ALL)
        if left:
            raise RuntimeError(f"{left} notebook(s) did not close")
        self.page.wait_for_timeout(300)  # JupyterLite saves the now empty layout in the browser
