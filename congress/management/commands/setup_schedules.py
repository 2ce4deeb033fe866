"""Create the periodic tasks every app declares in its ``schedules`` module (idempotent; schedules
staff have edited in the admin are left as they are)."""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the periodic tasks of every app (safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            if not str(config.path).startswith(str(settings.BASE_DIR)):
                continue
            for module_name in (f"{config.name}.schedules", f"{config.name}.reminders"):
                if find_spec(module_name) is None:
                    continue
                module = import_module(module_name)
                if hasattr(module, "ensure_periodic_tasks"):
                    module.ensure_periodic_tasks()
                    self.stdout.write(f"schedules of {module_name} ready")
