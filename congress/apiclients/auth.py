"""How the API recognises a registered client, and holds it to its own rate limit.

A client sends its key in ``Authorization: Api-Key <key>`` (or the ``X-Api-Key`` header). The
permission below accepts the request only with a valid, unrevoked, unexpired key, and counts the
request against that client's ``rate`` (django-ratelimit, in the shared cache): over it, a 429."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from rest_framework.exceptions import Throttled
from rest_framework_api_key.permissions import BaseHasAPIKey, KeyParser

from .models import ApiClient


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


class IsRegisteredClient(BaseHasAPIKey):
    """DRF permission of the public API: a registered client within its rate limit."""

    model = ApiClient
    key_parser = ClientKeyParser()
    message = _("This API is for registered client applications: send the client's key.")

    def has_permission(self, request: Any, view: Any) -> bool:
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
            raise ClientThrottled()
        request.api_client = client
        now = timezone.now()
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return True
