"""Load holiday calendars: ``load_calendar --year 2027``, ``load_calendar --all`` (every year the
installed chinesecalendar package knows), or ``load_calendar --year 2027 --csv notice-2027.csv``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congress.calendar import services, sources
from congress.errors import DomainError


class Command(BaseCommand):
    help = (
        "Load State Council holiday calendars from chinesecalendar or a CSV file; recomputes open deadlines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, action="append", default=[], help="A year to load (repeatable)."
        )
        parser.add_argument("--all", action="store_true", help="Every year the installed package knows.")
        parser.add_argument("--csv", type=Path, help="Load --year from this CSV file (date,kind,name).")

    def handle(self, *args: Any, **options: Any) -> None:
        years: list[int] = list(options["year"])
        csv_path: Path | None = options["csv"]
        if options["all"]:
            years = sorted(set(years) | set(sources.known_years()))
        if not years:
            raise CommandError("Give --year YEAR (repeatable) or --all.")
        if csv_path is not None and len(years) != 1:
            raise CommandError("--csv loads exactly one --year.")
        for year in years:
            try:
                if csv_path is not None:
                    with csv_path.open("rb") as handle:
                        result = services.calendar_import_csv(file=handle, year=year)
                else:
                    result = services.calendar_load_year(year=year)
            except services.CalendarImportError as exc:
                raise CommandError("\n".join(exc.errors)) from exc
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(
                f"{year}: {result.holidays} holidays, {result.makeup_workdays} make-up working days, "
                f"{len(result.changes)} open deadlines moved"
                + (f", {result.kept_manual} hand-entered days kept" if result.kept_manual else "")
            )
