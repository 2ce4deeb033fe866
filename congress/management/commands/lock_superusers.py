"""The last step of an installation (docs/operations.md): lock the superuser accounts once the system,
security and audit administrators exist, so that no account holds all three powers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congress import roles
from congress.services import superusers_lock


class Command(BaseCommand):
    help = "Deactivate every superuser (after the three administrators have been appointed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="lock even when an administrator role has no active holder"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        missing = [code for code in roles.ADMIN_ROLE_CODES if not roles.role_members(code).exists()]
        if missing and not options["force"]:
            raise CommandError(
                "Appoint the system, security and audit administrators first (no active holder of: "
                + ", ".join(missing)
                + "); --force locks anyway."
            )
        count = superusers_lock()
        self.stdout.write(f"{count} superuser account(s) locked.")
