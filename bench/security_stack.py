"""The machinery of the load and fault benchmarks: their own PostgreSQL (the embedded ``pgserver``
in a temporary folder, reached through a Unix socket), their own Redis (``redis-server`` on a free
loopback port), gunicorn and a Celery worker on loopback. Everything is started here and only what
was started here is stopped; the machine's own PostgreSQL and Redis are never touched."""

from __future__ import annotations

import contextlib
import http.client
import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Any, timeout: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


class Stack:
    def __init__(self, *, redis: bool = True, web_workers: int = 4, worker: bool = False) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="congress-bench-"))
        self.use_redis, self.web_workers, self.use_worker = redis, web_workers, worker
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.pg: Any = None
        self.redis_port = free_port()
        self.web_port = free_port()
        self.sms_file = self.folder / "sms.log"

    # -- PostgreSQL -------------------------------------------------------------------------------
    def pg_start(self) -> None:
        import warnings

        warnings.filterwarnings("ignore")
        import pgserver

        self.pg = pgserver.get_server(self.folder / "pgdata", cleanup_mode="stop")
        if "(1 row)" not in self.pg.psql("SELECT 1 FROM pg_database WHERE datname = 'bench';"):
            self.pg.psql('CREATE DATABASE "bench";')

    def pg_stop(self) -> None:
        """Stop the benchmark's own PostgreSQL, as an operator or a crash would."""
        pg_ctl = importlib.import_module("pgserver._commands").pg_ctl  # made at import

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pg.pgdata, user=self.pg.system_user, timeout=30)

    def pg_restart_server(self) -> None:
        """Start it again with the same socket, as pgserver itself starts it."""
        from pgserver.utils import find_suitable_socket_dir

        pg_ctl = importlib.import_module("pgserver._commands").pg_ctl

        socket_dir = find_suitable_socket_dir(self.pg.pgdata, self.pg.runtime_path)
        args = ["-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(self.pg.log), "start"]
        pg_ctl(args, pgdata=self.pg.pgdata, user=self.pg.system_user, timeout=30)

    @property
    def database_url(self) -> str:
        return str(self.pg.get_uri("bench"))

    # -- Redis ------------------------------------------------------------------------------------
    def redis_start(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            raise RuntimeError("redis-server is needed (Debian package redis-server)")
        self.processes["redis"] = subprocess.Popen(
            [
                server,
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _port_open(self.redis_port), 10, "redis")

    def redis_stop(self) -> None:
        process = self.processes.pop("redis", None)
        if process is not None:
            process.terminate()
            process.wait(timeout=10)

    # -- the portal -------------------------------------------------------------------------------
    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "congress.settings.bench",
            "DATABASE_URL": self.database_url,
            "BENCH_SMS_FILE": str(self.sms_file),
            "PYTHONPATH": str(ROOT),
            "MEDIA_ROOT": str(self.folder / "media"),
            "PYTHONWARNINGS": "ignore",
        }
        env.pop("DJANGO_DEBUG", None)
        if self.use_redis:
            env["REDIS_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"
        else:
            env.pop("REDIS_URL", None)
        return env

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr[-3000:])
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def start(self) -> Stack:
        self.pg_start()
        if self.use_redis:
            self.redis_start()
        print(f"own PostgreSQL at {self.database_url}; own Redis on 127.0.0.1:{self.redis_port}")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("createcachetable")
        self.shell(
            "from congress.models import Area\n"
            "get = Area.objects.get_or_create\n"
            "city, _ = get(code='9901', defaults={'name': '压测市', 'level': 1})\n"
            "d, _ = get(code='990101', defaults={'name': '压测区', 'level': 2, 'parent': city})\n"
            "get(code='990101001', defaults={'name': '压测街道', 'level': 3, 'parent': d})\n"
        )
        self.web_start()
        if self.use_worker:
            self.worker_start()
        return self

    def web_start(self) -> None:
        self.processes["web"] = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "congress.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                str(self.web_workers),
                "--backlog",
                "2048",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        wait_for(lambda: _get(self.web_port, "/")[0] == 200, 60, "gunicorn")
        print(f"gunicorn with {self.web_workers} workers on 127.0.0.1:{self.web_port}")

    def worker_start(self) -> None:
        self.processes["worker"] = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "congress",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                "2",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )

    def worker_kill(self) -> None:
        process = self.processes.pop("worker", None)
        if process is not None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def area_and_category(self) -> tuple[int, int]:
        out = self.shell(
            "from congress.models import Area, Category\n"
            "print(Area.objects.get(code='990101001').pk,"
            " Category.objects.filter(is_active=True, body__isnull=True).first().pk)"
        )
        street, category = out.strip().splitlines()[-1].split()
        return int(street), int(category)

    def stop(self) -> None:
        for name in ("worker", "web"):
            process = self.processes.pop(name, None)
            if process is not None and process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM) if name == "worker" else process.terminate()
                    process.wait(timeout=20)
                except (subprocess.TimeoutExpired, ProcessLookupError):
                    process.kill()
        self.redis_stop()
        if self.pg is not None:
            with contextlib.suppress(Exception):  # already stopped by a fault step
                self.pg.cleanup()
        shutil.rmtree(self.folder, ignore_errors=True)


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
