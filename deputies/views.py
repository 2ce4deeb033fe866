from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from congress import pagecache
from congress.dashboard import panels_load
from congress.models import Area, Body
from congress.role_pages import RoleRequired

from .directory import station_options
from .models import Deputy
from .selectors import (
    composition,
    deputy_for_user,
    deputy_public_detail,
    deputy_public_list,
    deputy_upcoming_duty,
    duty_figures,
    public_groups,
    public_report_backs_of,
)

# Deputies per directory page: one screenful of cards on a phone, a few on a desktop (*default*).
DIRECTORY_PAGE_SIZE = 24


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


@require_GET
def deputy_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    level = request.GET.get("level", "")
    if level not in Deputy.Level.values:
        level = ""
    area_id = _int_param(request, "area")
    group_id = _int_param(request, "group")
    station_id = _int_param(request, "station")
    body_id = _int_param(request, "body")
    deputies = deputy_public_list(
        query=query, level=level, area_id=area_id, group_id=group_id, station_id=station_id, body_id=body_id
    ).prefetch_related("stations")
    # Called by the template only when its cached fragment is missing (congress.pagecache).
    page = SimpleLazyObject(
        lambda: Paginator(deputies, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    )
    stations = station_options(area_id=area_id)
    return render(
        request,
        "deputies/deputy_list.html",
        {
            "fragment": pagecache.fragment(request, pagecache.DIRECTORY),
            "page": page,
            "query": query,
            "level": level,
            "area_id": area_id,
            "group_id": group_id,
            "station_id": station_id,
            "body_id": body_id,
            # Bodies with a congress of their own (a street working committee has none).
            "bodies": Body.objects.filter(kind__in=Body.KINDS_WITH_CONGRESS).order_by("path"),
            "levels": Deputy.Level.choices,
            "districts": Area.objects.districts().order_by("code"),
            "groups": public_groups(),
            "stations": stations,
        },
    )


@require_GET
def deputy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # One indexed look-up for the 404 and the title; the whole deputy (three queries) only when
    # the cached fragment is missing.
    head = Deputy.objects.active().filter(slug=slug).values_list("name", "term__body__name").first()
    if head is None:
        raise Http404
    name, body_name = head
    deputy = cast(Deputy, SimpleLazyObject(lambda: deputy_public_detail(slug)))
    return render(
        request,
        "deputies/deputy_detail.html",
        {
            "fragment": pagecache.fragment(request, pagecache.DIRECTORY, seconds=pagecache.DETAIL_SECONDS),
            "name": name,
            # The header names the body whose congress the deputy sits in.
            "page_body_name": body_name,
            "deputy": deputy,
            # Read by the template only when its cached fragment is missing.
            "receptions": SimpleLazyObject(lambda: list(deputy_upcoming_duty(deputy)[:6])),
            "figures": SimpleLazyObject(lambda: duty_figures(deputy)),
            "year": timezone.localdate().year,
            "report_backs": SimpleLazyObject(lambda: list(public_report_backs_of(deputy)[:5])),
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
    """The deputy's home, phone first: what needs the deputy now (a summary line per panel), then
    the panels every app registers with ``congress.dashboard`` — opinions, replies to rate, open
    ballots, the next reception duty, quota progress, score and rank, report-backs, contacts, the QR
    code and the profile. Each panel runs a fixed number of queries."""
    deputy = deputy_for_user(request.user)
    if deputy is None:
        return RoleRequired(request, "deputy")
    rendered = panels_load(deputy=deputy, user=request.user, today=timezone.localdate())
    needs_me = [item for panel in rendered for item in panel.needs_me if item.count]
    return render(
        request,
        "deputies/dashboard.html",
        {"deputy": deputy, "panels": rendered, "needs_me": needs_me, "today": timezone.localdate()},
    )
