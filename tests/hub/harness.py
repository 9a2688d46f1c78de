"""A real class JupyterHub on this machine, for the hub test and the class-load benchmark.

:class:`ClassHub` starts JupyterHub (from the test environment) with configurable-http-proxy (from
``node_modules``, installed by ``tasks.py`` with ``npm ci``), a shared-password login, local
single-user servers in per-student homes under one run folder, and jupyterhub-idle-culler as a
service (``tests/hub/jupyterhub_config.py``). Every port is chosen free at run time on 127.0.0.1.
:meth:`ClassHub.stop` ends the hub, then every process still running that belongs to this run
(found by the run folder in its environment or working folder), and nothing else.

:func:`publish_lessons` makes the "teacher's repository": a bare git repository with the student
edition on branch ``student`` (``tools/publish_student.py``), which an nbgitpuller link pulls.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).resolve().parent / "jupyterhub_config.py"
CHP = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 120.0
PASSWORD_BYTES = 12
sys.path.insert(0, str(ROOT / "tools"))
import publish_student  # noqa: E402  (tools/ is not a package)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hub_unavailable() -> str | None:
    """Why a hub cannot run here, or None."""
    if not CHP.exists():
        return (f"{CHP.relative_to(ROOT)} is missing: `python3 tasks.py test` installs it with npm ci "
                "(needs Node.js 20 or newer)")
    for name in ("jupyterhub", "jupyterhub-singleuser"):
        if not (VENV_BIN / name).exists():
            return f"{name} is not installed in {VENV_BIN}: `python3 tasks.py test` installs requirements.lock"
    for module in ("nbgitpuller", "jupyterhub_idle_culler"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed: `python3 tasks.py test` installs requirements.lock"
    return None


class ClassHub:
    """JupyterHub for a class, in ``workdir``; use as a context manager."""

    def __init__(self, workdir: Path, cull_timeout: int = 60, cull_every: int = 10,
                 spawn_timeout: int = 180, activity_interval: int = 10) -> None:
        self.run_dir = workdir.resolve()
        self.homes = self.run_dir / "homes"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.password = secrets.token_urlsafe(PASSWORD_BYTES)
        self.log_path = self.run_dir / "jupyterhub.log"
        self.settings = {"KIT_HUB_CULL_TIMEOUT": str(cull_timeout), "KIT_HUB_CULL_EVERY": str(cull_every),
                         "KIT_HUB_SPAWN_TIMEOUT": str(spawn_timeout),
                         "KIT_HUB_ACTIVITY_INTERVAL": str(activity_interval)}
        self._proc: subprocess.Popen[bytes] | None = None

    # -- life cycle --------------------------------------------------------------------------
    def __enter__(self) -> ClassHub:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "KIT_PROGRESS"))}
        env.update(self.settings)
        env.update({
            "KIT_HUB_RUN_DIR": str(self.run_dir), "KIT_HUB_VENV_BIN": str(VENV_BIN), "KIT_HUB_CHP": str(CHP),
            "KIT_HUB_PORT": str(self.port), "KIT_HUB_API_PORT": str(free_port()),
            "KIT_PROXY_API_PORT": str(free_port()), "KIT_PROXY_TOKEN": secrets.token_hex(32),
            "KIT_HUB_TOKEN": self.token, "KIT_HUB_PASSWORD": self.password,
            # the venv first, so jupyterhub-singleuser and its kernels are the test environment's
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "VIRTUAL_ENV": str(VENV_BIN.parent),
        })
        return env

    def start(self) -> None:
        self.homes.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self._proc = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(CONFIG)], cwd=self.run_dir, env=self._environment(),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with code {self._proc.returncode}:\n{self.log_tail()}")
            try:  # through the proxy's public port: hub and proxy both up
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterHub did not answer within {START_TIMEOUT:.0f} s:\n{self.log_tail()}")

    def our_processes(self) -> list[int]:
        """PIDs of live processes of this run: the run folder is in their environment or is (under)
        their working folder. Zombies and this process are left out."""
        marker = str(self.run_dir).encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if (entry / "stat").read_text().split(") ", 1)[1].startswith("Z"):
                    continue
                cwd = os.readlink(entry / "cwd")
                if marker in (entry / "environ").read_bytes() or cwd.startswith(str(self.run_dir)):
                    found.append(int(entry.name))
            except (OSError, IndexError):
                continue
        return found

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # the hub stops the servers it spawned (cleanup_servers)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if os.name == "posix":
            for pid in self.our_processes():
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while self.our_processes() and time.monotonic() < deadline:
                time.sleep(0.2)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # -- the hub's REST API, as the harness's service ----------------------------------------
    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        response = requests.request(method, f"{self.url}/hub/api/{path.lstrip('/')}",
                                    headers={"Authorization": f"token {self.token}"}, timeout=30, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def user(self, name: str) -> dict[str, Any]:
        return dict(self.api("GET", f"users/{name}"))

    def server_running(self, name: str) -> bool:
        server = self.user(name).get("servers", {}).get("")
        return bool(server and server.get("ready"))

    def wait_until(self, what: str, test: Any, timeout: float, every: float = 1.0) -> float:
        """Poll ``test()`` until true; return the seconds it took, or raise with ``what``."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if test():
                return time.monotonic() - start
            time.sleep(every)
        raise TimeoutError(f"{what}: not within {timeout:.0f} s\n{self.log_tail()}")

    # -- what a student does -----------------------------------------------------------------
    def login(self, name: str) -> requests.Session:
        """Log in through the hub's login form, as a browser does; return the session (cookies)."""
        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=30)
        response = session.post(f"{self.url}/hub/login?next=", timeout=300, allow_redirects=False,
                                data={"username": name, "password": self.password,
                                      "_xsrf": session.cookies.get("_xsrf", "")})
        if response.status_code not in (200, 302):
            raise RuntimeError(f"login of {name} failed: HTTP {response.status_code}")
        return session

    def home(self, name: str) -> Path:
        return self.homes / name


