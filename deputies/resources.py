"""Spreadsheet import/export of deputies and of offline duty-record entries: column mapping and
row validation only; rows are saved through the services (``congress.import_export_base
.ServiceSaveResource``). Headers are the fields' Chinese names; choices read and write as their
labels; relations by readable keys."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

from congress.import_export_base import (
    ChineseErrorsResource,
    ChoicesWidget,
    KeyOrNameWidget,
    LookupWidget,
    PublicIdResource,
    ServiceSaveResource,
    StrictManyToManyWidget,
)
from congress.models import Area, Term
from congress.spreadsheet_import import ResourceImporter, choice_column, id_card_digest
from congress.spreadsheets import (
    BOOL,
    DATE,
    ETHNICITY,
    ID_CARD,
    LIST,
    NAME,
    PHONE,
    TEXT,
    YEAR,
    Column,
    Problem,
)

from .models import Delegation, Deputy, DeputyGroup, DutyRecord
from .selectors import deputy_natural_keys
from .services import deputies_bulk_create, deputy_create, deputy_update, duty_record_add, duty_record_update

# Lists inside one cell are separated by the Chinese enumeration comma.
LIST_SEPARATOR = "、"


class DistrictWidget(LookupWidget):
    """A deputy's district by name (district names are unique within the city)."""

    def get_queryset(self, value: Any, row: Any, *args: Any, **kwargs: Any) -> Any:
        return Area.objects.districts()


