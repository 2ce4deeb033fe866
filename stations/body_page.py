"""The stations' section of a body's public page (``congress.body_pages``): the stations run by
the body and by the bodies below it, and their next reception days. Three queries."""

from __future__ import annotations

from typing import Any

from congress.body_pages import BodySection, section_register

from .models import Station
from .selectors import upcoming_receptions

SHOWN = 30
RECEPTIONS = 8


def stations_section(body: Any) -> dict[str, Any]:
    stations = Station.objects.public().filter(body__path__startswith=body.path)
    return {
        "stations": list(
            stations.select_related("body")
            .order_by("body__path", "name")
            .only("pk", "name", "slug", "body__name")[:SHOWN]
        ),
        "count": stations.count(),
        "receptions": list(upcoming_receptions(body_id=body.pk)[:RECEPTIONS]),
        "body": body,
    }


def register() -> None:
    section_register(BodySection("stations", "stations/body_section.html", stations_section, order=20))
