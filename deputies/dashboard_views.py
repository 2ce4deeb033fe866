"""The deputy's own dashboard pages beyond the home: the duty record with points and quotas, the
annual duty report, report-backs and contacts with constituents. Each page finds its deputy through
``deputy_for_user`` (role and linked account), so a user without both gets a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congress.errors import DomainError

from . import services
from .forms import ContactForm, ReportBackForm
from .models import Deputy, ReportBack
from .panels import quota_action
from .permissions import can_edit_report_back
from .selectors import (
    contacts_of,
    deputy_for_user,
    duty_report_years,
    duty_year,
    quota_progress,
    report_backs_of,
)
from .selectors import cosigner_search as cosigner_search_select


def _deputy(request: HttpRequest) -> Deputy:
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise Http404
    return deputy


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _years(deputy: Deputy) -> list[int]:
    return duty_report_years(deputy)


@login_required
@require_GET
def duty(request: HttpRequest) -> HttpResponse:
    """My duty record of a year: score and rank, points by dimension and item, adjustments, the
    frozen evaluation, quota progress (this year only) and every entry with its points."""
    deputy = _deputy(request)
    years = _years(deputy)
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and int(value) in years else years[0]
    context = duty_year(deputy, year=year)
    context.update(
        {
            "deputy": deputy,
            "years": years,
            "quotas": [(row, quota_action(row)) for row in quota_progress(deputy)]
            if year == years[0]
            else [],
            "today": timezone.localdate(),
        }
    )
    return render(request, "deputies/duty.html", context)


@login_required
@require_GET
def report_back_list(request: HttpRequest) -> HttpResponse:
    deputy = _deputy(request)
    return render(
        request,
        "deputies/report_back_list.html",
        {"deputy": deputy, "report_backs": list(report_backs_of(deputy))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_back_new(request: HttpRequest) -> HttpResponse:
    deputy = _deputy(request)
    today = timezone.localdate()
    initial = {
        "kind": ReportBack.Kind.ANNUAL,
        "year": today.year,
        "held_on": today,
        "title": _("Report-back of deputy %(name)s, %(year)s") % {"name": deputy.name, "year": today.year},
    }
    form = ReportBackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report_back = services.report_back_create(deputy=deputy, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Draft saved. Publish it once the report-back has been held."))
            return redirect("dashboard-report-back-edit", slug=report_back.slug)
    status = 400 if form.errors else 200
    return render(request, "deputies/report_back_form.html", {"form": form, "deputy": deputy}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_back_edit(request: HttpRequest, slug: str) -> HttpResponse:
    deputy = _deputy(request)
    report_back = report_backs_of(deputy).filter(slug=slug[:20]).first()
    if report_back is None:
        raise Http404
    editable = can_edit_report_back(request.user, report_back)
    initial = {name: getattr(report_back, name) for name in services.report_back.EDITABLE_FIELDS}
    form = ReportBackForm(request.POST or None, initial=initial)
    if request.method == "POST" and editable:
        action = request.POST.get("action", "save")
        if form.is_valid():
            try:
                services.report_back_update(
                    report_back=report_back, changes=form.cleaned_data, actor=request.user
                )
                if action == "publish":
                    services.report_back_publish(report_back=report_back, actor=request.user)
                    messages.success(request, _("Published. Voters can now rate your report-back."))
                    return redirect("dashboard-report-backs")
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("dashboard-report-back-edit", slug=report_back.slug)
    status = 400 if form.errors else 200
    return render(
        request,
        "deputies/report_back_form.html",
        {"form": form, "deputy": deputy, "report_back": report_back, "editable": editable},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest) -> HttpResponse:
    """Record a contact with constituents (走访、座谈、回原选区 …) and see the latest ones."""
    deputy = _deputy(request)
    form = ContactForm(request.POST or None, initial={"on": timezone.localdate(), "method": "visit"})
    if request.method == "POST" and form.is_valid():
        try:
            services.constituent_contact_record(deputy=deputy, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The contact is recorded in your duty record."))
            return redirect("dashboard-contacts")
    status = 400 if form.errors else 200
    return render(
        request,
        "deputies/contacts.html",
        {"form": form, "deputy": deputy, "contacts": contacts_of(deputy)},
        status=status,
    )


@login_required
@require_GET
def cosigner_search(request: HttpRequest) -> JsonResponse:
    """Co-signers for the suggestion forms' picker (``static/js/cosigner-picker.js``): the deputy
    types part of a name, a delegation or a work unit and gets a short list as JSON."""
    deputy = _deputy(request)
    results = cosigner_search_select(request.GET.get("q", ""), exclude_id=deputy.pk)
    return JsonResponse({"results": results})
