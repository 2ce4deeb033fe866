"""The default standards checklist "八有四公开" (003:534) as data; staff add others ("六有", 001;
"十有四统一", 002:903) in the admin."""

from django.db import migrations

EIGHT_HAVES = [
    ("place", "有场所", "有固定的活动场所"),
    ("signage", "有标识", "有统一的标识牌和信息公开栏"),
    ("rules", "有制度", "有接待选民、学习培训等工作制度"),
    ("plan", "有计划", "有年度活动计划和接待计划"),
    ("records", "有记录", "有活动和接待记录"),
    ("archives", "有档案", "有代表履职档案和工作资料"),
    ("equipment", "有设备", "有必要的办公设备"),
    ("online", "有平台", "有网上联络平台"),
]
FOUR_PUBLIC = [
    ("public-deputies", "代表信息公开", "进站代表的姓名、照片、联系方式等信息公开"),
    ("public-plan", "接待安排公开", "接待日和代表轮值安排公开"),
    ("public-work", "工作开展公开", "代表活动和意见处理情况公开"),
    ("public-figures", "平台数据公开", "收集、转办、办结意见的数据公开"),
]


def forwards(apps, schema_editor):
    Checklist = apps.get_model("stations", "Checklist")
    ChecklistItem = apps.get_model("stations", "ChecklistItem")
    checklist, _created = Checklist.objects.get_or_create(
        name="八有四公开",
        defaults={"is_default": True, "description": "代表联络站规范化建设标准（八有四公开）"},
    )
    order = 0
    for group, rows in (("have", EIGHT_HAVES), ("public", FOUR_PUBLIC)):
        for code, label, description in rows:
            order += 10
            ChecklistItem.objects.get_or_create(
                checklist=checklist,
                code=code,
                defaults={"group": group, "label": label, "description": description, "sort_order": order},
            )


def backwards(apps, schema_editor):
    apps.get_model("stations", "Checklist").objects.filter(name="八有四公开").delete()


class Migration(migrations.Migration):
    dependencies = [("stations", "0003_receptions_checklists")]

    operations = [migrations.RunPython(forwards, backwards)]
