"""The admin of report-backs (述职) and the committee liaison (双联系): written through
``deputies.services``."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from congress.admin_bodies import BodyScopedAdminMixin
from congress.admin_mixins import ServiceAdminMixin, changed_values, formset_mark_saved
from congress.errors import DomainError

from . import permissions, services
from .models import (
    CommitteeLink,
    CommitteeMember,
    LiaisonContact,
    ReportBack,
    ReportBackRating,
)


class ReportBackRatingInline(admin.TabularInline):
    model = ReportBackRating
    extra = 0
    can_delete = False
    fields = ["value", "rated_at"]
    readonly_fields = ["value", "rated_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReportBackForm(forms.ModelForm):
    class Meta:
        model = ReportBack
        fields = ["deputy", "kind", "year", "title", "summary", "held_on", "place"]


@admin.register(ReportBack)
class ReportBackAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Staff may write and publish a report-back on a deputy's behalf; a published one is read-only
    (voters rated that text) and can only be withdrawn."""

    form = ReportBackForm
    list_display = [
        "title",
        "deputy",
        "held_on",
        "status",
        "satisfied",
        "basically",
        "unsatisfied",
        "public_link",
    ]
    list_filter = ["status", "kind", "year"]
    list_select_related = ["deputy"]
    search_fields = ["title", "deputy__name"]
    autocomplete_fields = ["deputy"]
    inlines = [ReportBackRatingInline]
    actions = ["publish", "withdraw"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        today = timezone.localdate()
        return {"year": today.year, "held_on": today, **super().get_changeform_initial_data(request)}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != ReportBack.Status.DRAFT:
            fields += ["deputy", "kind", "year", "title", "summary", "held_on", "place"]
        elif obj is not None:
            fields.append("deputy")
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("public page"))
    def public_link(self, report_back: ReportBack) -> str:
        if report_back.status != ReportBack.Status.PUBLISHED:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("report-back-public", args=[report_back.slug]),
            pgettext("link", "open"),
        )

    def service_check(self, instance: ReportBack) -> None:
        services.report_back_check(instance)

    def save_model(self, request: HttpRequest, obj: ReportBack, form: Any, change: bool) -> None:
        if change:
            services.report_back_update(report_back=obj, changes=changed_values(form), actor=request.user)
            return
        data = form.cleaned_data
        saved = services.report_back_create(**data, actor=request.user)
        obj.pk = saved.pk

    @admin.action(description=_("Publish the selected report-backs"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[ReportBack]) -> None:
        self._each(
            request, queryset, lambda rb: services.report_back_publish(report_back=rb, actor=request.user)
        )

    @admin.action(description=_("Withdraw the selected report-backs"), permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[ReportBack]) -> None:
        reason = str(_("Withdrawn by committee staff"))
        self._each(
            request,
            queryset,
            lambda rb: services.report_back_withdraw(report_back=rb, reason=reason, actor=request.user),
        )

    def _each(self, request: HttpRequest, queryset: QuerySet[ReportBack], action: Any) -> None:
        done = 0
        for report_back in queryset:
            try:
                action(report_back)
            except DomainError as error:
                self.message_user(request, f"{report_back}: {error.message}", level=messages.WARNING)
                continue
            done += 1
        self.message_user(
            request, ngettext("%d report-back changed.", "%d report-backs changed.", done) % done
        )


class CommitteeLinkInline(admin.TabularInline):
    model = CommitteeLink
    extra = 0
    autocomplete_fields = ["deputy"]
    fields = ["deputy", "since"]


class LiaisonContactInline(admin.TabularInline):
    model = LiaisonContact
    extra = 0
    can_delete = False
    fields = ["deputy", "on", "method", "summary"]
    readonly_fields = ["deputy", "on", "method", "summary"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Standing-committee members and the deputies each keeps in touch with (双联系, 5–10 each)."""

    list_display = ["name", "post", "is_active", "deputies_count"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["user"]
    inlines = [CommitteeLinkInline, LiaisonContactInline]

    @admin.display(description=_("deputies liaised with"))
    def deputies_count(self, member: CommitteeMember) -> int:
        return member.links.count()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CommitteeMember, form: Any, change: bool) -> None:
        if change:
            services.committee_member_update(member=obj, changes=changed_values(form), actor=request.user)
            return
        data = form.cleaned_data
        saved = services.committee_member_create(
            name=data["name"], post=data["post"], user=data.get("user"), actor=request.user
        )
        obj.pk = saved.pk

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not CommitteeLink:
            formset_mark_saved(formset)
            return
        member = form.instance
        new, deleted = [], []
        for inline in formset.forms:
            data = getattr(inline, "cleaned_data", None)
            if not data:
                continue
            link = inline.instance
            if data.get("DELETE") and link.pk:
                services.committee_link_remove(link=CommitteeLink.objects.get(pk=link.pk), actor=request.user)
                deleted.append(link)
            elif not data.get("DELETE") and not link.pk:
                new.append(
                    services.committee_link_add(
                        member=member, deputy=data["deputy"], since=data.get("since"), actor=request.user
                    )
                )
        formset_mark_saved(formset, new=new, deleted=deleted)


class CommitteeContactForm(forms.ModelForm):
    class Meta:
        model = LiaisonContact
        fields = ["member", "deputy", "on", "method", "summary"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "member" in self.fields:
            self.fields["member"].required = True


@admin.register(LiaisonContact)
class LiaisonContactAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Staff record a committee member's contact with a linked deputy; deputies record their contacts
    with constituents in the dashboard. Contacts are records: read-only once saved."""

    form = CommitteeContactForm
    list_display = ["on", "kind", "member", "deputy", "method", "people"]
    list_filter = ["kind", "method", ("on", admin.DateFieldListFilter)]
    list_select_related = ["member", "deputy"]
    search_fields = ["deputy__name", "member__name", "summary"]
    autocomplete_fields = ["deputy"]
    date_hierarchy = "on"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_record_committee_contacts(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def service_check(self, instance: LiaisonContact) -> None:
        linked = CommitteeLink.objects.filter(member_id=instance.member_id, deputy_id=instance.deputy_id)
        if instance.member_id and instance.deputy_id and not linked.exists():
            raise DomainError(
                gettext("%(member)s is not linked to deputy %(deputy)s.")
                % {"member": instance.member, "deputy": instance.deputy},
                field="deputy",
            )

    def save_model(self, request: HttpRequest, obj: LiaisonContact, form: Any, change: bool) -> None:
        data = form.cleaned_data
        on: datetime.date = data["on"]
        saved = services.committee_contact_record(
            member=data["member"],
            deputy=data["deputy"],
            on=on,
            method=data["method"],
            summary=data["summary"],
            actor=request.user,
        )
        obj.pk = saved.pk
