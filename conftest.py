"""Session-wide test setup: every Jupyter kernel the tests start runs with the network blocked.

nbval (and the browser tests' JupyterLab) start kernels as child processes of pytest, so they
inherit this environment: tests/offline/ goes first on PYTHONPATH, and its sitecustomize.py makes
any connection outside the loopback fail loudly inside a kernel, and records it in a log file.
The session fails if that log is not empty, even when the error was caught by some library.
tests/test_hardening_offline.py checks that the block is in place and that it does refuse.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

OFFLINE = Path(__file__).resolve().parent / "tests" / "offline"


def pytest_configure(config: pytest.Config) -> None:
    fd, log = tempfile.mkstemp(prefix="kit-network-", suffix=".log")
    os.close(fd)
    os.environ["KIT_BLOCK_NETWORK"] = "1"
    os.environ["KIT_NETWORK_LOG"] = log
    # the kit's caches (finished charts, verdicts of validated data) go to this session's own folder,
    # never to the user's cache folder that other runs read; kernels started by the tests inherit it
    cache = tempfile.mkdtemp(prefix="kit-test-cache-")
    os.environ.setdefault("KIT_CHART_CACHE", os.path.join(cache, "charts"))
    os.environ.setdefault("KIT_DATA_CACHE", os.path.join(cache, "data"))
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(OFFLINE)]
    os.environ["PYTHONPATH"] = os.pathsep.join([str(OFFLINE)] + paths)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    log = Path(os.environ.get("KIT_NETWORK_LOG", ""))
    if not log.is_file():
        return
    attempts = log.read_text(encoding="utf-8")
    log.unlink()
    if attempts.strip():
        print("\nA kernel tried to reach the network (lessons must work offline):\n" + attempts)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
