from __future__ import annotations

import datetime
import functools
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from congress import pagecache
from congress.bodies import body_ids_visible_to
from congress.downloads import set_download_name
from congress.errors import DomainError
from congress.models import Area, Body
from congress.role_pages import RoleRequired
from deputies.selectors import deputy_for_user

from . import permissions, qr
from .forms import BookingForm, CancelForm, ReceptionRecordForm
from .maps import map_tiles
from .models import Booking, QrCode, Reception, Station
from .selectors import (
    deputies_without_station,
    inspection_ranking,
    live_code,
    qr_target,
    reception_for_booking,
    receptions_for_liaison,
    station_checklist,
    station_figures,
    station_map_points,
    station_public_detail,
    station_public_list,
    station_recent_held,
    upcoming_receptions,
)
from .services import booking_cancel, booking_create, reception_check_in, reception_record_held


def booking_rate(group: str, request: HttpRequest) -> str:
    """Bookings per client address (*default* 10 an hour: a family booking a few receptions)."""
    return str(getattr(settings, "BOOKING_RATE", "10/h"))


def cancel_rate(group: str, request: HttpRequest) -> str:
    """Cancellation attempts per address: codes must not be guessable by trying (*default* 20/h)."""
    return str(getattr(settings, "BOOKING_CANCEL_RATE", "20/h"))


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _apply_domain_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Public directory ------------------------------------------------------------------------------


@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    kind = request.GET.get("kind", "")
    if kind not in Station.Kind.values:
        kind = ""
    district_id = _int_param(request, "area")
    body_id = _int_param(request, "body")
    stations = station_public_list(query=query, kind=kind, district_id=district_id, body_id=body_id)
    # Called by the template only when its cached fragment is missing (congress.pagecache).
    page = SimpleLazyObject(lambda: Paginator(stations, 30).get_page(request.GET.get("page")))
    return render(
        request,
        "stations/station_list.html",
        {
            "fragment": pagecache.fragment(request, pagecache.DIRECTORY),
            "page": page,
            "query": query,
            "kind": kind,
            "area_id": district_id,
            "body_id": body_id,
            "bodies": Body.objects.order_by("path"),
            "kinds": Station.Kind.choices,
            "districts": Area.objects.districts().order_by("code"),
            "points": functools.cache(lambda: station_map_points(stations)),
            "tiles": map_tiles(),
        },
    )


@require_GET
def station_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # One indexed look-up for the 404, the title and the map; the whole station (four queries)
    # only when the cached fragment is missing.
    head = (
        Station.objects.public()
        .filter(slug=slug)
        .values("name", "slug", "latitude", "longitude", "address", "body__name")
        .first()
    )
    if head is None:
        raise Http404
    station = cast(Station, SimpleLazyObject(lambda: station_public_detail(slug)))
    return render(
        request,
        "stations/station_detail.html",
        {
            "fragment": pagecache.fragment(request, pagecache.DIRECTORY, seconds=pagecache.DETAIL_SECONDS),
            "name": head["name"],
            # The header names the body that runs the station.
            "page_body_name": head["body__name"],
            "station": station,
            # Read by the template only when its cached fragment is missing.
            "receptions": SimpleLazyObject(lambda: list(upcoming_receptions(station=station)[:8])),
            "figures": SimpleLazyObject(lambda: station_figures(station)),
            "held": SimpleLazyObject(lambda: list(station_recent_held(station))),
            "checklist": SimpleLazyObject(lambda: station_checklist(station)),
            "schedules": SimpleLazyObject(lambda: list(station.schedules.filter(is_active=True))),
            "points": [
                {
                    "name": head["name"],
                    "slug": head["slug"],
                    "lat": float(head["latitude"]),
                    "lng": float(head["longitude"]),
                    "address": head["address"],
                }
            ]
            if head["latitude"] is not None and head["longitude"] is not None
            else [],
            "tiles": map_tiles(),
        },
    )


