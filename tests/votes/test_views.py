# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""Pages: public list and detail, the proposal form, results and PDF, the deputy's ballot pages and
the unit's project pages; query counts pinned on the list pages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories.core import UnitOfficerFactory, UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CycleFactory
from votes import services
from votes.models import Ballot, BallotAttendance, Cycle, Proposal

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def published(cycle, candidates, deputies, make_ballot):
    ballot = make_ballot()
    for deputy in deputies:
        services.vote_cast(ballot=ballot, deputy=deputy, marks={c.pk: "for" for c in candidates[:4]})
    for status in ("closed", "counted", "published"):
        ballot = services.ballot_transition(ballot=ballot, to=status)
    return ballot


@pytest.fixture
def collecting(db):
    return CycleFactory(
        year=2027,
        phase=Cycle.Phase.COLLECTION,
        collection_opens_on=datetime.date(2026, 11, 1),
        collection_closes_on=datetime.date(2026, 12, 31),
    )


def test_project_list_query_count_is_pinned(client, published, django_assert_num_queries):
    Cycle.objects.filter(pk=published.cycle_id).update(year=timezone.localdate().year)
    # The bodies of the filter, the cycles, projects, ballots and carried-over projects of every body
    # at once, the open calls: six, whatever the number of bodies (tests/votes/test_bodies.py); and
    # the root body's name for the heading, read once and then cached.
    with django_assert_num_queries(7):
        response = client.get(reverse("project-list"))
    assert response.status_code == 200
    assert response.content.decode().count("votes-card") == 4


def test_project_detail_and_unknown_slug(client, published):
    project = published.cycle.projects.first()
    assert client.get(reverse("votes-project-detail", args=[project.slug])).status_code == 200
    assert client.get(reverse("votes-project-detail", args=["nope"])).status_code == 404


