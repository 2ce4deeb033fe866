# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Citizens' personal data at rest (密评): SM4-GCM checked against the standard's vectors, ciphertexts
that refuse a changed byte or another column, lookups only through the blind index, keys rotated in
batches with nothing lost, and the data migration that encrypts rows stored in clear."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from congress import fieldcrypto
from congress.audit_chain import hmac_sm3, sm3
from congress.fieldcrypto_migrate import encrypt_rows
from congress.notifications.models import Notification
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

K1 = "k1:00112233445566778899aabbccddeeff"
K2 = "k2:ffeeddccbbaa99887766554433221100"


@pytest.fixture(autouse=True)
def fresh_provider() -> Iterator[None]:
    fieldcrypto.provider_reset()
    yield
    fieldcrypto.provider_reset()


def _raw(model: Any, pk: int, column: str) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_sm4_gives_the_example_of_gb_t_32907() -> None:
    # GB/T 32907-2016, appendix A, example 1: key and plaintext 0123456789abcdeffedcba9876543210.
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    # The standard's example is one bare block: ECB here is the block cipher itself, nothing stored.
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305
    assert (encryptor.update(key) + encryptor.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"
    decryptor = Cipher(algorithms.SM4(key), modes.ECB()).decryptor()  # noqa: S305
    assert decryptor.update(bytes.fromhex("681edf34d206965e86b3e94f536e4246")) + decryptor.finalize() == key


def test_sm3_and_hmac_sm3_give_the_standard_digests() -> None:
    # GB/T 32905-2016, appendix A, example 1.
    assert sm3(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    # HMAC (RFC 2104) over SM3: the blind index's construction, checked against its definition.
    key = b"k" * 16
    inner = bytes.fromhex(sm3(bytes(b ^ 0x36 for b in key.ljust(64, b"\0")) + b"abc"))
    outer = sm3(bytes(b ^ 0x5C for b in key.ljust(64, b"\0")) + inner)
    assert hmac_sm3(key, b"abc") == outer


def test_sm4_gcm_refuses_a_changed_byte_and_another_column() -> None:
    token = fieldcrypto.encrypt("13987654321", "suggestions.Suggestion.submitter_mobile")
    assert token.startswith("sm4gcm:dev:") and "13987654321" not in token
    assert fieldcrypto.decrypt(token, "suggestions.Suggestion.submitter_mobile") == "13987654321"
    with pytest.raises(fieldcrypto.DecryptionError):
        fieldcrypto.decrypt(token, "suggestions.Suggestion.submitter_name")
    body = token.rsplit(":", 1)[1]
    changed = token[: -len(body)] + ("A" if body[0] != "A" else "B") + body[1:]
    with pytest.raises(fieldcrypto.DecryptionError):
        fieldcrypto.decrypt(changed, "suggestions.Suggestion.submitter_mobile")
    # Two encryptions of one value differ (a fresh nonce each time): equal numbers are not visible.
    assert fieldcrypto.encrypt("13987654321", "x") != fieldcrypto.encrypt("13987654321", "x")


def test_the_row_stores_ciphertext_and_reads_clear_text(submit: Any) -> None:
    item = submit(submitter_name="欧阳明哲", submitter_mobile="13987654321", address="幸福路88号").suggestion
    for column, clear in (
        ("submitter_name", "欧阳明哲"),
        ("submitter_mobile", "13987654321"),
        ("address", "幸福路88号"),
    ):
        stored = _raw(Suggestion, item.pk, column)
        assert stored.startswith("sm4gcm:") and clear not in stored
    fresh = Suggestion.objects.get(pk=item.pk)
    assert (fresh.submitter_name, fresh.submitter_mobile, fresh.address) == (
        "欧阳明哲",
        "13987654321",
        "幸福路88号",
    )
    assert fresh.submitter_mobile_index == fieldcrypto.blind_index("+86 139-8765-4321", "mobile")


def test_an_encrypted_column_is_looked_up_only_through_its_blind_index(submit: Any) -> None:
    item = submit(submitter_mobile="13987654321").suggestion
    with pytest.raises(FieldError, match="blind index"):
        Suggestion.objects.filter(submitter_mobile="13987654321").exists()
    with pytest.raises(FieldError):
        Suggestion.objects.filter(submitter_mobile__startswith="139").exists()
    index = fieldcrypto.blind_index("13987654321", "mobile")
    assert list(Suggestion.objects.filter(submitter_mobile_index=index)) == [item]
    assert Suggestion.objects.filter(submitter_email="").filter(pk=item.pk).exists()


def test_staff_find_a_citizens_items_by_the_whole_number_in_the_admin(
    client: Any, submit: Any, staff: Any
) -> None:
    item = submit(submitter_mobile="13987654321", title="井盖缺失").suggestion
    submit(submitter_mobile="13900000000", title="噪音扰民")
    client.force_login(staff)
    page = client.get(
        reverse("admin:suggestions_suggestion_changelist"), {"q": "139 8765 4321"}
    ).content.decode()
    assert item.code in page and "噪音扰民" not in page
    # Part of a number finds nothing: there is no clear text to match.
    page = client.get(reverse("admin:suggestions_suggestion_changelist"), {"q": "8765"}).content.decode()
    assert item.code not in page


def test_anonymising_a_case_clears_the_blind_index_too(submit: Any) -> None:
    from suggestions.services.personal_data import suggestion_anonymise

    item = submit(submitter_mobile="13987654321").suggestion
    suggestion_anonymise(suggestion=item)
    item.refresh_from_db()
    assert (item.submitter_mobile, item.submitter_mobile_index) == ("", "")


def test_rotation_re_encrypts_every_row_under_the_new_key_with_nothing_lost(submit: Any) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=K1):
        fieldcrypto.provider_reset()
        items = [
            submit(submitter_name=f"市民{n}", submitter_mobile=f"1398765432{n}").suggestion for n in range(5)
        ]
        sms = Notification.objects.create(channel="sms", to_address="13987654320", subject="s", body="b")
    assert all(_raw(Suggestion, i.pk, "submitter_name").startswith("sm4gcm:k1:") for i in items)
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{K2},{K1}"):
        fieldcrypto.provider_reset()
        call_command("rotate_field_keys", batch_size=2)
        for item in items:
            for column in ("submitter_name", "submitter_mobile"):
                assert _raw(Suggestion, item.pk, column).startswith("sm4gcm:k2:")
        assert _raw(Notification, sms.pk, "to_address").startswith("sm4gcm:k2:")
    # The old key is gone: everything still reads, and the blind index still finds the rows.
    with override_settings(FIELD_ENCRYPTION_KEYS=K2):
        fieldcrypto.provider_reset()
        for n, item in enumerate(items):
            fresh = Suggestion.objects.get(pk=item.pk)
            assert (fresh.submitter_name, fresh.submitter_mobile) == (f"市民{n}", f"1398765432{n}")
        assert (
            Suggestion.objects.filter(
                submitter_mobile_index=fieldcrypto.blind_index("13987654323", "mobile")
            ).count()
            == 1
        )
        assert Notification.objects.get(pk=sms.pk).to_address == "13987654320"


def test_a_value_under_a_key_no_longer_configured_is_refused_not_guessed(submit: Any) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=K1):
        fieldcrypto.provider_reset()
        item = submit(submitter_mobile="13987654321").suggestion
    with override_settings(FIELD_ENCRYPTION_KEYS=K2):
        fieldcrypto.provider_reset()
        with pytest.raises(fieldcrypto.DecryptionError, match="k1"):
            Suggestion.objects.get(pk=item.pk)


