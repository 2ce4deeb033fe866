"""Categories per body (docs/bodies.md): a nullable owner. Every existing category gets no body,
so it stays shared by every body, as it was; nothing else changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('congress', '0013_account_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='category',
            name='body',
            field=models.ForeignKey(blank=True, help_text="Empty: shared by every body. Set: that body's own, used by it and the bodies below it.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='categories', to='congress.body', verbose_name="people's congress body"),
        ),
    ]
