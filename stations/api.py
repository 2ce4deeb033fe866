"""The stations API: public read endpoints for stations and receptions (no citizen's data ever),
staff write endpoints guarded by model permissions; receptions change state only through the
services."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, routers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from congress import pagecache
from congress.api_filters import filters_of
from congress.errors import DomainError, api_400
from congress.geo import WGS84, wgs84_to_gcj02
from deputies.models import Deputy

from .models import Booking, Reception, Station
from .permissions import StationApiPermission
from .services import reception_create, reception_transition, station_create, station_update


class DeputyRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PointSerializer(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()


class StationSerializer(serializers.ModelSerializer):
    # Numbers, not strings; WGS-84 (GPS). ``gcj02`` is the same point for Chinese map components
    # (WeChat <map>, Tencent, AMap), which draw in GCJ-02 (congress/geo.py, docs/api.md "Maps").
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, required=False, allow_null=True
    )
    datum = serializers.SerializerMethodField(help_text="datum of latitude/longitude: always WGS-84")
    gcj02 = serializers.SerializerMethodField(help_text="the position in GCJ-02, for Chinese map components")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    parent_station: serializers.SlugRelatedField = serializers.SlugRelatedField(
        source="parent", slug_field="slug", queryset=Station.objects.all(), required=False, allow_null=True
    )
    head: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", queryset=Deputy.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Station
        fields = [
            "slug",
            "name",
            "brand_name",
            "kind",
            "kind_display",
            "parent_station",
            "area",
            "area_name",
            "address",
            "latitude",
            "longitude",
            "datum",
            "gcj02",
            "opening_hours",
            "phone",
            "theme",
            "status",
            "status_display",
            "head",
        ]
        read_only_fields = ["slug"]

    def get_datum(self, station: Station) -> str:
        return WGS84

    @extend_schema_field(PointSerializer(allow_null=True))
    def get_gcj02(self, station: Station) -> dict[str, float] | None:
        if station.latitude is None or station.longitude is None:
            return None
        latitude, longitude = wgs84_to_gcj02(float(station.latitude), float(station.longitude))
        return {"latitude": round(latitude, 6), "longitude": round(longitude, 6)}


class StationFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Station.Kind.choices, required=False)
    area = serializers.IntegerField(required=False, min_value=1, help_text="District or street id")


@extend_schema_view(list=extend_schema(parameters=[StationFilters]))
class StationViewSet(pagecache.PublicListCacheMixin, viewsets.ModelViewSet):
    """Stations. Anyone reads stations open to the public; staff create and edit them."""

    serializer_class = StationSerializer
    lookup_field = "slug"
    permission_classes = [StationApiPermission]
    queryset = Station.objects.none()
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def is_public_reader(self) -> bool:
        user = self.request.user
        return not (user.is_authenticated and user.has_perm("stations.view_station"))

    def get_queryset(self) -> QuerySet[Station]:
        stations = Station.objects.select_related("area", "parent", "head").order_by(
            "area__code", "name", "pk"
        )
        user = self.request.user
        if self.request.method not in permissions.SAFE_METHODS:
            stations = stations.writable_by(user)  # a lower body's station is read, never changed
        elif user.is_authenticated and user.has_perm("stations.view_station"):
            stations = stations.visible_to(user)  # staff read their bodies' stations, planned ones too
        else:
            stations = stations.exclude(status=Station.Status.PLANNED)
        if self.action != "list":
            return stations
        filters = filters_of(self.request, StationFilters)
        if "kind" in filters:
            stations = stations.filter(kind=filters["kind"])
        if "area" in filters:
            area = filters["area"]
            stations = stations.filter(Q(area_id=area) | Q(area__parent_id=area))
        return stations

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        try:
            serializer.instance = station_create(**dict(serializer.validated_data), actor=self.request.user)
        except DomainError as error:
            raise api_400(error) from error

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        try:
            station = serializer.instance
            # Type narrowing for mypy, not a runtime rule.
            assert isinstance(station, Station)  # noqa: S101
            serializer.instance = station_update(
                station=station, changes=dict(serializer.validated_data), actor=self.request.user
            )
        except DomainError as error:
            raise api_400(error) from error


class ReceptionSerializer(serializers.ModelSerializer):
    station = serializers.SlugRelatedField(slug_field="slug", queryset=Station.objects.all())
    station_name = serializers.CharField(source="station.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    duty_deputies = DeputyRefSerializer(many=True, read_only=True)
    duty_deputy_slugs = serializers.SlugRelatedField(
        slug_field="slug", queryset=Deputy.objects.all(), many=True, write_only=True, required=False
    )
    booked = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Reception
        fields = [
            "id",
            "station",
            "station_name",
            "date",
            "start_time",
            "end_time",
            "topic",
            "capacity",
            "booked",
            "status",
            "status_display",
            "duty_deputies",
            "duty_deputy_slugs",
            "visitors",
        ]
        read_only_fields = ["id", "status", "visitors"]


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Reception.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReceptionFilters(serializers.Serializer):
    station = serializers.SlugField(required=False, max_length=20, help_text="Station slug")
    deputy = serializers.SlugField(required=False, max_length=20, help_text="Deputy slug (on duty)")
    upcoming = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only planned receptions from today"
    )


@extend_schema_view(list=extend_schema(parameters=[ReceptionFilters]))
class ReceptionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Reception days. Anyone reads them; staff create one-off receptions and move their status."""

    serializer_class = ReceptionSerializer
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    queryset = Reception.objects.none()

    def get_queryset(self) -> QuerySet[Reception]:
        receptions = (
            Reception.objects.select_related("station")
            .prefetch_related("duty_deputies")
            .annotate(booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)))
            .exclude(station__status=Station.Status.PLANNED)
            .order_by("date", "start_time", "pk")
        )
        if self.request.method not in permissions.SAFE_METHODS:
            receptions = receptions.writable_by(self.request.user)  # read by anyone, written by its body
        if self.action != "list":
            return receptions
        filters = filters_of(self.request, ReceptionFilters)
        if "station" in filters:
            receptions = receptions.filter(station__slug=filters["station"])
        if "deputy" in filters:
            receptions = receptions.filter(duty_deputies__slug=filters["deputy"])
        if filters.get("upcoming"):
            receptions = receptions.filter(status=Reception.Status.PLANNED, date__gte=timezone.localdate())
        return receptions

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data: dict[str, Any] = dict(serializer.validated_data)
        if not Station.objects.writable_by(self.request.user).filter(pk=data["station"].pk).exists():
            raise NotFound  # a station outside the user's own bodies
        try:
            serializer.instance = reception_create(
                station=data["station"],
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                topic=data.get("topic", ""),
                capacity=data.get("capacity", 10),
                duty_deputies=list(data.get("duty_deputy_slugs", [])),
                actor=self.request.user,
            )
        except DomainError as error:
            raise api_400(error) from error

    @extend_schema(request=TransitionSerializer, responses=ReceptionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.DjangoModelPermissions])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Cancel, re-plan or mark held (staff)."""
        reception = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            reception_transition(
                reception=reception,
                to_status=payload.validated_data["status"],
                actor=request.user,
                note=payload.validated_data["note"],
            )
        except DomainError as error:
            raise api_400(error) from error
        return Response(
            self.get_serializer(self.get_queryset().get(pk=reception.pk)).data, status=status.HTTP_200_OK
        )


router = routers.SimpleRouter()
router.register("stations", StationViewSet, basename="api-station")
router.register("receptions", ReceptionViewSet, basename="api-reception")
