"""Cycle and proposal writes of the livelihood-project cycle (民生实事项目): the cycle's phases and
approvals, the collection window, proposals from the public and from deputies' suggestions, their
feasibility assessment and screening."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.errors import DomainError
from congress.models import HandlingUnit
from congress.notifications.services import notify
from deputies.models import Deputy

from .. import conf, workflow
from ..models import (
    Cycle,
    FeasibilityAssessment,
    Proposal,
)
from ._common import _today

# --- cycle -----------------------------------------------------------------------------------


def collection_window_validate(*, opens_on: datetime.date | None, closes_on: datetime.date | None) -> None:
    """The public call runs at least ``VOTES_COLLECTION_MIN_MONTHS`` months (002:1225: one month),
    counted like the Civil Code: opening 1 November, the window may close on 1 December at the
    earliest."""
    if opens_on is None or closes_on is None:
        raise DomainError(_("Set both dates of the collection window."), field="collection_closes_on")
    months = conf.collection_min_months()
    if closes_on < opens_on + relativedelta(months=months):
        raise DomainError(
            _("The collection window must stay open at least %(months)s month(s), until %(date)s.")
            % {"months": months, "date": (opens_on + relativedelta(months=months)).isoformat()},
            field="collection_closes_on",
        )


def cycle_term_validate(*, term: Any) -> None:
    """A cycle belongs to a body through its term (``term.body``), and only a body with a congress
    runs one: the city, a district or county, a township (000:89, 001). A street working committee
    has no congress of its own (DOMAIN.md §11), so no deputies to vote."""
    body = getattr(term, "body", None)
    if body is not None and not body.has_congress:
        raise DomainError(
            _(
                "%(body)s is a street working committee and has no people's congress of its own: it "
                "cannot run a livelihood-project ballot. Choose a term of a body with a congress."
            )
            % {"body": body.name},
            field="term",
        )


def cycle_create(
    *,
    year: int,
    term: Any,
    title: str,
    seats: int,
    collection_opens_on: datetime.date | None = None,
    collection_closes_on: datetime.date | None = None,
    ballot_on: datetime.date | None = None,
    actor: Any = None,
) -> Cycle:
    cycle_term_validate(term=term)
    if collection_opens_on or collection_closes_on:
        collection_window_validate(opens_on=collection_opens_on, closes_on=collection_closes_on)
    if Cycle.objects.filter(year=year, term=term).exists():
        raise DomainError(_("This congress already has a cycle for that year."), field="year")
    cycle = Cycle.objects.create(
        year=year,
        term=term,
        title=title,
        seats=seats,
        collection_opens_on=collection_opens_on,
        collection_closes_on=collection_closes_on,
        ballot_on=ballot_on,
    )
    audit_record(target=cycle, action="cycle_create", actor=actor, to_state=cycle.phase)
    return cycle


def cycle_save(*, cycle: Cycle, actor: Any = None) -> Cycle:
    """Save staff edits of a cycle's dates and seats; the collection window is checked."""
    cycle_term_validate(term=cycle.term)
    if cycle.collection_opens_on or cycle.collection_closes_on:
        collection_window_validate(opens_on=cycle.collection_opens_on, closes_on=cycle.collection_closes_on)
    cycle.save()
    audit_record(target=cycle, action="cycle_edit", actor=actor)
    return cycle


def cycle_transition(*, cycle: Cycle, to: str, actor: Any = None, note: str = "") -> Cycle:
    """Move a cycle to the next phase when nothing is missing (``selectors.cycle_blockers``)."""
    from ..selectors import cycle_blockers

    with transaction.atomic():
        locked = Cycle.objects.select_for_update(of=("self",)).select_related("term").get(pk=cycle.pk)
        if not workflow.can_move(workflow.CYCLE_MOVES, locked.phase, to):
            raise DomainError(
                _("A cycle in phase “%(phase)s” cannot move to “%(to)s”.")
                % {"phase": locked.get_phase_display(), "to": Cycle.Phase(to).label},
                field="phase",
            )
        forward = workflow.CYCLE_PHASES.index(to) > workflow.CYCLE_PHASES.index(locked.phase)
        if forward:
            blockers = cycle_blockers(locked)
            if blockers:
                raise DomainError("；".join(blockers), field="phase")
        elif not note:
            raise DomainError(_("Say why the cycle goes back a phase."), field="note")
        previous = locked.phase
        locked.phase = to
        locked.save(update_fields=["phase"])
        audit_record(
            target=locked, action="cycle_phase", actor=actor, from_state=previous, to_state=to, note=note
        )
    cycle.phase = to
    return locked


