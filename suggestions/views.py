"""Pages of the suggestions app: the public intake and tracking, published cases, the unit workbench,
the deputy dashboard pages and the station desk. Every write goes through ``services``."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from congress import pagecache
from congress.errors import DomainError
from congress.models import Area
from congress.notifications.selectors import sms_receipt_state
from congress.privacy import mask_name, mask_phone, mask_text
from congress.role_pages import RoleRequired
from congress.selectors import categories_for_body
from deputies.models import Deputy
from deputies.selectors import deputy_seats, seat_for
from stations.models import Reception, Station
from stations.permissions import liaison_stations
from stations.selectors import qr_target

from . import limits, selectors, services
from .conf import conf
from .forms import (
    PRIVACY_NOTICE,
    DeskForm,
    ExtensionForm,
    FileSuggestionForm,
    FollowUpForm,
    KeepForm,
    RateForm,
    ReplyForm,
    ReturnForm,
    SubmitForm,
    TakeUpForm,
    TrackForm,
    ViewsForm,
)
from .models import (
    Assignment,
    Channel,
    Commitment,
    Rating,
    Reply,
    ReplyAttachment,
    Status,
    Suggestion,
    SuggestionPhoto,
)
from .permissions import can_reveal_contact, deputy_of, officer_of
from .pins import RECEIPT_KIND, pin_slip_give, pin_slip_take

SESSION_TRACKED = "suggestions_tracked"


def _form_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# -- public intake ---------------------------------------------------------------------------------


def _intake_target(request: HttpRequest) -> tuple[Deputy | None, Station | None, str]:
    """The deputy or station a QR code or link chose; a revoked or unknown code gives a message and
    the plain form."""
    params = request.POST if request.method == "POST" else request.GET
    token = _clean_slug(params.get("qr", ""), 16)
    if token:
        target = qr_target(token)
        if target is None or target.revoked:
            if request.method == "GET":
                messages.warning(
                    request,
                    _(
                        "This QR code is no longer valid. "
                        "You can still send your opinion with the form below."
                    ),
                )
            return None, None, ""
        return target.deputy, target.station, target.token
    deputy = None
    station = None
    if params.get("deputy"):
        deputy = Deputy.objects.filter(slug=_clean_slug(params["deputy"], 20), status="active").first()
    if params.get("station"):
        station = Station.objects.filter(slug=_clean_slug(params["station"], 20)).first()
    return deputy, station, ""


def _dealing_body_id(deputy: Deputy | None, station: Station | None) -> int | None:
    """The body a citizen deals with on the form: the one a station's or deputy's code leads to (the
    body that will receive the item); None for the open form (its body follows the chosen place)."""
    if station is None and deputy is None:
        return None
    return services.intake_body_id(station=station, deputy=deputy, area=None)


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    deputy, station, token = _intake_target(request)
    body_id = _dealing_body_id(deputy, station)
    initial = {
        "deputy": deputy.slug if deputy else "",
        "station": station.slug if station else "",
        "qr": token,
    }
    status = 200
    if request.method == "POST":
        form = SubmitForm(request.POST, request.FILES, initial=initial, body=body_id)
        if limits.submit_limited_by_ip(request):
            form.is_valid()
            form.add_error(None, _("Too many submissions from your network. Please try again later."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            if limits.submit_limited_by_mobile(request, data["submitter_mobile"]):
                form.add_error("submitter_mobile", _("Too many submissions with this mobile number today."))
                status = 429
            else:
                try:
                    result = services.suggestion_submit(
                        submission=services.SubmissionInput.from_cleaned(
                            data,
                            channel=Channel.QR if token else Channel.WEB,
                            deputy=deputy,
                            station=station,
                            qr_token=token,
                            # Found once for the form's categories (None: by the place chosen).
                            body_id=body_id,
                        )
                    )
                except DomainError as error:
                    _form_error(form, error)
                else:
                    pin_slip_give(request, result.suggestion)
                    return redirect("submit-done")
        _keep_photos(form)
    else:
        form = SubmitForm(initial=initial, body=body_id)
    return render(
        request,
        "suggestions/submit.html",
        {"form": form, "deputy": deputy, "station": station, "privacy_notice": PRIVACY_NOTICE},
        status=status,
    )


def _keep_photos(form: SubmitForm) -> None:
    """After a failed submission, keep the photos that passed so they need not be chosen again."""
    photos = form.cleaned_data.get("photos") if hasattr(form, "cleaned_data") else None
    data = form.data.copy()  # type: ignore[attr-defined]
    if photos and "photos" not in form.errors:
        data["photo_token"] = form.stash_photos(photos)
        form.kept_photos = len(photos)  # type: ignore[attr-defined]
    else:
        data["photo_token"] = ""
    form.data = data


@never_cache
@require_GET
def submit_done(request: HttpRequest) -> HttpResponse:
    """The tracking code and PIN, shown once (the session keeps only the code until then)."""
    slip = pin_slip_take(request)
    if slip is None:
        return redirect("track")
    suggestion = Suggestion.objects.filter(code=slip.code).first()
    sms = sms_receipt_state(suggestion, kind=RECEIPT_KIND) if suggestion is not None else ""
    return render(request, "suggestions/submit_done.html", {"code": slip.code, "pin": slip.pin, "sms": sms})


# -- public tracking -------------------------------------------------------------------------------


@sensitive_post_parameters("pin")
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            code = services.normalise_code(form.cleaned_data["code"])
            refused = limits.track_refused(request, code)
            if refused is not None:
                form.add_error(None, refused.message)
                status = 429
            else:
                suggestion = selectors.suggestion_by_code_and_pin(code=code, pin=form.cleaned_data["pin"])
                if suggestion is None:
                    limits.track_failed(request, code)
                    form.add_error(None, _("The tracking code or the PIN is not right."))
                else:
                    tracked = list(request.session.get(SESSION_TRACKED, []))[-9:]
                    if suggestion.code not in tracked:
                        tracked.append(suggestion.code)
                    request.session[SESSION_TRACKED] = tracked
                    return redirect("track-case", code=suggestion.code)
    else:
        form = TrackForm(initial={"code": request.GET.get("code", "")})
    return render(request, "suggestions/track.html", {"form": form}, status=status)


def _tracked(request: HttpRequest, code: str) -> Suggestion:
    code = services.normalise_code(code)
    if code not in request.session.get(SESSION_TRACKED, []):
        raise Http404
    suggestion = (
        Suggestion.objects.select_related("category", "area", "deputy", "station", "body", "received_by")
        .filter(code=code)
        .first()
    )
    if suggestion is None:
        raise Http404
    return suggestion


@require_http_methods(["GET", "POST"])
def track_case(request: HttpRequest, code: str) -> HttpResponse:
    """The timeline a submitter sees, with the reply and the rating form once replied."""
    if code not in request.session.get(SESSION_TRACKED, []):
        # The code comes from the address: encoded, so "?" or "&" in it cannot add parameters.
        return redirect(f"{reverse('track')}?{urlencode({'code': code})}")
    suggestion = _tracked(request, code)
    rate_form = RateForm(request.POST or None)
    if request.method == "POST" and rate_form.is_valid():
        try:
            services.suggestion_rate(
                suggestion=suggestion,
                rater=Rating.Rater.SUBMITTER,
                value=rate_form.cleaned_data["value"],
                comment=rate_form.cleaned_data["comment"],
            )
        except DomainError as error:
            _form_error(rate_form, error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("track-case", code=suggestion.code)
    timeline = selectors.suggestion_timeline(suggestion)
    return render(
        request,
        "suggestions/track_case.html",
        {
            "suggestion": suggestion,
            "timeline": timeline,
            "can_rate": selectors.can_submitter_rate(suggestion),
            "rate_form": rate_form,
            "photos": list(suggestion.photos.all()),
            # The body the citizen deals with now: a transferred item names its new body.
            "page_body": suggestion.body,
        },
    )


# -- published cases ---------------------------------------------------------------------------


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    query = _clean_text(request.GET.get("q"), 50)
    category_id = _int(request.GET.get("category"))
    area_id = _int(request.GET.get("area"))
    cases = selectors.public_cases(query=query, category_id=category_id, area_id=area_id)
    # Called by the template only when its cached fragment is missing (congress.pagecache).
    page = SimpleLazyObject(lambda: Paginator(cases, 20).get_page(request.GET.get("page")))
    return render(
        request,
        "suggestions/case_list.html",
        {
            "fragment": pagecache.fragment(request, pagecache.CASES, pagecache.DIRECTORY),
            "page": page,
            "q": query,
            "category_id": category_id,
            "area_id": area_id,
            # The whole city's published cases: the categories every body shares.
            "categories": categories_for_body(None).filter(parent__isnull=True),
            "districts": Area.objects.filter(level=Area.Level.DISTRICT),
        },
    )


@require_GET
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = get_object_or_404(
        Suggestion.objects.published().select_related("category", "area", "body"),
        code=services.normalise_code(code),
    )
    replies = [
        (reply, mask_text(reply.text))
        for reply in Reply.objects.filter(suggestion=case)
        .select_related("assignment__unit")
        .order_by("replied_at")
    ]
    events = case.events.filter(is_public=True).order_by("at", "pk")
    return render(
        request,
        "suggestions/case_detail.html",
        # The heading names the body that handled the case.
        {
            "case": case,
            "replies": replies,
            "events": events,
            "photos": list(case.photos.all()),
            "page_body": case.body,
        },
    )


# -- photos and attachments ------------------------------------------------------------------------


def _may_see_files(request: HttpRequest, suggestion: Suggestion, *, public_ok: bool) -> bool:
    """Files of an item are served to its submitter (tracked in this session, also through a merged
    item), to people who may see the item, and for photos of a published case to everyone."""
    tracked = set(request.session.get(SESSION_TRACKED, []))
    if suggestion.code in tracked:
        return True
    if tracked and suggestion.merged_items.filter(code__in=tracked).exists():
        return True
    if public_ok and suggestion.is_published and suggestion.status == Status.CLOSED:
        return True
    return Suggestion.objects.visible_to(request.user).filter(pk=suggestion.pk).exists()


@require_GET
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(SuggestionPhoto.objects.select_related("suggestion"), pk=pk)
    if not _may_see_files(request, photo.suggestion, public_ok=True):
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(ReplyAttachment.objects.select_related("reply__suggestion"), pk=pk)
    if not _may_see_files(request, attachment.reply.suggestion, public_ok=False):
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _clean_slug(value: Any, length: int) -> str:
    """Identifiers from URLs: letters, digits, - and _ only (a NUL byte would upset PostgreSQL)."""
    return re.sub(r"[^0-9A-Za-z_-]", "", str(value or ""))[:length]


def _clean_text(value: Any, length: int) -> str:
    return str(value or "").replace("\x00", "").strip()[:length]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- unit workbench ---------------------------------------------------------------------------------


@login_required
@require_GET
def unit_home(request: HttpRequest) -> HttpResponse:
    officer = officer_of(request.user)
    if officer is None:
        return RoleRequired(request, "officer")
    status = request.GET.get("status", "open")
    overdue_only = request.GET.get("overdue") == "1"
    query = _clean_text(request.GET.get("q"), 40)
    inbox = selectors.unit_inbox(
        unit_id=officer.unit_id, status=status, query=query, overdue_only=overdue_only
    )
    page = Paginator(inbox, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=conf("SUGGESTIONS_DUE_SOON_DAYS"))
    return render(
        request,
        "suggestions/unit_home.html",
        {
            "officer": officer,
            "unit": officer.unit,
            "page": page,
            "status": status,
            "overdue_only": overdue_only,
            "q": query,
            "today": today,
            "soon": soon,
        },
    )


UNIT_ACTIONS = ("sign", "return", "views", "reply", "follow_up", "extension", "keep", "reveal")


@login_required
@require_http_methods(["GET", "POST"])
def unit_item(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_for_officer(user=request.user, pk=pk)
    suggestion = assignment.suggestion
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms: dict[str, Any] = {
        "return_form": ReturnForm(request.POST if action == "return" else None),
        "views_form": ViewsForm(request.POST if action == "views" else None),
        "reply_form": ReplyForm(
            request.POST if action == "reply" else None, request.FILES if action == "reply" else None
        ),
        "follow_up_form": FollowUpForm(
            request.POST if action == "follow_up" else None, request.FILES if action == "follow_up" else None
        ),
        "extension_form": ExtensionForm(request.POST if action == "extension" else None),
        "keep_form": KeepForm(request.POST if action == "keep" else None),
    }
    contact = None
    if request.method == "POST":
        done = _unit_action(request, action, assignment, forms)
        if action == "reveal" and done:
            contact = done
        elif done:
            return HttpResponseRedirect(reverse("unit-item", args=[assignment.pk]))
    history = selectors.suggestion_history(suggestion)
    co_views = [a for a in history["assignments"] if a.role == Assignment.Role.CO and a.views]
    return render(
        request,
        "suggestions/unit_item.html",
        {
            "assignment": assignment,
            "suggestion": suggestion,
            "masked_name": mask_name(suggestion.submitter_name),
            "masked_mobile": mask_phone(suggestion.submitter_mobile),
            "contact": contact,
            "co_views": co_views,
            **selectors.assignment_rounds(assignment),
            "today": timezone.localdate(),
            "open_commitments": [
                c for r in history["replies"] for c in r.commitments.all() if c.kept_at is None
            ],
            **history,
            **forms,
        },
    )


def _unit_action(request: HttpRequest, action: str, assignment: Assignment, forms: dict[str, Any]) -> Any:
    """Run one workbench action; returns something truthy when it succeeded."""
    user = request.user
    try:
        if action == "sign":
            services.assignment_sign_for(assignment=assignment, actor=user)
            messages.success(request, _("Signed for."))
            return True
        if action == "reveal":
            return services.contact_reveal(
                suggestion=assignment.suggestion, user=user, where="unit workbench"
            )
        form_name = {
            "return": "return_form",
            "views": "views_form",
            "reply": "reply_form",
            "follow_up": "follow_up_form",
            "extension": "extension_form",
            "keep": "keep_form",
        }.get(action)
        if form_name is None:
            return False
        form = forms[form_name]
        if not form.is_valid():
            return False
        data = form.cleaned_data
        try:
            if action == "return":
                services.assignment_return(assignment=assignment, actor=user, reason=data["reason"])
                messages.success(request, _("The item was returned to the committee staff."))
            elif action == "views":
                services.assignment_views_submit(assignment=assignment, actor=user, views=data["views"])
                messages.success(request, _("Your views were sent to the lead unit."))
            elif action == "reply":
                services.suggestion_reply(
                    assignment=assignment,
                    actor=user,
                    outcome=data["outcome"],
                    text=data["text"],
                    commitments=form.commitments(),
                    attachments=data["attachments"],
                )
                messages.success(request, _("The reply was sent."))
            elif action == "follow_up":
                services.suggestion_follow_up(
                    suggestion=assignment.suggestion,
                    actor=user,
                    text=data["text"],
                    attachments=data["attachments"],
                )
                messages.success(request, _("The follow-up reply was sent."))
            elif action == "extension":
                services.assignment_extension_request(
                    assignment=assignment, amount=data["amount"], reason=data["reason"], actor=user
                )
                messages.success(request, _("The extension request was sent to the committee staff."))
            elif action == "keep":
                commitment = get_object_or_404(
                    Commitment, pk=_int(request.POST.get("commitment")), suggestion=assignment.suggestion
                )
                services.commitment_keep(commitment=commitment, actor=user, note=data["note"])
                messages.success(request, _("The commitment is recorded as kept."))
        except DomainError as error:
            _form_error(form, error)
            return False
        return True
    except DomainError as error:
        messages.error(request, error.message)
        return False


# -- deputy dashboard -----------------------------------------------------------------------------


def _deputy_or_404(request: HttpRequest) -> Deputy:
    deputy = deputy_of(request.user)
    if deputy is None:
        raise Http404
    return deputy


@login_required
@require_GET
def opinion_list(request: HttpRequest) -> HttpResponse:
    deputy = deputy_of(request.user)
    if deputy is None:
        return RoleRequired(request, "deputy")
    items = selectors.deputy_opinions(deputy.pk)
    tab = request.GET.get("tab", "addressed")
    if tab == "own":
        items = items.filter(kind="deputy_suggestion")
    else:
        items = items.exclude(kind="deputy_suggestion")
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(request, "suggestions/opinion_list.html", {"deputy": deputy, "page": page, "tab": tab})


@login_required
@require_http_methods(["GET", "POST"])
def opinion_new(request: HttpRequest) -> HttpResponse:
    deputy = deputy_of(request.user)
    if deputy is None:
        return RoleRequired(request, "deputy")
    form = FileSuggestionForm(
        request.POST or None, body=services.intake_body_id(station=None, deputy=deputy, area=None)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = services.deputy_suggestion_file(
                deputy=deputy,
                title=data["title"],
                text=data["text"],
                category=data["category"],
                area=data["area"],
                cosigners=data["cosigners"],
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your suggestion %(code)s was filed.") % {"code": suggestion.code})
            return redirect("opinion-detail", code=suggestion.code)
    return render(request, "suggestions/opinion_new.html", {"form": form, "deputy": deputy})


@login_required
@require_http_methods(["GET", "POST"])
def opinion_detail(request: HttpRequest, code: str) -> HttpResponse:
    suggestion = selectors.suggestion_for(request.user, code=code)
    # A deputy of two congresses acts with the seat the item concerns (its body's deputy).
    concerned_ids = {d.pk for d in services.deputies_concerned(suggestion)}
    deputy = seat_for(
        deputy_seats(_deputy_or_404(request)),
        deputy_ids={suggestion.deputy_id, suggestion.handed_to_id, *concerned_ids},
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    take_up_form = TakeUpForm(
        request.POST if action == "take_up" else None,
        # The deputy files their own text: the citizen's numbers stay masked in it too.
        initial={"title": mask_text(suggestion.title), "text": mask_text(suggestion.text)},
    )
    rate_form = RateForm(request.POST if action == "rate" else None)
    contact = None
    try:
        if action == "take_up" and take_up_form.is_valid():
            data = take_up_form.cleaned_data
            try:
                formal = services.suggestion_take_up(
                    suggestion=suggestion,
                    deputy=deputy,
                    title=data["title"],
                    text=data["text"],
                    cosigners=data["cosigners"],
                    actor=request.user,
                )
            except DomainError as error:
                _form_error(take_up_form, error)
            else:
                messages.success(request, _("Filed as formal suggestion %(code)s.") % {"code": formal.code})
                return redirect("opinion-detail", code=formal.code)
        elif action == "rate" and rate_form.is_valid():
            try:
                services.suggestion_rate(
                    suggestion=suggestion,
                    rater=Rating.Rater.DEPUTY,
                    deputy=deputy,
                    value=rate_form.cleaned_data["value"],
                    comment=rate_form.cleaned_data["comment"],
                    actor=request.user,
                )
            except DomainError as error:
                _form_error(rate_form, error)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect("opinion-detail", code=suggestion.code)
        elif action == "reveal":
            contact = services.contact_reveal(
                suggestion=suggestion, user=request.user, where="deputy dashboard"
            )
    except DomainError as error:
        messages.error(request, error.message)
    history = selectors.suggestion_history(suggestion)
    rated = {r.deputy_id for r in history["ratings"] if r.round == suggestion.reopen_count}
    deputies_concerned = concerned_ids
    can_take_up = (
        suggestion.kind != "deputy_suggestion"
        and deputy.pk in (suggestion.deputy_id, suggestion.handed_to_id)
        and suggestion.status in (Status.SUBMITTED, Status.ACCEPTED)
    )
    can_rate = (
        deputy.pk in deputies_concerned
        and suggestion.status in ("replied", "follow_up_due", "rated")
        and deputy.pk not in rated
    )
    return render(
        request,
        "suggestions/opinion_detail.html",
        {
            "deputy": deputy,
            "suggestion": suggestion,
            "masked_name": mask_name(suggestion.submitter_name),
            "masked_mobile": mask_phone(suggestion.submitter_mobile),
            "can_reveal": can_reveal_contact(request.user, suggestion),
            "contact": contact,
            "can_take_up": can_take_up,
            "can_rate": can_rate,
            "take_up_form": take_up_form,
            "rate_form": rate_form,
            **history,
        },
    )


# -- station desk (liaisons) --------------------------------------------------------------------


@login_required
@require_GET
def desk_home(request: HttpRequest) -> HttpResponse:
    stations = list(liaison_stations(request.user).select_related("area").order_by("name"))
    if not stations:
        return RoleRequired(request, "liaison")
    items = (
        Suggestion.objects.visible_to(request.user)
        .filter(station__in=stations)
        .select_related("category", "station")
        .order_by("-submitted_at")
    )
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(request, "suggestions/desk_home.html", {"stations": stations, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def desk_new(request: HttpRequest, slug: str) -> HttpResponse:
    station = get_object_or_404(
        liaison_stations(request.user).prefetch_related(
            Prefetch("members", queryset=Deputy.objects.order_by("name"))
        ),
        slug=slug,
    )
    reception = _reception_for(request, station)
    form = DeskForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.suggestion_submit(
                submission=services.SubmissionInput.from_cleaned(
                    data,
                    channel=Channel.STATION_DESK,
                    area=data["area"] or station.area,
                    consent_privacy=True,
                    deputy=data["deputy"],
                    station=station,
                    reception=reception,
                ),
                actor=request.user,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            # The PIN is shown once on the next page, never put in a flash message (pins.py).
            pin_slip_give(request, result.suggestion)
            target = reverse("desk-new", args=[station.slug])
            if reception is not None:
                target += f"?reception={reception.pk}"
            return redirect(target)
    today = timezone.localdate()
    receptions = list(
        station.receptions.filter(date__gte=today - datetime.timedelta(days=30), date__lte=today).order_by(
            "-date"
        )[:10]
    )
    return render(
        request,
        "suggestions/desk_new.html",
        {
            "form": form,
            "station": station,
            "reception": reception,
            "receptions": receptions,
            "slip": pin_slip_take(request),
        },
    )


def _reception_for(request: HttpRequest, station: Station) -> Any:
    """The reception (接待活动) an opinion is taken down at, when the stations app has receptions."""
    reception_id = _int(request.GET.get("reception") or request.POST.get("reception"))
    if reception_id is None:
        return None
    return get_object_or_404(Reception, pk=reception_id, station=station)
