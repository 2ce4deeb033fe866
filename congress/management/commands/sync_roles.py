from typing import Any

from django.core.management.base import BaseCommand

from congress.roles import roles_sync


class Command(BaseCommand):
    help = "Create the role groups and give them their permissions (safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        for code, count in roles_sync().items():
            self.stdout.write(f"{code}: {count} permissions")
