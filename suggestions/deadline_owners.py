"""How the deadlines admin names and finds items and dispatches (``congress.calendar.owners``): by
tracking code and title, linked to the case page, never as "意见建议 #16413"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .models import Assignment, Suggestion
from .services import normalise_code


def _case_url(pk: int) -> str:
    return reverse("admin:suggestions_suggestion_case", args=[pk])


def suggestion_labels(ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = Suggestion.objects.filter(pk__in=ids).values_list("pk", "code", "title")
    return {pk: (f"{code} {title}", _case_url(pk)) for pk, code, title in rows}


def assignment_labels(ids: list[int]) -> dict[int, tuple[str, str]]:
    roles = dict(Assignment.Role.choices)
    rows = Assignment.objects.filter(pk__in=ids).values_list(
        "pk", "role", "suggestion_id", "suggestion__code", "suggestion__title", "unit__name"
    )
    return {
        pk: (f"{code} {title} · {unit}（{roles.get(role, role)}）", _case_url(suggestion_id))
        for pk, role, suggestion_id, code, title, unit in rows
    }


def suggestion_search(term: str) -> Any:
    return Suggestion.objects.filter(code=normalise_code(term)).values("pk")


def assignment_search(term: str) -> Any:
    return Assignment.objects.filter(suggestion__code=normalise_code(term)).values("pk")
