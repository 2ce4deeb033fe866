"""The deputies API: public read endpoints with public fields only (a phone number only when the
deputy published it, and masked), staff write endpoints guarded by ``deputies.permissions``. Writes
go through the master-data services (audited); a refused change is a 400 naming the field."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, routers, serializers, viewsets

from congress import pagecache
from congress.api_filters import filters_of
from congress.errors import DomainError, api_400
from congress.models import Term

from .api_organisation import DelegationViewSet, DeputyGroupViewSet
from .models import Deputy
from .permissions import DeputyApiPermission, can_view_deputies
from .services import deputy_create, deputy_update


class StationRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DeputyPublicSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    gender_display = serializers.CharField(source="get_gender_display", read_only=True)
    term = serializers.CharField(source="term.name", read_only=True)
    district = serializers.CharField(source="area.name", default="", read_only=True)
    delegation = serializers.CharField(source="delegation.name", default="", read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    photo = serializers.ImageField(read_only=True, use_url=True)
    stations = serializers.SerializerMethodField()

    class Meta:
        model = Deputy
        fields = [
            "slug",
            "name",
            "gender",
            "gender_display",
            "ethnicity",
            "level",
            "level_display",
            "term",
            "constituency",
            "district",
            "delegation",
            "work_unit",
            "title",
            "expertise",
            "pledges",
            "photo",
            "phone",
            "stations",
        ]
        read_only_fields = fields

    @extend_schema_field(StationRefSerializer(many=True))
    def get_stations(self, deputy: Deputy) -> list[dict[str, str]]:
        return [{"slug": s.slug, "name": s.name} for s in deputy.stations.all()]


class DeputyStaffSerializer(serializers.ModelSerializer):
    """Every profile field, for committee staff (model permissions required). A deputy is put only
    in a term of a body the user writes for."""

    class Meta:
        model = Deputy
        exclude = ["user"]
        read_only_fields = ["slug"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        term = self.fields.get("term")
        if request is not None and isinstance(term, serializers.RelatedField):
            term.queryset = Term.objects.writable_by(request.user)


def _is_staff_reader(request: Any) -> bool:
    return can_view_deputies(getattr(request, "user", None))


class DeputyFilters(serializers.Serializer):
    level = serializers.ChoiceField(choices=Deputy.Level.choices, required=False)
    area = serializers.IntegerField(required=False, min_value=1, help_text="District id")
    q = serializers.CharField(required=False, max_length=50, help_text="Name contains")


@extend_schema_view(list=extend_schema(parameters=[DeputyFilters]))
class DeputyViewSet(pagecache.PublicListCacheMixin, viewsets.ModelViewSet):
    """Deputies. Anyone reads active deputies' public fields; staff with the deputy permissions
    read every deputy with all fields and may create and edit them."""

    lookup_field = "slug"
    permission_classes = [DeputyApiPermission]
    queryset = Deputy.objects.none()
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def is_public_reader(self) -> bool:
        return not _is_staff_reader(self.request)

    def get_queryset(self) -> QuerySet[Deputy]:
        deputies = Deputy.objects.for_list().prefetch_related("stations").order_by("name", "pk")
        user = self.request.user
        if self.request.method not in permissions.SAFE_METHODS:
            deputies = deputies.writable_by(user)  # a lower body's deputy is read, never changed
        elif _is_staff_reader(self.request):
            deputies = deputies.visible_to(user)  # every field, of the deputies of the user's bodies
        else:
            deputies = deputies.filter(status=Deputy.Status.ACTIVE)
        if self.action != "list":
            return deputies
        filters = filters_of(self.request, DeputyFilters)
        if "level" in filters:
            deputies = deputies.filter(level=filters["level"])
        if "area" in filters:
            deputies = deputies.filter(area_id=filters["area"])
        if "q" in filters:
            deputies = deputies.filter(name__icontains=filters["q"])
        return deputies

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if getattr(self, "swagger_fake_view", False):
            return DeputyPublicSerializer
        if self.request.method not in permissions.SAFE_METHODS or _is_staff_reader(self.request):
            return DeputyStaffSerializer
        return DeputyPublicSerializer

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        try:
            serializer.instance = deputy_create(**dict(serializer.validated_data), actor=self.request.user)
        except DomainError as error:
            raise api_400(error) from error

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        try:
            deputy = serializer.instance
            # Type narrowing for mypy, not a runtime rule.
            assert isinstance(deputy, Deputy)  # noqa: S101
            serializer.instance = deputy_update(
                deputy=deputy, changes=dict(serializer.validated_data), actor=self.request.user
            )
        except DomainError as error:
            raise api_400(error) from error


router = routers.SimpleRouter()
router.register("deputies", DeputyViewSet, basename="api-deputy")

# Delegations and deputy groups, for committee staff (deputies/api_organisation.py).
router.register("delegations", DelegationViewSet, basename="api-delegation")
router.register("deputy-groups", DeputyGroupViewSet, basename="api-deputy-group")
