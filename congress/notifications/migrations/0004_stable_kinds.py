"""Notification kinds became stable codes: rows written before carried the id of what they were
about after a colon (``suggestion.reply:12``), one filter choice per id. The id stays in the
de-duplication key; the kind keeps the code only."""

from django.db import migrations

FORWARD = """
UPDATE notifications_notification
   SET kind = split_part(kind, ':', 1)
 WHERE kind LIKE 'suggestion.%%:%%'
"""


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_notification_attachment")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=migrations.RunSQL.noop)]
