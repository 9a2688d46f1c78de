#!/usr/bin/env python3
"""A class logging in at once: how long until each student sees output, and what the hub holds.

    .venv/bin/python benchmarks/class_load.py --students 3
    .venv/bin/python benchmarks/class_load.py --students 30 --browsers 2   # about 6-8 minutes

Not part of the test suite (the figures depend on the machine). It starts the same JupyterHub as
the hub test (tests/hub/harness.py: configurable-http-proxy, shared-password login, local
single-user servers, jupyterhub-idle-culler), publishes the student edition to a local git remote
(tools/publish_student.py), then all N students start within a second of each other. Each one:

1. logs in through the hub's login form, starts their server and waits until it is ready;
2. follows the nbgitpuller link (its event stream, to ``phase: finished``);
3. runs notebook 00, then shuts its kernel down (as the docs ask) and runs notebook 07. ``--browsers``
   of the students do this in Debian's Chromium (JupyterLab's "Run All"); the others through the
   Jupyter kernel protocol (REST + websocket), cell by cell, as the page would.

Measured: time from login to the first output of notebook 00 (median, 95th percentile, worst),
spawn and pull times, failures, memory (RSS and PSS from /proc) of the hub's own processes (hub,
proxy, culler) and of each student (server + kernel) once every student has run notebook 07, and
how long the idle culler takes to stop every server once nobody works. Load average included.
Writes benchmarks/results/class_load_N<N>.json and prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from hub.harness import ClassHub, follow_pull, publish_lessons, pull_link, teacher_remote  # noqa: E402

BRANCH = "student"
NOTEBOOKS = ["notebooks/00-start-here.ipynb", "notebooks/07-reading-a-vote.ipynb"]
RESULTS = ROOT / "benchmarks" / "results"


# ------------------------------------------------------------------------------------ memory

def _proc_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, or (0, 0) when it is gone."""
    try:
        rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                   if line.startswith("VmRSS:"))
        pss = next((int(line.split()[1]) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                    if line.startswith("Pss:")), 0)
        return rss, pss
    except (OSError, StopIteration, ValueError):
        return 0, 0


def _owner(pid: int) -> str:
    """The student a process serves (JUPYTERHUB_USER in its environment), or "hub"."""
    try:
        env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return ""
    for item in env:
        if item.startswith(b"JUPYTERHUB_USER="):
            return item.split(b"=", 1)[1].decode()
    return "hub"


def memory_by_owner(hub: ClassHub) -> dict[str, dict[str, float]]:
    """MiB of RSS and PSS, summed per student and for the hub's own processes."""
    out: dict[str, dict[str, float]] = {}
    for pid in hub.our_processes():
        who = _owner(pid)
        if not who:
            continue
        rss, pss = _proc_memory(pid)
        slot = out.setdefault(who, {"rss": 0.0, "pss": 0.0, "processes": 0})
        slot["rss"] += rss / 1024
        slot["pss"] += pss / 1024
        slot["processes"] += 1
    return out


# ------------------------------------------------------------------------------------ kernel protocol

def _xsrf(session: Any, user: str) -> str:
    return next((c.value for c in session.cookies if c.name == "_xsrf" and c.path.startswith(f"/user/{user}")), "")


def run_notebook_by_protocol(hub: ClassHub, session: Any, user: str, path: str, t0: float,
                             record: dict[str, Any], shutdown: bool) -> None:
    """Start a kernel session for ``path``, run its code cells in order; shut the kernel down after
    when ``shutdown`` (as "Close and Shut Down Notebook" does)."""
    import nbformat
    import websocket

    xsrf = _xsrf(session, user)
    base = f"{hub.url}/user/{user}"
    headers = {"X-XSRFToken": xsrf}
    created = session.post(f"{base}/api/sessions", json={"path": path, "type": "notebook", "name": Path(path).name,
                                                         "kernel": {"name": "python3"}}, headers=headers, timeout=600)
    created.raise_for_status()
    sid, kid = created.json()["id"], created.json()["kernel"]["id"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{kid}/channels?session_id={uuid.uuid4().hex}&_xsrf={xsrf}",
        header=[f"Cookie: {cookie}", f"X-XSRFToken: {xsrf}"], origin=hub.url, timeout=600)
    try:
        nb = nbformat.read(hub.home(user) / path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user, "session": sid,
                           "version": "5.3", "date": datetime.now(timezone.utc).isoformat()},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": cell.source, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            while True:
                opcode, data = ws.recv_data()
                if opcode != 1:  # a binary frame: a widget message with buffers
                    continue
                msg = json.loads(data)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
                if kind in ("stream", "display_data", "execute_result") and "first_output_s" not in record:
                    record["first_output_s"] = time.monotonic() - t0
                if kind == "error":
                    record.setdefault("errors", []).append(f"{path}: {msg['content'].get('ename')}")
                if kind == "execute_reply":
                    break
    finally:
        ws.close()
        if shutdown:
            session.delete(f"{base}/api/sessions/{sid}", headers=headers, timeout=60)


