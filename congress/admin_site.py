"""The portal's admin site: Django's, at a URL a setting can move, with two-factor login for staff.

With ``STAFF_REQUIRE_2FA`` (on in production) a staff member whose session has not passed a TOTP code
(django-otp) is treated as not allowed in the admin and sent to the two-factor page, where they
enter the code of their authenticator app, or set one up the first time."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldError, ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

QUERY_ERRORS = (ValueError, TypeError, ValidationError, FieldError, OverflowError, IncorrectLookupParameters)


def second_factor_missing(request: HttpRequest) -> bool:
    """A staff member who has logged in with a password but not yet with a TOTP code."""
    user = request.user
    if not (settings.STAFF_REQUIRE_2FA and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return not user.is_verified()  # type: ignore[attr-defined]  # django-otp's middleware adds it


def two_factor_redirect(request: HttpRequest, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('two-factor')}?{urlencode({'next': next_url})}")


class CongressAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not second_factor_missing(request)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if second_factor_missing(request):
                return two_factor_redirect(request, request.get_full_path())
            try:
                response = inner(request, *args, **kwargs)
                if request.GET and hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()  # template errors caused by the query string surface here
                return response
            except ObjectDoesNotExist:  # a guessed id on a third-party admin page: not found
                raise Http404 from None
            except QUERY_ERRORS:
                if request.method != "GET" or not request.GET:
                    raise
                # Admin views take initial form data and filters from the query string and do not
                # all survive a value of the wrong type (?area=abc on an add page): a 400, not a 500.
                logger.warning("admin: unusable query string on %s", request.path, exc_info=True)
                return HttpResponseBadRequest(
                    gettext("The address contains a value the page cannot use. Remove it and try again."),
                    content_type="text/plain; charset=utf-8",
                )

        return checked

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        if second_factor_missing(request):
            return two_factor_redirect(request, request.POST.get("next") or reverse("admin:index"))
        return response


class CongressAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the portal's site as the default site, so every
    ``@admin.register`` lands on it (INSTALLED_APPS names this class instead of the admin app)."""

    default_site = "congress.admin_site.CongressAdminSite"
