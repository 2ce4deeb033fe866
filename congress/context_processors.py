from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .bodies import root_body_name
from .notifications.backends import email_backend_is_development, sms_backend_is_development


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        # The deployment's own committee (the root body's name, which staff may rename): the heading
        # of pages that belong to no particular body. Read only when a template needs it.
        "COMMITTEE_NAME": SimpleLazyObject(root_body_name),
        "PORTAL_NAME": settings.PORTAL_NAME,
        # The admin warns staff while QR codes would print the development address (production only).
        "PUBLIC_BASE_URL_WARNING": getattr(settings, "PUBLIC_BASE_URL_WARNING", False),
        "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL,
        # The idle-timeout warning of staff pages (congress/session_policy.py).
        "STAFF_IDLE_TIMEOUT_SECONDS": settings.STAFF_IDLE_TIMEOUT_MINUTES * 60,
        "STAFF_IDLE_WARNING_SECONDS": settings.STAFF_IDLE_WARNING_SECONDS,
        # ...and while text messages or e-mail only pretend to leave (production only).
        # 长辈模式: larger text and controls on the public pages (congress.views.elder_mode).
        "ELDER_MODE": request.COOKIES.get("elder_mode") == "1",
        "INSECURE_HTTP_TRIAL": getattr(settings, "INSECURE_HTTP_TRIAL", False),
        "SMS_DEVELOPMENT_WARNING": getattr(settings, "DELIVERY_WARNINGS", False)
        and sms_backend_is_development(),
        "EMAIL_DEVELOPMENT_WARNING": getattr(settings, "DELIVERY_WARNINGS", False)
        and email_backend_is_development(),
    }
