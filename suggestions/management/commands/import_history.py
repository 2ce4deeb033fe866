"""``manage.py import_history FILE [--dry-run] [--body NAME]``: the office's ledger of past items
imported as history (docs/import.md), the same checks as the admin's page. Every problem row is
printed; nothing is saved while there is one, nor with ``--dry-run``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congress.models import Body
from congress.spreadsheets import SheetError, read_sheet
from suggestions.history_import import HistoryImporter


class Command(BaseCommand):
    help = "Import the office's ledger of past items (xlsx or CSV) as history, without notifying anyone."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and preview; save nothing.")
        parser.add_argument(
            "--body", default="", help="Name of the body the items belong to (default: the root)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        importer = HistoryImporter()
        try:
            table = importer.prepare(read_sheet(path.read_bytes(), path.name))
        except SheetError as error:
            raise CommandError(error.message) from error
        if options["body"]:
            body = Body.objects.filter(name=options["body"]).first()
            if body is None:
                raise CommandError(f"no body named {options['body']!r}")
            importer.body = body
        outcome = importer.run(table, dry_run=options["dry_run"], user=None)
        for note in outcome.notes:
            self.stdout.write(str(note))
        for problem in outcome.problems:
            self.stderr.write(str(problem))
        counts = outcome.counts
        summary = f"new {counts['new']}, unchanged {counts['same']}, refused {counts['invalid']}"
        if outcome.problems:
            raise CommandError(f"{len(outcome.problems)} problems, nothing saved ({summary})")
        verb = "saved" if outcome.saved else "dry run, nothing saved"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {summary}"))
