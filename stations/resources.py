"""Spreadsheet import/export of stations and memberships (编组进站): column mapping and row
validation only; rows are saved through the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from congress.import_export_base import (
    ChineseErrorsResource,
    ChoicesWidget,
    KeyOrNameWidget,
    LookupWidget,
    PublicIdResource,
    ServiceSaveResource,
)
from congress.models import Area, Body
from congress.spreadsheet_import import ResourceImporter, choice_column, import_body
from congress.spreadsheets import DATE, NAME, PHONE, Column
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

    # The body new stations are run by (``StationImporter``: the importing clerk's); None, the root.
    default_body: Any = None

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self._by_name = {
            (name, code): slug
            for slug, name, code in Station.objects.values_list("slug", "name", "area__code")
        }

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        """A row without a public identifier is matched on its name and area, so importing the
        office's list again updates the stations instead of adding them twice."""
        slug = self.fields["slug"].column_name
        if slug in row and not str(row[slug] or "").strip():
            key = (str(row.get("名称") or "").strip(), str(row.get("区域代码") or "").strip())
            row[slug] = getattr(self, "_by_name", {}).get(key, "")
        super().before_import_row(row, **kwargs)

    def service_create(self, values: dict[str, Any], actor: Any) -> Any:
        values = dict(values)
        # The body column when filled (limited to the importing user's own bodies), else the clerk's.
        body = values.pop("body", None) or self.default_body
        return station_create(**values, body=body, actor=actor)

    def service_update(self, instance: Any, changes: dict[str, Any], actor: Any) -> Any:
        return station_update(station=instance, changes=changes, actor=actor)


class MembershipResource(ServiceSaveResource):
    """编组进站: which deputy enters which station. Matched on station and deputy, so a second
    import of the same list changes nothing; both are named by public identifier or by name, and
    both must be the importing user's own body's (a row naming another body's is refused)."""

    station = fields.Field(
        attribute="station", column_name="站点", widget=KeyOrNameWidget(Station, "slug", name_field="name")
    )
    station_name = fields.Field(attribute="station__name", column_name="站点名称", readonly=True)
    deputy = fields.Field(
        attribute="deputy",
        column_name="代表",
        widget=KeyOrNameWidget(Deputy, "slug", name_field="name", prefer={"status": Deputy.Status.ACTIVE}),
    )
    deputy_name = fields.Field(attribute="deputy__name", column_name="代表姓名", readonly=True)
    joined_on = fields.Field(attribute="joined_on", column_name="进站日期", widget=widgets.DateWidget())

    class Meta(ChineseErrorsResource.Meta):
        model = StationMembership
        import_id_fields = ["station", "deputy"]
        fields = ["station", "station_name", "deputy", "deputy_name", "joined_on"]
        export_order = fields

    body_owner = "station"
    also_scoped = ("deputy",)

    def get_queryset(self) -> Any:
        return self.in_scope(StationMembership.objects.select_related("station", "deputy").order_by("pk"))

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        # An empty date says nothing: a new membership starts today, a known one keeps its date.
        if "进站日期" in row and not str(row["进站日期"] or "").strip():
            del row["进站日期"]
        super().before_import_row(row, **kwargs)

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


MEMBERSHIP_COLUMNS: tuple[Column, ...] = (
    Column(
        "站点",
        required=True,
        aliases=("站点名称", "联络站", "所在站点", "进站站点", "联络站名称", "站点标识"),
        allowed="站点名称或公开标识（同名时填公开标识）",
        example="东岗街道代表联络站",
    ),
    Column(
        "代表",
        NAME,
        required=True,
        aliases=("代表姓名", "姓名", "代表标识"),
        allowed="代表姓名或公开标识（同名时填公开标识）",
        example="张三",
    ),
    Column("进站日期", DATE, aliases=("进站时间", "编组日期", "加入日期")),
)


class MembershipImporter(ResourceImporter):
    """The office's list of deputies grouped into stations (编组进站); stations and deputies of the
    importing clerk's own bodies only."""

    title = gettext_lazy("station memberships")
    slug = "memberships"
    resource_class = MembershipResource

    def columns(self) -> tuple[Column, ...]:
        return MEMBERSHIP_COLUMNS

    def identifier(self, row_result: Any, values: Any) -> str:
        instance = getattr(row_result, "instance", None)
        if instance is None or not instance.station_id or not instance.deputy_id:
            return ""
        return f"{instance.station.name} ← {instance.deputy.name}"


STATION_COLUMNS: tuple[Column, ...] = (
    Column("公开标识", aliases=("标识",)),
    Column("名称", required=True, aliases=("站点名称", "站名", "阵地名称")),
    Column("品牌名称", aliases=("品牌",)),
    choice_column(
        "类型",
        Station.Kind.choices,
        synonyms={
            "home": ("代表之家",),
            "liaison": ("联络站",),
            "work": ("工作站",),
            "point": ("联系点",),
            "studio": ("工作室",),
            "professional": ("专业工作站",),
            "legislative": ("立法联系点",),
            "online": ("网上联络站",),
        },
        required=True,
        aliases=("站点类型", "阵地类型"),
    ),
    Column("上级站点", aliases=("上级",)),
    Column("区域代码", required=True, aliases=("行政区划代码", "区划代码")),
    Column("地址", required=True, aliases=("详细地址", "站点地址")),
    Column("纬度"),
    Column("经度"),
    Column("开放时间", aliases=("接待时间",)),
    Column("公开电话", PHONE, aliases=("联系电话", "电话")),
    Column("主题或产业链", aliases=("主题", "特色")),
    choice_column(
        "状态",
        Station.Status.choices,
        synonyms={"planned": ("规划", "拟建"), "building": ("在建",), "built": ("已建", "建成", "运行")},
        aliases=("建设状态",),
    ),
    Column("站长", allowed="站长（代表）的公开标识"),
)


class StationImporter(ResourceImporter):
    """The office's list of stations; new stations are run by the importing clerk's body."""

    title = gettext_lazy("stations")
    slug = "stations"
    resource_class = StationResource

    def columns(self) -> tuple[Column, ...]:
        return STATION_COLUMNS

    def resource(self, user: Any) -> Any:
        resource = StationResource()
        resource.default_body = import_body(user)
        return resource
