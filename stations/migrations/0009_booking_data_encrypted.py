"""Booking: personal data stored encrypted with SM4-GCM (congress.fieldcrypto); the rows already
stored are encrypted here in batches, nothing lost (reversible)."""

import congress.encrypted_fields
from congress.fieldcrypto_migrate import decrypt_rows, encrypt_rows
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('stations', '0008_required_bodies'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='booking',
            name='booking_once_per_mobile',
        ),
        migrations.AddField(
            model_name='booking',
            name='mobile_index',
            field=congress.encrypted_fields.BlindIndexField(purpose='mobile', source='mobile', verbose_name='mobile phone (blind index)'),
        ),
        migrations.AlterField(
            model_name='booking',
            name='mobile',
            field=congress.encrypted_fields.EncryptedTextField(max_length=11, verbose_name='mobile phone'),
        ),
        migrations.AlterField(
            model_name='booking',
            name='name',
            field=congress.encrypted_fields.EncryptedTextField(max_length=50, verbose_name='name'),
        ),
        migrations.RunPython(encrypt_rows("stations", "Booking"), decrypt_rows("stations", "Booking")),
    ]
