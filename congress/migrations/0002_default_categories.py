"""Seed the default top-level suggestion categories; staff can add sub-categories in the admin."""

from django.db import migrations

DEFAULT_CATEGORIES = [
    ("education", "教育"),
    ("health", "医疗卫生"),
    ("housing", "住房保障"),
    ("transport", "交通出行"),
    ("environment", "生态环境"),
    ("elderly", "养老服务"),
    ("urban", "城市管理"),
    ("social-security", "社会保障"),
    ("economy", "经济发展"),
    ("rural", "乡村振兴"),
    ("safety", "公共安全"),
    ("other", "其他"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("congress", "Category")
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("congress", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
