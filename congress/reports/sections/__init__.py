"""The annual report's sections, one module each in this package.

A section is a ``Section`` named ``SECTION`` in its module: the figures it reads (through the apps'
``reports`` modules only), its headline figures for the summary page (with the previous year's beside
them), its charts, drawn from the figures alone, and its template. Adding a section means adding one
module (and its template) here; no other section changes. Sections are printed in ``order``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.functional import Promise

from ..reads import Period, Scope


@dataclass(frozen=True)
class Headline:
    """One headline figure: a count or a rate (a dict with numerator, denominator, rate)."""

    key: str
    label: str | Promise
    value: Any
    kind: str = "count"  # "count" or "rate"
    # False for a figure that can only be read as it is today (stations, active deputies): no
    # year-on-year change is printed for it, as a "+0" would say nothing.
    compared: bool = True


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    order: int
    template: str
    # (period, database alias, whose figures) -> the section's figures, JSON-able.
    figures: Callable[[Period, str, Scope], dict[str, Any]]
    # (period, database alias, whose figures) -> headline figures; run for the year and the year before.
    headline: Callable[[Period, str, Scope], list[Headline]]
    # figures -> {name: SVG data URI}
    charts: Callable[[dict[str, Any]], dict[str, str]]
    # Whether the section belongs in the report of this scope (the comparison of the bodies below
    # only in the report of a body that has some).
    applies: Callable[[Scope], bool] = lambda scope: True


@cache
def sections() -> tuple[Section, ...]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        section = getattr(loaded, "SECTION", None)
        if isinstance(section, Section):
            found.append(section)
    return tuple(sorted(found, key=lambda s: (s.order, s.key)))
