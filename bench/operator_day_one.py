"""An operator's first day, as docs/operations.md ("From an empty server") writes it, end to end:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/operator_day_one.py

with the production settings, against a database of its own (``bench_operator_day_one``, created and
dropped), Redis db 8 (flushed before and after) and a fake CMPP gateway on loopback standing in for the
committee's SMS gateway. Steps: ``check --deploy``, ``scripts/dev.py install`` (inside the existing
virtualenv: the package step is the one thing skipped), ``createsuperuser``, ``bootstrap_committee``,
the committee's own data with ``import_file`` (districts and streets, handling units), gunicorn and a
Celery worker as the docs start them, a citizen's submission through the public form (CAPTCHA
answered from the database), and then the checks: the receipt SMS reached the gateway exactly once
(also after the delivery task and the outbox flush ran again), and its status report marked the
outbox row delivered. It stops only the processes it started.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
DATABASE = "bench_operator_day_one"
REDIS = "redis://127.0.0.1:6379/8"
MOBILE = "13955550001"


def _database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(base)._replace(path=f"/{name}"))


def _admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(_database_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def run(argv: list[str], env: dict[str, str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    shown = " ".join(a if len(a) < 60 else a[:57] + "…" for a in argv)
    started = time.perf_counter()
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    print(f"$ {shown}   → exit {result.returncode} in {time.perf_counter() - started:.1f} s", flush=True)
    tail = (result.stdout + result.stderr).strip().splitlines()[-3:]
    for line in tail:
        if "CAPTCHA_TEST_MODE" not in line:
            print(f"    {line[:150]}")
    if check and result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:])
        raise SystemExit(f"step failed: {shown}")
    return result


class Browser:
    """A citizen's browser over plain HTTP to gunicorn, saying it came through the TLS proxy
    (X-Forwarded-Proto: https), keeping its cookies itself (they are Secure)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "zh-hans"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        result = response.status, {k.lower(): v for k, v in response.getheaders()}, text
        connection.close()
        return result


