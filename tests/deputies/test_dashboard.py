"""The deputy dashboard home: what needs the deputy now, from the panels every app registers, with a
query count pinned and the same for a deputy with 5 items of everything as for one with 500."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.dashboard import panels
from congress.notifications.models import Notification
from deputies.models import DutyRecord, LiaisonContact, ReportBack
from deputies.services import duty_scores_recompute
from stations.models import QrCode, Reception
from stations.services import qr_code_issue
from suggestions.models import Status, Suggestion
from tests.factories.core import CategoryFactory, StreetFactory, UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db

# Session and user (2), the deputy with role check (3: deputy, user and group permissions), the
# panels' own declared queries, and the bell in the header (1).
FIXED = 2 + 3 + 1


def _fill(deputy, n: int) -> None:
    """n items of every kind the dashboard shows, written in bulk."""
    today = timezone.localdate()
    category, street = CategoryFactory.create(), StreetFactory.create()
    Suggestion.objects.bulk_create(
        [SuggestionFactory.build(deputy=deputy, category=category, area=street) for _ in range(n)]
        + [
            SuggestionFactory.build(
                lead_deputy=deputy,
                kind="deputy_suggestion",
                status=Status.REPLIED,
                category=category,
                area=street,
            )
            for _ in range(n)
        ]
    )
    Notification.objects.bulk_create(
        Notification(channel="in_app", recipient=deputy.user, subject=f"消息{i}", body="…", status="sent")
        for i in range(n)
    )
    DutyRecord.objects.bulk_create(
        DutyRecord(deputy=deputy, kind="training", on=today - dt.timedelta(days=i % 300)) for i in range(n)
    )
    duty_scores_recompute(year=today.year, deputy_ids=[deputy.pk])
    membership = MembershipFactory.create(deputy=deputy, station=StationFactory.create())
    receptions = Reception.objects.bulk_create(
        Reception(
            station=membership.station,
            date=today + dt.timedelta(days=i % 50),
            start_time=dt.time(9),
            end_time=dt.time(11),
        )
        for i in range(n)
    )
    Reception.duty_deputies.through.objects.bulk_create(
        Reception.duty_deputies.through(reception_id=r.pk, deputy_id=deputy.pk) for r in receptions
    )
    ReportBack.objects.bulk_create(
        ReportBack(
            deputy=deputy,
            slug=f"rb{deputy.pk}x{i}",
            year=today.year,
            title="述职",
            summary="…" * 30,
            held_on=today,
            place="家",
        )
        for i in range(n)
    )
    LiaisonContact.objects.bulk_create(
        LiaisonContact(kind="constituent", deputy=deputy, on=today, method="visit", summary="走访")
        for _ in range(n)
    )
    qr_code_issue(deputy=deputy)


def _dashboard_queries(client, deputy) -> int:
    client.force_login(deputy.user)
    client.get(reverse("dashboard"))  # warm the content-type cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_for_5_and_for_500_items(client) -> None:
    few, many = (
        DeputyFactory.create(user=UserFactory.create()),
        DeputyFactory.create(user=UserFactory.create()),
    )
    _fill(few, 5)
    _fill(many, 500)
    declared = sum(panel.queries for panel in panels())
    assert _dashboard_queries(client, few) == _dashboard_queries(client, many) == FIXED + declared == 24


def test_a_deputy_with_nothing_yet_costs_the_same(client) -> None:
    # Every panel runs its queries whatever it finds: none is skipped for want of items.
    assert _dashboard_queries(client, DeputyFactory.create(user=UserFactory.create())) == 24


def test_what_needs_me_now_counts_every_waiting_item(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create())
    _fill(deputy, 5)
    client.force_login(deputy.user)
    html = client.get(reverse("dashboard")).content.decode()
    for label in ("群众向我反映的意见", "待我测评的答复", "未读消息", "尚未完成的履职任务"):
        assert label in html
    assert html.count("<strong>5</strong>") >= 3


def test_the_dashboard_shows_quotas_score_rank_and_the_qr_poster(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create())
    qr_code_issue(deputy=deputy)
    client.force_login(deputy.user)
    html = client.get(reverse("dashboard")).content.decode()
    assert "月进站" in html and "季回家" in html
    assert "年度积分" in html and "排名" in html
    token = QrCode.objects.get(deputy=deputy).token
    assert reverse("qr-poster", args=[token]) in html


# 10:00 in Beijing: inside the 09:00–11:00 reception's check-in window (stations/check_in.py).
@time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False)
def test_check_in_on_the_day_moves_the_duty_record_and_the_points(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create())
    membership = MembershipFactory.create(deputy=deputy)
    reception = Reception.objects.create(
        station=membership.station, date=timezone.localdate(), start_time=dt.time(9), end_time=dt.time(11)
    )
    reception.duty_deputies.add(deputy)
    client.force_login(deputy.user)
    assert (
        reverse("reception-check-in", args=[reception.pk])
        in client.get(reverse("dashboard")).content.decode()
    )
    client.post(reverse("reception-check-in", args=[reception.pk]))
    entry = DutyRecord.objects.get(deputy=deputy, kind="reception")
    assert entry.points == 2 and entry.content_type == ContentType.objects.get_for_model(Reception)
    html = client.get(reverse("dashboard")).content.decode()
    assert "已签到" in html and "1/1" in html


def test_the_duty_page_shows_entries_points_and_how_they_are_counted(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create())
    DutyRecord.objects.create(deputy=deputy, kind="training", on=timezone.localdate(), note="履职培训班")
    duty_scores_recompute(year=timezone.localdate().year, deputy_ids=[deputy.pk])
    client.force_login(deputy.user)
    html = client.get(reverse("dashboard-duty")).content.decode()
    assert "履职培训班" in html and "执行代表职务" in html and "+2" in html


def test_a_deputy_records_a_home_visit_and_the_quarterly_quota_is_met(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create())
    client.force_login(deputy.user)
    response = client.post(
        reverse("dashboard-contacts"),
        {
            "on": timezone.localdate().isoformat(),
            "method": "home",
            "people": 12,
            "summary": "回原选区听取选民意见",
        },
    )
    assert response.status_code == 302
    assert DutyRecord.objects.get(deputy=deputy).kind == "home_visit"


def test_a_contact_in_the_future_is_a_form_error(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create())
    client.force_login(deputy.user)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("dashboard-contacts"), {"on": tomorrow, "method": "visit", "people": 1, "summary": "走访群众"}
    )
    assert response.status_code == 400 and not LiaisonContact.objects.exists()
