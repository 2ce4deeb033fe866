"""Citizens' personal data encrypted at rest with the national algorithms (密评, GB/T 39786-2021,
应用和数据安全; docs/security.md "密评").

* Encryption: SM4 (GB/T 32907) in GCM mode (an authenticated mode: a changed byte is refused, not
  decrypted into something else), from ``cryptography``. A stored value reads
  ``sm4gcm:<key id>:<base64url(12-byte nonce | ciphertext | 16-byte tag)>``; the associated data binds
  it to its key id and its column (``app.Model.field``), so a ciphertext copied into another column
  does not decrypt there.
* Lookups: a blind index, HMAC-SM3 (GB/T 32905) under a separate key of the normalised value and its
  purpose ("mobile"), so "every item of this number" is an indexed equality without the number.
* Keys come from a key provider (``FIELD_KEY_PROVIDER``): ``SettingsKeyProvider`` reads
  ``FIELD_ENCRYPTION_KEYS`` / ``BLIND_INDEX_KEY`` from the environment or ``FIELD_ENCRYPTION_KEYS_FILE``
  (JSON); a hardware security module or a key-management service is another class with the same three
  methods. Every ciphertext names its key, so old keys keep decrypting while
  ``manage.py rotate_field_keys`` re-encrypts in batches under the current one."""

from __future__ import annotations

import base64
import functools
import json
import os
import re
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .audit_chain import hmac_sm3

PREFIX = "sm4gcm:"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID_RE = re.compile(r"^[A-Za-z0-9.-]{1,32}$")


class DecryptionError(Exception):
    """A stored value that does not decrypt: an unknown key id, or a ciphertext changed by hand."""


class KeyProvider(Protocol):
    def current_key_id(self) -> str: ...

    def key(self, key_id: str) -> bytes: ...

    def index_key(self) -> bytes: ...


def sm4_gcm_encrypt(key: bytes, plaintext: bytes, aad: bytes, nonce: bytes | None = None) -> bytes:
    nonce = nonce or os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    body = encryptor.update(plaintext) + encryptor.finalize()
    return nonce + body + encryptor.tag


def sm4_gcm_decrypt(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("ciphertext too short")
    nonce, body, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag as exc:
        raise DecryptionError("the ciphertext or its column was changed") from exc


def _key_bytes(text: str, name: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: a key is 32 hexadecimal digits (128 bits).") from exc
    if len(key) != 16:
        raise ImproperlyConfigured(f"{name}: an SM4 key is 128 bits (32 hexadecimal digits).")
    return key


def _derived(label: str) -> bytes:
    """A development key derived from SECRET_KEY (``check --deploy`` warns while one is in use)."""
    return bytes.fromhex(hmac_sm3(settings.SECRET_KEY.encode(), label.encode()))[:16]


def parse_keys(text: str, name: str = "FIELD_ENCRYPTION_KEYS") -> tuple[str, dict[str, bytes]]:
    """``"id1:hex,id2:hex"`` → (current id = the first, {id: key})."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        key_id, _sep, hex_key = part.partition(":")
        if not KEY_ID_RE.match(key_id) or not hex_key:
            raise ImproperlyConfigured(f"{name}: write the keys as id:hex,id:hex (the first is current).")
        keys[key_id] = _key_bytes(hex_key, name)
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured(f"{name} holds no key.")
    return order[0], keys


class SettingsKeyProvider:
    """Keys from the settings (the environment) or from a JSON file
    ``{"current": "k2", "keys": {"k1": "<hex>", "k2": "<hex>"}, "index_key": "<hex>"}``.
    Without either: keys derived from SECRET_KEY under the id ``dev`` (development and tests)."""

    def __init__(self) -> None:
        file_name = getattr(settings, "FIELD_ENCRYPTION_KEYS_FILE", "")
        index_text = getattr(settings, "BLIND_INDEX_KEY", "")
        if file_name:
            data = json.loads(Path(file_name).read_text())
            self._keys = {str(k): _key_bytes(v, file_name) for k, v in data["keys"].items()}
            self._current = str(data["current"])
            index_text = data.get("index_key", index_text)
        elif getattr(settings, "FIELD_ENCRYPTION_KEYS", ""):
            self._current, self._keys = parse_keys(settings.FIELD_ENCRYPTION_KEYS)
        else:
            self._current, self._keys = "dev", {"dev": _derived("congress field encryption")}
        if self._current not in self._keys:
            raise ImproperlyConfigured(f"The current field key {self._current!r} is not among the keys.")
        self._index = (
            _key_bytes(index_text, "BLIND_INDEX_KEY") if index_text else _derived("congress blind index")
        )
        self.derived = not (file_name or getattr(settings, "FIELD_ENCRYPTION_KEYS", ""))

    def current_key_id(self) -> str:
        return self._current

    def key(self, key_id: str) -> bytes:
        try:
            return self._keys[key_id]
        except KeyError:
            raise DecryptionError(f"no key {key_id!r} (FIELD_ENCRYPTION_KEYS)") from None

    def index_key(self) -> bytes:
        return self._index


@functools.cache
def provider() -> KeyProvider:
    cls = import_string(getattr(settings, "FIELD_KEY_PROVIDER", "congress.fieldcrypto.SettingsKeyProvider"))
    instance: KeyProvider = cls()
    return instance


def provider_reset() -> None:
    """Forget the provider (after the settings changed: tests, the rotation command)."""
    provider.cache_clear()


def _aad(key_id: str, column: str) -> bytes:
    return f"congress/field/v1|{key_id}|{column}".encode()


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def key_id_of(value: str) -> str:
    return value[len(PREFIX) :].partition(":")[0] if is_encrypted(value) else ""


def encrypt(value: str, column: str) -> str:
    keys = provider()
    key_id = keys.current_key_id()
    sealed = sm4_gcm_encrypt(keys.key(key_id), value.encode(), _aad(key_id, column))
    return f"{PREFIX}{key_id}:{base64.urlsafe_b64encode(sealed).decode().rstrip('=')}"


def decrypt(value: str, column: str) -> str:
    """The clear text of a stored value; a value stored before encryption (no prefix) as it is."""
    if not is_encrypted(value):
        return value
    key_id, _sep, body = value[len(PREFIX) :].partition(":")
    try:
        sealed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError as exc:
        raise DecryptionError("not base64") from exc
    return sm4_gcm_decrypt(provider().key(key_id), sealed, _aad(key_id, column)).decode()


def normalise(value: str, purpose: str) -> str:
    value = (value or "").strip()
    if purpose == "mobile":
        value = re.sub(r"[\s-]", "", value)
        value = re.sub(r"^(\+?86)(?=1\d{10}$)", "", value)
    elif purpose == "email":
        value = value.lower()
    return value


def blind_index(value: str, purpose: str) -> str:
    """HMAC-SM3 of the normalised value and its purpose; "" for an empty value."""
    value = normalise(value, purpose)
    if not value:
        return ""
    return hmac_sm3(provider().index_key(), f"{purpose}\x00{value}".encode())
