"""The body scope in the admin (docs/bodies.md): a changelist lists the rows of the bodies the user
sees (their own and those below); a row of a body they may not write for opens read-only, and an
action over it is refused; a row outside the scope is not found (404), like a missing one.

A ModelAdmin of a model that belongs to a body takes ``BodyScopedAdminMixin``; how the model's rows
reach their body is the model's own (``BodyScopedQuerySet.body_paths``), so the admin, the pages
and the API filter the same way. ``GenericScopedAdminMixin`` does the same for rows that point at
any object (audit events, the outbox, deadlines)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .bodies import (
    body_choices_visible_to,
    body_id_of,
    body_ids_visible_to,
    body_ids_writable_by,
    body_paths_of,
    can_read_body,
    can_write_body,
    generic_visible_q,
    generic_writable_q,
)
from .models import Body


def _in_bodies(queryset: QuerySet[Any], paths: tuple[str, ...], ids: list[int] | None) -> QuerySet[Any]:
    if ids is None:
        return queryset
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in": ids})
    return queryset.filter(condition)


class BodyListFilter(admin.SimpleListFilter):
    """「人大机构」in a changelist's filters: the bodies the user reads, and nothing else."""

    title = gettext_lazy("people's congress body")
    parameter_name = "in_body"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return body_choices_visible_to(request.user)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value or not str(value).isdigit():
            return queryset
        visible = body_ids_visible_to(request.user)
        if visible is not None and int(value) not in visible:
            return queryset.none()
        paths = body_paths_of(queryset.model) or ("body",)
        return _in_bodies(queryset, paths, [int(value)])


class BodyScopedAdminMixin:
    """For a ModelAdmin whose model belongs to a body (``BodyScopedQuerySet.body_paths``;
    ``body_field`` overrides them with one path)."""

    body_field: str | None = None
    body_filter = True
    # Rows an upper body writes about a lower body's by design (an inspection of a street's
    # station, 001): the user may change the rows of every body they see.
    parent_writes = False

    def may_write(self, request: HttpRequest, body_id: int | None) -> bool:
        if self.parent_writes:
            return can_read_body(request.user, body_id)
        return can_write_body(request.user, body_id)

    def write_scope(self, request: HttpRequest) -> list[int] | None:
        return (body_ids_visible_to if self.parent_writes else body_ids_writable_by)(request.user)

    def body_paths(self) -> tuple[str, ...]:
        if self.body_field:
            return (self.body_field,)
        paths = body_paths_of(self.model)  # type: ignore[attr-defined]
        return paths or ("body",)

    def body_id_of(self, obj: Any) -> int | None:
        if self.body_field:
            *path, last = self.body_field.split("__")
            node = obj
            for name in path:
                node = getattr(node, name, None)
                if node is None:
                    return None
            return getattr(node, f"{last}_id", None)
        return body_id_of(obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return _in_bodies(queryset, self.body_paths(), body_ids_visible_to(request.user))

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = [self._scoped_filter(entry) for entry in super().get_list_filter(request)]  # type: ignore[misc]
        if self.body_filter and BodyListFilter not in filters:
            filters.insert(0, BodyListFilter)
        return filters

    def _scoped_filter(self, entry: Any) -> Any:
        """A filter by a related row that belongs to a body (a cycle, a station, a deputy) offers only
        the rows the listed ones point at, never every body's (their names would show)."""
        if not isinstance(entry, str):
            return entry
        model = self.model  # type: ignore[attr-defined]
        field = None
        for name in entry.split("__"):
            try:
                field = model._meta.get_field(name)
            except Exception:
                return entry
            model = field.related_model
            if model is None:
                return entry
        if field is not None and field.is_relation and body_paths_of(model) is not None:
            return (entry, admin.RelatedOnlyFieldListFilter)
        return entry

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> Any:
        # Django sends a missing object's pages back to the index with a message; here a missing
        # object and one outside the user's bodies are both plainly not found.
        raise Http404

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(super().has_change_permission(request, obj))  # type: ignore[misc]
        return allowed and (obj is None or self.may_write(request, self.body_id_of(obj)))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(super().has_delete_permission(request, obj))  # type: ignore[misc]
        return allowed and (obj is None or self.may_write(request, self.body_id_of(obj)))

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> Any:
        # Whatever an admin's own permission methods say, a POST to the change page of a row the
        # user may only read is refused before anything is saved.
        if object_id is not None and request.method == "POST":
            obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
            if obj is None:
                raise Http404
            if not self.may_write(request, self.body_id_of(obj)):
                raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if obj is None:
            raise Http404
        if request.method == "POST" and not self.may_write(request, self.body_id_of(obj)):
            raise PermissionDenied
        return super().delete_view(request, object_id, extra_context)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # The field a row belongs to its body through (its body, its station, its deputy …) offers
        # only what the user may write for: a row is made for one's own body, never moved out of it.
        owner = self.body_paths()[0].split("__")[0]
        if db_field.name == owner:
            scope = self.write_scope(request)
            manager = db_field.related_model._default_manager
            if db_field.related_model is Body:
                kwargs["queryset"] = manager.all() if scope is None else manager.filter(pk__in=scope)
            elif body_paths_of(db_field.related_model) is not None:
                kwargs["queryset"] = manager.all() if scope is None else manager.in_bodies(scope)
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
        writable = self.write_scope(request)
        if writable is not None:
            mine = _in_bodies(chosen, self.body_paths(), writable)
            if chosen.exclude(pk__in=mine.values("pk")).exists():
                messages.error(
                    request, _("Some selected rows belong to another body: you may only read them.")
                )
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)  # type: ignore[misc]


