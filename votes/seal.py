"""The sealed ballot box: every electronic paper of an open ballot as one encrypted whole.

While a ballot is open its papers are not rows: a row carries the transaction id (``xmin``), the
physical position (``ctid``) and the insertion order of the vote that wrote it, and the deputy's
attendance row carries the same, so any reader of the database could line the two up. Instead one
``BallotBox`` row per ballot holds all papers cast so far, encrypted (AES-256-GCM) and reshuffled
at every vote, under a key that lives outside the database (``settings.BALLOT_SEAL_KEY``; when it is
empty, derived from ``SECRET_KEY``). The box is opened into paper rows, in random order, only when
the ballot closes (``votes.services.ballots``).

Format (version 1): ``0x01 | nonce (12 bytes) | AES-GCM(plaintext) with its 16-byte tag``, the
ballot's id bound as associated data so a box cannot be moved to another ballot. The plaintext is
``n`` (2 bytes) and the ballot's ``n`` candidate ids in ascending order (8 bytes each), then every
paper as exactly ``n`` bytes, one choice code per candidate (0 = not marked). Every paper has the
same length whatever it marks, so the size of the box tells only how many papers it holds, which
the attendance table says anyway. Nothing is compressed, for the same reason.

This module is pure (no database): the service and the data migration both use it.
"""

from __future__ import annotations

import functools
import os
import random
import struct
from collections.abc import Iterable, Mapping, Sequence

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = b"\x01"
NONCE_BYTES = 12
TAG_BYTES = 16
# What one byte of a paper means: the values of ``PaperMark.Choice`` (kept here as text so the data
# migration does not import the live models). Appending a choice is compatible; reordering is not.
CHOICES = ("", "for", "satisfied", "basically", "unsatisfied")
_CODE = {choice: code for code, choice in enumerate(CHOICES) if choice}
_HKDF_INFO = b"congress.votes.ballot-box.v1"

Paper = dict[int, str]

# The operating system's generator for the shuffle and the nonces (``secrets`` uses the same; it is
# not imported by name because the translation tooling runs with an app folder holding a
# ``secrets`` module on the path).
_shuffler = random.SystemRandom()


class SealError(Exception):
    """The box cannot be opened: another key, another ballot's box, or altered bytes."""


def _key() -> bytes:
    """The AES-256 key: HKDF-SHA256 over ``BALLOT_SEAL_KEY``, or over ``SECRET_KEY`` when that is
    empty. HKDF spreads any long random string evenly over the 32 bytes of the key, and the label
    keeps it apart from every other use of the same secret."""
    return _derive((getattr(settings, "BALLOT_SEAL_KEY", "") or settings.SECRET_KEY).encode())


@functools.lru_cache(maxsize=4)
def _derive(material: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(material)


def _associated(ballot_id: int) -> bytes:
    return b"votes.ballotbox:" + VERSION + str(int(ballot_id)).encode()


def _encode(papers: Sequence[Mapping[int, str]], candidates: Sequence[int]) -> bytes:
    index = {cid: i for i, cid in enumerate(candidates)}
    out = bytearray(struct.pack(">H", len(candidates)))
    for cid in candidates:
        out += struct.pack(">q", cid)
    for paper in papers:
        row = bytearray(len(candidates))
        for cid, choice in paper.items():
            if cid not in index or choice not in _CODE:
                raise ValueError(f"paper marks {cid!r} as {choice!r}, not on this ballot")
            row[index[cid]] = _CODE[choice]
        out += row
    return bytes(out)


def _decode(plain: bytes) -> list[Paper]:
    (n,) = struct.unpack_from(">H", plain, 0)
    candidates = struct.unpack_from(f">{n}q", plain, 2)
    body = memoryview(plain)[2 + 8 * n :]
    if n == 0 or len(body) % n:
        raise SealError("malformed ballot box")
    papers: list[Paper] = []
    for start in range(0, len(body), n):
        row = body[start : start + n]
        papers.append({candidates[i]: CHOICES[code] for i, code in enumerate(row) if code})
    return papers


def seal(papers: Sequence[Mapping[int, str]], *, ballot_id: int, candidates: Iterable[int]) -> bytes:
    """Shuffle ``papers`` and encrypt them for ``ballot_id`` with a fresh random nonce. An empty
    list seals to the empty box (``b""``)."""
    if not papers:
        return b""
    shuffled = list(papers)
    _shuffler.shuffle(shuffled)
    plain = _encode(shuffled, sorted(set(candidates)))
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(_key()).encrypt(nonce, plain, _associated(ballot_id))


def unseal(sealed: bytes, *, ballot_id: int) -> list[Paper]:
    """The papers in the box, in the box's (random) order. Raises ``SealError`` when the box was
    sealed with another key, for another ballot, or altered."""
    sealed = bytes(sealed)
    if not sealed:
        return []
    if sealed[:1] != VERSION or len(sealed) < 1 + NONCE_BYTES + TAG_BYTES:
        raise SealError("unknown ballot box format")
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        plain = AESGCM(_key()).decrypt(nonce, body, _associated(ballot_id))
    except Exception as exc:  # cryptography raises InvalidTag; never show the bytes
        raise SealError("the ballot box does not open with this key for this ballot") from exc
    return _decode(plain)


def add_paper(sealed: bytes, paper: Mapping[int, str], *, ballot_id: int, candidates: Iterable[int]) -> bytes:
    """The box after one more paper: opened, the paper added, the whole reshuffled and sealed again
    with a new nonce, so no byte of the result lines up with the box before."""
    return seal(
        [*unseal(sealed, ballot_id=ballot_id), dict(paper)], ballot_id=ballot_id, candidates=candidates
    )


def paper_count(sealed: bytes, *, candidates: int) -> int:
    """How many papers a box holds, from its length alone (no key needed: every paper has the same
    length, and the count is the number of electronic voters, which the attendance shows)."""
    if not sealed:
        return 0
    body = len(sealed) - 1 - NONCE_BYTES - TAG_BYTES - 2 - 8 * candidates
    return body // candidates
