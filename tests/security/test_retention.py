# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Retention reaches every copy of a submitter's personal data; bookings have retention and erasure."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from congress.audit import audit_record
from congress.models import AuditEvent
from congress.notifications.models import Notification
from stations.models import Booking
from stations.services import booking_cancel, booking_create, bookings_erase_expired
from suggestions import services
from suggestions.models import Suggestion, SuggestionEvent
from tests.factories.stations import ReceptionFactory

NAME, MOBILE, EMAIL = "王小明", "13912345678", "wang@example.cn"


def _closed_long_ago(make):
    item = make("closed", submitter_email=EMAIL)
    Suggestion.objects.filter(pk=item.pk).update(closed_at=timezone.now() - datetime.timedelta(days=4 * 365))
    return item


def _everything_about(item) -> str:
    about = {"content_type": ContentType.objects.get_for_model(Suggestion), "object_id": item.pk}
    texts = [str(v) for v in Suggestion.objects.filter(pk=item.pk).values().first().values()]
    texts += [f"{e.note} {e.public_note}" for e in SuggestionEvent.objects.filter(suggestion=item)]
    texts += [f"{a.note} {a.data}" for a in AuditEvent.objects.filter(**about)]
    texts += [f"{n.to_address} {n.subject} {n.body}" for n in Notification.objects.filter(**about)]
    texts += [r.text for r in item.replies.all()] + [r.comment for r in item.ratings.all()]
    return " ".join(texts)


def test_anonymising_reaches_notifications_events_and_audit_events(make, staff):
    item = _closed_long_ago(make)
    SuggestionEvent.objects.create(suggestion=item, action="note", note=f"电话联系了{NAME}，{MOBILE}")
    audit_record(target=item, action="contact", actor=staff, note=f"{NAME} {EMAIL}", data={"who": NAME})
    item.ratings.update(comment=f"我是{NAME}，有事打{MOBILE}")
    before = _everything_about(item)
    assert NAME in before and MOBILE in before and EMAIL in before
    assert services.suggestions_anonymise_expired() == 1
    after = _everything_about(item)
    assert NAME not in after and MOBILE not in after and EMAIL not in after
    assert Notification.objects.filter(object_id=item.pk, channel="sms").exclude(to_address="").count() == 0


def test_anonymising_is_idempotent_and_leaves_recent_cases_alone(make):
    old = _closed_long_ago(make)
    recent = make("closed", submitter_mobile="13700000000")
    assert services.suggestions_anonymise_expired() == 1
    assert services.suggestions_anonymise_expired() == 0
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at and old.submitter_mobile == ""
    assert recent.submitter_mobile == "13700000000"


def test_a_cancelled_booking_keeps_no_personal_data(db):
    reception = ReceptionFactory(date=timezone.localdate() + datetime.timedelta(days=3))
    booking = booking_create(reception=reception, name=NAME, mobile=MOBILE, topic=f"{NAME}想反映停车问题")
    cancelled = booking_cancel(code=booking.code)
    assert (cancelled.name, cancelled.mobile, cancelled.topic) == ("", "", "")
    assert cancelled.status == Booking.Status.CANCELLED


def test_bookings_are_deleted_a_year_after_their_reception(db):
    today = timezone.localdate()
    old = ReceptionFactory(date=today - datetime.timedelta(days=400))
    recent = ReceptionFactory(date=today - datetime.timedelta(days=30))
    Booking.objects.create(reception=old, code="OLD1", name=NAME, mobile=MOBILE, topic="x")
    Booking.objects.create(reception=recent, code="NEW1", name=NAME, mobile=MOBILE, topic="x")
    assert bookings_erase_expired(today=today) == 1
    assert list(Booking.objects.values_list("code", flat=True)) == ["NEW1"]
    assert bookings_erase_expired(today=today) == 0
