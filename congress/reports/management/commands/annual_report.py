"""python manage.py annual_report --year 2025 --out report.pdf [--figures figures.json]"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congress.reports.annual import annual_figures, annual_pdf, figures_json
from congress.reports.pdf import CjkFontMissing


class Command(BaseCommand):
    help = "Generate the committee's annual report (PDF) for a year, and optionally its figures (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument("--figures", default="", help="Also write the figures the report is drawn from.")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be a year such as 2025")
        started = time.perf_counter()
        try:
            figures = annual_figures(year)
            read = time.perf_counter()
            pdf = annual_pdf(figures)
        except CjkFontMissing as exc:
            raise CommandError(str(exc)) from exc
        Path(options["out"]).write_bytes(pdf)
        if options["figures"]:
            Path(options["figures"]).write_bytes(figures_json(figures))
        done = time.perf_counter()
        self.stdout.write(
            f"{options['out']}: {len(pdf):,} bytes; figures {read - started:.1f} s, "
            f"PDF {done - read:.1f} s, total {done - started:.1f} s"
        )
