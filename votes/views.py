"""Public project pages and the proposal form, the deputy's ballot pages under /dashboard/ballots/,
and the unit workbench's project pages under /unit/projects/."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from congress.errors import DomainError
from congress.role_pages import RoleRequired
from deputies.selectors import deputy_for_user, deputy_seats, seat_for

from . import conf, permissions, reports, selectors, services
from .forms import (
    PRIVACY_NOTICE,
    ProgressForm,
    ProposalForm,
    PublicProposalForm,
    RectificationResponseForm,
    VoteForm,
    add_domain_error,
)
from .models import Ballot, PaperMark, Proposal

# --- public ------------------------------------------------------------------------------------


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """Each body's projects and ballot results (the city's, each district's and township's), in
    the order of the body tree; ``?body=<id>`` shows one body. An unknown body is an empty list
    with the filter still there, never an error."""
    bodies = list(selectors.ballot_bodies())
    raw = request.GET.get("body", "")
    chosen = next((b for b in bodies if str(b.pk) == raw), None)
    collecting = selectors.collecting_cycles().select_related("term__body")
    groups = (
        selectors.public_results_by_body(body_id=chosen.pk if chosen else None) if not raw or chosen else []
    )
    return render(
        request,
        "votes/project_list.html",
        {
            "groups": groups,
            "bodies": bodies,
            "chosen": chosen,
            "unknown_body": bool(raw) and chosen is None,
            "collecting": list(collecting.filter(term__body=chosen) if chosen else collecting),
            "page_body": chosen,
        },
    )


@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.public_project(slug)
    if project is None:
        raise Http404
    return render(
        request, "votes/project_detail.html", {"project": project, "page_body": project.cycle.term.body}
    )


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    """The public proposal form of one collecting cycle: ``?cycle=<id>`` when several bodies
    collect at once, else the first."""
    collecting = selectors.collecting_cycles().select_related("term__body")
    wanted = request.POST.get("cycle") or request.GET.get("cycle") or ""
    cycle = (collecting.filter(pk=int(wanted)) if wanted.isdigit() else collecting).first()
    if cycle is None:
        return render(request, "votes/propose_closed.html", status=200)
    form = PublicProposalForm(request.POST or None)
    if request.method == "POST":
        limited = is_ratelimited(
            request, group="votes.propose", key="ip", rate=conf.proposal_rate(), increment=True
        )
        if limited:
            form.is_valid()
            form.add_error(None, _("Too many proposals from your network; please try again later."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                proposal = services.proposal_submit(
                    cycle=cycle,
                    source=Proposal.Source.CITIZEN,
                    title=data["title"],
                    description=data["description"],
                    area=data["area"],
                    location=data["location"],
                    proposer_name=data["proposer_name"],
                    proposer_phone=data["proposer_phone"],
                    proposer_email=data["proposer_email"],
                    consent=data["consent"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return render(request, "votes/propose_done.html", {"proposal": proposal, "cycle": cycle})
    return render(
        request,
        "votes/propose.html",
        {"form": form, "cycle": cycle, "privacy_notice": PRIVACY_NOTICE, "page_body": cycle.term.body},
    )


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    result = reports.published_ballot_result(slug)
    if result is None:
        raise Http404
    return render(request, "votes/results.html", {"r": result, "page_body_name": result["body"]})


# --- deputy dashboard ----------------------------------------------------------------------------


def _deputy(request: HttpRequest) -> Any:
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise Http404
    return deputy


@login_required
@require_GET
def dashboard_ballots(request: HttpRequest) -> HttpResponse:
    deputy = deputy_for_user(request.user)
    if deputy is None:
        return RoleRequired(request, "deputy")
    return render(
        request,
        "votes/dashboard_ballots.html",
        {
            "deputy": deputy,
            "ballots": list(selectors.open_ballots_for(deputy)),
            "collecting": selectors.collecting_cycles_for(deputy).first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dashboard_vote(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark, review, confirm once. The confirmation page repeats the marks in hidden fields; only
    the confirmed post casts the vote."""
    person = _deputy(request)
    ballot = selectors.ballot_for_deputy(person, slug)
    if ballot is None:
        raise Http404
    # A deputy of two congresses votes in each body's ballot with that body's seat.
    deputy = seat_for(deputy_seats(person), term_id=ballot.cycle.term_id)
    entries = list(selectors.ballot_entries(ballot))
    template = "votes/evaluate.html" if ballot.kind == Ballot.Kind.EVALUATION else "votes/vote.html"
    if selectors.has_voted(ballot, deputy):
        return render(request, template, {"ballot": ballot, "entries": entries, "voted": True})
    if ballot.status != Ballot.Status.OPEN or not ballot.accepts_electronic:
        return render(request, template, {"ballot": ballot, "entries": entries, "closed": True})
    form = VoteForm(request.POST or None, ballot=ballot, entries=entries)
    if request.method == "POST" and form.is_valid():
        marks = form.marks()
        if not form.cleaned_data.get("confirm"):
            labels = dict(PaperMark.Choice.choices)
            chosen = [
                (e, labels[marks[e.candidate_id]] if ballot.kind == Ballot.Kind.EVALUATION else "")
                for e in entries
                if e.candidate_id in marks
            ]
            return render(
                request,
                "votes/vote_confirm.html",
                {"ballot": ballot, "form": form, "chosen": chosen, "post": request.POST},
            )
        try:
            services.vote_cast(ballot=ballot, deputy=deputy, marks=marks)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your vote has been recorded. Thank you."))
            return redirect("votes-dashboard-ballots")
    return render(request, template, {"ballot": ballot, "entries": entries, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def dashboard_propose(request: HttpRequest) -> HttpResponse:
    person = _deputy(request)
    cycle = selectors.collecting_cycles_for(person).first()
    if cycle is None:
        return render(request, "votes/dashboard_propose.html", {"closed": True})
    deputy = seat_for(deputy_seats(person), term_id=cycle.term_id)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_submit(
                cycle=cycle,
                source=Proposal.Source.DEPUTY,
                deputy=deputy,
                title=data["title"],
                description=data["description"],
                area=data["area"],
                location=data["location"],
                proposer_name=deputy.name,
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your proposal has been received."))
            return redirect("votes-dashboard-ballots")
    return render(request, "votes/dashboard_propose.html", {"form": form, "cycle": cycle})


# --- unit workbench ------------------------------------------------------------------------------


@login_required
@require_GET
def unit_projects(request: HttpRequest) -> HttpResponse:
    if permissions.officer_unit_id(request.user) is None:
        raise Http404
    return render(
        request, "votes/unit_projects.html", {"projects": list(selectors.unit_projects(request.user))}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_project(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.unit_projects(request.user).filter(slug=slug).first()
    if project is None:
        raise Http404
    form = ProgressForm(
        request.POST if request.POST.get("action") == "progress" else None,
        request.FILES or None,
        project=project,
        initial={
            "reported_on": timezone.localdate(),
            "progress_percent": project.progress_percent,
            "actual_quantity": project.actual_quantity,
            "spent": project.spent,
        },
    )
    # The rectification is the lead unit's to answer: a co-unit's officer neither sees the form nor
    # may post it (the service refuses as well).
    answers = permissions.can_respond_rectification(request.user, project)
    if request.method == "POST" and request.POST.get("action") == "rectification" and not answers:
        raise Http404
    open_rect = project.rectifications.filter(responded_on__isnull=True).first() if answers else None
    rect_form = RectificationResponseForm(
        request.POST if request.POST.get("action") == "rectification" else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "progress" and form.is_valid():
                data = form.cleaned_data
                services.project_progress_report(
                    project=project,
                    author=request.user,
                    reported_on=data["reported_on"],
                    progress_percent=data["progress_percent"],
                    actual_quantity=data["actual_quantity"],
                    spent=data["spent"],
                    text=data["text"],
                    milestone=data["milestone"],
                    photos=[data["photo"]] if data.get("photo") else [],
                )
                messages.success(request, _("Progress saved."))
                return redirect(reverse("votes-unit-project", args=[project.slug]))
            if request.POST.get("action") == "rectification" and open_rect and rect_form.is_valid():
                services.rectification_respond(
                    rectification=open_rect, response=rect_form.cleaned_data["response"], actor=request.user
                )
                messages.success(request, _("Response recorded."))
                return redirect(reverse("votes-unit-project", args=[project.slug]))
        except DomainError as error:
            add_domain_error(form if request.POST.get("action") == "progress" else rect_form, error)
    return render(
        request,
        "votes/unit_project.html",
        {
            "project": project,
            "form": form,
            "rect": open_rect,
            "rect_form": rect_form,
            "updates": list(project.updates.prefetch_related("photos")[:20]),
            "milestones": list(project.milestones.all()),
        },
    )
