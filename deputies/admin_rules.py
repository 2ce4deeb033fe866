"""The admin of the points rules, scores, adjustments, annual evaluations and quota rules: all
written through ``deputies.services``, the rules saying on their pages that they are data."""

from __future__ import annotations

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

from congress.admin_bodies import BodyScopedAdminMixin
from congress.admin_mixins import ServiceAdminMixin
from congress.errors import DomainError

from . import permissions, services
from .models import (
    AnnualEvaluation,
    Deputy,
    DutyRecord,
    DutyScore,
    PointsAdjustment,
    PointsDimension,
    PointsItem,
    QuotaRule,
)

RULES_NOTE = _(
    "These rules are data: change points, caps and kinds here. This year's scores are recomputed "
    "after every change; frozen annual evaluations keep the figures they were frozen with."
)
QUOTAS_NOTE = _(
    "These quotas are data: change what counts, how many and in which period here; progress and "
    "the list of who is behind follow at once."
)


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

    @admin.action(description=_("Recompute this year's scores now"), permissions=["change"])
    def recompute_now(self, request: HttpRequest, queryset: QuerySet[PointsItem]) -> None:
        count = services.duty_scores_recompute(year=timezone.localdate().year, actor=request.user)
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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a quota no longer asked for is made inactive

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
class DutyScoreAdmin(BodyScopedAdminMixin, admin.ModelAdmin):
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

    def has_freeze_permission(self, request: HttpRequest) -> bool:
        return permissions.can_freeze_evaluations(request.user)

    def _freeze(self, request: HttpRequest, queryset: QuerySet[DutyScore], excellent: bool) -> None:
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

    @admin.action(
        description=_("Freeze the annual evaluation of the selected deputies"), permissions=["freeze"]
    )
    def freeze(self, request: HttpRequest, queryset: QuerySet[DutyScore]) -> None:
        self._freeze(request, queryset, excellent=False)

    @admin.action(
        description=_("Freeze and name the selected deputies excellent deputies"), permissions=["freeze"]
    )
    def freeze_excellent(self, request: HttpRequest, queryset: QuerySet[DutyScore]) -> None:
        self._freeze(request, queryset, excellent=True)


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = PointsAdjustment
        fields = ["deputy", "year", "points", "reason"]


@admin.register(PointsAdjustment)
class PointsAdjustmentAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
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
class AnnualEvaluationAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
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
