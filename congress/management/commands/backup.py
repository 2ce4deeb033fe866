"""``manage.py backup FILE``: a pg_dump of the portal's database (see congress/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from congress.backup import backup_create


class Command(BaseCommand):
    help = "Dump the database with pg_dump (custom format) to FILE; restore it with pg_restore."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path = backup_create(path=options["file"])
        self.stdout.write(f"backup written to {path} ({path.stat().st_size:,} bytes)")
