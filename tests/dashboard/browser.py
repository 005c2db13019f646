"""The dashboard in a browser: the real server (``streamlit run``) on a free port, Debian's Chromium,
and where screenshots go."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.corpora import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``streamlit run dashboard/app.py`` on a free port with the tables in ``folder``; its URL."""
    port = free_port()
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def settle(tab, heading: str, ready: str) -> None:
    """Wait for the page heading and for an element the page draws last."""
    tab.get_by_role("heading", name=heading, level=1).wait_for(timeout=30_000)
    tab.locator(ready).first.wait_for(timeout=30_000)
    # Streamlit shows grey skeletons while a script reruns; a screenshot before they go is blank.
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)
