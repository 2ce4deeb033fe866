"""Every deputy group and committee member has its body now (0008): the column becomes required;
a row created without one belongs to the root body."""

import django.db.models.deletion
from django.db import migrations, models

import congress.models


def _body(related_name):
    return models.ForeignKey(
        default=congress.models.root_body_pk,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="congress.body",
        verbose_name="people's congress body",
    )


class Migration(migrations.Migration):
    dependencies = [("deputies", "0011_body_of_groups_and_committee_members")]

    operations = [
        migrations.AlterField("committeemember", "body", _body("committee_members")),
        migrations.AlterField("deputygroup", "body", _body("deputy_groups")),
    ]
