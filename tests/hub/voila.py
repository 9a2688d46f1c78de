"""Voila on a temporary copy of the lessons, and a page that records what a student would see go wrong.

:class:`VoilaServer` runs ``python -m voila`` from the test environment on 127.0.0.1 and a free
port, with the kit's template and settings as installed with the kit (``etc/jupyter/voila.json``,
``share/jupyter/voila/templates/kit``): the same ones ``tasks.py voila``, Binder and a hub use.
:class:`VoilaPage` is one browser tab: every request that leaves 127.0.0.1 is aborted and listed.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from browser.lab import end_process_group

from .harness import ROOT, free_port

START_TIMEOUT = 90.0
RENDER_TIMEOUT_MS = 240_000


class VoilaServer:
    """``voila`` serving a copy of ``notebooks/`` (and ``data/``); use as a context manager."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.root = workdir / "root"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "voila.log"
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> VoilaServer:
        ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        shutil.copytree(ROOT / "notebooks", self.root / "notebooks", ignore=ignore)
        shutil.copytree(ROOT / "data", self.root / "data", ignore=ignore)
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
        for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime")]:
            env[var] = str(self.workdir / sub)
        env["KIT_PROGRESS_DIR"] = str(self.workdir / "kit-progress")
        env.pop("MPLBACKEND", None)
        log = self.log_path.open("wb")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "voila", "--no-browser", f"--port={self.port}", "--Voila.ip=127.0.0.1",
             "--Voila.port_retries=0", str(self.root / "notebooks")],
            cwd=self.root, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"Voila exited with code {self._proc.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/", timeout=5).status_code == 200:
                    return self
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"Voila did not answer within {START_TIMEOUT:.0f} s:\n{self.log_tail()}")

    def __exit__(self, *exc: object) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        end_process_group(proc, timeout=20)  # its kernels share its process group

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


_JS_PROBLEMS = """() => {
  const problems = [];
  const cells = document.querySelectorAll('#rendered_cells .jp-Cell');
  if (!cells.length) problems.push('no cell was rendered');
  document.querySelectorAll('.jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-CodeMirrorEditor, .cm-editor')
    .forEach((el) => { if (el.offsetParent !== null) problems.push('code is shown: ' + el.textContent.slice(0, 80)); });
  document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"], '
                            + '.jp-RenderedText[data-mime-type*="error"]')
    .forEach((el) => {
      const t = el.textContent.trim();
      if (t) problems.push('error output: ' + t.split('\\n').pop().slice(0, 160));
    });
  const text = document.body.innerText;
  for (const bad of ['Traceback', 'Error displaying widget', 'Loading widget', 'model_id',
                     'There was an error when executing cell'])
    if (text.includes(bad)) problems.push(`"${bad}" is on the page`);
  const failed = document.querySelectorAll('.jupyter-widgets-error-widget').length;
  if (failed) problems.push(`${failed} widget(s) failed to load (error icon shown)`);
  return problems;
}"""


@dataclass
class VoilaPage:
    """One tab on a Voila page. ``page`` is what tests/browser/interactions.py acts on."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    off_machine: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", lambda m: self.console_errors.append(m.text.splitlines()[0] if m.text else "")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console_errors.append(f"uncaught exception: {e}"))
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = urllib.parse.urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in ("127.0.0.1", "localhost"):
            self.off_machine.append(route.request.url[:200])
            route.abort()
        else:
            route.continue_()

    def open(self, server: VoilaServer, notebook: str) -> None:
        """Open a lesson and wait until Voila has run every cell and shown the page."""
        self.open_url(f"{server.url}/voila/render/{notebook}")

    def open_url(self, url: str) -> None:
        """Open a Voila page (standalone or on a hub) and wait until every cell has run."""
        self.page.goto(url, timeout=RENDER_TIMEOUT_MS)
        self.page.wait_for_selector("#rendered_cells", state="visible", timeout=RENDER_TIMEOUT_MS)
        self.page.wait_for_function("() => !document.body.innerText.includes('Loading widget')",
                                    timeout=30_000, polling=250)

    def problems(self, code_lines: list[str] = ()) -> list[str]:  # type: ignore[assignment]
        """What a student would see go wrong; ``code_lines`` (the notebook's code) must not show."""
        found: list[str] = self.page.evaluate(_JS_PROBLEMS)
        text = self.page.evaluate("() => document.body.innerText")
        found += [f"a line of code is on the page: {line!r}" for line in code_lines if line in text]
        found += [f"browser console error: {e}" for e in self.console_errors]
        found += [f"request left the machine (aborted): {u}" for u in self.off_machine]
        return found
