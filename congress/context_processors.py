from typing import Any

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"COMMITTEE_NAME": settings.COMMITTEE_NAME, "PORTAL_NAME": settings.PORTAL_NAME}
