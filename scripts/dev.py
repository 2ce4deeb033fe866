#!/usr/bin/env python3
"""The portal's two commands.

    python3 scripts/dev.py run    # start web, Celery worker and beat with demo data
    python3 scripts/dev.py install   # production host: runtime packages, migrate, static; no demo
    python3 scripts/dev.py test   # lint, types, migrations, translations and the test suite
    python3 scripts/dev.py manage <command> ...   # manage.py against the run command's database
    python3 scripts/dev.py screenshots            # docs/screenshots/ from the demo data

Runs with the system Python 3.11 and only the standard library until the virtualenv exists: it
installs what is missing (OS packages through apt when root, a virtualenv under .venv with the
pinned packages from pyproject.toml), then re-executes itself inside the virtualenv.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
VAR = ROOT / "var"

# Debian packages the portal needs at run time (WeasyPrint's Pango, CJK fonts for PDFs and
# posters, gettext for translations) and poppler-utils, whose pdftotext the tests read PDFs with.
APT_PACKAGES = [
    "gettext",
    "fonts-noto-cjk",
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz-subset0",
    "libjpeg62-turbo",
    "shared-mime-info",
    "poppler-utils",
    # Headless browser of the browser tests and the CSP check (Playwright drives the system build).
    "chromium",
]
# What a production host needs of the list above: no browser, no PDF reader for tests.
RUNTIME_APT_PACKAGES = [name for name in APT_PACKAGES if name not in {"chromium", "poppler-utils"}]
# Only the test command needs these: a Redis server it starts where none is running.
TEST_APT_PACKAGES = ["redis-server"]


def say(message: str) -> None:
    print(f"\033[1;31m==>\033[0m {message}", flush=True)


# ---------------------------------------------------------------- stage 1: outside the virtualenv


def missing_apt_packages(packages: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def ensure_os_packages(packages: list[str]) -> None:
    missing = missing_apt_packages(packages)
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        missing.append(f"python{sys.version_info.major}.{sys.version_info.minor}-venv")
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say("Missing OS packages (install them with apt): " + " ".join(missing))
        return
    say("Installing OS packages: " + " ".join(missing))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.check_call(["apt-get", "update", "-qq"], env=env)
    subprocess.check_call(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


def pinned_requirements(*, dev: bool = True) -> list[str]:
    """The runtime dependencies and, with ``dev``, the ``dev`` extra: tests, linters, profilers, and
    what only a developer machine runs (the embedded PostgreSQL, Faker for the demo city). A
    production host (``install``) and the production image (Dockerfile) take ``dependencies``
    alone."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra = project["optional-dependencies"]["dev"] if dev else []
    return [*project["dependencies"], *extra]


