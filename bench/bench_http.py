"""Benchmark: the portal over HTTP on a real gunicorn, every figure beside its floor from the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_perf .venv/bin/python bench/bench_http.py

``DATABASE_URL`` names a database that already holds the data to measure — the demo city
(``manage.py load_demo``) or scale data (``manage.py seed_scale``); nothing in it is changed but the
items the submission phase adds and the floor's scratch table ``bench_floor_row``. It starts its
own gunicorn (``--workers``, default 2) on 127.0.0.1:8140 with ``bench/benchsite/settings.py``
(the production settings over plain HTTP, the CAPTCHA's test hook, rate limits out of the way,
Redis db 4 for cache and broker unless ``--redis`` says otherwise) and sends traffic to loopback
only, each phase bounded in time. Phases (``--only``, default all):

* ``pages``: public directory pages and API lists at 1 and 20 clients, each beside the public home
  page (the floor) — target ≥ 30 % of the floor's requests/s;
* ``submit``: the public form POST and the API POST at 50 clients, beside a bare view on the same
  server inserting one row (form-like with CSRF, API-like without) — target ≥ 70 %, p95 < 150 ms;
* ``track``: the tracking lookup (code + PIN) at 20 clients beside a bare view doing one indexed
  lookup — target p95 < 50 ms;
* ``staff``: as the demo logins, the admin triage queue and suggestion changelist (server time at
  one client, target < 300 ms) and the unit inbox and deputy dashboard (p95 at one client, target
  < 150 ms, and at 5 clients sharing the two workers);
* ``health``: ``/healthz`` and ``/healthz/live`` at 20 clients on a second gunicorn with the
  filesystem broker (the setting of the first report of 503s under load): every answer must be 200.

Each figure is the median of ``--runs`` runs (default 3) of ``--seconds`` seconds (default 4),
target and floor alternating. The load generator runs on the same 2 cores as the server, so
absolute figures are pessimistic; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import urllib.parse
from pathlib import Path

from _common import DEFAULT_PORT, ROOT, LoadResult, Request, get, gunicorn, load, machine_details, settle

SETTINGS = "benchsite.settings"


class Session:
    """A keep-alive connection with cookies, for logging in and reading forms."""

    def __init__(self, base: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def _token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def login(base: str, username: str, password: str) -> str:
    session = Session(base)
    _status, page = session.request("GET", "/accounts/login/")
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": _token(page)}
    ).encode()
    status, _text = session.request(
        "POST", "/accounts/login/", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"login as {username} failed ({status})")
    _status, page = session.request("GET", "/accounts/two-factor/")
    if _status == 200 and 'name="token"' in page:
        # Staff pass a TOTP code before the admin opens (STAFF_REQUIRE_2FA, on in production): the
        # benchmark reads the device's key from the database, as the staff member's app holds it.
        body = urllib.parse.urlencode(
            {"token": _totp(username), "csrfmiddlewaretoken": _token(page)}
        ).encode()
        status, _text = session.request(
            "POST", "/accounts/two-factor/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise RuntimeError(f"two-factor step as {username} failed ({status})")
    return session.cookie_header()


def _totp(username: str) -> str:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "pk").first()
    if device is None:
        raise RuntimeError(f"{username} has no TOTP device")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if not select:
        return []
    return [v for v in re.findall(r'<option value="([^"]+)"', select.group(1)) if v]


def with_cookie(request: Request, cookie: str) -> Request:
    def make(client: int, n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        method, path, body, headers = request(client, n)
        return method, path, body, {**headers, "Cookie": cookie}

    return make


def compare(
    base: str,
    label: str,
    target: Request,
    floor: Request,
    *,
    clients: int,
    seconds: float,
    runs: int,
) -> tuple[LoadResult, LoadResult]:
    targets: list[LoadResult] = []
    floors: list[LoadResult] = []
    for run in range(runs):
        order = [(target, targets), (floor, floors)]
        if run % 2:
            order.reverse()
        for request, into in order:
            into.append(load(base, request, clients=clients, seconds=seconds, warmup=1))
            settle(base)  # the next load starts on an idle server
    t = _median_result(targets)
    f = _median_result(floors)
    share = t.rps / f.rps * 100 if f.rps else float("nan")
    print(f"  {label:<34} {clients:>3} clients  {t.line()}")
    print(f"  {'':<34} {'':>3}  floor   {f.line()}   → {share:5.1f} % of the floor's req/s", flush=True)
    return t, f


def _median_result(results: list[LoadResult]) -> LoadResult:
    """The run with the median requests/s (its latencies go with it)."""
    ordered = sorted(results, key=lambda r: r.rps)
    return ordered[len(ordered) // 2]


def phase_pages(base: str, args: argparse.Namespace) -> None:
    from deputies.models import Deputy
    from stations.models import Station

    deputy = Deputy.objects.filter(status="active").order_by("pk").values_list("slug", flat=True).first()
    station = Station.objects.order_by("pk").values_list("slug", flat=True).first()
    print("\npublic directory pages and API lists, beside the home page (floor); target ≥ 30 %")
    pages = [
        "/deputies/",
        f"/deputies/{deputy}/",
        "/stations/",
        f"/stations/{station}/",
        "/cases/",
        "/api/v1/deputies/",
        "/api/v1/stations/",
    ]
    for clients in (1, 20):
        for page in pages:
            compare(base, page, get(page), get("/"), clients=clients, seconds=args.seconds, runs=args.runs)


def _submission_form(base: str) -> tuple[str, dict[str, str]]:
    session = Session(base)
    _status, page = session.request("GET", "/submit/")
    captcha = re.search(r'name="captcha_0" value="([^"]+)"', page)
    fields = {
        "csrfmiddlewaretoken": _token(page),
        "captcha_0": captcha.group(1) if captcha else "x",
        "captcha_1": "PASSED",
        "category": (_options(page, "category") or [""])[0],
        "area": (_options(page, "area") or [""])[-1],
        "title": "小区路灯不亮",
        "text": "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全，请尽快维修。",
        "consent_privacy": "on",
    }
    return session.cookie_header(), fields


def _mobile(client: int, n: int) -> str:
    return f"13{(client * 100_000 + n) % 1_000_000_000:09d}"


def _api_key() -> str:
    """The public API takes registered client applications only (docs/security.md): register one
    for this run, with a limit out of the way of the load, and revoke it when done."""
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="HTTP benchmark", kind="other", rate="1000000/m")
    return key


def _api_key_revoke(key: str) -> None:
    from congress.apiclients.auth import client_for_key
    from congress.apiclients.services import api_client_revoke

    client = client_for_key(key)
    if client is not None:
        api_client_revoke(client=client)


def phase_submit(base: str, args: argparse.Namespace) -> None:
    cookie, fields = _submission_form(base)
    form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}

    def form(client: int, n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        body = urllib.parse.urlencode({**fields, "submitter_mobile": _mobile(client, n)}).encode()
        return "POST", "/submit/", body, form_headers

    def form_floor(client: int, n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        body = urllib.parse.urlencode({**fields, "submitter_mobile": _mobile(client, n)}).encode()
        return "POST", "/bench-floor/insert/", body, form_headers

    api_headers = {"Content-Type": "application/json", "X-Api-Key": args.api_key}
    api_fields = {
        "category": int(fields["category"]),
        "area": int(fields["area"]),
        "title": fields["title"],
        "text": fields["text"],
        "consent_privacy": True,
    }

    def api(client: int, n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        body = json.dumps({**api_fields, "submitter_mobile": _mobile(client + 500, n)}).encode()
        return "POST", "/api/v1/public/suggestions/", body, api_headers

    def api_floor(client: int, n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        body = json.dumps({**api_fields, "submitter_mobile": _mobile(client + 500, n)}).encode()
        return "POST", "/bench-floor/api-insert/", body, {"Content-Type": "application/json"}

    print("\npublic submission, beside a bare view inserting one row (floor); target ≥ 70 %, p95 < 150 ms")
    # Fifty clients as the target says; one client for the submission's own time.
    for clients in (1, 50):
        for label, target, floor in (("form POST /submit/", form, form_floor), ("API POST", api, api_floor)):
            t, _f = compare(base, label, target, floor, clients=clients, seconds=args.seconds, runs=args.runs)
            bad = {s: n for s, n in t.statuses.items() if s not in (201, 302)}
            if bad:
                print(f"  {'':<34} unexpected answers {bad}")


def phase_track(base: str, args: argparse.Namespace) -> None:
    session = Session(base)
    cookie, fields = _submission_form(base)
    body = json.dumps(
        {
            "category": int(fields["category"]),
            "area": int(fields["area"]),
            "title": "路灯",
            "text": "路灯已经坏了两个星期。",
            "submitter_mobile": "13900001111",
            "consent_privacy": True,
        }
    ).encode()
    status, text = session.request(
        "POST",
        "/api/v1/public/suggestions/",
        body,
        {"Content-Type": "application/json", "X-Api-Key": args.api_key},
    )
    if status != 201:
        print(f"\ntracking: could not create an item to track ({status}): {text[:200]}")
        return
    created = json.loads(text)
    code, pin = created["code"], created["pin"]
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    track_body = urllib.parse.urlencode(
        {"code": code, "pin": pin, "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"]}
    ).encode()

    def track(client: int, n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        return "POST", "/track/", track_body, headers

    def floor(client: int, n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        return "POST", "/bench-floor/lookup/", urllib.parse.urlencode({"code": code}).encode(), headers

    print("\ntracking lookup (code + PIN), beside a bare view doing one indexed lookup; target p95 < 50 ms")
    # One client: the lookup's own time. Twenty: what it does under load on these two cores.
    for clients in (1, 20):
        compare(base, "POST /track/", track, floor, clients=clients, seconds=args.seconds, runs=args.runs)


def phase_staff(base: str, args: argparse.Namespace) -> None:
    password = args.password
    print("\nstaff, unit and deputy pages as the demo logins (1 client: the page's own time; 5: shared)")
    for username, paths, clients in (
        ("staff", ["/admin/suggestions/triageitem/", "/admin/suggestions/suggestion/"], 1),
        ("unit", ["/unit/", "/unit/?overdue=1"], 1),
        ("unit", ["/unit/"], 5),
        ("deputy", ["/dashboard/", "/dashboard/opinions/"], 1),
        ("deputy", ["/dashboard/"], 5),
    ):
        try:
            cookie = login(base, username, password)
        except RuntimeError as error:
            print(f"  {error}")
            continue
        for path in paths:
            results = [
                load(base, with_cookie(get(path), cookie), clients=clients, seconds=args.seconds, warmup=1)
                for _ in range(args.runs)
            ]
            result = _median_result(results)
            print(f"  {username:<7} {path:<34} {clients} client(s)  {result.line()}", flush=True)
            # A page measured must be the page: a redirect to a login or a 2FA step is not.
            others = {s: n for r in results for s, n in r.statuses.items() if s != 200}
            if others:
                print(f"  {'':<7} {path:<34} NOT THE PAGE: answers {others}", flush=True)


def phase_health(args: argparse.Namespace, env: dict[str, str]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-broker-"))
    try:
        health_env = {**env, "REDIS_URL": ""}
        # The filesystem broker and the database cache, as the run command has them without Redis.
        health_env["BENCH_BROKER_FOLDER"] = str(folder)
        with gunicorn(port=args.port + 1, workers=args.workers, env=health_env) as base:
            print("\n/healthz at 20 clients, filesystem broker (where 503s were first seen); all must be 200")
            for path in ("/healthz", "/healthz/live"):
                results = [load(base, get(path), clients=20, seconds=args.seconds) for _ in range(args.runs)]
                result = _median_result(results)
                failures = sum(sum(n for s, n in r.statuses.items() if s != 200) for r in results)
                total = sum(r.count for r in results)
                print(
                    f"  {path:<34} 20 clients  {result.line()}  — not 200: {failures} of {total}", flush=True
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="pages,submit,track,staff,health")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4", help="cache and broker of the server")
    parser.add_argument("--password", default="Demo@2026", help="password of the demo logins")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL must name the database to measure (see the docstring)")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("REDIS_URL", args.redis)
    import django

    django.setup()
    from benchsite.views import ensure_table
    from django.db import connection

    ensure_table()
    # The production settings serve static files from the collected manifest (a fresh checkout has
    # none until the run command or this has collected them).
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    args.api_key = _api_key()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM suggestions_suggestion")
        items = cursor.fetchone()[0]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parent), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "CONN_MAX_AGE": "60",
    }
    print(
        f"HTTP benchmark, gunicorn {args.workers} workers, port {args.port}, {items:,} items in the database"
    )
    print(f"machine: {machine_details()}", flush=True)
    phases = set(args.only.split(","))
    connection.close()
    with gunicorn(port=args.port, workers=args.workers, env=env) as base:
        if "pages" in phases:
            phase_pages(base, args)
        if "submit" in phases:
            phase_submit(base, args)
        if "track" in phases:
            phase_track(base, args)
        if "staff" in phases:
            phase_staff(base, args)
    if "health" in phases:
        phase_health(args, env)
    _api_key_revoke(args.api_key)
    # The submissions queued delivery tasks that no worker of this benchmark consumes: drop them, so
    # nothing of this run is left in the broker.
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).delete("celery")
    print(f"\neach line: the median of {args.runs} runs of {args.seconds:.0f} s")


if __name__ == "__main__":
    main()
