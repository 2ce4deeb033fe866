"""Reads of the suggestions app that need more than one queryset."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .duplicates import Duplicate, suggestion_duplicates  # noqa: F401 (read by the admin)
from .models import Assignment, RejectionReason, Reply, Suggestion, SuggestionEvent
from .querysets import RejectionReasonQuerySet
from .services import code_is_wellformed, normalise_code, pin_matches


def suggestion_for(user: Any, *, code: str) -> Suggestion:
    """An item the user may see, by tracking code; anything else is a 404."""
    suggestion = (
        Suggestion.objects.visible_to(user)
        .select_related(
            "category",
            "area",
            "deputy",
            "station",
            "lead_deputy",
            "handed_to",
            "merged_into",
            "supervising_leader",
        )
        .filter(code=normalise_code(code))
        .first()
    )
    if suggestion is None:
        raise Http404
    return suggestion


def suggestion_by_code_and_pin(*, code: str, pin: str) -> Suggestion | None:
    """The item a tracking code + PIN open, or None (the caller shows one message for both)."""
    code = normalise_code(code)
    suggestion = None
    if code_is_wellformed(code):
        suggestion = Suggestion.objects.filter(code=code).first()
    if not pin_matches(suggestion, (pin or "").strip()):
        return None
    return suggestion


@dataclass(frozen=True)
class Timeline:
    """What the submitter sees: their own item's public steps, and the main case's when merged."""

    suggestion: Suggestion
    case: Suggestion
    events: list[SuggestionEvent]
    replies: list[Reply]
    # The lead unit's reply due date while it is handling the case, and whether it is 暂定.
    reply_due: datetime.date | None = None
    reply_due_provisional: bool = False


def suggestion_timeline(suggestion: Suggestion) -> Timeline:
    """The public timeline of an item (a fixed number of queries whatever its length)."""
    case = suggestion
    if suggestion.merged_into_id:
        case = Suggestion.objects.select_related("category").get(pk=suggestion.merged_into_id)
    ids = {suggestion.pk, case.pk}
    events = list(
        SuggestionEvent.objects.filter(suggestion_id__in=ids, is_public=True)
        .select_related("suggestion")
        .order_by("at", "pk")
    )
    replies = list(
        Reply.objects.filter(suggestion=case)
        .select_related("assignment__unit")
        .prefetch_related("attachments", "commitments")
        .order_by("replied_at", "pk")
    )
    due = (
        Assignment.objects.filter(suggestion=case, role=Assignment.Role.LEAD, status=Assignment.Status.ACTIVE)
        .values_list("due_date", "deadline__is_provisional")
        .first()
    )
    return Timeline(
        suggestion=suggestion,
        case=case,
        events=events,
        replies=replies,
        reply_due=due[0] if due else None,
        reply_due_provisional=bool(due and due[1]),
    )


def can_submitter_rate(suggestion: Suggestion) -> bool:
    from . import workflow
    from .models import Kind, Rating

    if suggestion.merged_into_id or suggestion.kind == Kind.DEPUTY_SUGGESTION:
        return False
    if suggestion.status not in workflow.RATABLE_STATES:
        return False
    return not Rating.objects.filter(
        suggestion=suggestion, rater=Rating.Rater.SUBMITTER, round=suggestion.reopen_count
    ).exists()


def unit_inbox(
    *, unit_id: int, status: str = "", query: str = "", overdue_only: bool = False
) -> QuerySet[Assignment]:
    """A unit's assignments for the workbench inbox: items still to sign for first (a new item must
    not hide on page 2), then by due date."""
    qs = (
        Assignment.objects.for_unit(unit_id)
        .select_related("suggestion", "suggestion__category", "suggestion__area", "deadline")
        # The deadline only for its 暂定 flag: not its step-by-step explanation.
        .defer("deadline__explanation")
        .annotate(is_signed=ExpressionWrapper(Q(signed_for_at__isnull=False), output_field=BooleanField()))
        .order_by("status", "is_signed", "due_date", "pk")
    )
    if status == "open":
        qs = qs.filter(status=Assignment.Status.ACTIVE)
    elif status == "done":
        qs = qs.filter(status=Assignment.Status.DONE)
    if overdue_only:
        qs = qs.overdue(on=timezone.localdate())
    if query:
        qs = qs.filter(
            Q(suggestion__code__iexact=query.strip()) | Q(suggestion__title__icontains=query.strip())
        )
    return qs


def assignment_for_officer(*, user: Any, pk: int) -> Assignment:
    from .permissions import officer_of

    officer = officer_of(user)
    if officer is None:
        raise Http404
    assignment = (
        Assignment.objects.for_unit(officer.unit_id)
        .select_related("suggestion", "suggestion__category", "suggestion__area", "unit", "deadline")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def assignment_rounds(assignment: Assignment) -> dict[str, Assignment | None]:
    """The unit's own dispatches of the same item in the round before and after this one: after
    不满意 the item is handled again in a new assignment (services/ratings.py), and each page links
    to the other. Only the same unit's rows, so nothing outside its scope is named."""
    same = Assignment.objects.for_unit(assignment.unit_id).filter(
        suggestion_id=assignment.suggestion_id, role=assignment.role
    )
    return {
        "earlier_round": same.filter(round__lt=assignment.round).order_by("-round", "-pk").first(),
        "later_round": same.filter(round__gt=assignment.round).order_by("round", "pk").first(),
    }


