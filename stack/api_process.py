"""`chalice local` as a child process in its own process group, so stopping it leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


class ApiProcess:
    def __init__(self, port: int, quiet: bool = False) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        out = subprocess.DEVNULL if quiet else None
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "chalice"), "local", "--no-autoreload", "--host", "127.0.0.1",
             "--port", str(port), "--stage", "local"],
            cwd=ROOT, env=os.environ, start_new_session=True, stdout=out, stderr=out,
        )

    def wait_ready(self, seconds: float = 60) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.running():
            try:
                if requests.get(f"{self.url}/health", timeout=2, headers={"Connection": "close"}).ok:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.3)
        return False

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if not self.running():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
