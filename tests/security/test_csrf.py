"""CSRF on every form: every POST form the portal renders carries the token, no view opts out of the
check except API views that do not use the session, and a POST without the token is refused."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authentication import SessionAuthentication

FORM_RE = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def _callbacks(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _callbacks(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry


def test_no_view_opts_out_of_csrf_except_api_views_without_the_session():
    exempt = []
    for pattern in _callbacks(get_resolver().url_patterns):
        callback = pattern.callback
        if not getattr(callback, "csrf_exempt", False):
            continue
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        classes = getattr(view_class, "authentication_classes", None)
        if classes is None:
            exempt.append(str(pattern.pattern))
            continue
        # DRF: session authentication enforces CSRF itself; key-only views have no session to ride.
        assert all(issubclass(c, SessionAuthentication) or "Session" not in c.__name__ for c in classes)
    assert exempt == []


def _post_forms(html: str) -> list[str]:
    return [f for f in FORM_RE.findall(html) if re.search(r"method=[\"']?post", f, re.I)]


@pytest.fixture
def pages(make, staff, officer, deputy_user, liaison, station, unit):
    """Pages with forms, as the user who sees them."""
    from suggestions.models import Assignment

    item = make("assigned", deputy=deputy_user.deputy, station=station)
    assignment = Assignment.objects.get(suggestion=item, role="lead")
    return [
        (None, reverse("submit")),
        (None, reverse("track")),
        (None, reverse("login")),
        (None, reverse("password_reset")),
        (None, reverse("booking-cancel")),
        (None, reverse("votes-propose")),
        (officer, reverse("unit-item", args=[assignment.pk])),
        (deputy_user, reverse("opinion-detail", args=[item.code])),
        (deputy_user, reverse("opinion-new")),
        (liaison, reverse("desk-new", args=[station.slug])),
        (staff, reverse("admin:suggestions_suggestion_case", args=[item.pk])),
        (staff, reverse("admin:suggestions_suggestion_enter")),
        (staff, reverse("admin:password_change")),
    ]


def test_every_post_form_carries_the_csrf_token(client, pages):
    checked = 0
    for user, url in pages:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        for form in _post_forms(response.content.decode()):
            assert "csrfmiddlewaretoken" in form, f"{url}: {form[:200]}"
            checked += 1
    assert checked >= len(pages)


@pytest.mark.parametrize("name", ["submit", "track", "login", "booking-cancel"])
def test_a_post_without_the_token_is_refused(db, name):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse(name), {"code": "X", "pin": "1"}).status_code == 403


def test_a_logged_in_post_without_the_token_is_refused(make, officer):
    from suggestions.models import Assignment

    item = make("assigned")
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    url = reverse("unit-item", args=[Assignment.objects.get(suggestion=item, role="lead").pk])
    assert client.post(url, {"action": "sign"}).status_code == 403
    assert Assignment.objects.get(suggestion=item, role="lead").signed_for_at is None
