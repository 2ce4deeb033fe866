"""Rate limits of the public intake and tracking (django-ratelimit, counted in the cache). The rates
are settings (see ``conf``)."""

from __future__ import annotations

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from .conf import conf


def _hit(request: HttpRequest, *, group: str, key: object, rate: str) -> bool:
    return bool(is_ratelimited(request, group=group, key=key, rate=rate, increment=True))


def submit_limited_by_ip(request: HttpRequest) -> bool:
    return _hit(request, group="suggestions.submit.ip", key="ip", rate=conf("SUGGESTIONS_SUBMIT_RATE_IP"))


def submit_limited_by_mobile(request: HttpRequest, mobile: str) -> bool:
    return _hit(
        request,
        group="suggestions.submit.mobile",
        key=lambda _group, _request: mobile,
        rate=conf("SUGGESTIONS_SUBMIT_RATE_MOBILE"),
    )


def track_limited(request: HttpRequest, code: str) -> bool:
    """Both counters advance on every attempt: guessing from one address, or at one code."""
    by_ip = _hit(request, group="suggestions.track.ip", key="ip", rate=conf("SUGGESTIONS_TRACK_RATE_IP"))
    by_code = _hit(
        request,
        group="suggestions.track.code",
        key=lambda _group, _request: code.upper(),
        rate=conf("SUGGESTIONS_TRACK_RATE_CODE"),
    )
    return by_ip or by_code
