from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from congress.models import Area

from .models import Deputy
from .selectors import deputy_for_user, deputy_public_list


@require_GET
def deputy_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    level = request.GET.get("level", "")
    if level not in Deputy.Level.values:
        level = ""
    area_param = request.GET.get("area", "")
    area_id = int(area_param) if area_param.isdigit() else None
    page = Paginator(deputy_public_list(query=query, level=level, area_id=area_id), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "deputies/deputy_list.html",
        {
            "page": page,
            "query": query,
            "level": level,
            "area_id": area_id,
            "levels": Deputy.Level.choices,
            "districts": Area.objects.districts(),
        },
    )


@require_GET
def deputy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    deputy = get_object_or_404(Deputy.objects.for_list().filter(status="active"), slug=slug)
    return render(request, "deputies/deputy_detail.html", {"deputy": deputy})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise Http404
    return render(request, "deputies/dashboard.html", {"deputy": deputy})
