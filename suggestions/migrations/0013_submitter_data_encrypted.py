"""Suggestion: personal data stored encrypted with SM4-GCM (congress.fieldcrypto); the rows already
stored are encrypted here in batches, nothing lost (reversible)."""

import congress.encrypted_fields
from congress.fieldcrypto_migrate import decrypt_rows, encrypt_rows
import django.core.validators
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('suggestions', '0012_hotspots'),
    ]

    operations = [
        migrations.AddField(
            model_name='suggestion',
            name='submitter_mobile_index',
            field=congress.encrypted_fields.BlindIndexField(db_index=True, purpose='mobile', source='submitter_mobile', verbose_name='mobile number (blind index)'),
        ),
        migrations.AlterField(
            model_name='suggestion',
            name='address',
            field=congress.encrypted_fields.EncryptedTextField(blank=True, max_length=200, verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='suggestion',
            name='submitter_email',
            field=congress.encrypted_fields.EncryptedTextField(blank=True, max_length=254, validators=[django.core.validators.EmailValidator()], verbose_name='email'),
        ),
        migrations.AlterField(
            model_name='suggestion',
            name='submitter_mobile',
            field=congress.encrypted_fields.EncryptedTextField(blank=True, max_length=20, verbose_name='mobile number'),
        ),
        migrations.AlterField(
            model_name='suggestion',
            name='submitter_name',
            field=congress.encrypted_fields.EncryptedTextField(blank=True, max_length=50, verbose_name="submitter's name"),
        ),
        migrations.RunPython(encrypt_rows("suggestions", "Suggestion"), decrypt_rows("suggestions", "Suggestion")),
    ]
