"""The ballots' section of a body's public page (``congress.body_pages``): the published results
of the livelihood-project ballots its congress held. One query."""

from __future__ import annotations

from typing import Any

from congress.body_pages import BodySection, section_register

from .models import Ballot

SHOWN = 10


def ballots_section(body: Any) -> dict[str, Any] | None:
    if not body.has_congress:
        return None  # no congress, no ballots (a street working committee)
    ballots = list(
        Ballot.objects.filter(cycle__term__body_id=body.pk, status=Ballot.Status.PUBLISHED)
        .select_related("cycle")
        .order_by("-held_on", "-pk")[:SHOWN]
    )
    return {"ballots": ballots, "body": body}


def register() -> None:
    section_register(BodySection("ballots", "votes/body_section.html", ballots_section, order=30))
