"""python3 scripts/dev.py screenshots [--out docs/screenshots] [--year 2025] [--skip-setup]

Current screenshots of the main pages, from the demo city: the portal is served from this process on
a free loopback port, Debian's Chromium (driven by Playwright, never a downloaded build) opens each
page as the person who uses it — public pages on a phone (390×844), staff pages on a desktop — and a
page of the annual report is rendered to PNG with pdftoppm. ``scripts/dev.py screenshots`` runs it
against the run command's database (``DATABASE_URL`` when set, else the embedded one); it migrates
and loads the demo data first (both are idempotent). A developer tool: it reads every app, so it
lives outside them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
# Headless Chromium draws its own controls' texts (the file picker's “Choose Files”) in English
# whatever the locale; a citizen's phone shows them in its own language.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _serve() -> Iterator[str]:
    """The portal on a free loopback port, static files through the finders (no collectstatic)."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _session(username: str | None = None, **data: Any) -> str:
    """A session cookie value for a demo user (or an anonymous visitor with ``data``)."""
    session = SessionStore()
    if username:
        user = get_user_model().objects.get(username=username)
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
    for key, value in data.items():
        session[key] = value
    session.create()
    return str(session.session_key)


class CommandError(Exception):
    pass


class Shooter:
    def run(self, options: dict[str, Any]) -> None:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            raise CommandError("Debian's chromium is needed (apt-get install chromium).")
        if shutil.which("pdftoppm") is None:
            raise CommandError("pdftoppm is needed (apt-get install poppler-utils).")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        if not options["skip_setup"]:
            call_command("migrate", "--noinput", verbosity=0)
            call_command("load_demo", verbosity=0)
        self._annual_report_page(out, options["year"])
        # Playwright's sync API runs an event loop in this thread; the ORM calls stay synchronous.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        with _serve() as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            try:
                for name, kind, path, username, extra in self._pages():
                    self._shoot(browser, base, out / f"{name}.png", kind, path, username, extra)
            finally:
                browser.close()

    # -- pages -------------------------------------------------------------------------------

    def _pages(self) -> list[tuple[str, str, str, str | None, dict[str, Any]]]:
        from stations.models import QrCode
        from suggestions.models import Suggestion
        from votes.models import Ballot

        code = (
            QrCode.objects.filter(
                deputy__isnull=False, revoked_at__isnull=True, deputy__user__username="deputy"
            ).first()
            or QrCode.objects.filter(deputy__isnull=False, revoked_at__isnull=True).order_by("pk").first()
        )
        if code is None or code.deputy is None:
            raise CommandError("The demo data has no deputy QR code; run load_demo.")
        # A replied case that went through the services (bulk-made report data has no history).
        case = (
            Suggestion.objects.filter(status__in=["replied", "rated"], replies__isnull=False)
            .annotate(steps=Count("events", filter=Q(events__is_public=True)))
            .filter(steps__gte=3)
            .order_by("-steps", "-submitted_at")
            .first()
        )
        ballot = Ballot.objects.filter(status=Ballot.Status.PUBLISHED).order_by("-held_on").first()
        pages: list[tuple[str, str, str, str | None, dict[str, Any]]] = [
            ("public-home", "phone", "/", None, {}),
            ("deputy-page-with-qr", "phone", f"/deputies/{code.deputy.slug}/", None, {}),
            ("qr-landing", "phone", f"/q/{code.token}/about/", None, {}),
            ("submission-form", "phone", f"/q/{code.token}/", None, {}),
            ("station-map", "phone", "/stations/", None, {}),
            ("deputy-dashboard", "phone", "/dashboard/", "deputy", {}),
            ("unit-inbox", "phone", "/unit/", "unit", {}),
            ("admin-triage-queue", "desktop", "/admin/suggestions/triageitem/", "staff", {}),
            ("statistics-dashboard", "desktop", "/admin/reports/report/statistics/", "staff", {}),
        ]
        if case is not None:
            pages.insert(
                4,
                ("tracking-timeline", "phone", f"/track/{case.code}/", None, {"tracked": case.code}),
            )
        # The liaison's desk page of an item of their station with a reply (the same include as the
        # citizen's tracking page, shown with the staff's details).
        liaison = get_user_model().objects.filter(username="liaison").first()
        desk_case = (
            Suggestion.objects.filter(
                station__liaisons=liaison, status__in=["replied", "rated", "closed"], replies__isnull=False
            )
            .order_by("-submitted_at")
            .first()
            if liaison is not None
            else None
        )
        if desk_case is not None:
            pages.append(
                ("station-desk-item", "phone", f"/station-desk/items/{desk_case.code}/", "liaison", {})
            )
        if ballot is not None:
            pages.append(("ballot-results", "phone", f"/projects/results/{ballot.slug}/", None, {}))
        return pages

    def _shoot(
        self,
        browser: Any,
        base: str,
        target: Path,
        kind: str,
        path: str,
        username: str | None,
        extra: dict[str, Any],
    ) -> None:
        context = browser.new_context(locale="zh-CN", **(PHONE if kind == "phone" else DESKTOP))
        # Map tiles come from the internet: the screenshot shows the map without them.
        context.route("https://**/*", lambda route: route.fulfill(status=204, body=""))
        data = {"suggestions_tracked": [extra["tracked"]]} if "tracked" in extra else {}
        if username or data:
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": _session(username, **data), "url": base}]
            )
        page = context.new_page()
        response = page.goto(base + path, wait_until="networkidle")
        if response is None or response.status >= 400:
            context.close()
            raise CommandError(f"{path}: HTTP {response.status if response else '—'}")
        page.wait_for_timeout(300)  # charts finish their animation
        self._accessibility(page, path)
        # The first two screens: enough to read in the README, short enough to look at.
        viewport = page.viewport_size or {"width": 390, "height": 844}
        height = min(page.evaluate("document.scrollingElement.scrollHeight"), viewport["height"] * 2)
        page.screenshot(
            path=str(target),
            full_page=True,
            clip={"x": 0, "y": 0, "width": viewport["width"], "height": height},
        )
        context.close()
        print(f"{target}")

    def _accessibility(self, page: Any, path: str) -> None:
        """axe-core (static/vendor/axe-core) on the page with the demo's full data, which the
        browser tests' small fixtures may not reach; findings are printed, not fatal."""
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        findings = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => `${v.impact} ${v.id} ×${v.nodes.length}: ${v.nodes[0].target.join(' ')}`)"
        )
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        for finding in findings:
            print(f"  axe {path}: {finding}")
        if overflow > 0:
            print(f"  {path} scrolls sideways by {overflow}px")

    def _annual_report_page(self, out: Path, year: int) -> None:
        """The annual report's page of main figures (page 3: after the cover and the contents)."""
        from congress.bodies import root_body
        from congress.reports.annual import annual_figures, annual_pdf
        from congress.reports.reads import Scope

        pdf = annual_pdf(annual_figures(year, scope=Scope.of(root_body())))
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "annual.pdf"
            source.write_bytes(pdf)
            prefix = Path(folder) / "page"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "3",
                    "-l",
                    "3",
                    "-singlefile",
                    str(source),
                    str(prefix),
                ],
                check=True,
            )
            target = out / "annual-report.png"
            shutil.move(str(prefix.with_suffix(".png")), target)
        print(f"{target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument(
        "--year", type=int, default=timezone.localdate().year - 1, help="Year of the annual report."
    )
    parser.add_argument("--skip-setup", action="store_true", help="Do not migrate or load the demo.")
    try:
        Shooter().run(vars(parser.parse_args()))
    except CommandError as error:
        print(f"screenshots: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