class GenericScopedAdminMixin:
    """For rows about any object (``type_field`` and ``id_field``): the rows about objects the user
    reads (``congress.bodies.generic_visible_q``); anything else is not found."""

    type_field = "content_type"
    id_field = "object_id"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        condition = generic_visible_q(request.user, type_field=self.type_field, id_field=self.id_field)
        return queryset if condition is None else queryset.filter(condition)

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> Any:
        raise Http404

    def _writable(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        condition = generic_writable_q(request.user, type_field=self.type_field, id_field=self.id_field)
        return queryset if condition is None else queryset.filter(condition)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(super().has_change_permission(request, obj))  # type: ignore[misc]
        if not allowed or obj is None:
            return allowed
        return self._writable(request, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(super().has_delete_permission(request, obj))  # type: ignore[misc]
        if not allowed or obj is None:
            return allowed
        return self._writable(request, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def response_action(self, request: HttpRequest, queryset: Any) -> Any:
        """A selected row outside the scope is a 404; one about a lower body's object (read-only)
        refuses the whole action."""
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        chosen = queryset
        if selected and request.POST.get("select_across") not in ("1", "True", "true"):
            try:
                wanted = {int(pk) for pk in selected}
            except ValueError as error:
                raise Http404 from error
            chosen = queryset.filter(pk__in=wanted)
            if chosen.count() != len(wanted):
                raise Http404
        if chosen.exclude(pk__in=self._writable(request, chosen).values("pk")).exists():
            messages.error(request, _("Some selected rows belong to another body: you may only read them."))
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)  # type: ignore[misc]


def scoped_object_or_404(model_admin: Any, request: HttpRequest, pk: Any) -> Any:
    """An extra admin page's object, through the admin's scoped queryset: outside the user's bodies
    it is not found, like a missing one."""
    obj = model_admin.get_object(request, str(pk))
    if obj is None:
        raise Http404
    return obj


def writable_object_or_refuse(model_admin: Any, request: HttpRequest, pk: Any) -> Any:
    """Like ``scoped_object_or_404``, for a page that changes the object: a row the user may only
    read is refused (403) before anything changes."""
    from django.core.exceptions import PermissionDenied

    obj = scoped_object_or_404(model_admin, request, pk)
    if not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    return obj


class SharedOrBodyAdminMixin(BodyScopedAdminMixin):
    """For reference rows that are shared by every body or a body's own (categories, rejection
    reasons; ``querysets.SharedOrBodyQuerySet``). The changelist lists what the user reads
    (``visible_to``: the shared rows, their bodies' own and those below, and what their bodies
    inherit from above); a sibling's row is not found. A row is changed by the staff of its body, a
    shared one by the root body's (its owner for a write check is the root). The body is chosen when
    a row is added — left empty (shared) only by the root's staff — and kept afterwards."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super(BodyScopedAdminMixin, self).get_queryset(request)  # type: ignore[misc]
        return queryset.visible_to(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if obj is not None and "body" not in fields:
            fields.append("body")
        return fields

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "body":
            from .bodies import root_body

            # Only the root's staff (and superusers) leave it empty to add a shared row.
            if not can_write_body(request.user, root_body().pk):
                kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("whose"), ordering="body__path")
    def owner_label(self, obj: Any) -> str:
        return str(obj.body) if obj.body_id else _("Shared by every body")
