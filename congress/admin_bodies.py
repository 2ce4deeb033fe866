"""The body scope in the admin (docs/bodies.md): a changelist lists the rows of the bodies the user
sees (their own and those below); a row of a body they may not write for opens read-only, and an
action over it is refused; a row outside the scope is not found (404), like a missing one."""

from __future__ import annotations

from functools import reduce
from typing import Any

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _

from .bodies import bodies_writable_by, body_ids_visible_to, body_ids_writable_by, can_write_body


class BodyScopedAdminMixin:
    """For a ModelAdmin whose model belongs to a body through ``body_field`` (a field path such as
    "body" or "suggestion__body")."""

    body_field = "body"

    def body_id_of(self, obj: Any) -> int | None:
        *path, last = self.body_field.split("__")
        node = reduce(lambda item, name: getattr(item, name, None), path, obj)
        return getattr(node, f"{last}_id", None) if node is not None else None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        ids = body_ids_visible_to(request.user)
        return queryset if ids is None else queryset.filter(**{f"{self.body_field}__in": ids})

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> Any:
        # Django sends a missing object's pages back to the index with a message; here a missing
        # object and one outside the user's bodies are both plainly not found.
        raise Http404

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(super().has_change_permission(request, obj))  # type: ignore[misc]
        return allowed and (obj is None or can_write_body(request.user, self.body_id_of(obj)))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "body" and self.body_field == "body":
            kwargs["queryset"] = bodies_writable_by(request.user)  # a row is made for one's own body
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def response_action(self, request: HttpRequest, queryset: Any) -> Any:
        """Before any action runs: a selected row outside the scope is a 404; a row the user may only
        read refuses the whole action, so nothing changes."""
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        across = request.POST.get("select_across") in ("1", "True", "true")
        if not across and selected:
            try:
                wanted = {int(pk) for pk in selected}
            except ValueError as error:
                raise Http404 from error
            chosen = queryset.filter(pk__in=wanted)
            if chosen.count() != len(wanted):
                raise Http404
        else:
            chosen = queryset
        writable = body_ids_writable_by(request.user)
        if writable is not None and chosen.exclude(**{f"{self.body_field}__in": writable}).exists():
            messages.error(request, _("Some selected rows belong to another body: you may only read them."))
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)  # type: ignore[misc]
