"""Backups of the portal's database with ``pg_dump`` (custom format), and their restore.

The command operators run (docs/security.md):

    python manage.py backup var/backups/congress-$(date +%F).dump
    pg_restore --clean --if-exists --no-owner -d <database> var/backups/congress-….dump

``pg_dump`` must be at least as new as the server: the portal picks the newest one it finds (the
system's, or the one the embedded PostgreSQL ships). Media files (photos, attachments) live in
``MEDIA_ROOT`` and are backed up with the file system, not here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection


def _candidates(tool: str) -> list[str]:
    found = []
    system = shutil.which(tool)
    if system:
        found.append(system)
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / tool
        if bundled.exists():
            found.append(str(bundled))
    except ImportError:  # the embedded server is a development extra
        pass
    return found


def _major(binary: str) -> int:
    # A fixed argument list (the PostgreSQL client tool and the settings); no shell.
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)", out.split(")")[-1]) or re.search(r"(\d+)", out)
    return int(match.group(1)) if match else 0


def server_major() -> int:
    return int(connection.cursor().connection.info.server_version) // 10000


def pg_tool(tool: str) -> str:
    """The oldest ``pg_dump``/``pg_restore`` on this machine that is not older than the server."""
    server = server_major()
    usable = sorted((_major(b), b) for b in _candidates(tool) if _major(b) >= server)
    if not usable:
        raise RuntimeError(f"no {tool} of version {server} or newer on this machine")
    return usable[0][1]


def _libpq_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ}
    options = settings_dict.get("OPTIONS", {})
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        value = settings_dict.get(key) or options.get(key.lower())
        if value:
            env[variable] = str(value)
    return env


def backup_create(*, path: Path, database: dict[str, Any] | None = None) -> Path:
    """Dump the database to ``path`` (custom format, compressed, restorable table by table)."""
    settings_dict = database or connection.settings_dict
    path.parent.mkdir(parents=True, exist_ok=True)
    # A fixed argument list (the PostgreSQL client tool and the settings); no shell.
    subprocess.run(  # noqa: S603
        [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), settings_dict["NAME"]],
        env=_libpq_env(settings_dict),
        check=True,
        capture_output=True,
    )
    return path


def backup_restore(*, path: Path, into: str, database: dict[str, Any] | None = None) -> None:
    """Restore a dump into the (empty or existing) database ``into`` on the same server."""
    settings_dict = database or connection.settings_dict
    # A fixed argument list (the PostgreSQL client tool and the settings); no shell.
    subprocess.run(  # noqa: S603
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--dbname", into, str(path)],
        env=_libpq_env(settings_dict),
        check=True,
        capture_output=True,
    )
