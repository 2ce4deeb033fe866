"""The deputies admin. Every write goes through ``deputies.services`` (the same functions the API,
the import and the dashboard use), and each object's change page shows its audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from congress.admin_mixins import ServiceAdminMixin, changed_values, formset_mark_saved
from congress.errors import DomainError
from congress.import_export_base import SPREADSHEET_FORMATS

from . import permissions, services
from .models import (
    AnnualEvaluation,
    CommitteeLink,
    CommitteeMember,
    Delegation,
    Deputy,
    DeputyGroup,
    DutyRecord,
    DutyScore,
    LiaisonContact,
    PointsAdjustment,
    PointsDimension,
    PointsItem,
    QuotaRule,
    ReportBack,
    ReportBackRating,
)
from .resources import DeputyResource, DutyRecordResource

RULES_NOTE = _(
    "These rules are data: change points, caps and kinds here. This year's scores are recomputed "
    "after every change; frozen annual evaluations keep the figures they were frozen with."
)
QUOTAS_NOTE = _(
    "These quotas are data: change what counts, how many and in which period here; progress and "
    "the list of who is behind follow at once."
)


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "term", "area"]
    list_select_related = ["term", "area"]
    search_fields = ["name"]
    autocomplete_fields = ["term", "area"]


@admin.register(DeputyGroup)
class DeputyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area"]
    list_filter = ["kind"]
    list_select_related = ["area"]
    search_fields = ["name"]
    autocomplete_fields = ["area"]


@admin.register(Deputy)
class DeputyAdmin(ServiceAdminMixin, ImportExportModelAdmin):
    """Deputies are created, changed and leave (status) through ``deputies.services``; they are never
    deleted, so their duty record keeps its owner."""

    resource_classes = [DeputyResource]
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    list_display = ["name", "level", "area", "work_unit", "title", "party", "status"]
    list_filter = [
        "level",
        "status",
        ("area", admin.RelatedOnlyFieldListFilter),
        "memberships__station__kind",
        "gender",
        "occupation",
        "education",
        "is_official",
    ]
    list_select_related = ["area"]
    search_fields = ["name", "work_unit", "slug"]
    autocomplete_fields = ["term", "area", "delegation", "groups", "user"]
    readonly_fields = ["slug", "duty_report"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["end_term"]

    @admin.display(description=_("duty report"))
    def duty_report(self, deputy: Deputy) -> str:
        if deputy.pk is None:
            return "—"
        url = reverse("deputy-report-duty", args=[deputy.slug])
        this_year = timezone.localdate().year
        return format_html(
            '<a href="{}?year={}">{}</a> · <a href="{}?year={}">{}</a>',
            url,
            this_year,
            this_year,
            url,
            this_year - 1,
            this_year - 1,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_add_deputies(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_change_deputies(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_delete_deputies(request.user)

    def service_check(self, instance: Deputy) -> None:
        services.deputy_check(instance)
        if instance.pk:
            stored = Deputy.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
            if stored and stored != instance.status:
                services.deputy_status_check(
                    from_status=stored,
                    to_status=instance.status,
                    on=instance.status_since,
                    reason=instance.status_reason,
                )

    def save_model(self, request: HttpRequest, obj: Deputy, form: Any, change: bool) -> None:
        if change:
            saved = services.deputy_update(deputy=obj, changes=changed_values(form), actor=request.user)
        else:
            data = {name: value for name, value in form.cleaned_data.items() if name != "slug"}
            saved = services.deputy_create(**data, actor=request.user)
        obj.pk, obj.slug = saved.pk, saved.slug

    @admin.action(description=_("End the term of the selected deputies today"))
    def end_term(self, request: HttpRequest, queryset: QuerySet[Deputy]) -> None:
        ended = 0
        for deputy in queryset.filter(status=Deputy.Status.ACTIVE):
            try:
                services.deputy_status_change(
                    deputy=deputy,
                    to_status=Deputy.Status.TERM_ENDED,
                    on=timezone.localdate(),
                    actor=request.user,
                )
            except DomainError as error:
                self.message_user(request, f"{deputy}: {error.message}", level=messages.WARNING)
                continue
            ended += 1
        self.message_user(
            request, ngettext("%d deputy's term ended.", "%d deputies' terms ended.", ended) % ended
        )


class DutyRecordForm(forms.ModelForm):
    class Meta:
        model = DutyRecord
        fields = ["deputy", "kind", "on", "note", "evidence"]


@admin.register(DutyRecord)
class DutyRecordAdmin(ServiceAdminMixin, ImportExportModelAdmin):
    """Staff add what deputies did offline, one by one or by spreadsheet (with a dry run); automatic
    entries come from the other apps and follow their source. Points come from the rules."""

    form = DutyRecordForm
    resource_classes = [DutyRecordResource]
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    list_display = ["deputy", "kind", "on", "note", "points", "created_by"]
    list_filter = ["kind", "deputy__level", ("on", admin.DateFieldListFilter)]
    list_select_related = ["deputy", "created_by"]
    search_fields = ["deputy__name", "note"]
    autocomplete_fields = ["deputy"]
    date_hierarchy = "on"
    fields = ["deputy", "kind", "on", "note", "evidence", "points"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        fields.append("points")
        # Entries written automatically about a source are not edited by hand, except the note.
        if obj is not None and obj.content_type_id:
            fields += ["deputy", "kind", "on", "evidence"]
        elif obj is not None:
            fields.append("deputy")
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.content_type_id:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: DutyRecord, form: Any, change: bool) -> None:
        if change:
            services.duty_record_update(record=obj, changes=changed_values(form), actor=request.user)
            return
        data = form.cleaned_data
        record = services.duty_record_add(
            deputy=data["deputy"],
            kind=data["kind"],
            on=data["on"],
            note=data.get("note") or "",
            actor=request.user,
            evidence=data.get("evidence"),
        )
        obj.pk = record.pk

    def delete_model(self, request: HttpRequest, obj: DutyRecord) -> None:
        services.duty_record_delete(record=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DutyRecord]) -> None:
        for record in queryset.filter(content_type__isnull=True):
            services.duty_record_delete(record=record, actor=request.user)


class RulesChangeListMixin:
    """Rules admins say above their list that the rules are data (``rules_change_list.html``)."""

    rules_note: Any = RULES_NOTE

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "rules_note": self.rules_note}
        return super().changelist_view(request, extra_context)  # type: ignore[misc]


@admin.register(PointsDimension)
class PointsDimensionAdmin(RulesChangeListMixin, ServiceAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/deputies/rules_change_list.html"
    list_display = ["name", "code", "max_points", "sort_order"]
    fieldsets = [(None, {"fields": ["code", "name", "max_points", "sort_order"], "description": RULES_NOTE})]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PointsDimension, form: Any, change: bool) -> None:
        services.points_dimension_save(dimension=obj, actor=request.user)


class KindsField(forms.MultipleChoiceField):
    """The entry kinds of a rule as tick boxes (the model keeps them in an array)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=DutyRecord.Kind.choices, **kwargs)


