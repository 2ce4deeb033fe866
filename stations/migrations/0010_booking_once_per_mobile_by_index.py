"""One live booking per mobile number and reception, compared by the number's blind index (the number
itself is encrypted). Separate from the encryption so that the index is filled before it is unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stations", "0009_booking_data_encrypted")]

    operations = [
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'booked')), fields=('reception', 'mobile_index'), name='booking_once_per_mobile'),
        ),
    ]
