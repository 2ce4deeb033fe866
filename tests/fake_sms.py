"""Fake SMS providers on loopback that speak the real protocols, for the tests and the operator
script: a CMPP 3.0/2.0 gateway (``FakeCmppGateway``) and Tencent Cloud's SMS API
(``FakeTencentSms``, TC3-HMAC-SHA256 signatures checked). Each listens on an ephemeral port of
127.0.0.1 in a thread of the process that starts it and stops with ``stop()``.

Run on its own (``python -m tests.fake_sms cmpp``) it prints its port and the messages it accepts.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import socket
import socketserver
import struct
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from congress.notifications.sms import cmpp

# Msg_Ids unique across every fake gateway of the process (as a real ISMG's are).
_MESSAGE_IDS = itertools.count(int(time.time() * 1000) << 8)


@dataclass
class Accepted:
    to: str
    text: str
    message_id: int
    parts: int = 1


@dataclass
class CmppState:
    sp_id: str
    secret: str
    version: int = 0x30
    # Faults a test turns on: seconds to hold the next SUBMIT_RESP back; a result code for the next
    # SUBMITs; numbers whose reports say UNDELIV.
    delay_next_response: float = 0.0
    refuse_next: list[int] = field(default_factory=list)
    undeliverable: set[str] = field(default_factory=set)
    accepted: list[Accepted] = field(default_factory=list)
    reports: list[tuple[int, str, str]] = field(default_factory=list)  # queued (msg id, stat, to)
    reports_acknowledged: int = 0
    hold_reports: bool = False  # keep reports queued until a later session (the receipt poll)
    logins: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count[int] = field(default_factory=lambda: _MESSAGE_IDS)


class _CmppHandler(socketserver.BaseRequestHandler):
    server: _CmppServer

    def handle(self) -> None:
        state = self.server.state
        sock: socket.socket = self.request
        sock.settimeout(0.05)
        logged_in = False
        parts: dict[tuple[str, int], list[bytes]] = {}
        sequence = itertools.count(1)
        while not self.server.stopping:
            if logged_in:
                self._push_reports(sock, sequence)
            try:
                command, seq, body = cmpp.read_pdu(sock)
            except TimeoutError:
                continue
            except (ConnectionError, OSError, struct.error):
                return
            if command == cmpp.CONNECT:
                logged_in = self._connect(sock, seq, body)
                if not logged_in:
                    return
            elif not logged_in:
                return
            elif command == cmpp.SUBMIT:
                self._submit(sock, seq, body, parts)
            elif command == cmpp.ACTIVE_TEST:
                sock.sendall(cmpp.pdu(cmpp.ACTIVE_TEST_RESP, seq, b"\0"))
            elif command == cmpp.DELIVER_RESP:
                with state.lock:
                    state.reports_acknowledged += 1
            elif command == cmpp.TERMINATE:
                sock.sendall(cmpp.pdu(cmpp.TERMINATE_RESP, seq))
                self._drain(sock)
                return

    def _drain(self, sock: socket.socket) -> None:
        """Answers to reports pushed just before the client's TERMINATE still count."""
        sock.settimeout(0.5)
        try:
            while True:
                command, _seq, _body = cmpp.read_pdu(sock)
                if command == cmpp.DELIVER_RESP:
                    with self.server.state.lock:
                        self.server.state.reports_acknowledged += 1
        except (ConnectionError, OSError, struct.error):
            return

    def _connect(self, sock: socket.socket, seq: int, body: bytes) -> bool:
        state = self.server.state
        sp_id = body[:6].split(b"\0", 1)[0].decode()
        source, version = body[6:22], body[22]
        stamp = f"{struct.unpack('>I', body[23:27])[0]:010d}"
        status = 0
        if sp_id != state.sp_id:
            status = 2
        elif source != cmpp.authenticator_source(sp_id, state.secret, stamp):
            status = 3
        elif version > state.version:
            status = 4
        ismg = cmpp.authenticator_ismg(status, source, state.secret, version=state.version)
        reply = cmpp.result_field(status, version=state.version) + ismg + bytes([state.version])
        sock.sendall(cmpp.pdu(cmpp.CONNECT_RESP, seq, reply))
        if status == 0:
            with state.lock:
                state.logins += 1
        return status == 0

    def _submit(
        self, sock: socket.socket, seq: int, body: bytes, parts: dict[tuple[str, int], list[bytes]]
    ) -> None:
        state = self.server.state
        submitted = cmpp.submit_parse(body, version=state.version)
        with state.lock:
            delay, state.delay_next_response = state.delay_next_response, 0.0
            refused = state.refuse_next.pop(0) if state.refuse_next else 0
            message_id = next(state.ids)
        if refused:
            reply = struct.pack(">Q", 0) + cmpp.result_field(refused, version=state.version)
            sock.sendall(cmpp.pdu(cmpp.SUBMIT_RESP, seq, reply))
            return
        key = (submitted.to, submitted.content[3] if submitted.udhi else 0)
        chunk = submitted.content[6:] if submitted.udhi else submitted.content
        parts.setdefault(key, []).append(chunk)
        first_id = message_id
        if len(parts[key]) == submitted.total:
            text = b"".join(parts.pop(key)).decode("utf-16-be")
            first_id = message_id - submitted.total + 1
            with state.lock:
                state.accepted.append(Accepted(submitted.to, text, first_id, submitted.total))
        if submitted.registered_delivery:
            stat = "UNDELIV" if submitted.to in state.undeliverable else "DELIVRD"
            with state.lock:
                state.reports.append((message_id, stat, submitted.to))
        if delay:
            time.sleep(delay)  # the gateway took the message but answers too late
        reply = struct.pack(">Q", message_id) + cmpp.result_field(0, version=state.version)
        try:
            sock.sendall(cmpp.pdu(cmpp.SUBMIT_RESP, seq, reply))
        except OSError:
            return

    def _push_reports(self, sock: socket.socket, sequence: itertools.count[int]) -> None:
        state = self.server.state
        with state.lock:
            if state.hold_reports:
                return
            queued, state.reports = state.reports, []
        for message_id, stat, to in queued:
            body = cmpp.deliver_body(version=state.version, message_id=message_id, stat=stat, to=to)
            try:
                sock.sendall(cmpp.pdu(cmpp.DELIVER, next(sequence), body))
            except OSError:
                with state.lock:
                    state.reports.append((message_id, stat, to))


