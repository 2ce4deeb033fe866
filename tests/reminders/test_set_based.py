"""The overdue scan writes in SQL what the row-by-row writers wrote in Python: the same texts in both
languages, the same notification keys, the same supervision records — and its statements per batch
do not grow with the number of items."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congress.notifications import texts as T
from congress.notifications.models import Notification
from congress.notifications.reminders import sql_fill
from congress.notifications.texts import fill
from suggestions.models import Supervision
from suggestions.services import overdue
from tests.factories.reminders import assigned_item

from .conftest import at

WED = datetime.date(2026, 11, 25)

TEMPLATES = [
    T.DUE_SOON_SUBJECT,
    T.DUE_BODY,
    T.OVERDUE_SUBJECT,
    T.OVERDUE_BODY,
    T.VERY_OVERDUE_SUBJECT,
    T.VERY_OVERDUE_BODY,
]


def _render_in_sql(template, facts):
    expression = sql_fill(template, columns={name: f"f.{name}" for name in facts})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {expression.sql} FROM (VALUES (%s, %s, %s, %s)) AS f(code, title, unit, due)",
            [*expression.params, facts["code"], facts["title"], facts["unit"], facts["due"]],
        )
        return cursor.fetchone()[0]


text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("template", TEMPLATES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=text, title=text, unit=text, due=text)
def test_sql_rendered_text_is_the_text_python_renders(language, template, code, title, unit, due):
    facts = {"code": code, "title": title, "unit": unit, "due": due}
    with translation.override(language):
        assert _render_in_sql(template, facts) == fill(template, **facts)


@pytest.mark.django_db
def test_sql_fill_puts_literal_values_and_percent_signs_in_place():
    expression = sql_fill("%(n)d%% of %(unit)s", columns={"unit": "'住建局'"}, values={"n": 7})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression.sql}", expression.params)
        assert cursor.fetchone()[0] == "7% of 住建局"


@pytest.mark.django_db
def test_bell_and_email_have_the_texts_and_keys_of_a_reminder(unit, officer):
    item = assigned_item(due=datetime.date(2026, 11, 24), unit=unit, title="路灯不亮")
    with at(WED):
        overdue.overdue_scan()
    bell = Notification.objects.get(channel="in_app", kind=overdue.KIND_OVERDUE)
    email = Notification.objects.get(channel="email", kind=overdue.KIND_OVERDUE)
    code = item.suggestion.code
    with translation.override("zh-hans"):
        facts = {"code": code, "title": "路灯不亮", "unit": unit.name, "due": "2026-11-24"}
        assert bell.subject == fill(T.OVERDUE_SUBJECT, **facts)
        assert bell.body == email.body == fill(T.OVERDUE_BODY, **facts)
    assert bell.dedupe_key.startswith("reminder:") and bell.dedupe_key.endswith(f":in_app:{officer.pk}")
    assert bell.status == Notification.Status.SENT and bell.sent_at is not None
    assert email.status == Notification.Status.PENDING and email.to_address == officer.email
    assert bell.link == reverse("unit-item", args=[item.pk])
    assert bell.about == item.suggestion


@pytest.mark.django_db
def test_escalation_without_a_leader_is_routine_supervision_by_the_office(unit, officer, staff):
    item = assigned_item(due=datetime.date(2026, 11, 10), unit=unit)
    with at(WED):
        overdue.overdue_scan()
    case = Supervision.objects.get(suggestion=item.suggestion)
    assert case.kind == Supervision.Kind.OFFICE
    assert case.created_by is None
    with translation.override("zh-hans"):
        assert case.note == fill(T.VERY_OVERDUE_NOTE, unit=unit.name, days=5, due="2026-11-10")
    event = item.suggestion.events.get(action="supervise")
    assert event.is_public and event.public_note


@pytest.mark.django_db
def test_a_scan_batch_costs_the_same_statements_for_three_items_as_for_thirty(unit, officer, staff):
    def statements(n: int, day: datetime.date) -> int:
        for _ in range(n):
            assigned_item(due=day - datetime.timedelta(days=1), unit=unit)  # overdue, one day
            assigned_item(due=day - datetime.timedelta(days=20), unit=unit)  # very overdue
            assigned_item(due=day + datetime.timedelta(days=1), unit=unit)  # due soon
        with at(day), CaptureQueriesContext(connection) as queries:
            overdue.overdue_scan()
        return len(queries)

    with at(WED):
        overdue.overdue_scan()  # the calendar and the content types are loaded once per process
    few = statements(3, WED)
    many = statements(30, datetime.date(2026, 12, 2))
    assert few == many