def test_the_data_migration_encrypts_rows_stored_in_clear_with_nothing_lost(submit: Any) -> None:
    items = [
        submit(submitter_name=f"市民{n}", submitter_mobile=f"1398765432{n}").suggestion for n in range(3)
    ]
    with connection.cursor() as cursor:  # as the rows were before this release
        for n, item in enumerate(items):
            cursor.execute(
                "UPDATE suggestions_suggestion SET submitter_name = %s, submitter_mobile = %s, "
                "submitter_email = %s, address = %s, submitter_mobile_index = '' WHERE id = %s",
                [f"市民{n}", f"1398765432{n}", f"citizen{n}@example.cn", f"幸福路{n}号", item.pk],
            )
    assert _raw(Suggestion, items[0].pk, "submitter_name") == "市民0"
    encrypt_rows("suggestions", "Suggestion", batch_size=2)(apps, None)
    for n, item in enumerate(items):
        for column in ("submitter_name", "submitter_mobile", "submitter_email", "address"):
            assert _raw(Suggestion, item.pk, column).startswith("sm4gcm:")
        fresh = Suggestion.objects.get(pk=item.pk)
        assert (fresh.submitter_name, fresh.submitter_mobile, fresh.submitter_email, fresh.address) == (
            f"市民{n}",
            f"1398765432{n}",
            f"citizen{n}@example.cn",
            f"幸福路{n}号",
        )
        assert fresh.submitter_mobile_index == fieldcrypto.blind_index(f"1398765432{n}", "mobile")


def test_a_citizen_who_types_something_like_a_ciphertext_gets_it_back_unchanged(submit: Any) -> None:
    odd = "sm4gcm:dev:AAAA"
    item = submit(submitter_name=odd).suggestion
    item.clean_fields(exclude=[f.name for f in Suggestion._meta.fields if f.name != "submitter_name"])
    assert Suggestion.objects.get(pk=item.pk).submitter_name == odd
    assert _raw(Suggestion, item.pk, "submitter_name") != odd
