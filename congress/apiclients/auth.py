"""How the API recognises a registered client, and holds it to its own rate limit.

A client sends its key in ``Authorization: Api-Key <key>`` (or the ``X-Api-Key`` header). The
authentication class below recognises a valid, unrevoked, unexpired key (a wrong one is a 401 at
once); the permission accepts the request only from a recognised client (no key: a 401 as well) and
counts it against that client's ``rate`` (django-ratelimit, in the shared cache): over it, a 429 with
``Retry-After``. The OpenAPI schema declares the key as the ``ApiKey`` security scheme
(``ClientKeyScheme``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework_api_key.permissions import BaseHasAPIKey, KeyParser

from .models import ApiClient

REALM = 'Api-Key realm="api"'
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ClientKeyParser(KeyParser):
    def get(self, request: HttpRequest) -> str | None:
        return self.get_from_authorization(request) or self.get_from_header(request, "HTTP_X_API_KEY")


class ClientThrottled(Throttled):
    default_detail = _("This client has made too many requests. Please slow down.")


def client_for_key(key: str) -> ApiClient | None:
    try:
        client = ApiClient.objects.get_from_key(key)
    except ApiClient.DoesNotExist:
        return None
    if not isinstance(client, ApiClient) or client.has_expired or not client.is_valid(key):
        return None
    return client


def rate_period_seconds(rate: str) -> int:
    """The length of a rate's window (``600/m`` → 60, ``100/5m`` → 300): how long to wait at most."""
    period = rate.partition("/")[2] or "m"
    count = int(period[:-1]) if period[:-1].isdigit() else 1
    return count * PERIOD_SECONDS.get(period[-1:], 60)


class ClientKeyAuthentication(BaseAuthentication):
    """Recognises the client by its key; the person behind the request stays anonymous."""

    def authenticate(self, request: Any) -> tuple[AnonymousUser, ApiClient] | None:
        key = ClientKeyParser().get(request)
        if not key:
            return None
        client = client_for_key(key)
        if client is None:
            raise AuthenticationFailed(_("The client key is not valid: it is unknown, revoked or expired."))
        return AnonymousUser(), client

    def authenticate_header(self, request: Any) -> str:
        return REALM


class ClientKeyScheme(OpenApiAuthenticationExtension):
    target_class = ClientKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>` (or the key alone in the `X-Api-Key` header)",
        }


class IsRegisteredClient(BaseHasAPIKey):
    """DRF permission of the public API: a registered client within its rate limit."""

    model = ApiClient
    key_parser = ClientKeyParser()
    message = _("This API is for registered client applications: send the client's key.")

    def has_permission(self, request: Any, view: Any) -> bool:
        client = request.auth if isinstance(getattr(request, "auth", None), ApiClient) else None
        if client is None:
            key = self.get_key(request)
            client = client_for_key(key) if key else None
        if client is None:
            return False
        limited = is_ratelimited(
            request._request if hasattr(request, "_request") else request,
            group="api.client",
            key=lambda _group, _request: client.prefix,
            rate=client.rate,
            increment=True,
        )
        if limited:
            raise ClientThrottled(wait=rate_period_seconds(client.rate))
        request.api_client = client
        now = timezone.now()
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return True