def cycle_record_approval(*, cycle: Cycle, body: str, on: datetime.date, actor: Any = None) -> Cycle:
    """Record that the chairpersons' meeting or the standing committee approved the candidate list
    (002:1225); both are needed before a ballot can be set up."""
    field = {"chairpersons": "chairpersons_approved_on", "committee": "committee_approved_on"}.get(body)
    if field is None:
        raise DomainError(_("Unknown approving body."), field="body")
    if not cycle.candidates.exists():
        raise DomainError(_("There is no candidate list to approve yet."), field="body")
    setattr(cycle, field, on)
    cycle.save(update_fields=[field])
    audit_record(target=cycle, action=f"approval_{body}", actor=actor, note=on.isoformat())
    return cycle


# --- proposals -------------------------------------------------------------------------------


def collection_is_open(cycle: Cycle, *, on: datetime.date | None = None) -> bool:
    day = on or _today()
    return (
        cycle.phase == Cycle.Phase.COLLECTION
        and cycle.collection_opens_on is not None
        and cycle.collection_closes_on is not None
        and cycle.collection_opens_on <= day <= cycle.collection_closes_on
    )


def proposal_submit(
    *,
    cycle: Cycle,
    source: str,
    title: str,
    description: str,
    proposer_name: str = "",
    proposer_phone: str = "",
    proposer_email: str = "",
    consent: bool = False,
    deputy: Deputy | None = None,
    unit: HandlingUnit | None = None,
    area: Any = None,
    location: str = "",
    actor: Any = None,
) -> Proposal:
    """Citizens and deputies propose only while the collection window is open; departments and
    staff may add proposals until screening ends."""
    title, description = title.strip(), description.strip()
    if not title:
        raise DomainError(_("Give the project a name."), field="title")
    if len(description) < 10:
        raise DomainError(_("Describe the project in at least 10 characters."), field="description")
    if source in {Proposal.Source.CITIZEN, Proposal.Source.DEPUTY}:
        if not collection_is_open(cycle):
            raise DomainError(_("The collection window is not open."), field="cycle")
    elif cycle.phase not in {Cycle.Phase.COLLECTION, Cycle.Phase.SCREENING}:
        raise DomainError(_("Proposals can only be added during collection and screening."), field="cycle")
    if source == Proposal.Source.CITIZEN and not consent:
        raise DomainError(_("Please agree to the privacy notice."), field="consent")
    if source == Proposal.Source.DEPUTY and deputy is None:
        raise DomainError(_("A deputy's proposal needs the deputy."), field="deputy")
    if source == Proposal.Source.DEPARTMENT and unit is None:
        raise DomainError(_("Choose the proposing department."), field="unit")
    if deputy is not None and deputy.term_id != cycle.term_id:
        raise DomainError(_("Only deputies of this congress can propose in this cycle."), field="deputy")
    proposal = Proposal.objects.create(
        cycle=cycle,
        source=source,
        title=title,
        description=description,
        proposer_name=proposer_name.strip(),
        proposer_phone=proposer_phone.strip(),
        proposer_email=proposer_email.strip(),
        consent=consent,
        deputy=deputy,
        unit=unit,
        area=area,
        location=location.strip(),
    )
    audit_record(target=proposal, action="proposal_submit", actor=actor, to_state=proposal.status)
    return proposal


def proposal_from_suggestion(*, suggestion: Any, cycle: Cycle, actor: Any = None) -> Proposal:
    """Staff turn a suggestion into a proposal of ``cycle``; the two stay linked both ways
    (``Proposal.source_suggestion`` / ``suggestion.livelihood_proposals``). Idempotent per cycle."""
    existing = Proposal.objects.filter(cycle=cycle, source_suggestion=suggestion).first()
    if existing is not None:
        return existing
    if cycle.phase not in {Cycle.Phase.COLLECTION, Cycle.Phase.SCREENING}:
        raise DomainError(_("Proposals can only be added during collection and screening."), field="cycle")
    proposal = Proposal.objects.create(
        cycle=cycle,
        source=Proposal.Source.SUGGESTION,
        title=suggestion.title[:120],
        description=suggestion.text,
        area=suggestion.area,
        location=suggestion.address[:200],
        proposer_name=suggestion.submitter_name,
        proposer_phone=suggestion.submitter_mobile,
        proposer_email=suggestion.submitter_email,
        consent=suggestion.consent_privacy,
        source_suggestion=suggestion,
    )
    audit_record(target=proposal, action="proposal_from_suggestion", actor=actor, note=suggestion.code)
    return proposal


