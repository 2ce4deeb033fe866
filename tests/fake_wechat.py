"""A fake of the WeChat API on loopback, for the tests: the access-token endpoint
(``GET /cgi-bin/token``) and the mini-program's subscribe message (``POST
/cgi-bin/message/subscribe/send``), answering as WeChat does — HTTP 200 with ``errcode`` and
``errmsg`` — including its refusals: 40001 for a token it does not (or no longer) know, 40125 for a
wrong AppSecret, 40037 for an unknown template, 47003 for a field value too long, 43101 when the
citizen did not subscribe. It listens on an ephemeral port of 127.0.0.1 in a thread and stops with
``stop()``."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# WeChat's limits on the value of each field kind of a subscribe template.
LIMITS = {
    "thing": 20,
    "phrase": 5,
    "character_string": 32,
    "number": 32,
    "letter": 32,
    "symbol": 5,
    "time": 40,
}


@dataclass
class WeChatState:
    app_id: str
    secret: str
    templates: set[str]
    expires_in: int = 7200
    valid_tokens: set[str] = field(default_factory=set)
    token_fetches: int = 0
    send_calls: int = 0
    # Faults a test turns on: openids that refused the subscription (43101); every token refused
    # (40001, as after the AppSecret was reset); every token revoked after the next send (as when
    # another server fetched a new one); seconds to hold the next send's answer back.
    refused: set[str] = field(default_factory=set)
    refuse_every_token: bool = False
    revoke_after_send: bool = False
    delay_next_response: float = 0.0
    accepted: list[dict[str, Any]] = field(default_factory=list)
    tokens_seen: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(2_880_000_000))


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _answer(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        state = self.server.state
        if parts.path != "/cgi-bin/token":
            self.send_error(404)
            return
        if query.get("grant_type") != "client_credential":
            self._answer({"errcode": 40002, "errmsg": "invalid grant_type"})
            return
        if query.get("appid") != state.app_id:
            self._answer({"errcode": 40013, "errmsg": "invalid appid"})
            return
        if query.get("secret") != state.secret:
            self._answer({"errcode": 40125, "errmsg": "invalid appsecret"})
            return
        with state.lock:
            state.token_fetches += 1
            token = f"TOKEN-{state.token_fetches}-{next(state.ids)}"
            state.valid_tokens.add(token)
        self._answer({"access_token": token, "expires_in": state.expires_in})

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        state = self.server.state
        if parts.path != "/cgi-bin/message/subscribe/send":
            self.send_error(404)
            return
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        token = query.get("access_token", "")
        with state.lock:
            state.send_calls += 1
            state.tokens_seen.append(token)
            known = token in state.valid_tokens and not state.refuse_every_token
        if not known:
            self._answer(
                {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}
            )
            return
        try:
            message = json.loads(raw.decode("utf-8"))
        except ValueError:
            self._answer({"errcode": 47001, "errmsg": "data format error"})
            return
        self._send(message)

    def _send(self, message: dict[str, Any]) -> None:
        state = self.server.state
        if message.get("template_id") not in state.templates:
            self._answer({"errcode": 40037, "errmsg": "invalid template id"})
            return
        if not re.fullmatch(r"[A-Za-z0-9_-]{6,64}", str(message.get("touser", ""))):
            self._answer({"errcode": 40003, "errmsg": "invalid openid"})
            return
        for name, value in (message.get("data") or {}).items():
            limit = LIMITS.get(re.sub(r"\d+$", "", name))
            text = str((value or {}).get("value", ""))
            if limit is None or not text or len(text) > limit:
                self._answer({"errcode": 47003, "errmsg": f"argument invalid! data.{name}.value invalid"})
                return
        if message.get("touser") in state.refused:
            self._answer({"errcode": 43101, "errmsg": "user refuse to accept the msg"})
            return
        with state.lock:
            delay, state.delay_next_response = state.delay_next_response, 0.0
            msgid = next(state.ids)
            state.accepted.append({**message, "msgid": msgid})
            if state.revoke_after_send:
                state.valid_tokens.clear()
                state.revoke_after_send = False
        if delay:
            time.sleep(delay)
        self._answer({"errcode": 0, "errmsg": "ok", "msgid": msgid})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: WeChatState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that gave up (a timeout test) is not an error of the fake


class FakeWeChat:
    """The fake API; ``base_url`` is what ``WECHAT_API_BASE_URL`` points at."""

    def __init__(self, *, app_id: str, secret: str, templates: set[str]) -> None:
        self.state = WeChatState(app_id=app_id, secret=secret, templates=set(templates))
        self._server = _Server(self.state)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> FakeWeChat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def accepted(self) -> list[dict[str, Any]]:
        with self.state.lock:
            return list(self.state.accepted)
