"""The documents that people download outside the report admin: a deputy's duty report (the deputy
from the dashboard, staff from the deputy's admin page) and the QR code posters (one code, a station,
a few stations, a district). Access is decided by the apps' own permission modules; the documents
are read through the apps' selectors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congress.audit import audit_record
from congress.downloads import download_filename, set_download_name
from congress.ids import public_id
from congress.models import Area
from deputies import permissions as deputy_permissions
from deputies.selectors import deputy_for_duty_report, deputy_for_user, duty_report_years
from stations import permissions as station_permissions
from stations.selectors import live_code, poster_codes, poster_download_name, station_by_slug

from . import posters
from .duty import duty_report_pdf
from .tasks import build_posters_zip

# Above this many posters a zip is built by a worker and the requester is notified (*default*:
# about 0.3 s a poster, so 150 keep the request under a minute).
POSTER_ZIP_SYNC_MAX = getattr(settings, "POSTER_ZIP_SYNC_MAX", 150)
# The admin's "download posters" action zips the posters of at most this many stations.
POSTER_ZIP_MAX_STATIONS = 5


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    set_download_name(response, filename)
    response["Cache-Control"] = "private, max-age=300"
    return response


def _duty_report(request: HttpRequest, deputy: Any) -> HttpResponse:
    """The duty report of ``?year=`` (one of the deputy's term years, else this year)."""
    if deputy is None:
        raise Http404
    years = duty_report_years(deputy)
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and int(value) in years else years[0]
    audit_record(target=deputy, action="report_download", actor=request.user, data={"year": year})
    return _download(
        duty_report_pdf(deputy, year=year),
        "application/pdf",
        download_filename(
            _("Duty report of deputy %(name)s, %(year)s") % {"name": deputy.name, "year": year},
            extension="pdf",
        ),
    )


@login_required
@require_GET
def dashboard_duty_report(request: HttpRequest) -> HttpResponse:
    """My annual duty report (履职报告) as a PDF; a user without the deputy role and a linked
    deputy gets a 404."""
    return _duty_report(request, deputy_for_user(request.user))


@login_required
@require_GET
def staff_duty_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Any deputy's annual duty report, for staff (linked from the deputy's admin page)."""
    if not deputy_permissions.can_see_staff_reports(request.user):
        raise Http404
    return _duty_report(request, deputy_for_duty_report(slug, user=request.user))


@require_GET
def qr_poster(request: HttpRequest, token: str) -> HttpResponse:
    """The A4 poster of one live code (public: the code itself is public)."""
    code = live_code(token)
    if code is None:
        raise Http404
    return _download(posters.poster_pdf(code), "application/pdf", poster_download_name(code, "pdf"))


def _station_ids(request: HttpRequest) -> list[int]:
    values = request.GET.getlist("stations")
    ids = [int(v) for v in values if v.isdigit() and len(v) < 10]
    if len(ids) != len(values) or len(ids) > POSTER_ZIP_MAX_STATIONS:
        raise Http404
    return ids


@login_required
@require_GET
def posters_zip(request: HttpRequest) -> HttpResponse:
    """Posters of a station (the station and its member deputies), of up to five stations chosen
    in the admin, or of a district (its stations and their deputies), zipped: at once when small,
    by a worker when large (the requester gets an in-app message with the link)."""
    if not station_permissions.can_download_poster_batches(request.user):
        raise Http404
    station = area = None
    station_ids: list[int] = []
    district = request.GET.get("district", "")
    if request.GET.get("station"):
        station = station_by_slug(request.GET["station"], user=request.user)
        if station is None:
            raise Http404
    elif request.GET.get("stations"):
        station_ids = _station_ids(request)
    elif district.isdigit() and len(district) < 10:
        area = get_object_or_404(Area, pk=int(district))
    else:
        raise Http404
    codes = poster_codes(user=request.user, station=station, area=area, station_ids=station_ids)
    count = codes.count()
    if not count and (station_ids or area is not None):
        # Stations outside the user's bodies are not found, as anywhere else.
        raise Http404
    if count <= POSTER_ZIP_SYNC_MAX:
        if station is not None:
            name = station.name
        elif area is not None:
            name = area.name
        else:
            name = _("Stations")
        return _download(
            posters.posters_zip(codes),
            "application/zip",
            download_filename(name, _("QR code posters"), extension="zip"),
        )
    user_id = int(request.user.pk or 0)
    station_id, area_id = getattr(station, "pk", None), getattr(area, "pk", None)
    job = public_id(16)
    posters.job_start(job, user_id=user_id, total=count)
    transaction.on_commit(
        lambda: build_posters_zip.delay(
            user_id, station_id=station_id, area_id=area_id, station_ids=station_ids, job=job
        )
    )
    owner = station or area or ""
    context = {"count": count, "owner": owner, "job": job}
    return render(request, "reports/posters_queued.html", context, status=202)


@login_required
@require_GET
def posters_zip_status(request: HttpRequest, name: str) -> JsonResponse:
    """How far a zip being built has come, for the page that waits for it (the requester only)."""
    if not station_permissions.can_download_poster_batches(request.user):
        raise Http404
    # A job name is public_id(16); anything else (too long for a cache key, or not alphanumeric) is unknown.
    state = posters.job_state(name) if name.isalnum() and len(name) <= 64 else None
    if state is None or state.get("user") != request.user.pk:
        raise Http404
    ready = bool(state["ready"]) and default_storage.exists(f"posters/{name}.zip")
    total = int(state["total"]) or 1
    return JsonResponse(
        {
            "done": state["done"],
            "total": state["total"],
            "percent": 100 if ready else min(99, int(100 * int(state["done"]) / total)),
            "ready": ready,
            "download": reverse("station-posters-download", args=[name]) if ready else "",
        }
    )


@login_required
@require_GET
def posters_zip_download(request: HttpRequest, name: str) -> HttpResponseBase:
    if not station_permissions.can_download_poster_batches(request.user):
        raise Http404
    path = f"posters/{name}.zip"
    if not name.isalnum() or not default_storage.exists(path):
        raise Http404
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=download_filename(_("QR code posters"), extension="zip"),
    )