class IdCardWidget(widgets.Widget):
    """An ID-card number in, its keyed digest stored; never written out (exports leave it empty)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        text = str(value or "").strip().upper()
        return id_card_digest(text) if text else ""

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return ""


ID_CARD_COLUMN = "身份证号"


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
    id_card = fields.Field(attribute="id_card_digest", column_name=ID_CARD_COLUMN, widget=IdCardWidget())
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
            "status_since", "status_reason", "elected_on", "id_card",
        ]  # fmt: skip
        export_order = fields

    body_owner = "term"  # a deputy belongs to the body of their term

    def get_export_fields(self, selected_fields: Any = None) -> Any:
        # ID-card numbers are not kept, so there is nothing to export (the column would be empty).
        return [
            field
            for field in super().get_export_fields(selected_fields)
            if field.column_name != ID_CARD_COLUMN
        ]

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        """Rows without a public identifier are matched on the ID card, else on name, birth year
        and term, so importing the office's roster again updates the deputies instead of adding
        them twice. Done on the whole file before the rows are read (the existing deputies named
        are loaded in one query from the identifier column)."""
        super().before_import(dataset, **kwargs)
        self._keys = deputy_natural_keys()
        column = self.fields["slug"].column_name
        if not dataset.headers or column not in dataset.headers or not len(dataset):
            return
        slugs = [
            str(row.get(column) or "").strip() or self._natural_match(row)
            for row in (dict(zip(dataset.headers, values, strict=False)) for values in dataset)
        ]
        position = dataset.headers.index(column)
        del dataset[column]
        dataset.insert_col(position, slugs, header=column)

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        if ID_CARD_COLUMN in row and not str(row[ID_CARD_COLUMN] or "").strip():
            del row[ID_CARD_COLUMN]  # an empty cell says nothing: it does not erase what is known
        super().before_import_row(row, **kwargs)

    def _natural_match(self, row: Any) -> str:
        keys = getattr(self, "_keys", None)
        if keys is None:
            return ""
        number = str(row.get(ID_CARD_COLUMN) or "").strip()
        if number and id_card_digest(number) in keys.by_id_card:
            return keys.by_id_card[id_card_digest(number)]
        try:
            term = self.fields["term"].clean(row)
            birth_year = int(row.get("出生年份") or 0)
        except (ValueError, TypeError, KeyError):
            return ""
        name = str(row.get("姓名") or "").strip()
        matches = keys.by_person.get((name, birth_year, getattr(term, "pk", 0)), [])
        return matches[0] if len(matches) == 1 else ""

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


# A duty record's note is kept to this many characters (``DutyRecord.note``); a longer note is
# matched on what is kept of it, so a second import finds the entry it wrote.
NOTE_LENGTH = 300


class DutyRecordResource(ServiceSaveResource):
    """Offline activities staff record in bulk (training, 列席, inspections, surveys …). A row is
    matched on deputy, kind, date and note, so importing the same file twice adds nothing. The
    deputy is named by public identifier or by name, among the importing user's own bodies'."""

    deputy = fields.Field(
        attribute="deputy",
        column_name="代表",
        widget=KeyOrNameWidget(Deputy, "slug", name_field="name", prefer={"status": Deputy.Status.ACTIVE}),
    )
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

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        # The note is part of the key: a file without the column matches entries without a note.
        column = self.fields["note"].column_name
        if dataset.headers and column not in dataset.headers:
            dataset.append_col([""] * len(dataset), header=column)

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        column = self.fields["note"].column_name
        row[column] = str(row.get(column) or "").strip()[:NOTE_LENGTH]
        super().before_import_row(row, **kwargs)

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


DUTY_RECORD_COLUMNS: tuple[Column, ...] = (
    Column(
        "代表",
        NAME,
        required=True,
        aliases=("代表姓名", "姓名", "代表标识"),
        allowed="代表姓名或公开标识（同名时填公开标识）",
        example="张三",
    ),
    choice_column(
        "类型",
        DutyRecord.Kind.choices,
        synonyms={
            "reception": ("进站接待", "接待选民", "接待群众"),
            "report_back": ("述职",),
            "home_visit": ("走访选民", "联系选民", "回选区"),
            "constituent_contact": ("走访群众",),
            "plenary_attended": ("出席人代会", "参加人代会", "人代会"),
            "group_activity": ("小组活动",),
            "meeting_attended": ("列席", "列席常委会"),
            "inspection": ("视察", "执法检查"),
            "survey": ("专题调研",),
            "training": ("培训", "学习", "履职培训"),
            "public_service": ("志愿服务", "公益活动"),
            "other": ("其它",),
        },
        required=True,
        aliases=("履职类型", "活动类型", "履职类别", "活动类别"),
        example="学习培训",
    ),
    Column("日期", DATE, required=True, aliases=("活动日期", "履职日期", "时间", "活动时间")),
    Column(
        "说明",
        TEXT,
        aliases=("活动内容", "履职内容", "内容", "备注", "履职情况"),
        allowed=f"文字，至多{NOTE_LENGTH}字（与代表、类型、日期一起识别同一条记录）",
    ),
)


class DutyRecordImporter(ResourceImporter):
    """Offline duty records (履职登记) as an office keeps them; deputies of the importing clerk's
    own bodies only."""

    title = gettext_lazy("duty records")
    slug = "duty-records"
    resource_class = DutyRecordResource

    def columns(self) -> tuple[Column, ...]:
        return DUTY_RECORD_COLUMNS

    def identifier(self, row_result: Any, values: Any) -> str:
        instance = getattr(row_result, "instance", None)
        if instance is None or not instance.deputy_id or not instance.on:
            return ""
        return f"{instance.deputy.name} · {instance.on:%Y-%m-%d}"


# -- the roster as offices keep it (congress.spreadsheets) -------------------------------------------


def _text(
    header: str, *aliases: str, required: bool = False, kind: str = "text", example: str = ""
) -> Column:
    return Column(header, kind, required=required, aliases=aliases, example=example)


DEPUTY_COLUMNS: tuple[Column, ...] = (
    _text("公开标识", "标识"),
    _text("姓名", "代表姓名", "名字", required=True, kind=NAME, example="张三"),
    choice_column(
        "性别", Deputy.Gender.choices, synonyms={"male": ("男性",), "female": ("女性",)}, required=True
    ),
    _text("民族", kind=ETHNICITY, example="汉族"),
    _text(
        "出生年份",
        "出生年月",
        "出生日期",
        "出生年月日",
        "出生年",
        required=True,
        kind=YEAR,
        example="1975.03",
    ),
    _text(ID_CARD_COLUMN, "身份证号码", "公民身份号码", "身份证", kind=ID_CARD),
    choice_column(
        "政治面貌",
        Deputy.Party.choices,
        synonyms={
            "cpc": ("中共党员", "中共", "党员", "共产党员", "中共预备党员", "中国共产党党员"),
            "rcck": ("民革", "民革党员"),
            "cdl": ("民盟", "民盟盟员"),
            "cndca": ("民建", "民建会员"),
            "capd": ("民进", "民进会员"),
            "cpwdp": ("农工党", "农工党党员"),
            "zgd": ("致公党", "致公党党员"),
            "js": ("九三学社社员",),
            "tdsl": ("台盟", "台盟盟员"),
            "non_party": ("无党派",),
            "masses": ("无",),
        },
        required=True,
        aliases=("党派",),
        example="中共党员",
    ),
    choice_column(
        "学历",
        Deputy.Education.choices,
        synonyms={
            "doctorate": ("博士",),
            "master": ("硕士", "研究生"),
            "bachelor": ("本科", "大学"),
            "college": ("专科", "大学专科"),
            "secondary": ("中专", "高中", "初中", "小学", "高中及以下"),
        },
        required=True,
        aliases=("文化程度",),
    ),
    choice_column(
        "职业类别",
        Deputy.Occupation.choices,
        synonyms={
            "professional": ("专技人员",),
            "official": ("干部", "党政领导干部"),
            "manager": ("企业管理人员",),
            "military": ("解放军",),
        },
        required=True,
        aliases=("代表构成",),
    ),
    _text("工作单位", "单位", "工作单位及职务", required=True),
    _text("职务"),
    _text("职务代表", "是否职务代表", kind=BOOL),
    choice_column(
        "代表层级",
        Deputy.Level.choices,
        synonyms={
            "national": ("全国人大代表",),
            "provincial": ("省", "省人大代表"),
            "municipal": ("市", "市人大代表"),
            "county": ("区", "县", "区县", "区级", "县级", "区人大代表", "县人大代表"),
            "township": ("乡", "镇", "乡镇", "乡镇人大代表"),
        },
        required=True,
        aliases=("层级", "代表级别"),
    ),
    _text("届次", "届别", required=True),
    _text("选区或选举单位", "选区", "选举单位", "原选区", required=True),
    _text("所在区县", "区县", "所属区县"),
    _text("代表团", "所在代表团"),
    _text("代表小组", "小组", "所在代表小组", kind=LIST),
    _text("专长", "专业特长", "特长", "标签", "专长标签", kind=LIST, example="教育、医疗"),
    _text("手机", "手机号", "手机号码", "联系电话", "电话", kind=PHONE, example="138-0000-0000"),
    _text("公开手机", "是否公开手机", kind=BOOL),
    _text("电子邮箱", "邮箱", "Email", "E-mail"),
    _text("履职承诺", "承诺"),
    choice_column(
        "状态",
        Deputy.Status.choices,
        synonyms={
            "active": ("在任", "正常"),
            "resigned": ("辞职",),
            "removed": ("罢免",),
            "deceased": ("去世", "病故"),
            "term_ended": ("届满",),
        },
    ),
    _text("状态日期", kind=DATE),
    _text("状态原因"),
    _text("当选日期", "当选时间", kind=DATE),
)


class DeputyImporter(ResourceImporter):
    """The deputies' roster (代表名册) as an office keeps it."""

    title = gettext_lazy("deputies")
    slug = "deputies"
    resource_class = DeputyResource

    def columns(self) -> tuple[Column, ...]:
        return DEPUTY_COLUMNS

    def check_row(self, record: dict[str, Any], row: int) -> list[Problem]:
        """The birth year an ID-card number carries: taken when the year is missing, and a row
        whose two disagree is refused."""
        number = record.get(ID_CARD_COLUMN) or ""
        if not number:
            return []
        year = int(number[6:10])
        given = record.get("出生年份")
        if given in ("", None) and "出生年份" in record:
            record["出生年份"] = year
            return []
        if isinstance(given, int) and given != year:
            return [
                Problem(
                    row,
                    "出生年份",
                    str(given),
                    _("The ID-card number says the deputy was born in %(year)s.") % {"year": year},
                )
            ]
        return []