def ensure_virtualenv(*, dev: bool = True) -> None:
    if sys.version_info[:2] != (3, 11):
        say(f"Python 3.11 is required, this is {sys.version.split()[0]}")
        sys.exit(2)
    if not VENV_PYTHON.exists():
        say("Creating the virtualenv in .venv")
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    requirements = pinned_requirements(dev=dev)
    digest = hashlib.sha256("\n".join(requirements).encode()).hexdigest()
    stamp = VENV / ".requirements.sha256"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("Installing the pinned Python packages")
    subprocess.check_call([str(VENV_PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    subprocess.check_call([str(VENV_PYTHON), "-m", "pip", "install", "-q", *requirements])
    stamp.write_text(digest)


# ----------------------------------------------------------------- stage 2: inside the virtualenv


def embedded_postgres(folder: Path) -> object:
    """Start (or reuse) the embedded PostgreSQL server whose data lives in ``folder``."""
    import warnings

    warnings.filterwarnings("ignore")
    import pgserver

    folder.mkdir(parents=True, exist_ok=True)
    return pgserver.get_server(folder, cleanup_mode="stop")


def ensure_database(server: object, name: str) -> None:
    # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # type: ignore[attr-defined]  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')  # type: ignore[attr-defined]


def embedded_url(folder: Path, name: str) -> str:
    return f"postgresql://postgres@/{name}?host={folder}"


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.check_call([str(VENV_PYTHON), "manage.py", *args], cwd=ROOT, env=env)


def is_loopback(host: str) -> bool:
    """Whether an address to bind is reachable from this machine only (0.0.0.0 is every interface)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def demo_env(env: dict[str, str], *, host: str) -> dict[str, str]:
    """The demo shows Django's debug pages to this machine only: bound to an address other machines
    can reach, it runs with DEBUG off."""
    if is_loopback(host) or env.get("DJANGO_SETTINGS_MODULE") != "congress.settings.local":
        return env
    say(f"HOST={host} is reachable from other machines: debug pages are off (DJANGO_DEBUG=false)")
    return {**env, "DJANGO_DEBUG": "false"}


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def run_env() -> tuple[dict[str, str], object]:
    """The environment of the run command: ``DATABASE_URL`` when set, else the embedded PostgreSQL
    in var/pgdata (started here, or shared with a run command that already started it)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "congress.settings.local"),
    }
    server = None
    if not env.get("DATABASE_URL"):
        server = embedded_postgres(VAR / "pgdata")
        ensure_database(server, "congress")
        env["DATABASE_URL"] = embedded_url(VAR / "pgdata", "congress")
    return env, server


def cmd_manage(args: list[str]) -> int:
    """``manage.py <args>`` against the database the run command uses, e.g. ``createsuperuser``,
    ``shell``, ``annual_report 2026``. The embedded server is stopped afterwards only if no run
    command still uses it (pgserver counts the processes holding it)."""
    if not args:
        say("Usage: python3 scripts/dev.py manage <command> [arguments]  (e.g. createsuperuser)")
        return 2
    env, server = run_env()
    try:
        return subprocess.call([str(VENV_PYTHON), "manage.py", *args], cwd=ROOT, env=env)
    finally:
        if server is not None:
            server.cleanup()  # type: ignore[attr-defined]


def cmd_screenshots(args: list[str]) -> int:
    """scripts/screenshots.py against the run command's database (see its docstring)."""
    env, server = run_env()
    try:
        return subprocess.call([str(VENV_PYTHON), "scripts/screenshots.py", *args], cwd=ROOT, env=env)
    finally:
        if server is not None:
            server.cleanup()  # type: ignore[attr-defined]


def cmd_install() -> int:
    """A production host: the database is the one ``DATABASE_URL`` names (no embedded server), and
    no demo is loaded. Safe to run again after each upgrade."""
    if not os.environ.get("DATABASE_URL"):
        say("Set DATABASE_URL to the production database (see docs/operations.md)")
        return 2
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE") or "congress.settings.production",
    }
    manage("migrate", "--noinput", env=env)
    subprocess.check_call([str(VENV_PYTHON), "scripts/i18n.py", "compile"], cwd=ROOT, env=env)
    manage("createcachetable", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    manage("sync_roles", env=env)
    manage("setup_schedules", env=env)
    say("Installed. Next: createsuperuser, bootstrap_committee, imports (docs/operations.md)")
    return 0


def cmd_run() -> int:
    if not os.environ.get("DATABASE_URL"):
        say("Starting the embedded PostgreSQL (data in var/pgdata)")
    env, server = run_env()
    if not env.get("REDIS_URL"):
        say("No REDIS_URL: Celery uses the filesystem broker in var/broker")
        for folder in ("queue", "processed", "control"):
            (VAR / "broker" / folder).mkdir(parents=True, exist_ok=True)
    host = env.get("HOST", "127.0.0.1")
    port = env.get("PORT", "8000")
    env = demo_env(env, host=host)

    manage("migrate", "--noinput", env=env)
    subprocess.check_call([str(VENV_PYTHON), "scripts/i18n.py", "compile"], cwd=ROOT, env=env)
    manage("createcachetable", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    manage("load_demo", env=env)
    manage("setup_schedules", env=env)

    bin_dir = VENV / "bin"
    processes: dict[str, subprocess.Popen[bytes]] = {}
    commands = {
        "web": [
            str(bin_dir / "gunicorn"),
            "--config",
            "python:congress.gunicorn_conf",
            "congress.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            env.get("WEB_CONCURRENCY", "2"),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ],
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "congress",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            env.get("CELERY_CONCURRENCY", "2"),
        ],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "congress",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(VAR / "celerybeat-schedule"),
        ],
    }
    for name, command in commands.items():
        processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)

    from congress.demo_accounts import DEMO_LOGINS, DEMO_PASSWORD

    print()
    say(f"The portal is running at http://{host}:{port}/  (admin: http://{host}:{port}/admin/)")
    say(f"Demo logins (password {DEMO_PASSWORD}):")
    for username, role in DEMO_LOGINS:
        print(f"      {username:<10} {role}")
    if not env.get("PUBLIC_BASE_URL"):
        say(
            "PUBLIC_BASE_URL is not set: posters and QR codes print http://127.0.0.1:8000/q/… "
            "(set PUBLIC_BASE_URL=https://<public address> before printing them)"
        )
    else:
        say(f"Posters and QR codes print {env['PUBLIC_BASE_URL'].rstrip('/')}/q/…")
    say("Press Ctrl-C to stop web, worker, beat" + (" and the embedded PostgreSQL" if server else ""))

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                say(f"{name} exited with code {process.returncode}; stopping the rest")
                exit_code = 1
                stopping = True
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            process.terminate()  # warm shutdown: gunicorn and celery stop their own children
    deadline = time.time() + 20
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    if server is not None:
        if hasattr(server, "stop"):
            server.stop()
        else:
            server.cleanup()  # type: ignore[attr-defined]
    say("Stopped.")
    return exit_code