def proposal_assess(
    *,
    proposal: Proposal,
    unit: HandlingUnit,
    feasible: bool,
    opinion: str,
    estimated_budget: Decimal | None = None,
    assessed_on: datetime.date | None = None,
    actor: Any = None,
) -> FeasibilityAssessment:
    """Record the responsible department's feasibility assessment (000:93, 002:1225)."""
    if not opinion.strip():
        raise DomainError(_("Write the department's opinion."), field="opinion")
    assessment = FeasibilityAssessment.objects.create(
        proposal=proposal,
        unit=unit,
        feasible=feasible,
        opinion=opinion.strip(),
        estimated_budget=estimated_budget,
        assessed_on=assessed_on or _today(),
    )
    audit_record(target=proposal, action="proposal_assess", actor=actor, note=opinion[:200])
    return assessment


def proposal_score(
    *, proposal: Proposal, urgency: int, readiness: int, reach: int, impact: int, actor: Any = None
) -> Proposal:
    """Score the four screening criteria, 1–5 each (000:93, 002:1225)."""
    scores = {"urgency": urgency, "readiness": readiness, "reach": reach, "impact": impact}
    for name, value in scores.items():
        if not 1 <= value <= 5:
            raise DomainError(_("Scores run from 1 to 5."), field=name)
    for name, value in scores.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=list(scores))
    audit_record(target=proposal, action="proposal_score", actor=actor, data=scores)
    return proposal


def proposal_transition(
    *, proposal: Proposal, to: str, reason: str = "", into: Proposal | None = None, actor: Any = None
) -> Proposal:
    """Screen a proposal in or out, merge it into an alike one, or reopen it. A screened-out
    proposer is told why through the notification service (SMS/email when they gave contact)."""
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("cycle", "deputy__user")
            .get(pk=proposal.pk)
        )
        if locked.cycle.phase not in {Cycle.Phase.COLLECTION, Cycle.Phase.SCREENING}:
            raise DomainError(_("Screening decisions are only made during collection and screening."))
        if not workflow.can_move(workflow.PROPOSAL_MOVES, locked.status, to):
            raise DomainError(
                _("A proposal that is “%(status)s” cannot become “%(to)s”.")
                % {"status": locked.get_status_display(), "to": Proposal.Status(to).label},
                field="status",
            )
        if to == Proposal.Status.SCREENED_OUT and not reason.strip():
            raise DomainError(_("Give the reason the proposer will be told."), field="reason")
        if to == Proposal.Status.MERGED:
            if into is None or into.pk == locked.pk or into.cycle_id != locked.cycle_id:
                raise DomainError(_("Choose another proposal of the same cycle to merge into."), field="into")
            if into.status == Proposal.Status.MERGED:
                raise DomainError(
                    _("That proposal was itself merged; merge into the one it went to."), field="into"
                )
        previous = locked.status
        locked.status = to
        locked.decision_reason = reason.strip()
        locked.merged_into = into if to == Proposal.Status.MERGED else None
        locked.save(update_fields=["status", "decision_reason", "merged_into"])
        audit_record(
            target=locked,
            action="proposal_screen",
            actor=actor,
            from_state=previous,
            to_state=to,
            note=reason,
        )
        if to == Proposal.Status.SCREENED_OUT:
            _tell_screened_out(locked)
    return locked


def _tell_screened_out(proposal: Proposal) -> None:
    subject = _("About your livelihood-project proposal “%(title)s”") % {"title": proposal.title}
    body = _(
        "Thank you for proposing “%(title)s” (code %(code)s). It was not put on this year's candidate "
        "list. Reason: %(reason)s"
    ) % {"title": proposal.title, "code": proposal.code, "reason": proposal.decision_reason}
    # A new reason after a reopening is a new message; the same reason is never sent twice.
    digest = hashlib.sha1(proposal.decision_reason.encode(), usedforsecurity=False).hexdigest()[:10]
    key = f"votes.proposal.{proposal.pk}.screened_out.{digest}"
    common: dict[str, Any] = {
        "subject": subject,
        "body": body,
        "about": proposal,
        "kind": "votes.proposal_screened_out",
    }
    if proposal.proposer_phone:
        notify(channel="sms", to_address=proposal.proposer_phone, dedupe_key=f"{key}.sms", **common)
    if proposal.proposer_email:
        notify(channel="email", to_address=proposal.proposer_email, dedupe_key=f"{key}.email", **common)
    if proposal.deputy is not None and proposal.deputy.user is not None:
        notify(channel="in_app", recipient=proposal.deputy.user, dedupe_key=f"{key}.app", **common)
