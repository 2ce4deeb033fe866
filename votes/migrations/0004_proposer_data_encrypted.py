"""Proposal: personal data stored encrypted with SM4-GCM (congress.fieldcrypto); the rows already
stored are encrypted here in batches, nothing lost (reversible)."""

import congress.encrypted_fields
from congress.fieldcrypto_migrate import decrypt_rows, encrypt_rows
import django.core.validators
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('votes', '0003_ballot_box'),
    ]

    operations = [
        migrations.AlterField(
            model_name='proposal',
            name='proposer_email',
            field=congress.encrypted_fields.EncryptedTextField(blank=True, max_length=254, validators=[django.core.validators.EmailValidator()], verbose_name="proposer's email"),
        ),
        migrations.AlterField(
            model_name='proposal',
            name='proposer_name',
            field=congress.encrypted_fields.EncryptedTextField(blank=True, max_length=50, verbose_name="proposer's name"),
        ),
        migrations.AlterField(
            model_name='proposal',
            name='proposer_phone',
            field=congress.encrypted_fields.EncryptedTextField(blank=True, max_length=20, verbose_name="proposer's mobile phone"),
        ),
        migrations.RunPython(encrypt_rows("votes", "Proposal"), decrypt_rows("votes", "Proposal")),
    ]
