"""Language selection: Simplified Chinese unless the visitor chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language header, so a phone set to English
would get English pages. The portal serves a Chinese city: the default is zh-hans, and only the
language switch in the footer (the language cookie) changes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext

from .sanitise import has_controls


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def _has_control(values: Iterable[str]) -> bool:
    """C0 control characters other than tab, line feed and carriage return, and DEL (congress.sanitise):
    PostgreSQL refuses NUL in text outright (a 500 if it reaches a query)."""
    return any(has_controls(value) for value in values)


class InputSanitiserMiddleware:
    """A path segment, query parameter or form field with a control character (a NUL byte above
    all) gets a 400 with a plain message before any view or query sees it: the same answer for every
    public, API and admin URL. Numbers out of range are each view's business (they give a 400 or an
    empty page there); tests/security/test_url_fuzz.py walks every URL pattern with both."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._too_large(request):
            return self._refuse(
                request,
                gettext("The upload is too large. Send fewer or smaller files."),
                status=413,
            )
        if self._tainted(request):
            return self._refuse(
                request, gettext("The address or the form contains characters that are not allowed.")
            )
        return self.get_response(request)

    @staticmethod
    def _too_large(request: HttpRequest) -> bool:
        """Django caps form fields but not files: the whole body is capped here (settings)."""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return length > settings.MAX_REQUEST_BYTES

    @staticmethod
    def _tainted(request: HttpRequest) -> bool:
        if _has_control((request.path,)):
            return True
        query = request.GET
        if _has_control(query.keys()) or _has_control(v for values in query.lists() for v in values[1]):
            return True
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                form = request.POST
            except Exception:  # a malformed body: the view's own parsing answers it
                return False
            return _has_control(form.keys()) or _has_control(v for values in form.lists() for v in values[1])
        return False

    @staticmethod
    def _refuse(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
        if request.path.startswith("/api/"):
            from .api_errors import error_body

            return JsonResponse(
                error_body(status, message=message), status=status, json_dumps_params={"ensure_ascii": False}
            )
        if request.path.startswith("/open311/"):
            # GeoReport v2's error list (suggestions/open311.py).
            return JsonResponse(
                [{"code": status, "description": message}],
                status=status,
                safe=False,
                json_dumps_params={"ensure_ascii": False},
            )
        response = HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        response.status_code = status
        return response


class SecondFactorMiddleware:
    """With ``STAFF_REQUIRE_2FA``, an account that needs a TOTP code (staff, and the committee staff
    and leader roles: ``congress.twofactor``) and has passed only the password reaches nothing but
    the two-factor page, logout, the language switch and the health checks: every other page
    redirects to the two-factor page, every API call is a 403. One rule for the admin, the staff
    reports, the documents, the workbenches and the API (placed after django-otp's middleware,
    which tells whether the session is verified). Deputies, unit officers and liaisons who are not
    staff are not concerned. Static files are served before the session is read (WhiteNoise)."""

    OPEN_URL_NAMES = frozenset(
        {"two-factor", "logout", "set_language", "healthz", "healthz-ready", "healthz-live"}
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .twofactor import second_factor_missing, two_factor_redirect

        # No session cookie, no logged-in user: the session is not even read (public pages stay
        # free of ``Vary: Cookie`` and of a session query).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        if second_factor_missing(request) and not self._open(request):
            if request.path_info.startswith("/api/"):
                from .api_errors import error_body

                message = gettext("Enter the code of your authenticator app first (two-factor login).")
                return JsonResponse(
                    error_body(403, message=message, code="second_factor_required"),
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            return two_factor_redirect(request, request.get_full_path())
        return self.get_response(request)

    def _open(self, request: HttpRequest) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in self.OPEN_URL_NAMES


class ApiHttpCachingMiddleware:
    """Every 4xx under /api/ in the one error shape (congress.api_errors), even from a plain Django
    view; and conditional GET and compression for the API's reads (docs/api.md, "Caching"): every 200 answer
    to a GET under /api/ carries an ETag (and the Last-Modified a view set); a request whose
    ``If-None-Match`` / ``If-Modified-Since`` still matches gets a 304 without a body. JSON answers
    are gzip-compressed when the client accepts it: only reads, never a POST whose answer may hold a
    PIN, so compression cannot leak a secret a client sends (BREACH). ``Cache-Control: private,
    no-cache``: a client may keep the answer but asks again (cheaply, with a 304) before using it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.middleware.gzip import GZipMiddleware

        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path_info.startswith("/api/")
            and 400 <= response.status_code < 500
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # A plain Django view under /api/ (the index's 405, say): the one error shape as well.
            from .api_errors import error_body

            shaped = JsonResponse(
                error_body(response.status_code),
                status=response.status_code,
                json_dumps_params={"ensure_ascii": False},
            )
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if response.has_header(header):
                    shaped[header] = response[header]
            return shaped
        if not (
            request.path_info.startswith("/api/")
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag

        if not response.has_header("ETag"):
            set_response_etag(response)
        response.headers.setdefault("Cache-Control", "private, no-cache")
        patch_vary_headers(response, ("Authorization", "X-Api-Key"))
        last_modified = None
        if response.has_header("Last-Modified"):
            from django.utils.http import parse_http_date_safe

            last_modified = parse_http_date_safe(response["Last-Modified"])
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
        if conditional is not None and conditional is not response:
            return cast(HttpResponse, conditional)
        return cast(HttpResponse, self.gzip.process_response(request, response))
