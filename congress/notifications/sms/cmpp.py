"""CMPP, the protocol of China Mobile's SMS gateways (ISMG) and of the government intranet SMS
platforms built on them: versions 3.0 (default) and 2.0.

No maintained Python library speaks it (the one on PyPI dates from 2017), so this module holds the
minimal client framing the portal needs, from the CMPP 3.0 interface specification (中国移动通信互联网
短信网关接口协议 V3.0.0):

* every PDU is ``Total_Length, Command_Id, Sequence_Id`` (three big-endian uint32) and a body;
* CONNECT logs in with ``AuthenticatorSource = MD5(Source_Addr + 9 zero bytes + secret + MMDDHHMMSS)``;
  the gateway proves it knows the secret with ``AuthenticatorISMG = MD5(Status + AuthenticatorSource +
  secret)``;
* SUBMIT sends one part of a message (UCS-2, at most 140 bytes; longer texts are cut into parts with
  a 6-byte concatenation header, ``TP_udhi = 1``) and asks for a status report
  (``Registered_Delivery = 1``); SUBMIT_RESP gives the gateway's ``Msg_Id`` and a result code;
* DELIVER brings status reports (``Registered_Delivery = 1``: ``Msg_Id``, ``Stat`` such as DELIVRD);
  every DELIVER is answered with DELIVER_RESP, every ACTIVE_TEST with ACTIVE_TEST_RESP.

Settings (environment, see ``.env.example``): ``CMPP_HOST``, ``CMPP_PORT``, ``CMPP_SP_ID``,
``CMPP_SHARED_SECRET``, ``CMPP_SERVICE_ID``, ``CMPP_SRC_ID``, ``CMPP_VERSION`` (``3.0`` or ``2.0``),
``CMPP_TIMEOUT`` (seconds), ``CMPP_RECEIPT_WAIT`` (seconds a receipt poll listens), ``SMS_SIGN_NAME``.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import logging
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from ..backends import DeliveryError, DeliveryUncertain
from . import Receipt, mainland_national

logger = logging.getLogger(__name__)

CONNECT, CONNECT_RESP = 0x00000001, 0x80000001
TERMINATE, TERMINATE_RESP = 0x00000002, 0x80000002
SUBMIT, SUBMIT_RESP = 0x00000004, 0x80000004
DELIVER, DELIVER_RESP = 0x00000005, 0x80000005
ACTIVE_TEST, ACTIVE_TEST_RESP = 0x00000008, 0x80000008
HEADER = struct.Struct(">III")
UCS2 = 8
MAX_PART_BYTES = 140
# Result codes of CONNECT_RESP (spec §7.4.2.2) and SUBMIT_RESP (§7.4.3.2).
CONNECT_RESULTS = {
    1: "bad structure",
    2: "bad source address",
    3: "authentication failed",
    4: "version too high",
}
SUBMIT_RESULTS = {
    1: "bad structure",
    2: "bad command",
    3: "repeated sequence",
    4: "bad message length",
    5: "bad fee code",
    6: "message too long",
    7: "bad service id",
    8: "flow control",
}
# Results after which sending the same message again cannot succeed.
PERMANENT_SUBMIT_RESULTS = {1, 2, 4, 5, 6, 7}


def _octets(value: str | bytes, size: int) -> bytes:
    raw = value.encode("ascii") if isinstance(value, str) else value
    return raw[:size].ljust(size, b"\0")


def _text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("ascii", "replace")


def timestamp_now(now: datetime.datetime | None = None) -> str:
    now = timezone.localtime(now) if now is not None else timezone.localtime()
    return now.strftime("%m%d%H%M%S")


def authenticator_source(sp_id: str, secret: str, stamp: str) -> bytes:
    # CMPP 2.0/3.0 define the login authenticator as MD5; the protocol, not a choice.
    return hashlib.md5(_octets(sp_id, 6) + b"\0" * 9 + secret.encode() + stamp.encode()).digest()  # noqa: S324


def authenticator_ismg(status: int, source: bytes, secret: str, *, version: int = 0x30) -> bytes:
    status_bytes = struct.pack(">I", status) if version >= 0x30 else struct.pack(">B", status)
    # CMPP 2.0/3.0 define the login authenticator as MD5; the protocol, not a choice.
    return hashlib.md5(status_bytes + source + secret.encode()).digest()  # noqa: S324


def pdu(command: int, sequence: int, body: bytes = b"") -> bytes:
    return HEADER.pack(HEADER.size + len(body), command, sequence) + body


def recv_exact(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(left)
        if not chunk:
            raise ConnectionError("connection closed by the peer")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_pdu(sock: socket.socket) -> tuple[int, int, bytes]:
    length, command, sequence = HEADER.unpack(recv_exact(sock, HEADER.size))
    if length < HEADER.size or length > 4096:
        raise ConnectionError(f"bad CMPP length {length}")
    return command, sequence, recv_exact(sock, length - HEADER.size)


def text_parts(text: str, reference: int) -> list[tuple[bytes, bool]]:
    """UCS-2 parts of a text (``(content, has_udh)``): one part up to 70 characters, otherwise parts
    of 67 characters behind the 6-byte concatenation header (IEI 0x00, reference, total, number)."""
    raw = text.encode("utf-16-be")
    if len(raw) <= MAX_PART_BYTES:
        return [(raw, False)]
    size = MAX_PART_BYTES - 6 - (MAX_PART_BYTES - 6) % 2
    chunks = [raw[i : i + size] for i in range(0, len(raw), size)]
    return [
        (bytes([5, 0, 3, reference & 0xFF, len(chunks), number]) + chunk, True)
        for number, chunk in enumerate(chunks, start=1)
    ]


def submit_body(
    *,
    version: int,
    sp_id: str,
    service_id: str,
    src_id: str,
    to: str,
    content: bytes,
    udhi: bool,
    total: int,
    number: int,
) -> bytes:
    terminal = 32 if version >= 0x30 else 21
    parts = [
        b"\0" * 8,  # Msg_Id: the gateway fills it in
        bytes([total, number, 1, 0]),  # Pk_total, Pk_number, Registered_Delivery, Msg_level
        _octets(service_id, 10),
        bytes([0]),  # Fee_UserType: charge the destination (the SP's contract decides the fee)
        _octets("", terminal),  # Fee_terminal_Id
    ]
    if version >= 0x30:
        parts.append(bytes([0]))  # Fee_terminal_type
    parts += [
        bytes([0, 1 if udhi else 0, UCS2]),  # TP_pId, TP_udhi, Msg_Fmt
        _octets(sp_id, 6),  # Msg_src
        _octets("01", 2),  # FeeType: free
        _octets("0", 6),  # FeeCode
        _octets("", 17),  # ValId_Time
        _octets("", 17),  # At_Time
        _octets(src_id, 21),
        bytes([1]),  # DestUsr_tl
        _octets(to, terminal),
    ]
    if version >= 0x30:
        parts.append(bytes([0]))  # Dest_terminal_type
    parts += [bytes([len(content)]), content, _octets("", 20 if version >= 0x30 else 8)]  # LinkID / Reserve
    return b"".join(parts)


@dataclass
class Submitted:
    """What a gateway read from a SUBMIT (the fake gateway of the tests uses this too)."""

    to: str
    content: bytes
    udhi: bool
    total: int
    number: int
    registered_delivery: int
    src_id: str = ""
    service_id: str = ""

    @property
    def text(self) -> str:
        return (self.content[6:] if self.udhi else self.content).decode("utf-16-be", "replace")


def submit_parse(body: bytes, *, version: int) -> Submitted:
    terminal = 32 if version >= 0x30 else 21
    pos = 8
    total, number, registered, _level = body[pos : pos + 4]
    pos += 4
    service_id = _text(body[pos : pos + 10])
    pos += 10 + 1 + terminal + (1 if version >= 0x30 else 0)
    _pid, udhi, _fmt = body[pos : pos + 3]
    pos += 3 + 6 + 2 + 6 + 17 + 17
    src_id = _text(body[pos : pos + 21])
    pos += 21
    count = body[pos]
    pos += 1
    to = _text(body[pos : pos + terminal])
    pos += terminal * count + (1 if version >= 0x30 else 0)
    length = body[pos]
    content = body[pos + 1 : pos + 1 + length]
    return Submitted(to, content, bool(udhi), total, number, registered, src_id, service_id)


def report_parse(body: bytes, *, version: int) -> Receipt | None:
    """The status report in a DELIVER (None for a citizen's reply, which the portal does not read)."""
    terminal = 32 if version >= 0x30 else 21
    pos = 8 + 21 + 10 + 3 + terminal + (1 if version >= 0x30 else 0)
    registered, length = body[pos], body[pos + 1]
    if registered != 1:
        return None
    report = body[pos + 2 : pos + 2 + length]
    message_id = struct.unpack(">Q", report[:8])[0]
    stat = _text(report[8:15])
    return Receipt(message_id=str(message_id), delivered=stat == "DELIVRD", code=stat)


def deliver_body(*, version: int, message_id: int, stat: str, to: str, sp_number: str = "") -> bytes:
    """A DELIVER carrying a status report (for the fake gateway)."""
    terminal = 32 if version >= 0x30 else 21
    now = time.strftime("%y%m%d%H%M")  # Submit_time / Done_time: YYMMDDHHMM (no Django settings needed)
    report = (
        struct.pack(">Q", message_id)
        + _octets(stat, 7)
        + _octets(now, 10)
        + _octets(now, 10)
        + _octets(to, terminal)
        + struct.pack(">I", 0)
    )
    head = (
        struct.pack(">Q", int(time.time() * 1000) & 0xFFFFFFFFFFFF) + _octets(sp_number, 21) + _octets("", 10)
    )
    head += bytes([0, 0, 15]) + _octets(to, terminal) + (bytes([0]) if version >= 0x30 else b"")
    tail = _octets("", 20) if version >= 0x30 else _octets("", 8)
    return head + bytes([1, len(report)]) + report + tail


def result_field(value: int, *, version: int) -> bytes:
    return struct.pack(">I", value) if version >= 0x30 else struct.pack(">B", value)


def result_parse(raw: bytes, *, version: int) -> int:
    return int(struct.unpack(">I", raw[:4])[0]) if version >= 0x30 else raw[0]


# Reports that arrived on a sending connection, kept for the next receipt poll of this process.
_PENDING_REPORTS: list[Receipt] = []
_PENDING_LOCK = threading.Lock()
_SEQUENCE = itertools.count(int(time.time()) % 1_000_000)


@dataclass
class CmppConfig:
    host: str
    port: int
    sp_id: str
    secret: str
    service_id: str
    src_id: str
    version: int
    timeout: float
    receipt_wait: float
    sign_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls) -> CmppConfig:
        return cls(
            host=settings.CMPP_HOST,
            port=int(settings.CMPP_PORT),
            sp_id=settings.CMPP_SP_ID,
            secret=settings.CMPP_SHARED_SECRET,
            service_id=settings.CMPP_SERVICE_ID,
            src_id=settings.CMPP_SRC_ID or settings.CMPP_SP_ID,
            version=0x20 if str(settings.CMPP_VERSION).startswith("2") else 0x30,
            timeout=float(settings.CMPP_TIMEOUT),
            receipt_wait=float(settings.CMPP_RECEIPT_WAIT),
            sign_name=settings.SMS_SIGN_NAME,
        )


