"""Check the audit chain and name its first broken link; exits 1 when it is broken (for monitoring)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from congress.audit_watch import audit_chain_check


class Command(BaseCommand):
    help = "Verify the SM3 hash chain of the audit trail and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_chain_check()
        if not result.ok:
            raise CommandError(result.message)
        self.stdout.write(result.message)
