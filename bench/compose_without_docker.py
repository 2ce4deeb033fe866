"""Bring up what ``docker-compose.yml`` runs — migrate, web, worker, beat — without Docker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/compose_without_docker.py

This machine has the Docker client but no Docker engine, so ``docker compose up`` cannot run here.
This script runs the same processes the compose file declares, with the same commands (read from
``docker-compose.yml`` and the Dockerfile's ``CMD``), the production settings and the compose
file's environment — pointed at the machine's PostgreSQL (a database of its own,
``bench_perf_stack``, dropped at the end) and Redis (db 4, flushed at the end) instead of the
``db`` and ``redis`` containers, and with web bound to 127.0.0.1:8142 instead of 0.0.0.0:8000. It
checks what compose checks: the ``migrate`` job exits 0, the ``web`` and ``worker`` health checks
pass, and beat's first periodic task reaches the worker (the worker heartbeat lands in the
database). It prints how long each took, then stops only the processes it started.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE = "bench_perf_stack"
REDIS = "redis://127.0.0.1:6379/4"
PORT = 8142


def _database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{DATABASE}"))


def _admin_sql(sql: str) -> None:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urllib.parse.urlsplit(base)
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    import psycopg

    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql)


def _command(argv: list[str]) -> list[str]:
    """A compose command with the image's binaries taken from this virtualenv."""
    head, *rest = argv
    local = BIN / head
    return [str(local) if local.exists() else head, *rest]


def _web_command() -> list[str]:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    match = re.search(r"^CMD (\[.*\])$", dockerfile, re.M)
    if not match:
        raise SystemExit("no CMD in the Dockerfile")
    argv = json.loads(match.group(1))
    return [a.replace("0.0.0.0:8000", f"127.0.0.1:{PORT}") for a in argv]


def main() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    missing = {"db", "redis", "migrate", "web", "worker", "beat"} - set(services)
    if missing:
        raise SystemExit(f"docker-compose.yml lacks {sorted(missing)}")
    app_env = dict(services["web"].get("environment", {}))
    env = {
        **os.environ,
        **{k: str(v) for k, v in app_env.items()},
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    print("docker: the client is installed but no Docker engine runs on this machine; running the")
    print("compose services as plain processes against the machine's PostgreSQL and Redis instead.")
    print(
        f"settings {env['DJANGO_SETTINGS_MODULE']}, database {DATABASE}, Redis {REDIS}, web 127.0.0.1:{PORT}"
    )
    _admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    _admin_sql(f'CREATE DATABASE "{DATABASE}"')
    processes: dict[str, subprocess.Popen[bytes]] = {}
    logs = Path(tempfile.mkdtemp(prefix="compose-"))
    ok = True
    try:
        # What the image build does once: compile translations, collect static files.
        subprocess.run([str(BIN / "python"), "scripts/i18n.py", "compile"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        started = time.perf_counter()
        migrate = services["migrate"]["command"]
        script = migrate[-1] if migrate[:2] == ["sh", "-c"] else " ".join(migrate)
        script = script.replace("python ", f"{BIN / 'python'} ")
        result = subprocess.run(["sh", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
        print(
            f"migrate   exit {result.returncode} in {time.perf_counter() - started:5.1f} s   ({script[:70]}…)"
        )
        if result.returncode != 0:
            print(result.stderr[-2000:])
            raise SystemExit(1)
        commands = {
            "web": _web_command(),
            "worker": services["worker"]["command"],
            "beat": [
                *services["beat"]["command"][:-1],
                str(logs / "celerybeat-schedule"),
            ],
        }
        launched: dict[str, float] = {}
        for name, argv in commands.items():
            out = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
            launched[name] = time.perf_counter()
            processes[name] = subprocess.Popen(
                _command([str(a) for a in argv]),
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        ok &= _web_healthy(services["web"]["healthcheck"]["test"], launched["web"])
        ok &= _worker_healthy(services["worker"]["healthcheck"]["test"], env, launched["worker"])
        ok &= _beat_reaches_worker(env, launched["beat"])
        for name, process in processes.items():
            alive = process.poll() is None
            ok &= alive
            print(f"{name:<9} {'still running' if alive else f'exited with {process.returncode}'}")
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        _admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        import redis

        redis.Redis.from_url(REDIS).flushdb()
        print(f"logs in {logs}")
    print("every compose service came up and passed its check" if ok else "SOME SERVICE FAILED")
    if not ok:
        raise SystemExit(1)


def _web_healthy(test: list[str], launched: float) -> bool:
    """The compose health check: ``curl -fsS -H 'X-Forwarded-Proto: https' .../healthz``."""
    url = next(a for a in test if a.startswith("http")).replace(":8000", f":{PORT}")
    headers = dict(h.split(": ", 1) for h in (test[i + 1] for i, a in enumerate(test) if a == "-H"))
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=5) as response:
                body = json.loads(response.read())
                print(f"web       healthy after {time.perf_counter() - launched:5.1f} s   {url} → 200 {body}")
                return True
        except Exception:
            time.sleep(0.5)
    print("web       NOT healthy within 60 s")
    return False


def _worker_healthy(test: list[str], env: dict[str, str], launched: float) -> bool:
    """The compose health check: ``celery inspect ping -d celery@$HOSTNAME``."""
    command = test[-1] if test[0] == "CMD-SHELL" else " ".join(test[1:])
    command = command.replace("$$HOSTNAME", os.uname().nodename).replace("$HOSTNAME", os.uname().nodename)
    argv = _command(shlex.split(command))
    deadline = time.time() + 90
    while time.time() < deadline:
        result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode == 0:
            print(f"worker    healthy after {time.perf_counter() - launched:5.1f} s   ({command})")
            return True
        time.sleep(2)
    print(f"worker    NOT healthy within 90 s: {result.stdout[-300:]} {result.stderr[-300:]}")
    return False


def _beat_reaches_worker(env: dict[str, str], launched: float) -> bool:
    """Beat sends ``congress.tasks.worker_heartbeat`` every minute; the worker writes the row."""
    import psycopg

    deadline = time.time() + 130
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        while time.time() < deadline:
            row = connection.execute(
                "SELECT name, last_seen FROM congress_workerheartbeat LIMIT 1"
            ).fetchone()
            if row:
                print(
                    f"beat      first periodic task done by the worker after "
                    f"{time.perf_counter() - launched:5.1f} s   (heartbeat {row[0]} at {row[1]:%H:%M:%S})"
                )
                return True
            time.sleep(2)
    print("beat      no periodic task reached the worker within 130 s")
    return False


if __name__ == "__main__":
    main()