class CmppSession:
    """One logged-in connection to the gateway."""

    def __init__(self, config: CmppConfig) -> None:
        self.config = config
        self.sock: socket.socket | None = None

    def _next(self) -> int:
        return next(_SEQUENCE) & 0x7FFFFFFF or 1

    def open(self) -> None:
        config = self.config
        try:
            self.sock = socket.create_connection((config.host, config.port), timeout=config.timeout)
        except OSError as exc:  # nothing was sent
            raise DeliveryError(f"CMPP gateway {config.host}:{config.port} unreachable: {exc}") from exc
        stamp = timestamp_now()
        source = authenticator_source(config.sp_id, config.secret, stamp)
        body = _octets(config.sp_id, 6) + source + bytes([config.version]) + struct.pack(">I", int(stamp))
        try:
            self.sock.sendall(pdu(CONNECT, self._next(), body))
            command, _seq, reply = self._read_skipping_reports()
        except OSError as exc:
            self.close()
            raise DeliveryError(f"CMPP login failed: {exc}") from exc
        status = result_parse(reply, version=config.version)
        if command != CONNECT_RESP or status != 0:
            self.close()
            reason = CONNECT_RESULTS.get(status, f"status {status}")
            raise DeliveryError(f"CMPP login refused: {reason}", permanent=status in {2, 3, 4})
        offset = 4 if config.version >= 0x30 else 1
        expected = authenticator_ismg(status, source, config.secret, version=config.version)
        if reply[offset : offset + 16] != expected:
            self.close()
            raise DeliveryError("CMPP gateway failed to authenticate itself (AuthenticatorISMG)")

    def _answer(self, command: int, sequence: int, body: bytes) -> None:
        """Answer what the gateway may send at any time; keep status reports for the receipt poll."""
        # Type narrowing for mypy, not a runtime rule.
        assert self.sock is not None  # noqa: S101
        version = self.config.version
        if command == ACTIVE_TEST:
            self.sock.sendall(pdu(ACTIVE_TEST_RESP, sequence, b"\0"))
        elif command == DELIVER:
            report = report_parse(body, version=version)
            if report is not None:
                with _PENDING_LOCK:
                    _PENDING_REPORTS.append(report)
            self.sock.sendall(pdu(DELIVER_RESP, sequence, body[:8] + result_field(0, version=version)))
        elif command == TERMINATE:
            self.sock.sendall(pdu(TERMINATE_RESP, sequence))
            raise ConnectionError("gateway ended the session")

    def _read_skipping_reports(self) -> tuple[int, int, bytes]:
        # Type narrowing for mypy, not a runtime rule.
        assert self.sock is not None  # noqa: S101
        while True:
            command, sequence, body = read_pdu(self.sock)
            if command in (ACTIVE_TEST, DELIVER, TERMINATE):
                self._answer(command, sequence, body)
                continue
            return command, sequence, body

    def submit(self, *, to: str, text: str) -> str:
        """Send a text (in parts when long); the first part's Msg_Id identifies it."""
        # Type narrowing for mypy, not a runtime rule.
        assert self.sock is not None  # noqa: S101
        config = self.config
        parts = text_parts(text, reference=self._next())
        message_ids: list[int] = []
        for number, (content, udhi) in enumerate(parts, start=1):
            body = submit_body(
                version=config.version,
                sp_id=config.sp_id,
                service_id=config.service_id,
                src_id=config.src_id,
                to=to,
                content=content,
                udhi=udhi,
                total=len(parts),
                number=number,
            )
            try:
                self.sock.sendall(pdu(SUBMIT, self._next(), body))
                command, _seq, reply = self._read_skipping_reports()
            except (OSError, ConnectionError) as exc:
                # The SUBMIT may have reached the gateway: never send it again by itself.
                raise DeliveryUncertain(f"CMPP gateway did not answer the SUBMIT: {exc}") from exc
            if command != SUBMIT_RESP:
                raise DeliveryUncertain(f"CMPP gateway answered SUBMIT with command {command:#x}")
            result = result_parse(reply[8:], version=config.version)
            if result != 0:
                reason = SUBMIT_RESULTS.get(result, f"result {result}")
                if message_ids:  # earlier parts went: sending again would repeat them
                    raise DeliveryUncertain(f"CMPP gateway refused part {number}: {reason}")
                raise DeliveryError(
                    f"CMPP gateway refused the message: {reason} ({result})",
                    permanent=(result in PERMANENT_SUBMIT_RESULTS),
                )
            message_ids.append(struct.unpack(">Q", reply[:8])[0])
        return str(message_ids[0])

    def listen(self, seconds: float) -> None:
        """Answer the gateway (status reports, link tests) for a while."""
        # Type narrowing for mypy, not a runtime rule.
        assert self.sock is not None  # noqa: S101
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(min(left, self.config.timeout))
            try:
                command, sequence, body = read_pdu(self.sock)
            except TimeoutError:
                continue
            self._answer(command, sequence, body)
        self.sock.settimeout(self.config.timeout)

    def close(self) -> None:
        if self.sock is None:
            return
        try:
            self.sock.settimeout(1.0)
            self.sock.sendall(pdu(TERMINATE, self._next()))
            for _ in range(4):  # a last report may come before the TERMINATE_RESP
                command, sequence, body = read_pdu(self.sock)
                if command == TERMINATE_RESP:
                    break
                self._answer(command, sequence, body)
        except (OSError, ConnectionError):
            pass
        finally:
            self.sock.close()
            self.sock = None


