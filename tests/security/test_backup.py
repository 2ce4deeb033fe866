"""A backup made with the documented command restores into a database that serves the same cases."""

from __future__ import annotations

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from suggestions.models import Suggestion

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


def _scratch(name: str) -> dict:
    settings = dict(connection.settings_dict)
    settings["NAME"] = name
    return settings


def _connect(settings: dict, dbname: str) -> psycopg.Connection:
    return psycopg.connect(
        dbname=dbname,
        host=settings.get("HOST") or settings.get("OPTIONS", {}).get("host") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        autocommit=True,
    )


def test_a_backup_restores_into_a_database_that_serves_the_same_cases(make, tmp_path, client):
    from congress.backup import backup_restore

    items = [make("replied"), make("closed"), make("submitted")]
    dump = tmp_path / "congress.dump"
    call_command("backup", str(dump))
    assert dump.stat().st_size > 0
    restored = f"{connection.settings_dict['NAME']}_restore"
    admin = _connect(connection.settings_dict, "postgres")
    admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
    admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        backup_restore(path=dump, into=restored)
        with _connect(_scratch(restored), restored) as copy:
            rows = copy.execute("SELECT code, status, title, pin_hash FROM suggestions_suggestion").fetchall()
            deadlines = copy.execute("SELECT count(*) FROM workcalendar_deadline").fetchone()
        original = set(Suggestion.objects.values_list("code", "status", "title", "pin_hash"))
        assert set(rows) == original and {i.code for i in items} <= {r[0] for r in rows}
        assert deadlines is not None and deadlines[0] > 0
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        admin.close()
