"""Receptions, schedules, checklists and compliance answers are written through services with their
rules: the admin's forms are refused with a Chinese message, and what is saved is audited."""

# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc,operator"
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congress import pagecache
from congress.audit import audit_events_for
from congress.errors import DomainError
from stations.models import Checklist, ChecklistItem, Compliance, Reception
from stations.services import compliance_set, reception_transition
from stations.services_registers import checklist_item_delete, reception_update, schedule_save
from tests.admin_forms import post_back
from tests.factories.deputies import StationFactory
from tests.factories.stations import ReceptionFactory, ScheduleFactory

pytestmark = pytest.mark.django_db


def _reception_add_data(station, day: datetime.date) -> dict[str, str]:
    return {
        "station": str(station.pk),
        "date": day.isoformat(),
        "start_time": "09:00",
        "end_time": "11:00",
        "topic": "物业管理",
        "capacity": "5",
        "notes": "",
    }


def test_a_reception_in_the_past_is_refused_through_the_admin(admin_client):
    station = StationFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = admin_client.post(
        reverse("admin:stations_reception_add"), _reception_add_data(station, yesterday)
    )
    assert response.status_code == 200
    assert "不能安排过去日期的接待活动" in response.content.decode()
    assert not Reception.objects.filter(station=station).exists()


def test_a_reception_added_through_the_admin_goes_through_reception_create(admin_client, monkeypatch):
    bumped: list[str] = []
    monkeypatch.setattr(pagecache, "bump", lambda *names: bumped.extend(names))
    station = StationFactory()
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = post_back(
        admin_client, reverse("admin:stations_reception_add"), _reception_add_data(station, day)
    )
    assert response.status_code == 302
    reception = Reception.objects.get(station=station)
    assert audit_events_for(reception).filter(action="create").exists()
    assert pagecache.DIRECTORY in bumped  # the public calendar shows it on the next request


def test_a_planned_reception_is_not_moved_into_the_past(admin_client):
    reception = ReceptionFactory()
    url = reverse("admin:stations_reception_change", args=[reception.pk])
    past = timezone.localdate() - datetime.timedelta(days=2)
    response = post_back(admin_client, url, {"date": past.isoformat()})
    assert "不能安排过去日期的接待活动" in response.content.decode()
    assert Reception.objects.get(pk=reception.pk).date == reception.date

    later = reception.date + datetime.timedelta(days=1)
    post_back(admin_client, url, {"date": later.isoformat(), "topic": "停车难"})
    reception.refresh_from_db()
    assert (reception.date, reception.topic) == (later, "停车难")
    assert audit_events_for(reception).filter(action="update").exists()


def test_a_cancelled_reception_is_not_edited(admin_user):
    reception = ReceptionFactory()
    reception_transition(reception=reception, to_status=Reception.Status.CANCELLED, actor=admin_user)
    with pytest.raises(DomainError) as refused:
        reception_update(reception=reception, changes={"topic": "改"}, actor=admin_user)
    assert refused.value.code == "reception_not_planned"


def test_a_schedule_without_its_day_is_refused(admin_user):
    schedule = ScheduleFactory()
    with pytest.raises(DomainError) as refused:
        schedule_save(schedule=schedule, values={"weekday": None}, actor=admin_user)
    assert refused.value.field == "weekday"
    schedule.refresh_from_db()
    assert schedule.weekday == 4


def test_a_compliance_answer_through_the_admin_is_audited_with_its_checker(admin_client, admin_user):
    checklist = Checklist.objects.create(name="八有四公开（测试）")
    item = ChecklistItem.objects.create(checklist=checklist, code="place", label="有场所")
    station = StationFactory(checklist=checklist)
    response = admin_client.post(
        reverse("admin:stations_compliance_add"),
        {"station": str(station.pk), "item": str(item.pk), "is_met": "on", "note": "现场查看"},
    )
    assert response.status_code == 302
    answer = Compliance.objects.get(station=station, item=item)
    assert (answer.is_met, answer.checked_by, answer.checked_on) == (True, admin_user, timezone.localdate())
    assert audit_events_for(answer).filter(action="create").exists()


def test_an_item_stations_were_checked_against_is_kept(admin_user, admin_client):
    checklist = Checklist.objects.create(name="六有（测试）")
    item = ChecklistItem.objects.create(checklist=checklist, code="rules", label="有制度")
    compliance_set(station=StationFactory(checklist=checklist), item=item, is_met=False, actor=admin_user)
    with pytest.raises(DomainError):
        checklist_item_delete(item=item, actor=admin_user)
    # The admin refuses too: deleting the item would delete the stations' answers, which nobody
    # may delete there.
    response = admin_client.post(
        reverse("admin:stations_checklistitem_delete", args=[item.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
