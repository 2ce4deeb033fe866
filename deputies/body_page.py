"""The deputies' section of a body's public page (``congress.body_pages``): the deputies of the
body's congress in its current term. Two queries."""

from __future__ import annotations

from typing import Any

from congress.body_pages import BodySection, section_register

from .models import Deputy

SHOWN = 30


def deputies_section(body: Any) -> dict[str, Any] | None:
    if not body.has_congress:
        return None  # a street working committee has no congress, so no deputies of its own
    deputies = Deputy.objects.active().filter(term__body_id=body.pk, term__is_current=True)
    return {
        "deputies": list(deputies.order_by("name", "pk").only("pk", "name", "slug", "level")[:SHOWN]),
        "count": deputies.count(),
        "body": body,
    }


def register() -> None:
    section_register(BodySection("deputies", "deputies/body_section.html", deputies_section, order=10))
