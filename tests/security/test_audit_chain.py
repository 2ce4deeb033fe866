# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The audit trail is a chain that a database administrator cannot edit unnoticed: the application's
account is refused UPDATE and DELETE by a trigger, and what a DBA does with the trigger disabled —
a row changed, deleted, inserted, or cut off the end — is named by ``audit_verify``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from congress import roles
from congress.audit import audit_record
from congress.audit_chain import audit_verify, sm3
from congress.models import AuditChainHead, AuditEvent
from congress.notifications.models import Notification
from suggestions import services
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_sm3_gives_the_example_digests_of_gb_t_32905() -> None:
    # GB/T 32905-2016, appendix A: example 1 ("abc") and example 2 ("abcd" sixteen times).
    assert sm3(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert sm3(b"abcd" * 16) == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


@pytest.fixture
def chain() -> list[AuditEvent]:
    """Five events about one account, in the chain after whatever the set-up wrote."""
    user = UserFactory.create()
    return [
        audit_record(target=user, action="update", actor=user, note=f"第{n}次修改", data={"n": n})
        for n in range(5)
    ]


@pytest.fixture
def as_dba() -> Iterator[Any]:
    """A cursor with the append-only trigger disabled, as the table's owner could do."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE congress_auditevent DISABLE TRIGGER congress_auditevent_append_only")
        yield cursor
        cursor.execute("ALTER TABLE congress_auditevent ENABLE TRIGGER congress_auditevent_append_only")


def test_an_untouched_chain_verifies(chain: list[AuditEvent]) -> None:
    result = audit_verify()
    assert result.ok, result.message
    assert result.last_seq == chain[-1].seq == AuditChainHead.objects.get().last_seq
    assert [e.seq for e in chain] == list(range(chain[0].seq, chain[0].seq + 5))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE congress_auditevent SET note = 'x' WHERE id = %s",
        "UPDATE congress_auditevent SET action = 'x', redacted = true WHERE id = %s",
        "DELETE FROM congress_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_audit_event(
    chain: list[AuditEvent], statement: str
) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [chain[2].pk])


def test_the_model_refuses_to_save_an_existing_event(chain: list[AuditEvent]) -> None:
    with pytest.raises(ValueError):
        chain[0].save()


@pytest.mark.parametrize(
    ("column", "value"),
    [("note", "'已篡改'"), ("action", "'delete'"), ("actor_id", "NULL"), ("at", "at - interval '1 day'")],
)
def test_a_row_changed_by_hand_is_named(
    chain: list[AuditEvent], as_dba: Any, column: str, value: str
) -> None:
    as_dba.execute(f"UPDATE congress_auditevent SET {column} = {value} WHERE id = %s", [chain[2].pk])
    result = audit_verify()
    assert not result.ok
    assert (result.broken_seq, result.kind) == (chain[2].seq, "changed")
    assert str(chain[2].seq) in result.message


def test_a_row_deleted_by_hand_is_named(chain: list[AuditEvent], as_dba: Any) -> None:
    as_dba.execute("DELETE FROM congress_auditevent WHERE id = %s", [chain[1].pk])
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.kind) == (False, chain[1].seq, "deleted")


def test_a_row_deleted_and_the_rest_renumbered_is_named(chain: list[AuditEvent], as_dba: Any) -> None:
    as_dba.execute("DELETE FROM congress_auditevent WHERE id = %s", [chain[1].pk])
    as_dba.execute("UPDATE congress_auditevent SET seq = -(seq - 1) WHERE seq > %s", [chain[1].seq])
    as_dba.execute("UPDATE congress_auditevent SET seq = -seq WHERE seq < 0")
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.kind) == (False, chain[1].seq, "deleted")


def test_a_row_inserted_in_the_middle_is_named(chain: list[AuditEvent], as_dba: Any) -> None:
    # Make room after the third event, then copy the third one (hashes and all) into the gap.
    as_dba.execute("UPDATE congress_auditevent SET seq = -(seq + 1) WHERE seq > %s", [chain[2].seq])
    as_dba.execute("UPDATE congress_auditevent SET seq = -seq WHERE seq < 0")
    as_dba.execute(
        """INSERT INTO congress_auditevent (at, actor_id, action, from_state, to_state, note, content_type_id,
               object_id, data, address, seq, content_digest, prev_hash, row_hash, redacted)
           SELECT at, actor_id, 'login', from_state, to_state, '伪造的记录', content_type_id, object_id, data,
               address, seq + 1, content_digest, row_hash, row_hash, redacted
           FROM congress_auditevent WHERE id = %s""",
        [chain[2].pk],
    )
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.kind) == (False, chain[3].seq, "inserted")


def test_rows_cut_off_the_end_are_named(chain: list[AuditEvent], as_dba: Any) -> None:
    as_dba.execute("DELETE FROM congress_auditevent WHERE seq >= %s", [chain[3].seq])
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.kind) == (False, chain[3].seq, "truncated")


def test_a_forged_row_appended_with_a_plain_sm3_hash_is_named(chain: list[AuditEvent]) -> None:
    # The application's account may insert: a forger who knows the format but not the key.
    last = chain[-1]
    forged = sm3(f"{last.seq + 1}{last.row_hash}".encode()).rjust(64, "0")
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO congress_auditevent (at, action, from_state, to_state, note, data, address, seq,
                   content_digest, prev_hash, row_hash, redacted)
               VALUES (now(), 'login', '', '', '', '{}', '', %s, %s, %s, %s, false)""",
            [last.seq + 1, sm3(b'{"data":{},"note":""}'), last.row_hash, forged],
        )
        cursor.execute("UPDATE congress_auditchainhead SET last_seq = last_seq + 1, last_hash = %s", [forged])
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.kind) == (False, last.seq + 1, "changed")


