"""Booking a reception: capacity, double booking, cancelling with the code, masking, rate limit."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from congress.errors import DomainError
from stations.models import Booking, Reception
from stations.services import booking_cancel, booking_create
from tests.factories.stations import ReceptionFactory

pytestmark = pytest.mark.django_db


def _book(reception: Reception, mobile: str, name: str = "李小龙") -> Booking:
    return booking_create(reception=reception, name=name, mobile=mobile, topic="小区停车难")


def test_bookings_fill_up_to_capacity_then_are_refused() -> None:
    reception = ReceptionFactory.create(capacity=2)
    _book(reception, "13900000001")
    _book(reception, "13900000002")
    with pytest.raises(DomainError) as error:
        _book(reception, "13900000003")
    assert error.value.message == "本场接待预约已满。"
    assert Booking.objects.filter(reception=reception).count() == 2


def test_the_same_mobile_cannot_book_one_reception_twice() -> None:
    reception = ReceptionFactory.create(capacity=5)
    _book(reception, "13900000001")
    with pytest.raises(DomainError) as error:
        _book(reception, "139 0000 0001")
    assert error.value.field == "mobile"


def test_cancelling_with_the_code_frees_the_place() -> None:
    reception = ReceptionFactory.create(capacity=1)
    booking = _book(reception, "13900000001")
    booking_cancel(code=booking.code.lower())
    booking_cancel(code=booking.code)  # twice is harmless
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED
    _book(reception, "13900000002")


def test_a_cancelled_booking_lets_the_same_mobile_book_again() -> None:
    reception = ReceptionFactory.create(capacity=1)
    booking_cancel(code=_book(reception, "13900000001").code)
    assert _book(reception, "13900000001").status == Booking.Status.BOOKED


def test_an_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(DomainError) as error:
        booking_cancel(code="NOSUCHCODE")
    assert error.value.field == "code"


@pytest.mark.parametrize("mobile", ["1390000000", "23900000001", "1390000000a", ""])
def test_a_bad_mobile_number_is_refused(mobile: str) -> None:
    with pytest.raises(DomainError) as error:
        _book(ReceptionFactory.create(), mobile)
    assert error.value.field == "mobile"


def test_cancelled_and_past_receptions_cannot_be_booked() -> None:
    with pytest.raises(DomainError):
        _book(ReceptionFactory.create(status=Reception.Status.CANCELLED), "13900000001")
    with pytest.raises(DomainError):
        _book(ReceptionFactory.create(date=timezone.localdate() - dt.timedelta(days=1)), "13900000001")


@pytest.mark.django_db(transaction=True)
def test_two_citizens_racing_for_the_last_place_get_one_booking() -> None:
    reception = ReceptionFactory.create(capacity=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(mobile: str) -> None:
        barrier.wait()
        try:
            _book(reception, mobile)
            outcomes.append("booked")
        except DomainError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in ("13900000001", "13900000002")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "full"]
    assert Booking.objects.filter(reception=reception, status="booked").count() == 1


def test_booking_page_books_and_shows_the_code_with_masked_data(client) -> None:
    reception = ReceptionFactory.create(capacity=3)
    response = client.post(
        reverse("reception-book", args=[reception.pk]),
        {"name": "欧阳修远", "mobile": "13912345678", "topic": "路灯不亮"},
        follow=True,
    )
    booking = Booking.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert booking.code in html
    assert "139****5678" in html and "13912345678" not in html
    assert "欧***" in html and "欧阳修远" not in html


def test_booking_page_keeps_what_was_typed_on_error(client) -> None:
    reception = ReceptionFactory.create(capacity=3)
    response = client.post(
        reverse("reception-book", args=[reception.pk]),
        {"name": "王五", "mobile": "12345", "topic": "路灯不亮"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "路灯不亮" in html and "王五" in html
    assert Booking.objects.count() == 0


def test_a_full_reception_says_so_on_its_page(client) -> None:
    reception = ReceptionFactory.create(capacity=1)
    _book(reception, "13900000001")
    response = client.get(reverse("reception-book", args=[reception.pk]))
    assert "本场接待预约已满。" in response.content.decode()


def test_bookings_are_rate_limited(client, settings) -> None:
    settings.BOOKING_RATE = "2/h"
    reception = ReceptionFactory.create(capacity=10)
    url = reverse("reception-book", args=[reception.pk])
    for index in range(2):
        client.post(url, {"name": "王五", "mobile": f"1390000000{index}", "topic": "路灯"})
    response = client.post(url, {"name": "王五", "mobile": "13900000009", "topic": "路灯"})
    assert response.status_code == 429
    assert Booking.objects.count() == 2


def test_cancel_page_cancels_with_the_code(client) -> None:
    booking = _book(ReceptionFactory.create(), "13900000001")
    response = client.post(reverse("booking-cancel"), {"code": booking.code})
    assert response.status_code == 200
    assert Booking.objects.get().status == "cancelled"
    response = client.post(reverse("booking-cancel"), {"code": "WRONG"})
    assert "没有找到该预约码对应的预约。" in response.content.decode()


def test_booking_errors_speak_plainly_about_what_was_typed(client) -> None:
    reception = ReceptionFactory.create(capacity=3)
    url = reverse("reception-book", args=[reception.pk])
    html = client.post(url, {"name": "王五", "mobile": "1391234567", "topic": "路灯不亮"}).content.decode()
    assert "请输入11位手机号码。" in html and "字符" not in html and "变量" not in html
    html = client.post(url, {"name": "王五", "mobile": "1391234567a", "topic": "路灯不亮"}).content.decode()
    assert "请输入11位手机号码。" in html
    html = client.post(url, {"name": "", "mobile": "13912345678", "topic": "灯" * 201}).content.decode()
    assert "请填写您的姓名。" in html and "内容太长了：最多200个字，您输入了201个字。" in html
    html = client.post(url, {"name": "王五", "mobile": "13912345678", "topic": ""}).content.decode()
    assert "请写下您想反映的事情。" in html and "这个字段是必填项" not in html
    assert not Booking.objects.exists()


def test_booking_page_names_the_topic_once(client) -> None:
    reception = ReceptionFactory.create(topic="社区养老服务")
    html = client.get(reverse("reception-book", args=[reception.pk])).content.decode()
    assert "主题：社区养老服务" in html and html.count("主题") == 1
