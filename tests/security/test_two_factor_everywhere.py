"""With two-factor login required, a staff session that passed the password but not the TOTP code
reaches no page, document or API call that needs a staff or leader role.

Walked from the URL resolver (every pattern, with the ids and slugs of real objects filled in, and
each once more with ``?format=xlsx``) and from the API routers of the project's api modules. A page
is public when an anonymous visitor gets a 200 from it too, an API answer when an anonymous visitor
gets the very same answer; every other one must not answer such a session with a 200. The pages
that session needs (the two-factor page itself, logout) are left out by their names."""

from __future__ import annotations

import importlib
import itertools
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.routers import BaseRouter

from congress import roles
from congress.middleware import SecondFactorMiddleware
from deputies.models import Deputy
from suggestions.models import Assignment
from tests.factories.core import UserFactory
from tests.factories.stations import ReceptionFactory
from tests.security.test_url_fuzz import _walk

# Modules whose DRF routers make the API (each holds a ``router``).
API_MODULES = ("deputies.api", "stations.api", "congress.calendar.urls")


@pytest.fixture
def require_2fa(settings):
    settings.STAFF_REQUIRE_2FA = True


@pytest.fixture
def objects(make, deputy_user, station, staff) -> dict[str, list[str]]:
    """Real values for each kind of path parameter: a deputy's slug, a station's, a case's code, the
    ids of a case, its assignment and a reception."""
    item = make("signed_for", deputy=deputy_user.deputy, station=station)
    lead = Assignment.objects.get(suggestion=item, role="lead")
    reception = ReceptionFactory(station=station)
    deputy = deputy_user.deputy
    return {
        "slug": [deputy.slug, station.slug],
        "str": [item.code, deputy.slug],
        "path": [item.code],
        "int": [str(item.pk), str(lead.pk), str(reception.pk)],
        "uuid": ["00000000-0000-0000-0000-000000000000"],
    }


def _open(url: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        return resolve(url.split("?")[0]).url_name in SecondFactorMiddleware.OPEN_URL_NAMES
    except Resolver404:
        return False


def _leak(response: Any, anonymous: Any) -> bool:
    if response.status_code != 200:
        return False
    if response.wsgi_request.path.startswith("/api/"):
        return anonymous.status_code != 200 or anonymous.content != response.content
    return anonymous.status_code != 200


def _urls(values: dict[str, list[str]]) -> list[str]:
    urls: set[str] = set()
    for route, params in _walk(get_resolver().url_patterns):
        if not params:
            urls.add("/" + route)
            continue
        kinds = [kind or "str" for kind, _name in params]
        width = max(len(values.get(kind, ["x"])) for kind in kinds)
        for index in range(width):
            url = route
            for kind, name in params:
                choices = values.get(kind or "str", ["x"])
                url = re.sub(rf"<(?:\w+:)?{name}>", choices[index % len(choices)], url, count=1)
            urls.add("/" + url)
    return sorted(urls)


def _unverified(user: Any) -> Client:
    client = Client()
    client.force_login(user)  # the password step: no TOTP code entered
    return client


def _leader() -> Any:
    user = UserFactory(username="leader7", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    return user


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_an_unverified_staff_session_gets_no_page_of_the_url_map(who, require_2fa, objects, staff):
    user = staff if who == "staff" else _leader()
    client, anonymous = _unverified(user), Client()
    leaks = []
    for url in _urls(objects):
        if _open(url):
            continue
        for address in (url, f"{url}?format=xlsx"):
            response = client.get(address)
            if response.status_code == 200 and _leak(response, anonymous.get(address)):
                leaks.append(address)
    assert not leaks, "answered 200 without the second factor:\n" + "\n".join(leaks)


def _routers() -> list[BaseRouter]:
    found: list[BaseRouter] = []
    for name in API_MODULES:
        module = importlib.import_module(name)
        found.extend(value for value in vars(module).values() if isinstance(value, BaseRouter))
    assert found
    return found


def test_an_unverified_staff_session_gets_no_staff_data_from_the_api(require_2fa, objects, staff):
    client = _unverified(staff)
    leaks = []
    for router in _routers():
        for prefix, _viewset, _basename in router.registry:
            for url in (f"/api/v1/{prefix}/", f"/api/v1/calendar/{prefix}/"):
                response = client.get(url)
                if response.status_code == 200:
                    leaks.append(url)
                elif response.status_code == 403:
                    assert response["Content-Type"].startswith("application/json"), url
    assert not leaks, "\n".join(leaks)


def test_an_unverified_staff_session_cannot_change_a_deputy_through_the_api(require_2fa, deputy, staff):
    before = Deputy.objects.filter(pk=deputy.pk).values().get()
    response = _unverified(staff).patch(
        f"/api/v1/deputies/{deputy.slug}/", {"occupation": "other"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Deputy.objects.filter(pk=deputy.pk).values().get() == before


def test_pages_send_an_unverified_staff_session_to_the_two_factor_page(require_2fa, staff):
    response = _unverified(staff).get(reverse("deputy-report-ranking"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor"))
    assert _unverified(staff).get(reverse("two-factor")).status_code == 200


def test_after_the_code_the_staff_pages_open(require_2fa, staff):
    from django_otp.oath import totp

    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client = _unverified(staff)
    code = str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )
    client.post(reverse("two-factor"), {"token": code})
    assert client.get(reverse("deputy-report-ranking")).status_code == 200
    assert client.get("/api/v1/deputies/").status_code == 200


def test_deputies_officers_and_liaisons_are_not_asked_for_a_code(require_2fa, deputy_user, officer, liaison):
    for user, page in ((deputy_user, "dashboard"), (officer, "unit-home"), (liaison, "desk-home")):
        assert _unverified(user).get(reverse(page)).status_code == 200, page


def test_the_walk_covers_the_url_map(objects):
    urls = _urls(objects)
    assert len(urls) > 300
    assert any(url.startswith("/deputies/reports/") for url in urls)
    assert any(url.startswith("/stations/") for url in urls)
    assert len(list(itertools.chain.from_iterable(r.registry for r in _routers()))) >= 5
