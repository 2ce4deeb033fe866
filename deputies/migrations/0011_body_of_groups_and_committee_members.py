"""Deputy groups and standing-committee members belong to a body (docs/bodies.md): every existing
row goes to the root body (congress 0006 made it), nothing is lost; then the column is required and
a row created without one belongs to the root body (0009: apart, so the update's deferred
foreign-key checks have run before the table is altered)."""

import django.db.models.deletion
from django.db import migrations, models

import congress.models


def root_give(apps, schema_editor):
    root = apps.get_model("congress", "Body").objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:  # no body: congress 0006 always makes one, so only a hand-edited database
        return
    for name in ("DeputyGroup", "CommitteeMember"):
        apps.get_model("deputies", name).objects.filter(body__isnull=True).update(body=root)


def _body(related_name, *, null):
    return models.ForeignKey(
        default=None if null else congress.models.root_body_pk,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="congress.body",
        verbose_name="people's congress body",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0007_required_bodies"),
        ("deputies", "0010_monthly_station_levels"),
    ]

    operations = [
        migrations.AddField("committeemember", "body", _body("committee_members", null=True)),
        migrations.AddField("deputygroup", "body", _body("deputy_groups", null=True)),
        migrations.RunPython(root_give, migrations.RunPython.noop),
    ]
