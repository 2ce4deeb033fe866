"""Staff reports of the deputies app, inside the admin's frame: the activity ranking (all deputies
of a level, or within a district, a delegation or a deputy group) with an xlsx download, the list
of who is behind on each quota, and the coverage of the committee liaison (双联系) this quarter."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import tablib
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congress.bodies import body_ids_visible_to
from congress.downloads import download_filename, set_download_name
from congress.models import Area

from .models import Delegation, Deputy, DeputyGroup, PointsDimension, QuotaRule
from .periods import period_bounds, period_label
from .permissions import can_see_staff_reports
from .selectors import liaison_coverage, quota_behind, score_ranking

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _day(request: HttpRequest) -> datetime.date:
    """The day whose period a report shows: ``?on=YYYY-MM-DD``, today when absent or malformed."""
    try:
        return datetime.date.fromisoformat(request.GET.get("on", "")[:10])
    except ValueError:
        return timezone.localdate()


def _staff(request: HttpRequest) -> None:
    # Outside a role's scope a page is missing, as an object is (tests/security/test_permission_matrix.py).
    if not can_see_staff_reports(request.user):
        raise Http404


def _xlsx(dataset: tablib.Dataset, filename: str) -> HttpResponse:
    response = HttpResponse(dataset.export("xlsx"), content_type=XLSX)
    set_download_name(response, filename)
    return response


@login_required
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    _staff(request)
    this_year = timezone.localdate().year
    year = _int(request, "year") or this_year
    level = request.GET.get("level", Deputy.Level.MUNICIPAL)
    if level not in Deputy.Level.values:
        level = Deputy.Level.MUNICIPAL
    area_id, delegation_id, group_id = (
        _int(request, "area"),
        _int(request, "delegation"),
        _int(request, "group"),
    )
    rows = score_ranking(
        year=year,
        level=level,
        area_id=area_id,
        delegation_id=delegation_id,
        group_id=group_id,
        body_ids=body_ids_visible_to(request.user),
    )
    dimensions = list(PointsDimension.objects.order_by("sort_order", "pk"))
    if request.GET.get("format") == "xlsx":
        dataset = tablib.Dataset(
            headers=["名次", "姓名", "区县", "代表团", *[d.name for d in dimensions], "总分", "履职记录条数"],
            title=f"{year}年履职积分排名",
        )
        for deputy in rows:
            breakdown = (deputy.score_breakdown or {}).get("dimensions", {})  # type: ignore[attr-defined]
            dataset.append(
                [
                    deputy.rank,  # type: ignore[attr-defined]
                    deputy.name,
                    deputy.area.name if deputy.area else "",
                    deputy.delegation.name if deputy.delegation else "",
                    *[float(Decimal(breakdown.get(d.code, "0"))) for d in dimensions],
                    float(deputy.score_total),  # type: ignore[attr-defined]
                    deputy.score_entries,  # type: ignore[attr-defined]
                ]
            )
        return _xlsx(
            dataset, download_filename(_("Duty points ranking %(year)s") % {"year": year}, extension="xlsx")
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for deputy in page:
        breakdown = (deputy.score_breakdown or {}).get("dimensions", {})  # type: ignore[attr-defined]
        deputy.dimension_points = [Decimal(breakdown.get(d.code, "0")) for d in dimensions]  # type: ignore[attr-defined]
    return render(
        request,
        "deputies/staff/ranking.html",
        {
            **admin.site.each_context(request),
            "title": _("Duty points ranking %(year)s") % {"year": year},
            "page": page,
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
            "level": level,
            "levels": Deputy.Level.choices,
            "area_id": area_id,
            "delegation_id": delegation_id,
            "group_id": group_id,
            "districts": Area.objects.districts().order_by("code"),
            "delegations": Delegation.objects.visible_to(request.user).order_by("name"),
            "groups": DeputyGroup.objects.visible_to(request.user).order_by("kind", "name"),
            "dimensions": dimensions,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def quotas(request: HttpRequest) -> HttpResponse:
    """Who is behind on a quota rule in the current period (or a chosen day's period)."""
    _staff(request)
    rules = list(QuotaRule.objects.filter(is_active=True).order_by("sort_order", "pk"))
    rule_id = _int(request, "rule")
    rule = next((r for r in rules if r.pk == rule_id), rules[0] if rules else None)
    day = _day(request)
    area_id = _int(request, "area")
    behind = (
        quota_behind(rule, today=day, area_id=area_id, body_ids=body_ids_visible_to(request.user))
        if rule
        else Deputy.objects.none()
    )
    label = ""
    if rule is not None and rule.period != QuotaRule.Period.TERM:
        start, end = period_bounds(rule.period, day)
        label = f"{period_label(rule.period, start)}（{start:%Y-%m-%d}—{end:%Y-%m-%d}）"
    elif rule is not None:
        label = period_label(rule.period, day)
    if rule is not None and request.GET.get("format") == "xlsx":
        dataset = tablib.Dataset(headers=["姓名", "层级", "区县", "已完成", "应完成"], title=rule.name[:30])
        for deputy in behind:
            dataset.append(
                [
                    deputy.name,
                    deputy.get_level_display(),
                    deputy.area.name if deputy.area else "",
                    getattr(deputy, "done", 0),
                    rule.required,
                ]
            )
        return _xlsx(
            dataset,
            download_filename(
                _("Deputies behind on %(rule)s") % {"rule": rule.name}, f"{day:%Y%m%d}", extension="xlsx"
            ),
        )
    page = Paginator(behind, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "deputies/staff/quotas.html",
        {
            **admin.site.each_context(request),
            "title": _("Who is behind on the duty quotas"),
            "rules": rules,
            "rule": rule,
            "page": page,
            "period_label": label,
            "day": day,
            "area_id": area_id,
            "districts": Area.objects.districts().order_by("code"),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def liaison(request: HttpRequest) -> HttpResponse:
    _staff(request)
    day = _day(request)
    area_id = _int(request, "area")
    coverage = liaison_coverage(today=day, area_id=area_id, body_ids=body_ids_visible_to(request.user))
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": _("Committee liaison coverage %(quarter)s") % {"quarter": coverage["label"]},
        **coverage,
        "unlinked_page": Paginator(coverage["unlinked"], 30).get_page(request.GET.get("unlinked")),
        "no_contact_page": Paginator(coverage["no_constituent_contact"], 30).get_page(
            request.GET.get("nocontact")
        ),
        "day": day,
        "area_id": area_id,
        "districts": Area.objects.districts().order_by("code"),
    }
    return render(request, "deputies/staff/liaison.html", context)
