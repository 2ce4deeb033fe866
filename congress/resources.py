"""Spreadsheet import/export of handling units (承办单位): column mapping and row validation only;
rows are saved through ``congress.services``."""

from __future__ import annotations

from typing import Any

from import_export import fields, widgets

from .import_export_base import ChineseErrorsResource, ChoicesWidget, LookupWidget, ServiceSaveResource
from .models import Area, Body, HandlingUnit
from .services import handling_unit_create, handling_unit_update


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

    def service_create(self, values: dict[str, Any], actor: Any) -> Any:
        return handling_unit_create(**values, actor=actor)

    def service_update(self, instance: Any, changes: dict[str, Any], actor: Any) -> Any:
        return handling_unit_update(unit=instance, changes=changes, actor=actor)