def test_personal_data_removed_by_the_portal_keeps_the_chain_whole(make: Any, staff: Any) -> None:
    item = make("closed", submitter_email="wang@example.cn")
    audit_record(target=item, action="update", actor=staff, note="王小明 13912345678", data={"who": "王小明"})
    services.suggestion_anonymise(suggestion=item)
    scrubbed = AuditEvent.objects.filter(object_id=item.pk, redacted=True)
    assert scrubbed.exists()
    assert all("王小明" not in f"{e.note}{e.data}" for e in scrubbed)
    assert AuditEvent.objects.filter(action="audit_redact").count() == 1
    result = audit_verify()
    assert result.ok, result.message


def test_content_removed_by_hand_under_the_redacted_flag_is_named(chain: list[AuditEvent]) -> None:
    # The one UPDATE the trigger lets through, made without the removal record the portal writes.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE congress_auditevent SET note = '', redacted = true WHERE id = %s", [chain[1].pk]
        )
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.kind) == (False, chain[1].seq, "redacted")


def test_the_command_fails_on_a_break_and_alerts_the_security_and_audit_administrators(
    chain: list[AuditEvent], as_dba: Any
) -> None:
    security = UserFactory.create(email="sec@example.cn")
    auditor = UserFactory.create(email="audit@example.cn")
    bystander = UserFactory.create(is_staff=True)
    roles.role_grant(user=security, code=roles.SECURITY_ADMIN)
    roles.role_grant(user=auditor, code=roles.AUDIT_ADMIN)
    as_dba.execute("UPDATE congress_auditevent SET note = 'x' WHERE id = %s", [chain[0].pk])
    with pytest.raises(CommandError, match=str(chain[0].seq)):
        call_command("audit_verify")
    alerted = Notification.objects.filter(kind="audit.chain_broken")
    assert set(alerted.values_list("recipient", flat=True)) == {security.pk, auditor.pk}
    assert not alerted.filter(recipient=bystander).exists()
    assert AuditEvent.objects.filter(action="audit_verify_failed").exists()


def test_the_command_reports_an_intact_chain(chain: list[AuditEvent], capsys: Any) -> None:
    call_command("audit_verify")
    assert AuditEvent.objects.filter(action="audit_verify").count() == 1
    assert not Notification.objects.filter(kind="audit.chain_broken").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_each_get_their_own_place_in_the_chain() -> None:
    user = UserFactory.create()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    audit_record(target=user, action="update", note=f"{n}-{i}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    result = audit_verify()
    assert result.ok, result.message
    assert AuditEvent.objects.filter(note__contains="-").count() == 40


def test_logins_and_failed_logins_are_in_the_chain(client: Any) -> None:
    user = UserFactory.create(username="zhangsan")
    client.post("/accounts/login/", {"username": "zhangsan", "password": "wrong-password"})
    client.post("/accounts/login/", {"username": "nobody-here", "password": "wrong-password"})
    client.post("/accounts/login/", {"username": "zhangsan", "password": "Secret#2026"})
    failed = AuditEvent.objects.filter(action="login_failed")
    assert failed.filter(object_id=user.pk).count() == 1
    unknown = failed.get(object_id=None)
    assert unknown.data == {"username": "nobody-here"}
    assert "wrong-password" not in str(list(AuditEvent.objects.values_list("note", "data")))
    login = AuditEvent.objects.get(action="login", object_id=user.pk)
    assert login.address == "127.0.0.1"
    assert audit_verify().ok
