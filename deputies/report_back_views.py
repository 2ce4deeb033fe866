"""The public page of a report-back (述职), phone first: read the report, get an SMS code, rate it
满意 / 基本满意 / 不满意. One rating per mobile number; codes and rating attempts are rate-limited per
client address and per number (django-ratelimit)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from congress.errors import DomainError
from congress.privacy import mask_phone

from . import services
from .conf import conf
from .forms import CodeRequestForm, RatingForm
from .models import ReportBack
from .selectors import public_report_back


def _limited(request: HttpRequest, *, group: str, rate: str, key: object = "ip") -> bool:
    return bool(is_ratelimited(request, group=group, key=key, rate=rate, increment=True))


@require_http_methods(["GET", "POST"])
def report_back_public(request: HttpRequest, slug: str) -> HttpResponse:
    report_back = public_report_back(slug[:20])
    if report_back is None:
        raise Http404
    action = request.POST.get("action", "") if request.method == "POST" else ""
    code_form = CodeRequestForm(request.POST if action == "code" else None)
    rating_form = RatingForm(
        request.POST if action == "rate" else None,
        initial={"mobile": request.session.get("report_back_mobile", "")},
    )
    status = 200
    if action == "code" and code_form.is_valid():
        mobile = code_form.cleaned_data["mobile"].strip()
        if _limited(
            request, group="deputies.report_back.code.ip", rate=conf("REPORT_BACK_CODE_RATE_IP")
        ) or _limited(
            request,
            group="deputies.report_back.code.mobile",
            rate=conf("REPORT_BACK_CODE_RATE_MOBILE"),
            key=lambda _group, _request: mobile,
        ):
            code_form.add_error(None, _("Too many codes requested; please try again later."))
            status = 429
        else:
            try:
                services.report_back_code_send(report_back=report_back, mobile=mobile)
            except DomainError as error:
                code_form.add_error("mobile" if error.field == "mobile" else None, error.message)
            else:
                request.session["report_back_mobile"] = mobile
                return redirect(f"{request.path}#rate")
    elif action == "rate" and rating_form.is_valid():
        if _limited(request, group="deputies.report_back.rate.ip", rate=conf("REPORT_BACK_RATE_RATE_IP")):
            rating_form.add_error(None, _("Too many attempts; please try again later."))
            status = 429
        else:
            data = rating_form.cleaned_data
            try:
                services.report_back_rate(
                    report_back=report_back, mobile=data["mobile"], code=data["code"], value=data["value"]
                )
            except DomainError as error:
                field = error.field if error.field in rating_form.fields else None
                rating_form.add_error(field, error.message)
            else:
                request.session.pop("report_back_mobile", None)
                messages.success(request, _("Thank you: your rating is recorded."))
                return redirect(request.path)
    if status == 200 and (code_form.errors or rating_form.errors):
        status = 400
    report_back.refresh_from_db(fields=["satisfied", "basically", "unsatisfied"])
    today = timezone.localdate()
    is_open = report_back.rating_closes_on is None or today <= report_back.rating_closes_on
    return render(
        request,
        "deputies/report_back_public.html",
        {
            "report_back": report_back,
            "deputy": report_back.deputy,
            "code_form": code_form,
            "rating_form": rating_form,
            "is_open": is_open,
            "values": ReportBack.Value.choices,
            "code_sent_to": mask_phone(request.session["report_back_mobile"])
            if request.session.get("report_back_mobile")
            else "",
        },
        status=status,
    )
