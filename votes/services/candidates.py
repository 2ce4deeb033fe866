"""Staff edits of what a ballot is about: the candidate list, a proposal's text and a ballot's
title, each with its rule, each audited (``congress.record_writes``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from congress.errors import DomainError
from congress.record_writes import record_create, record_delete, record_update

from ..models import Ballot, Candidate, Cycle, Proposal

CANDIDATE_FIELDS = (
    "cycle",
    "number",
    "title",
    "content",
    "target_quantity",
    "target_unit",
    "budget",
    "funding_source",
    "duration_months",
    "responsible_leader",
    "lead_unit",
    "co_units",
    "deadline",
    "proposals",
)
# The list is built while proposals are screened and the candidate list is drawn up (002:1225).
CANDIDATE_LIST_OPEN = frozenset({Cycle.Phase.SCREENING, Cycle.Phase.CANDIDATES})

PROPOSAL_TEXT_FIELDS = ("title", "description", "area", "location")
# A proposal's text is the proposer's record: staff correct it while it is collected and screened;
# from the candidate list on, the candidate carries its own text.
PROPOSAL_TEXT_OPEN = frozenset({Cycle.Phase.COLLECTION, Cycle.Phase.SCREENING})


def candidate_list_check(cycle_ids: set[int | None]) -> None:
    """The candidate list is frozen once the ballot phase starts: what deputies vote on cannot
    change (002:1225, the list approved by the chairpersons' meeting and the standing committee)."""
    for cycle in Cycle.objects.filter(pk__in={pk for pk in cycle_ids if pk is not None}):
        if cycle.phase not in CANDIDATE_LIST_OPEN:
            raise DomainError(
                _("The candidate list of “%(cycle)s” is frozen in phase “%(phase)s”.")
                % {"cycle": cycle, "phase": cycle.get_phase_display()},
                code="candidate_list_frozen",
            )


def _candidate_check(candidate: Candidate, before: Mapping[str, Any]) -> None:
    stored = Candidate.objects.filter(pk=candidate.pk).values_list("cycle_id", flat=True).first()
    candidate_list_check({candidate.cycle_id, stored})


def candidate_create(*, values: Mapping[str, Any], actor: Any = None) -> Candidate:
    """Put a project on a cycle's candidate list (only while the list is open)."""
    return record_create(
        model=Candidate, values=values, fields=CANDIDATE_FIELDS, actor=actor, check=_candidate_check
    )


def candidate_update(*, candidate: Candidate, changes: Mapping[str, Any], actor: Any = None) -> Candidate:
    """Change a candidate (only while its cycle's list is open; nor moved into a frozen list)."""
    return record_update(
        instance=candidate, changes=changes, fields=CANDIDATE_FIELDS, actor=actor, check=_candidate_check
    )


def candidate_delete(*, candidate: Candidate, actor: Any = None) -> None:
    """Take a candidate off the list (only while the list is open)."""
    record_delete(instance=candidate, fields=CANDIDATE_FIELDS, actor=actor, check=_candidate_check)


def proposal_text_check(proposal: Proposal) -> None:
    phase = Cycle.objects.filter(pk=proposal.cycle_id).values_list("phase", flat=True).first()
    if phase not in PROPOSAL_TEXT_OPEN:
        raise DomainError(
            _("A proposal's text can only be corrected while proposals are collected and screened."),
            code="proposal_text_frozen",
        )
    if proposal.status == Proposal.Status.MERGED:
        raise DomainError(_("A merged proposal is kept as it was: correct the one it was merged into."))


def proposal_update(*, proposal: Proposal, changes: Mapping[str, Any], actor: Any = None) -> Proposal:
    """Correct a proposal's text (name, description, place) during collection and screening."""
    return record_update(
        instance=proposal,
        changes=changes,
        fields=PROPOSAL_TEXT_FIELDS,
        actor=actor,
        check=lambda row, before: proposal_text_check(row),
    )


def ballot_title_check(ballot: Ballot) -> None:
    """A ballot's title is printed on its papers and shown to voters: it changes only while the
    ballot is being prepared."""
    if ballot.status != Ballot.Status.DRAFT:
        raise DomainError(
            _("A ballot's title changes only while the ballot is being prepared."), code="ballot_title_fixed"
        )


def ballot_retitle(*, ballot: Ballot, title: str, actor: Any = None) -> Ballot:
    """Change the title of a ballot being prepared."""
    return record_update(
        instance=ballot,
        changes={"title": title.strip()},
        fields=("title",),
        actor=actor,
        check=lambda row, before: ballot_title_check(row),
    )
