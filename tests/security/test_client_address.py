"""The client's address behind the proxy (congress/client_address.py): X-Forwarded-For counts only when
the request came from a trusted proxy. A forged header from anyone else changes nothing for the
submission limit, the PIN throttle, DRF's throttles and the login lockout; behind the proxy two
citizens are counted apart."""

from __future__ import annotations

import ipaddress

import pytest
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import AnonRateThrottle

from congress.client_address import ClientAddressMiddleware, client_address
from suggestions.models import Suggestion
from tests.factories.core import UserFactory
from tests.suggestions.test_public import form_data  # noqa: F401  (fixture)

PROXY = "10.9.0.2"
CITIZEN = "203.0.113.7"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.9.0.0/24"]


def _nets(*entries: str):
    return tuple(ipaddress.ip_network(entry) for entry in entries)


@pytest.mark.parametrize(
    ("peer", "header", "expected"),
    [
        (CITIZEN, "1.2.3.4", CITIZEN),  # not from a proxy: the header is ignored
        (PROXY, None, PROXY),  # the proxy's own request
        (PROXY, CITIZEN, CITIZEN),
        (PROXY, f"1.2.3.4, {CITIZEN}", CITIZEN),  # the citizen forged the left part
        (PROXY, f"{CITIZEN}, 10.9.0.5", CITIZEN),  # two trusted hops
        (PROXY, f"{CITIZEN}, 10.9.0.5, 10.9.0.6", CITIZEN),
        (PROXY, "junk", PROXY),  # nothing usable: the peer
        (PROXY, f"1.2.3.4, junk, {CITIZEN}", CITIZEN),
        (PROXY, "[2001:db8::7]:443", "2001:db8::7"),
        (PROXY, "198.51.100.9:5123", "198.51.100.9"),
    ],
)
def test_the_header_is_walked_right_to_left_past_trusted_proxies(peer, header, expected):
    assert client_address(peer, header, _nets("10.9.0.0/24")) == expected


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(PROXY, CITIZEN, ()) == PROXY


# --- submissions (django-ratelimit) -------------------------------------------------------------


def _submit(client, data, n, **meta):
    data["submitter_mobile"] = f"139{n:08d}"
    return client.post(reverse("submit"), data, **meta)


def test_rotating_forged_headers_do_not_bypass_the_submission_limit(client, form_data, settings):  # noqa: F811
    settings.SUGGESTIONS_SUBMIT_RATE_IP = "2/h"
    for n in range(2):
        assert (
            _submit(client, form_data, n, REMOTE_ADDR=CITIZEN, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}").status_code
            == 302
        )
    refused = _submit(client, form_data, 9, REMOTE_ADDR=CITIZEN, HTTP_X_FORWARDED_FOR="1.1.1.99")
    assert refused.status_code == 429
    assert Suggestion.objects.count() == 2


def test_behind_the_proxy_two_citizens_are_limited_apart(client, form_data, settings, behind_proxy):  # noqa: F811
    settings.SUGGESTIONS_SUBMIT_RATE_IP = "2/h"
    for n in range(2):
        assert (
            _submit(client, form_data, n, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN).status_code == 302
        )
    assert _submit(client, form_data, 5, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN).status_code == 429
    other = _submit(client, form_data, 6, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.status_code == 302


def test_behind_the_proxy_a_forged_left_part_is_ignored(client, form_data, settings, behind_proxy):  # noqa: F811
    settings.SUGGESTIONS_SUBMIT_RATE_IP = "2/h"
    for n in range(3):
        forged = f"1.1.1.{n}, {CITIZEN}"
        response = _submit(client, form_data, n, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged)
    assert response.status_code == 429


# --- tracking PINs ------------------------------------------------------------------------------


def _track(client, code, **meta):
    return client.post(reverse("track"), {"code": code, "pin": "222222"}, **meta)


def test_rotating_forged_headers_do_not_bypass_the_pin_throttle(client, submit, settings):
    settings.SUGGESTIONS_TRACK_RATE_IP = "3/h"
    code = submit().suggestion.code
    for n in range(3):
        _track(client, code, REMOTE_ADDR=CITIZEN, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}")
    assert _track(client, code, REMOTE_ADDR=CITIZEN, HTTP_X_FORWARDED_FOR="1.1.1.50").status_code == 429


def test_behind_the_proxy_the_pin_throttle_counts_each_citizen(client, submit, settings, behind_proxy):
    settings.SUGGESTIONS_TRACK_RATE_IP = "3/h"
    code = submit().suggestion.code
    for _ in range(3):
        _track(client, code, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN)
    assert _track(client, code, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN).status_code == 429
    assert _track(client, code, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 200


# --- DRF throttles -------------------------------------------------------------------------------


class _TwoPerMinute(AnonRateThrottle):
    rate = "2/min"


def _drf_allowed(peer: str, forwarded: str | None) -> bool:
    factory = APIRequestFactory()
    meta = {"REMOTE_ADDR": peer}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    seen: list[bool] = []

    def view(request):
        seen.append(_TwoPerMinute().allow_request(Request(request), None))  # type: ignore[arg-type]
        return None

    ClientAddressMiddleware(view)(factory.get("/api/v1/", **meta))  # type: ignore[arg-type]
    return seen[0]


def test_rotating_forged_headers_do_not_bypass_a_drf_throttle(db):
    assert _drf_allowed(CITIZEN, "1.1.1.1") and _drf_allowed(CITIZEN, "1.1.1.2")
    assert not _drf_allowed(CITIZEN, "1.1.1.3")


def test_behind_the_proxy_drf_throttles_count_each_citizen(db, behind_proxy):
    assert _drf_allowed(PROXY, CITIZEN) and _drf_allowed(PROXY, CITIZEN)
    assert not _drf_allowed(PROXY, CITIZEN)
    assert _drf_allowed(PROXY, "198.51.100.20")


# --- login lockout (django-axes) ------------------------------------------------------------------


def _login(client, password, **meta):
    return client.post("/accounts/login/", {"username": "wang", "password": password}, **meta)


def test_rotating_forged_headers_do_not_bypass_the_login_lockout(client, settings, db):
    UserFactory(username="wang")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong", REMOTE_ADDR=CITIZEN, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}")
    assert (
        _login(client, "Secret#2026", REMOTE_ADDR=CITIZEN, HTTP_X_FORWARDED_FOR="1.1.1.77").status_code == 429
    )


def test_behind_the_proxy_one_citizens_failures_do_not_lock_another(client, settings, db, behind_proxy):
    UserFactory(username="wang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert (
        _login(client, "Secret#2026", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66").status_code
        == 429
    )
    assert _login(client, "Secret#2026", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CITIZEN).status_code == 302
