"""More of the public API a client application builds the citizen's journey on (docs/api.md):

* rate the reply to one's own item (code + PIN, like tracking);
* the citizen's own items: the codes and PINs a device keeps, answered in one request;
* published cases (public reading, no key), the same cases and texts the public pages show.

Rating and the own-items list need the client's key and count wrong PINs like tracking does."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, routers, serializers, status, viewsets
from rest_framework.parsers import FormParser
from rest_framework.request import Request
from rest_framework.response import Response

from congress import pagecache
from congress.api_errors import api_error
from congress.api_filters import filters_of
from congress.errors import DomainError
from congress.parsers import JSONParser
from congress.privacy import mask_text

from . import selectors, services
from .api import PIN_HEADER, ClientApiView, TimelineSerializer, timeline_payload, tracked_item
from .models import Rating, Suggestion

MAX_OWN_ITEMS = 20


class RateSerializer(serializers.Serializer):
    pin = serializers.CharField(max_length=10, required=False, help_text="or the X-Tracking-PIN header")
    value = serializers.ChoiceField(
        choices=Rating.Value.choices,
        label=gettext_lazy("rating"),
        error_messages={
            "invalid_choice": gettext_lazy("Choose satisfied, basically satisfied or unsatisfied.")
        },
    )
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class PublicSuggestionRate(ClientApiView):
    """The submitter rates the reply (满意 / 基本满意 / 不满意); 不满意 reopens the item once."""

    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=RateSerializer,
        parameters=[PIN_HEADER],
        responses={201: TimelineSerializer},
        summary="Rate the reply to an opinion",
        operation_id="public_suggestions_rate",
        tags=["public"],
    )
    def post(self, request: Request, code: str) -> Response:
        payload = RateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        suggestion, refusal = tracked_item(request, code)
        if refusal is not None:
            return refusal
        if not selectors.can_submitter_rate(suggestion):
            return api_error(409, _("This item cannot be rated now."), field="value", code="not_ratable")
        try:
            services.suggestion_rate(
                suggestion=suggestion,
                rater=Rating.Rater.SUBMITTER,
                value=payload.validated_data["value"],
                comment=payload.validated_data["comment"],
            )
        except DomainError as error:
            return api_error(409, error.message, field=error.field, code="not_ratable")
        suggestion.refresh_from_db()
        body = TimelineSerializer(timeline_payload(request, suggestion)).data
        return Response(body, status=status.HTTP_201_CREATED)


class OwnItemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    pin = serializers.CharField(max_length=10)


class OwnItemsRequestSerializer(serializers.Serializer):
    items = serializers.ListField(child=OwnItemSerializer(), max_length=MAX_OWN_ITEMS, allow_empty=False)


class OwnItemSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    can_rate = serializers.BooleanField()


class OwnItemsSerializer(serializers.Serializer):
    items = OwnItemSummarySerializer(many=True)
    not_found = serializers.ListField(
        child=serializers.CharField(), help_text="codes whose code or PIN is not right (forget them)"
    )


class PublicSuggestionMine(ClientApiView):
    """The items whose codes and PINs this device keeps, in one request (at most 20)."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=OwnItemsRequestSerializer,
        responses={200: OwnItemsSerializer},
        summary="My opinions (by the codes and PINs kept on the device)",
        operation_id="public_suggestions_mine",
        tags=["public"],
    )
    def post(self, request: Request) -> Response:
        payload = OwnItemsRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        items, not_found = [], []
        for entry in payload.validated_data["items"]:
            suggestion, refusal = tracked_item(request, entry["code"], pin=entry["pin"])
            if refusal is not None and refusal.status_code == 429:
                return refusal
            if suggestion is None:
                not_found.append(entry["code"])
                continue
            case = suggestion.merged_into or suggestion
            items.append(
                {
                    "code": suggestion.code,
                    "title": suggestion.title,
                    "status": case.status,
                    "status_label": str(case.get_status_display()),
                    "submitted_at": suggestion.submitted_at,
                    "can_rate": selectors.can_submitter_rate(suggestion),
                }
            )
        return Response(OwnItemsSerializer({"items": items, "not_found": not_found}).data)


class CaseReplySerializer(serializers.Serializer):
    replied_at = serializers.DateTimeField()
    unit = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    text = serializers.CharField()


class CaseSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    category = serializers.CharField(allow_null=True)
    area = serializers.CharField(allow_null=True)
    submitted_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    replies = CaseReplySerializer(many=True)
    photos = serializers.ListField(child=serializers.URLField())


class CaseFilters(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=50, help_text="words in the title or text")
    category = serializers.IntegerField(required=False, min_value=1, help_text="category id (and below)")
    area = serializers.IntegerField(required=False, min_value=1, help_text="area id (and below)")


def _case(request: Request, case: Suggestion) -> dict[str, Any]:
    return {
        "code": case.code,
        "title": case.public_title,
        "text": case.public_text,
        "category": case.category.name if case.category else None,
        "area": case.area.name if case.area else None,
        "submitted_at": case.submitted_at,
        "published_at": case.published_at,
        "replies": [
            {
                "replied_at": reply.replied_at,
                "unit": reply.assignment.unit.name,
                "outcome": reply.outcome,
                "outcome_label": str(reply.get_outcome_display()),
                "text": mask_text(reply.text),
            }
            for reply in case.replies.all()
        ],
        "photos": [
            request.build_absolute_uri(reverse("suggestion-photo", args=[photo.pk]))
            for photo in case.photos.all()
        ],
    }


@extend_schema_view(
    list=extend_schema(parameters=[CaseFilters], summary="Published cases", tags=["public"]),
    retrieve=extend_schema(summary="A published case", tags=["public"]),
)
class CaseViewSet(
    pagecache.PublicListCacheMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Closed cases published with the submitter's consent, personal data removed."""

    serializer_class = CaseSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []
    lookup_field = "code"
    queryset = Suggestion.objects.none()
    cache_versions = (pagecache.CASES, pagecache.DIRECTORY)

    def is_public_reader(self) -> bool:
        return True

    def get_queryset(self) -> QuerySet[Suggestion]:
        if self.action == "retrieve":
            return selectors.public_cases().prefetch_related("photos")
        filters = filters_of(self.request, CaseFilters)
        return selectors.public_cases(
            query=filters.get("q", ""), category_id=filters.get("category"), area_id=filters.get("area")
        ).prefetch_related("photos")

    def get_object(self) -> Suggestion:
        code = services.normalise_code(str(self.kwargs.get("code", "")))
        case = self.get_queryset().filter(code=code).first()
        if case is None:
            from rest_framework.exceptions import NotFound

            raise NotFound(_("No published case has this code."))
        return case

    def get_serializer(self, *args: Any, **kwargs: Any) -> serializers.BaseSerializer:
        if args:
            instance = args[0]
            many = kwargs.pop("many", False)
            rows = [_case(self.request, c) for c in instance] if many else _case(self.request, instance)
            return CaseSerializer(rows, many=many)
        return CaseSerializer(*args, **kwargs)


router = routers.SimpleRouter()
router.register("public/cases", CaseViewSet, basename="api-public-case")
