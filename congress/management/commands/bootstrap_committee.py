"""The first rows of an empty production database: the city area, the root body (the city standing
committee) and its current term, through the services (audited). Safe to run again: what exists is
kept, only what is missing is added, so a rerun with the same arguments changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from congress.errors import DomainError
from congress.models import Area, Body, Term
from congress.services import area_create, body_root_ensure, body_update, term_create

# A people's congress is elected for five years (Constitution art. 60, 98).
TERM_YEARS = 5


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Create the city area, the root body and the current term on an empty server (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="the standing committee, e.g. 某市人大常委会")
        parser.add_argument("--area-code", required=True, help="the city's administrative division code")
        parser.add_argument("--area-name", default="", help="the city, e.g. 某市 (default: from --name)")
        parser.add_argument("--term", type=int, required=True, help="number of the current term, e.g. 17")
        parser.add_argument("--term-name", default="", help="e.g. 某市第十七届人民代表大会")
        parser.add_argument("--starts-on", type=_date, help="first day of the term (default: 1 January)")
        parser.add_argument("--ends-on", type=_date, help="last day of the term (default: five years on)")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        area_name = options["area_name"].strip() or name.removesuffix("人大常委会") or name
        try:
            with transaction.atomic():
                area = Area.objects.filter(code=options["area_code"].strip()).first()
                if area is None:
                    area = area_create(name=area_name, code=options["area_code"], level=Area.Level.CITY)
                    self.stdout.write(f"area created: {area.name}")
                body = body_root_ensure()
                changes = {
                    key: value
                    for key, value in (("name", name), ("area", area))
                    if getattr(body, key) != value
                }
                if body.kind == Body.Kind.CITY and changes:
                    body = body_update(body=body, changes=changes)
                    self.stdout.write(f"root body set: {body.name}")
                term = Term.objects.filter(
                    level=Term.Level.MUNICIPAL, area=area, number=options["term"]
                ).first()
                if term is None:
                    starts_on = options["starts_on"] or datetime.date(timezone.localdate().year, 1, 1)
                    ends_on = options["ends_on"] or (
                        starts_on.replace(year=starts_on.year + TERM_YEARS) - datetime.timedelta(days=1)
                    )
                    term = term_create(
                        level=Term.Level.MUNICIPAL,
                        number=options["term"],
                        name=options["term_name"].strip() or f"{area.name}第{options['term']}届人民代表大会",
                        area=area,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        body=body,
                    )
                    self.stdout.write(f"term created: {term.name}")
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"ready: {body.name} · {area.name} · {term.name}")