def pull_link(repo: str, branch: str, notebook: str, targetpath: str = "lessons") -> str:
    """The nbgitpuller link a teacher hands out (a path on the hub), opening ``notebook`` in
    JupyterLab after the pull. ``notebook`` is relative to the edition's root."""
    query = urllib.parse.urlencode({
        "repo": repo, "branch": branch, "targetpath": targetpath,
        "urlpath": f"lab/tree/{targetpath}/{notebook}",
    })
    return f"/hub/user-redirect/git-pull?{query}"


def follow_pull(session: requests.Session, hub: ClassHub, user: str, repo: str, branch: str,
                targetpath: str = "lessons", timeout: float = 300) -> list[str]:
    """Do what nbgitpuller's status page does in the browser: read the pull's event stream until
    ``phase: finished``; return its output lines (raises on ``phase: error``)."""
    # The first visit to the student's own server goes through the hub's OAuth, which sets that
    # server's cookie and its _xsrf token (its API asks for both).
    session.get(f"{hub.url}/user/{user}/lab", timeout=timeout).raise_for_status()
    xsrf = next((c.value for c in session.cookies if c.name == "_xsrf" and c.path.startswith(f"/user/{user}")),
                session.cookies.get("_xsrf", path="/hub/") or "")
    params = {"repo": repo, "branch": branch, "targetpath": targetpath}
    lines: list[str] = []
    params["_xsrf"] = xsrf
    with session.get(f"{hub.url}/user/{user}/git-pull/api", params=params, stream=True, timeout=timeout,
                     headers={"X-XSRFToken": xsrf}) as response:
        response.raise_for_status()
        for raw in response.iter_lines(decode_unicode=True):
            if not raw or not raw.startswith("data:"):
                continue
            import json

            event = json.loads(raw[5:])
            if event.get("output"):
                lines.append(str(event["output"]).rstrip())
            if event.get("phase") == "error":
                raise RuntimeError(f"nbgitpuller failed for {user}: {event.get('message')}\n" + "\n".join(lines))
            if event.get("phase") == "finished":
                return lines
    raise RuntimeError(f"nbgitpuller's stream for {user} ended before 'finished':\n" + "\n".join(lines))


def teacher_remote(workdir: Path) -> Path:
    """An empty bare repository: the teacher's remote that the class's link points at."""
    bare = workdir / "lessons.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    return bare


def publish_lessons(repo: Path, notebooks: Path, build_dir: Path, message: str,
                    branch: str = "student") -> str:
    """Build the student edition of ``notebooks`` and commit it to ``branch`` of ``repo`` with
    tools/publish_student.py (only git plumbing: a bare repository works). Returns the commit."""
    import shutil

    shutil.rmtree(build_dir, ignore_errors=True)
    edition = publish_student.build_student_edition(build_dir, notebooks)
    commit = publish_student.publish(repo, edition, branch, message)
    if commit is None:
        raise RuntimeError("publishing changed nothing: the edition was the same")
    return commit
