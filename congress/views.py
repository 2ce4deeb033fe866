from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import api_errors
from .health import readiness


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 with the status of the database and the broker; 503 when either is down.
    Probed at most once every few seconds per process, each check with a short timeout
    (``congress.health``)."""
    state = readiness()
    return JsonResponse(state.as_json(), status=200 if state.ok else 503)


@never_cache
@require_GET
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process serves requests. No database, no broker: never slow, never 503."""
    return JsonResponse({"status": "ok"})


@require_GET
def api_root(request: HttpRequest) -> JsonResponse:
    """Every group of endpoints with what it holds and who may use it, and the OpenAPI documents."""
    from .api_index import API_GROUPS, PREFIX

    def url(path: str) -> str:
        return request.build_absolute_uri(PREFIX + path)

    return JsonResponse(
        {
            "title": gettext("%(portal)s API, version 1") % {"portal": settings.PORTAL_NAME},
            "schema": request.build_absolute_uri(reverse("api-schema")),
            "docs": request.build_absolute_uri(reverse("api-docs")),
            "redoc": request.build_absolute_uri(reverse("api-redoc")),
            "documentation": gettext(
                "The OpenAPI schema (schema) describes every endpoint; docs opens it as a page to try them."
            ),
            "groups": [
                {
                    "path": PREFIX + group.path,
                    "description": str(group.description),
                    "access": str(group.access),
                    # A group whose address needs a value names it in braces (url_template).
                    **(
                        {"url_template": url("") + group.example}
                        if "{" in group.example
                        else {"url": url(group.example or group.path)}
                    ),
                }
                for group in API_GROUPS
            ],
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


# 长辈模式 (国办公开办函〔2021〕28号): remembered in a cookie of its own, so a citizen without an
# account keeps it on every page and on the next visit; it holds no personal data.
ELDER_MODE_COOKIE = "elder_mode"
ELDER_MODE_MAX_AGE = 365 * 24 * 3600


@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Switch 长辈模式 (larger text and controls, simpler layout) on (``on=1``) or off, and go back
    to the page the switch was pressed on (a form, like Django's language switch: no script)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    response = HttpResponseRedirect(target)
    if request.POST.get("on") == "1":
        response.set_cookie(
            ELDER_MODE_COOKIE,
            "1",
            max_age=ELDER_MODE_MAX_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    else:
        response.delete_cookie(ELDER_MODE_COOKIE, samesite="Lax")
    return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if api_errors.is_api_path(request.path):
        return api_errors.api_not_found(request)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors or database access: the error may be the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
