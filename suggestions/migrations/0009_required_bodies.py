"""Every suggestion has its body now (0008): the column becomes required; a row created without one
belongs to the root body."""

import django.db.models.deletion
from django.db import migrations, models

import congress.models


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0008_root_bodies")]

    operations = [
        migrations.AlterField(
            model_name="suggestion",
            name="body",
            field=models.ForeignKey(
                default=congress.models.root_body_pk, on_delete=django.db.models.deletion.PROTECT,
                related_name="suggestions",
                to="congress.body",
                verbose_name="handled by",
            ),
        ),
        migrations.AlterField(
            model_name="suggestion",
            name="received_by",
            field=models.ForeignKey(
                default=congress.models.root_body_pk, on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="congress.body",
                verbose_name="received by",
            ),
        ),
    ]
