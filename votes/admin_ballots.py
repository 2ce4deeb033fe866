"""Admin of ballots and paper tallies: the ballot's moves named by their action, the entitled
count and quorum, paper attendance and tallies with their corrections."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from congress.admin_bodies import BodyScopedAdminMixin
from congress.admin_guard import admin_permissions
from congress.admin_mixins import ServiceAdminMixin
from congress.bodies import can_write_body
from congress.errors import DomainError
from deputies.models import Deputy

from . import selectors, services, workflow
from .admin import _blockers_html
from .forms import (
    BallotSetupForm,
    EntitledForm,
    PaperCountForm,
    PresenceForm,
)
from .models import (
    Ballot,
    BallotEntry,
    PaperTally,
    TallyCorrection,
)
from .permissions import can_enter_paper_count, can_run_ballots


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
class BallotAdmin(BodyScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a ballot and its count are the record of the vote

    def service_check(self, instance: Ballot) -> None:
        services.ballot_title_check(instance)

    def save_model(self, request: HttpRequest, obj: Ballot, form: Any, change: bool) -> None:
        # Only the title is edited here (everything else moves through the ballot's own pages).
        services.ballot_retitle(ballot=obj, title=form.cleaned_data["title"], actor=request.user)

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
        # Outside the user's bodies a ballot is not found; a lower body's is read, never run.
        ballot = get_object_or_404(self.get_queryset(request).select_related("cycle"), pk=pk)
        if not check(request.user):
            raise PermissionDenied
        if request.method == "POST" and not can_write_body(request.user, self.body_id_of(ballot)):
            raise PermissionDenied
        return ballot

    def _back(self, pk: int) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:votes_ballot_change", args=[pk]))

    def _context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def has_run_ballots_permission(self, request: HttpRequest) -> bool:
        return can_run_ballots(request.user)

    def has_enter_paper_count_permission(self, request: HttpRequest) -> bool:
        return can_enter_paper_count(request.user)

    @admin_permissions("run_ballots")
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

    @admin_permissions("run_ballots")
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

    @admin_permissions("run_ballots")
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

    @admin_permissions("enter_paper_count")
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

    @admin_permissions("run_ballots")
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
    readonly_fields = ("field_label", "old_value", "new_value", "reason", "by", "at")
    fields = readonly_fields  # corrections are made on the count page (``services.paper_tally_save``)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PaperTally)
class PaperTallyAdmin(BodyScopedAdminMixin, admin.ModelAdmin):
    list_display = ["ballot", "clerk", "cast", "valid", "invalid", "entered_at"]
    list_select_related = ["ballot", "clerk"]
    readonly_fields = ["ballot", "clerk", "cast", "valid", "invalid", "entered_at"]
    inlines = [CorrectionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a clerk's entry is the record of the paper count

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
