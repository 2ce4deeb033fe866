"""A real gunicorn with the portal's config (congress/gunicorn_conf.py): its master, its worker and
Django write one clock, ISO 8601 with the +08:00 offset, even where the machine runs in UTC; and the
control socket is the instance's own, inside the checkout, never ~/.gunicorn/ shared by every
gunicorn of the same user."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.core.test_public_base_url import PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?([+-]\d\d:?\d\d|Z)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_every_log_line_has_the_same_offset_and_the_socket_is_the_instances(tmp_path) -> None:
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    # The production settings, as deployed (the test settings print a captcha notice of their own).
    env = {
        **os.environ,
        **PRODUCTION,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "TZ": "UTC",
        "HOME": str(tmp_path),
    }
    env.pop("GUNICORN_CONTROL_SOCKET", None)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "python:congress.gunicorn_conf",
                "congress.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=2).read()
                    break
                except OSError:
                    assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                    time.sleep(0.3)
            socket_path = ROOT / "var" / "run" / f"gunicorn-{process.pid}.ctl"
            assert socket_path.exists()
            assert not (tmp_path / ".gunicorn").exists()
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    offsets = [match.group(1) for line in lines if (match := STAMP.search(line))]
    # The master's start, the worker's boot, the access line and the shutdown at the least.
    assert len(offsets) >= 5 and any('"GET /healthz/live' in line for line in lines), lines
    assert set(offsets) == {"+08:00"}, lines
