"""The A4 QR code posters (一人一码, 003:564–566) on the shared PDF module: one poster, or a zip with
one PDF and one PNG per code for a station, a few stations or a district. What each poster prints is
read through ``stations.selectors.poster_sheets``."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from congress.bodies import root_body_name
from stations.selectors import poster_download_name, poster_sheets

from .pdf import DocumentInfo, render_document

Progress = Callable[[int, int], None]


def _render(sheets: list[dict[str, Any]]) -> Any:
    # Posters go on walls in China: the shared module prints them in Chinese whatever language the
    # person downloading uses, and refuses to print boxes when no Chinese font is installed.
    return render_document(
        "reports/poster.html",
        {"posters": sheets, "committee_name": root_body_name()},
        info=DocumentInfo(title=_("QR code poster"), full_bleed=True),
    )


def poster_pdf(code: Any) -> bytes:
    """One A4 page: name, photo, level, station, the code and one line of instructions."""
    return bytes(_render(poster_sheets([code])).write_pdf())


def posters_zip(codes: Iterable[Any], *, progress: Progress | None = None) -> bytes:
    """A zip with one poster PDF and one code PNG per code. The posters are laid out in one
    document (fonts load once) and each page is written out on its own; ``progress(done, total)``
    is told after the layout (done 0) and after every poster."""
    sheets = poster_sheets(codes, with_png=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if sheets:
            document = _render(sheets)
            if progress is not None:
                progress(0, len(sheets))
            # Two deputies may share a name: the second file of a name carries its code.
            taken: set[str] = set()
            for done, (sheet, page) in enumerate(zip(sheets, document.pages, strict=False), start=1):
                pdf_name, png_name = sheet["pdf_name"], sheet["png_name"]
                if pdf_name in taken:
                    pdf_name = poster_download_name(sheet["code"], "pdf", unique=True)
                    png_name = poster_download_name(sheet["code"], "png", unique=True)
                taken.add(pdf_name)
                archive.writestr(pdf_name, bytes(document.copy([page]).write_pdf()))
                archive.writestr(png_name, sheet["png"])
                if progress is not None and (done % 10 == 0 or done == len(sheets)):
                    progress(done, len(sheets))
    return buffer.getvalue()


# A zip built by a worker reports how far it has come here (the cache every web and worker process
# shares), so the page that waits for it can show a progress bar. Kept a day, like the message.
JOB_TTL = 24 * 3600


def _job_key(job: str) -> str:
    return f"reports:posters-zip:{job}"


def job_start(job: str, *, user_id: int, total: int) -> None:
    cache.set(_job_key(job), {"user": user_id, "done": 0, "total": total, "ready": False}, JOB_TTL)


def job_progress(job: str, *, done: int, total: int) -> None:
    state = cache.get(_job_key(job)) or {}
    cache.set(_job_key(job), {**state, "done": done, "total": total}, JOB_TTL)


def job_finish(job: str) -> None:
    state = cache.get(_job_key(job)) or {}
    cache.set(_job_key(job), {**state, "done": state.get("total", 0), "ready": True}, JOB_TTL)


def job_state(job: str) -> dict[str, Any] | None:
    """``{"user", "done", "total", "ready"}`` of a zip being built, None when unknown."""
    state = cache.get(_job_key(job))
    return state if isinstance(state, dict) else None
