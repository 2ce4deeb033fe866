# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""No clear text of a citizen's personal data is left anywhere in the database: a submission through
the public form, its SMS receipt in the outbox, staff revealing the contact (access log and audit
trail) and a booking at a reception; then every text, character and JSON column of every table in the
schema read with SQL, and a data-only ``pg_dump`` of the whole database read as text."""

from __future__ import annotations

import datetime
import io
import os
import re
import subprocess
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from congress.errors import DomainError
from congress.notifications.models import Notification
from stations.models import Booking
from stations.services import booking_create
from suggestions.models import Suggestion
from tests.factories.stations import ReceptionFactory

pytestmark = pytest.mark.django_db

NAME = "欧阳明哲"
MOBILE = "13987654321"
EMAIL = "ouyang.mingzhe@example.cn"
ADDRESS = "幸福路88号3单元"
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


def _columns() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s) ORDER BY table_name, column_name",
            [list(TEXT_TYPES)],
        )
        tables: dict[str, list[str]] = {}
        for table, column in cursor.fetchall():
            tables.setdefault(table, []).append(column)
    return tables


def _found(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, value) for every column of every table that holds one of the values."""
    quote = connection.ops.quote_name
    hits = []
    patterns = [f"%{n}%" for n in needles]
    with connection.cursor() as cursor:
        for table, columns in _columns().items():
            for column in columns:
                cursor.execute(
                    # Names from the catalogue, quoted; the values as parameters.
                    f"SELECT {quote(column)}::text FROM {quote(table)} "
                    f"WHERE {quote(column)}::text LIKE ANY(%s) LIMIT 1",
                    [patterns],
                )
                row = cursor.fetchone()
                if row is not None:
                    hits.append((table, column, row[0][:80]))
    return hits


