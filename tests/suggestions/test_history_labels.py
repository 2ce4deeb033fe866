"""Every step a history can hold is shown in Chinese wherever the history is shown: the admin case
page, the unit workbench, the deputy dashboard, the submitter's tracking page and the tracking API.
One event of every kind (``workflow.ACTION_LABELS``) moving between states is rendered, and no raw
code — an action such as ``merged_in`` or a state such as ``submitted`` — may appear in it."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from suggestions import workflow
from suggestions.models import SuggestionEvent
from suggestions.pins import pin_hash
from suggestions.services._common import _event

from .conftest import lead_assignment

RAW_CODES = sorted(set(workflow.ACTION_LABELS) | set(workflow.STATES), key=len, reverse=True)
LATIN_WORD = re.compile(r"[A-Za-z_]{2,}")


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _history(page: str, css_class: str, heading: str | None = None) -> str:
    """The text of the history list (the one after ``heading`` when the page holds two lists)."""
    start = page.index(heading) if heading else 0
    match = re.search(rf'<ol class="{css_class}">(.*?)</ol>', page[start:], re.S)
    assert match, f"no {css_class} list"
    return _text(match.group(1))


def _assert_plain_chinese(text: str) -> None:
    assert text.strip()
    assert LATIN_WORD.findall(text) == [], text
    for code in RAW_CODES:
        assert code not in text


@pytest.fixture
def item(make, deputy_user):
    """An assigned item with one public event of every kind, each a move between two states."""
    item = make("assigned", deputy=deputy_user.deputy)
    states = workflow.STATES
    for n, action in enumerate(workflow.ACTION_LABELS):
        SuggestionEvent.objects.create(
            suggestion=item,
            action=action,
            from_state=states[n % len(states)],
            to_state=states[(n + 1) % len(states)],
            note="办理说明",
            public_note="向群众说明",
            is_public=True,
        )
    # Whoever acted is shown by name; the fixtures' users have Latin user names only.
    SuggestionEvent.objects.filter(suggestion=item).update(actor=None)
    return item


def test_every_step_has_a_label():
    assert set(workflow.ACTION_LABELS) >= {action for moves in workflow.MOVES.values() for action in moves}


def test_a_history_event_without_a_label_is_refused(make):
    item = make("submitted")
    with pytest.raises(ValueError):
        _event(item, action="something_new")


def test_the_admin_case_page_shows_steps_and_states_in_chinese(client, staff, item):
    client.force_login(staff)
    page = client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).content.decode()
    text = _history(page, "sg-history")
    _assert_plain_chinese(text)
    assert "其他事项已并入本件" in text and "（已受理 → " in text


def test_the_unit_workbench_history_is_in_chinese(client, officer, item):
    client.force_login(officer)
    page = client.get(reverse("unit-item", args=[lead_assignment(item).pk])).content.decode()
    _assert_plain_chinese(_history(page, "sg-timeline", "办理记录"))


def test_the_deputy_dashboard_history_is_in_chinese(client, deputy_user, item):
    client.force_login(deputy_user)
    page = client.get(reverse("opinion-detail", args=[item.code])).content.decode()
    _assert_plain_chinese(_history(page, "sg-timeline", "办理记录"))


def test_the_tracking_page_timeline_is_in_chinese(client, item):
    session = client.session
    session["suggestions_tracked"] = [item.code]
    session.save()
    page = client.get(reverse("track-case", args=[item.code])).content.decode()
    _assert_plain_chinese(_history(page, "sg-timeline"))


def test_the_tracking_api_names_every_step_in_chinese(db, item):
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="小程序", kind="wechat", rate="1000/m")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    type(item).objects.filter(pk=item.pk).update(pin_hash=pin_hash(item.code, "135790"))
    body = api.post(f"/api/v1/public/suggestions/{item.code}/", {"pin": "135790"}, format="json").json()
    steps = " ".join(event["step"] for event in body["events"])
    assert len(body["events"]) >= len(workflow.ACTION_LABELS)
    _assert_plain_chinese(steps + " " + body["status_label"])
