"""Business numbers of the deputies app. Each can be overridden in Django settings under the same
name; the default and its source are given here."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Voters may rate a report-back for this many days after it is published (default; no source
    # names a window, a month matches the one-month feedback of 002:585).
    "REPORT_BACK_RATING_DAYS": 30,
    # SMS codes: valid for 10 minutes, 5 wrong tries kill a code, a new code at most once a minute
    # for the same number (default, the usual practice of SMS verification).
    "REPORT_BACK_CODE_MINUTES": 10,
    "REPORT_BACK_CODE_ATTEMPTS": 5,
    "REPORT_BACK_CODE_INTERVAL_SECONDS": 60,
    "REPORT_BACK_CODE_LENGTH": 6,
    # django-ratelimit rates of the public rating page: codes requested per client address and per
    # mobile number, rating attempts per client address (default, no source).
    "REPORT_BACK_CODE_RATE_IP": "10/h",
    "REPORT_BACK_CODE_RATE_MOBILE": "3/h",
    "REPORT_BACK_RATE_RATE_IP": "30/h",
    # A committee member liaises with about 5–10 deputies (双联系, 001, 002:1143): more is refused.
    "LIAISON_MAX_DEPUTIES": 10,
}


def conf(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
