# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The pure rules: margin and its rounding, majority, ties."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from congress.errors import DomainError
from votes import services, workflow

EXPECTED_MIN_QUARTER = {
    1: 2,
    2: 3,
    3: 4,
    4: 5,
    5: 7,
    6: 8,
    7: 9,
    8: 10,
    9: 12,
    10: 13,
    11: 14,
    12: 15,
    13: 17,
    14: 18,
    15: 19,
    16: 20,
    17: 22,
    18: 23,
    19: 24,
    20: 25,
}


@pytest.mark.parametrize("seats", range(1, 21))
def test_margin_quarter_rounds_up_for_1_to_20_seats(seats):
    assert workflow.min_candidates(seats, Fraction(1, 4)) == EXPECTED_MIN_QUARTER[seats]
    assert workflow.min_candidates(seats, Fraction(1, 4)) == seats + math.ceil(seats / 4)


def test_eight_seats_need_ten_candidates():
    assert workflow.min_candidates(8, Fraction(1, 4)) == 10


@pytest.mark.parametrize("seats", range(1, 21))
def test_margin_range_twenty_to_thirty_percent_is_never_empty(seats):
    low = workflow.min_candidates(seats, Fraction(1, 5))
    high = workflow.max_candidates(seats, Fraction(1, 5), Fraction(3, 10))
    assert high is not None and low <= high
    assert low == seats + math.ceil(seats * 0.2 - 1e-9)


@pytest.mark.parametrize("seats", range(1, 21))
def test_margin_validate_refuses_one_short(settings, seats):
    settings.VOTES_MARGIN_MIN = Fraction(1, 4)
    needed = EXPECTED_MIN_QUARTER[seats]
    services.margin_validate(seats=seats, candidates=needed)
    with pytest.raises(DomainError):
        services.margin_validate(seats=seats, candidates=needed - 1)


def test_margin_max_setting_refuses_too_many(settings):
    settings.VOTES_MARGIN_MIN = Fraction(1, 5)
    settings.VOTES_MARGIN_MAX = Fraction(3, 10)
    services.margin_validate(seats=10, candidates=13)
    with pytest.raises(DomainError):
        services.margin_validate(seats=10, candidates=14)


def test_majority_threshold_is_more_than_half():
    assert workflow.majority_threshold(304) == 153
    assert workflow.majority_threshold(305) == 153
    assert workflow.majority_threshold(1) == 1


def test_decide_top_seats_with_majority():
    outcome = workflow.decide({1: 90, 2: 80, 3: 70, 4: 40, 5: 30}, seats=3, basis=100)
    assert outcome.elected == [1, 2, 3] and not outcome.has_tie


def test_decide_majority_leaves_seat_unfilled():
    outcome = workflow.decide({1: 90, 2: 51, 3: 50, 4: 10}, seats=3, basis=100)
    assert outcome.elected == [1, 2] and not outcome.has_tie


def test_decide_tie_at_last_seat_is_reported_not_broken_by_order():
    outcome = workflow.decide({1: 90, 2: 70, 3: 70, 4: 20}, seats=2, basis=100)
    assert outcome.elected == [1]
    assert outcome.tied == [2, 3] and outcome.seats_in_tie == 1


def test_decide_tie_that_fits_elects_all():
    outcome = workflow.decide({1: 90, 2: 70, 3: 70, 4: 20}, seats=3, basis=100)
    assert sorted(outcome.elected) == [1, 2, 3] and not outcome.has_tie


def test_paper_with_more_marks_than_seats_is_invalid():
    assert services.paper_marks_valid(kind="selection", seats=2, marks={1: "for", 2: "for"})
    assert not services.paper_marks_valid(kind="selection", seats=2, marks={1: "for", 2: "for", 3: "for"})


def test_tally_checks():
    ok = workflow.TallyFigures(present=10, cast=9, valid=8, invalid=1, per_candidate={1: 8, 2: 5}, seats=2)
    assert workflow.tally_errors(ok) == []
    bad = workflow.TallyFigures(present=8, cast=9, valid=7, invalid=1, per_candidate={1: 8}, seats=1)
    assert set(workflow.tally_errors(bad)) == {"sum", "present", "candidate_above_valid", "marks_above_seats"}
