"""Every term and handling unit now has its body (0006): the column becomes required; a row created
without one belongs to the root body."""

import django.db.models.deletion
from django.db import migrations, models

import congress.models


class Migration(migrations.Migration):
    dependencies = [("congress", "0006_root_bodies")]

    operations = [
        migrations.AlterField(
            model_name="handlingunit",
            name="body",
            field=models.ForeignKey(
                default=congress.models.root_body_pk,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="units",
                to="congress.body",
                verbose_name="people's congress body",
            ),
        ),
        migrations.AlterField(
            model_name="term",
            name="body",
            field=models.ForeignKey(
                default=congress.models.root_body_pk,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="terms",
                to="congress.body",
                verbose_name="people's congress body",
            ),
        ),
    ]
