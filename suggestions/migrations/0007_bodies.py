"""The body of each suggestion (DOMAIN.md §11): nullable here, filled by 0008, required by 0009."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0006_partial_indexes_for_lists"), ("congress", "0007_required_bodies")]

    operations = [
        migrations.AddField(
            model_name="suggestion",
            name="body",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="suggestions",
                to="congress.body",
                verbose_name="handled by",
            ),
        ),
        migrations.AddField(
            model_name="suggestion",
            name="received_by",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="congress.body",
                verbose_name="received by",
            ),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(fields=["body", "submitted_at"], name="suggestion_body_idx"),
        ),
    ]
