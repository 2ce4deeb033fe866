"""The portal's admin site: Django's, at a URL a setting can move, with two-factor login for staff.

With ``STAFF_REQUIRE_2FA`` (on in production) a staff member whose session has not passed a TOTP code
(django-otp) is treated as not allowed in the admin and sent to the two-factor page, where they
enter the code of their authenticator app, or set one up the first time."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldError, ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

QUERY_ERRORS = (ValueError, TypeError, ValidationError, FieldError, OverflowError, IncorrectLookupParameters)


def second_factor_missing(request: HttpRequest) -> bool:
    """An account that needs a TOTP code and has logged in with a password only (congress.twofactor,
    imported here when called: this module is loaded before the models are)."""
    from .twofactor import second_factor_missing as missing

    return missing(request)


def two_factor_redirect(request: HttpRequest, next_url: str) -> HttpResponseRedirect:
    from .twofactor import two_factor_redirect as redirect

    return redirect(request, next_url)


# Strings of Django's admin templates and of third-party models that Django's and the packages' own
# zh-hans catalogues leave in English (the admin index's hidden table headings, django-axes' models).
# Marked here so the portal's catalogue, which comes first, translates them.
UPSTREAM_TEXTS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)

# Third-party apps whose names are not translatable upstream (set on their AppConfig at start-up by
# ``congress.apps``), and models whose names are not, as the admin's index and menu show them.
APP_NAMES = {
    "axes": _("Login attempts"),
    "otp_totp": _("Two-factor authentication"),
    "captcha": _("Captcha"),
    "rest_framework_api_key": _("API keys of client applications"),
}
MODEL_NAMES = {
    ("otp_totp", "TOTPDevice"): _("Authenticator apps (TOTP)"),
    ("rest_framework_api_key", "APIKey"): _("API keys"),
    ("captcha", "CaptchaStore"): _("Captcha challenges"),
}


class CongressAdminSite(admin.AdminSite):
    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict[str, Any]]:
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                name = MODEL_NAMES.get((app["app_label"], model["object_name"]))
                if name is not None:
                    model["name"] = name
        return app_list

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        """The heading names the body the staff member works for (甲区人大常委会), not one setting."""
        from .bodies import own_body_name

        context = super().each_context(request)
        name = own_body_name(request.user)
        context["site_header"] = context["site_title"] = name
        return context

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not second_factor_missing(request)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        from .admin_guard import guard_view

        # An extra page of a ModelAdmin opens only with the permissions it declares (admin_guard).
        view = guard_view(view)
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

        if hasattr(view, "admin_permissions"):
            checked.admin_permissions = view.admin_permissions  # type: ignore[attr-defined]
        return checked

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        if second_factor_missing(request):
            return two_factor_redirect(request, request.POST.get("next") or reverse("admin:index"))
        return response


def _boolean_icon(field_val: bool | None) -> str:
    """Django's yes/no/unknown icon with a translated alt text (Django writes "True"/"False", which a
    screen reader reads out in English)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    name = {True: "yes", False: "no", None: "unknown"}[field_val]
    text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)


class CongressAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the portal's site as the default site, so every
    ``@admin.register`` lands on it (INSTALLED_APPS names this class instead of the admin app)."""

    default_site = "congress.admin_site.CongressAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib.admin.templatetags import admin_list

        from . import admin_guard  # noqa: F401  (registers the system check)

        # Django's admin imports the icon function at each call, from this module.
        admin_list._boolean_icon = _boolean_icon  # type: ignore[attr-defined]