class _CmppServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    stopping = False

    def __init__(self, state: CmppState) -> None:
        super().__init__(("127.0.0.1", 0), _CmppHandler)
        self.state = state


class FakeCmppGateway:
    """A CMPP gateway on 127.0.0.1 (``port`` after ``start()``)."""

    def __init__(self, *, sp_id: str = "901234", secret: str = "gateway-secret", version: int = 0x30) -> None:
        self.state = CmppState(sp_id=sp_id, secret=secret, version=version)
        self.server = _CmppServer(self.state)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> FakeCmppGateway:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.stopping = True
        self.server.shutdown()
        self.server.server_close()

    @property
    def accepted(self) -> list[Accepted]:
        with self.state.lock:
            return list(self.state.accepted)


# -- Tencent Cloud SMS API -------------------------------------------------------------------------


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def tc3_signature(*, secret_key: str, date: str, service: str, string_to_sign: str) -> str:
    signing = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    return hmac.new(signing, string_to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass
class TencentState:
    secret_id: str
    secret_key: str
    app_id: str
    templates: set[str]
    sign_name: str
    accepted: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    delay_next_response: float = 0.0
    undeliverable: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _TencentHandler(BaseHTTPRequestHandler):
    server: _TencentServer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _answer(self, payload: dict[str, Any]) -> None:
        payload.setdefault("RequestId", str(uuid.uuid4()))
        raw = json.dumps({"Response": payload}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _error(self, code: str, message: str) -> None:
        self._answer({"Error": {"Code": code, "Message": message}})

    def do_POST(self) -> None:
        state = self.server.state
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        problem = self._check_signature(raw)
        if problem:
            self._error("AuthFailure.SignatureFailure", problem)
            return
        action = self.headers.get("X-TC-Action", "")
        params = json.loads(raw or b"{}")
        if params.get("SmsSdkAppId") != state.app_id:
            self._error("InvalidParameterValue.SdkAppIdNotExist", "unknown SmsSdkAppId")
            return
        if action == "SendSms":
            self._send(params)
        elif action == "PullSmsSendStatus":
            limit = int(params.get("Limit", 100))
            with state.lock:
                reports, state.reports = state.reports[:limit], state.reports[limit:]
            self._answer({"PullSmsSendStatusSet": reports})
        else:
            self._error("InvalidAction", action)

    def _send(self, params: dict[str, Any]) -> None:
        state = self.server.state
        if params.get("TemplateId") not in state.templates:
            self._error("FailedOperation.TemplateIncorrectOrUnapproved", "template")
            return
        if params.get("SignName") != state.sign_name:
            self._error("FailedOperation.SignatureIncorrectOrUnapproved", "sign")
            return
        statuses = []
        for number in params.get("PhoneNumberSet", []):
            serial = f"2433:{uuid.uuid4().hex[:20]}"
            with state.lock:
                state.accepted.append({**params, "PhoneNumber": number, "SerialNo": serial})
                state.reports.append(
                    {
                        "UserReceiveTime": int(time.time()),
                        "CountryCode": "86",
                        "SubscriberNumber": number[3:],
                        "PhoneNumber": number,
                        "SerialNo": serial,
                        "ReportStatus": "FAIL" if number in state.undeliverable else "SUCCESS",
                        "Description": "UNDELIV" if number in state.undeliverable else "DELIVRD",
                        "SessionContext": "",
                    }
                )
            statuses.append(
                {"SerialNo": serial, "PhoneNumber": number, "Fee": 1, "SessionContext": "", "Code": "Ok",
                 "Message": "send success", "IsoCode": "CN"}
            )  # fmt: skip
        with state.lock:
            delay, state.delay_next_response = state.delay_next_response, 0.0
        if delay:
            time.sleep(delay)
        self._answer({"SendStatusSet": statuses})

    def _check_signature(self, raw: bytes) -> str:
        state = self.server.state
        auth = self.headers.get("Authorization", "")
        try:
            algorithm, rest = auth.split(" ", 1)
            fields = dict(item.strip().split("=", 1) for item in rest.split(","))
            secret_id, date, service, _end = fields["Credential"].split("/")
        except ValueError:
            return "malformed Authorization"
        if algorithm != "TC3-HMAC-SHA256" or secret_id != state.secret_id:
            return "unknown secret id"
        signed = fields["SignedHeaders"].split(";")
        canonical_headers = "".join(f"{name}:{self.headers.get(name, '').strip()}\n" for name in signed)
        canonical = "\n".join(
            ["POST", "/", "", canonical_headers, fields["SignedHeaders"], hashlib.sha256(raw).hexdigest()]
        )
        to_sign = "\n".join(
            [algorithm, self.headers.get("X-TC-Timestamp", ""), f"{date}/{service}/tc3_request",
             hashlib.sha256(canonical.encode()).hexdigest()]
        )  # fmt: skip
        expected = tc3_signature(
            secret_key=state.secret_key, date=date, service=service, string_to_sign=to_sign
        )
        return "" if hmac.compare_digest(expected, fields["Signature"]) else "signature mismatch"


class _TencentServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up waiting (the timeout tests) is not an error of the fake."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def __init__(self, state: TencentState) -> None:
        super().__init__(("127.0.0.1", 0), _TencentHandler)
        self.state = state


class FakeTencentSms:
    """Tencent Cloud's SMS API on 127.0.0.1 (``endpoint`` after ``start()``)."""

    def __init__(
        self,
        *,
        secret_id: str = "AKIDfake",
        secret_key: str = "fake-secret-key",
        app_id: str = "1400000001",
        templates: set[str] | None = None,
        sign_name: str = "某市人大",
    ) -> None:
        self.state = TencentState(secret_id, secret_key, app_id, templates or {"100001"}, sign_name)
        self.server = _TencentServer(self.state)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> FakeTencentSms:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def accepted(self) -> list[dict[str, Any]]:
        with self.state.lock:
            return list(self.state.accepted)


def main() -> None:
    fake: FakeCmppGateway | FakeTencentSms
    if (sys.argv[1] if len(sys.argv) > 1 else "cmpp") == "cmpp":
        fake = FakeCmppGateway().start()
        print(f"CMPP gateway on 127.0.0.1:{fake.port} (SP 901234, secret gateway-secret)", flush=True)
    else:
        fake = FakeTencentSms().start()
        print(f"Tencent Cloud SMS API on {fake.endpoint}", flush=True)
    try:
        seen = 0
        while True:
            time.sleep(0.5)
            messages: list[Any] = list(fake.accepted)
            for message in messages[seen:]:
                print(message, flush=True)
            seen = len(messages)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
