"""Every breakdown of the annual report adds up to the total it breaks down, every group is printed,
and a case never appears in two sections with contradicting states."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import translation

from congress.reports.reads import Period
from congress.reports.sections import deputies as deputies_section
from congress.reports.sections import livelihood as livelihood_section
from congress.reports.sections import suggestions as suggestions_section
from suggestions.models import Status
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes.models import Ballot, BallotEntry

from .conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("reports_test_breakdowns")]

YEAR = Period.year(2025)
SETTLED = (Status.CLOSED, Status.REPLIED, Status.RATED, Status.FOLLOW_UP_DUE, Status.REJECTED, Status.MERGED)
ETHNICITIES = ["汉族", "回族", "藏族", "东乡族", "土族", "裕固族", "保安族", "撒拉族"]


def _sum(rows: list[dict[str, Any]], key: str = "count") -> int:
    return sum(row[key] for row in rows)


def test_every_composition_table_adds_up_and_prints_every_group():
    for ethnicity in ETHNICITIES:
        DeputyFactory.create(ethnicity=ethnicity)
    with time_machine.travel(NOW, tick=False):
        f = deputies_section.figures(YEAR, "default")
    composition = f["composition"]
    assert composition["total"] == len(ETHNICITIES)
    for key in ("level", "gender", "occupation", "education", "party", "ethnicity"):
        assert _sum(composition[key]) == composition["total"], key
    with translation.override("zh-hans"):
        html = render_to_string("reports/annual/deputies.html", {"f": f, "charts": {}})
    for ethnicity in ETHNICITIES:
        assert ethnicity in html


def test_a_tie_settled_by_a_run_off_prints_the_run_off_and_its_tally():
    cycle: Any = CycleFactory.create(year=2025, seats=2)
    a, b, c = (CandidateFactory.create(cycle=cycle, number=n + 1) for n in range(3))
    common = {"cycle": cycle, "status": Ballot.Status.COUNTED, "majority_basis": Ballot.Basis.CAST}
    selection = Ballot.objects.create(
        kind=Ballot.Kind.SELECTION, title="票决", seats=2, held_on=datetime.date(2025, 1, 10), **common
    )
    BallotEntry.objects.create(ballot=selection, candidate=a, position=1, votes=60, elected=True)
    BallotEntry.objects.create(ballot=selection, candidate=b, position=2, votes=41, tied=True)
    BallotEntry.objects.create(ballot=selection, candidate=c, position=3, votes=41, tied=True)
    runoff = Ballot.objects.create(
        kind=Ballot.Kind.RUNOFF,
        title="决选",
        seats=1,
        parent=selection,
        held_on=datetime.date(2025, 1, 10),
        present_count=70,
        cast_count=70,
        valid_count=69,
        **common,
    )
    BallotEntry.objects.create(ballot=runoff, candidate=c, position=1, votes=38, elected=True)
    BallotEntry.objects.create(ballot=runoff, candidate=b, position=2, votes=31)
    f = livelihood_section.figures(YEAR, "default")
    assert f["ballot"]["runoffs"][0]["candidates"] == [
        {"number": 3, "title": c.title, "votes": 38, "elected": True},
        {"number": 2, "title": b.title, "votes": 31, "elected": False},
    ]
    with translation.override("zh-hans"):
        html = render_to_string("reports/annual/livelihood.html", {"f": f, "charts": {}})
    assert "决选" in html and ">38<" in html and ">31<" in html
    assert "票数相同，决选当选" in html


# The tests below read the one city of this module (tests/reports/conftest.py); the ones above
# build their own world and must run before it exists.


def test_every_breakdown_of_the_suggestions_adds_up_to_its_total(city):
    with time_machine.travel(NOW, tick=False):
        f = suggestions_section.figures(YEAR, "default")
    received = f["received"]
    assert received > 100
    for key in ("by_kind", "by_channel", "by_category", "by_district", "by_month"):
        assert _sum(f[key]) == received, key
    triage = f["triage"]
    assert triage["total"] == received
    assert triage["accepted"] + triage["merged"] + triage["rejected"] + triage["pending"] == received
    rated = f["satisfaction"]
    assert rated["satisfied"] + rated["basically"] + rated["unsatisfied"] == rated["ratings"]
    supervision = f["supervision"]
    assert _sum(supervision["by_kind"]) == supervision["total"] == _sum(supervision["by_method"])
    assert _sum(f["units"], "assigned") == f["handling"]["assigned"]
    assert _sum(f["units"], "replied") == f["handling"]["replied"]
    assert _sum(f["units"], "overdue_open") == f["overdue"]["count"]


def test_no_case_appears_in_two_sections_with_contradicting_states(city):
    with time_machine.travel(NOW, tick=False):
        f = suggestions_section.figures(YEAR, "default")
    overdue = {row["code"] for row in f["overdue"]["rows"]}
    for row in f["key"]["rows"]:
        if row["code"] in overdue:
            assert row["state"] not in SETTLED, row
    assert f["key"]["closed"] == sum(row["state"] == Status.CLOSED for row in f["key"]["rows"])


def test_the_supervision_tables_print_kinds_and_methods(city):
    with time_machine.travel(NOW, tick=False):
        f = suggestions_section.figures(YEAR, "default")
    with translation.override("zh-hans"):
        html = render_to_string("reports/annual/suggestions.html", {"f": f, "charts": {}})
    assert "督办类别统计" in html and "督办方式统计" in html
    for row in f["supervision"]["by_method"]:
        assert row["label"] in html  # 会议督办, 实地督办 …
