"""Wrong PINs slow the guesser down without locking the owner out (limits.py)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from suggestions import pins


@pytest.fixture(autouse=True)
def _tight_limits(settings):
    settings.SUGGESTIONS_TRACK_RATE_CODE = "3/h"
    settings.SUGGESTIONS_TRACK_RATE_IP = "6/h"
    settings.SUGGESTIONS_TRACK_RATE_CODE_ANYWHERE = "8/d"


def _track(client, code, pin, address):
    return client.post(reverse("track"), {"code": code, "pin": pin}, REMOTE_ADDR=address)


def test_a_stranger_guessing_a_code_is_slowed_and_told_what_to_do(client, submit):
    item = submit().suggestion
    for _ in range(3):
        assert _track(client, item.code, "222222", "10.0.0.66").status_code == 200
    refused = _track(client, item.code, pins.pin_for(item.code), "10.0.0.66")
    assert refused.status_code == 429
    assert "移动数据" in refused.content.decode()


def test_the_owner_on_another_network_still_opens_the_case_while_the_stranger_waits(client, submit):
    item = submit().suggestion
    for _ in range(3):
        _track(client, item.code, "222222", "10.0.0.66")
    assert _track(client, item.code, "222222", "10.0.0.66").status_code == 429
    owner = _track(client, item.code, pins.pin_for(item.code), "192.168.1.20")
    assert owner.status_code == 302 and owner["Location"] == reverse("track-case", args=[item.code])


def test_right_pins_do_not_count_towards_any_limit(client, submit):
    item = submit().suggestion
    for _ in range(10):
        assert _track(client, item.code, pins.pin_for(item.code), "10.0.0.5").status_code == 302


def test_one_network_guessing_at_many_codes_is_stopped(client, submit):
    codes = [submit().suggestion.code for _ in range(3)]
    for code in codes:
        for _ in range(2):
            _track(client, code, "222222", "10.0.0.77")
    assert _track(client, codes[0], "222222", "10.0.0.77").status_code == 429
    assert _track(client, codes[0], "222222", "10.0.0.78").status_code == 200


def test_a_distributed_attack_on_one_code_meets_a_ceiling_with_a_way_out(client, submit):
    item = submit().suggestion
    for n in range(8):
        _track(client, item.code, "222222", f"10.1.0.{n}")
    refused = _track(client, item.code, pins.pin_for(item.code), "172.16.0.1")
    assert refused.status_code == 429 and "常委会办公室" in refused.content.decode()


def test_api_counts_wrong_pins_per_registered_client_and_address(api, submit, api_key):
    item = submit().suggestion
    url = f"/api/v1/public/suggestions/{item.code}/"
    for _ in range(3):
        assert api.post(url, {"pin": "222222"}, format="json", REMOTE_ADDR="10.0.0.9").status_code == 404
    assert api.post(url, {"pin": "222222"}, format="json", REMOTE_ADDR="10.0.0.9").status_code == 429
    right = api.post(url, {"pin": pins.pin_for(item.code)}, format="json", REMOTE_ADDR="10.0.0.10")
    assert right.status_code == 200


def test_pin_checks_are_refused_while_the_cache_is_down(client, submit):
    item = submit().suggestion
    with mock.patch("suggestions.limits.get_usage", side_effect=ConnectionError("redis down")):
        response = _track(client, item.code, pins.pin_for(item.code), "10.0.0.1")
    assert response.status_code == 429 and "稍后" in response.content.decode()


def test_submissions_go_on_while_the_cache_is_down(client, category, street):
    from suggestions.models import Suggestion

    with mock.patch("suggestions.limits.is_ratelimited", side_effect=ConnectionError("redis down")):
        response = client.post(
            reverse("submit"),
            {
                "category": category.pk,
                "title": "井盖缺失",
                "text": "人行道上的井盖不见了，很危险。",
                "area": street.pk,
                "submitter_mobile": "13912345678",
                "consent_privacy": "on",
                "captcha_0": "x",
                "captcha_1": "PASSED",
            },
        )
    assert response.status_code == 302 and Suggestion.objects.count() == 1
