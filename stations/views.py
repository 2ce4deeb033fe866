from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Station
from .selectors import qr_target


@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    stations = Station.objects.select_related("area", "area__parent").order_by("area__code", "name")
    page = Paginator(stations, 30).get_page(request.GET.get("page"))
    return render(request, "stations/station_list.html", {"page": page})


@require_GET
def station_detail(request: HttpRequest, slug: str) -> HttpResponse:
    station = get_object_or_404(Station.objects.select_related("area", "head"), slug=slug)
    return render(request, "stations/station_detail.html", {"station": station})


@require_GET
def qr_landing(request: HttpRequest, token: str) -> HttpResponse:
    """Where every printed QR code points. Tokens are opaque and revocable; an unknown or revoked
    token gets a clear page, never an error."""
    target = qr_target(token)
    if target is None or target.revoked:
        return render(request, "stations/qr_invalid.html", {"target": target}, status=404)
    return render(request, "stations/qr_landing.html", {"target": target})