def test_results_page_and_pdf(client, published):
    response = client.get(reverse("votes-results", args=[published.slug]))
    assert response.status_code == 200 and "当选" in response.content.decode()
    pdf = client.get(reverse("votes-results-pdf", args=[published.slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"


def test_unpublished_results_are_404(client, make_ballot):
    ballot = make_ballot()
    assert client.get(reverse("votes-results", args=[ballot.slug])).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_public_proposal_form(client, collecting):
    data = {
        "title": "加装电梯",
        "description": "老旧小区没有电梯，老人上下楼困难。",
        "proposer_name": "张三",
        "proposer_phone": "13800001111",
        "consent": "on",
        "captcha_0": "x",
        "captcha_1": "PASSED",
        "website": "",
    }
    response = client.post(reverse("votes-propose"), data)
    assert response.status_code == 200 and "votes/propose_done.html" in [t.name for t in response.templates]
    proposal = Proposal.objects.get()
    assert proposal.source == "citizen" and proposal.consent
    # honeypot and missing consent: a clear error, nothing saved, typed text kept
    response = client.post(reverse("votes-propose"), data | {"website": "spam", "consent": ""})
    body = response.content.decode()
    assert response.status_code == 200 and Proposal.objects.count() == 1 and "加装电梯" in body


@time_machine.travel(TODAY, tick=False)
def test_public_proposal_rate_limited(client, collecting, settings):
    settings.VOTES_PROPOSAL_RATE = "1/h"
    data = {
        "title": "加装电梯",
        "description": "老旧小区没有电梯，老人上下楼困难。",
        "consent": "on",
        "captcha_0": "x",
        "captcha_1": "PASSED",
    }
    client.post(reverse("votes-propose"), data)
    response = client.post(reverse("votes-propose"), data)
    assert response.status_code == 200 and Proposal.objects.count() == 1


def test_proposal_form_closed_outside_window(client, db):
    response = client.get(reverse("votes-propose"))
    assert response.status_code == 200 and "votes/propose_closed.html" in [t.name for t in response.templates]


def test_dashboard_ballot_list_and_vote_with_confirmation(
    client, make_ballot, deputies, candidates, django_assert_num_queries
):
    ballot = make_ballot()
    deputy = deputies[0]
    client.force_login(deputy.user)
    client.get(reverse("votes-dashboard-ballots"))  # warm the session
    # 6 for the page + 2 for the header's permission checks (user and group permissions).
    with django_assert_num_queries(8):
        response = client.get(reverse("votes-dashboard-ballots"))
    assert ballot.title in response.content.decode()
    url = reverse("votes-dashboard-vote", args=[ballot.slug])
    marks = {f"c{candidates[0].pk}": "on", f"c{candidates[1].pk}": "on"}
    response = client.post(url, marks)
    assert "votes/vote_confirm.html" in [t.name for t in response.templates]
    assert not BallotAttendance.objects.exists()  # nothing cast before confirming
    response = client.post(url, marks | {"confirm": "on"})
    assert response.status_code == 302
    assert BallotAttendance.objects.filter(deputy=deputy).count() == 1
    response = client.post(url, marks | {"confirm": "on"})
    assert "已" in response.content.decode() and BallotAttendance.objects.count() == 1


def test_vote_page_refuses_too_many_marks_with_message(client, make_ballot, deputies, candidates):
    ballot = make_ballot()
    client.force_login(deputies[0].user)
    marks = {f"c{c.pk}": "on" for c in candidates}
    response = client.post(reverse("votes-dashboard-vote", args=[ballot.slug]), marks | {"confirm": "on"})
    assert response.status_code == 200 and not BallotAttendance.objects.exists()


def test_ballot_of_another_congress_is_404(client, make_ballot):
    ballot = make_ballot()
    outsider = DeputyFactory(
        level="county", term__level="county", term__number=9, term__name="县第九届", user=UserFactory()
    )
    client.force_login(outsider.user)
    assert client.get(reverse("votes-dashboard-vote", args=[ballot.slug])).status_code == 404


def test_unit_pages_scoped_to_the_officers_unit(client, published, django_assert_num_queries):
    project = published.cycle.projects.first()
    officer = UnitOfficerFactory(unit=project.lead_unit)
    client.force_login(officer.user)
    client.get(reverse("votes-unit-projects"))
    # 5 for the page + 2 for the header's permission checks (user and group permissions).
    with django_assert_num_queries(7):
        response = client.get(reverse("votes-unit-projects"))
    assert project.title in response.content.decode()
    url = reverse("votes-unit-project", args=[project.slug])
    response = client.post(
        url,
        {
            "action": "progress",
            "reported_on": "2026-06-28",
            "progress_percent": "60",
            "actual_quantity": "12",
            "spent": "100",
            "text": "进展顺利",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.progress_percent == 60
    stranger = UnitOfficerFactory()
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404


def test_api_lists_projects_and_results(client, published):
    assert len(client.get(reverse("votes-api-projects")).json()) == 4
    data = client.get(reverse("votes-api-ballot", args=[published.slug])).json()
    assert data["cast_count"] == 7 and len(data["entries"]) == 5


def test_admin_pages_render(client, published, staff, cycle):
    client.force_login(staff)
    assert client.get(reverse("admin:votes_cycle_change", args=[cycle.pk])).status_code == 200
    assert client.get(reverse("admin:votes_ballot_change", args=[published.pk])).status_code == 200
    for name in ("cycle", "ballot", "project", "proposal", "candidate", "rectification", "papertally"):
        assert client.get(reverse(f"admin:votes_{name}_changelist")).status_code == 200


def test_admin_paper_flow(client, staff, make_ballot, deputies, candidates):
    ballot = make_ballot(mode=Ballot.Mode.PAPER)
    client.force_login(staff)
    response = client.post(
        reverse("admin:votes_ballot_presence", args=[ballot.pk]), {"deputies": [d.pk for d in deputies]}
    )
    assert response.status_code == 302 and ballot.attendances.count() == 7
    client.post(reverse("admin:votes_ballot_move", args=[ballot.pk, "closed"]))
    data = (
        {"cast": 7, "valid": 7, "invalid": 0}
        | {f"votes_{c.pk}": 6 for c in candidates[:4]}
        | {f"votes_{candidates[4].pk}": 0}
    )
    assert client.post(reverse("admin:votes_ballot_count", args=[ballot.pk]), data).status_code == 302
    other = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(other)
    client.post(reverse("admin:votes_ballot_count", args=[ballot.pk]), data)
    client.post(reverse("admin:votes_ballot_move", args=[ballot.pk, "counted"]))
    ballot.refresh_from_db()
    assert ballot.status == "counted" and ballot.entries.filter(elected=True).count() == 4


def test_admin_turns_a_suggestion_into_a_proposal(client, staff):
    from suggestions.models import Suggestion

    cycle = CycleFactory(phase=Cycle.Phase.SCREENING)
    Suggestion.objects.create(code="XYZ789", title="修路灯", text="小区路灯坏了很久。", submitted_at=TODAY)
    client.force_login(staff)
    assert client.get(reverse("admin:votes_proposal_changelist")).status_code == 200
    url = reverse("admin:votes_proposal_from_suggestion")
    response = client.post(url, {"code": "nope", "cycle": cycle.pk})
    assert response.status_code == 200 and not Proposal.objects.exists()
    response = client.post(url, {"code": "xyz789", "cycle": cycle.pk})
    assert response.status_code == 302
    assert Proposal.objects.get().source_suggestion.code == "XYZ789"


def test_admin_screening_page_scores_assesses_and_screens_out(client, staff):
    from congress.notifications.models import Notification
    from tests.factories.core import HandlingUnitFactory
    from tests.factories.votes import ProposalFactory

    proposal = ProposalFactory(cycle__phase=Cycle.Phase.SCREENING)
    unit = HandlingUnitFactory()
    client.force_login(staff)
    url = reverse("admin:votes_proposal_screen", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "screened_out", "reason": ""})
    assert response.status_code == 200  # reason missing: the form says so, nothing changes
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    data = {"urgency": 4, "readiness": 3, "reach": 5, "impact": 4, "unit": unit.pk, "opinion": "资金无法保障"}
    response = client.post(url, data | {"decision": "screened_out", "reason": "资金无法保障"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.score) == ("screened_out", 16)
    assert Notification.objects.filter(kind="votes.proposal_screened_out", channel="sms").exists()


def test_admin_adds_a_department_proposal(client, staff):
    from tests.factories.core import HandlingUnitFactory

    cycle = CycleFactory(phase=Cycle.Phase.SCREENING)
    unit = HandlingUnitFactory()
    client.force_login(staff)
    url = reverse("admin:votes_proposal_from_department")
    data = {
        "cycle": cycle.pk,
        "unit": unit.pk,
        "title": "城市照明补盲",
        "description": "为无路灯路段安装节能路灯。",
    }
    assert client.post(url, data).status_code == 302
    assert Proposal.objects.get().unit == unit


# The cycles' lists are scoped by body (docs/bodies.md): for the superuser here, one query more for
# the body filter's choices (every body); committee staff get them with their scope's one read.
@pytest.mark.parametrize(("model", "queries"), [("ballot", 8), ("proposal", 8), ("project", 8), ("cycle", 7)])
def test_admin_changelist_query_counts_are_pinned(
    client, staff, published, model, queries, django_assert_num_queries
):
    client.force_login(staff)
    url = reverse(f"admin:votes_{model}_changelist")
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@time_machine.travel(datetime.datetime(2026, 12, 26, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_deputy_evaluates_projects_from_the_dashboard(client, published, deputies):
    cycle = published.cycle
    Cycle.objects.filter(pk=cycle.pk).update(phase=Cycle.Phase.EVALUATION)
    cycle.refresh_from_db()
    projects = list(cycle.projects.select_related("candidate"))
    evaluation = services.ballot_create(
        cycle=cycle,
        candidates=[p.candidate for p in projects],
        held_on=datetime.date(2026, 12, 26),
        kind=Ballot.Kind.EVALUATION,
        mode="electronic",
    )
    services.ballot_transition(ballot=evaluation, to="open")
    client.force_login(deputies[0].user)
    url = reverse("votes-dashboard-vote", args=[evaluation.slug])
    page = client.get(url)
    assert "votes/evaluate.html" in [t.name for t in page.templates]
    ratings = {f"c{p.candidate_id}": "satisfied" for p in projects} | {
        f"c{projects[0].candidate_id}": "unsatisfied"
    }
    response = client.post(url, ratings)
    assert "不满意" in response.content.decode()  # the confirmation repeats the ratings
    assert client.post(url, ratings | {"confirm": "on"}).status_code == 302
    assert BallotAttendance.objects.filter(ballot=evaluation).count() == 1


def test_admin_records_an_inspection_visit_into_the_duty_record(client, staff, published, deputies):
    from deputies.models import DutyRecord

    project = published.cycle.projects.first()
    client.force_login(staff)
    assert client.get(reverse("admin:votes_project_change", args=[project.pk])).status_code == 200
    url = reverse("admin:votes_project_inspection", args=[project.pk])
    data = {"visited_on": "2026-09-16", "deputies": [deputies[0].pk, deputies[1].pk], "findings": "进度正常"}
    assert client.post(url, data).status_code == 302
    assert project.inspections.count() == 1
    assert DutyRecord.objects.filter(kind="project_inspected").count() == 2


def test_admin_proposal_page_masks_the_proposers_personal_data(client, staff):
    from tests.factories.votes import ProposalFactory

    proposal = ProposalFactory(
        proposer_name="张三丰", proposer_phone="13812345678", proposer_email="zs@example.cn"
    )
    client.force_login(staff)
    body = client.get(reverse("admin:votes_proposal_change", args=[proposal.pk])).content.decode()
    assert "13812345678" not in body and "张三丰" not in body and "zs@example.cn" not in body
    assert "138****5678" in body and "张**" in body
    listing = client.get(reverse("admin:votes_proposal_changelist")).content.decode()
    assert "张三丰" not in listing


def test_too_many_marks_send_the_paper_back_with_every_choice_kept(client, make_ballot, deputies, candidates):
    ballot = make_ballot()
    client.force_login(deputies[0].user)
    ticked = candidates[: ballot.seats + 1]
    marks = {f"c{c.pk}": "on" for c in ticked}
    response = client.post(reverse("votes-dashboard-vote", args=[ballot.slug]), marks)
    assert response.status_code == 200 and "votes/vote.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert f"最多可选{ballot.seats}项，您选了{ballot.seats + 1}项" in page
    for candidate in candidates:
        box = f'name="c{candidate.pk}" data-ballot-choice'
        assert (box + " checked" in page) == (candidate in ticked)
    assert f"<strong data-ballot-chosen>{ballot.seats + 1}</strong> / {ballot.seats}" in page
    assert not BallotAttendance.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_public_proposal_errors_speak_plainly(client, collecting):
    data = {
        "title": "",
        "description": "加装电梯",
        "proposer_phone": "138000011",
        "proposer_email": "zhang@",
        "consent": "on",
        "captcha_0": "x",
        "captcha_1": "WRONG",
        "website": "",
    }
    page = client.post(reverse("votes-propose"), data).content.decode()
    assert "请填写项目名称。" in page
    assert "内容太短了：请至少写10个字，您写了4个字。" in page
    assert "请输入11位手机号码。" in page
    assert "请输入形如 name@example.com 的电子邮箱，或者不填。" in page
    assert "图片验证码不正确，请按新图片重新输入。" in page and "图片验证码" in page
    assert "字符" not in page and not Proposal.objects.exists()
