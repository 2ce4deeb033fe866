"""Staff see every reminder sent for an item, with errors; pause, resume and remind by hand."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.sites import site
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from congress.notifications import services
from congress.notifications.models import Notification, ReminderPolicy
from congress.notifications.selectors import item_changelist_url
from suggestions import admin as suggestions_admin
from suggestions.models import Assignment, Suggestion
from suggestions.services import overdue
from suggestions.services import reminders as periodic
from tests.factories.reminders import assigned_item

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.cn", "Secret#2026")
    client.force_login(user)
    return client


def test_notifications_about_an_item_are_listed_with_the_last_error(
    admin_client_, unit, officer, monkeypatch, django_assert_max_num_queries
):
    item = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    other = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    with at(datetime.date(2026, 11, 25)):
        overdue.overdue_scan()

    def broken(**kwargs):
        raise services.DeliveryError("SMTPServerDisconnected: Connection unexpectedly closed")

    monkeypatch.setattr(services, "send_email", broken)
    email = Notification.objects.get(channel="email", object_id=item.suggestion_id)
    services.notification_deliver(notification_id=email.pk)
    url = item_changelist_url(item.suggestion)
    with django_assert_max_num_queries(12):
        response = admin_client_.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "SMTPServerDisconnected" in page
    assert str(other.suggestion.code) not in page
    assert response.context["cl"].result_count == 2  # bell and email about this item only


def test_reminder_log_and_policy_admin_pages_open(admin_client_, unit, officer):
    assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    with at(datetime.date(2026, 11, 25)):
        overdue.overdue_scan()
    assert admin_client_.get("/admin/notifications/reminderlog/").status_code == 200
    ReminderPolicy.objects.get_or_create(code="suggestions.due_soon_working_days", defaults={"value": 3})
    page = admin_client_.get("/admin/notifications/reminderpolicy/")
    assert page.status_code == 200
    assert "suggestions.due_soon_working_days" in page.content.decode()


def _request(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)
    return request


def test_pause_and_resume_actions_work_on_suggestions(unit, staff):
    item = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    model_admin = site._registry[Suggestion]
    suggestions_admin.pause_reminders_action(
        model_admin, _request(staff), Suggestion.objects.filter(pk=item.suggestion_id)
    )
    assert Assignment.objects.get(pk=item.pk).reminders_paused is True
    suggestions_admin.resume_reminders_action(
        model_admin, _request(staff), Suggestion.objects.filter(pk=item.suggestion_id)
    )
    assert Assignment.objects.get(pk=item.pk).reminders_paused is False


def test_remind_now_sends_a_deliberate_extra_reminder(unit, officer, staff):
    item = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    model_admin = site._registry[Assignment]
    suggestions_admin.remind_now_action(model_admin, _request(staff), Assignment.objects.filter(pk=item.pk))
    suggestions_admin.remind_now_action(model_admin, _request(staff), Assignment.objects.filter(pk=item.pk))
    assert Notification.objects.filter(kind=periodic.KIND_MANUAL, channel="in_app").count() == 2


def test_resend_from_the_outbox_admin_writes_a_new_row(admin_client_):
    note = services.notify(channel="sms", subject="s", body="b", to_address="13900000000", dedupe_key="x")
    response = admin_client_.post(
        "/admin/notifications/notification/",
        {"action": "resend", "_selected_action": [note.pk]},
    )
    assert response.status_code == 302
    assert Notification.objects.count() == 2


def test_phone_numbers_are_masked_in_the_outbox_list(admin_client_):
    services.notify(channel="sms", subject="s", body="b", to_address="13912345678")
    page = admin_client_.get("/admin/notifications/notification/").content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page


def test_item_panel_lists_the_reminders_of_one_item(unit, officer, django_assert_num_queries):
    from django.template.loader import render_to_string

    from congress.notifications.selectors import item_notifications_context

    item = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    with at(datetime.date(2026, 11, 25)):
        overdue.overdue_scan()
    with django_assert_num_queries(1):
        context = item_notifications_context(item.suggestion)
    page = render_to_string("notifications/admin/item_notifications.html", context)
    assert page.count("已超期") == 2  # bell and email to the one officer, by their subject
    assert f"object_id={item.suggestion_id}" in page


def test_pause_action_is_offered_and_works_from_the_suggestion_changelist(unit, admin_client_):
    item = assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    page = admin_client_.get("/admin/suggestions/suggestion/")
    assert "pause_reminders_action" in page.content.decode()
    admin_client_.post(
        "/admin/suggestions/suggestion/",
        {"action": "pause_reminders_action", "_selected_action": [item.suggestion_id]},
    )
    assert Assignment.objects.get(pk=item.pk).reminders_paused is True


def test_assignment_changelist_offers_the_reminder_actions(unit, admin_client_):
    assigned_item(due=datetime.date(2026, 11, 24), unit=unit)  # actions show only on a non-empty list
    page = admin_client_.get("/admin/suggestions/assignment/").content.decode()
    assert "resume_reminders_action" in page
    assert "remind_now_action" in page
