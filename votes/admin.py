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
from django.utils.translation import gettext_lazy, pgettext

from congress.errors import DomainError
from deputies.models import Deputy

from . import selectors, services, workflow
from .forms import (
    BallotSetupForm,
    DepartmentProposalForm,
    EntitledForm,
    FromSuggestionForm,
    InspectionForm,
    PaperCountForm,
    PresenceForm,
    ScreeningForm,
)
from .models import (
    Ballot,
    BallotEntry,
    Candidate,
    Cycle,
    FeasibilityAssessment,
    InspectionVisit,
    Milestone,
    PaperTally,
    ProgressUpdate,
    Project,
    Proposal,
    Rectification,
    TallyCorrection,
)
from .permissions import can_enter_paper_count, can_run_ballots


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
        if data.get("collection_opens_on") or data.get("collection_closes_on"):
            try:
                services.collection_window_validate(
                    opens_on=data.get("collection_opens_on"), closes_on=data.get("collection_closes_on")
                )
            except DomainError as error:
                self.add_error("collection_closes_on", error.message)
        return data


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
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

    def phase_view(self, request: HttpRequest, pk: int, to: str) -> HttpResponse:
        cycle = get_object_or_404(Cycle, pk=pk)
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

    @admin.action(description=gettext_lazy("Record approval by the chairpersons' meeting (today)"))
    def approve_chairpersons(self, request: HttpRequest, queryset: QuerySet[Cycle]) -> None:
        self._approve(request, queryset, "chairpersons")

    @admin.action(description=gettext_lazy("Record approval by the standing committee (today)"))
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

    @admin.action(description=gettext_lazy("Set up the selection ballot"))
    def setup_selection(self, request: HttpRequest, queryset: QuerySet[Cycle]) -> HttpResponse | None:
        return self._setup(request, queryset, Ballot.Kind.SELECTION)

    @admin.action(description=gettext_lazy("Set up the satisfaction evaluation"))
    def setup_evaluation(self, request: HttpRequest, queryset: QuerySet[Cycle]) -> HttpResponse | None:
        return self._setup(request, queryset, Ballot.Kind.EVALUATION)


