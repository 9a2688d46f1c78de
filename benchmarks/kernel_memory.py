#!/usr/bin/env python3
"""How much memory a student's kernel holds after running each lesson, for sizing a JupyterHub.

    .venv/bin/python benchmarks/kernel_memory.py                     # every notebook, once
    .venv/bin/python benchmarks/kernel_memory.py --runs 3 --json out.json notebooks/07-*.ipynb
    .venv/bin/python benchmarks/kernel_memory.py notebooks/07-*.ipynb \
        --then "for i in range(200): sim.simulator.against.value = i % 20"   # 200 simulator redraws

For each notebook: a fresh IPython kernel (the test environment's ``python3`` kernel, inline
matplotlib backend, as in JupyterLab) is started in the notebooks folder, every code cell is run in
order as "Run All" does, then the kernel process's memory is read from ``/proc/<pid>/``:

- ``rss``: resident set (VmRSS, /proc/<pid>/status) after the last cell: what the kernel holds;
- ``peak``: the highest resident set during the run (VmHWM);
- ``pss``: proportional set (Pss, /proc/<pid>/smaps_rollup): shared library pages divided among the
  processes that share them, a fairer per-student figure when many kernels run on one server.

``baseline`` is the same three figures for a kernel that has only started (nothing imported).
``--server`` also measures an idle JupyterLab single-user server (each student on a hub has one).
Linux only (reads /proc). The functions :func:`measure_notebook` and :func:`kernel_memory` can be
imported by other benchmarks.
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 300.0  # seconds


def kernel_memory(pid: int) -> dict[str, int]:
    """``rss``, ``peak`` and ``pss`` of a process, in kibibytes, from /proc."""
    out: dict[str, int] = {}
    status = Path(f"/proc/{pid}/status").read_text()
    for line in status.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out["rss" if key == "VmRSS" else "peak"] = int(value.split()[0])
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                out["pss"] = int(line.split()[1])
    except OSError:  # older kernels have no smaps_rollup
        pass
    return out


def _code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def _run(client: Any, code: str, timeout: float) -> list[str]:
    """Run one cell; return the error names it raised (an expected error is fine: tagged cells)."""
    msg_id = client.execute(code, store_history=True, allow_stdin=False)
    errors: list[str] = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            msg = client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(f"a cell did not finish within {timeout:.0f} s") from None
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            return errors


def _environment(progress: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # the kernel's own inline backend, as in JupyterLab
    env["KIT_PROGRESS_DIR"] = progress  # never touch the real progress file
    return env


def measure_notebook(path: Path, timeout: float = CELL_TIMEOUT, then: str = "") -> dict[str, Any]:
    """Start a kernel, run every code cell of ``path`` (then the code ``then``, if given, in the same
    kernel: a student's further clicks, say), and return its memory before and after.

    Returns
    -------
    dict
        ``notebook``, ``baseline`` and ``after`` (each ``rss``/``peak``/``pss`` in KiB), ``seconds``
        (time to run the cells) and ``errors`` (errors the cells raised, for the reader to judge:
        a lesson's cell tagged raises-exception raises on purpose).
    """
    from jupyter_client.manager import KernelManager

    with tempfile.TemporaryDirectory(prefix="kit-memory-") as progress:
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=str(path.parent), env=_environment(progress), stderr=subprocess.DEVNULL)
        client = km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            pid = km.provisioner.process.pid  # type: ignore[union-attr]
            _run(client, "pass", 30)
            baseline = kernel_memory(pid)
            started = time.perf_counter()
            errors = [e for code in [*_code_cells(path), then] if code for e in _run(client, code, timeout)]
            seconds = time.perf_counter() - started
            after = kernel_memory(pid)
        finally:
            client.stop_channels()
            km.shutdown_kernel(now=True)
    return {"notebook": path.name, "baseline": baseline, "after": after, "seconds": round(seconds, 2),
            "errors": errors}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_memory() -> dict[str, int]:
    """An idle JupyterLab single-user server's memory, after its first API answer and its lab page."""
    port, token = _free_port(), secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="kit-memory-server-") as tmp:
        cmd = [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False",
               f"--ServerApp.root_dir={NOTEBOOKS}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=tmp, JUPYTERLAB_WORKSPACES_DIR=tmp)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    for path in ("api/status", "lab"):
                        req = urllib.request.Request(f"http://127.0.0.1:{port}/{path}",
                                                     headers={"Authorization": f"token {token}"})
                        urllib.request.urlopen(req, timeout=10).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("JupyterLab did not start") from None
                    time.sleep(0.25)
            time.sleep(2)
            return kernel_memory(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _mib(kib: float) -> str:
    return f"{kib / 1024:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/[0-9][0-9]-*.ipynb")
    parser.add_argument("--runs", type=int, default=1, help="fresh kernels per notebook (the median is shown)")
    parser.add_argument("--server", action="store_true", help="also measure an idle JupyterLab server")
    parser.add_argument("--then", default="", metavar="CODE",
                        help="code run in each kernel after the notebook (e.g. driving a widget many times)")
    parser.add_argument("--json", type=Path, help="write every measurement to this file")
    args = parser.parse_args(argv)
    if not Path("/proc/self/status").exists():
        print("This benchmark reads /proc, so it runs on Linux only.", file=sys.stderr)
        return 2
    paths = args.notebooks or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    results: list[dict[str, Any]] = []
    print(f"{'notebook':40} {'start':>6} {'rss':>6} {'peak':>6} {'pss':>6} {'run s':>6}   (MiB; median of {args.runs})")
    for path in paths:
        runs = [measure_notebook(path.resolve(), then=args.then) for _ in range(args.runs)]
        results.extend(runs)

        def med(part: str, key: str, runs: list[dict[str, Any]] = runs) -> float:
            return statistics.median(r[part].get(key, 0) for r in runs)

        errors = sorted({e for r in runs for e in r["errors"]})
        print(f"{path.name:40} {_mib(med('baseline', 'rss')):>6} {_mib(med('after', 'rss')):>6} "
              f"{_mib(med('after', 'peak')):>6} {_mib(med('after', 'pss')):>6} "
              f"{statistics.median(r['seconds'] for r in runs):>6.1f}" + (f"   errors: {errors}" if errors else ""),
              flush=True)
    if results:
        worst = max(results, key=lambda r: r["after"]["rss"])
        print(f"largest kernel: {worst['notebook']}, {_mib(worst['after']['rss'])} MiB resident "
              f"(peak {_mib(worst['after']['peak'])} MiB)")
    out: dict[str, Any] = {"python": sys.version.split()[0], "kernels": results}
    if args.server:
        out["server"] = server_memory()
        s = out["server"]
        print(f"idle JupyterLab server: {_mib(s['rss'])} MiB resident, {_mib(s.get('pss', 0))} MiB proportional")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
