# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""A clerk's correction of the paper count cannot slip in while the ballot is being counted: it
either lands before the count reads the tallies or is refused after it (real threads, real locks)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from congress.errors import DomainError
from tests.factories.core import UserFactory
from votes import services
from votes.models import Ballot, TallyCorrection
from votes.services import ballots as ballot_services

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_correction_sent_while_the_count_runs_waits_and_is_refused(
    make_ballot, deputies, candidates, monkeypatch
):
    ballot = make_ballot(mode=Ballot.Mode.PAPER)
    services.attendance_record_paper(ballot=ballot, deputies=deputies)
    services.ballot_transition(ballot=ballot, to=Ballot.Status.CLOSED)
    first, second = UserFactory.create(), UserFactory.create()
    lines = {c.pk: {"votes": 6} for c in candidates[:4]}
    for clerk in (first, second):
        services.paper_tally_save(ballot=ballot, clerk=clerk, cast=7, valid=6, invalid=1, lines=lines)

    counting, resume = threading.Event(), threading.Event()
    original_count = ballot_services._count

    def count_then_pause(locked: Ballot) -> None:
        original_count(locked)  # the tallies are read and the result decided, not yet committed
        counting.set()
        resume.wait(timeout=30)

    monkeypatch.setattr(ballot_services, "_count", count_then_pause)
    outcome: dict[str, Any] = {}
    correction_done = threading.Event()

    def count() -> None:
        try:
            services.ballot_transition(ballot=ballot, to=Ballot.Status.COUNTED)
            outcome["count"] = "committed"
        finally:
            connections.close_all()

    def correct() -> None:
        changed = dict(lines) | {candidates[0].pk: {"votes": 5}}
        try:
            services.paper_tally_save(
                ballot=ballot, clerk=second, cast=7, valid=6, invalid=1, lines=changed, reason="复核"
            )
            outcome["correction"] = "committed"
        except DomainError as error:
            outcome["correction"] = str(error)
        finally:
            connections.close_all()
            correction_done.set()

    counter = threading.Thread(target=count)
    counter.start()
    assert counting.wait(timeout=30)
    corrector = threading.Thread(target=correct)
    corrector.start()
    finished_during_the_count = correction_done.wait(timeout=2)
    resume.set()
    counter.join(timeout=30)
    corrector.join(timeout=30)

    assert not finished_during_the_count, "the correction did not wait for the count"
    assert outcome["count"] == "committed"
    assert outcome["correction"] != "committed"
    assert not TallyCorrection.objects.exists()
    assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.COUNTED
