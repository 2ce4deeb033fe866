"""Rate limits of the public intake and tracking (django-ratelimit, counted in the shared cache). The
rates are settings (see ``conf``).

Submissions count every attempt, per network address and per mobile number. Tracking counts *wrong*
PINs only, in three counters, so that a stranger who knows someone's tracking code slows himself down
without locking the owner out:

* per code **and** client (network address, and API client when there is one): a few wrong PINs and
  this client must wait; the owner on another network is not affected;
* per client, whatever the code: one network guessing at many codes;
* per code, from everywhere: a generous daily ceiling that only a distributed attack reaches. Even
  then the case itself is untouched and the message says how to get its status by other means.

When the cache (Redis) cannot be reached, submissions go on (counting resumes when it is back: a
citizen is never turned away because of the infrastructure) while PIN checks are refused for the
moment (a guessing window must not open during an outage)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage, is_ratelimited

from .conf import conf

logger = logging.getLogger(__name__)


def _hit(request: HttpRequest, *, group: str, key: object, rate: str) -> bool:
    try:
        return bool(is_ratelimited(request, group=group, key=key, rate=rate, increment=True))
    except Exception:  # cache unreachable: do not refuse a citizen's submission for it
        logger.warning("rate-limit cache unavailable for %s; not counting", group)
        return False


def submit_limited_by_ip(request: HttpRequest) -> bool:
    return _hit(request, group="suggestions.submit.ip", key="ip", rate=conf("SUGGESTIONS_SUBMIT_RATE_IP"))


def submit_limited_by_mobile(request: HttpRequest, mobile: str) -> bool:
    return _hit(
        request,
        group="suggestions.submit.mobile",
        key=lambda _group, _request: mobile,
        rate=conf("SUGGESTIONS_SUBMIT_RATE_MOBILE"),
    )


def _client(request: HttpRequest) -> str:
    """Who is asking: the network address, and the registered API client when there is one."""
    client = getattr(request, "api_client", None)
    address = request.META.get("REMOTE_ADDR", "")
    return f"{getattr(client, 'prefix', '')}@{address}"


@dataclass(frozen=True)
class TrackLimit:
    """Why tracking is refused for now, and what the citizen can do about it."""

    reason: str

    @property
    def message(self) -> str:
        if self.reason == "code_client":
            return _(
                "Too many wrong PINs for this tracking code from your network. Wait an hour and try "
                "again, or use another network (for example mobile data instead of Wi-Fi). Your case is "
                "not affected."
            )
        if self.reason == "client":
            return _("Too many wrong attempts from your network. Please try again in an hour.")
        if self.reason == "code":
            return _(
                "This tracking code is locked for today after many wrong PINs from several places. Your "
                "case is not affected: try again tomorrow, or call the committee office with your "
                "tracking code to hear its status."
            )
        return _("Tracking is briefly unavailable. Please try again in a few minutes.")


def _counters(request: HttpRequest, code: str) -> list[tuple[str, str, str, str]]:
    client = _client(request)
    code = code.upper()
    return [
        (
            "code_client",
            "suggestions.track.code_client",
            f"{code}|{client}",
            conf("SUGGESTIONS_TRACK_RATE_CODE"),
        ),
        ("client", "suggestions.track.client", client, conf("SUGGESTIONS_TRACK_RATE_IP")),
        ("code", "suggestions.track.code", code, conf("SUGGESTIONS_TRACK_RATE_CODE_ANYWHERE")),
    ]


def track_refused(request: HttpRequest, code: str) -> TrackLimit | None:
    """Whether this client may try a PIN for ``code`` now (counts nothing)."""
    for reason, group, value, rate in _counters(request, code):
        try:
            usage = get_usage(request, group=group, key=lambda _g, _r, v=value: v, rate=rate, increment=False)
        except Exception:  # cache unreachable: no PIN checks until it is back
            logger.warning("rate-limit cache unavailable for %s; refusing PIN checks", group)
            return TrackLimit("unavailable")
        if usage is not None and usage["count"] >= usage["limit"]:
            return TrackLimit(reason)
    return None


def track_failed(request: HttpRequest, code: str) -> None:
    """Count one wrong code or PIN in every counter."""
    for _reason, group, value, rate in _counters(request, code):
        _hit(request, group=group, key=lambda _g, _r, v=value: v, rate=rate)
