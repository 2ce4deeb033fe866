"""nginx in front of gunicorn, as docs/operations.md ("TLS proxy") configures it, walked through:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/nginx_front.py

It installs nothing: it uses Debian's nginx (``/usr/sbin/nginx``, package ``nginx-light``) and stops
with a message when there is none. It makes a database of its own (``bench_nginx_front``, dropped at
the end), a self-signed certificate (``cryptography``), starts gunicorn on a loopback port with the
production settings (``TRUSTED_PROXIES=127.0.0.1``) and nginx on two other loopback ports (HTTP and
HTTPS) with the documented server blocks, then walks through it: the HTTP redirect and probe, HSTS,
a staff login (the session cookie Secure, the two-factor step next, as production requires), an
upload over the size limit, and a citizen's
submission with the code and PIN page. It prints each result and stops only what it started.
"""

from __future__ import annotations

import datetime
import http.client
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from operator_day_one import BIN, ROOT, _admin_sql, _database_url, _form_fields, _free_port, run, step

DATABASE = "bench_nginx_front"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def nginx_conf(
    folder: Path, *, http_port: int, https_port: int, web_port: int, cert: Path, key: Path
) -> Path:
    static = ROOT / "var" / "staticfiles"
    conf = f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    include /etc/nginx/mime.types;
    upstream congress_web {{ server 127.0.0.1:{web_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{http_port};
        location = /healthz {{ proxy_pass http://congress_web; proxy_set_header Host $host; }}
        location / {{ return 301 https://$host:{https_port}$request_uri; }}
    }}
    server {{
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {cert}; ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        client_max_body_size 60m; client_body_timeout 60s;
        proxy_connect_timeout 5s; proxy_read_timeout 120s; proxy_send_timeout 120s;
        location /static/ {{ alias {static}/; expires 30d; access_log off; }}
        location / {{
            proxy_pass http://congress_web;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_redirect off;
        }}
    }}
}}
"""
    path = folder / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    return path


class Client:
    """HTTPS through nginx, cookies kept by hand, the certificate pinned to the one made here."""

    def __init__(self, port: int, cert: Path) -> None:
        self.port = port
        self.context = ssl.create_default_context(cafile=str(cert))
        self.cookies: dict[str, str] = {}
        self.cookie_flags: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=60)
        sent = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "zh-hans", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
                self.cookie_flags[key] = rest
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text


def main() -> int:
    if not Path(NGINX).exists():
        print("nginx is not installed (apt-get install nginx-light); nothing to walk through.")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="nginx-front-"))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir()
    web_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    cert, key = certificate(folder)
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress.settings.production",
        "DATABASE_URL": _database_url(DATABASE),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "TRACKING_PIN_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "PUBLIC_BASE_URL": f"https://127.0.0.1:{https_port}",
        "TRUSTED_PROXIES": "127.0.0.1",
        "EMAIL_URL": "smtp://127.0.0.1:1",
        "SMS_BACKEND": "congress.notifications.sms.cmpp.CmppSmsBackend",
        "CMPP_HOST": "127.0.0.1",
        "CMPP_PORT": "1",
        "MEDIA_ROOT": str(folder / "media"),
        "GUNICORN_CONTROL_SOCKET": str(folder / "gunicorn.ctl"),
        "DJANGO_SUPERUSER_USERNAME": "admin",
        "DJANGO_SUPERUSER_PASSWORD": password,
        "DJANGO_SUPERUSER_EMAIL": "admin@example.gov.cn",
    }
    env.pop("REDIS_URL", None)  # the broker is not needed: the receipt waits in the outbox
    python = str(BIN / "python")
    _admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{DATABASE}"')
    processes: dict[str, subprocess.Popen[bytes]] = {}
    ok = True
    try:
        step("database, static files, a superuser, the city and a street")
        run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run([python, "manage.py", "createcachetable"], env)
        run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
        run([python, "manage.py", "createsuperuser", "--noinput"], env)
        run(
            [
                python,
                "manage.py",
                "bootstrap_committee",
                "--name",
                "临江市人大常委会",
                "--area-code",
                "330100",
                "--term",
                "17",
            ],
            env,
        )
        (folder / "districts.csv").write_text(
            "名称,区域代码,层级,上级区域代码\n上城区,330102,区/县,330100\n", encoding="utf-8"
        )
        run([python, "manage.py", "import_file", "areas", str(folder / "districts.csv")], env)

        step(
            f"gunicorn on 127.0.0.1:{web_port}, nginx on 127.0.0.1:{http_port} (http), :{https_port} (https)"
        )
        log = open(folder / "web.log", "wb")  # noqa: SIM115
        processes["web"] = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "python:congress.gunicorn_conf", "congress.wsgi:application",
             "--bind", f"127.0.0.1:{web_port}", "--workers", "2"],
            cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        conf = nginx_conf(
            folder, http_port=http_port, https_port=https_port, web_port=web_port, cert=cert, key=key
        )
        processes["nginx"] = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=open(folder / "nginx.out", "wb"), start_new_session=True,  # noqa: SIM115
        )  # fmt: skip
        client = Client(https_port, cert)
        deadline, status = time.time() + 90, 0
        while time.time() < deadline:
            try:
                status, headers, _ = client.request("GET", "/healthz/")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        print(f"GET https /healthz/ → {status}; HSTS: {headers.get('strict-transport-security', '(none)')}")
        ok &= status == 200 and "max-age=" in headers.get("strict-transport-security", "")
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
        plain.request("GET", "/submit/")
        answer = plain.getresponse()
        print(f"GET http /submit/ → {answer.status} {answer.getheader('Location')}")
        ok &= answer.status == 301 and answer.getheader("Location", "").startswith("https://")

        step("a staff login")
        _status, _headers, page = client.request("GET", "/accounts/login/")
        fields = _form_fields(page)
        status, headers, _ = client.request(
            "POST", "/accounts/login/", {**fields, "username": "admin", "password": password}
        )
        session_flags = client.cookie_flags.get("sessionid", "")
        print(f"POST /accounts/login/ → {status} {headers.get('location', '')}; cookie: {session_flags[:80]}")
        ok &= status == 302 and "Secure" in session_flags and "HttpOnly" in session_flags
        status, headers, _ = client.request("GET", "/")
        print(
            f"GET / as staff → {status} {headers.get('location', '(the page)')} (two-factor enrolment first)"
        )

        step("the upload limit")
        big = http.client.HTTPSConnection("127.0.0.1", https_port, context=client.context, timeout=60)
        big.putrequest("POST", "/submit/")
        big.putheader("Content-Type", "application/octet-stream")
        big.putheader("Content-Length", str(61 * 1024 * 1024))
        big.endheaders()
        try:
            big.send(b"x" * 65536)
            response = big.getresponse()
            print(f"POST of 61 MB → {response.status} (nginx's client_max_body_size 60m)")
            ok &= response.status == 413
        except OSError as error:
            print(f"POST of 61 MB → connection closed by nginx ({error})")
        big.close()

        step("a citizen's submission through nginx")
        citizen = Client(https_port, cert)
        _status, _headers, page = citizen.request("GET", "/submit/")
        fields = _form_fields(page)
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            captcha = db.execute(
                "SELECT response FROM captcha_captchastore WHERE hashkey = %s", [fields.get("captcha_0", "")]
            ).fetchone()
            category = db.execute(
                "SELECT id FROM congress_category WHERE is_active ORDER BY id LIMIT 1"
            ).fetchone()
            district = db.execute("SELECT id FROM congress_area WHERE code = '330102'").fetchone()
        form = {
            **fields,
            "category": str(category[0]) if category else "",
            "area": str(district[0]) if district else "",
            "title": "小区门口路灯不亮",
            "text": "上城区某小区门口的路灯坏了一周，晚上很黑，请尽快修理。",
            "submitter_name": "李华",
            "submitter_mobile": "13955550002",
            "consent_privacy": "on",
            "captcha_1": captcha[0] if captcha else "",
            "website": "",
        }
        status, headers, _ = citizen.request(
            "POST", "/submit/", form, headers={"X-Forwarded-For": "203.0.113.9"}
        )
        print(f"POST /submit/ → {status} {headers.get('location', '')}")
        status, _headers, page = citizen.request("GET", "/submit/done/")
        code = re.search(r'id="code">([^<]+)<', page)
        print(f"GET /submit/done/ → {status}, tracking code {code.group(1) if code else '?'}")
        ok &= bool(code)
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            seen = db.execute(
                "SELECT count(*) FROM suggestions_suggestion WHERE code = %s", [code.group(1) if code else ""]
            ).fetchone()
        print(f"    stored: {seen[0] if seen else 0} item")
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        _admin_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        print(f"\nfiles and logs in {folder}")
    print("NGINX FRONT OK" if ok else "NGINX FRONT FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
