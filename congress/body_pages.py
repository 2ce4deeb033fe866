"""A body's public page (``/bodies/<id>/``) and the list of bodies (``/bodies/``).

The page lives in the core, which must not import the domain apps: as on the deputy dashboard
(``congress.dashboard``), each app registers the sections it adds to a body's page from its
``AppConfig.ready`` — the deputies of the body's congress (deputies), its stations and reception
days (stations), its ballot results (votes). A section's loader takes the body and returns the
context of its template, or None to leave the section out; it runs a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Body

SectionContent = dict[str, Any] | None


@dataclass(frozen=True)
class BodySection:
    code: str
    template: str
    load: Callable[[Body], SectionContent]
    # Position on the page, smallest first.
    order: int = 100


@dataclass
class RenderedSection:
    section: BodySection
    content: dict[str, Any]


_SECTIONS: dict[str, BodySection] = {}


def section_register(section: BodySection) -> BodySection:
    """Register (or replace, on a second ``ready``) a section by its code."""
    _SECTIONS[section.code] = section
    return section


def sections() -> list[BodySection]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.code))


def body_public(pk: Any) -> Body | None:
    """A body by its id, with its parent and area; None for anything that is not one."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    return Body.objects.select_related("parent", "area").filter(pk=key).first()


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    """Every body of the city's network, as a tree: the city committee, its districts and county,
    and their townships and streets. One query."""
    bodies = list(Body.objects.order_by("path"))
    root_depth = min((body.depth for body in bodies), default=1)
    rows = [{"body": body, "level": body.depth - root_depth} for body in bodies]
    return render(request, "bodies/body_list.html", {"rows": rows})


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One body's public page: who it is, the bodies above and below it, and each registered
    section. The header and title name the body."""
    body = body_public(pk)
    if body is None:
        raise Http404
    children = list(body.children.order_by("sort_order", "path"))
    rendered = []
    for section in sections():
        content = section.load(body)
        if content is not None:
            rendered.append(RenderedSection(section=section, content=content))
    return render(
        request,
        "bodies/body_detail.html",
        {"body": body, "children": children, "sections": rendered, "page_body": body},
    )
