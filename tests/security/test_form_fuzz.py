# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Hypothesis on the public forms and the services behind them: whatever a citizen (or a script)
sends, the answer is a page or a clear error, never a server error, and nothing is half-saved."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congress.errors import DomainError
from congress.models import AuditEvent
from congress.notifications.models import Notification
from stations.models import Booking
from stations.services import booking_create
from suggestions import services
from suggestions.models import Suggestion, SuggestionEvent
from tests.factories.stations import ReceptionFactory

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=300)
mobile = st.one_of(st.from_regex(r"1[3-9]\d{9}", fullmatch=True), st.text(max_size=20))


def _rows() -> tuple[int, ...]:
    return (
        Suggestion.objects.count(),
        SuggestionEvent.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


@FUZZ
@given(title=text, body=text, name=text, phone=mobile, address=text, email=text, consent=st.booleans())
def test_the_public_form_never_fails_and_never_half_saves(
    client, category, street, title, body, name, phone, address, email, consent
):
    before = _rows()
    data = {
        "category": category.pk,
        "title": title,
        "text": body,
        "area": street.pk,
        "address": address,
        "submitter_name": name,
        "submitter_mobile": phone,
        "submitter_email": email,
        "captcha_0": "x",
        "captcha_1": "PASSED",
    }
    if consent:
        data["consent_privacy"] = "on"
    response = client.post(reverse("submit"), data, REMOTE_ADDR=f"10.{len(title) % 250}.{len(body) % 250}.1")
    assert response.status_code in (200, 302, 400, 429)
    after = _rows()
    if response.status_code == 302:
        assert after[0] == before[0] + 1
    else:
        assert after == before


@FUZZ
@given(code=st.text(max_size=30), pin=st.text(max_size=12))
def test_the_tracking_form_never_fails(client, db, code, pin):
    response = client.post(reverse("track"), {"code": code, "pin": pin})
    assert response.status_code in (200, 400, 429)


@FUZZ
@given(
    channel=st.sampled_from(["web", "qr", "api", "station_desk", "letter", "hotline", "deputy"]),
    title=text,
    body=text,
    name=text,
    phone=mobile,
    consent=st.booleans(),
)
def test_the_submit_service_either_saves_everything_or_nothing(
    category, street, channel, title, body, name, phone, consent
):
    before = _rows()
    try:
        result = services.suggestion_submit(
            submission=services.SubmissionInput(
                channel=channel,
                title=title,
                text=body,
                category=category,
                area=street,
                submitter_name=name,
                submitter_mobile=phone,
                consent_privacy=consent,
            )
        )
    except DomainError as error:
        assert error.message
        assert _rows() == before
    else:
        item = result.suggestion
        assert _rows()[0] == before[0] + 1
        assert item.events.filter(action="submit").count() == 1 and item.triage_deadline_id


@FUZZ
@given(name=text, phone=mobile, topic=text)
def test_the_booking_service_either_books_or_explains(db, name, phone, topic):
    reception = ReceptionFactory(date=timezone.localdate() + datetime.timedelta(days=2))
    try:
        booking = booking_create(reception=reception, name=name, mobile=phone, topic=topic)
    except DomainError as error:
        assert error.message and not Booking.objects.filter(reception=reception).exists()
    else:
        assert Booking.objects.filter(reception=reception).get() == booking
