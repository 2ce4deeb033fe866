"""Every station has its body now (0007): the column becomes required; a row created without one
belongs to the root body."""

import django.db.models.deletion
from django.db import migrations, models

import congress.models


class Migration(migrations.Migration):
    dependencies = [("stations", "0007_root_bodies")]

    operations = [
        migrations.AlterField(
            model_name="station",
            name="body",
            field=models.ForeignKey(
                default=congress.models.root_body_pk, on_delete=django.db.models.deletion.PROTECT,
                related_name="stations",
                to="congress.body",
                verbose_name="people's congress body",
            ),
        ),
    ]
