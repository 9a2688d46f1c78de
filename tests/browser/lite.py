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


def built_site(out: Path) -> Path:
    """The site, built by ``python3 tasks.py lite --out OUT`` (or ``$KIT_LITE_SITE`` when set)."""
    given = os.environ.get("KIT_LITE_SITE")
    if given:
        site = Path(given).resolve()
        if not (site / "jupyter-lite.json").is_file():
            raise RuntimeError(f"KIT_LITE_SITE={given} is not a built site (no jupyter-lite.json)")
        return site
    log = out.parent / "lite-build.log"
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

    def open_and_run(self, notebook_name: str, folder: str = "student/notebooks") -> Any:
        """Open a notebook of the site, wait for Pyodide, run all cells, wait for the widgets."""
        path = f"{folder}/{notebook_name}"
        self.page.goto(self.server.url(f"lab/index.html?path={urllib.parse.quote(path)}"))
        return self._run(path)

    def _run(self, path: str) -> Any:
        self.page.wait_for_function(_JS_ONLY_THIS, arg=path, timeout=START_TIMEOUT_MS, polling=250)
        self.page.wait_for_function(_JS_LITE_READY, arg=path, timeout=START_TIMEOUT_MS, polling=250)
        self.timings["kernel_ready_ms"] = float(self.page.evaluate("() => performance.now()"))
        self.page.evaluate(_JS_RUN_ALL)
        handle = self.page.wait_for_function(_JS_FIRST_OUTPUT, timeout=RUN_TIMEOUT_MS, polling=50)
        self.timings["first_output_ms"] = float(handle.json_value())
        self.page.wait_for_function(_JS_RUN_FINISHED, timeout=RUN_TIMEOUT_MS, polling=250)
        self.timings["run_all_ms"] = float(self.page.evaluate("() => performance.now()"))
        self.wait_for_widgets()
        return self.page

    def reload_and_run(self) -> Any:
        """Reload the tab (a new kernel: nothing is kept in memory), then run all cells again."""
        path = self.page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")
        self.page.reload()
        return self._run(path)
