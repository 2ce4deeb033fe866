"""Ballot writes: setting a ballot up with its margin and the deputies entitled to vote, the quorum,
the ballot's moves, secret electronic votes and paper attendance, paper tallies, counting,
publishing and the rectifications of the year-end evaluation."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.audit import audit_record
from congress.errors import DomainError
from deputies.models import Deputy

from .. import conf, seal, workflow
from ..models import (
    Ballot,
    BallotAttendance,
    BallotBox,
    BallotEntry,
    BallotPaper,
    Candidate,
    Cycle,
    PaperMark,
    PaperTally,
    PaperTallyLine,
    Project,
    Rectification,
    TallyCorrection,
)
from ._common import _rng, _today
from .projects import _notify_unit, project_create

# --- ballots ---------------------------------------------------------------------------------


def margin_validate(*, seats: int, candidates: int) -> None:
    """Raise unless ``candidates`` fits the margin rule for ``seats`` (see ``workflow``)."""
    low = workflow.min_candidates(seats, conf.margin_min())
    high = workflow.max_candidates(seats, conf.margin_min(), conf.margin_max())
    if candidates < low:
        raise DomainError(
            _("%(seats)s seats need at least %(low)s candidates; there are %(n)s.")
            % {"seats": seats, "low": low, "n": candidates},
            field="candidates",
        )
    if high is not None and candidates > high:
        raise DomainError(
            _("%(seats)s seats allow at most %(high)s candidates; there are %(n)s.")
            % {"seats": seats, "high": high, "n": candidates},
            field="candidates",
        )


def ballot_create(
    *,
    cycle: Cycle,
    candidates: Sequence[Candidate],
    held_on: datetime.date,
    mode: str = Ballot.Mode.PAPER,
    kind: str = Ballot.Kind.SELECTION,
    seats: int | None = None,
    title: str = "",
    parent: Ballot | None = None,
    actor: Any = None,
) -> Ballot:
    """Set up a ballot. A selection ballot needs the approved candidate list (chairpersons'
    meeting and standing committee, 002:1225) and the margin; an evaluation ballot rates every
    project of the cycle; a run-off is made by ``ballot_runoff_create``."""
    candidates = list(candidates)
    if not candidates:
        raise DomainError(_("Choose the candidates."), field="candidates")
    if any(c.cycle_id != cycle.pk for c in candidates):
        raise DomainError(_("Every candidate must belong to this cycle."), field="candidates")
    if kind == Ballot.Kind.SELECTION:
        if cycle.phase != Cycle.Phase.BALLOT:
            raise DomainError(_("Move the cycle to the ballot phase first."), field="cycle")
        if not (cycle.chairpersons_approved_on and cycle.committee_approved_on):
            raise DomainError(
                _(
                    "Record the approval of the candidate list by the chairpersons' meeting and the "
                    "standing committee first."
                ),
                field="cycle",
            )
        seats = seats or cycle.seats
        margin_validate(seats=seats, candidates=len(candidates))
        if (
            cycle.ballots.filter(kind=kind)
            .exclude(status__in=[Ballot.Status.CANCELLED, Ballot.Status.FAILED])
            .exists()
        ):
            raise DomainError(_("This cycle already has a selection ballot."), field="kind")
    elif kind == Ballot.Kind.EVALUATION:
        if cycle.phase != Cycle.Phase.EVALUATION:
            raise DomainError(_("Move the cycle to the evaluation phase first."), field="cycle")
        if any(not hasattr(c, "project") for c in candidates):
            raise DomainError(_("Only projects can be evaluated."), field="candidates")
        seats = len(candidates)
    elif parent is None:
        raise DomainError(_("A run-off belongs to a counted ballot."), field="parent")
    # Type narrowing for mypy, not a runtime rule.
    assert seats is not None  # noqa: S101
    quorum = conf.quorum_rule()
    ballot = Ballot.objects.create(
        cycle=cycle,
        kind=kind,
        parent=parent,
        title=title or f"{cycle.title} · {Ballot.Kind(kind).label}",
        mode=mode,
        seats=seats,
        majority_basis=conf.majority_basis(),
        held_on=held_on,
        entitled_count=entitled_deputies(cycle).count(),
        quorum_share=str(quorum.share),
        quorum_strict=quorum.strict,
        quorum_source=quorum.source[:300],
    )
    BallotEntry.objects.bulk_create(
        BallotEntry(ballot=ballot, candidate=c, position=i) for i, c in enumerate(candidates, start=1)
    )
    audit_record(target=ballot, action="ballot_create", actor=actor, to_state=ballot.status)
    return ballot


def ballot_runoff_create(
    *, ballot: Ballot, held_on: datetime.date, mode: str | None = None, actor: Any = None
) -> Ballot:
    """A run-off between the candidates tied at the last seat, for the seats still free."""
    if ballot.status not in {Ballot.Status.COUNTED, Ballot.Status.PUBLISHED} or not ballot.has_tie:
        raise DomainError(_("Only a counted ballot with a tie at the last seat needs a run-off."))
    if ballot.runoffs.exclude(status__in=[Ballot.Status.CANCELLED, Ballot.Status.FAILED]).exists():
        raise DomainError(_("This ballot already has a run-off."))
    tied = [
        e.candidate
        for e in ballot.entries.filter(tied=True).select_related("candidate").order_by("candidate__number")
    ]
    free = ballot.seats - ballot.entries.filter(elected=True).count()
    return ballot_create(
        cycle=ballot.cycle,
        candidates=tied,
        held_on=held_on,
        mode=mode or ballot.mode,
        kind=Ballot.Kind.RUNOFF,
        seats=free,
        parent=ballot,
        title=_("%(title)s · run-off") % {"title": ballot.title},
        actor=actor,
    )


def entitled_deputies(cycle: Cycle) -> Any:
    """Who may vote in the cycle's ballots: the active deputies of its congress term (the term fixes
    the level: the city's congress, or a district's or township's)."""
    return Deputy.objects.active().filter(term_id=cycle.term_id)


