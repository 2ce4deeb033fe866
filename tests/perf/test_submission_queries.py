"""The public submission runs a pinned number of statements, through the form and through the API,
with the deputy's bell or without: the deadlines, their audit events and the notifications are
written in one insert each (docs/performance.md, "The public submission")."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from congress.apiclients.services import api_client_register
from suggestions.models import Suggestion
from tests.suggestions.conftest import category, deputy, deputy_user, role_groups, street  # reused fixtures

pytestmark = pytest.mark.django_db
FIXTURES = (category, deputy, deputy_user, role_groups, street)

# The service, sixteen statements inside its transaction (27 before): the body that receives the
# item (the lowest body holding the chosen area, or the deputy's term's body: docs/bodies.md), the
# code's uniqueness check, the item, its text index (the unit frequencies, the duplicate lookup, one
# insert: docs/suggestions.md §5), its history event, the two deadline policies in one read, the
# calendar version, the two deadlines in one insert and their audit events in another (with the audit
# chain's head locked and moved on: congress/audit_chain.py), the item's
# triage deadline, the notifications in one insert and their pending ids (the delivery task is
# enqueued after commit).
SERVICE = 16
# The form adds its choices (category, area; the deputy when the QR code or link names one), the
# CAPTCHA (django-simple-captcha deletes expired challenges, then reads this one), the savepoint
# around the service in the test's transaction (BEGIN/COMMIT in production), the session's read and
# its write of the PIN slip (with a savepoint). The rate limits are in the cache, not in SQL.
FORM_POST = SERVICE + 10
# The API adds the client application's key, the choices and the savepoint around the service.
API_POST = SERVICE + 5


def _form(category: Any, street: Any, mobile: str, deputy: Any = None) -> dict[str, Any]:
    data = {
        "category": category.pk,
        "title": "路灯损坏",
        "text": "东岗西路与天水路交叉口的路灯坏了两个星期。",
        "area": street.pk,
        "submitter_mobile": mobile,
        "consent_privacy": "on",
        "captcha_0": "x",
        "captcha_1": "PASSED",
        "website": "",
    }
    if deputy is not None:
        data["deputy"] = deputy.slug
    return data


def _count(send: Any) -> int:
    send()  # warm: content types, the calendar, translations
    with CaptureQueriesContext(connection) as captured:
        send()
    return len(captured)


@pytest.mark.parametrize("addressed", [False, True])
def test_a_form_submission_runs_a_pinned_number_of_statements(client, category, street, deputy, addressed):
    target = deputy if addressed else None
    mobiles = iter(["13900000001", "13900000002"])

    def send() -> None:
        response = client.post(reverse("submit"), _form(category, street, next(mobiles), target))
        assert response.status_code == 302, response.content.decode()[:500]

    count = _count(send)
    assert Suggestion.objects.count() == 2
    assert count == FORM_POST + (1 if addressed else 0)


def test_an_api_submission_runs_a_pinned_number_of_statements(category, street):
    _row, key = api_client_register(name="小程序", kind="wechat", rate="100/m")
    api = APIClient()
    api.credentials(HTTP_X_API_KEY=key)
    mobiles = iter(["13900000001", "13900000002"])

    def send() -> None:
        response = api.post(
            "/api/v1/public/suggestions/",
            {
                "category": category.pk,
                "area": street.pk,
                "title": "路灯损坏",
                "text": "东岗西路与天水路交叉口的路灯坏了两个星期。",
                "submitter_mobile": next(mobiles),
                "consent_privacy": True,
            },
            format="json",
        )
        assert response.status_code == 201, response.content

    count = _count(send)
    assert count == API_POST
