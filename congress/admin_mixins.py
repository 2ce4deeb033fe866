"""The audit trail on an object's admin page: every change a service recorded, with who, when and
the before/after of each changed field."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .audit import audit_events_for
from .errors import DomainError

AUDIT_TRAIL_LIMIT = 100


def _label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists: show its name
        return name


def _value(model: Any, name: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    try:
        field = model._meta.get_field(name)
    except Exception:
        field = None
    choices = dict(getattr(field, "flatchoices", None) or [])
    if isinstance(value, list):
        return "、".join(str(choices.get(item, item)) for item in value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(choices.get(value, value))


def audit_trail_html(obj: Any) -> str:
    events = list(audit_events_for(obj).order_by("-at", "-pk")[:AUDIT_TRAIL_LIMIT])
    if not events:
        return gettext("No change recorded yet.")
    model = type(obj)
    rows = []
    for event in events:
        changes = (event.data or {}).get("changes") or {}
        details = format_html_join(
            "",
            "<div>{}：{} → {}</div>",
            (
                (_label(model, name), _value(model, name, pair[0]), _value(model, name, pair[1]))
                for name, pair in changes.items()
            ),
        )
        if event.from_state or event.to_state:
            details = format_html("<div>{} → {}</div>{}", event.from_state or "—", event.to_state, details)
        if event.note:
            details = format_html("{}<div>{}</div>", details, event.note)
        rows.append(
            format_html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                event.at.strftime("%Y-%m-%d %H:%M"),
                event.actor.get_username() if event.actor else gettext("system"),
                event.action,
                details,
            )
        )
    return format_html(
        '<table class="audit-trail"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>'
        "</thead><tbody>{}</tbody></table>",
        gettext("Time"),
        gettext("By"),
        gettext("Action"),
        gettext("Changes"),
        format_html_join("", "{}", ((row,) for row in rows)),
    )


class AuditTrailMixin:
    """Adds a read-only「修改记录」section to the change page of an admin."""

    @admin.display(description=_("Change history"))
    def audit_trail(self, obj: Any) -> str:
        if obj is None or not isinstance(obj.pk, int):
            return "—"  # unsaved, or a key the audit table's object id cannot hold (API clients)
        return audit_trail_html(obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if obj is not None and "audit_trail" not in fields:
            fields.append("audit_trail")
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != "audit_trail"]})
            for name, options in super().get_fieldsets(request, obj)  # type: ignore[misc]
        ]
        # An admin with read-only fields of its own (that does not extend the mixin's) shows no trail.
        if obj is not None and "audit_trail" in self.get_readonly_fields(request, obj):
            fieldsets.append((_("Change history"), {"fields": ["audit_trail"], "classes": ["collapse"]}))
        return fieldsets


def changed_values(form: Any) -> dict[str, Any]:
    """The cleaned values of the fields a staff member changed in an admin form."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}


# Where ``log_deletions`` keeps what it was asked to log until the deletion has happened.
_PENDING_DELETIONS = "_admin_deletions_to_log"


class DeletionLogMixin:
    """Django's history ("deleted X") written only for rows that are gone.

    Django logs a deletion *before* it calls ``delete_model`` / ``delete_queryset``, and, for the
    "delete selected" action, outside any transaction: when the service refuses (a row still
    needed, a frozen list, a body the person does not write for), the history said "deleted" of a
    row that is still there. Here ``log_deletions`` only notes the rows (their key and text, taken
    before the deletion, as Django does); once the delete page or the action has run, whether it
    finished or the service refused part-way, one entry is written for each noted row that is no
    longer in the database, and none for the others."""

    def log_deletions(self, request: HttpRequest, queryset: Any) -> list[LogEntry]:
        pending = request.__dict__.setdefault(_PENDING_DELETIONS, [])
        for obj in queryset:
            content_type_id = ContentType.objects.get_for_model(obj, for_concrete_model=False).pk
            pending.append((type(obj), content_type_id, obj.pk, str(obj)[:200]))
        return []

    def deletions_log(self, request: HttpRequest) -> list[LogEntry]:
        """Write the noted deletions that really happened (each row checked in the database)."""
        pending = request.__dict__.pop(_PENDING_DELETIONS, [])
        entries = []
        for model in {model for model, *_rest in pending}:
            keys = [pk for row_model, _type, pk, _text in pending if row_model is model]
            still_there = set(model._base_manager.filter(pk__in=keys).values_list("pk", flat=True))
            entries += [
                LogEntry(
                    user_id=cast(int, request.user.pk),  # the admin is behind a login
                    content_type_id=content_type_id,
                    object_id=str(pk),
                    object_repr=text,
                    action_flag=DELETION,
                )
                for row_model, content_type_id, pk, text in pending
                if row_model is model and pk not in still_there
            ]
        return LogEntry.objects.bulk_create(entries) if entries else []

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        try:
            return super().delete_view(request, object_id, extra_context)  # type: ignore[misc]
        finally:
            self.deletions_log(request)

    def response_action(self, request: HttpRequest, queryset: Any) -> Any:
        try:
            return super().response_action(request, queryset)  # type: ignore[misc]
        finally:
            self.deletions_log(request)


class ServiceAdminMixin(DeletionLogMixin, AuditTrailMixin):
    """An admin whose writes go through the app's services (one write path for master data).

    * ``service_check(instance)`` runs the service's own checks when the form is validated, so a
      refusal is shown as a form error with what was typed kept;
    * ``save_model`` calls the create or update service (each admin implements it); the form's
      many-to-many fields are passed to the service, not saved by the form;
    * ``delete_model`` / ``delete_queryset`` call the delete service where an admin deletes at all,
      and inlines are saved by ``save_formset`` through services
      (``tests/bodies/test_admin_write_paths.py`` walks the registry for all three);
    * a refusal that only shows up while saving or deleting (a race, a row still needed) becomes an
      error message, never a 500, and leaves no "deleted" line in the admin's history
      (``DeletionLogMixin``).
    """

    def service_check(self, instance: Any) -> None:
        return None

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        model_admin = self

        class ServiceCheckedForm(form_class):  # type: ignore[misc, valid-type]
            def _post_clean(self) -> None:
                super()._post_clean()
                if self.errors:
                    return
                try:
                    model_admin.service_check(self.instance)
                except DomainError as error:
                    self.add_error(error.field if error.field in self.fields else None, error.message)

        ServiceCheckedForm.__name__ = form_class.__name__
        return ServiceCheckedForm

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service already saved the many-to-many fields; inlines still go through save_formset.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)  # type: ignore[attr-defined]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        # A deletion the service refuses (the row is still needed) is a message, never a 500.
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(request.get_full_path())

    def response_action(self, request: HttpRequest, queryset: Any) -> Any:
        try:
            return super().response_action(request, queryset)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(request.get_full_path())


def formset_mark_saved(formset: Any, *, new: Any = (), changed: Any = (), deleted: Any = ()) -> None:
    """An inline formset whose rows a service saved: tell the admin what changed, as
    ``formset.save()`` would have, so its history message is right."""
    formset.new_objects = list(new)
    formset.changed_objects = [(obj, []) for obj in changed]
    formset.deleted_objects = list(deleted)