class CmppSmsBackend:
    """Sends through a CMPP gateway; ``receipts()`` collects the status reports."""

    def __init__(self, config: CmppConfig | None = None) -> None:
        self.config = config or CmppConfig.from_settings()

    def send(self, *, to: str, body: str) -> str:
        text = body
        sign = self.config.sign_name
        if sign and not text.startswith(f"【{sign}】"):
            text = f"【{sign}】{text}"
        session = CmppSession(self.config)
        session.open()
        try:
            return session.submit(to=mainland_national(to), text=text)
        finally:
            session.close()

    def receipts(self, *, wait: float | None = None) -> list[Receipt]:
        """Log in, answer the gateway for ``CMPP_RECEIPT_WAIT`` seconds, return the reports received
        (and those that arrived while sending)."""
        session = CmppSession(self.config)
        try:
            session.open()
            session.listen(self.config.receipt_wait if wait is None else wait)
        except (OSError, ConnectionError, DeliveryError) as exc:
            logger.warning("CMPP receipt poll stopped: %s", exc)
        finally:
            session.close()
        return self.receipts_held()

    def receipts_held(self) -> list[Receipt]:
        """Reports that came in on a sending session (the gateway pushes them to any session of the
        SP): the outbox records them right after the message's own id is saved."""
        with _PENDING_LOCK:
            found = list(_PENDING_REPORTS)
            _PENDING_REPORTS.clear()
        return found
