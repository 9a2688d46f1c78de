"""Hardening: the lessons run offline. The root conftest.py blocks the network in every kernel the
test suite starts (nbval's, JupyterLab's), so the notebooks under nbval in this same session are
executed with the network blocked; these tests check the block is in place and does refuse.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(kc: Any, code: str) -> tuple[str, str]:
    """Run code in the kernel; return (stdout, error name)."""
    out, err = [], []

    def hook(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            err.append(msg["content"]["ename"])

    kc.execute_interactive(code, timeout=60, output_hook=hook)
    return "".join(out), "".join(err)


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    """A kernel started as nbval starts one (--nbval-current-env), with its own attempt log."""
    from jupyter_client.manager import start_new_kernel

    log = tmp_path_factory.mktemp("offline") / "attempts.log"
    env = dict(os.environ, KIT_NETWORK_LOG=str(log))
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(ROOT / "notebooks"))
    try:
        yield kc, log
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_the_session_blocks_the_network_in_kernels() -> None:
    assert os.environ.get("KIT_BLOCK_NETWORK") == "1", "the root conftest.py did not run"
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT / "tests" / "offline")
    assert (ROOT / "tests" / "offline" / "sitecustomize.py").is_file()


def test_a_connection_attempt_in_a_kernel_raises_and_is_logged(kernel: tuple[Any, Path]) -> None:
    kc, log = kernel
    _, error = _run(kc, "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=2)")
    assert error == "NetworkBlocked"
    out, error = _run(kc, "import urllib.request\ntry:\n    urllib.request.urlopen('http://198.51.100.7/', timeout=2)\n"
                          "except Exception as e:\n    print(type(e).__name__)")
    assert (error, out.strip()) == ("", "NetworkBlocked"), "not an OSError that urllib would turn into a quiet URLError"
    text = log.read_text(encoding="utf-8")
    assert "192.0.2.1" in text and "198.51.100.7" in text, "even a swallowed attempt is logged"


def test_the_loopback_still_works_in_a_kernel(kernel: tuple[Any, Path]) -> None:
    kc, _ = kernel
    out, error = _run(kc, "import socket\ns = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
                          "c = socket.create_connection(s.getsockname(), timeout=2); print('ok'); c.close(); s.close()")
    assert (out.strip(), error) == ("ok", "")


def test_the_block_is_only_in_kernels() -> None:
    """This process (pytest) is not a kernel: its sockets are untouched."""
    assert not hasattr(socket, "NetworkBlocked")
    assert "connect" not in vars(socket.socket), "connect is still the C method of _socket.socket"
