"""Block the network in Jupyter kernels started by the test suite (the root conftest.py puts this
folder on PYTHONPATH and sets KIT_BLOCK_NETWORK=1).

In a process started as ``python -m ipykernel_launcher`` (a kernel, as nbval and JupyterLab start
them), any ``connect`` to an address outside the loopback raises :class:`NetworkBlocked` (not an
``OSError``, so a library cannot mistake it for a flaky network and quietly carry on), and the
attempt is appended to ``$KIT_NETWORK_LOG``: the root conftest fails the session when that file is
not empty, even if some code caught the error. The kernel's own sockets (ZeroMQ, on 127.0.0.1) are
not Python sockets and are untouched.
"""

from __future__ import annotations

import os
import sys

if os.environ.get("KIT_BLOCK_NETWORK") == "1" and "ipykernel_launcher" in " ".join(getattr(sys, "orig_argv", [])):
    import ipaddress
    import socket
    import traceback

    class NetworkBlocked(RuntimeError):
        """A lesson tried to reach the network; lessons must work offline."""

    def _loopback(address: object) -> bool:
        host = address[0] if isinstance(address, tuple) and address else address
        if not isinstance(host, str):
            return True  # AF_UNIX paths and the like: not the network
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False  # a host name: resolving it would already be a network request

    def _refuse(sock: socket.socket, address: object) -> None:
        if sock.family not in (socket.AF_INET, socket.AF_INET6) or _loopback(address):
            return
        log = os.environ.get("KIT_NETWORK_LOG")
        if log:
            where = "".join(traceback.format_stack(limit=8)[:-2])
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"connect to {address!r} from pid {os.getpid()}:\n{where}\n")
        raise NetworkBlocked(f"network blocked in the tests: a connection to {address!r} was attempted; "
                             "lessons must work offline")

    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> None:
        _refuse(self, address)
        return _connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        _refuse(self, address)
        return _connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.NetworkBlocked = NetworkBlocked  # type: ignore[attr-defined]
