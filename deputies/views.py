from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from congress.models import Area

from .models import Deputy
from .selectors import (
    composition,
    deputy_for_user,
    deputy_public_detail,
    deputy_public_list,
    deputy_upcoming_duty,
    duty_figures,
    duty_records_for,
    public_groups,
)

# Deputies per directory page: one screenful of cards on a phone, a few on a desktop (*default*).
DIRECTORY_PAGE_SIZE = 24


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


@require_GET
def deputy_list(request: HttpRequest) -> HttpResponse:
    from django.apps import apps

    query = request.GET.get("q", "").strip()[:50]
    level = request.GET.get("level", "")
    if level not in Deputy.Level.values:
        level = ""
    area_id = _int_param(request, "area")
    group_id = _int_param(request, "group")
    station_id = _int_param(request, "station")
    deputies = deputy_public_list(
        query=query, level=level, area_id=area_id, group_id=group_id, station_id=station_id
    ).prefetch_related("stations")
    page = Paginator(deputies, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    station_model = apps.get_model("stations", "Station")
    stations = station_model.objects.public().filter(kind="home").only("pk", "name").order_by("name")
    if area_id:
        stations = stations.filter(area__parent_id=area_id)
    return render(
        request,
        "deputies/deputy_list.html",
        {
            "page": page,
            "query": query,
            "level": level,
            "area_id": area_id,
            "group_id": group_id,
            "station_id": station_id,
            "levels": Deputy.Level.choices,
            "districts": Area.objects.districts().order_by("code"),
            "groups": public_groups(),
            "stations": stations,
        },
    )


@require_GET
def deputy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    deputy = deputy_public_detail(slug)
    if deputy is None:
        raise Http404
    return render(
        request,
        "deputies/deputy_detail.html",
        {
            "deputy": deputy,
            "receptions": list(deputy_upcoming_duty(deputy)[:6]),
            "figures": duty_figures(deputy),
            "year": timezone.localdate().year,
        },
    )


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """Deputy composition published for the public (002:1247), drawn with Chart.js and also given
    as tables so the page reads without scripts."""
    level = request.GET.get("level", "")
    if level not in Deputy.Level.values:
        level = ""
    data = composition(level=level)
    charts = [
        ("gender", "pie"),
        ("level", "bar"),
        ("occupation", "bar"),
        ("education", "bar"),
        ("party", "bar"),
        ("ethnicity", "pie"),
    ]
    chart_data = {
        field: {
            "kind": kind,
            "labels": [row[0] for row in data[field]],
            "values": [row[1] for row in data[field]],
        }
        for field, kind in charts
    }
    return render(
        request,
        "deputies/statistics.html",
        {
            "data": data,
            "level": level,
            "levels": Deputy.Level.choices,
            "chart_data": chart_data,
        },
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The deputy's home: profile, stations, reception duty with check-in, duty record, own QR
    poster, and links to the sections other apps add."""
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise Http404
    today = timezone.localdate()
    receptions = list(deputy_upcoming_duty(deputy, days=60, today=today)[:10])
    checked_in = set(
        deputy.attended_receptions.filter(pk__in=[r.pk for r in receptions]).values_list("pk", flat=True)
    )
    return render(
        request,
        "deputies/dashboard.html",
        {
            "deputy": deputy,
            "today": today,
            "stations": list(deputy.stations.select_related("area").all()),
            "receptions": receptions,
            "checked_in": checked_in,
            "records": list(duty_records_for(deputy, limit=20)),
            "figures": duty_figures(deputy),
            "qr_code": deputy.qr_codes.filter(revoked_at__isnull=True).first(),
        },
    )
