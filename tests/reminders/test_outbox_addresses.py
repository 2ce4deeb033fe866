"""The overdue scan writes its e-mail rows into the outbox with the address already encrypted (SM4-GCM,
the outbox column's key and associated data), though it writes them set-based: no row holds a staff
address in clear, read with SQL, and each decrypts to its recipient's address."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection

from congress import fieldcrypto
from congress.notifications.models import Notification
from congress.notifications.services import outbox_flush
from suggestions.services import overdue
from tests.factories.reminders import assigned_item

from .conftest import at

pytestmark = pytest.mark.django_db

WED = datetime.date(2026, 11, 25)
COLUMN = Notification._meta.get_field("to_address").column_label()


def _raw_email_rows() -> list[tuple[int, str, str]]:
    """(recipient id, kind, to_address) of every e-mail row, as the table holds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT recipient_id, kind, to_address FROM notifications_notification "
            "WHERE channel = 'email' ORDER BY id"
        )
        return [(int(r), str(k), str(a)) for r, k, a in cursor.fetchall()]


def _whole_rows() -> list[str]:
    """Every outbox row with all its columns, as text."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n::text FROM notifications_notification n")
        return [row[0] for row in cursor.fetchall()]


def test_every_staff_address_the_scan_writes_is_encrypted_and_decrypts_to_its_recipient(
    unit, officer, head, staff, leader
):
    for _ in range(2):  # two items of each kind: the same address on several rows of one batch
        assigned_item(due=datetime.date(2026, 11, 27), unit=unit)  # due soon: the officer
        assigned_item(due=datetime.date(2026, 11, 24), unit=unit)  # overdue: officer and head
        # very overdue: the supervising leader and the committee staff
        assigned_item(due=datetime.date(2026, 11, 10), unit=unit, supervising_leader=leader)
    with at(WED):
        overdue.overdue_scan()

    rows = _raw_email_rows()
    assert {(kind, recipient) for recipient, kind, _raw in rows} == {
        (overdue.KIND_DUE_SOON, officer.pk),
        (overdue.KIND_OVERDUE, officer.pk),
        (overdue.KIND_OVERDUE, head.pk),
        (overdue.KIND_VERY_OVERDUE, leader.pk),
        (overdue.KIND_VERY_OVERDUE, staff.pk),
    }
    assert len(rows) == 10
    addresses = dict(get_user_model().objects.values_list("pk", "email"))
    for recipient, _kind, raw in rows:
        assert fieldcrypto.is_encrypted(raw), raw
        assert fieldcrypto.key_id_of(raw) == fieldcrypto.provider().current_key_id()
        assert fieldcrypto.decrypt(raw, COLUMN) == addresses[recipient]
    staff_addresses = [a for a in addresses.values() if a]
    assert len(staff_addresses) >= 4
    leaks = [(row, a) for row in _whole_rows() for a in staff_addresses if a in row]
    assert leaks == []
    # Through the model the portal reads the addresses as before, and sends to them.
    assert {(n.recipient_id, n.to_address) for n in Notification.objects.filter(channel="email")} == {
        (recipient, addresses[recipient]) for recipient, _kind, _raw in rows
    }
    with at(WED):
        outbox_flush()
    assert sorted(a for message in mail.outbox for a in message.to) == sorted(
        addresses[recipient] for recipient, _kind, _raw in rows
    )


def test_an_officer_without_an_address_gets_the_bell_only(unit, officer, head):
    get_user_model().objects.filter(pk=officer.pk).update(email="")
    assigned_item(due=datetime.date(2026, 11, 24), unit=unit)
    with at(WED):
        overdue.overdue_scan()
    rows = Notification.objects.filter(kind=overdue.KIND_OVERDUE)
    assert sorted((n.channel, n.recipient_id) for n in rows) == sorted(
        [("in_app", officer.pk), ("in_app", head.pk), ("email", head.pk)]
    )
    assert [fieldcrypto.is_encrypted(raw) for _r, _k, raw in _raw_email_rows()] == [True]