class PointsItemForm(forms.ModelForm):
    kinds = KindsField(label=_("kinds of entry counted"))

    class Meta:
        model = PointsItem
        fields = [
            "dimension",
            "code",
            "name",
            "kinds",
            "points",
            "cap",
            "cap_period",
            "annual_max",
            "description",
            "sort_order",
            "is_active",
        ]


@admin.register(PointsItem)
class PointsItemAdmin(RulesChangeListMixin, ServiceAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/deputies/rules_change_list.html"
    form = PointsItemForm
    list_display = [
        "name",
        "dimension",
        "points",
        "cap",
        "cap_period",
        "annual_max",
        "kinds_display",
        "is_active",
    ]
    list_filter = ["dimension", "is_active"]
    list_select_related = ["dimension"]
    actions = ["recompute_now"]

    @admin.display(description=_("kinds of entry counted"))
    def kinds_display(self, item: PointsItem) -> str:
        labels = dict(DutyRecord.Kind.choices)
        return "、".join(str(labels.get(kind, kind)) for kind in item.kinds)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        first_name, first = fieldsets[0]
        return [(first_name, {**first, "description": RULES_NOTE}), *fieldsets[1:]]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate an item instead: past breakdowns still name it

    def service_check(self, instance: PointsItem) -> None:
        services.points_item_check(instance)

    def save_model(self, request: HttpRequest, obj: PointsItem, form: Any, change: bool) -> None:
        services.points_item_save(item=obj, actor=request.user)

    @admin.action(description=_("Recompute this year's scores now"))
    def recompute_now(self, request: HttpRequest, queryset: QuerySet[PointsItem]) -> None:
        count = services.duty_scores_recompute(year=timezone.localdate().year)
        self.message_user(request, ngettext("%d score recomputed.", "%d scores recomputed.", count) % count)


class QuotaRuleForm(forms.ModelForm):
    kinds = KindsField(label=_("kinds of entry counted"))
    levels = forms.MultipleChoiceField(
        label=_("deputy levels"),
        choices=Deputy.Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked means deputies of every level."),
    )

    class Meta:
        model = QuotaRule
        fields = [
            "code",
            "name",
            "description",
            "kinds",
            "period",
            "required",
            "levels",
            "remind_days_before_end",
            "source",
            "sort_order",
            "is_active",
        ]


@admin.register(QuotaRule)
class QuotaRuleAdmin(RulesChangeListMixin, ServiceAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/deputies/rules_change_list.html"
    form = QuotaRuleForm
    rules_note = QUOTAS_NOTE
    list_display = [
        "name",
        "period",
        "required",
        "remind_days_before_end",
        "source",
        "is_active",
        "behind_link",
    ]
    list_filter = ["period", "is_active"]

    @admin.display(description=_("who is behind"))
    def behind_link(self, rule: QuotaRule) -> str:
        return format_html('<a href="{}?rule={}">{}</a>', reverse("deputy-report-quotas"), rule.pk, _("list"))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        first_name, first = fieldsets[0]
        return [(first_name, {**first, "description": QUOTAS_NOTE}), *fieldsets[1:]]

    def service_check(self, instance: QuotaRule) -> None:
        services.quota_rule_check(instance)

    def save_model(self, request: HttpRequest, obj: QuotaRule, form: Any, change: bool) -> None:
        services.quota_rule_save(rule=obj, actor=request.user)


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        this_year = timezone.localdate().year
        return [(str(year), str(year)) for year in range(this_year, this_year - 5, -1)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(year=int(value)) if value and value.isdigit() else queryset


@admin.register(DutyScore)
class DutyScoreAdmin(admin.ModelAdmin):
    """Scores are computed, never typed: read them here, adjust them with a points adjustment,
    freeze them with an annual evaluation."""

    list_display = ["deputy", "year", "total", "adjustments", "entries", "computed_at"]
    list_filter = [YearFilter, "deputy__level", ("deputy__area", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["deputy"]
    search_fields = ["deputy__name"]
    ordering = ["-year", "-total"]
    readonly_fields = ["deputy", "year", "total", "adjustments", "breakdown", "entries", "computed_at"]
    actions = ["freeze", "freeze_excellent"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _freeze(self, request: HttpRequest, queryset: QuerySet[DutyScore], excellent: bool) -> None:
        if not permissions.can_freeze_evaluations(request.user):
            self.message_user(request, _("You may not freeze evaluations."), level=messages.ERROR)
            return
        frozen = 0
        for score in queryset.select_related("deputy"):
            try:
                services.evaluation_freeze(
                    deputy=score.deputy, year=score.year, is_excellent=excellent, actor=request.user
                )
            except DomainError as error:
                self.message_user(request, f"{score.deputy}: {error.message}", level=messages.WARNING)
                continue
            frozen += 1
        self.message_user(
            request, ngettext("%d evaluation frozen.", "%d evaluations frozen.", frozen) % frozen
        )

    @admin.action(description=_("Freeze the annual evaluation of the selected deputies"))
    def freeze(self, request: HttpRequest, queryset: QuerySet[DutyScore]) -> None:
        self._freeze(request, queryset, excellent=False)

    @admin.action(description=_("Freeze and name the selected deputies excellent deputies"))
    def freeze_excellent(self, request: HttpRequest, queryset: QuerySet[DutyScore]) -> None:
        self._freeze(request, queryset, excellent=True)


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = PointsAdjustment
        fields = ["deputy", "year", "points", "reason"]


@admin.register(PointsAdjustment)
class PointsAdjustmentAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Adjustments are added with a reason and never edited: put a mistake right with another one."""

    form = AdjustmentForm
    list_display = ["deputy", "year", "points", "reason", "created_by", "created_at"]
    list_filter = [YearFilter]
    list_select_related = ["deputy", "created_by"]
    search_fields = ["deputy__name", "reason"]
    autocomplete_fields = ["deputy"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"year": timezone.localdate().year, **super().get_changeform_initial_data(request)}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_adjust_points(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def service_check(self, instance: PointsAdjustment) -> None:
        if not (instance.reason or "").strip() or len(instance.reason.strip()) < 4:
            raise DomainError(
                gettext("Say why the score is adjusted (at least four characters)."), field="reason"
            )
        if instance.deputy_id and services.year_is_frozen(deputy=instance.deputy, year=instance.year):
            raise DomainError(
                _("The evaluation of %(year)s is frozen.") % {"year": instance.year}, field="year"
            )

    def save_model(self, request: HttpRequest, obj: PointsAdjustment, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = services.points_adjustment_add(
            deputy=data["deputy"],
            year=data["year"],
            points=data["points"],
            reason=data["reason"],
            actor=request.user,
        )
        obj.pk = saved.pk


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = AnnualEvaluation
        fields = ["deputy", "year", "is_excellent", "comments"]


@admin.register(AnnualEvaluation)
class AnnualEvaluationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Adding an evaluation freezes the deputy's year (score, breakdown, rank) and tells the deputy;
    a frozen evaluation is read-only."""

    form = EvaluationForm
    list_display = ["deputy", "year", "total", "rank", "ranked_among", "is_excellent", "frozen_at"]
    list_filter = [YearFilter, "is_excellent"]
    list_select_related = ["deputy"]
    search_fields = ["deputy__name"]
    autocomplete_fields = ["deputy"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"year": timezone.localdate().year - 1, **super().get_changeform_initial_data(request)}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_freeze_evaluations(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return ["deputy", "year", "total", "rank", "ranked_among", "is_excellent", "comments", "breakdown"]

    def service_check(self, instance: AnnualEvaluation) -> None:
        if (
            instance.deputy_id
            and AnnualEvaluation.objects.filter(deputy=instance.deputy, year=instance.year).exists()
        ):
            raise DomainError(
                gettext("The evaluation of %(year)s is already frozen.") % {"year": instance.year},
                field="year",
            )
        if instance.year and instance.year > timezone.localdate().year:
            raise DomainError(gettext("A year that has not begun cannot be evaluated."), field="year")

    def save_model(self, request: HttpRequest, obj: AnnualEvaluation, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = services.evaluation_freeze(
            deputy=data["deputy"],
            year=data["year"],
            is_excellent=data["is_excellent"],
            comments=data.get("comments") or "",
            actor=request.user,
        )
        obj.pk = saved.pk


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
class ReportBackAdmin(ServiceAdminMixin, admin.ModelAdmin):
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
            '<a href="{}">{}</a>', reverse("report-back-public", args=[report_back.slug]), _("open")
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

    @admin.action(description=_("Publish the selected report-backs"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ReportBack]) -> None:
        self._each(
            request, queryset, lambda rb: services.report_back_publish(report_back=rb, actor=request.user)
        )

    @admin.action(description=_("Withdraw the selected report-backs"))
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
class CommitteeMemberAdmin(ServiceAdminMixin, admin.ModelAdmin):
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
class LiaisonContactAdmin(ServiceAdminMixin, admin.ModelAdmin):
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
