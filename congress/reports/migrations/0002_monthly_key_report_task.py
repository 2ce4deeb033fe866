"""The monthly dispatch of key suggestions moved from suggestions.reminders (a text message) to the
reports module (a PDF): point an existing periodic task at the new task, keeping staff's schedule."""

from django.db import migrations

OLD = "suggestions.reminders.monthly_key_report"
NEW = "reports.monthly_key_report"


def forwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=OLD).update(
        task=NEW, name="Reports: monthly dispatch of key suggestions (PDF)"
    )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=NEW).update(task=OLD, name="Reminders: monthly dispatch of key suggestions")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_report"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