@require_GET
def reception_calendar(request: HttpRequest) -> HttpResponse:
    """Upcoming reception days of every station, filterable by district."""
    district_id = _int_param(request, "area")
    body_id = _int_param(request, "body")
    page = Paginator(upcoming_receptions(district_id=district_id, body_id=body_id), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "stations/reception_calendar.html",
        {
            "page": page,
            "area_id": district_id,
            "body_id": body_id,
            "districts": Area.objects.districts().order_by("code"),
        },
    )


# --- Booking ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=booking_rate, method="POST", block=False, group="stations.booking")
def reception_book(request: HttpRequest, pk: int) -> HttpResponse:
    reception = reception_for_booking(pk)
    if reception is None:
        raise Http404
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many bookings from your network; please try again later."))
        else:
            try:
                booking = booking_create(reception=reception, **form.cleaned_data)
            except DomainError as error:
                _apply_domain_error(form, error)
            else:
                request.session["booking_code"] = booking.code
                return redirect("booking-done", code=booking.code)
    status = 429 if getattr(request, "limited", False) else 200
    if request.method == "POST" and form.errors and status == 200:
        status = 400
    return render(
        request, "stations/booking_form.html", {"reception": reception, "form": form}, status=status
    )


@require_GET
def booking_done(request: HttpRequest, code: str) -> HttpResponse:
    # Only the browser that made the booking sees it: a guessed code is a 404 like an unknown one.
    if request.session.get("booking_code") != code.upper()[:12]:
        raise Http404
    booking = get_object_or_404(Booking.objects.select_related("reception__station"), code=code.upper()[:12])
    return render(request, "stations/booking_done.html", {"booking": booking})


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=cancel_rate, method="POST", block=False, group="stations.cancel")
def booking_cancel_view(request: HttpRequest) -> HttpResponse:
    form = CancelForm(request.POST or None, initial={"code": request.GET.get("code", "")[:12]})
    booking = None
    if request.method == "POST" and form.is_valid():
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many attempts; please try again later."))
        else:
            try:
                booking = booking_cancel(code=form.cleaned_data["code"])
            except DomainError as error:
                _apply_domain_error(form, error)
    return render(request, "stations/booking_cancel.html", {"form": form, "booking": booking})


# --- QR codes --------------------------------------------------------------------------------------


@require_GET
def qr_landing(request: HttpRequest, token: str) -> HttpResponse:
    """Where every printed QR code points. A live token opens the opinion form with its owner
    chosen; an unknown or revoked token gets a clear page, never an error."""
    target = qr_target(token)
    if target is None:
        return render(request, "stations/qr_invalid.html", {"target": None}, status=404)
    if target.revoked:
        return render(request, "stations/qr_invalid.html", {"target": target}, status=410)
    return redirect(reverse("submit") + "?" + urlencode({"qr": target.token}))


@require_GET
def qr_about(request: HttpRequest, token: str) -> HttpResponse:
    """Who a live code belongs to and how to reach them, without going to the form."""
    target = qr_target(token)
    if target is None or target.revoked:
        return render(
            request, "stations/qr_invalid.html", {"target": target}, status=404 if target is None else 410
        )
    return render(request, "stations/qr_landing.html", {"target": target})


def _live_code(token: str) -> QrCode:
    code = live_code(token)
    if code is None:
        raise Http404
    return code


