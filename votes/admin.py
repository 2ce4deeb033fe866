"""Admin of the livelihood-project ballots: staff move a cycle through its phases, screen
proposals, build the candidate list, run ballots (presence, paper double entry, count, publish,
run-off) and follow projects. Every write goes through ``services``; ballot papers are not in the
admin at all."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.admin_bodies import BodyScopedAdminMixin
from congress.admin_guard import admin_permissions
from congress.admin_mixins import ServiceAdminMixin, changed_values
from congress.errors import DomainError
from congress.privacy import mask_email, mask_phone

from . import selectors, services, workflow
from .forms import (
    BallotSetupForm,
    DepartmentProposalForm,
    FromSuggestionForm,
    ScreeningForm,
)
from .models import (
    Ballot,
    Candidate,
    Cycle,
    FeasibilityAssessment,
    Proposal,
)


def _blockers_html(items: list[str]) -> str:
    if not items:
        return format_html("<strong>{}</strong>", _("Nothing is missing."))
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = [
            "year",
            "term",
            "title",
            "seats",
            "collection_opens_on",
            "collection_closes_on",
            "ballot_on",
            "evaluation_on",
            "notes",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("term") is not None:
            try:
                services.cycle_term_validate(term=data["term"])
            except DomainError as error:
                self.add_error("term", error.message)
        if data.get("collection_opens_on") or data.get("collection_closes_on"):
            try:
                services.collection_window_validate(
                    opens_on=data.get("collection_opens_on"), closes_on=data.get("collection_closes_on")
                )
            except DomainError as error:
                self.add_error("collection_closes_on", error.message)
        return data


@admin.register(Cycle)
class CycleAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    form = CycleForm
    list_display = ["title", "year", "term", "phase", "seats", "collection_opens_on", "collection_closes_on"]
    list_filter = ["phase", "term__level"]
    list_select_related = ["term"]
    readonly_fields = [
        "phase",
        "missing_before_close",
        "chairpersons_approved_on",
        "committee_approved_on",
        "phase_buttons",
    ]
    actions = ["approve_chairpersons", "approve_committee", "setup_selection", "setup_evaluation"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a cycle is the record of its year's ballot

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        base = list(CycleForm.Meta.fields)
        return base if obj is None else [*base, *self.readonly_fields]

    @admin.display(description=gettext_lazy("Missing before this phase can close"))
    def missing_before_close(self, obj: Cycle) -> str:
        return _blockers_html(selectors.cycle_blockers(obj)) if obj.pk else ""

    @admin.display(description=gettext_lazy("Phase"))
    def phase_buttons(self, obj: Cycle) -> str:
        if not obj.pk:
            return ""
        moves = workflow.CYCLE_MOVES.get(obj.phase, ())
        return format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            (
                (
                    reverse("admin:votes_cycle_phase", args=[obj.pk, to]),
                    _("Move to: %(p)s") % {"p": Cycle.Phase(to).label},
                )
                for to in moves
            ),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/phase/<str:to>/",
                self.admin_site.admin_view(self.phase_view),
                name="votes_cycle_phase",
            ),
            *super().get_urls(),
        ]

    @admin_permissions("change")
    def phase_view(self, request: HttpRequest, pk: int, to: str) -> HttpResponse:
        cycle = get_object_or_404(self.get_queryset(request), pk=pk)  # outside the user's bodies: 404
        if not self.has_change_permission(request, cycle):
            raise PermissionDenied
        if request.method == "POST":
            try:
                services.cycle_transition(
                    cycle=cycle, to=to, actor=request.user, note=request.POST.get("note", "")
                )
                self.message_user(request, _("The cycle moved to “%(p)s”.") % {"p": Cycle.Phase(to).label})
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:votes_cycle_change", args=[pk]))
        return TemplateResponse(
            request,
            "votes/admin/confirm.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move “%(c)s” to “%(p)s”") % {"c": cycle, "p": Cycle.Phase(to).label},
                "blockers": selectors.cycle_blockers(cycle),
                "ask_note": True,
                "opts": self.model._meta,
            },
        )

    def save_model(self, request: HttpRequest, obj: Cycle, form: Any, change: bool) -> None:
        if change:
            services.cycle_save(cycle=obj, actor=request.user)
        else:
            created = services.cycle_create(
                year=obj.year,
                term=obj.term,
                title=obj.title,
                seats=obj.seats,
                collection_opens_on=obj.collection_opens_on,
                collection_closes_on=obj.collection_closes_on,
                ballot_on=obj.ballot_on,
                actor=request.user,
            )
            obj.pk = created.pk

    def _approve(self, request: HttpRequest, queryset: QuerySet[Cycle], body: str) -> None:
        for cycle in queryset:
            try:
                services.cycle_record_approval(
                    cycle=cycle, body=body, on=timezone.localdate(), actor=request.user
                )
            except DomainError as error:
                self.message_user(request, f"{cycle}: {error.message}", messages.ERROR)

    @admin.action(
        description=gettext_lazy("Record approval by the chairpersons' meeting (today)"),
        permissions=["change"],
    )
    def approve_chairpersons(self, request: HttpRequest, queryset: QuerySet[Cycle]) -> None:
        self._approve(request, queryset, "chairpersons")

    @admin.action(
        description=gettext_lazy("Record approval by the standing committee (today)"), permissions=["change"]
    )
    def approve_committee(self, request: HttpRequest, queryset: QuerySet[Cycle]) -> None:
        self._approve(request, queryset, "committee")

    def _setup(self, request: HttpRequest, queryset: QuerySet[Cycle], kind: str) -> HttpResponse | None:
        form = BallotSetupForm(
            request.POST if "held_on" in request.POST else None, initial={"held_on": timezone.localdate()}
        )
        if form.is_valid():
            for cycle in queryset:
                if kind == Ballot.Kind.EVALUATION:
                    candidates = [p.candidate for p in cycle.projects.select_related("candidate")]
                else:
                    candidates = list(cycle.candidates.all())
                try:
                    ballot = services.ballot_create(
                        cycle=cycle,
                        candidates=candidates,
                        held_on=form.cleaned_data["held_on"],
                        mode=form.cleaned_data["mode"],
                        kind=kind,
                        actor=request.user,
                    )
                    self.message_user(request, _("Ballot “%(b)s” set up.") % {"b": ballot})
                except DomainError as error:
                    self.message_user(request, f"{cycle}: {error.message}", messages.ERROR)
            return None
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Set up a ballot"),
                "form": form,
                "queryset": queryset,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
            },
        )

    @admin.action(description=gettext_lazy("Set up the selection ballot"), permissions=["change"])
    def setup_selection(self, request: HttpRequest, queryset: QuerySet[Cycle]) -> HttpResponse | None:
        return self._setup(request, queryset, Ballot.Kind.SELECTION)

    @admin.action(description=gettext_lazy("Set up the satisfaction evaluation"), permissions=["change"])
    def setup_evaluation(self, request: HttpRequest, queryset: QuerySet[Cycle]) -> HttpResponse | None:
        return self._setup(request, queryset, Ballot.Kind.EVALUATION)


class AssessmentInline(admin.TabularInline):
    """Assessments are recorded on the screening page (``services.proposal_assess``)."""

    model = FeasibilityAssessment
    extra = 0
    can_delete = False
    readonly_fields = ("unit", "feasible", "opinion", "estimated_budget", "assessed_on")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """Proposals are screened on their own page; here staff correct a proposal's text while the
    cycle collects and screens (``services.proposal_update``, audited). Never deleted: a proposal
    that is not taken is screened out with a reason the proposer is told."""

    list_display = ["code", "title", "cycle", "source", "status", "score", "proposer_masked", "submitted_at"]
    list_filter = ["cycle", "status", "source"]
    list_select_related = ["cycle"]
    search_fields = ["code", "title", "description"]
    readonly_fields = [
        "cycle",
        "code",
        "source",
        "status",
        "merged_into",
        "decision_reason",
        "urgency",
        "readiness",
        "reach",
        "impact",
        "deputy",
        "unit",
        "source_suggestion",
        "submitted_at",
        "screening_link",
        "proposer_masked",
        "masked_contact",
    ]
    fields = [
        "screening_link",
        "cycle",
        "code",
        "source",
        "status",
        "title",
        "description",
        "area",
        "location",
        "proposer_masked",
        "masked_contact",
        "deputy",
        "unit",
        "source_suggestion",
        "merged_into",
        "decision_reason",
        "urgency",
        "readiness",
        "reach",
        "impact",
        "submitted_at",
    ]
    inlines = [AssessmentInline]
    actions = ["screen_in"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # proposals come through the public form, the dashboard or the suggestion link

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.cycle.phase not in services.PROPOSAL_TEXT_OPEN:
            return [*fields, *services.PROPOSAL_TEXT_FIELDS]
        return fields

    def service_check(self, instance: Proposal) -> None:
        services.proposal_text_check(instance)

    def save_model(self, request: HttpRequest, obj: Proposal, form: Any, change: bool) -> None:
        services.proposal_update(proposal=obj, changes=changed_values(form), actor=request.user)

    @admin.display(description=gettext_lazy("proposer"))
    def proposer_masked(self, obj: Proposal) -> str:
        return obj.masked_proposer or "—"

    @admin.display(description=gettext_lazy("proposer's contact"))
    def masked_contact(self, obj: Proposal) -> str:
        # Personal data (DOMAIN §9): staff never need the number; the notice is sent automatically.
        masked = (mask_phone(obj.proposer_phone), mask_email(obj.proposer_email))
        return " · ".join(x for x in masked if x) or "—"

    @admin.display(description=gettext_lazy("Screening"))
    def screening_link(self, obj: Proposal) -> str:
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:votes_proposal_screen", args=[obj.pk]),
            _("Assess, score and decide"),
        )

    change_list_template = "votes/admin/proposal_change_list.html"

    def get_urls(self) -> list[Any]:
        return [
            path(
                "from-department/",
                self.admin_site.admin_view(self.from_department_view),
                name="votes_proposal_from_department",
            ),
            path(
                "from-suggestion/",
                self.admin_site.admin_view(self.from_suggestion_view),
                name="votes_proposal_from_suggestion",
            ),
            path(
                "<int:pk>/screen/", self.admin_site.admin_view(self.screen_view), name="votes_proposal_screen"
            ),
            *super().get_urls(),
        ]

    @admin_permissions("change")
    def screen_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = get_object_or_404(self.get_queryset(request).select_related("cycle"), pk=pk)
        if not self.has_change_permission(request, proposal):
            raise PermissionDenied
        form = ScreeningForm(
            request.POST or None,
            initial={
                "urgency": proposal.urgency,
                "readiness": proposal.readiness,
                "reach": proposal.reach,
                "impact": proposal.impact,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():  # all or nothing: a refused decision keeps no half-saved scores
                    self._screen(request, proposal, data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(request, _("Screening saved."))
                return HttpResponseRedirect(reverse("admin:votes_proposal_change", args=[pk]))
        return self._screen_page(request, proposal, form)

    def _screen(self, request: HttpRequest, proposal: Proposal, data: dict[str, Any]) -> None:
        scores = [data[k] for k in ("urgency", "readiness", "reach", "impact")]
        if all(s is not None for s in scores):
            services.proposal_score(
                proposal=proposal,
                urgency=data["urgency"],
                readiness=data["readiness"],
                reach=data["reach"],
                impact=data["impact"],
                actor=request.user,
            )
        if data["unit"] and data["opinion"]:
            services.proposal_assess(
                proposal=proposal,
                unit=data["unit"],
                feasible=data["feasible"],
                opinion=data["opinion"],
                estimated_budget=data["estimated_budget"],
                actor=request.user,
            )
        if data["decision"]:
            into = None
            if data["decision"] == "merged":
                into = Proposal.objects.filter(code=data["into"].strip()).first()
            services.proposal_transition(
                proposal=proposal, to=data["decision"], reason=data["reason"], into=into, actor=request.user
            )

    def _screen_page(self, request: HttpRequest, proposal: Proposal, form: ScreeningForm) -> HttpResponse:
        similar = Proposal.objects.filter(cycle=proposal.cycle, title__icontains=proposal.title[:4]).exclude(
            pk=proposal.pk
        )[:10]
        return TemplateResponse(
            request,
            "votes/admin/screen.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Screen “%(t)s”") % {"t": proposal.title},
                "proposal": proposal,
                "form": form,
                "similar": similar,
                "assessments": proposal.assessments.select_related("unit"),
                "opts": self.model._meta,
            },
        )

    @admin_permissions("change")
    def from_department_view(self, request: HttpRequest) -> HttpResponse:
        """Staff enter a proposal a department sent in (during collection or screening)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = DepartmentProposalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                proposal = services.proposal_submit(
                    cycle=data["cycle"],
                    source=Proposal.Source.DEPARTMENT,
                    unit=data["unit"],
                    title=data["title"],
                    description=data["description"],
                    area=data["area"],
                    location=data["location"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return HttpResponseRedirect(reverse("admin:votes_proposal_change", args=[proposal.pk]))
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Add a department's proposal"),
                "form": form,
                "opts": self.model._meta,
            },
        )

    @admin_permissions("change")
    def from_suggestion_view(self, request: HttpRequest) -> HttpResponse:
        """Staff turn a suggestion (by its tracking code) into a proposal of a cycle."""
        from suggestions.models import Suggestion

        if not self.has_change_permission(request):
            raise PermissionDenied
        form = FromSuggestionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            suggestion = Suggestion.objects.filter(code__iexact=form.cleaned_data["code"].strip()).first()
            if suggestion is None:
                form.add_error("code", _("No suggestion has this tracking code."))
            else:
                try:
                    proposal = services.proposal_from_suggestion(
                        suggestion=suggestion, cycle=form.cleaned_data["cycle"], actor=request.user
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    self.message_user(
                        request, _("Proposal %(code)s created from the suggestion.") % {"code": proposal.code}
                    )
                    return HttpResponseRedirect(reverse("admin:votes_proposal_change", args=[proposal.pk]))
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Turn a suggestion into a proposal"),
                "form": form,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=gettext_lazy("Screen in the selected proposals"), permissions=["change"])
    def screen_in(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        for proposal in queryset:
            try:
                services.proposal_transition(
                    proposal=proposal, to=Proposal.Status.SCREENED_IN, actor=request.user
                )
            except DomainError as error:
                self.message_user(request, f"{proposal}: {error.message}", messages.ERROR)


@admin.register(Candidate)
class CandidateAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """The candidate list, written through ``services.candidate_*`` (audited). The list is frozen
    once the ballot phase starts: the service refuses it, the form only shows it."""

    list_display = ["number", "title", "cycle", "lead_unit", "budget", "deadline"]
    list_filter = ["cycle"]
    list_select_related = ["cycle", "lead_unit"]
    search_fields = ["title"]
    filter_horizontal = ["co_units"]
    raw_id_fields = ["proposals"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.cycle.phase not in services.CANDIDATE_LIST_OPEN:
            return [*fields, *services.CANDIDATE_FIELDS]
        return fields

    def service_check(self, instance: Candidate) -> None:
        stored = Candidate.objects.filter(pk=instance.pk).values_list("cycle_id", flat=True).first()
        services.candidate_list_check({instance.cycle_id, stored})

    def save_model(self, request: HttpRequest, obj: Candidate, form: Any, change: bool) -> None:
        if change:
            saved = services.candidate_update(candidate=obj, changes=changed_values(form), actor=request.user)
        else:
            data = form.cleaned_data
            values = {name: data[name] for name in services.CANDIDATE_FIELDS if name in data}
            saved = services.candidate_create(values=values, actor=request.user)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Candidate) -> None:
        services.candidate_delete(candidate=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        for candidate in queryset:
            services.candidate_delete(candidate=candidate, actor=request.user)


# The ballots' and the projects' admin, registered on import (autodiscovery imports this module).
from . import admin_ballots, admin_projects  # noqa: E402, F401
