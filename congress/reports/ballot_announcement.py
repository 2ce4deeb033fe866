"""The announcement of a published ballot's result (票决结果公告): an A4 document in official style
with the attendance, the quorum and its source, the result table and the committee's signature.

Reads the ballot only through ``votes.reports`` (plain data); laid out by the shared PDF module.
The signature block is kept on the page of the table's last rows: a page holding only the
committee's name and the date is what the reader of a printed announcement must never get.

Laying out the document takes seconds (the CJK fonts), while a published result no longer changes:
the PDF is kept in the shared cache under a digest of everything printed on it (the result, the
issuer's name, the language and the template's source), so a second reader gets it at once and any
correction or renaming gives a new document; a periodic task lays out recently published ballots'
announcements before the first reader asks (``warm_recent_announcements``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from congress.downloads import download_filename, set_download_name
from votes import reports as vote_reports

from .pdf import DocumentInfo, render_document

TEMPLATE = "reports/votes/ballot_announcement.html"
CACHE_TTL = 7 * 24 * 3600
# Ballots held this many days ago or less get their announcement laid out ahead of the first reader.
WARM_DAYS = 30


@memoize
def _template_digest() -> str:
    source = getattr(getattr(get_template(TEMPLATE), "template", None), "source", "")
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _cache_key(result: dict[str, object]) -> str:
    printed = json.dumps(
        [translation.get_language(), _template_digest(), result], default=str, sort_keys=True
    )
    return "reports:ballot-announcement:" + hashlib.sha256(printed.encode()).hexdigest()


def announcement_document(slug: str) -> object | None:
    """The laid-out announcement (a ``weasyprint.Document``), or None for an unpublished ballot."""
    laid_out = _announcement(slug)
    return laid_out[0] if laid_out else None


def _announcement(slug: str) -> tuple[object, str] | None:
    """The document and the name a clerk files it under (…项目票决-票决结果公告.pdf)."""
    result = vote_reports.published_ballot_result(slug)
    if result is None:
        return None
    info = DocumentInfo(
        title=_("Announcement of the ballot result"), subtitle=result["title"], issuer=result.get("body", "")
    )
    filename = download_filename(result["title"], _("Announcement of the ballot result"), extension="pdf")
    return render_document(TEMPLATE, {"r": result}, info=info), filename


def announcement_pdf_bytes(slug: str) -> tuple[bytes, str] | None:
    """The announcement's PDF and its file name, from the cache when what it prints is unchanged;
    None for an unpublished ballot."""
    result = vote_reports.published_ballot_result(slug)
    if result is None:
        return None
    filename = download_filename(result["title"], _("Announcement of the ballot result"), extension="pdf")
    key = _cache_key(result)
    pdf = cache.get(key)
    if not isinstance(pdf, bytes):
        info = DocumentInfo(
            title=_("Announcement of the ballot result"),
            subtitle=result["title"],
            issuer=result.get("body", ""),
        )
        pdf = bytes(render_document(TEMPLATE, {"r": result}, info=info).write_pdf())
        cache.set(key, pdf, CACHE_TTL)
    return pdf, filename


def warm_recent_announcements(*, today: datetime.date | None = None) -> int:
    """Lay out, in the site's language, the announcements of ballots published and held in the last
    ``WARM_DAYS`` days that are not in the cache yet. Returns how many ballots were looked at."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=WARM_DAYS)
    slugs = vote_reports.published_ballot_slugs(held_since=since)
    with translation.override(settings.LANGUAGE_CODE):
        for slug in slugs:
            announcement_pdf_bytes(slug)
    return len(slugs)


@require_GET
def announcement_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """``/projects/results/<slug>/pdf/``: public, like the results page it belongs to."""
    made = announcement_pdf_bytes(slug)
    if made is None:
        raise Http404
    pdf, filename = made
    response = HttpResponse(pdf, content_type="application/pdf")
    return set_download_name(response, filename, attachment=False)
