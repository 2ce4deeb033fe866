"""Rejection reasons per body (docs/bodies.md): a nullable owner, and a title unique per body instead
of across the portal (the shared ones count as one body). Every existing reason gets no body, so it
stays shared by every body, as it was."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('congress', '0014_category_body'),
        ('suggestions', '0014_auto_dispatch_and_route_trust'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='rejectionreason',
            options={'ordering': ['title', 'pk'], 'verbose_name': 'rejection reason', 'verbose_name_plural': 'rejection reasons'},
        ),
        migrations.AddField(
            model_name='rejectionreason',
            name='body',
            field=models.ForeignKey(blank=True, help_text="Empty: shared by every body. Set: that body's own, used by it and the bodies below it.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rejection_reasons', to='congress.body', verbose_name="people's congress body"),
        ),
        migrations.AlterField(
            model_name='rejectionreason',
            name='title',
            field=models.CharField(max_length=60, verbose_name='title'),
        ),
        migrations.AddConstraint(
            model_name='rejectionreason',
            constraint=models.UniqueConstraint(fields=('body', 'title'), name='rejection_reason_body_title', nulls_distinct=False, violation_error_message='A rejection reason with this title already exists: titles are unique within a body and among the shared ones.'),
        ),
    ]