def postgres_fits(url: str) -> bool:
    """Whether the server at ``url`` is the production major version with the contrib extensions
    the portal uses."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            version = connection.info.server_version // 10000
            available = connection.execute(
                "SELECT count(*) FROM pg_available_extensions WHERE name IN ('pg_trgm', 'btree_gist')"
            ).fetchone()
    except psycopg.Error:
        return False
    return version == PRODUCTION_POSTGRES and available is not None and available[0] == 2


PRODUCTION_POSTGRES = 16


def test_database_url() -> tuple[str, object]:
    """``DATABASE_URL`` when set; else the server on 127.0.0.1:5432 when it is a PostgreSQL 16 with
    contrib; else a PostgreSQL 16 of the test command's own (scripts/postgres16.py) on a free port,
    whose client tools go first on the PATH so backups and dumps match the server."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"], None
    system = "postgres://postgres@127.0.0.1:5432/postgres"
    if port_open("127.0.0.1", 5432) and postgres_fits(system):
        return system, None
    sys.path.insert(0, str(ROOT / "scripts"))
    import postgres16

    if postgres16.supported():
        say(f"Starting PostgreSQL {postgres16.VERSION} with contrib for the tests (var/pg16)")
        server = postgres16.start(VAR / "pg16")
        os.environ["PATH"] = os.pathsep.join([str(server.bin_dir), *os.get_exec_path()])
        return server.url, server
    if port_open("127.0.0.1", 5432):
        say("The server on 127.0.0.1:5432 is not PostgreSQL 16 with contrib; testing on it anyway")
        return system, None
    say("No PostgreSQL on 127.0.0.1:5432: starting the embedded one (var/pgtest)")
    return embedded_url(VAR / "pgtest", "postgres"), embedded_postgres(VAR / "pgtest")


TEST_REDIS_PORT = 6391


def test_redis_url() -> tuple[str, subprocess.Popen[bytes] | None]:
    """The Redis of the tests (cache, rate limits, lockouts, the worker tests' broker): the one on
    127.0.0.1:6379 when it answers (database 15), else a ``redis-server`` of our own on port 6391 that
    keeps nothing on disk and is stopped when the tests end. Keys are prefixed per checkout and worker
    (congress/settings/test.py), so two runs can share one server."""
    if port_open("127.0.0.1", 6379):
        return "redis://127.0.0.1:6379/15", None
    if port_open("127.0.0.1", TEST_REDIS_PORT):
        return f"redis://127.0.0.1:{TEST_REDIS_PORT}/15", None
    binary = shutil.which("redis-server")
    if binary is None:
        say("No Redis on 127.0.0.1:6379 and no redis-server to start (apt-get install redis-server)")
        sys.exit(2)
    say(f"No Redis on 127.0.0.1:6379: starting redis-server on port {TEST_REDIS_PORT}")
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(TEST_REDIS_PORT), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not port_open("127.0.0.1", TEST_REDIS_PORT):
        if time.monotonic() > deadline or process.poll() is not None:
            say("redis-server did not start")
            sys.exit(2)
        time.sleep(0.1)
    return f"redis://127.0.0.1:{TEST_REDIS_PORT}/15", process


