"""How the deadlines admin names and finds the items a deadline runs for. The calendar belongs to
the core, which imports no domain app: each app that owns deadlines registers, from its
``AppConfig.ready``, how to label its rows (their tracking code and title, with a link) and which of
its rows a search term finds (a tracking code, say)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

# ids -> {id: (label, url or "")}
Labeller = Callable[[list[int]], dict[int, tuple[str, str]]]
# term -> ids of the owner model's rows it finds (a queryset of ids or a list)
Searcher = Callable[[str], Iterable[int] | models.QuerySet[Any]]


@dataclass(frozen=True)
class OwnerKind:
    labels: Labeller
    search: Searcher


_KINDS: dict[type[models.Model], OwnerKind] = {}


def register_owner(model: type[models.Model], *, labels: Labeller, search: Searcher) -> None:
    _KINDS[model] = OwnerKind(labels=labels, search=search)


def owner_kinds() -> dict[type[models.Model], OwnerKind]:
    return dict(_KINDS)