def protocol_student(hub: ClassHub, user: str, repo: str, go: threading.Event, record: dict[str, Any]) -> None:
    go.wait()
    t0 = time.monotonic()
    try:
        session = hub.login(user)
        record["login_s"] = time.monotonic() - t0
        hub.api("POST", f"users/{user}/server")
        hub.wait_until(f"{user}'s server", lambda: hub.server_running(user), 900, every=2)
        record["spawn_s"] = time.monotonic() - t0
        follow_pull(session, hub, user, repo, BRANCH, timeout=900)
        record["pull_s"] = time.monotonic() - t0
        for i, path in enumerate(NOTEBOOKS):
            run_notebook_by_protocol(hub, session, user, f"lessons/{path}", t0, record,
                                     shutdown=i < len(NOTEBOOKS) - 1)
            record[f"done_{Path(path).name[:2]}_s"] = time.monotonic() - t0
    except Exception as exc:  # a failure is a result: counted and reported
        record["failure"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"


# ------------------------------------------------------------------------------------ browser

def browser_student(hub: ClassHub, user: str, repo: str, go: threading.Event, record: dict[str, Any],
                    profile: Path) -> None:
    from playwright.sync_api import sync_playwright

    from browser.lab import _JS_RUN_ALL, _JS_RUN_FINISHED, launch_chromium

    ready = """(path) => { const app = window.jupyterapp; const w = app && app.shell.currentWidget;
      if (!w || !w.context || w.context.path !== path || !w.sessionContext) return false;
      const k = w.sessionContext.session && w.sessionContext.session.kernel;
      return w.context.isReady && !!k && k.status === 'idle'; }"""
    try:
        with sync_playwright() as playwright:
            context = launch_chromium(playwright, profile)
            try:
                page = context.new_page()
                go.wait()
                t0 = time.monotonic()
                page.goto(hub.url + pull_link(repo, BRANCH, NOTEBOOKS[0]), timeout=900_000)
                page.fill("#username_input", user)
                page.fill("#password_input", hub.password)
                page.click("#login_submit")
                record["login_s"] = time.monotonic() - t0
                for i, path in enumerate(NOTEBOOKS):
                    full = f"lessons/{path}"
                    if i:  # shut 00's kernel down (as "Close and Shut Down Notebook" does), open 07
                        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
                        page.goto(f"{hub.url}/user/{user}/lab/tree/{full}", timeout=900_000)
                    page.wait_for_function(ready, arg=full, timeout=900_000, polling=500)
                    if not i:
                        record["pull_s"] = time.monotonic() - t0
                    page.evaluate(_JS_RUN_ALL)
                    if not i:
                        page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea-output').length > 0",
                                               timeout=900_000, polling=200)
                        record["first_output_s"] = time.monotonic() - t0
                    page.wait_for_function(_JS_RUN_FINISHED, timeout=900_000, polling=500)
                    record[f"done_{Path(path).name[:2]}_s"] = time.monotonic() - t0
            finally:
                context.close()
    except Exception as exc:
        record["failure"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"


# ------------------------------------------------------------------------------------ the run

def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return {"median": statistics.median(ordered), "p95": p95, "worst": ordered[-1], "best": ordered[0]}


def run(students: int, browsers: int, cull_timeout: int, keep: bool, deadline: int = 1200) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="kit-class-load-"))
    loads = {"start": os.getloadavg()}
    try:
        remote = teacher_remote(work)
        publish_lessons(remote, ROOT / "notebooks", work / "build", "Lessons")
        repo = remote.as_uri()
        hub = ClassHub(work / "hub", cull_timeout=cull_timeout, cull_every=10, spawn_timeout=600,
                       activity_interval=10)
        with hub:
            names = [f"student{i:02d}" for i in range(1, students + 1)]
            records: dict[str, dict[str, Any]] = {n: {"via": "browser" if i < browsers else "protocol"}
                                                  for i, n in enumerate(names)}
            go = threading.Event()
            threads = []
            for i, name in enumerate(names):
                if i < browsers:
                    target = threading.Thread(target=browser_student, daemon=True,
                                              args=(hub, name, repo, go, records[name], work / f"chromium-{name}"))
                else:
                    target = threading.Thread(target=protocol_student, daemon=True,
                                              args=(hub, name, repo, go, records[name]))
                target.start()
                threads.append(target)
            time.sleep(5 if browsers else 0.5)  # let the browsers start before the clock does
            started = time.monotonic()
            go.set()
            peak = [os.getloadavg()[0]]
            while any(t.is_alive() for t in threads) and time.monotonic() - started < deadline:
                time.sleep(2)
            for name, t in zip(names, threads, strict=True):
                if t.is_alive():
                    records[name].setdefault("failure", f"still not done after {deadline} s")
                peak.append(os.getloadavg()[0])
            wall = time.monotonic() - started
            loads["peak_1min"] = (max(peak),)
            loads["end_of_lesson"] = os.getloadavg()
            # Memory with every student's server up and notebook 07's kernel open (00's was shut down).
            memory = memory_by_owner(hub)
            cull_start = time.monotonic()
            running = [n for n in names if hub.user(n).get("servers")]
            cull_s = None
            try:
                hub.wait_until("the culler", lambda: not any(hub.user(n).get("servers") for n in names),
                               cull_timeout + 600, every=3)
                cull_s = time.monotonic() - cull_start
            except TimeoutError:
                pass
            still = [n for n in names if hub.user(n).get("servers")]
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    first = [r["first_output_s"] for r in records.values() if "first_output_s" in r and "failure" not in r]
    student_mem = [m for who, m in memory.items() if who != "hub"]
    result = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()}: {os.cpu_count()} cores, {platform.python_version()}, {platform.platform()}",
        "memory_total_mib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20),
        "students": students, "browsers": browsers, "wall_s": wall, "load_average": loads,
        "first_output_s": _stats(first),
        "spawn_s": _stats([r["spawn_s"] for r in records.values() if "spawn_s" in r]),
        "pull_s": _stats([r["pull_s"] for r in records.values() if "pull_s" in r]),
        "done_07_s": _stats([r["done_07_s"] for r in records.values() if "done_07_s" in r]),
        "failures": {n: r["failure"] for n, r in records.items() if "failure" in r},
        "kernel_errors": {n: r["errors"] for n, r in records.items() if r.get("errors")},
        "memory_mib": {
            "hub_processes": memory.get("hub", {}),
            "per_student_rss": _stats([m["rss"] for m in student_mem]),
            "per_student_pss": _stats([m["pss"] for m in student_mem]),
            "all_students_rss": sum(m["rss"] for m in student_mem),
            "all_students_pss": sum(m["pss"] for m in student_mem),
            "browser_students": {n: memory.get(n, {}) for n, r in records.items() if r["via"] == "browser"},
        },
        "culler": {"running_before": len(running), "stopped": len(running) - len(still), "seconds": cull_s,
                   "timeout_s": cull_timeout},
        "records": records,
    }
    return result


