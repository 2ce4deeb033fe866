"""The suggestions app's panels of the deputy dashboard home (registered in
``SuggestionsConfig.ready``): opinions addressed to the deputy that wait for them, and replies that
wait for the deputy's rating. Two queries each, whatever the number of items."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.dashboard import NeedsMe, Panel, PanelContext, panel_register

from . import workflow
from .models import Kind, Rating, Status, Suggestion
from .selectors import deputy_opinions

SHOWN = 3


def opinions_panel(context: PanelContext) -> dict[str, Any]:
    """Citizens' opinions addressed or handed to the deputy that nobody has taken further yet."""
    from deputies.selectors import seat_ids_of

    seats = seat_ids_of(context.deputy.pk)  # every seat of a deputy of two congresses
    waiting = (
        Suggestion.objects.filter(Q(deputy_id__in=seats) | Q(handed_to_id__in=seats))
        .exclude(kind=Kind.DEPUTY_SUGGESTION)
        .filter(status__in=(Status.SUBMITTED, Status.ACCEPTED))
    )
    items = list(waiting.select_related("category", "body").order_by("-submitted_at", "-pk")[:SHOWN])
    count = waiting.count()  # always: the page costs the same whatever the number of items
    return {
        "items": items,
        "count": count,
        "needs_me": [NeedsMe(_("Opinions addressed to me"), count, reverse("opinion-list"))] if count else [],
    }


def replies_panel(context: PanelContext) -> dict[str, Any]:
    """Replies to items the deputy raised, co-signed or follows that they have not rated this round."""
    from deputies.selectors import seat_ids_of

    deputy_id = context.deputy.pk
    rated = Rating.objects.filter(
        suggestion=OuterRef("pk"),
        rater=Rating.Rater.DEPUTY,
        deputy_id__in=seat_ids_of(deputy_id),
        round=OuterRef("reopen_count"),
    )
    # The UNION of index scans of ``deputy_opinions``: the OR over the co-signers' join scanned the
    # table (926 ms for the busiest deputy of 1,000,000 items, docs/performance.md).
    mine = deputy_opinions(deputy_id)
    waiting = mine.filter(status__in=workflow.RATABLE_STATES).exclude(Exists(rated))
    # Newest first by date, as the opinion list: ordered by id, the planner walked the primary key
    # backwards from the newest item of all until it met enough of this deputy's (docs/performance.md).
    items = list(waiting.order_by("-submitted_at", "-pk")[:SHOWN])
    count = waiting.count()
    return {
        "items": items,
        "count": count,
        "needs_me": [NeedsMe(_("Replies waiting for my rating"), count, reverse("opinion-list") + "?tab=own")]
        if count
        else [],
    }


def register() -> None:
    panel_register(Panel("opinions", "suggestions/panels/opinions.html", opinions_panel, order=10, queries=2))
    panel_register(
        Panel("replies_to_rate", "suggestions/panels/replies.html", replies_panel, order=15, queries=2)
    )
