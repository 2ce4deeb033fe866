"""The station desk's item page: a liaison opens an opinion of their stations to see where it stands
(the same public progress the submitter sees, and the replies) and, when the visitor must be called
back, reveals the contact (logged). Outside the liaison's stations an item is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from congress.errors import DomainError
from congress.privacy import mask_name, mask_phone
from stations.permissions import liaison_stations

from . import selectors, services
from .models import Suggestion
from .services import normalise_code


@login_required
@require_http_methods(["GET", "POST"])
def desk_item(request: HttpRequest, code: str) -> HttpResponse:
    stations = liaison_stations(request.user)
    suggestion = (
        Suggestion.objects.visible_to(request.user)
        .filter(station__in=stations)
        .select_related("category", "area", "station", "reception")
        .filter(code=normalise_code(code))
        .first()
    )
    if suggestion is None:
        raise Http404
    contact = None
    reveal_error = ""
    if request.method == "POST" and request.POST.get("action") == "reveal":
        try:
            contact = services.contact_reveal(suggestion=suggestion, user=request.user, where="station desk")
        except DomainError as error:
            reveal_error = error.message
    return render(
        request,
        "suggestions/desk_item.html",
        {
            "suggestion": suggestion,
            "timeline": selectors.suggestion_timeline(suggestion),
            "photos": list(suggestion.photos.all()),
            "masked_name": mask_name(suggestion.submitter_name),
            "masked_mobile": mask_phone(suggestion.submitter_mobile),
            "contact": contact,
            "reveal_error": reveal_error,
        },
    )
