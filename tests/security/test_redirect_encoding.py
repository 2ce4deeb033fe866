"""A redirect built from a value in the address encodes it: a tracking code with "?", "&" or "="
in it cannot add or replace parameters of the page it leads to."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_crafted_tracking_code_stays_one_parameter(client):
    response = client.get("/track/AAAA%3Fx%3D1%26code%3Devil/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("track")
    assert parse_qs(target.query) == {"code": ["AAAA?x=1&code=evil"]}


def test_a_plain_code_is_carried_unchanged(client):
    response = client.get(reverse("track-case", args=["ABCD2345"]))
    assert response["Location"] == f"{reverse('track')}?code=ABCD2345"
