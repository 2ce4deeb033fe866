"""A signed-in user on another role's home page gets a plain page naming the role it is for, with
status 404, even with DEBUG on (where a bare Http404 would show Django's technical page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

DEPUTY = "此页面供人大代表使用"
OFFICER = "此页面供承办单位工作人员使用"
LIAISON = "此页面供代表联络站联络员使用"
# Each role's home page and the pages of its menu that name no object.
ROLE_PAGES = [
    ("dashboard", DEPUTY),
    ("opinion-list", DEPUTY),
    ("opinion-new", DEPUTY),
    ("votes-dashboard-ballots", DEPUTY),
    ("unit-home", OFFICER),
    ("station-workbench", LIAISON),
    ("desk-home", LIAISON),
]


def _friendly(response: Any, sentence: str) -> None:
    assert response.status_code == 404
    assert "role_required.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert sentence in page and "Technical" not in page and "URLconf" not in page


@pytest.mark.parametrize(("route", "sentence"), ROLE_PAGES)
def test_a_user_without_the_role_sees_which_role_the_page_needs(
    client: Any, settings: Any, liaison: Any, deputy_user: Any, officer: Any, route: str, sentence: str
) -> None:
    settings.DEBUG = True
    owner = {DEPUTY: deputy_user, OFFICER: officer, LIAISON: liaison}[sentence]
    for user in (deputy_user, officer, liaison):
        client.force_login(user)
        response = client.get(reverse(route))
        if user == owner:
            assert response.status_code == 200
        else:
            _friendly(response, sentence)


def test_an_anonymous_visitor_is_still_sent_to_sign_in(client: Any, db: Any) -> None:
    for route, _sentence in ROLE_PAGES:
        response = client.get(reverse(route))
        assert response.status_code == 302 and reverse("login") in response["Location"]
