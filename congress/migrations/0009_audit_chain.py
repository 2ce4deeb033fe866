"""The audit chain's columns and head (congress.audit_chain)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('congress', '0008_idempotency_keys'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last_seq', models.BigIntegerField(default=0, verbose_name='last position')),
                ('last_hash', models.CharField(default='', max_length=64, verbose_name='last hash')),
            ],
            options={
                'verbose_name': 'audit chain',
                'verbose_name_plural': 'audit chain',
                'permissions': [('verify_audit_chain', 'Can verify the audit chain')],
            },
        ),
        migrations.AddField(
            model_name='auditevent',
            name='address',
            field=models.CharField(blank=True, max_length=45, verbose_name='client address'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='content_digest',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='content digest'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='redacted',
            field=models.BooleanField(default=False, editable=False, verbose_name='personal data removed'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='row_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='row hash'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='seq',
            field=models.BigIntegerField(editable=False, null=True, unique=True, verbose_name='position in the chain'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='content_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype', verbose_name='object type'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='object_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='object id'),
        ),
    ]
