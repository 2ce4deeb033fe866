"""Users and groups in the admin: role groups read by their label (their names stay the stable
codes of ``congress.roles``), and a user's groups are set through ``user_groups_set``, so granting
an admin role ticks ``is_staff`` and taking the last one away clears it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import services
from .roles import group_label


class RoleLabelledGroupAdmin(GroupAdmin):
    list_display = ["label", "name"]

    @admin.display(description=pgettext_lazy("group", "role"), ordering="name")
    def label(self, group: Group) -> str:
        return group_label(group)


class RoleLabelledUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "role_labels"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_labels(self, user: Any) -> str:
        return "、".join(sorted(group_label(group) for group in user.groups.all()))

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and formfield is not None:
            formfield.label_from_instance = group_label  # type: ignore[method-assign, assignment]
        return formfield

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The groups go through the service (roles and is_staff together); the rest as Django does.
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            services.user_groups_set(user=form.instance, groups=groups, actor=request.user)


admin.site.unregister(Group)
admin.site.register(Group, RoleLabelledGroupAdmin)
admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), RoleLabelledUserAdmin)