def _download(content: bytes, content_type: str, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    set_download_name(response, filename, attachment=attachment)
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def qr_png(request: HttpRequest, token: str) -> HttpResponse:
    code = _live_code(token)
    return _download(
        qr.qr_png(code.token),
        "image/png",
        qr.poster_filename(code, "png"),
        attachment="download" in request.GET,
    )


@require_GET
def qr_svg(request: HttpRequest, token: str) -> HttpResponse:
    code = _live_code(token)
    return _download(
        qr.qr_svg(code.token),
        "image/svg+xml",
        qr.poster_filename(code, "svg"),
        attachment="download" in request.GET,
    )


# --- Deputies' check-in and the liaison workbench ---------------------------------------------------


@login_required
@require_POST
def reception_check_in_view(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise Http404
    # Only a reception the deputy may check in at (a member of its station, or on duty) is found.
    mine = Reception.objects.filter(Q(station__members=deputy) | Q(duty_deputies=deputy)).values("pk")
    reception = get_object_or_404(Reception.objects.select_related("station").filter(pk__in=mine), pk=pk)
    try:
        reception_check_in(reception=reception, deputy=deputy, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Checked in. Thank you for receiving the public."))
    return redirect("dashboard")


# The workbench shows receptions from two weeks back to two weeks ahead: what was just held and must
# be recorded, and what is coming.
WORKBENCH_WINDOW_DAYS = 14


@login_required
@require_GET
def workbench(request: HttpRequest) -> HttpResponse:
    if not permissions.can_use_workbench(request.user):
        return RoleRequired(request, "liaison")
    today = timezone.localdate()
    days = WORKBENCH_WINDOW_DAYS
    since, until = today - datetime.timedelta(days=days), today + datetime.timedelta(days=days)
    mine = receptions_for_liaison(request.user)
    # Older receptions never recorded are not dropped: they are counted and listed on request.
    unrecorded = mine.filter(date__lt=since, status=Reception.Status.PLANNED)
    earlier = request.GET.get("earlier") == "1"
    receptions = unrecorded if earlier else mine.filter(date__gte=since, date__lte=until)
    page = Paginator(receptions, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/workbench.html",
        {
            "page": page,
            "today": today,
            "since": since,
            "until": until,
            "earlier": earlier,
            "unrecorded_count": None if earlier else unrecorded.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reception_record(request: HttpRequest, pk: int) -> HttpResponse:
    # Outside the user's stations and bodies: not found. A lower body's reception is read, not
    # recorded (docs/bodies.md).
    reception = get_object_or_404(receptions_for_liaison(request.user), pk=pk)
    if request.method == "POST" and not permissions.can_record_reception(request.user, reception):
        raise PermissionDenied
    checked_in = set(reception.deputies_present.values_list("pk", flat=True))
    on_duty = set(reception.duty_deputies.values_list("pk", flat=True))
    # A held reception shows what was recorded; one not yet recorded starts from the deputies who
    # checked in and the duty roster, so the liaison only searches for whoever else came.
    preselected = checked_in if reception.status == Reception.Status.HELD else checked_in | on_duty
    initial = {
        "deputies_present": sorted(preselected),
        "visitors": reception.visitors,
        "opinions_note": reception.opinions_note,
        "notes": reception.notes,
    }
    form = ReceptionRecordForm(request.POST or None, initial=initial, reception=reception)
    if request.method == "POST" and form.is_valid():
        try:
            reception_record_held(reception=reception, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _apply_domain_error(form, error)
        else:
            messages.success(request, _("The reception has been recorded."))
            return redirect("station-workbench")
    bookings = list(reception.bookings.filter(status=Booking.Status.BOOKED).order_by("created_at"))
    return render(
        request,
        "stations/reception_record.html",
        {
            "reception": reception,
            "form": form,
            "bookings": bookings,
            "checked_in": checked_in if reception.status != Reception.Status.HELD else set(),
            "on_duty": on_duty,
        },
    )


# --- Staff reports ---------------------------------------------------------------------------------


@login_required
@require_GET
def report_unassigned(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_reports(request.user):
        raise Http404
    page = Paginator(deputies_without_station(body_ids=body_ids_visible_to(request.user)), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "stations/report_unassigned.html", {"page": page})


@login_required
@require_GET
def report_ranking(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_reports(request.user):
        raise Http404
    year = _int_param(request, "year") or timezone.localdate().year
    if not 1900 <= year <= 9999:  # a year the database can store; anything else shows this year
        year = timezone.localdate().year
    return render(
        request,
        "stations/report_ranking.html",
        {"rows": inspection_ranking(year=year, body_ids=body_ids_visible_to(request.user)), "year": year},
    )
