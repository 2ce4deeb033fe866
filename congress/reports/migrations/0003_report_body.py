"""Whose report (DOMAIN.md §11): every report generated before there were bodies was the whole
city's, so it belongs to the root body; nothing is lost."""

import django.db.models.deletion
from django.db import migrations, models


def root_give(apps, schema_editor):
    Body = apps.get_model("congress", "Body")
    Report = apps.get_model("reports", "Report")
    root = Body.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is not None:
        Report.objects.filter(body__isnull=True).update(body=root)


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0007_required_bodies"),
        ("reports", "0002_monthly_key_report_task"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="congress.body",
                verbose_name="people's congress body",
            ),
        ),
        migrations.RunPython(root_give, migrations.RunPython.noop),
    ]
