"""``manage.py text_index``: index the text of items that predate the index (or an older version of
it), then recount the unit frequencies (docs/suggestions.md §5)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from suggestions import services


class Command(BaseCommand):
    help = (
        "Index the units of every opinion not yet indexed (or indexed by an older version), then "
        "recount unit frequencies. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000, help="items per transaction")
        parser.add_argument(
            "--frequencies-only", action="store_true", help="only recount the unit frequencies"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["frequencies_only"]:
            documents = services.term_frequencies_refresh()
            self.stdout.write(f"{documents} items indexed; frequencies recounted.")
        else:
            written = services.suggestions_text_backfill(
                batch_size=max(1, options["batch_size"]), say=self.stdout.write
            )
            self.stdout.write(f"{written} items indexed; frequencies recounted.")
        self.stdout.write(self.style.SUCCESS(f"done in {time.perf_counter() - started:.1f} s"))