def suggestion_history(suggestion: Suggestion) -> dict[str, Any]:
    """Everything staff, units and deputies see on an item page."""
    return {
        "events": list(suggestion.events.select_related("actor").order_by("at", "pk")),
        "assignments": list(
            suggestion.assignments.select_related("unit", "deadline").order_by("assigned_at", "pk")
        ),
        "replies": list(
            suggestion.replies.select_related("assignment__unit")
            .prefetch_related("attachments", "commitments")
            .order_by("replied_at", "pk")
        ),
        "supervisions": list(suggestion.supervisions.order_by("held_on", "pk")),
        "ratings": list(suggestion.ratings.select_related("deputy").order_by("rated_at", "pk")),
        "photos": list(suggestion.photos.all()),
        "cosigners": list(suggestion.cosigners.all()),
    }


def deputy_opinions(deputy_id: int) -> QuerySet[Suggestion]:
    """Items addressed or handed to a deputy, and suggestions they lead or co-sign, for every seat
    of the person (a deputy of two congresses, ``deputies.selectors.seat_ids_of``).

    The ids come from a UNION of four index scans (one per way a deputy is concerned); an OR over
    the co-signers' join needed a DISTINCT over every column and a scan of the whole table (1.1 s
    for the busiest deputy of 1,000,000 items, docs/performance.md)."""
    from deputies.selectors import seat_ids_of

    seats = seat_ids_of(deputy_id)
    concerned = Suggestion.objects.order_by()
    cosigned = Suggestion.cosigners.through.objects.filter(deputy_id__in=seats).order_by()
    ids = (
        concerned.filter(deputy_id__in=seats)
        .values("pk")
        .union(
            concerned.filter(handed_to_id__in=seats).values("pk"),
            concerned.filter(lead_deputy_id__in=seats).values("pk"),
            cosigned.values("suggestion_id"),
        )
    )
    return (
        Suggestion.objects.filter(pk__in=ids)
        .select_related("category", "area", "body")
        .order_by("-submitted_at", "-pk")
    )


def public_cases(
    *, query: str = "", category_id: int | None = None, area_id: int | None = None
) -> QuerySet[Suggestion]:
    """Published closed cases for the public list (personal data never selected into templates)."""
    qs = (
        Suggestion.objects.published()
        .select_related("category", "area")
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.select_related("assignment__unit")))
        .order_by("-published_at", "-pk")
    )
    if query:
        qs = qs.filter(Q(public_title__icontains=query) | Q(public_text__icontains=query))
    if category_id:
        qs = qs.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if area_id:
        qs = qs.filter(Q(area_id=area_id) | Q(area__parent_id=area_id) | Q(area__parent__parent_id=area_id))
    return qs


def triage_time_left(
    suggestion: Suggestion, *, now: datetime.datetime | None = None
) -> datetime.timedelta | None:
    """Time left under the triage policy (negative when overdue); None without a triage deadline."""
    deadline = suggestion.triage_deadline
    if deadline is None:
        return None
    return deadline.overdue_from - (now or timezone.now())


# -- rejection reasons per body ------------------------------------------------------------------------


def rejection_reasons_for_body(body: Any, *, active: bool = True) -> RejectionReasonQuerySet:
    """The reason templates offered when rejecting an item of ``body``: the shared ones, the body's
    own and its ancestors' own (docs/bodies.md); never a sibling's or a lower body's. The one place
    the reject forms, the admin and the demo take them from."""
    reasons = RejectionReason.objects.for_body(body)
    return reasons.active() if active else reasons


def rejection_reasons_visible_to(user: Any) -> RejectionReasonQuerySet:
    """The reason templates a staff member reads in the admin: the shared ones, their bodies' own
    and those below, and the ones their bodies inherit from above."""
    return RejectionReason.objects.visible_to(user)


def dealing_body_of(station_slug: str, deputy_slug: str) -> int | None:
    """The body an item sent with this station's or this (active) deputy's code goes to (the intake
    rule, ``services.intake_body_id``), or None when neither names one."""
    from deputies.models import Deputy
    from stations.models import Station

    from .services import intake_body_id

    station = Station.objects.filter(slug=station_slug).first() if station_slug else None
    deputy = Deputy.objects.filter(slug=deputy_slug, status="active").first() if deputy_slug else None
    if station is None and deputy is None:
        return None
    return intake_body_id(station=station, deputy=deputy, area=None)


def items_count_capped(cap: int, *, using: str = "default") -> int:
    """How many items there are, counting no further than ``cap`` (a bounded read: at a million
    items it stops after ``cap`` rows). The statistics dashboard asks it whether the figures are
    cheap enough to compute in the request."""
    return Suggestion.objects.using(using).order_by()[:cap].count()
