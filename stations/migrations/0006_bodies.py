"""The body of each station (DOMAIN.md §11): nullable here, filled by 0007, required by 0008."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stations", "0005_labels"), ("congress", "0007_required_bodies")]

    operations = [
        migrations.AddField(
            model_name="station",
            name="body",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="stations",
                to="congress.body",
                verbose_name="people's congress body",
            ),
        ),
    ]