def _submit_and_reveal(client: Any, category: Any, street: Any, staff: Any) -> Suggestion:
    """A citizen submits through the public form (the SMS receipt goes into the outbox), then staff
    reveal the contact (the access log and the audit trail record it)."""
    response = client.post(
        reverse("submit"),
        {
            "category": category.pk,
            "title": "楼道灯不亮",
            "text": "单元楼道的灯坏了一个月，晚上上下楼很不方便，请物业尽快维修。",
            "area": street.pk,
            "address": ADDRESS,
            "submitter_name": NAME,
            "name_hidden": "on",
            "submitter_mobile": MOBILE,
            "submitter_email": EMAIL,
            "consent_privacy": "on",
            "captcha_0": "x",
            "captcha_1": "PASSED",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Suggestion.objects.get(title="楼道灯不亮")
    # The data is there, readable by the portal: the test is not passing on an empty row.
    assert (item.submitter_name, item.submitter_mobile, item.submitter_email, item.address) == (
        NAME,
        MOBILE,
        EMAIL,
        ADDRESS,
    )
    receipts = Notification.objects.filter(object_id=item.pk, channel="sms")
    assert [n.to_address for n in receipts] == [MOBILE]
    client.force_login(staff)
    page = client.post(reverse("admin:suggestions_suggestion_case", args=[item.pk]), {"action": "reveal"})
    assert MOBILE in page.content.decode()
    assert item.access_logs.exists()
    return item


def test_a_submission_leaves_no_clear_personal_data_in_any_table(
    client: Any, category: Any, street: Any, staff: Any
) -> None:
    _submit_and_reveal(client, category, street, staff)
    hits = _found([NAME, MOBILE, EMAIL, ADDRESS, "139 8765 4321", "8765 4321"])
    assert hits == [], hits


def test_the_scan_finds_clear_text_where_there_is_some() -> None:
    """The scan itself works: a value written in clear into a plain column is reported."""
    Notification.objects.create(channel="in_app", subject=f"致{NAME}", body="测试", to_address="")
    assert ("notifications_notification", "subject", f"致{NAME}") in _found([NAME])


def test_a_booking_leaves_no_clear_personal_data_and_a_second_one_is_refused_by_the_index() -> None:
    booking = booking_create(
        reception=ReceptionFactory.create(), name=NAME, mobile=MOBILE, topic="小区停车难"
    )
    with pytest.raises(DomainError):
        booking_create(reception=booking.reception, name="另一人", mobile=MOBILE, topic="又来一次")
    assert Booking.objects.get(pk=booking.pk).mobile == MOBILE
    assert _found([NAME, MOBILE]) == []


def _pg_dump() -> str:
    """A data-only ``pg_dump`` of the test database, as text (COPY rows; bytea as hex)."""
    from congress.backup import pg_tool

    try:
        binary = pg_tool("pg_dump")
    except RuntimeError as exc:
        pytest.skip(f"no pg_dump as new as the server on PATH or in pgserver: {exc}")
    settings = connection.settings_dict
    command = [binary, "--data-only", "--encoding=UTF8", "-h", settings["HOST"] or "127.0.0.1"]
    command += ["-p", str(settings["PORT"] or 5432), "-U", settings["USER"] or "postgres"]
    env = {**os.environ, **({"PGPASSWORD": settings["PASSWORD"]} if settings.get("PASSWORD") else {})}
    return subprocess.run(
        [*command, settings["NAME"]], capture_output=True, check=True, env=env, timeout=120
    ).stdout.decode()


def _in_dump(dump: str, needles: list[str]) -> list[str]:
    """The needles the dump holds, as text or as the hex of a bytea column."""
    return [n for n in needles if n in dump or n.encode().hex() in dump]


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_after_a_submission_holds_no_clear_personal_data(
    seeded: None, client: Any, category: Any, street: Any, staff: Any
) -> None:
    """What leaves the server in a backup: the whole database dumped, after the submission, its
    receipt and the reveal are committed. Then the same values put back in clear by SQL are found in
    a second dump, so the scan is shown to see these columns."""
    item = _submit_and_reveal(client, category, street, staff)
    needles = [NAME, MOBILE, EMAIL, ADDRESS, "139 8765 4321", "8765 4321"]
    dump = _pg_dump()
    assert item.code in dump  # the dump holds the case itself
    assert _in_dump(dump, needles) == []

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE suggestions_suggestion SET submitter_name = %s, submitter_mobile = %s, "
            "submitter_email = %s, address = %s WHERE id = %s",
            [NAME, MOBILE, EMAIL, ADDRESS, item.pk],
        )
    assert _in_dump(_pg_dump(), [NAME, MOBILE, EMAIL, ADDRESS]) == [NAME, MOBILE, EMAIL, ADDRESS]


def _copy_rows(dump: str, table: str) -> list[dict[str, str]]:
    """The rows of ``table`` in a plain-text dump (its ``COPY ... FROM stdin`` block)."""
    block = re.search(rf"^COPY public\.{table} \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", dump, re.S | re.M)
    if block is None:
        return []
    columns = [c.strip().strip('"') for c in block.group(1).split(",")]
    return [dict(zip(columns, line.split("\t"), strict=True)) for line in block.group(2).splitlines()]


def _with_bytea_decoded(dump: str) -> str:
    """The dump, followed by the text of every bytea value in it (``\\x<hex>``)."""
    decoded = (
        bytes.fromhex(h).decode("utf-8", "replace") for h in re.findall(r"\\\\x((?:[0-9a-f]{2})+)", dump)
    )
    return dump + "\n" + "\n".join(decoded)


# A citizen's number, as the demo makes them: 11 digits, found by one pass over the dump.
NUMBER = re.compile(r"(?=(1\d{10}))")
# Demo columns that must hold ciphertext in the dump (so the check is not passing on empty columns).
DEMO_ENCRYPTED = (
    "suggestions_suggestion.submitter_name",
    "suggestions_suggestion.submitter_mobile",
    "stations_booking.name",
    "stations_booking.mobile",
    "votes_proposal.proposer_name",
    "votes_proposal.proposer_phone",
    "notifications_notification.to_address",
)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_of_the_demo_holds_personal_data_only_as_ciphertext(seeded: None) -> None:
    """The demo city (citizens' opinions, receipts, bookings, proposals), then an overdue scan that
    writes staff reminders by e-mail, dumped: every value of every encrypted column is ciphertext in
    the dump, no citizen's number is anywhere in it, and a citizen's name only where it is also a
    deputy's (public) name or was typed into an opinion's free text (not encrypted: masked on display,
    scrubbed at retention)."""
    from django.apps import apps
    from django.core.management import call_command
    from django.utils import timezone

    from congress.calendar.selectors import work_calendar
    from congress.encrypted_fields import encrypted_columns
    from deputies.models import Deputy
    from suggestions.services import overdue

    call_command("load_demo", stdout=io.StringIO())
    day = timezone.localdate()
    while not work_calendar().is_working_day(day):
        day += datetime.timedelta(days=1)
    overdue.overdue_scan(today=day)
    assert Notification.objects.filter(kind__startswith="reminder.", channel="email").exists()

    models = [m for m in apps.get_models() if encrypted_columns(m)]
    clear: dict[str, set[str]] = {}
    for model in models:
        for field in encrypted_columns(model):
            values = model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            clear[f"{model._meta.db_table}.{field.column}"] = {v for v in values if v}
    dump = _pg_dump()

    ciphertexts = dict.fromkeys(clear, 0)
    for model in models:
        for row in _copy_rows(dump, model._meta.db_table):
            for field in encrypted_columns(model):
                value = row[field.column]
                assert value in ("", "\\N") or value.startswith("sm4gcm:"), (model, field.name, value)
                ciphertexts[f"{model._meta.db_table}.{field.column}"] += value.startswith("sm4gcm:")
    assert [c for c in DEMO_ENCRYPTED if not ciphertexts[c]] == []

    citizens = {k: v for k, v in clear.items() if not k.startswith("notifications_")}
    numbers = set().union(*(v for k, v in citizens.items() if k.endswith(("mobile", "phone"))))
    assert len(numbers) > 100
    text = _with_bytea_decoded(dump)
    assert set(NUMBER.findall(text)) & numbers == set()
    others = set().union(*(v for k, v in citizens.items() if not k.endswith(("mobile", "phone"))))
    # Deputies' names are public (a short citizen name can be part of one: 王秀 in 王秀英).
    public = "\n".join(Deputy.objects.values_list("name", flat=True))
    typed = "\n".join(f"{title}\n{body}" for title, body in Suggestion.objects.values_list("title", "text"))
    checked = {v for v in others if v not in public and v not in typed}
    assert len(checked) > 5
    assert [v for v in checked if v in text] == []