def ballot_entitled_set(*, ballot: Ballot, count: int, reason: str, actor: Any = None) -> Ballot:
    """Staff set the number of deputies entitled to vote by hand (for instance when a resignation
    is not yet recorded), with the reason, while the ballot is being prepared; audited. After it
    opens the number is fixed: the quorum and an "entitled" majority are judged against it."""
    with transaction.atomic():
        locked = Ballot.objects.select_for_update(of=("self",)).get(pk=ballot.pk)
        if locked.status != Ballot.Status.DRAFT:
            raise DomainError(
                _("The number of entitled deputies can only be changed before the ballot opens."),
                field="entitled_count",
            )
        if count < 1:
            raise DomainError(_("At least one deputy must be entitled to vote."), field="entitled_count")
        if not reason.strip():
            raise DomainError(_("Say why the number is set by hand."), field="entitled_note")
        previous = locked.entitled_count
        locked.entitled_count, locked.entitled_note = count, reason.strip()[:200]
        locked.save(update_fields=["entitled_count", "entitled_note"])
        audit_record(
            target=locked,
            action="ballot_entitled_set",
            actor=actor,
            note=locked.entitled_note,
            data={"from": previous, "to": count},
        )
    ballot.entitled_count, ballot.entitled_note = locked.entitled_count, locked.entitled_note
    return locked


def quorum_errors(ballot: Ballot, *, present: int) -> list[str]:
    """Why ``present`` deputies taking part are not enough to count ``ballot`` (empty: enough)."""
    needed = ballot.quorum_needed
    if ballot.entitled_count is None or needed is None:
        return [str(_("The number of deputies entitled to vote is not recorded."))]
    if present > ballot.entitled_count:
        return [
            _(
                "%(present)s deputies took part, more than the %(entitled)s entitled to vote: check the "
                "number of entitled deputies."
            )
            % {"present": present, "entitled": ballot.entitled_count}
        ]
    if present < needed:
        rule = _("more than") if ballot.quorum_strict else _("at least")
        return [
            _(
                "Quorum not reached: %(present)s of %(entitled)s entitled deputies took part; the rule "
                "needs %(rule)s %(share)s of them, that is at least %(needed)s. The result cannot be "
                "counted or published. Reopen the ballot so more deputies can vote, or declare it void "
                "and hold it again."
            )
            % {
                "present": present,
                "entitled": ballot.entitled_count,
                "rule": rule,
                "share": share_text(ballot.quorum_share),
                "needed": needed,
            }
        ]
    return []


