from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from congress.models import UnitOfficer


@require_GET
def submit(request: HttpRequest) -> HttpResponse:
    return render(request, "suggestions/submit.html")


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    return render(request, "suggestions/track.html")


@login_required
@require_GET
def unit_home(request: HttpRequest) -> HttpResponse:
    officer = UnitOfficer.objects.select_related("unit").filter(user_id=request.user.pk or 0).first()
    if officer is None:
        raise Http404
    return render(request, "suggestions/unit_home.html", {"officer": officer})
