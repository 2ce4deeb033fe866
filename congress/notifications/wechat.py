"""WeChat mini-program subscribe messages (小程序订阅消息, ``subscribeMessage.send``) through the
maintained SDK ``wechatpy``: how a mini-program tells a citizen their item moved. Optional: with no
``WECHAT_APP_ID`` no WeChat row is written and no openid is kept.

A citizen who submits through the mini-program (a ``wechat`` API client) may give their openid; the
messages about that item then also go, channel ``wechat``, to the openid. WeChat sends only approved
templates, each field limited in kind and length, and only as often as the citizen agreed in the
mini-program (``wx.requestSubscribeMessage``): a kind is sent only when ``WECHAT_TEMPLATES`` names a
template for it, ``{"template": id, "data": {"<template field>": "<parameter>"}}``, the parameters
being ``code`` (the tracking code), ``subject`` (what happened), ``status`` (the item's status now)
and ``time`` (when it happened). The PIN is never sent: the mini-program keeps it.

The access token (``cgi-bin/token``, valid 7,200 s) lives in the shared cache (Redis in production)
under the app id, refreshed five minutes before WeChat expires it, so every worker uses one token.
A send refused with an invalid or expired token (40001, 40014, 42001: another server fetched a new
one, or WeChat revoked it) fetches a new token and is tried again once. The SDK's own retry is off: it
would try again without end. ``WECHAT_API_BASE_URL`` points the SDK elsewhere (a fake API in tests).
"""

from __future__ import annotations

import re
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from . import secrets
from .backends import DeliveryError, DeliveryUncertain

# The token is given up this many seconds before WeChat expires it (a send never races the expiry).
TOKEN_MARGIN_SECONDS = 300
# errcodes of a token WeChat no longer takes: fetch a new one and send again, once.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
# errcodes after which sending the same message again cannot succeed (WeChat's documentation of
# subscribeMessage.send): invalid openid, invalid template id, the citizen refused or has no
# subscription left, invalid page, invalid template data.
PERMANENT_ERRORS = frozenset({40003, 40037, 43101, 41030, 47003})
# Field kinds of a subscribe template and their length limits (WeChat's documentation); a longer
# value is refused with 47003, so it is cut here.
FIELD_LIMITS = {"thing": 20, "phrase": 5, "character_string": 32, "number": 32, "letter": 32, "symbol": 5}
PARAMETERS = ("code", "subject", "status", "time")

_CREDENTIALS_IN_URL = re.compile(r"((?:secret|access_token)=)[^&\s'\")]+")


def wechat_configured() -> bool:
    """Whether the portal sends WeChat messages at all (and keeps the openids they go to)."""
    return bool(getattr(settings, "WECHAT_APP_ID", ""))


def _template_entry(kind: str) -> dict[str, Any] | None:
    templates: dict[str, Any] = getattr(settings, "WECHAT_TEMPLATES", {}) or {}
    entry = templates.get(kind) or templates.get(kind.split(":", 1)[0]) or templates.get("*")
    return entry if entry and entry.get("template") else None


def wechat_sends(kind: str) -> bool:
    """Whether a message of this kind goes to WeChat too: configured, and a template for the kind.
    A kind without a template gets no WeChat row (the citizen subscribed to templates, not kinds)."""
    return wechat_configured() and _template_entry(kind) is not None


def _fit(field: str, value: str) -> str:
    limit = FIELD_LIMITS.get(re.sub(r"\d+$", "", field))
    if limit is None or len(value) <= limit:
        return value
    return value[: limit - 1] + "…" if field.startswith("thing") else value[:limit]


def template_data(kind: str, params: dict[str, str]) -> tuple[str, dict[str, dict[str, str]]]:
    """The template id of a kind and the template's data (``{"thing2": {"value": …}}``), each value
    cut to its field's limit. No template, or a parameter missing: a permanent failure."""
    entry = _template_entry(kind)
    if entry is None:
        raise DeliveryError(
            f"no WeChat template for kind {kind or '(none)'} in WECHAT_TEMPLATES", permanent=True
        )
    fields: dict[str, str] = dict(entry.get("data", {}))
    unknown = sorted(name for name in fields.values() if name not in PARAMETERS)
    missing = sorted(name for name in fields.values() if name in PARAMETERS and not params.get(name))
    if unknown or missing:
        raise DeliveryError(
            f"WeChat template of {kind} needs {', '.join(unknown + missing)}"
            f" (parameters: {', '.join(PARAMETERS)})",
            permanent=True,
        )
    return str(entry["template"]), {
        field: {"value": _fit(field, params[name])} for field, name in fields.items()
    }


def page_for(code: str) -> str:
    """The mini-program page the message opens (``WECHAT_PAGE``, ``{code}`` → the tracking code)."""
    return str(getattr(settings, "WECHAT_PAGE", "") or "").replace("{code}", code)


