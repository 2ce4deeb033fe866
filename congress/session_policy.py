"""Sessions of GB/T 22239-2019 level 3 (身份鉴别, 访问控制): the last login shown after login, an
idle timeout for staff with a warning before it (``static/js/idle-timeout.js``), one session per
staff account at a time, and a password change forced before anything else when it is due
(``congress.passwords``). Settings: ``STAFF_IDLE_TIMEOUT_MINUTES`` (30), ``STAFF_IDLE_WARNING_SECONDS``
(120), ``STAFF_SINGLE_SESSION`` (on), ``PASSWORD_MAX_AGE_DAYS`` (0: off)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

LAST_ACTIVITY = "congress_last_activity"
CHANGE_DUE = "congress_password_change_due"
# The last activity is written to the session at most this often (seconds): not a write per request.
ACTIVITY_RESOLUTION = 60
# Pages an account reaches while a password change is due or its session is ending.
OPEN_URL_NAMES = frozenset(
    {
        "password_change",
        "password_change_done",
        "logout",
        "login",
        "two-factor",
        "set_language",
        "keep-alive",
        "healthz",
        "healthz-ready",
        "healthz-live",
    }
)


def idle_timeout_seconds(user: Any) -> int:
    """Staff sessions end after this much inactivity (0: never)."""
    if not (getattr(user, "is_authenticated", False) and user.is_staff):
        return 0
    return int(settings.STAFF_IDLE_TIMEOUT_MINUTES) * 60


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Remember this login (time, address, session) and tell the user when and where the previous
    one was: a login they do not recognise is someone else's."""
    from .models import AccountState

    if request is None or not hasattr(request, "session"):
        return
    state, _created = AccountState.objects.get_or_create(user_id=user.pk)
    if state.last_login_at is not None:
        messages.info(
            request,
            _("Your previous login: %(when)s from %(where)s.")
            % {
                "when": formats.date_format(timezone.localtime(state.last_login_at), "DATETIME_FORMAT"),
                "where": state.last_login_address or _("an unknown address"),
            },
            fail_silently=True,  # a login outside a page (the test client's force_login) has no messages
        )
    if not request.session.session_key:
        request.session.save()
    state.last_login_at = timezone.now()
    state.last_login_address = str(request.META.get("REMOTE_ADDR") or "")[:45]
    state.session_key = request.session.session_key or ""
    state.save(update_fields=["last_login_at", "last_login_address", "session_key"])
    from django.core.cache import cache

    from .passwords import password_change_required

    cache.set(_session_cache_key(user.pk), state.session_key, timeout=24 * 3600)
    request.session[LAST_ACTIVITY] = time.time()
    if password_change_required(user):
        request.session[CHANGE_DUE] = True


def _session_cache_key(user_id: int) -> str:
    return f"congress:staff-session:{user_id}"


def current_session_key(user_id: int) -> str:
    """The session a staff account may have open: from the cache (no query per request), else from
    the database (and put back in the cache)."""
    from django.core.cache import cache

    from .models import AccountState

    key = cache.get(_session_cache_key(user_id))
    if key is None:
        key = AccountState.objects.filter(user_id=user_id).values_list("session_key", flat=True).first() or ""
        cache.set(_session_cache_key(user_id), key, timeout=24 * 3600)
    return str(key)


def session_key_moved(*, user_id: int, old: str, new: str) -> None:
    from django.core.cache import cache

    from .models import AccountState

    if AccountState.objects.filter(user_id=user_id, session_key=old).update(session_key=new):
        cache.set(_session_cache_key(user_id), new, timeout=24 * 3600)


class AccountPolicyMiddleware:
    """After authentication, the second factor and the messages: ends a staff session that was idle
    too long or that a newer login of the same account replaced, and sends an account whose password
    change is due to the change page. A plain request of a staff member costs no query: the open
    session is read from the cache, the due change was decided at login (and is re-read only while
    it is due), the last activity is written at most once a minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        ended = self._ended(request, user)
        if ended is not None:
            logout(request)
            messages.warning(request, ended, fail_silently=True)
            return self._to(request, "login")
        if request.session.get(CHANGE_DUE) and not self._open(request):
            from .passwords import password_change_required

            if password_change_required(user):
                messages.warning(request, _("Choose a new password before you continue."), fail_silently=True)
                return self._to(request, "password_change")
            del request.session[CHANGE_DUE]
        if idle_timeout_seconds(user):
            last = request.session.get(LAST_ACTIVITY)
            now = time.time()
            if not isinstance(last, int | float) or now - last >= ACTIVITY_RESOLUTION:
                request.session[LAST_ACTIVITY] = now
        before = request.session.session_key
        response = self.get_response(request)
        after = request.session.session_key
        user_id = getattr(request.user, "pk", None)
        if before and after and after != before and user_id is not None:
            # A password change renews the session's key (update_session_auth_hash): the renewed
            # session stays the account's open one.
            session_key_moved(user_id=user_id, old=before, new=after)
        return response

    def _ended(self, request: HttpRequest, user: Any) -> str | None:
        timeout = idle_timeout_seconds(user)
        last = request.session.get(LAST_ACTIVITY)
        if timeout and isinstance(last, int | float) and time.time() - last > timeout:
            return _("Your session ended after %(minutes)s minutes without activity. Log in again.") % {
                "minutes": timeout // 60
            }
        if user.is_staff and settings.STAFF_SINGLE_SESSION:
            current = current_session_key(user.pk)
            if current and current != request.session.session_key:
                return _("Your account logged in elsewhere, which ended this session.")
        return None

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            return resolve(request.path_info).url_name in OPEN_URL_NAMES
        except Resolver404:
            return False

    @staticmethod
    def _to(request: HttpRequest, name: str) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Log in again.")}, status=403)
        return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


@never_cache
@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The idle warning's "stay logged in" button: the request itself counts as activity."""
    return JsonResponse({"timeout": idle_timeout_seconds(request.user)})
