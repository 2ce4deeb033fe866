"""Every headline figure of the annual report against an independent SQL query on a city built for
it; the same number of queries whatever the volume; the same data gives the same figures."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress.reports.annual import annual_figures, figures_json, headline_rows
from congress.reports.reads import Period
from congress.reports.templatetags.pdf import percent
from suggestions import demo

from .conftest import NOW, build_city

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("reports_test_annual_figures")]

START, END = "2025-01-01 00:00+08", "2026-01-01 00:00+08"
STANDING = "('active', 'done')"
CLOSED = "('closed', 'rejected', 'merged')"
RECEIVED = "SELECT count(*) FROM suggestions_suggestion WHERE submitted_at >= %(s)s AND submitted_at < %(e)s"
LEAD = f"SELECT count(*) FROM suggestions_assignment WHERE role = 'lead' AND status IN {STANDING}"
YEAR = "BETWEEN '2025-01-01' AND '2025-12-31'"
PROJECTS = "SELECT count(*) FROM votes_project p JOIN votes_cycle c ON c.id = p.cycle_id WHERE c.year = 2025"

# An item's state at the end of the period: the target state of its last state change before then.
STATE_END = (
    "coalesce((SELECT e.to_state FROM suggestions_suggestionevent e WHERE e.suggestion_id = s.id"
    " AND e.to_state <> '' AND e.at < %(e)s ORDER BY e.at DESC, e.id DESC LIMIT 1), 'submitted')"
)
RECEIVED_S = (
    "SELECT count(*) FROM suggestions_suggestion s WHERE submitted_at >= %(s)s AND submitted_at < %(e)s"
)

# One independent query per headline figure (counts), or (numerator, denominator) for rates.
COUNTS = {
    "received": RECEIVED,
    "accepted": RECEIVED_S + f" AND {STATE_END} NOT IN ('submitted', 'merged', 'rejected')",
    "merged": RECEIVED_S + f" AND {STATE_END} = 'merged'",
    "rejected": RECEIVED_S + f" AND {STATE_END} = 'rejected'",
    "assigned": LEAD + " AND assigned_at >= %(s)s AND assigned_at < %(e)s",
    "replied": LEAD + " AND assigned_at >= %(s)s AND assigned_at < %(e)s AND replied_at < %(e)s",
    "reopened": "SELECT count(DISTINCT suggestion_id) FROM suggestions_suggestionevent"
    " WHERE to_state = 'reopened' AND at >= %(s)s AND at < %(e)s",
    "overdue_at_end": LEAD
    + " AND assigned_at < %(e)s AND due_date <= '2025-12-31' AND (replied_at IS NULL OR replied_at >= %(e)s)",
    "key": "SELECT count(*) FROM suggestions_suggestion s WHERE is_key AND submitted_at < %(e)s"
    f" AND (submitted_at >= %(s)s OR {STATE_END} NOT IN {CLOSED})",
    "supervisions": f"SELECT count(*) FROM suggestions_supervision WHERE held_on {YEAR}",
    "stations": "SELECT count(*) FROM stations_station",
    "receptions": "SELECT count(*) FROM stations_reception WHERE status = 'held'"
    " AND date BETWEEN '2025-01-01' AND '2025-12-31'",
    "visitors": "SELECT coalesce(sum(visitors), 0) FROM stations_reception WHERE status = 'held'"
    " AND date BETWEEN '2025-01-01' AND '2025-12-31'",
    "bookings": "SELECT count(*) FROM stations_booking b JOIN stations_reception r ON r.id = b.reception_id"
    " WHERE r.date BETWEEN '2025-01-01' AND '2025-12-31'",
    "deputies": "SELECT count(*) FROM deputies_deputy WHERE status = 'active'",
    "duty_entries": f'SELECT count(*) FROM deputies_dutyrecord WHERE "on" {YEAR}',
    "report_backs": f"SELECT count(*) FROM deputies_dutyrecord WHERE kind = 'report_back' AND \"on\" {YEAR}",
    "projects": PROJECTS,
    "projects_completed": PROJECTS + " AND p.status = 'completed'",
}
RATES = {
    "on_time_rate": (
        LEAD + " AND assigned_at >= %(s)s AND assigned_at < %(e)s AND replied_at < %(e)s"
        " AND (replied_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date",
        LEAD + " AND assigned_at >= %(s)s AND assigned_at < %(e)s"
        " AND (replied_at < %(e)s OR due_date <= '2025-12-31')",
    ),
    "satisfaction_rate": (
        "SELECT count(*) FROM suggestions_rating WHERE rated_at >= %(s)s AND rated_at < %(e)s"
        " AND value IN ('satisfied', 'basically')",
        "SELECT count(*) FROM suggestions_rating WHERE rated_at >= %(s)s AND rated_at < %(e)s",
    ),
    "project_satisfaction": (
        "SELECT coalesce(sum(e.satisfied + e.basically), 0) FROM votes_ballotentry e JOIN votes_ballot b"
        " ON b.id = e.ballot_id JOIN votes_cycle c ON c.id = b.cycle_id WHERE c.year = 2025"
        " AND b.kind = 'evaluation' AND b.status IN ('counted', 'published')",
        "SELECT coalesce(sum(e.satisfied + e.basically + e.unsatisfied), 0) FROM votes_ballotentry e"
        " JOIN votes_ballot b ON b.id = e.ballot_id JOIN votes_cycle c ON c.id = b.cycle_id"
        " WHERE c.year = 2025 AND b.kind = 'evaluation' AND b.status IN ('counted', 'published')",
    ),
}


def _sql(query: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, {"s": START, "e": END})
        return int(cursor.fetchone()[0])


def test_the_whole_report_runs_as_many_queries_for_ten_times_the_data(db):
    build_city(items=40)
    with CaptureQueriesContext(connection) as small:
        annual_figures(2025)
    context = demo._volume_context()
    demo.bulk_year(year=2025, count=360, rng=random.Random(3), now=NOW, context=context)
    with CaptureQueriesContext(connection) as large:
        figures = annual_figures(2025)
    assert figures["sections"]["suggestions"]["received"] >= 400
    assert len(small) == len(large)


# The tests below read the one city of this module (tests/reports/conftest.py).


@pytest.fixture
def headline(city):
    return {row["key"]: row for row in headline_rows(Period.year(2025), "default")}


def test_every_headline_figure_has_an_independent_query(headline):
    assert set(headline) == set(COUNTS) | set(RATES)


def test_every_headline_count_equals_its_independent_query(headline):
    # Compared as one mapping so that a failure shows every figure that differs.
    figures = {key: headline[key]["value"] for key in COUNTS}
    assert figures == {key: _sql(query) for key, query in COUNTS.items()}
    assert [key for key, value in figures.items() if not value] == []  # the city has something everywhere


def test_every_headline_rate_equals_its_independent_query(headline):
    figures = {
        key: (headline[key]["value"]["numerator"], headline[key]["value"]["denominator"]) for key in RATES
    }
    expected = {key: (_sql(numerator), _sql(denominator)) for key, (numerator, denominator) in RATES.items()}
    assert figures == expected
    for key, (numerator, denominator) in expected.items():
        assert denominator > 0, key
        # Printed from the counts, rounded once, half up.
        exact = Decimal(numerator) * 100 / Decimal(denominator)
        assert percent(headline[key]["value"]) == f"{exact.quantize(Decimal('0.1'), ROUND_HALF_UP)}%", key


def test_year_on_year_compares_with_the_year_before(headline):
    received = headline["received"]
    before = _sql(
        COUNTS["received"].replace("%(s)s", "'2024-01-01 00:00+08'").replace("%(e)s", "'2025-01-01 00:00+08'")
    )
    assert received["previous"] == before
    assert received["change"] == received["value"] - before
    assert headline["stations"]["previous"] is None  # counted today: nothing to compare with
    assert headline["deputies"]["previous"] is None


def test_the_same_data_gives_the_same_figures_json(city):
    first = figures_json(annual_figures(2025))
    second = figures_json(annual_figures(2025))
    assert first == second
    assert b"generated" not in first
