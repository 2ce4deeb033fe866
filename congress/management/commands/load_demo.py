"""Build the demo city. Each app contributes a ``demo`` module with a ``load(stdout=...)`` function;
they run in INSTALLED_APPS order so later apps find what earlier ones made. Idempotent."""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo city 示范市 (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        project_root = str(settings.BASE_DIR)
        for config in apps.get_app_configs():
            if not str(config.path).startswith(project_root):
                continue
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            self.stdout.write(f"[{config.label}]")
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data ready"))
