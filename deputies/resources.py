"""Spreadsheet import/export of deputies and of offline duty-record entries: column mapping and
row validation only; rows are saved through the services (``congress.import_export_base
.ServiceSaveResource``). Headers are the fields' Chinese names; choices read and write as their
labels; relations by readable keys."""

from __future__ import annotations

from typing import Any

from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

from congress.import_export_base import (
    ChineseErrorsResource,
    ChoicesWidget,
    LookupWidget,
    PublicIdResource,
    ServiceSaveResource,
    StrictManyToManyWidget,
)
from congress.models import Area, Term

from .models import Delegation, Deputy, DeputyGroup, DutyRecord
from .services import deputies_bulk_create, deputy_create, deputy_update, duty_record_add, duty_record_update

# Lists inside one cell are separated by the Chinese enumeration comma.
LIST_SEPARATOR = "、"


class DistrictWidget(LookupWidget):
    """A deputy's district by name (district names are unique within the city)."""

    def get_queryset(self, value: Any, row: Any, *args: Any, **kwargs: Any) -> Any:
        return Area.objects.districts()


def _choice(attribute: str, label: str, choices: Any) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=label, widget=ChoicesWidget(choices))


class DeputyResource(PublicIdResource):
    """New deputies are written together by ``deputies_bulk_create`` (a term's 10,000 rows in
    seconds, docs/performance.md); changed ones one by one through ``deputy_update``."""

    bulk_create_rows = True

    slug = fields.Field(attribute="slug", column_name="公开标识", widget=widgets.CharWidget())
    name = fields.Field(attribute="name", column_name="姓名", widget=widgets.CharWidget())
    gender = _choice("gender", "性别", Deputy.Gender.choices)
    ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=widgets.CharWidget())
    birth_year = fields.Field(attribute="birth_year", column_name="出生年份", widget=widgets.IntegerWidget())
    party = _choice("party", "政治面貌", Deputy.Party.choices)
    education = _choice("education", "学历", Deputy.Education.choices)
    occupation = _choice("occupation", "职业类别", Deputy.Occupation.choices)
    work_unit = fields.Field(attribute="work_unit", column_name="工作单位", widget=widgets.CharWidget())
    title = fields.Field(attribute="title", column_name="职务", widget=widgets.CharWidget())
    is_official = fields.Field(
        attribute="is_official", column_name="职务代表", widget=widgets.BooleanWidget()
    )
    level = _choice("level", "代表层级", Deputy.Level.choices)
    term = fields.Field(attribute="term", column_name="届次", widget=LookupWidget(Term, "name"))
    constituency = fields.Field(
        attribute="constituency", column_name="选区或选举单位", widget=widgets.CharWidget()
    )
    area = fields.Field(attribute="area", column_name="所在区县", widget=DistrictWidget(Area, "name"))
    delegation = fields.Field(
        attribute="delegation", column_name="代表团", widget=LookupWidget(Delegation, "name")
    )
    groups = fields.Field(
        attribute="groups",
        column_name="代表小组",
        widget=StrictManyToManyWidget(DeputyGroup, separator=LIST_SEPARATOR, field="name"),
    )
    expertise = fields.Field(
        attribute="expertise",
        column_name="专长",
        widget=widgets.SimpleArrayWidget(separator=LIST_SEPARATOR),
    )
    phone = fields.Field(attribute="phone", column_name="手机", widget=widgets.CharWidget())
    phone_is_public = fields.Field(
        attribute="phone_is_public", column_name="公开手机", widget=widgets.BooleanWidget()
    )
    email = fields.Field(attribute="email", column_name="电子邮箱", widget=widgets.CharWidget())
    pledges = fields.Field(attribute="pledges", column_name="履职承诺", widget=widgets.CharWidget())
    status = _choice("status", "状态", Deputy.Status.choices)
    status_since = fields.Field(attribute="status_since", column_name="状态日期", widget=widgets.DateWidget())
    status_reason = fields.Field(
        attribute="status_reason", column_name="状态原因", widget=widgets.CharWidget()
    )
    elected_on = fields.Field(attribute="elected_on", column_name="当选日期", widget=widgets.DateWidget())

    class Meta(ChineseErrorsResource.Meta):
        model = Deputy
        import_id_fields = ["slug"]
        # The services validate (``deputies_bulk_create`` without a query per row); a savepoint per
        # row is not needed since nothing is written row by row for new deputies.
        clean_model_instances = False
        use_bulk = True
        # Rows that name existing deputies are found with one query for the whole file.
        instance_loader_class = CachedInstanceLoader
        fields = [
            "slug", "name", "gender", "ethnicity", "birth_year", "party", "education", "occupation",
            "work_unit", "title", "is_official", "level", "term", "constituency", "area", "delegation",
            "groups", "expertise", "phone", "phone_is_public", "email", "pledges", "status",
            "status_since", "status_reason", "elected_on",
        ]  # fmt: skip
        export_order = fields

    body_owner = "term"  # a deputy belongs to the body of their term

    def get_queryset(self) -> Any:
        return self.in_scope(
            Deputy.objects.select_related("term", "area", "delegation")
            .prefetch_related("groups")
            .order_by("pk")
        )

    def service_create(self, values: dict[str, Any], actor: Any) -> Any:
        return deputy_create(**values, actor=actor)

    def service_bulk_create(self, rows: list[dict[str, Any]], actor: Any) -> list[Any]:
        return list(deputies_bulk_create(rows=rows, actor=actor))

    def service_update(self, instance: Any, changes: dict[str, Any], actor: Any) -> Any:
        return deputy_update(deputy=instance, changes=changes, actor=actor)


class DutyRecordResource(ServiceSaveResource):
    """Offline activities staff record in bulk (training, 列席, inspections, surveys …). A row is
    matched on deputy, kind, date and note, so importing the same file twice adds nothing."""

    deputy = fields.Field(attribute="deputy", column_name="代表", widget=LookupWidget(Deputy, "slug"))
    deputy_name = fields.Field(attribute="deputy__name", column_name="代表姓名", readonly=True)
    kind = _choice("kind", "类型", DutyRecord.Kind.choices)
    on = fields.Field(attribute="on", column_name="日期", widget=widgets.DateWidget())
    note = fields.Field(attribute="note", column_name="说明", widget=widgets.CharWidget())
    points = fields.Field(attribute="points", column_name="积分", readonly=True)

    class Meta(ChineseErrorsResource.Meta):
        model = DutyRecord
        import_id_fields = ["deputy", "kind", "on", "note"]
        fields = ["deputy", "deputy_name", "kind", "on", "note", "points"]
        export_order = fields

    body_owner = "deputy"

    def get_queryset(self) -> Any:
        return self.in_scope(DutyRecord.objects.select_related("deputy").order_by("on", "pk"))

    def service_create(self, values: dict[str, Any], actor: Any) -> Any:
        return duty_record_add(
            deputy=values["deputy"],
            kind=values["kind"],
            on=values["on"],
            note=values.get("note") or "",
            actor=actor,
        )

    def service_update(self, instance: Any, changes: dict[str, Any], actor: Any) -> Any:
        changes.pop("deputy", None)
        return duty_record_update(record=instance, changes=changes, actor=actor) if changes else instance