def checkout_test_database() -> str:
    """``test_<folder>_<hash of the checkout's path>``: stable for one checkout, distinct between two."""
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
    folder = "".join(c for c in ROOT.name.lower() if c.isalnum())[:20] or "congress"
    return f"test_{folder}_{digest}"


def cmd_test(pytest_args: list[str]) -> int:
    url, server = test_database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "congress.settings.test"}
    # Test databases named per checkout (xdist adds _gw0, _gw1): two checkouts testing on one server
    # never drop each other's database mid-run.
    env.setdefault("TEST_DB_NAME", checkout_test_database())
    redis_server = None
    if "TEST_REDIS_URL" not in env:
        env["TEST_REDIS_URL"], redis_server = test_redis_url()
    bin_dir = VENV / "bin"
    # Two pytest-xdist workers (one per core of the 2-core machines it runs on) unless the caller
    # chooses: each worker has its own test database; `-n 0` runs in one process. A test module
    # that builds a costly world once for all its tests (tests/conftest.py, shared_rows) is marked
    # xdist_group and runs whole on one worker; every other test goes wherever a worker is free.
    chosen = any(a == "-n" or a.startswith("-n") for a in pytest_args)
    workers = [] if chosen else ["-n", "2", "--dist", "loadgroup"]
    steps: list[tuple[str, list[str]]] = [
        ("ruff check", [str(bin_dir / "ruff"), "check", "."]),
        ("ruff format --check", [str(bin_dir / "ruff"), "format", "--check", "."]),
        ("mypy", [str(bin_dir / "mypy"), "."]),
        ("import contracts", [str(bin_dir / "lint-imports")]),
        ("makemigrations --check", [str(VENV_PYTHON), "manage.py", "makemigrations", "--check", "--dry-run"]),
        ("translations complete", [str(VENV_PYTHON), "scripts/i18n.py", "check"]),
        (
            "pytest",
            [
                str(VENV_PYTHON),
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "--create-db",
                *workers,
                *pytest_args,
            ],
        ),
    ]
    failed = []
    for title, command in steps:
        say(title)
        if subprocess.call(command, cwd=ROOT, env=env) != 0:
            failed.append(title)
    if server is not None:
        if hasattr(server, "stop"):
            server.stop()
        else:
            server.cleanup()  # type: ignore[attr-defined]
    if redis_server is not None:
        redis_server.terminate()
        redis_server.wait(timeout=10)
    if failed:
        say("FAILED: " + ", ".join(failed))
        return 1
    say("All checks passed.")
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "install", "test", "manage", "screenshots"}:
        print(__doc__)
        return 2
    command = sys.argv[1]
    inside = os.environ.get("CONGRESS_DEV_INSIDE_VENV") == "1"
    if not inside:
        if command == "install":
            ensure_os_packages(RUNTIME_APT_PACKAGES)
        else:
            ensure_os_packages(APT_PACKAGES + (TEST_APT_PACKAGES if command == "test" else []))
        ensure_virtualenv(dev=command != "install")
        env = {**os.environ, "CONGRESS_DEV_INSIDE_VENV": "1"}
        os.execve(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]], env)
    VAR.mkdir(exist_ok=True)
    sys.path.insert(0, str(ROOT))
    if command == "run":
        return cmd_run()
    if command == "install":
        return cmd_install()
    if command == "manage":
        return cmd_manage(sys.argv[2:])
    if command == "screenshots":
        return cmd_screenshots(sys.argv[2:])
    return cmd_test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
