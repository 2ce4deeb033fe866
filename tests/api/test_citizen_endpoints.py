"""The endpoints of the citizen's journey: rating the reply, the device's own items, booking and
cancelling a reception, published cases, and retried submissions with an Idempotency-Key."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from congress.models import IdempotencyKey
from stations.models import Booking
from suggestions.models import Rating, Suggestion, SuggestionPhoto
from suggestions.pins import pin_hash
from tests.api.test_errors import assert_error_shape
from tests.factories.stations import ReceptionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/suggestions/"
PIN = "135790"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _with_pin(item: Suggestion) -> Suggestion:
    Suggestion.objects.filter(pk=item.pk).update(pin_hash=pin_hash(item.code, PIN))
    return item


def test_the_timeline_says_when_the_reply_can_be_rated_and_the_rating_is_taken(api, make):
    item = _with_pin(make("replied"))
    assert api.post(f"{URL}{item.code}/", {"pin": PIN}, format="json").json()["can_rate"] is True
    response = api.post(f"{URL}{item.code}/rating/", {"pin": PIN, "value": "satisfied"}, format="json")
    assert response.status_code == 201
    assert response.json()["can_rate"] is False and response.json()["status"] == "rated"
    assert Rating.objects.get(suggestion=item).value == "satisfied"


def test_a_second_rating_is_a_409(api, make):
    item = _with_pin(make("replied"))
    api.post(f"{URL}{item.code}/rating/", {"pin": PIN, "value": "satisfied"}, format="json")
    again = api.post(f"{URL}{item.code}/rating/", {"pin": PIN, "value": "unsatisfied"}, format="json")
    assert assert_error_shape(again, 409)["code"] == "not_ratable"
    assert Rating.objects.filter(suggestion=item).count() == 1


def test_rating_needs_the_pin_and_a_known_value(api, make):
    item = _with_pin(make("replied"))
    wrong = api.post(f"{URL}{item.code}/rating/", {"pin": "000000", "value": "satisfied"}, format="json")
    assert_error_shape(wrong, 404)
    bad = api.post(f"{URL}{item.code}/rating/", {"pin": PIN, "value": "great"}, format="json")
    assert list(assert_error_shape(bad, 400)["errors"]) == ["value"]
    assert not Rating.objects.exists()


def test_an_item_not_yet_replied_cannot_be_rated(api, make):
    item = _with_pin(make("signed_for"))
    assert api.post(f"{URL}{item.code}/", {"pin": PIN}, format="json").json()["can_rate"] is False
    response = api.post(f"{URL}{item.code}/rating/", {"pin": PIN, "value": "satisfied"}, format="json")
    assert_error_shape(response, 409)


def test_the_device_gets_its_own_items_and_the_codes_that_no_longer_open(api, make, submit):
    replied = _with_pin(make("replied"))
    fresh = _with_pin(submit(submitter_mobile="13912345679").suggestion)
    items = [
        {"code": replied.code, "pin": PIN},
        {"code": fresh.code, "pin": PIN},
        {"code": fresh.code, "pin": "000000"},
    ]
    body = api.post(f"{URL}mine/", {"items": items}, format="json").json()
    assert [(i["code"], i["can_rate"]) for i in body["items"]] == [(replied.code, True), (fresh.code, False)]
    assert body["not_found"] == [fresh.code]


def test_the_own_items_list_is_bounded(api):
    items = [{"code": f"C{n}", "pin": "000000"} for n in range(21)]
    assert_error_shape(api.post(f"{URL}mine/", {"items": items}, format="json"), 400)


def test_a_citizen_books_and_cancels_a_reception(api):
    reception = ReceptionFactory.create(capacity=1)
    url = f"/api/v1/public/receptions/{reception.pk}/bookings/"
    booked = api.post(url, {"name": "王小明", "mobile": "13912345678", "topic": "加装电梯"}, format="json")
    assert booked.status_code == 201
    code = booked.json()["code"]
    assert booked.json()["status"] == "booked" and booked.json()["reception"] == reception.pk
    full = api.post(url, {"name": "李四", "mobile": "13912345679", "topic": "停车"}, format="json")
    assert list(assert_error_shape(full, 400)["errors"]) == ["reception"]
    cancelled = api.post(f"/api/v1/public/bookings/{code}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Booking.objects.get(code=code).mobile == ""


def test_booking_needs_the_key_and_an_existing_reception(api, client):
    reception = ReceptionFactory.create()
    body = {"name": "王小明", "mobile": "13912345678", "topic": "加装电梯"}
    url = f"/api/v1/public/receptions/{reception.pk}/bookings/"
    assert_error_shape(client.post(url, body, content_type="application/json"), 401)
    assert_error_shape(api.post("/api/v1/public/receptions/999999/bookings/", body, format="json"), 404)
    assert_error_shape(api.post("/api/v1/public/bookings/NOSUCHCODE/cancel/"), 404)
    assert not Booking.objects.exists()


def test_published_cases_are_listed_and_opened_without_personal_data(client, make, staff):
    from suggestions import services

    case = make("closed")
    services.suggestion_publish(
        suggestion=case, actor=staff, public_title="路灯修好了", public_text="路灯已修复。"
    )
    make("closed", title="未公开")
    listed = client.get("/api/v1/public/cases/").json()
    assert [c["code"] for c in listed["results"]] == [case.code]
    detail = client.get(f"/api/v1/public/cases/{case.code}/").json()
    assert detail["title"] == "路灯修好了" and detail["replies"][0]["outcome"] == "A"
    assert "13912345678" not in str(detail) and "王小明" not in str(detail)
    assert_error_shape(client.get("/api/v1/public/cases/NOSUCH/"), 404)


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, format="PNG")
    return SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")


def test_a_retried_submission_returns_the_first_answer_and_makes_one_item(api, payload):
    first = api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Suggestion.objects.count() == 1


def test_a_retried_multipart_submission_with_a_photo_is_one_item(api, payload):
    payload["consent_privacy"] = "true"
    first = api.post(URL, {**payload, "photos": [_photo()]}, format="multipart", HTTP_IDEMPOTENCY_KEY="k-2")
    again = api.post(URL, {**payload, "photos": [_photo()]}, format="multipart", HTTP_IDEMPOTENCY_KEY="k-2")
    assert first.status_code == again.status_code == 201 and again.json() == first.json()
    assert Suggestion.objects.count() == 1 and SuggestionPhoto.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api, payload):
    api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    other = api.post(URL, {**payload, "title": "另一件事"}, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    body = assert_error_shape(other, 422)
    assert "Idempotency-Key" in body["message"]
    assert Suggestion.objects.count() == 1


def test_a_refused_request_does_not_use_up_its_key(api, payload):
    bad = api.post(URL, {**payload, "submitter_mobile": "1"}, format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    assert bad.status_code == 400 and not IdempotencyKey.objects.exists()
    good = api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    assert good.status_code == 201


def test_keys_are_per_client_and_stored_without_the_key_or_the_pin(api, payload, db):
    from rest_framework.test import APIClient

    from congress.apiclients.services import api_client_register

    first = api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="shared-key").json()
    _row, key = api_client_register(name="热线", kind="hotline", rate="100/m")
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    payload["submitter_mobile"] = "13800138001"
    second = other.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="shared-key").json()
    assert second["code"] != first["code"]
    for row in IdempotencyKey.objects.all():
        stored = row.key_hash + bytes(row.sealed_response or b"").decode("latin-1")
        assert "shared-key" not in stored and first["pin"] not in stored and second["pin"] not in stored


def test_an_expired_key_is_forgotten(api, payload, db):
    import datetime

    from django.utils import timezone

    api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-5")
    IdempotencyKey.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    payload["submitter_mobile"] = "13800138002"
    assert api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-5").status_code == 201
    assert Suggestion.objects.count() == 2 and IdempotencyKey.objects.count() == 1


def test_a_malformed_key_is_a_400(api, payload):
    response = api.post(URL, payload, format="json", HTTP_IDEMPOTENCY_KEY="x" * 101)
    assert list(assert_error_shape(response, 400)["errors"]) == ["Idempotency-Key"]


def test_a_retried_booking_is_one_booking(api):
    reception = ReceptionFactory.create()
    url = f"/api/v1/public/receptions/{reception.pk}/bookings/"
    body = {"name": "王小明", "mobile": "13912345678", "topic": "加装电梯"}
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="b-1")
    again = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="b-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Booking.objects.count() == 1
