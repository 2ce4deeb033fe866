from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def bell(request: HttpRequest) -> dict[str, Any]:
    """Unread in-app messages for the bell in the dashboard and the unit workbench."""
    return {"unread_notifications": unread_count(getattr(request, "user", None))}