def table(r: dict[str, Any]) -> str:
    f, m, c = r["first_output_s"], r["memory_mib"], r["culler"]
    hub = m["hub_processes"]
    load = r["load_average"]
    lines = [
        "| students (in Chromium) | login → first output: median / p95 / worst | spawn median | failures | "
        "hub processes RSS / PSS | per student RSS / PSS (median) | all students PSS | culler "
        "| load average (1 min, peak) |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {r['students']} ({r['browsers']}) "
        f"| {f.get('median', 0):.1f} / {f.get('p95', 0):.1f} / {f.get('worst', 0):.1f} s "
        f"| {r['spawn_s'].get('median', 0):.1f} s | {len(r['failures'])} "
        f"| {hub.get('rss', 0):.0f} / {hub.get('pss', 0):.0f} MiB "
        f"| {m['per_student_rss'].get('median', 0):.0f} / {m['per_student_pss'].get('median', 0):.0f} MiB "
        f"| {m['all_students_pss'] / 1024:.2f} GiB "
        f"| {c['stopped']} of {c['running_before']} stopped in {c['seconds'] or float('nan'):.0f} s "
        f"| {load['peak_1min'][0]:.1f} |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=3)
    parser.add_argument("--browsers", type=int, default=1, help="how many of the students use Chromium")
    parser.add_argument("--cull-timeout", type=int, default=60, help="seconds idle before the culler stops a server")
    parser.add_argument("--keep", action="store_true", help="keep the run folder (logs, homes)")
    args = parser.parse_args(argv)
    result = run(args.students, min(args.browsers, args.students), args.cull_timeout, args.keep)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"class_load_N{args.students}.json"
    out.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\n{result['date']}; {result['machine']}; {result['memory_total_mib']} MiB memory")
    print(f"failures: {result['failures'] or 'none'}; kernel errors: {result['kernel_errors'] or 'none'}")
    print(f"written: {out.relative_to(ROOT)}")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
