"""Spreadsheet import/export of handling units (承办单位): column mapping and row validation only;
rows are saved through ``congress.services``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from .import_export_base import ChineseErrorsResource, ChoicesWidget, LookupWidget, ServiceSaveResource
from .models import Area, Body, HandlingUnit
from .services import area_create, area_update, handling_unit_create, handling_unit_update
from .spreadsheet_import import ResourceImporter, choice_column, import_body
from .spreadsheets import BOOL, NAME, PHONE, Column


class AreaResource(ServiceSaveResource):
    """Districts, streets and communities under the city that ``bootstrap_committee`` created."""

    name = fields.Field(attribute="name", column_name="名称", widget=widgets.CharWidget())
    code = fields.Field(attribute="code", column_name="区域代码", widget=widgets.CharWidget())
    level = fields.Field(attribute="level", column_name="层级", widget=ChoicesWidget(Area.Level.choices))
    parent = fields.Field(attribute="parent", column_name="上级区域代码", widget=LookupWidget(Area, "code"))

    class Meta(ChineseErrorsResource.Meta):
        model = Area
        import_id_fields = ["code"]
        fields = ["name", "code", "level", "parent"]
        export_order = fields

    def get_queryset(self) -> Any:
        return Area.objects.select_related("parent").order_by("level", "code")

    def service_create(self, values: dict[str, Any], actor: Any) -> Any:
        return area_create(**values, actor=actor)

    def service_update(self, instance: Any, changes: dict[str, Any], actor: Any) -> Any:
        return area_update(area=instance, changes=changes, actor=actor)


class HandlingUnitResource(ServiceSaveResource):
    name = fields.Field(attribute="name", column_name="名称", widget=widgets.CharWidget())
    short_name = fields.Field(attribute="short_name", column_name="简称", widget=widgets.CharWidget())
    kind = fields.Field(attribute="kind", column_name="类型", widget=ChoicesWidget(HandlingUnit.Kind.choices))
    parent = fields.Field(
        attribute="parent", column_name="上级单位", widget=LookupWidget(HandlingUnit, "name")
    )
    area = fields.Field(attribute="area", column_name="区域代码", widget=LookupWidget(Area, "code"))
    contact_name = fields.Field(attribute="contact_name", column_name="联系人", widget=widgets.CharWidget())
    contact_phone = fields.Field(
        attribute="contact_phone", column_name="联系电话", widget=widgets.CharWidget()
    )
    contact_email = fields.Field(
        attribute="contact_email", column_name="联系邮箱", widget=widgets.CharWidget()
    )
    is_active = fields.Field(attribute="is_active", column_name="启用", widget=widgets.BooleanWidget())
    # Optional: left out, a new unit belongs to the importing user's own body.
    body = fields.Field(attribute="body", column_name="人大机构", widget=LookupWidget(Body, "name"))

    class Meta(ChineseErrorsResource.Meta):
        model = HandlingUnit
        import_id_fields = ["name"]
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "area",
            "contact_name",
            "contact_phone",
            "contact_email",
            "is_active",
            "body",
        ]
        export_order = fields

    body_owner = "body"

    def get_queryset(self) -> Any:
        return self.in_scope(
            HandlingUnit.objects.select_related("parent", "area", "body").order_by("parent_id", "pk")
        )

    # The body that may task new units (``UnitImporter``: the importing clerk's); None, the root.
    default_body: Any = None

    def service_create(self, values: dict[str, Any], actor: Any) -> Any:
        values = dict(values)
        # The body column when filled (limited to the importing user's own bodies), else the clerk's.
        body = values.pop("body", None) or self.default_body
        return handling_unit_create(**values, body=body, actor=actor)

    def service_update(self, instance: Any, changes: dict[str, Any], actor: Any) -> Any:
        return handling_unit_update(unit=instance, changes=changes, actor=actor)


UNIT_COLUMNS: tuple[Column, ...] = (
    Column("名称", required=True, aliases=("单位名称", "承办单位", "单位全称")),
    Column("简称", aliases=("单位简称",)),
    choice_column(
        "类型",
        HandlingUnit.Kind.choices,
        synonyms={
            "department": ("部门", "市直部门"),
            "district": ("区县政府", "区政府", "县政府"),
            "court": ("法院",),
            "procuratorate": ("检察院",),
            "supervision": ("监委",),
            "utility": ("公用企业", "企业"),
        },
        required=True,
        aliases=("单位类型",),
    ),
    Column("上级单位", aliases=("主管单位",)),
    Column("区域代码", aliases=("行政区划代码",)),
    Column("联系人", NAME, aliases=("经办人", "联络员")),
    Column("联系电话", PHONE, aliases=("电话", "手机")),
    Column("联系邮箱", aliases=("邮箱", "电子邮箱")),
    Column("启用", BOOL, aliases=("是否启用",)),
)


class UnitImporter(ResourceImporter):
    """The office's list of handling units; a unit is matched on its name."""

    title = gettext_lazy("handling units")
    slug = "units"
    resource_class = HandlingUnitResource

    def columns(self) -> tuple[Column, ...]:
        return UNIT_COLUMNS

    def resource(self, user: Any) -> Any:
        resource = HandlingUnitResource()
        resource.default_body = import_body(user)
        return resource