def share_text(share: str) -> str:
    """A share as a Chinese document writes it: 1/2 → 半数, 2/3 → 三分之二."""
    fraction = Fraction(share)
    if fraction == Fraction(1, 2):
        return str(_("half"))
    return _("%(num)s/%(den)s") % {"num": fraction.numerator, "den": fraction.denominator}


def ballot_transition(*, ballot: Ballot, to: str, actor: Any = None, note: str = "") -> Ballot:
    """Open, close, count, publish or cancel a ballot. Opening fixes the number of entitled
    deputies and readies the sealed ballot box of the electronic papers; closing opens the box into
    paper rows in a shuffled order with fresh random keys; counting checks the quorum and the
    paper double entry and decides the result; publishing
    checks the quorum again and creates the projects (selection, run-off) or the rectification
    requests (evaluation). A closed ballot below its quorum may be reopened (electronic votes only,
    no paper count yet) or declared void, each with a note."""
    with transaction.atomic():
        locked = Ballot.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=ballot.pk)
        if not workflow.can_move(workflow.BALLOT_MOVES, locked.status, to):
            raise DomainError(
                _("A ballot that is “%(status)s” cannot become “%(to)s”.")
                % {"status": locked.get_status_display(), "to": Ballot.Status(to).label},
                field="status",
            )
        previous = locked.status
        if to == Ballot.Status.OPEN and previous == Ballot.Status.DRAFT:
            if not locked.entitled_note:  # not set by hand: the roll as it stands when voting starts
                locked.entitled_count = entitled_deputies(locked.cycle).count()
            if not locked.entitled_count:
                raise DomainError(_("Nobody is entitled to vote in this ballot."), field="entitled_count")
        elif to == Ballot.Status.OPEN:  # reopening a closed ballot
            if not note.strip():
                raise DomainError(_("Say why the ballot is reopened."), field="note")
            on_paper = locked.attendances.filter(mode=BallotAttendance.Mode.PAPER).exists()
            if on_paper or locked.tallies.exists():
                raise DomainError(
                    _("A ballot with paper votes cannot be reopened; declare it void and hold it again."),
                    field="status",
                )
        elif to == Ballot.Status.FAILED:
            if not note.strip():
                raise DomainError(_("Say why the ballot is declared void."), field="note")
            if not quorum_errors(locked, present=locked.attendances.count()):
                raise DomainError(
                    _("The ballot reached its quorum: count it instead of declaring it void."),
                    field="status",
                )
        elif to == Ballot.Status.CLOSED:
            _box_unseal(locked)
        elif to == Ballot.Status.COUNTED:
            errors = quorum_errors(locked, present=locked.attendances.count())
            if errors:
                raise DomainError("；".join(errors), field="status")
            _count(locked)
        elif to == Ballot.Status.PUBLISHED:
            errors = quorum_errors(locked, present=locked.present_count or 0)
            if errors:
                raise DomainError("；".join(errors), field="status")
            _publish(locked, actor=actor)
        if to == Ballot.Status.OPEN:
            _box_open(locked)
        locked.status = to
        locked.save()
        audit_record(
            target=locked, action="ballot_status", actor=actor, from_state=previous, to_state=to, note=note
        )
    return locked


def _entitled(ballot: Ballot, deputy: Deputy) -> bool:
    return deputy.status == Deputy.Status.ACTIVE and deputy.term_id == ballot.cycle.term_id


