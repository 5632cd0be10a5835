"""Run the app under gunicorn on loopback for a measurement, and stop it afterwards."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def spare_port() -> int:
    """A port no one listens on now, for a server of a test's own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(app: str, port: int, ready_path: str, env: dict | None = None):
    """Two sync workers on 127.0.0.1:`port`; yields the base URL once `ready_path` answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "error",
            "--timeout",
            "60",
        ],
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if server.poll() is not None:  # never answered by someone else's server
                raise RuntimeError(f"gunicorn på port {port} startade inte.")
            try:
                urllib.request.urlopen(base + ready_path, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait()
