"""Users and groups in the admin: role groups read by their label (their names stay the stable
codes of ``congress.roles``), and a user's groups are set through ``user_groups_set``, so granting
an admin role ticks ``is_staff`` and taking the last one away clears it.

The three administrators (三员分立, ``congress.roles.ADMIN_ROLES``) see different parts of one user
page: the system administrator (``auth.add_user``) the account — name, e-mail, active, password —
and not its roles; the security administrator (``auth.change_group``) the roles and not the account;
only a superuser (installation) the superuser flag and single permissions. The groups of the three
administrators keep the permissions the code gives them: no one edits them in the admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import roles, services
from .admin_guard import admin_permissions
from .audit import audit_record
from .passwords import password_change_force
from .roles import group_label

# Django's own section titles ("Personal info", "Important dates"), with Django's translations.
DJANGO_FIELDSETS: Any = UserAdmin.fieldsets


def manages_accounts(user: Any) -> bool:
    return bool(user.is_superuser or user.has_perm("auth.add_user"))


def grants_roles(user: Any) -> bool:
    return bool(user.is_superuser or user.has_perm("auth.change_group"))


class RoleLabelledGroupAdmin(GroupAdmin):
    list_display = ["label", "name"]

    @admin.display(description=pgettext_lazy("group", "role"), ordering="name")
    def label(self, group: Group) -> str:
        return group_label(group)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.name in roles.ADMIN_ROLE_CODES and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.name in roles.ROLE_LABELS:
            return False  # role groups are the code's (roles_sync)
        return super().has_delete_permission(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        before = sorted(form.instance.permissions.values_list("codename", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(form.instance.permissions.values_list("codename", flat=True))
        if before != after:
            audit_record(
                target=form.instance,
                action="permissions_set",
                actor=request.user,
                data={"added": sorted(set(after) - set(before)), "removed": sorted(set(before) - set(after))},
            )


class RoleLabelledUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "role_labels"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_labels(self, user: Any) -> str:
        return "、".join(sorted(group_label(group) for group in user.groups.all()))

    def has_manage_accounts_permission(self, request: HttpRequest) -> bool:
        return manages_accounts(request.user) and self.has_change_permission(request)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        fieldsets: list[Any] = []
        if manages_accounts(request.user):
            fieldsets += [
                (None, {"fields": ("username", "password")}),
                (DJANGO_FIELDSETS[1][0], {"fields": ("first_name", "last_name", "email")}),
                (_("Status"), {"fields": ("is_active",)}),
            ]
        else:
            fieldsets += [(None, {"fields": ("username",)})]
        if grants_roles(request.user):
            fieldsets += [(_("roles"), {"fields": ("groups",)})]
        fieldsets += [(DJANGO_FIELDSETS[3][0], {"fields": ("last_login", "date_joined")})]
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None or request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        readonly = ["last_login", "date_joined"]
        if not manages_accounts(request.user):
            readonly.append("username")
        return readonly

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "groups" not in form.base_fields:
            return form

        class GroupsApart(form):  # type: ignore[valid-type, misc]
            def clean_groups(self) -> Any:
                groups = self.cleaned_data.get("groups")
                if groups is not None and roles.roles_clash(group.name for group in groups):
                    raise forms.ValidationError(services.ADMIN_ROLE_CLASH)
                return groups

        return GroupsApart

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and formfield is not None:
            formfield.label_from_instance = group_label  # type: ignore[method-assign, assignment]
        return formfield

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.user_account_save(user=obj, created=not change, actor=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The groups go through the service (roles and is_staff together); the rest as Django does.
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            services.user_groups_set(user=form.instance, groups=groups, actor=request.user)

    @admin_permissions("manage_accounts")
    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        # Passwords are the system administrator's: the security administrator, who may change a
        # user's roles, may not take over the account.
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and str(id) != str(request.user.pk):
            # A password an administrator set is changed by its owner at the next login.
            user = self.get_object(request, id)
            if user is not None:
                password_change_force(user=user)
        return response


admin.site.unregister(Group)
admin.site.register(Group, RoleLabelledGroupAdmin)
admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), RoleLabelledUserAdmin)
