"""Export old audit events to a signed, verifiable file (congress.audit_archive), or check such a file.
The rows stay in the table: removing them is the operator's step with the table owner's role, printed
here and described in docs/operations.md."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from congress.audit_archive import ArchiveError, archive_export, archive_verify_file, operator_sql


class Command(BaseCommand):
    help = "Archive the audit events before a date to a signed JSON-lines file, or verify an archive file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", help="archive events before this day (YYYY-MM-DD, local time)")
        parser.add_argument("--out", help="directory of the archive files (default: var/audit-archive)")
        parser.add_argument("--verify", metavar="FILE", help="check an archive file instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verify"]:
            try:
                checked = archive_verify_file(Path(options["verify"]))
            except (ArchiveError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"{checked.path.name}: intact, events {checked.first_seq} to {checked.last_seq} "
                f"({checked.count}), last hash {checked.last_hash}, file SM3 {checked.file_sm3}."
            )
            return
        if not options["before"]:
            raise CommandError("Give --before YYYY-MM-DD (or --verify FILE).")
        try:
            day = datetime.date.fromisoformat(options["before"])
        except ValueError as exc:
            raise CommandError(f"--before {options['before']!r} is not a date like 2024-01-01.") from exc
        before = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        out_dir = Path(options["out"]) if options["out"] else Path(settings.VAR_DIR) / "audit-archive"
        try:
            done = archive_export(before=before, out_dir=out_dir)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        if done is None:
            self.stdout.write(f"No audit events before {day} left to archive.")
            return
        self.stdout.write(
            f"Archived events {done.first_seq} to {done.last_seq} ({done.count}) to {done.path} "
            f"(SM3 {done.file_sm3}); the rows are still in the table.\n"
            "Store the file safely, check it with --verify, then, as the table's owner (never the "
            "application's account), remove the archived rows:\n" + operator_sql(done.last_seq)
        )