def _form_fields(page: str) -> dict[str, str]:
    found = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            found[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return found


def main() -> int:
    from tests.fake_sms import FakeCmppGateway

    gateway = FakeCmppGateway(sp_id="927001", secret="day-one-secret").start()
    port = _free_port()
    var = Path(tempfile.mkdtemp(prefix="day-one-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress.settings.production",
        "DATABASE_URL": _database_url(DATABASE),
        "REDIS_URL": REDIS,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "TRACKING_PIN_KEY": secrets.token_urlsafe(40),
        "FIELD_ENCRYPTION_KEYS": f"k1:{secrets.token_hex(16)}",
        "BLIND_INDEX_KEY": secrets.token_hex(16),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_BASE_URL": "https://rd.example.gov.cn",
        "EMAIL_URL": "smtp://127.0.0.1:1",  # no citizen here gives an e-mail address
        "SMS_BACKEND": "congress.notifications.sms.cmpp.CmppSmsBackend",
        "SMS_SIGN_NAME": "临江市人大",
        "CMPP_HOST": "127.0.0.1",
        "CMPP_PORT": str(gateway.port),
        "CMPP_SP_ID": "927001",
        "CMPP_SHARED_SECRET": "day-one-secret",
        "CMPP_SERVICE_ID": "RDPORTAL",
        "CMPP_SRC_ID": "1065712345",
        "CMPP_RECEIPT_WAIT": "3",
        "MEDIA_ROOT": str(var / "media"),
        "GUNICORN_CONTROL_SOCKET": str(var / "gunicorn.ctl"),
        "DJANGO_SUPERUSER_USERNAME": "admin",
        "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
        "DJANGO_SUPERUSER_EMAIL": "admin@example.gov.cn",
        "CONGRESS_DEV_INSIDE_VENV": "1",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    python = str(BIN / "python")
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    _admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{DATABASE}"')
    processes: dict[str, subprocess.Popen[bytes]] = {}
    ok = True
    try:
        step("1. the settings: check --deploy under the production settings")
        run([python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
        step("2. install (runtime packages already in .venv), superuser, the committee, its data")
        run([python, "scripts/dev.py", "install"], env)
        run([python, "manage.py", "createsuperuser", "--noinput"], env)
        run(
            [python, "manage.py", "bootstrap_committee", "--name", "临江市人大常委会",
             "--area-code", "330100", "--term", "17", "--starts-on", "2023-01-01"],
            env,
        )  # fmt: skip
        (var / "districts.csv").write_text(
            "名称,区域代码,层级,上级区域代码\n上城区,330102,区/县,330100\n", encoding="utf-8"
        )
        (var / "streets.csv").write_text(
            "名称,区域代码,层级,上级区域代码\n湖滨街道,330102001,街道/乡镇,330102\n", encoding="utf-8"
        )
        (var / "units.csv").write_text(
            "名称,简称,类型,区域代码,联系人,联系电话,联系邮箱,启用\n"
            "临江市住房和城乡建设局,市住建局,政府部门,330100,张工,0571-87000000,zjj@example.gov.cn,是\n",
            encoding="utf-8",
        )
        run([python, "manage.py", "import_file", "areas", str(var / "districts.csv")], env)
        run([python, "manage.py", "import_file", "areas", str(var / "streets.csv")], env)
        run([python, "manage.py", "import_file", "units", str(var / "units.csv")], env)

        step("3. gunicorn and a Celery worker, as the docs start them")
        logs = {name: open(var / f"{name}.log", "wb") for name in ("web", "worker")}  # noqa: SIM115
        processes["web"] = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "python:congress.gunicorn_conf", "congress.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT, env=env, stdout=logs["web"], stderr=logs["web"], start_new_session=True,
        )  # fmt: skip
        processes["worker"] = subprocess.Popen(
            [str(BIN / "celery"), "-A", "congress", "worker", "--loglevel", "INFO", "--concurrency", "1"],
            cwd=ROOT, env=env, stdout=logs["worker"], stderr=logs["worker"], start_new_session=True,
        )  # fmt: skip
        browser = Browser(port)
        deadline = time.time() + 60
        status = 0
        while time.time() < deadline:
            try:
                status, _headers, _page = browser.request("GET", "/healthz/")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        print(f"GET /healthz/ → {status}")
        ok &= status == 200

        step("4. a citizen submits an opinion through the public form")
        status, _headers, page = browser.request("GET", "/submit/")
        fields = _form_fields(page)
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            answer = db.execute(
                "SELECT response FROM captcha_captchastore WHERE hashkey = %s", [fields.get("captcha_0", "")]
            ).fetchone()
            category = db.execute(
                "SELECT id FROM congress_category WHERE is_active ORDER BY id LIMIT 1"
            ).fetchone()
            street = db.execute("SELECT id FROM congress_area WHERE code = '330102001'").fetchone()
        form = {
            **fields,
            "category": str(category[0]) if category else "",
            "area": str(street[0]) if street else "",
            "title": "湖滨路口信号灯时长太短",
            "text": "湖滨路与东坡路口的行人绿灯只有十几秒，老人过不去，请延长。",
            "address": "湖滨路与东坡路口",
            "submitter_name": "王小明",
            "name_hidden": "on",
            "submitter_mobile": MOBILE,
            "consent_privacy": "on",
            "captcha_1": answer[0] if answer else "",
            "website": "",
        }
        status, headers, page = browser.request("POST", "/submit/", form)
        print(f"POST /submit/ → {status} {headers.get('location', '')}")
        ok &= status == 302
        status, _headers, page = browser.request("GET", "/submit/done/")
        code = re.search(r'id="code">([^<]+)<', page)
        sms_line = re.search(r'id="sms-receipt">([^<]+)<', page)
        print(f"GET /submit/done/ → {status}, tracking code {code.group(1) if code else '?'}")
        print(f"    the page says: {sms_line.group(1) if sms_line else '(nothing about SMS)'}")
        ok &= bool(code)

        step("5. the receipt reaches the gateway exactly once")
        deadline = time.time() + 60
        while time.time() < deadline and not gateway.accepted:
            time.sleep(0.5)
        first = time.time()
        shell = (
            "from congress.notifications.models import Notification as N;"
            "from congress.notifications import tasks;"
            # The address is stored encrypted: the day's one SMS row is the receipt.
            "row = N.objects.filter(channel='sms').latest('pk');"
            "tasks.deliver_notification.delay(row.pk); tasks.deliver_notification(row.pk);"
            "tasks.flush_outbox()"
        )
        run([python, "manage.py", "shell", "-c", shell], env)  # a retried task and the flush, on purpose
        time.sleep(5)
        accepted = [m for m in gateway.accepted if m.to == MOBILE]
        for message in accepted:
            text = re.sub(r"\d{6}", "******", message.text)  # the PIN stays off the screen
            print(f"    gateway took: to {message.to}, Msg_Id {message.message_id}: {text[:60]}…")
        print(f"messages to {MOBILE} at the gateway: {len(accepted)} (expected 1; first after submit, "
              f"{time.time() - first:.1f} s of retries later still one)")  # fmt: skip
        ok &= len(accepted) == 1
        ok &= bool(accepted) and code is not None and code.group(1) in accepted[0].text

        step("6. the gateway's status report lands on the outbox row")
        run([python, "manage.py", "sms_receipts", "--once"], env)
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            row = db.execute(
                "SELECT status, attempts, provider_message_id, delivery, delivery_code, body "
                "FROM notifications_notification WHERE channel = 'sms' ORDER BY id DESC LIMIT 1",
            ).fetchone() or ("(no row)", 0, "", "", "", "")
        print(
            f"    outbox row: status {row[0]}, attempts {row[1]}, Msg_Id {row[2]}, report {row[3]} {row[4]}"
        )
        print(f"    the row keeps the placeholder, not the PIN: {'{pin}' in row[5]}")
        ok &= row[0] == "sent" and row[1] == 1 and row[3] == "delivered"
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        gateway.stop()
        _admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        redis.Redis.from_url(REDIS).flushdb()
        print(f"\nlogs in {var}")
    print("DAY ONE OK" if ok else "DAY ONE FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
