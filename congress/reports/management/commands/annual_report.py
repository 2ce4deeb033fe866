"""python manage.py annual_report --year 2025 --out report.pdf [--figures f.json] [--body 城关区人大常委会]"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from congress.bodies import root_body
from congress.models import Body
from congress.reports.annual import annual_figures, annual_pdf, figures_json
from congress.reports.pdf import CjkFontMissing
from congress.reports.reads import Scope


class Command(BaseCommand):
    help = "Generate the committee's annual report (PDF) for a year, and optionally its figures (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument("--figures", default="", help="Also write the figures the report is drawn from.")
        parser.add_argument(
            "--body",
            default="",
            help="The body whose report it is (id, name or short name); default the root (the whole city).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be a year such as 2025")
        body = root_body()
        if options["body"]:
            wanted = options["body"]
            found = Body.objects.filter(
                Q(name=wanted) | Q(short_name=wanted) | Q(pk=int(wanted) if wanted.isdigit() else None)
            ).first()
            if found is None:
                raise CommandError(f"No body named {wanted!r}.")
            body = found
        started = time.perf_counter()
        try:
            figures = annual_figures(year, scope=Scope.of(body))
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
