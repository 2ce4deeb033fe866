"""The state machine: every move of the table is allowed through the transition service, every move
outside it is refused with a clear Chinese message and changes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from congress.errors import DomainError
from suggestions import workflow
from suggestions.models import SuggestionEvent
from suggestions.services import suggestion_transition

ACTIONS = sorted({action for moves in workflow.MOVES.values() for action in moves})


class _Undo(Exception):
    pass


def test_table_names_only_known_states():
    for state, moves in workflow.MOVES.items():
        assert state in workflow.STATES
        for targets in moves.values():
            assert targets <= set(workflow.STATES)


def test_terminal_states_have_no_moves():
    for state in workflow.TERMINAL_STATES:
        assert workflow.actions_from(state) == []


def test_rating_reopens_only_once():
    assert (
        workflow.rating_target(state="replied", unsatisfied=True, reopen_count=0, max_reopens=1) == "reopened"
    )
    assert workflow.rating_target(state="replied", unsatisfied=True, reopen_count=1, max_reopens=1) == "rated"
    assert workflow.rating_target(
        state="follow_up_due", unsatisfied=False, reopen_count=0, max_reopens=1
    ) == ("follow_up_due")


def test_outcome_b_owes_a_follow_up():
    assert workflow.reply_target("B") == "follow_up_due"
    assert workflow.reply_target("A") == "replied"
    assert workflow.reply_target("C") == "replied"


@pytest.mark.parametrize("state", workflow.STATES)
def test_every_move_from_state_is_allowed_or_refused_as_the_table_says(make, submit, staff, state):
    item = make(state)
    main = submit(title="主件").suggestion
    events_before = SuggestionEvent.objects.filter(suggestion=item).count()
    for action in ACTIONS:
        for target in workflow.STATES:
            if workflow.is_allowed(state, action, target):
                with pytest.raises(_Undo), transaction.atomic():
                    fields = {"merged_into": main} if target == "merged" else None
                    moved = suggestion_transition(
                        suggestion=item, action=action, to_state=target, actor=staff, fields=fields
                    )
                    assert moved.status == target
                    event = SuggestionEvent.objects.filter(suggestion=item).latest("pk")
                    assert (event.action, event.from_state, event.to_state, event.actor) == (
                        action,
                        state,
                        target,
                        staff,
                    )
                    raise _Undo
            else:
                with pytest.raises(DomainError) as refused:
                    suggestion_transition(suggestion=item, action=action, to_state=target, actor=staff)
                assert refused.value.code == "illegal_transition"
                assert "当前无法执行此操作" in refused.value.message
    item.refresh_from_db()
    assert item.status == state
    assert SuggestionEvent.objects.filter(suggestion=item).count() == events_before
