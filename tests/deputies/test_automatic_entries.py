"""Each automatic duty-record entry, written by the service of the app where the act happens, and
what it earns under the default points rules."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from deputies.models import DutyRecord, DutyScore
from deputies.services import committee_contact_record, committee_link_add, constituent_contact_record
from stations.services import reception_check_in
from suggestions import services as suggestions
from suggestions.models import Rating
from tests.factories.deputies import CommitteeMemberFactory, DeputyFactory
from tests.factories.stations import MembershipFactory, ReceptionFactory
from tests.suggestions.conftest import (  # the suggestions tests' people and items, reused
    category,
    deputy,
    deputy_user,
    make,
    officer,
    role_groups,
    staff,
    street,
    submit,
    unit,
)
from tests.votes.conftest import candidates, cycle, make_ballot
from votes import services as votes

pytestmark = pytest.mark.django_db
FIXTURES = (category, deputy, deputy_user, make, officer, role_groups, staff, street, submit, unit)
FIXTURES_VOTES = (candidates, cycle, make_ballot)


def _open_ballot_and_voter(make_ballot):
    """An open ballot, a deputy entitled to vote in it and the paper's first candidate."""
    ballot = make_ballot()
    return ballot, DeputyFactory.create(term=ballot.cycle.term), ballot.entries.first()


def _entry(deputy, kind: str) -> DutyRecord:
    return DutyRecord.objects.get(deputy=deputy, kind=kind)


# 10:00 in Beijing: inside the factory's 09:00–11:30 reception's check-in window.
@time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False)
def test_checking_in_at_a_reception_is_recorded() -> None:
    membership = MembershipFactory.create()
    reception = ReceptionFactory.create(station=membership.station, date=timezone.localdate())
    reception_check_in(reception=reception, deputy=membership.deputy)
    assert _entry(membership.deputy, "reception").points == 2


def test_taking_up_an_opinion_records_it_for_the_deputy_and_the_co_signer(make, deputy) -> None:
    cosigner = DeputyFactory.create()
    item = make("accepted", deputy=deputy)
    suggestions.suggestion_take_up(
        suggestion=item,
        deputy=deputy,
        title="关于路灯维修的建议",
        text="建议全面排查。",
        cosigners=[cosigner],
    )
    assert _entry(deputy, "opinion_taken_up").object_id == item.pk
    assert _entry(deputy, "suggestion_filed").points == 4
    assert _entry(cosigner, "suggestion_cosigned").points == 1


def test_an_answer_to_an_opinion_addressed_to_the_deputy_is_recorded(make, deputy) -> None:
    item = make("replied", deputy=deputy)
    assert _entry(deputy, "opinion_answered").object_id == item.pk


def test_filing_a_suggestion_is_recorded_once_for_the_lead(deputy) -> None:
    suggestion = suggestions.deputy_suggestion_file(
        deputy=deputy, title="关于学校周边交通的建议", text="建议增设护栏。"
    )
    assert _entry(deputy, "suggestion_filed").object_id == suggestion.pk


def test_rating_a_reply_is_recorded(make, deputy) -> None:
    item = make("replied", deputy=deputy)
    suggestions.suggestion_rate(suggestion=item, rater=Rating.Rater.DEPUTY, deputy=deputy, value="satisfied")
    assert _entry(deputy, "rating_given").points == 1


def test_voting_is_recorded_but_never_how(make_ballot, candidates) -> None:
    ballot, voter, entry = _open_ballot_and_voter(make_ballot)
    attendance = votes.vote_cast(ballot=ballot, deputy=voter, marks={entry.candidate_id: "for"})
    record = _entry(voter, "ballot_attended")
    assert record.object_id == attendance.pk and record.note == ""
    assert str(entry.candidate_id) not in record.note


def test_a_vote_does_not_wait_for_the_score_which_a_worker_recomputes_after_the_commit(
    make_ballot, django_capture_on_commit_callbacks
) -> None:
    from congress.celery import app as celery_app

    ballot, voter, entry = _open_ballot_and_voter(make_ballot)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            votes.vote_cast(ballot=ballot, deputy=voter, marks={entry.candidate_id: "for"})
        # Before the commit the vote is recorded and the score is not touched.
        assert _entry(voter, "ballot_attended").points is None
        assert not DutyScore.objects.filter(deputy=voter).exists()
        for callback in callbacks:
            callback()
    finally:
        celery_app.conf.task_always_eager = False
    score = DutyScore.objects.get(deputy=voter, year=ballot.held_on.year)
    assert score.entries == 1 and score.total > 0
    assert _entry(voter, "ballot_attended").points == score.total


def test_with_the_broker_down_the_score_after_a_vote_is_recomputed_at_once(
    make_ballot, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from deputies import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.recompute_score, "delay", broker_down)
    ballot, voter, entry = _open_ballot_and_voter(make_ballot)
    with django_capture_on_commit_callbacks(execute=True):
        votes.vote_cast(ballot=ballot, deputy=voter, marks={entry.candidate_id: "for"})
    assert DutyScore.objects.get(deputy=voter, year=ballot.held_on.year).entries == 1


def test_an_automatic_entry_written_twice_is_one_entry_and_one_statement(
    make_ballot, django_assert_num_queries
) -> None:
    from deputies.services import duty_record_add

    ballot, voter, entry = _open_ballot_and_voter(make_ballot)
    attendance = votes.vote_cast(ballot=ballot, deputy=voter, marks={entry.candidate_id: "for"})
    first = _entry(voter, "ballot_attended")
    # Again for the same source: the insert finds the entry (ON CONFLICT) and it is read back.
    with django_assert_num_queries(2):
        again = duty_record_add(
            deputy=voter, kind="ballot_attended", on=ballot.held_on, source=attendance, score_later=True
        )
    assert again.pk == first.pk
    assert DutyRecord.objects.filter(deputy=voter, kind="ballot_attended").count() == 1


def test_a_project_inspection_is_recorded(make_ballot) -> None:
    from tests.factories.votes import CandidateFactory

    ballot = make_ballot()
    candidate = CandidateFactory.create(cycle=ballot.cycle, number=99)
    project = votes.project_create(candidate=candidate)
    inspector = DeputyFactory.create()
    votes.inspection_record(
        project=project, visited_on=dt.date(2026, 9, 16), deputies=[inspector], findings="进度正常"
    )
    assert _entry(inspector, "project_inspected").points == 2


def test_contacts_are_recorded_and_a_home_meeting_counts_as_the_home_visit() -> None:
    deputy = DeputyFactory.create()
    member = CommitteeMemberFactory.create()
    committee_link_add(member=member, deputy=deputy)
    committee_contact_record(
        member=member, deputy=deputy, on=dt.date(2026, 5, 6), method="phone", summary="了解履职情况"
    )
    constituent_contact_record(
        deputy=deputy, on=dt.date(2026, 5, 8), method="home", summary="回原选区座谈", people=20
    )
    constituent_contact_record(deputy=deputy, on=dt.date(2026, 5, 9), method="visit", summary="走访困难群众")
    kinds = set(DutyRecord.objects.filter(deputy=deputy).values_list("kind", flat=True))
    assert kinds == {"committee_contact", "home_visit", "constituent_contact"}
    assert (
        DutyScore.objects.get(deputy=deputy, year=2026).total == 2
    )  # 1 + 1, committee contact scores nothing
