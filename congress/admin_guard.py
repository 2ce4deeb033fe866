"""Every admin action and every extra admin page says which permission it needs, and is refused
without it.

* **Actions** declare ``allowed_permissions`` (``@admin.action(permissions=[...])``): Django's admin
  then leaves them out of the menu of whoever lacks one (``get_actions``) and refuses a POST of them
  (``response_action`` only runs what ``get_actions`` returns). A permission ``x`` is the admin's
  ``has_x_permission(request)``, as in Django. An action has to change something to be an action,
  so it needs more than a view permission.
* **Extra pages** (the views a ModelAdmin adds in ``get_urls``) declare theirs with
  ``@admin_permissions("change")``; the portal's admin site (``CongressAdminSite.admin_view``)
  wraps every such view in a check of those permissions, so a view without a declaration is refused
  to everyone. Pages of third-party admins are declared in ``THIRD_PARTY_VIEWS``. A page declared
  with a view permission only (``view``, ``view_*``) is a read: it may show itself to read-only
  roles, and then checks any change it offers itself.
* Imports need the add and the change permission of the model, exports the change permission
  (``ImportExportAdmin``): an export is the whole table's personal data in one file, so it is for
  those who keep the records, not for read-only roles (docs/security.md).

A system check (``congress.E101``–``E103``) fails ``manage.py check``, the run command and the
suite for any action or extra page of the registry without a declaration.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib import admin
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from import_export.admin import ImportExportModelAdmin

F = TypeVar("F", bound=Callable[..., Any])

# Django's own ModelAdmin views: each checks its permission itself.
STANDARD_VIEWS = frozenset({"changelist_view", "add_view", "change_view", "delete_view", "history_view"})

# Extra pages of third-party admins, by the function that defines them.
THIRD_PARTY_VIEWS: dict[str, tuple[str, ...]] = {
    "import_export.admin.ImportMixin.import_action": ("import",),
    "import_export.admin.ImportMixin.process_import": ("import",),
    "import_export.admin.ExportMixin.export_action": ("export",),
    "django.contrib.auth.admin.UserAdmin.user_change_password": ("change",),
    # The device's secret key as text and as a QR code: whoever reads it can log in as its owner.
    "django_otp.plugins.otp_totp.admin.TOTPDeviceAdmin.config_view": ("change",),
    "django_otp.plugins.otp_totp.admin.TOTPDeviceAdmin.qrcode_view": ("change",),
}


def admin_permissions(*names: str) -> Callable[[F], F]:
    """Declare the permissions (all of them) an extra admin page needs: ``"change"`` is the
    ModelAdmin's ``has_change_permission(request)``, ``"x"`` its ``has_x_permission(request)``."""

    def declare(view: F) -> F:
        view.admin_permissions = tuple(names)  # type: ignore[attr-defined]
        return view

    return declare


def with_permissions(action: F, *names: str) -> F:
    """A third-party admin action, declared with the permissions it needs (its function is left
    as it is: other sites may register it)."""

    @functools.wraps(action)
    def declared(modeladmin: Any, request: HttpRequest, queryset: Any) -> Any:
        return action(modeladmin, request, queryset)

    declared.allowed_permissions = tuple(names)  # type: ignore[attr-defined]
    return declared  # type: ignore[return-value]


def is_read_permission(name: str) -> bool:
    return name == "view" or name.startswith("view_")


def declared_permissions(view: Any) -> tuple[str, ...]:
    names = getattr(view, "admin_permissions", None)
    if names:
        return tuple(names)
    function = getattr(view, "__func__", view)
    key = f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"
    return THIRD_PARTY_VIEWS.get(key, ())


def has_permissions(model_admin: Any, request: HttpRequest, names: Iterable[str]) -> bool:
    names = tuple(names)
    if not names:
        return False
    for name in names:
        check = getattr(model_admin, f"has_{name}_permission", None)
        if check is None or not check(request):
            return False
    return True


def guard_view(view: Any) -> Any:
    """The extra page ``view`` (a bound method of a ModelAdmin) behind its declared permissions;
    Django's standard views and views of the site itself are returned as they are."""
    model_admin = getattr(view, "__self__", None)
    if not isinstance(model_admin, admin.ModelAdmin) or getattr(view, "__name__", "") in STANDARD_VIEWS:
        return view
    names = declared_permissions(view)

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_permissions(model_admin, request, names):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.admin_permissions = names  # type: ignore[attr-defined]
    return guarded


class ImportExportAdmin(ImportExportModelAdmin):
    """django-import-export's admin with the portal's rule: importing adds and changes rows, so it
    needs both permissions; exporting needs the change permission (see the module's docstring)."""

    def has_import_permission(self, request: HttpRequest) -> bool:
        return bool(self.has_add_permission(request) and self.has_change_permission(request))

    def has_export_permission(self, request: HttpRequest) -> bool:
        return bool(self.has_change_permission(request))

    def get_export_data(self, file_format: Any, request: HttpRequest, queryset: Any, **kwargs: Any) -> Any:
        # An export is personal data leaving the portal: the audit trail records who took what.
        from .audit import audit_record

        data = super().get_export_data(file_format, request, queryset, **kwargs)
        audit_record(
            model=self.model,
            action="export",
            actor=request.user,
            data={"format": str(file_format.get_title()), "rows": queryset.count()},
        )
        return data


def _label(model: Any) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _standard_names(model: Any) -> set[str]:
    prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
    return {prefix + name for name in ("changelist", "add", "history", "delete", "change")}


def admin_permission_errors(site: admin.AdminSite) -> list[checks.CheckMessage]:
    """Actions and extra pages of ``site`` that do not declare the permission they need."""
    errors: list[checks.CheckMessage] = []
    for model, model_admin in site._registry.items():
        for function, name, _description in model_admin._get_base_actions():  # type: ignore[attr-defined]
            names = tuple(getattr(function, "allowed_permissions", None) or ())
            if not names:
                errors.append(
                    checks.Error(
                        f"The admin action {name!r} of {_label(model)} declares no permission.",
                        hint="Use @admin.action(permissions=[...]) (congress/admin_guard.py).",
                        obj=type(model_admin),
                        id="congress.E101",
                    )
                )
            elif all(is_read_permission(permission) for permission in names):
                errors.append(
                    checks.Error(
                        f"The admin action {name!r} of {_label(model)} needs only a view permission.",
                        hint="An action changes something: declare the permission of that change.",
                        obj=type(model_admin),
                        id="congress.E102",
                    )
                )
        standard = _standard_names(model)
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or pattern.name in standard:
                continue
            callback = pattern.callback
            if getattr(callback, "model_admin", None) is model_admin:
                continue  # Django's own wrapper of a standard view
            if not getattr(callback, "admin_permissions", None):
                errors.append(
                    checks.Error(
                        f"The admin page {pattern.name or pattern.pattern!s} of {_label(model)} "
                        "declares no permission.",
                        hint="Declare it with @admin_permissions(...) and route it through "
                        "admin_site.admin_view (congress/admin_guard.py).",
                        obj=type(model_admin),
                        id="congress.E103",
                    )
                )
    return errors


@checks.register(checks.Tags.admin)
def check_admin_permissions(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return admin_permission_errors(admin.site)
