"""Default points rules and duty quotas as data; staff change them in the admin.

Points: Lanzhou evaluates deputies on 3 dimensions (执行代表职务、做好本职工作、服务社会) with 11
items on a 100-point scale every year (004:23); the document names the dimensions and the scale, the
items and their points below are this portal's default reading of it.

Quotas: 月进站、季回家、年述职 (002:427, 002:995); a year's 1 plenary, 4 group activities and 3
committee activities ("1+4+3", 002:715); at least one report to voters per term (002:819).

Also: the old kind ``opinion_handled`` becomes ``opinion_answered`` (the portal now tells an opinion
taken up from one answered)."""

from decimal import Decimal

from django.db import migrations

DIMENSIONS = [
    ("duty", "执行代表职务", Decimal("60"), 10),
    ("job", "做好本职工作", Decimal("10"), 20),
    ("society", "服务社会", Decimal("30"), 30),
]

# (dimension, code, name, kinds, points per entry, cap, cap period, yearly maximum, description)
ITEMS = [
    ("duty", "plenary", "出席代表大会会议", ["plenary_attended"], "10", "10", "year", None,
     "出席本级人民代表大会会议"),
    ("duty", "suggestions", "领衔提出代表建议", ["suggestion_filed"], "4", "12", "year", None,
     "领衔提出建议、批评和意见"),
    ("duty", "cosign-rate", "附议建议、测评办理答复", ["suggestion_cosigned", "rating_given"], "1", "6", "year", None,
     "附议代表建议，对办理答复进行满意度测评"),
    ("duty", "activities", "参加小组活动和常委会组织的活动",
     ["group_activity", "committee_activity", "meeting_attended"], "2", "14", "year", None,
     "参加代表小组活动、常委会组织的集体活动、列席会议"),
    ("duty", "supervision", "视察调研和民生实事监督",
     ["inspection", "survey", "project_inspected", "ballot_attended"], "2", "12", "year", None,
     "参加视察、调研、执法检查，参加民生实事票决和项目视察"),
    ("duty", "training", "参加履职学习培训", ["training"], "2", "6", "year", None, "参加代表履职学习培训"),
    ("job", "job", "本职工作业绩", ["job_performance"], "5", "10", "year", None,
     "在本职岗位上发挥模范作用、获得表彰"),
    ("society", "reception", "进站接待选民", ["reception"], "2", "2", "month", "12",
     "到代表之家、联络站接待选民，每月最多计2分"),
    ("society", "opinions", "领办群众意见建议", ["opinion_taken_up", "opinion_answered"], "1", "6", "year", None,
     "领办、跟踪群众通过二维码和联络站反映的意见建议"),
    ("society", "contacts", "联系选民、服务社会", ["constituent_contact", "home_visit", "public_service"], "1", "6",
     "year", None, "回原选区联系选民、走访群众、参加公益活动"),
    ("society", "report-back", "向选民述职", ["report_back"], "6", "6", "year", None, "向原选区选民或选举单位述职"),
]  # fmt: skip

# (code, name, description, kinds, period, required, levels, remind days before the end, source)
QUOTAS = [
    ("monthly-station", "月进站", "每月至少进站接待选民一次", ["reception"], "month", 1, [], 7, "002:427, 002:995"),
    ("quarterly-home", "季回家", "每季度至少回原选区联系选民一次", ["home_visit"], "quarter", 1, [], 14,
     "002:427, 002:995"),
    ("yearly-report-back", "年述职", "每年向原选区选民或选举单位述职一次", ["report_back"], "year", 1, [], 30,
     "002:427, 002:995"),
    ("plenary", "出席代表大会（1+4+3）", "每年出席一次全体代表大会", ["plenary_attended"], "year", 1, ["municipal"],
     0, "002:715"),
    ("group-activities", "代表小组活动（1+4+3）", "每年参加四次代表小组活动", ["group_activity"], "year", 4,
     ["municipal"], 30, "002:715"),
    ("committee-activities", "常委会集体活动（1+4+3）", "每年参加三次常委会组织的集体活动",
     ["committee_activity"], "year", 3, ["municipal"], 30, "002:715"),
    ("term-report", "任期内向选民报告履职", "任期内至少向原选区选民或原选举单位报告一次履职情况", ["report_back"],
     "term", 1, [], 90, "002:819"),
]  # fmt: skip


def forwards(apps, schema_editor):
    Dimension = apps.get_model("deputies", "PointsDimension")
    Item = apps.get_model("deputies", "PointsItem")
    Quota = apps.get_model("deputies", "QuotaRule")
    DutyRecord = apps.get_model("deputies", "DutyRecord")
    dimensions = {}
    for code, name, max_points, order in DIMENSIONS:
        dimensions[code], _created = Dimension.objects.get_or_create(
            code=code, defaults={"name": name, "max_points": max_points, "sort_order": order}
        )
    for order, (dimension, code, name, kinds, points, cap, period, annual, description) in enumerate(ITEMS):
        Item.objects.get_or_create(
            code=code,
            defaults={
                "dimension": dimensions[dimension],
                "name": name,
                "kinds": kinds,
                "points": Decimal(points),
                "cap": Decimal(cap) if cap else None,
                "cap_period": period,
                "annual_max": Decimal(annual) if annual else None,
                "description": description,
                "sort_order": (order + 1) * 10,
            },
        )
    for order, (code, name, description, kinds, period, required, levels, remind, source) in enumerate(QUOTAS):
        Quota.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "kinds": kinds,
                "period": period,
                "required": required,
                "levels": levels,
                "remind_days_before_end": remind,
                "source": source,
                "sort_order": (order + 1) * 10,
            },
        )
    DutyRecord.objects.filter(kind="opinion_handled").update(kind="opinion_answered")


def backwards(apps, schema_editor):
    apps.get_model("deputies", "PointsItem").objects.filter(code__in=[row[1] for row in ITEMS]).delete()
    apps.get_model("deputies", "PointsDimension").objects.filter(code__in=[row[0] for row in DIMENSIONS]).delete()
    apps.get_model("deputies", "QuotaRule").objects.filter(code__in=[row[0] for row in QUOTAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("deputies", "0005_points_quotas_report_back_liaison")]

    operations = [migrations.RunPython(forwards, backwards)]
