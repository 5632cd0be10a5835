"""Run the app under gunicorn (or uvicorn, for the live streams) on loopback for a measurement or
a test, and stop it afterwards."""

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
    try:
        yield wait_until_ready(server, port, ready_path)
    finally:
        server.terminate()
        server.wait()


def wait_until_ready(server: subprocess.Popen, port: int, ready_path: str) -> str:
    """The server's base URL once `ready_path` answers."""
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        if server.poll() is not None:  # never answered by someone else's server
            raise RuntimeError(f"Servern på port {port} startade inte.")
        try:
            urllib.request.urlopen(base + ready_path, timeout=1)
            return base
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Servern på port {port} svarade inte.")


class Uvicorn:
    """The ASGI app (config.asgi, one process) on 127.0.0.1:`port`, which can be restarted on the
    same port: the app server that serves the meetings' live streams."""

    def __init__(self, port: int, ready_path: str, env: dict | None = None):
        self.port, self.ready_path, self.env = port, ready_path, {**os.environ, **(env or {})}
        self.server: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{port}"

    def start(self) -> str:
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--app-dir",
                str(ROOT),
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "1",
            ],
            cwd=ROOT,
            env=self.env,
        )
        return wait_until_ready(self.server, self.port, self.ready_path)

    def stop(self) -> None:
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()

    def __enter__(self) -> "Uvicorn":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