def paper_marks_valid(*, kind: str, seats: int, marks: Mapping[int, str]) -> bool:
    """A selection or run-off paper marking more than ``seats`` candidates is invalid (DOMAIN §6);
    an evaluation paper gives each project at most one rating (the mapping guarantees that)."""
    if kind == Ballot.Kind.EVALUATION:
        return all(choice in _RATINGS for choice in marks.values())
    return sum(1 for choice in marks.values() if choice == PaperMark.Choice.FOR) <= seats and all(
        choice == PaperMark.Choice.FOR for choice in marks.values()
    )


_RATINGS = {PaperMark.Choice.SATISFIED, PaperMark.Choice.BASICALLY, PaperMark.Choice.UNSATISFIED}


def _open_ballot_for_vote(ballot_id: int) -> tuple[str, str, str, int, int, list[int]] | None:
    """One statement: lock the ballot FOR SHARE (closing, FOR UPDATE, waits for every vote in
    flight and no vote starts after it) and read what a vote is checked against: status, mode,
    kind, seats, the cycle's term and the candidates on the paper (ascending ids)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT b.status, b.mode, b.kind, b.seats, c.term_id, "
            "ARRAY(SELECT e.candidate_id FROM votes_ballotentry e WHERE e.ballot_id = b.id "
            "ORDER BY e.candidate_id) "
            "FROM votes_ballot b JOIN votes_cycle c ON c.id = b.cycle_id WHERE b.id = %s FOR SHARE OF b",
            [ballot_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    status, mode, kind, seats, term_id, candidates = row
    return status, mode, kind, int(seats), int(term_id), [int(c) for c in candidates]


def vote_cast(*, ballot: Ballot, deputy: Deputy, marks: Mapping[int, str]) -> BallotAttendance:
    """One deputy's electronic vote: ``marks`` maps candidate ids to a choice ("for", or a rating
    on an evaluation). Counted once: the unique (ballot, deputy) attendance row makes a second
    submission — from another tab, device or a paper attendance — fail, even when simultaneous.

    Secret while the ballot is open, against anyone who reads the database (DOMAIN §6, docs/votes.md):
    the paper is not a row of its own, which would carry the transaction id, position and order of
    the attendance written with it. It goes into the ballot's sealed box (``votes.seal``), opened,
    reshuffled as a whole and encrypted again with a new nonce, in the same transaction as the
    attendance: the vote is stored whole or not at all, so a crash never loses a counted vote nor
    counts one twice.

    Five statements whatever the paper (500 deputies voting at once: docs/performance.md): the
    ballot's lock and every check in one; the attendance claimed with ``ON CONFLICT DO NOTHING``;
    the duty record; the box locked FOR UPDATE and read; the box written. Votes queue on the box row
    only for its read, its write and the commit (one statement more than reading the box with the
    claim, for a third less time in the queue); a second submission never touches the box. Locks are
    taken ballot first, box second, as closing takes them: no deadlock."""
    marks = {int(k): v for k, v in marks.items() if v}
    with transaction.atomic():
        found = _open_ballot_for_vote(ballot.pk)
        if found is None or found[0] != Ballot.Status.OPEN:
            raise DomainError(_("This ballot is not open."), field="ballot")
        _status, mode, kind, seats, term_id, candidates = found
        if mode not in {Ballot.Mode.ELECTRONIC, Ballot.Mode.BOTH}:
            raise DomainError(_("This ballot is held on paper only."), field="ballot")
        if deputy.status != Deputy.Status.ACTIVE or deputy.term_id != term_id:
            raise DomainError(_("Only deputies of this congress may vote in this ballot."), field="deputy")
        if not set(marks) <= set(candidates):
            raise DomainError(_("The ballot paper lists other candidates; reload the page."), field="marks")
        if not paper_marks_valid(kind=kind, seats=seats, marks=marks):
            if kind == Ballot.Kind.EVALUATION:
                raise DomainError(_("Choose one rating per project."), field="marks")
            raise DomainError(_("Mark at most %(seats)s candidates.") % {"seats": seats}, field="marks")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO votes_ballotattendance (ballot_id, deputy_id, mode) VALUES (%s, %s, %s) "
                "ON CONFLICT (ballot_id, deputy_id) DO NOTHING RETURNING id",
                [ballot.pk, deputy.pk, BallotAttendance.Mode.ELECTRONIC],
            )
            claimed = cursor.fetchone()
            if claimed is None:
                raise DomainError(_("You have already voted in this ballot."), field="ballot")
        attendance = BallotAttendance(
            id=claimed[0], ballot=ballot, deputy=deputy, mode=BallotAttendance.Mode.ELECTRONIC
        )
        # The deputy's score follows on a worker after the commit: the vote does not wait for it.
        _duty_record(attendance, score_later=True)
        # Last, so that votes queue on the box only for its read, its write and the commit. Locking
        # in READ COMMITTED returns the box as the previous vote committed it; every open ballot has
        # its box (opening makes it).
        with connection.cursor() as cursor:
            cursor.execute("SELECT sealed FROM votes_ballotbox WHERE ballot_id = %s FOR UPDATE", [ballot.pk])
            (sealed,) = cursor.fetchone()
            resealed = seal.add_paper(bytes(sealed), marks, ballot_id=ballot.pk, candidates=candidates)
            cursor.execute(
                "UPDATE votes_ballotbox SET sealed = %s WHERE ballot_id = %s", [resealed, ballot.pk]
            )
    return attendance


def attendance_record_paper(*, ballot: Ballot, deputies: Iterable[Deputy], actor: Any = None) -> int:
    """Register the deputies handed a paper ballot (presence). A deputy who voted electronically,
    or is already registered, is refused: nobody is counted in both modes."""
    deputies = list(deputies)
    with transaction.atomic():
        locked = Ballot.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=ballot.pk)
        if not locked.accepts_paper:
            raise DomainError(_("This ballot is electronic only."), field="ballot")
        if locked.status not in {Ballot.Status.DRAFT, Ballot.Status.OPEN}:
            raise DomainError(_("Presence is recorded before the ballot closes."), field="ballot")
        outsiders = [d.name for d in deputies if not _entitled(locked, d)]
        if outsiders:
            raise DomainError(
                _("Not entitled to vote in this ballot: %(names)s") % {"names": "、".join(outsiders)},
                field="deputies",
            )
        taken = set(
            BallotAttendance.objects.filter(ballot=locked, deputy__in=deputies).values_list(
                "deputy__name", flat=True
            )
        )
        if taken:
            raise DomainError(
                _("Already recorded as voting in this ballot: %(names)s")
                % {"names": "、".join(sorted(taken))},
                field="deputies",
            )
        try:
            with transaction.atomic():
                rows = BallotAttendance.objects.bulk_create(
                    BallotAttendance(ballot=locked, deputy=d, mode=BallotAttendance.Mode.PAPER)
                    for d in deputies
                )
        except IntegrityError:  # a deputy voted electronically a moment ago
            raise DomainError(
                _("Someone in the list has just voted electronically; reload and try again."),
                field="deputies",
            ) from None
        for row in rows:
            _duty_record(row)
        audit_record(target=locked, action="ballot_paper_presence", actor=actor, data={"deputies": len(rows)})
    return len(rows)


def _duty_record(attendance: BallotAttendance, *, score_later: bool = False) -> None:
    """Write *that* the deputy took part into the duty record (DOMAIN §7), never how."""
    from deputies import services as deputy_services

    add = getattr(deputy_services, "duty_record_add", None)
    if add is None:  # pragma: no cover - the deputies service is not deployed yet
        return
    add(
        deputy=attendance.deputy,
        kind="ballot_attended",
        on=attendance.ballot.held_on,
        source=attendance,
        note="",
        score_later=score_later,
    )


def _candidate_ids(ballot: Ballot) -> list[int]:
    return sorted(ballot.entries.values_list("candidate_id", flat=True))


def _box_open(ballot: Ballot) -> None:
    """Opening (or reopening) a ballot: its sealed box, created if need be, holds every electronic
    paper from now on. On a reopening, the papers of the first round, rows since the close, go back
    into the box and the rows are deleted, so no paper row exists while the ballot is open."""
    box, _created = BallotBox.objects.select_for_update().get_or_create(ballot=ballot)
    # Electronic papers are all valid (``vote_cast`` refuses an invalid one), so the box keeps no flag.
    papers = [paper for paper, _valid in _paper_rows_take(ballot)]
    if papers:
        papers.extend(seal.unseal(box.sealed, ballot_id=ballot.pk))
        box.sealed = seal.seal(papers, ballot_id=ballot.pk, candidates=_candidate_ids(ballot))
        box.save(update_fields=["sealed"])


def _paper_rows_take(ballot: Ballot) -> list[tuple[dict[int, str], bool]]:
    """Read and delete the ballot's paper rows: each paper's marks and whether it is valid."""
    rows = dict(BallotPaper.objects.filter(ballot=ballot).values_list("id", "is_valid"))
    if not rows:
        return []
    marks: dict[uuid.UUID, dict[int, str]] = {pk: {} for pk in rows}
    for paper_id, candidate_id, choice in PaperMark.objects.filter(paper__ballot=ballot).values_list(
        "paper_id", "candidate_id", "choice"
    ):
        marks[paper_id][candidate_id] = choice
    PaperMark.objects.filter(paper__ballot=ballot).delete()
    BallotPaper.objects.filter(ballot=ballot).delete()
    return [(marks[pk], valid) for pk, valid in rows.items()]


def _box_unseal(ballot: Ballot) -> None:
    """Closing: the sealed box is opened and emptied into paper rows, all written in one transaction
    (one transaction id for all), in random order, with new random keys, so neither a key, the
    physical row order nor a transaction id follows the order in which deputies voted. Counting,
    the paper checks and the results read these rows as before."""
    box = BallotBox.objects.select_for_update().filter(ballot=ballot).first()
    papers = _paper_rows_take(ballot)  # none, unless written before the ballot box existed
    if box is not None and box.sealed:
        papers.extend((paper, True) for paper in seal.unseal(box.sealed, ballot_id=ballot.pk))
        box.sealed = b""
        box.save(update_fields=["sealed"])
    if not papers:
        return
    _rng.shuffle(papers)
    new_papers: list[BallotPaper] = []
    new_marks: list[PaperMark] = []
    for paper_marks, is_valid in papers:
        paper = BallotPaper(id=uuid.uuid4(), ballot=ballot, is_valid=is_valid)
        new_papers.append(paper)
        new_marks.extend(
            PaperMark(id=uuid.uuid4(), paper=paper, candidate_id=c, choice=ch)
            for c, ch in paper_marks.items()
        )
    _rng.shuffle(new_marks)
    BallotPaper.objects.bulk_create(new_papers, batch_size=1000)
    PaperMark.objects.bulk_create(new_marks, batch_size=2000)


# --- paper counts ------------------------------------------------------------------------------

_LINE_FIELDS = ("votes", "satisfied", "basically", "unsatisfied")
_LINE_LABELS = {
    "votes": gettext_lazy("votes"),
    "satisfied": gettext_lazy("satisfied"),
    "basically": gettext_lazy("basically satisfied"),
    "unsatisfied": gettext_lazy("unsatisfied"),
}


def paper_tally_save(
    *,
    ballot: Ballot,
    clerk: Any,
    cast: int,
    valid: int,
    invalid: int,
    lines: Mapping[int, Mapping[str, int]],
    reason: str = "",
) -> PaperTally:
    """One clerk enters (or corrects) their own count of the paper ballots. Two clerks count
    independently; a correction needs a reason and every changed figure is logged. The ballot row is
    locked as ``ballot_transition`` locks it, so a count entered while the ballot is being counted
    either lands before the count reads the tallies or is refused after it, never in between."""
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update(of=("self",)).get(pk=ballot.pk)
        if ballot.status != Ballot.Status.CLOSED:
            raise DomainError(_("Paper counts are entered after the ballot closes and before it is counted."))
        if not ballot.accepts_paper:
            raise DomainError(_("This ballot is electronic only."))
        entries = {e.candidate_id: e for e in ballot.entries.select_related("candidate")}
        if set(lines) - set(entries):
            raise DomainError(_("The count lists other candidates; reload the page."), field="lines")
        tally = PaperTally.objects.select_for_update().filter(ballot=ballot, clerk=clerk).first()
        if tally is None:
            tally = PaperTally.objects.create(
                ballot=ballot, clerk=clerk, cast=cast, valid=valid, invalid=invalid
            )
            PaperTallyLine.objects.bulk_create(
                PaperTallyLine(
                    tally=tally,
                    candidate_id=cid,
                    **{f: int(lines.get(cid, {}).get(f, 0)) for f in _LINE_FIELDS},
                )
                for cid in entries
            )
            audit_record(target=ballot, action="paper_tally_enter", actor=clerk)
            return tally
        if not reason.strip():
            raise DomainError(_("Say why the count is corrected."), field="reason")
        changes: list[TallyCorrection] = []
        for name, label, value in (
            ("cast", _("ballots cast"), cast),
            ("valid", _("valid ballots"), valid),
            ("invalid", _("invalid ballots"), invalid),
        ):
            old = getattr(tally, name)
            if old != value:
                changes.append(
                    TallyCorrection(
                        tally=tally,
                        field_label=str(label),
                        old_value=old,
                        new_value=value,
                        reason=reason,
                        by=clerk,
                    )
                )
                setattr(tally, name, value)
        tally.save(update_fields=["cast", "valid", "invalid"])
        for line in tally.lines.all():
            for f in _LINE_FIELDS:
                new = int(lines.get(line.candidate_id, {}).get(f, 0))
                old = getattr(line, f)
                if new != old:
                    title = entries[line.candidate_id].candidate.title
                    label = f"{title} · {_LINE_LABELS[f]}"
                    changes.append(
                        TallyCorrection(
                            tally=tally,
                            field_label=label,
                            old_value=old,
                            new_value=new,
                            reason=reason,
                            by=clerk,
                        )
                    )
                    setattr(line, f, new)
            line.save()
        TallyCorrection.objects.bulk_create(changes)
        audit_record(
            target=ballot,
            action="paper_tally_correct",
            actor=clerk,
            note=reason,
            data={"changes": len(changes)},
        )
    return tally


# --- counting ----------------------------------------------------------------------------------


def _count(ballot: Ballot) -> None:
    from ..selectors import paper_count_state

    entries = list(ballot.entries.select_related("candidate"))
    present = ballot.attendances.count()
    papers = BallotPaper.objects.filter(ballot=ballot)
    cast = papers.count()
    valid = papers.filter(is_valid=True).count()
    per: dict[int, Counter[str]] = {e.candidate_id: Counter() for e in entries}
    for cid, choice in PaperMark.objects.filter(paper__ballot=ballot, paper__is_valid=True).values_list(
        "candidate_id", "choice"
    ):
        per[cid]["votes" if choice == PaperMark.Choice.FOR else choice] += 1
    paper_present = ballot.attendances.filter(mode=BallotAttendance.Mode.PAPER).count()
    if paper_present:
        state = paper_count_state(ballot)
        if state.errors:
            raise DomainError("；".join(state.errors), field="tallies")
        agreed = state.agreed
        # Type narrowing for mypy, not a runtime rule.
        assert agreed is not None  # noqa: S101
        cast += agreed.cast
        valid += agreed.valid
        for line in agreed.lines.all():
            for f in _LINE_FIELDS:
                per[line.candidate_id][f] += getattr(line, f)
    invalid = cast - valid
    ballot.present_count, ballot.cast_count = present, cast
    ballot.valid_count, ballot.invalid_count = valid, invalid
    if ballot.kind == Ballot.Kind.EVALUATION:
        for entry in entries:
            c = per[entry.candidate_id]
            entry.satisfied, entry.basically, entry.unsatisfied = (
                c["satisfied"],
                c["basically"],
                c["unsatisfied"],
            )
            entry.votes = None
        BallotEntry.objects.bulk_update(entries, ["satisfied", "basically", "unsatisfied", "votes"])
        ballot.threshold = None
        ballot.has_tie = False
        return
    basis = {
        Ballot.Basis.CAST: cast,
        Ballot.Basis.PRESENT: present,
        Ballot.Basis.ENTITLED: ballot.entitled_count or 0,
    }[Ballot.Basis(ballot.majority_basis)]
    outcome = workflow.decide(
        {e.candidate_id: per[e.candidate_id]["votes"] for e in entries}, seats=ballot.seats, basis=basis
    )
    for entry in entries:
        entry.votes = per[entry.candidate_id]["votes"]
        entry.elected = entry.candidate_id in outcome.elected
        entry.tied = entry.candidate_id in outcome.tied
    BallotEntry.objects.bulk_update(entries, ["votes", "elected", "tied"])
    ballot.threshold = outcome.threshold
    ballot.has_tie = outcome.has_tie


def _publish(ballot: Ballot, *, actor: Any) -> None:
    if ballot.kind == Ballot.Kind.EVALUATION:
        _request_rectifications(ballot, actor=actor)
        return
    for entry in ballot.entries.filter(elected=True).select_related("candidate"):
        project_create(candidate=entry.candidate, actor=actor)


def satisfaction_rate(entry: BallotEntry) -> Decimal | None:
    """满意率 of one project: satisfied (plus basically satisfied when the setting says so) over
    all ratings (001: 18 + 2 → 90 %)."""
    total = entry.ratings
    if not total:
        return None
    good = (entry.satisfied or 0) + ((entry.basically or 0) if conf.satisfaction_counts_basic() else 0)
    return (Decimal(good) / Decimal(total)).quantize(Decimal("0.0001"))


def _request_rectifications(ballot: Ballot, *, actor: Any) -> None:
    from congress.calendar.services import deadline_create

    today = _today()
    threshold = conf.low_satisfaction_below()
    for entry in ballot.entries.select_related("candidate__project"):
        project = entry.candidate.project
        rate = satisfaction_rate(entry)
        reason = None
        if rate is not None and rate < threshold:
            reason = Rectification.Reason.LOW_RATING
        elif project.status != Project.Status.COMPLETED:
            reason = Rectification.Reason.UNFINISHED
        if reason is None or Rectification.objects.filter(project=project, evaluation=ballot).exists():
            continue
        rect = Rectification.objects.create(
            project=project, evaluation=ballot, reason=reason, requested_on=today, due_on=today
        )
        deadline = deadline_create(
            owner=rect,
            policy_code="project.rectification",
            start=today,
            actor=actor,
            body=ballot.cycle.term.body_id,
        )
        rect.due_on, rect.deadline_id = deadline.due, deadline.pk
        rect.save(update_fields=["due_on", "deadline_id"])
        _notify_unit(
            project,
            subject=_("Rectification requested: %(title)s") % {"title": project.title},
            body=_(
                "The deputies' evaluation asks for a written explanation and rectification of "
                "“%(title)s” by %(due)s."
            )
            % {"title": project.title, "due": rect.due_on.isoformat()},
            key=f"votes.rectification.{rect.pk}",
        )


def rectification_respond(*, rectification: Rectification, response: str, actor: Any) -> Rectification:
    """The lead unit's written explanation and rectification; closes the calendar deadline. Only an
    officer of the lead unit answers (001: the lead unit is responsible); a co-unit reports progress
    but does not answer for the project."""
    from ..permissions import can_respond_rectification

    if not can_respond_rectification(actor, rectification.project):
        raise DomainError(_("Only officers of the project's lead unit can answer a rectification request."))
    if not response.strip():
        raise DomainError(_("Write the response."), field="response")
    with transaction.atomic():
        rect = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if rect.responded_on:
            raise DomainError(_("This rectification request was already answered."))
        rect.response, rect.responded_on, rect.responded_by = response.strip(), _today(), actor
        rect.save(update_fields=["response", "responded_on", "responded_by"])
        if rect.deadline_id:
            from congress.calendar.models import Deadline
            from congress.calendar.services import deadline_close

            deadline = Deadline.objects.filter(pk=rect.deadline_id, is_open=True).first()
            if deadline is not None:
                deadline_close(deadline=deadline, actor=actor)
        audit_record(target=rect.project, action="rectification_respond", actor=actor)
    return rect
