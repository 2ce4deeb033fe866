"""Read-only API of the calendar: a deadline's explanation (staff), working days between two dates and
due-date computation (public: the holiday calendar is public information), and the special days."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congress.api_filters import filters_of
from congress.bodies import generic_visible_q

from .engine import MAX_YEAR, MIN_YEAR, Explanation, OutOfRangeError, Unit
from .explain import explanation_lines
from .models import CalendarDay, Deadline, PeriodUnit
from .selectors import work_calendar

MAX_AMOUNT = 1000


class ExplanationStepSerializer(serializers.Serializer):
    day = serializers.DateField()
    reason = serializers.ChoiceField(
        choices=[
            "counted",
            "counted_makeup",
            "skipped_weekend",
            "skipped_holiday",
            "calendar_range",
            "period_end",
            "month_end_clamped",
            "rolled_forward",
            "due",
        ]
    )
    holiday_name = serializers.CharField(required=False)
    count = serializers.IntegerField(required=False)
    until = serializers.DateField(required=False)
    provisional = serializers.BooleanField(required=False)


class ExplanationSerializer(serializers.Serializer):
    unit = serializers.ChoiceField(choices=PeriodUnit.choices)
    amount = serializers.IntegerField()
    start = serializers.DateField()
    due = serializers.DateField()
    provisional = serializers.BooleanField()
    unloaded_years = serializers.ListField(child=serializers.IntegerField())
    steps = ExplanationStepSerializer(many=True)
    text = serializers.ListField(
        child=serializers.CharField(), help_text="One sentence per line, translated."
    )


def _explanation_payload(explanation: Explanation, *, extension: int = 0) -> dict[str, Any]:
    return {**explanation.as_dict(), "text": explanation_lines(explanation, extension=extension)}


class DeadlineSerializer(serializers.ModelSerializer):
    policy_code = serializers.CharField(source="policy.code")
    policy_name = serializers.CharField(source="policy.name")
    owner_type = serializers.CharField(source="owner_content_type.model")
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "policy_code",
            "policy_name",
            "owner_type",
            "owner_id",
            "unit",
            "amount",
            "extension_total",
            "start",
            "due",
            "is_provisional",
            "is_open",
            "computed_at",
            "explanation",
        ]

    @extend_schema_field(ExplanationSerializer(allow_null=True))
    def get_explanation(self, obj: Deadline) -> dict[str, Any] | None:
        explanation = obj.get_explanation()
        return _explanation_payload(explanation, extension=obj.extension_total) if explanation else None


class DeadlineFilters(serializers.Serializer):
    open = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only open (true) or closed (false)."
    )
    provisional = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only provisional ones."
    )
    policy = serializers.CharField(
        required=False, max_length=50, help_text="Policy code, e.g. opinion.reply."
    )


class CalendarDayFilters(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=0, help_text="Only this year.")


@extend_schema_view(
    list=extend_schema(summary="List deadlines (staff)", parameters=[DeadlineFilters]),
    retrieve=extend_schema(summary="A deadline with the explanation of its due date (staff)"),
)
class DeadlineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Deadlines with the reason for their due date, day by day. Staff only: an item's own API decides
    who else may see its deadlines."""

    serializer_class = DeadlineSerializer
    permission_classes = [permissions.IsAdminUser]

    def get_queryset(self) -> QuerySet[Deadline]:
        qs = Deadline.objects.select_related("policy", "owner_content_type").order_by("due", "pk")
        # The clocks of what the user reads (docs/bodies.md): a sibling body's item's are not found.
        scope = generic_visible_q(self.request.user, type_field="owner_content_type", id_field="owner_id")
        if scope is not None:
            qs = qs.filter(scope)
        if self.action != "list":
            return qs
        filters = filters_of(self.request, DeadlineFilters)
        if filters.get("open") is not None:
            qs = qs.filter(is_open=filters["open"])
        if filters.get("provisional") is not None:
            qs = qs.filter(is_provisional=filters["provisional"])
        if "policy" in filters:
            qs = qs.filter(policy__code=filters["policy"])
        return qs


class WorkingDaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="Not counted (the day of receipt).")
    end = serializers.DateField(help_text="Counted.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for key in ("start", "end"):
            if not MIN_YEAR <= attrs[key].year <= MAX_YEAR:
                raise ValidationError({key: f"{MIN_YEAR}–{MAX_YEAR} only"})
        return attrs


class WorkingDaysSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    working_days = serializers.IntegerField(
        help_text="Working days in (start, end]; negative if end < start."
    )
    provisional = serializers.BooleanField(help_text="The range touches a year whose calendar is not loaded.")


class WorkingDaysView(APIView):
    """Working days between two dates, for reports: the start is not counted, the end is."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Working days between two dates",
        parameters=[WorkingDaysQuerySerializer],
        responses=WorkingDaysSerializer,
    )
    def get(self, request: Request) -> Response:
        query = WorkingDaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start: date = query.validated_data["start"]
        end: date = query.validated_data["end"]
        calendar = work_calendar()
        low, high = min(start, end), max(start, end)
        payload = {
            "start": start,
            "end": end,
            "working_days": calendar.working_days_between(start, end),
            "provisional": calendar.is_provisional(low, high),
        }
        return Response(WorkingDaysSerializer(payload).data)


class DueDateQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The day of receipt (not counted).")
    unit = serializers.ChoiceField(choices=PeriodUnit.choices)
    amount = serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT)


class DueDateView(APIView):
    """The due date of a period starting on a day, with the explanation."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Compute a due date and explain it",
        parameters=[DueDateQuerySerializer],
        responses=ExplanationSerializer,
    )
    def get(self, request: Request) -> Response:
        query = DueDateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            explanation = work_calendar().explain(data["start"], Unit(data["unit"]), data["amount"])
        except OutOfRangeError as exc:
            raise ValidationError({"start": str(exc)}) from exc
        return Response(_explanation_payload(explanation))


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]


@extend_schema_view(
    list=extend_schema(
        summary="Statutory holidays and make-up working days",
        parameters=[CalendarDayFilters],
    )
)
class CalendarDayViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The special days of the calendar (public)."""

    serializer_class = CalendarDaySerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self) -> QuerySet[CalendarDay]:
        qs = CalendarDay.objects.order_by("date")
        year = filters_of(self.request, CalendarDayFilters).get("year")
        if year is not None:
            # A year outside the calendar's range has no special days (year 0 or 99999 cannot even
            # be a date): an empty list, not an error.
            if not MIN_YEAR <= year <= MAX_YEAR:
                return qs.none()
            qs = qs.filter(date__year=year)
        return qs
