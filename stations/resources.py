"""Spreadsheet import/export of stations and memberships (编组进站): column mapping and row
validation only; rows are saved through the services."""

from __future__ import annotations

from typing import Any

from import_export import fields, widgets

from congress.import_export_base import (
    ChineseErrorsResource,
    ChoicesWidget,
    LookupWidget,
    PublicIdResource,
    ServiceSaveResource,
)
from congress.models import Area, Body
from deputies.models import Deputy

from .models import Station, StationMembership
from .services import membership_add, station_create, station_update


def _choice(attribute: str, label: str, choices: Any) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=label, widget=ChoicesWidget(choices))


def _text(attribute: str, label: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=label, widget=widgets.CharWidget())


class StationResource(PublicIdResource):
    slug = _text("slug", "公开标识")
    name = _text("name", "名称")
    brand_name = _text("brand_name", "品牌名称")
    kind = _choice("kind", "类型", Station.Kind.choices)
    parent = fields.Field(attribute="parent", column_name="上级站点", widget=LookupWidget(Station, "slug"))
    area = fields.Field(attribute="area", column_name="区域代码", widget=LookupWidget(Area, "code"))
    area_name = fields.Field(attribute="area__name", column_name="区域", readonly=True)
    address = _text("address", "地址")
    latitude = fields.Field(attribute="latitude", column_name="纬度", widget=widgets.DecimalWidget())
    longitude = fields.Field(attribute="longitude", column_name="经度", widget=widgets.DecimalWidget())
    opening_hours = _text("opening_hours", "开放时间")
    phone = _text("phone", "公开电话")
    theme = _text("theme", "主题或产业链")
    status = _choice("status", "状态", Station.Status.choices)
    head = fields.Field(attribute="head", column_name="站长", widget=LookupWidget(Deputy, "slug"))
    # Optional: left out or blank, a new station belongs to the importing user's own body.
    body = fields.Field(attribute="body", column_name="人大机构", widget=LookupWidget(Body, "name"))

    class Meta(ChineseErrorsResource.Meta):
        model = Station
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "brand_name", "kind", "parent", "area", "area_name", "address", "latitude",
            "longitude", "opening_hours", "phone", "theme", "status", "head", "body",
        ]  # fmt: skip
        export_order = fields

    body_owner = "body"

    def get_queryset(self) -> Any:
        # Parents first, so a re-import finds every parent already there.
        return self.in_scope(
            Station.objects.select_related("area", "parent", "head", "body").order_by("parent_id", "pk")
        )

    def service_create(self, values: dict[str, Any], actor: Any) -> Any:
        return station_create(**values, actor=actor)

    def service_update(self, instance: Any, changes: dict[str, Any], actor: Any) -> Any:
        return station_update(station=instance, changes=changes, actor=actor)


class MembershipResource(ServiceSaveResource):
    station = fields.Field(attribute="station", column_name="站点", widget=LookupWidget(Station, "slug"))
    station_name = fields.Field(attribute="station__name", column_name="站点名称", readonly=True)
    deputy = fields.Field(attribute="deputy", column_name="代表", widget=LookupWidget(Deputy, "slug"))
    deputy_name = fields.Field(attribute="deputy__name", column_name="代表姓名", readonly=True)
    joined_on = fields.Field(attribute="joined_on", column_name="进站日期", widget=widgets.DateWidget())

    class Meta(ChineseErrorsResource.Meta):
        model = StationMembership
        import_id_fields = ["station", "deputy"]
        fields = ["station", "station_name", "deputy", "deputy_name", "joined_on"]
        export_order = fields

    body_owner = "station"

    def get_queryset(self) -> Any:
        return self.in_scope(StationMembership.objects.select_related("station", "deputy").order_by("pk"))

    def service_create(self, values: dict[str, Any], actor: Any) -> Any:
        return membership_add(
            station=values["station"], deputy=values["deputy"], joined_on=values.get("joined_on"), actor=actor
        )

    def service_update(self, instance: Any, changes: dict[str, Any], actor: Any) -> Any:
        if "joined_on" not in changes:
            return instance
        return membership_add(
            station=instance.station, deputy=instance.deputy, joined_on=changes["joined_on"], actor=actor
        )
