import pytest

from suggestions import workflow


@pytest.mark.parametrize("state", workflow.STATES)
def test_every_state_is_reachable(make, state):
    assert make(state).status == state
