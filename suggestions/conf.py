"""Business numbers of the suggestions app. Each can be overridden in Django settings under the same
name; the default and its source are given here."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Public intake rate limits (django-ratelimit rate strings). No source names numbers: defaults
    # generous enough for a family sharing one phone, tight enough to stop floods.
    "SUGGESTIONS_SUBMIT_RATE_IP": "10/h",
    "SUGGESTIONS_SUBMIT_RATE_MOBILE": "5/d",
    # Wrong tracking codes or PINs (see limits.py): per client (network address, API client) and
    # code together, per client whatever the code, and per code from everywhere (a ceiling only a
    # distributed attack reaches: 262,144 possible PINs at 100 a day is years). Defaults, no source.
    "SUGGESTIONS_TRACK_RATE_CODE": "5/h",
    "SUGGESTIONS_TRACK_RATE_IP": "20/h",
    "SUGGESTIONS_TRACK_RATE_CODE_ANYWHERE": "100/d",
    # Photos: at most 5, each at most 10 MB (issue 5); longest side after re-encoding.
    "SUGGESTIONS_MAX_PHOTOS": 5,
    "SUGGESTIONS_MAX_PHOTO_BYTES": 10 * 1024 * 1024,
    "SUGGESTIONS_PHOTO_MAX_SIDE": 2560,
    # 不满意 reopens the item once, then a second rating (002:1257–1259).
    "SUGGESTIONS_MAX_REOPENS": 1,
    # Duplicate suggestions: same area, submitted within this many days, cosine of the weighted text
    # units at least this much (0..1; suggestions/duplicates.py). Default, no source: on the labelled
    # set of tests/suggestions/duplicate_texts.py it gives precision 0.89 and recall 0.80.
    "SUGGESTIONS_DUPLICATE_DAYS": 90,
    "SUGGESTIONS_DUPLICATE_THRESHOLD": 0.24,
    # Hotspots (热点民情): at least this many items, each like another at this cosine, within this
    # many days, across areas; staff are told once per cluster. Defaults, no source: a week, as the
    # issue puts it, and five items — a street's worth of neighbours writing about one thing.
    "SUGGESTIONS_HOTSPOT_DAYS": 7,
    "SUGGESTIONS_HOTSPOT_MIN_ITEMS": 5,
    "SUGGESTIONS_HOTSPOT_SIMILARITY": 0.3,
    # Automatic dispatch (自动分办, issue 24): off unless a body's committee decides to use it. When
    # on, a new citizen opinion whose top category and top unit both reach the threshold is accepted
    # and sent without a clerk. The threshold is the one the models' evaluation found to give at
    # least 95 % precision (RoutingModel.threshold, issue 24's figure); a number here replaces it
    # (set it from `routing_evaluate`, never lower than it shows). Each return of an automatically
    # dispatched item by its unit raises the route's threshold by the penalty; after that many
    # returns the route is not used automatically any more. Defaults, no source: one return is
    # a warning, two say the route is wrong.
    "SUGGESTIONS_AUTO_DISPATCH": False,
    "SUGGESTIONS_AUTO_DISPATCH_THRESHOLD": None,
    "SUGGESTIONS_AUTO_DISPATCH_RETURN_PENALTY": 0.05,
    "SUGGESTIONS_AUTO_DISPATCH_MAX_RETURNS": 2,
    # Inbox marks items due within this many days as "due soon" (default).
    "SUGGESTIONS_DUE_SOON_DAYS": 3,
    # Closed cases are anonymised after a retention period (DOMAIN.md §9: default 3 years).
    "SUGGESTIONS_RETENTION_DAYS": 3 * 365,
    # Tracking code length (unambiguous characters, congress.ids) and PIN digits.
    "SUGGESTIONS_CODE_LENGTH": 8,
    "SUGGESTIONS_PIN_LENGTH": 6,
}


def conf(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