class AssessmentInline(admin.TabularInline):
    model = FeasibilityAssessment
    extra = 0
    can_delete = False
    readonly_fields = ["unit", "feasible", "opinion", "estimated_budget", "assessed_on"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
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

    @admin.display(description=gettext_lazy("proposer"))
    def proposer_masked(self, obj: Proposal) -> str:
        return obj.masked_proposer or "—"

    @admin.display(description=gettext_lazy("proposer's contact"))
    def masked_contact(self, obj: Proposal) -> str:
        # Personal data (DOMAIN §9): staff never need the number; the notice is sent automatically.
        phone = obj.proposer_phone
        masked_phone = f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else ("*" * len(phone))
        email = obj.proposer_email
        masked_email = f"{email[:1]}***{email[email.find('@') :]}" if "@" in email else ""
        return " · ".join(x for x in (masked_phone, masked_email) if x) or "—"

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

    def screen_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = get_object_or_404(Proposal.objects.select_related("cycle"), pk=pk)
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

    @admin.action(description=gettext_lazy("Screen in the selected proposals"))
    def screen_in(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        for proposal in queryset:
            try:
                services.proposal_transition(
                    proposal=proposal, to=Proposal.Status.SCREENED_IN, actor=request.user
                )
            except DomainError as error:
                self.message_user(request, f"{proposal}: {error.message}", messages.ERROR)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "cycle", "lead_unit", "budget", "deadline"]
    list_filter = ["cycle"]
    list_select_related = ["cycle", "lead_unit"]
    search_fields = ["title"]
    filter_horizontal = ["co_units"]
    raw_id_fields = ["proposals"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The list is frozen once the ballot phase starts: what deputies vote on cannot change.
        if obj is not None and obj.cycle.phase not in {Cycle.Phase.SCREENING, Cycle.Phase.CANDIDATES}:
            return [f.name for f in Candidate._meta.fields] + ["co_units", "proposals"]
        return []


class EntryInline(admin.TabularInline):
    model = BallotEntry
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[BallotEntry]:
        return super().get_queryset(request).select_related("candidate")

    can_delete = False
    readonly_fields = (
        "position",
        "candidate",
        "votes",
        "satisfied",
        "basically",
        "unsatisfied",
        "elected",
        "tied",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# What the buttons say: the action, not the state it leads to.
_MOVE_LABELS = {
    "open": gettext_lazy("Open the vote"),
    "closed": gettext_lazy("Close the vote"),
    "counted": gettext_lazy("Count the votes"),
    "published": gettext_lazy("Publish the result"),
    "cancelled": gettext_lazy("Cancel the ballot"),
    "failed": gettext_lazy("Declare void (quorum not reached)"),
}


def _move_label(current: str, to: str) -> Any:
    if current == Ballot.Status.CLOSED and to == Ballot.Status.OPEN:
        return gettext_lazy("Reopen the vote")
    return _MOVE_LABELS.get(to, Ballot.Status(to).label)


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "kind", "mode", "status", "held_on", "has_tie"]
    list_filter = ["kind", "status", "cycle"]
    list_select_related = ["cycle"]
    readonly_fields = [
        "cycle",
        "kind",
        "parent",
        "slug",
        "mode",
        "status",
        "seats",
        "majority_basis",
        "held_on",
        "entitled_summary",
        "quorum_rule",
        "present_count",
        "cast_count",
        "valid_count",
        "invalid_count",
        "threshold",
        "has_tie",
        "attendance_summary",
        "paper_count",
        "next_steps",
    ]
    fields = ["title", *readonly_fields]
    inlines = [EntryInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # ballots are set up from the cycle (actions) and run-offs from a counted ballot

    @admin.display(description=gettext_lazy("Deputies entitled to vote"))
    def entitled_summary(self, obj: Ballot) -> str:
        if obj.entitled_count is None:
            return "—"
        if obj.entitled_note:
            text = _("%(n)s, set by hand: %(why)s") % {"n": obj.entitled_count, "why": obj.entitled_note}
        elif obj.status == Ballot.Status.DRAFT:
            text = _("%(n)s (the term's active deputies today; taken again when the ballot opens)") % {
                "n": obj.entitled_count
            }
        else:
            text = _("%(n)s (the term's active deputies when the ballot opened)") % {"n": obj.entitled_count}
        if obj.status == Ballot.Status.DRAFT:
            return format_html(
                '{} <a class="button" href="{}">{}</a>',
                text,
                reverse("admin:votes_ballot_entitled", args=[obj.pk]),
                pgettext("button", "Change"),
            )
        return text

    @admin.display(description=gettext_lazy("Quorum"))
    def quorum_rule(self, obj: Ballot) -> str:
        needed = obj.quorum_needed
        rule = _("more than") if obj.quorum_strict else _("at least")
        return format_html(
            "{}<br><small>{}</small>",
            _("%(rule)s %(share)s of the entitled deputies must vote: %(needed)s")
            % {
                "rule": rule,
                "share": services.share_text(obj.quorum_share),
                "needed": "—" if needed is None else needed,
            },
            obj.quorum_source,
        )

    @admin.display(description=gettext_lazy("Attendance"))
    def attendance_summary(self, obj: Ballot) -> str:
        electronic = obj.attendances.filter(mode="electronic").count()
        paper = obj.attendances.filter(mode="paper").count()
        return _("%(e)s voted electronically, %(p)s present on paper, of %(n)s entitled deputies") % {
            "e": electronic,
            "p": paper,
            "n": "—" if obj.entitled_count is None else obj.entitled_count,
        }

    @admin.display(description=gettext_lazy("Paper count (double entry)"))
    def paper_count(self, obj: Ballot) -> str:
        if not obj.accepts_paper:
            return "—"
        state = selectors.paper_count_state(obj)
        rows = [
            _("%(clerk)s entered: cast %(c)s, valid %(v)s, invalid %(i)s; %(n)s correction(s)")
            % {"clerk": t.clerk, "c": t.cast, "v": t.valid, "i": t.invalid, "n": t.corrections.count()}
            for t in state.tallies
        ]
        rows += [_("Mismatch: %(m)s") % {"m": m} for m in state.mismatches]
        return _blockers_html(rows) if rows else _("No count entered yet.")

    @admin.display(description=gettext_lazy("Next steps"))
    def next_steps(self, obj: Ballot) -> str:
        links: list[tuple[str, Any]] = [
            (reverse("admin:votes_ballot_move", args=[obj.pk, to]), _move_label(obj.status, to))
            for to in workflow.BALLOT_MOVES.get(obj.status, ())
        ]
        if obj.accepts_paper and obj.status in {"draft", "open"}:
            links.append((reverse("admin:votes_ballot_presence", args=[obj.pk]), _("Record paper presence")))
        if obj.accepts_paper and obj.status == "closed":
            links.append((reverse("admin:votes_ballot_count", args=[obj.pk]), _("Enter my paper count")))
        if obj.has_tie and obj.status in {"counted", "published"} and not obj.runoffs.exists():
            links.append((reverse("admin:votes_ballot_runoff", args=[obj.pk]), _("Set up the run-off")))
        if obj.status == "published":
            links.append((reverse("votes-results", args=[obj.slug]), _("Public results page")))
        blockers = selectors.ballot_blockers(obj)
        return format_html(
            "{}{}",
            format_html_join(" ", '<a class="button" href="{}">{}</a>', links),
            _blockers_html(blockers) if blockers else "",
        )

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/move/<str:to>/", view(self.move_view), name="votes_ballot_move"),
            path("<int:pk>/presence/", view(self.presence_view), name="votes_ballot_presence"),
            path("<int:pk>/entitled/", view(self.entitled_view), name="votes_ballot_entitled"),
            path("<int:pk>/count/", view(self.count_view), name="votes_ballot_count"),
            path("<int:pk>/runoff/", view(self.runoff_view), name="votes_ballot_runoff"),
            *super().get_urls(),
        ]

    def _ballot(self, request: HttpRequest, pk: int, check: Any = can_run_ballots) -> Ballot:
        ballot = get_object_or_404(Ballot.objects.select_related("cycle"), pk=pk)
        if not check(request.user):
            raise PermissionDenied
        return ballot

    def _back(self, pk: int) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:votes_ballot_change", args=[pk]))

    def _context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def move_view(self, request: HttpRequest, pk: int, to: str) -> HttpResponse:
        ballot = self._ballot(request, pk)
        if request.method == "POST":
            try:
                services.ballot_transition(
                    ballot=ballot, to=to, actor=request.user, note=request.POST.get("note", "")
                )
                self.message_user(request, _("The ballot is now “%(s)s”.") % {"s": Ballot.Status(to).label})
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            return self._back(pk)
        return TemplateResponse(
            request,
            "votes/admin/confirm.html",
            self._context(
                request,
                title=_("“%(b)s”: %(s)s") % {"b": ballot, "s": _move_label(ballot.status, to)},
                blockers=selectors.ballot_blockers(ballot) if to == "counted" else [],
                # Reopening a closed ballot and declaring it void are recorded with the reason.
                ask_note=ballot.status == Ballot.Status.CLOSED and to in {"open", "failed"},
                note_label=_("Reason (required)"),
            ),
        )

    def entitled_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        ballot = self._ballot(request, pk)
        form = EntitledForm(request.POST or None, initial={"count": ballot.entitled_count})
        if request.method == "POST" and form.is_valid():
            try:
                services.ballot_entitled_set(
                    ballot=ballot,
                    count=form.cleaned_data["count"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
                self.message_user(request, _("The number of entitled deputies is saved."))
                return self._back(pk)
            except DomainError as error:
                form.add_error(error.field if error.field in ("count", "reason") else None, error.message)
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            self._context(
                request, title=_("Deputies entitled to vote in “%(b)s”") % {"b": ballot}, form=form
            ),
        )

    def presence_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        ballot = self._ballot(request, pk)
        queryset = (
            Deputy.objects.active()
            .filter(term_id=ballot.cycle.term_id)
            .exclude(pk__in=ballot.attendances.values("deputy_id"))
            .order_by("name")
        )
        form = PresenceForm(request.POST or None, queryset=queryset)
        if request.method == "POST" and form.is_valid():
            try:
                n = services.attendance_record_paper(
                    ballot=ballot, deputies=form.cleaned_data["deputies"], actor=request.user
                )
                self.message_user(request, _("%(n)s deputies recorded as present on paper.") % {"n": n})
                return self._back(pk)
            except DomainError as error:
                form.add_error(None, error.message)
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            self._context(request, title=_("Record paper presence"), form=form),
        )

    def count_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        ballot = self._ballot(request, pk, check=can_enter_paper_count)
        entries = list(selectors.ballot_entries(ballot))
        mine = (
            PaperTally.objects.filter(ballot=ballot, clerk_id=request.user.pk)
            .prefetch_related("lines")
            .first()
        )
        initial: dict[str, Any] = {}
        if mine is not None:
            initial = {"cast": mine.cast, "valid": mine.valid, "invalid": mine.invalid}
            for line in mine.lines.all():
                for f in ("votes", "satisfied", "basically", "unsatisfied"):
                    initial[f"{f}_{line.candidate_id}"] = getattr(line, f)
        form = PaperCountForm(request.POST or None, ballot=ballot, entries=entries, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.paper_tally_save(
                    ballot=ballot,
                    clerk=request.user,
                    cast=data["cast"],
                    valid=data["valid"],
                    invalid=data["invalid"],
                    lines=form.lines(),
                    reason=data["reason"],
                )
                self.message_user(request, _("Your count is saved."))
                return self._back(pk)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            self._context(
                request,
                title=_("Paper count of “%(b)s” — enter your own count independently") % {"b": ballot},
                form=form,
            ),
        )

    def runoff_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        ballot = self._ballot(request, pk)
        form = BallotSetupForm(
            request.POST or None, initial={"held_on": timezone.localdate(), "mode": ballot.mode}
        )
        if request.method == "POST" and form.is_valid():
            try:
                runoff = services.ballot_runoff_create(
                    ballot=ballot,
                    held_on=form.cleaned_data["held_on"],
                    mode=form.cleaned_data["mode"],
                    actor=request.user,
                )
                return HttpResponseRedirect(reverse("admin:votes_ballot_change", args=[runoff.pk]))
            except DomainError as error:
                form.add_error(None, error.message)
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            self._context(request, title=_("Set up the run-off"), form=form),
        )


class CorrectionInline(admin.TabularInline):
    model = TallyCorrection
    extra = 0
    can_delete = False
    readonly_fields = ["field_label", "old_value", "new_value", "reason", "by", "at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PaperTally)
class PaperTallyAdmin(admin.ModelAdmin):
    list_display = ["ballot", "clerk", "cast", "valid", "invalid", "entered_at"]
    list_select_related = ["ballot", "clerk"]
    readonly_fields = ["ballot", "clerk", "cast", "valid", "invalid", "entered_at"]
    inlines = [CorrectionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class UpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    can_delete = False
    readonly_fields = (
        "reported_on",
        "author",
        "progress_percent",
        "actual_quantity",
        "spent",
        "text",
        "milestone",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class InspectionInline(admin.TabularInline):
    model = InspectionVisit
    extra = 0
    can_delete = False
    readonly_fields = ("visited_on", "findings")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RectificationInline(admin.TabularInline):
    model = Rectification
    extra = 0
    can_delete = False
    readonly_fields = (
        "evaluation",
        "reason",
        "requested_on",
        "due_on",
        "response",
        "responded_on",
        "responded_by",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "cycle",
        "lead_unit",
        "status",
        "progress_percent",
        "target_percent_display",
        "budget",
        "spent",
    ]
    list_filter = ["cycle", "status"]
    list_select_related = ["cycle", "lead_unit"]
    search_fields = ["title"]
    fields = [
        "title",
        "cycle",
        "lead_unit",
        "co_units",
        "task_force",
        "plan",
        "status",
        "progress_percent",
        "target_quantity",
        "target_unit",
        "actual_quantity",
        "budget",
        "spent",
        "carried_over_to",
        "inspection_link",
    ]
    filter_horizontal = ["co_units"]
    inlines = [MilestoneInline, UpdateInline, InspectionInline, RectificationInline]
    actions = ["carry_over"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # projects come from published ballots

    readonly_fields = (
        "cycle",
        "lead_unit",
        "status",
        "progress_percent",
        "actual_quantity",
        "spent",
        "carried_over_to",
        "inspection_link",
    )

    @admin.display(description=gettext_lazy("Inspection visits"))
    def inspection_link(self, obj: Project) -> str:
        if not obj.pk:
            return ""
        url = reverse("admin:votes_project_inspection", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Record an inspection visit"))

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/inspection/",
                self.admin_site.admin_view(self.inspection_view),
                name="votes_project_inspection",
            ),
            *super().get_urls(),
        ]

    def inspection_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_object_or_404(Project.objects.select_related("cycle"), pk=pk)
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        queryset = Deputy.objects.active().filter(term_id=project.cycle.term_id).order_by("name")
        form = InspectionForm(request.POST or None, queryset=queryset)
        if request.method == "POST" and form.is_valid():
            try:
                services.inspection_record(
                    project=project,
                    visited_on=form.cleaned_data["visited_on"],
                    deputies=list(form.cleaned_data["deputies"]),
                    findings=form.cleaned_data["findings"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(request, _("Inspection visit recorded."))
                return HttpResponseRedirect(reverse("admin:votes_project_change", args=[pk]))
        return TemplateResponse(
            request,
            "votes/admin/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Record an inspection visit to “%(p)s”") % {"p": project},
                "form": form,
                "opts": self.model._meta,
            },
        )

    @admin.display(description=gettext_lazy("achieved / target"))
    def target_percent_display(self, obj: Project) -> str:
        value = obj.target_percent
        return "—" if value is None else f"{value}%"

    @admin.action(description=gettext_lazy("Carry over to the next year's cycle"))
    def carry_over(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        for project in queryset.select_related("cycle__term"):
            target = Cycle.objects.filter(term=project.cycle.term, year=project.cycle.year + 1).first()
            if target is None:
                self.message_user(
                    request,
                    _("%(p)s: next year's cycle does not exist yet.") % {"p": project},
                    messages.ERROR,
                )
                continue
            try:
                services.project_carry_over(project=project, to_cycle=target, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{project}: {error.message}", messages.ERROR)


@admin.register(Rectification)
class RectificationAdmin(admin.ModelAdmin):
    list_display = ["project", "reason", "requested_on", "due_on", "responded_on"]
    list_filter = ["reason"]
    list_select_related = ["project"]
    readonly_fields = [
        "project",
        "evaluation",
        "reason",
        "requested_on",
        "due_on",
        "deadline_id",
        "response",
        "responded_on",
        "responded_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
