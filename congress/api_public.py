"""The lists a submission form needs, for client applications: categories and administrative areas
(public reading, no key). Cached under the directory version like the other public lists, with an
ETag and Last-Modified (congress.middleware.ApiHttpCachingMiddleware)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, routers, serializers, viewsets

from . import pagecache
from .api_filters import filters_of
from .models import Area, Category
from .selectors import categories_for_body, dealing_body_id


class CategorySerializer(serializers.ModelSerializer):
    # ``parent`` is the id of the category above (None at the top).

    class Meta:
        model = Category
        fields = ["id", "code", "name", "parent", "sort_order"]


class CategoryFilters(serializers.Serializer):
    # (A serializer field named "parent" hides Field.parent, which the type stubs see.)
    parent = serializers.IntegerField(  # type: ignore[assignment]
        required=False, min_value=1, help_text="only the children of this id"
    )
    top = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="only top level")
    body = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="the categories this body uses (shared, its own and its ancestors'); "
        "without it, the shared ones only",
    )
    station = serializers.SlugField(
        required=False,
        max_length=20,
        help_text="a station's slug (its QR code): the categories its body uses",
    )
    deputy = serializers.SlugField(
        required=False,
        max_length=20,
        help_text="a deputy's slug (their QR code): the categories their body uses",
    )


class AreaSerializer(serializers.ModelSerializer):
    # ``parent`` is the id of the area above (None for the city).
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Area
        fields = ["id", "code", "name", "level", "level_display", "parent"]


class AreaFilters(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=Area.Level.choices, required=False, help_text="1 city … 4 community"
    )
    parent = serializers.IntegerField(  # type: ignore[assignment]
        required=False, min_value=1, help_text="only the areas below this id"
    )


class PublicReadViewSet(pagecache.PublicListCacheMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []

    def is_public_reader(self) -> bool:
        return True


@extend_schema_view(list=extend_schema(parameters=[CategoryFilters], summary="Categories", tags=["public"]))
class CategoryViewSet(PublicReadViewSet):
    """Active suggestion categories (a tree: ``parent`` is the id of the category above) that the
    body a citizen deals with uses (``?body=``, or ``?station=`` / ``?deputy=`` with the slug a QR code
    carries), else the shared ones. An unknown body, station or deputy lists the shared ones."""

    serializer_class = CategorySerializer
    queryset = Category.objects.none()

    def get_queryset(self) -> QuerySet[Category]:
        filters = filters_of(self.request, CategoryFilters)
        body = filters.get("body") or dealing_body_id(
            station=filters.get("station", ""), deputy=filters.get("deputy", "")
        )
        categories = categories_for_body(body).order_by("sort_order", "code", "pk")
        if "parent" in filters:
            categories = categories.filter(parent_id=filters["parent"])
        if filters.get("top") is not None:
            categories = categories.filter(parent__isnull=filters["top"])
        return categories


@extend_schema_view(list=extend_schema(parameters=[AreaFilters], summary="Areas", tags=["public"]))
class AreaViewSet(PublicReadViewSet):
    """Administrative areas: city → district/county → street/township → community."""

    serializer_class = AreaSerializer
    queryset = Area.objects.none()

    def get_queryset(self) -> QuerySet[Area]:
        filters = filters_of(self.request, AreaFilters)
        areas = Area.objects.order_by("code", "pk")
        if "level" in filters:
            areas = areas.filter(level=filters["level"])
        if "parent" in filters:
            areas = areas.filter(parent_id=filters["parent"])
        return areas


router = routers.SimpleRouter()
router.register("public/categories", CategoryViewSet, basename="api-public-category")
router.register("public/areas", AreaViewSet, basename="api-public-area")
