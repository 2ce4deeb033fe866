"""The deputy dashboard's panel registry.

The dashboard home lives in ``deputies``, which must not import the apps above it (stations,
suggestions, votes). Each app registers its panels here from its ``AppConfig.ready``; the home page
asks every registered panel for its content. A panel is a selector with a fixed number of queries
(declared in ``queries`` and pinned by the dashboard's query-count test), so the page costs the same
for a deputy with five items as for one with five hundred.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# What a panel's loader returns: the context of its template, or None to leave the panel out.
PanelContent = dict[str, Any] | None


@dataclass(frozen=True)
class NeedsMe:
    """One line of the「待我处理」summary at the top of the home page."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Panel:
    code: str
    template: str
    load: Callable[..., PanelContent]
    # Position on the page, smallest first: what needs the deputy now before what is for reference.
    order: int = 100
    # Queries the loader runs, whatever the deputy's number of items (checked by the tests).
    queries: int = 1
    # Where the panel sits on a wide screen: "main" or "side".
    column: str = "main"
    extra: dict[str, Any] = field(default_factory=dict)


_PANELS: dict[str, Panel] = {}


def panel_register(panel: Panel) -> Panel:
    """Register (or replace, on a second ``ready``) a panel by its code."""
    _PANELS[panel.code] = panel
    return panel


def panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.code))


@dataclass
class PanelContext:
    """What every loader receives."""

    deputy: Any
    user: Any
    today: datetime.date


@dataclass
class RenderedPanel:
    panel: Panel
    content: dict[str, Any]
    needs_me: list[NeedsMe]


def panels_load(*, deputy: Any, user: Any, today: datetime.date) -> list[RenderedPanel]:
    """Every registered panel's content for one deputy, in page order."""
    context = PanelContext(deputy=deputy, user=user, today=today)
    rendered: list[RenderedPanel] = []
    for panel in panels():
        content = panel.load(context)
        if content is None:
            continue
        rendered.append(
            RenderedPanel(panel=panel, content=content, needs_me=list(content.get("needs_me", [])))
        )
    return rendered
