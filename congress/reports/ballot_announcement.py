"""The announcement of a published ballot's result (票决结果公告): an A4 document in official style
with the attendance, the quorum and its source, the result table and the committee's signature.

Reads the ballot only through ``votes.reports`` (plain data); laid out by the shared PDF module.
The signature block is kept on the page of the table's last rows: a page holding only the
committee's name and the date is what the reader of a printed announcement must never get.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from congress.downloads import download_filename, set_download_name
from votes import reports as vote_reports

from .pdf import DocumentInfo, render_document

TEMPLATE = "reports/votes/ballot_announcement.html"


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


@require_GET
def announcement_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """``/projects/results/<slug>/pdf/``: public, like the results page it belongs to."""
    laid_out = _announcement(slug)
    if laid_out is None:
        raise Http404
    document, filename = laid_out
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")  # type: ignore[attr-defined]
    return set_download_name(response, filename, attachment=False)
