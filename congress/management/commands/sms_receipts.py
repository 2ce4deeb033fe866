"""Collect SMS delivery reports and record them on the outbox, for as long as it runs (a CMPP gateway
pushes reports to a logged-in session) or once (``--once``). The periodic task
``congress.notifications.sms_receipts`` does one round a minute; run this under systemd instead when the
gateway wants one session kept open."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from congress.notifications.backends import DeliveryError
from congress.notifications.services import sms_receipts_collect


class Command(BaseCommand):
    help = "Collect SMS delivery reports from the provider and record them on the outbox rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one round, then stop")
        parser.add_argument("--wait", type=float, default=None, help="seconds a round listens (CMPP)")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            try:
                recorded = sms_receipts_collect(wait=options["wait"])
            except DeliveryError as error:
                self.stderr.write(f"SMS receipts: {error}")
                recorded = 0
            self.stdout.write(f"SMS receipts recorded: {recorded}")
            if options["once"]:
                return
            time.sleep(1.0)