class CacheStorage(SessionStorage):
    """wechatpy's session storage in Django's shared cache: one access token for every process, given
    up ``TOKEN_MARGIN_SECONDS`` before it expires."""

    prefix = "wechat:"

    def get(self, key: str, default: Any = None) -> Any:
        value = cache.get(self.prefix + key)
        return default if value is None else value

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        if value is None:
            return
        timeout = max(1, int(ttl) - TOKEN_MARGIN_SECONDS) if ttl else None
        cache.set(self.prefix + key, value, timeout)

    def delete(self, key: str) -> None:
        cache.delete(self.prefix + key)


class _TimeoutSession(requests.Session):
    """The SDK fetches the token without a timeout: every request of this session has one."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.default_timeout = timeout

    def request(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        return super().request(*args, **kwargs)


class Client(WeChatClient):
    """``WeChatClient`` on ``WECHAT_API_BASE_URL`` with the token in the shared cache."""

    def __init__(self) -> None:
        timeout = float(settings.WECHAT_TIMEOUT)
        super().__init__(
            settings.WECHAT_APP_ID,
            settings.WECHAT_APP_SECRET,
            session=CacheStorage(),
            timeout=timeout,
            auto_retry=False,
        )
        self.base_url = str(settings.WECHAT_API_BASE_URL).rstrip("/") + "/"
        self.API_BASE_URL = self.base_url + "cgi-bin/"
        self._http = _TimeoutSession(timeout)

    def fetch_access_token(self) -> Any:
        return self._fetch_access_token(
            url=self.base_url + "cgi-bin/token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
        )


def _clean(text: str) -> str:
    """An error's text without the app secret or a token (requests names the whole address)."""
    return _CREDENTIALS_IN_URL.sub(r"\1******", text)[:500]


def _refusal(exc: WeChatClientException) -> DeliveryError:
    """WeChat answered: nothing was sent. Permanent for the codes in ``PERMANENT_ERRORS``. An HTTP
    error with no answer from WeChat (a proxy's 5xx) may have passed the message on."""
    if exc.errcode is None:
        status = getattr(exc.response, "status_code", 0) or 0
        message = f"WeChat HTTP {status}"
        return DeliveryUncertain(message, code=str(status)) if status >= 500 else DeliveryError(message)
    code = int(exc.errcode)
    return DeliveryError(
        _clean(f"WeChat {code}: {exc.errmsg}"), permanent=code in PERMANENT_ERRORS, code=str(code)
    )


def _network(exc: requests.RequestException, *, sent: bool) -> DeliveryError:
    """A connection never made sent nothing; a failure after the request was written may have."""
    message = _clean(f"WeChat unreachable: {type(exc).__name__}: {exc}")
    not_sent = isinstance(exc, requests.ConnectTimeout) or (
        isinstance(exc, requests.ConnectionError)
        and any(mark in str(exc) for mark in ("NewConnectionError", "Connection refused"))
    )
    return DeliveryUncertain(message) if sent and not not_sent else DeliveryError(message)


class WeChatSubscribeBackend:
    """Sends one subscribe message; returns WeChat's msgid ("" when it gives none)."""

    def _token(self, client: Client) -> str:
        try:
            return str(client.access_token)
        except WeChatClientException as exc:
            raise _refusal(exc) from exc
        except requests.RequestException as exc:
            raise _network(exc, sent=False) from exc

    def _post(self, client: Client, token: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            result = client.post("message/subscribe/send", data=dict(payload), params={"access_token": token})
        except requests.RequestException as exc:
            raise _network(exc, sent=True) from exc
        return result if isinstance(result, dict) else {}

    def send(self, *, to: str, kind: str, params: dict[str, str]) -> str:
        template_id, data = template_data(kind, params)
        payload: dict[str, Any] = {
            "touser": to,
            "template_id": template_id,
            "data": data,
            "miniprogram_state": settings.WECHAT_MINIPROGRAM_STATE,
            "lang": "zh_CN",
        }
        page = page_for(params.get("code", ""))
        if page:
            payload["page"] = page
        client = Client()
        with secrets.live((str(settings.WECHAT_APP_SECRET),)):
            token = self._token(client)
            with secrets.live((token,)):
                try:
                    result = self._post(client, token, payload)
                except WeChatClientException as exc:
                    if exc.errcode not in TOKEN_ERRORS:
                        raise _refusal(exc) from exc
                    # Give up the token only if no other process replaced it meanwhile.
                    if client.session.get(client.access_token_key) == token:
                        client.session.delete(client.access_token_key)
                    token = self._token(client)
                    with secrets.live((token,)):
                        try:
                            result = self._post(client, token, payload)
                        except WeChatClientException as again:
                            raise _refusal(again) from again
        return str(result.get("msgid", "") or "")


def send_wechat(*, to: str, kind: str, params: dict[str, str]) -> str:
    """Send one WeChat subscribe message; any unexpected error becomes a retry."""
    try:
        return WeChatSubscribeBackend().send(to=to, kind=kind, params=params)
    except DeliveryError:
        raise
    except Exception as exc:
        raise DeliveryError(_clean(f"{type(exc).__name__}: {exc}")) from exc
