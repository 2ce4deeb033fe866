"""Celery application.

The broker is Redis when ``REDIS_URL`` is set; otherwise kombu's filesystem transport under
``var/broker`` so that a development machine runs a real worker and beat with no server.
Periodic tasks live in the database (django-celery-beat) so staff can see and edit them.
"""

from celery import Celery

from .settings_module import use_settings_module

# Production unless the environment or .env says otherwise (congress/settings_module.py).
use_settings_module("congress.settings.production")

app = Celery("congress")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Reminder scans live beside the models they scan, in each app's ``reminders`` module.
app.autodiscover_tasks(related_name="reminders")
