"""The votes app's panel of the deputy dashboard home (registered in ``VotesConfig.ready``): open
ballots the deputy may still vote in. One query."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from congress.dashboard import NeedsMe, Panel, PanelContext, panel_register

from .selectors import open_ballots_for


def ballots_panel(context: PanelContext) -> dict[str, Any] | None:
    ballots = list(open_ballots_for(context.deputy)[:5])
    if not ballots:
        return None
    waiting = [ballot for ballot in ballots if not ballot.voted]  # type: ignore[attr-defined]
    return {
        "ballots": ballots,
        "needs_me": [NeedsMe(_("Open ballots"), len(waiting), reverse("votes-dashboard-ballots"))]
        if waiting
        else [],
    }


def register() -> None:
    panel_register(Panel("ballots", "votes/panels/ballots.html", ballots_panel, order=12, queries=1))
