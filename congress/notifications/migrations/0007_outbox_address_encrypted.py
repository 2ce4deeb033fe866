"""Notification: personal data stored encrypted with SM4-GCM (congress.fieldcrypto); the rows already
stored are encrypted here in batches, nothing lost (reversible)."""

import congress.encrypted_fields
from congress.fieldcrypto_migrate import decrypt_rows, encrypt_rows
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0006_reminder_policy_body'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='to_address',
            field=congress.encrypted_fields.EncryptedTextField(blank=True, max_length=254, verbose_name='address'),
        ),
        migrations.RunPython(encrypt_rows("notifications", "Notification"), decrypt_rows("notifications", "Notification")),
    ]
