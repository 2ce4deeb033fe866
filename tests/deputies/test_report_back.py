"""Report-back (述职): published by the deputy or staff, rated by constituents on the public page —
one rating per mobile number verified by an SMS code through the outbox, rate-limited — and the
result in the duty record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.errors import DomainError
from congress.notifications.models import Notification
from deputies import services
from deputies.models import DutyRecord, ReportBack, ReportBackCode, ReportBackRating
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory, ReportBackFactory

pytestmark = pytest.mark.django_db
MOBILE = "13987654321"


@pytest.fixture
def published() -> ReportBack:
    return services.report_back_publish(report_back=ReportBackFactory.create())


def _sent_to(mobile: str) -> list[Notification]:
    """Text messages to ``mobile``, newest first (the outbox keeps addresses encrypted: compared here,
    never looked up by value)."""
    return [n for n in Notification.objects.filter(channel="sms").order_by("-pk") if n.to_address == mobile]


def _code_sent_to(mobile: str) -> str:
    body = _sent_to(mobile)[0].body
    return re.search(r"\d{6}", body).group(0)


def _rate(report_back: ReportBack, mobile: str = MOBILE, value: str = "satisfied") -> ReportBackRating:
    services.report_back_code_send(report_back=report_back, mobile=mobile)
    return services.report_back_rate(
        report_back=report_back, mobile=mobile, code=_code_sent_to(mobile), value=value
    )


def test_publishing_enters_the_report_back_into_the_duty_record_on_the_day_held(published) -> None:
    entry = DutyRecord.objects.get(kind="report_back", object_id=published.pk)
    assert entry.on == published.held_on and entry.points == 6
    assert published.rating_closes_on == timezone.localdate() + dt.timedelta(days=30)


def test_a_report_back_is_published_once_it_has_been_held() -> None:
    draft = ReportBackFactory.create(held_on=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(DomainError) as error:
        services.report_back_publish(report_back=draft)
    assert error.value.field == "held_on"


def test_a_published_report_back_no_longer_changes(published) -> None:
    with pytest.raises(DomainError):
        services.report_back_update(report_back=published, changes={"summary": "改过的内容" * 5})


def test_the_code_goes_out_as_an_sms_through_the_outbox(published) -> None:
    services.report_back_code_send(report_back=published, mobile=MOBILE)
    (sms,) = _sent_to(MOBILE)
    assert sms.status == "pending" and published.deputy.name in sms.body


def test_a_verified_rating_counts_and_the_result_enters_the_duty_record(published) -> None:
    _rate(published, value="basically")
    published.refresh_from_db()
    assert (published.satisfied, published.basically, published.unsatisfied) == (0, 1, 0)
    note = DutyRecord.objects.get(kind="report_back", object_id=published.pk).note
    assert "基本满意 1" in note


def test_one_rating_per_mobile_number(published) -> None:
    _rate(published)
    with pytest.raises(DomainError) as error:
        services.report_back_code_send(report_back=published, mobile=MOBILE)
    assert error.value.field == "mobile"
    assert published.ratings.count() == 1


def test_the_number_is_kept_only_as_a_digest(published) -> None:
    rating = _rate(published)
    stored = ReportBackRating.objects.filter(pk=rating.pk).values_list("mobile_digest", flat=True).get()
    assert MOBILE not in stored and stored == services.mobile_digest(MOBILE)
    assert stored != services.mobile_digest("13987654320")


def test_a_wrong_code_is_refused_and_five_wrong_tries_kill_the_code(published) -> None:
    services.report_back_code_send(report_back=published, mobile=MOBILE)
    code = _code_sent_to(MOBILE)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(DomainError) as error:
            services.report_back_rate(report_back=published, mobile=MOBILE, code=wrong, value="satisfied")
        assert error.value.field == "code"
    with pytest.raises(DomainError) as error:
        services.report_back_rate(report_back=published, mobile=MOBILE, code=code, value="satisfied")
    assert "过期" in error.value.message
    assert ReportBackCode.objects.get().attempts == 5 and not published.ratings.exists()


def test_a_code_expires_after_ten_minutes(published, time_machine) -> None:
    time_machine.move_to(dt.datetime.now(tz=dt.UTC), tick=False)
    services.report_back_code_send(report_back=published, mobile=MOBILE)
    code = _code_sent_to(MOBILE)
    time_machine.shift(dt.timedelta(minutes=11))
    with pytest.raises(DomainError):
        services.report_back_rate(report_back=published, mobile=MOBILE, code=code, value="satisfied")


def test_a_new_code_for_the_same_number_waits_a_minute(published, time_machine) -> None:
    time_machine.move_to(dt.datetime.now(tz=dt.UTC), tick=False)
    services.report_back_code_send(report_back=published, mobile=MOBILE)
    with pytest.raises(DomainError):
        services.report_back_code_send(report_back=published, mobile=MOBILE)
    time_machine.shift(dt.timedelta(seconds=61))
    services.report_back_code_send(report_back=published, mobile=MOBILE)
    assert ReportBackCode.objects.count() == 2


def test_rating_closes_after_the_window(published, time_machine) -> None:
    time_machine.move_to(dt.datetime.combine(published.rating_closes_on + dt.timedelta(days=1), dt.time(12)))
    with pytest.raises(DomainError):
        services.report_back_code_send(report_back=published, mobile=MOBILE)


def test_a_draft_has_no_public_page(client) -> None:
    draft = ReportBackFactory.create()
    assert client.get(reverse("report-back-public", args=[draft.slug])).status_code == 404


def test_a_constituent_rates_on_the_phone_page(client, published) -> None:
    url = reverse("report-back-public", args=[published.slug])
    assert "2026年度履职情况报告" in client.get(url).content.decode()
    assert client.post(url, {"action": "code", "mobile": MOBILE}).status_code == 302
    response = client.post(
        url, {"action": "rate", "mobile": MOBILE, "code": _code_sent_to(MOBILE), "value": "satisfied"}
    )
    assert response.status_code == 302
    assert published.ratings.get().value == "satisfied"


def test_bad_input_on_the_page_is_a_chinese_message_not_an_error(client, published) -> None:
    url = reverse("report-back-public", args=[published.slug])
    response = client.post(url, {"action": "code", "mobile": "12345"})
    assert response.status_code == 400 and "11位" in response.content.decode()
    response = client.post(url, {"action": "rate", "mobile": MOBILE, "code": "123456"})
    assert response.status_code == 400


def test_codes_are_rate_limited_per_number(client, published, settings) -> None:
    settings.REPORT_BACK_CODE_RATE_MOBILE = "2/h"
    settings.REPORT_BACK_CODE_INTERVAL_SECONDS = 0
    url = reverse("report-back-public", args=[published.slug])
    for _ in range(2):
        client.post(url, {"action": "code", "mobile": MOBILE})
    response = client.post(url, {"action": "code", "mobile": MOBILE})
    assert response.status_code == 429
    assert ReportBackCode.objects.count() == 2


def test_rating_attempts_are_rate_limited_per_address(client, published, settings) -> None:
    settings.REPORT_BACK_RATE_RATE_IP = "3/h"
    url = reverse("report-back-public", args=[published.slug])
    for _ in range(3):
        client.post(url, {"action": "rate", "mobile": MOBILE, "code": "000000", "value": "satisfied"})
    response = client.post(url, {"action": "rate", "mobile": MOBILE, "code": "000000", "value": "satisfied"})
    assert response.status_code == 429


def test_staff_withdraw_a_report_back_and_its_entry_goes(published) -> None:
    services.report_back_withdraw(report_back=published, reason="发布有误", actor=UserFactory.create())
    assert not DutyRecord.objects.filter(kind="report_back", object_id=published.pk).exists()


def test_the_deputy_writes_and_publishes_from_the_dashboard(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create())
    client.force_login(deputy.user)
    data = {
        "kind": "annual",
        "year": timezone.localdate().year,
        "title": "年度述职",
        "held_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "place": "东岗街道人大代表之家",
        "summary": "一年来按月进站接待选民，领办群众意见建议，提出代表建议三件。",
    }
    response = client.post(reverse("dashboard-report-back-new"), data)
    report_back = ReportBack.objects.get(deputy=deputy)
    assert response.status_code == 302 and report_back.status == "draft"
    client.post(reverse("dashboard-report-back-edit", args=[report_back.slug]), {**data, "action": "publish"})
    report_back.refresh_from_db()
    assert report_back.status == "published"
