# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""A deputy's day in the browser, on a phone: log in, open an opinion addressed to them from the
dashboard, take it up as a formal deputy suggestion, and vote in the open livelihood-project
ballot (created here), confirming once."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from suggestions.models import Suggestion
from tests.browser.support import check_page, log_in
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import services as votes
from votes.models import Ballot, BallotAttendance, Cycle

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


@pytest.fixture
def open_ballot(deputy):
    from congress.calendar.models import DeadlinePolicy

    DeadlinePolicy.objects.get_or_create(
        code="project.rectification",
        defaults={"name": "民生实事整改", "unit": "working_days", "amount": 30, "source": "默认值"},
    )
    cycle = CycleFactory(
        term=deputy.term,
        phase=Cycle.Phase.BALLOT,
        seats=2,
        chairpersons_approved_on=datetime.date(2026, 1, 5),
        committee_approved_on=datetime.date(2026, 1, 8),
    )
    candidates = [
        CandidateFactory(cycle=cycle, number=n, title=title)
        for n, title in enumerate(["老旧小区加装电梯", "社区食堂建设", "中小学课后服务"], start=1)
    ]
    ballot = votes.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode=Ballot.Mode.ELECTRONIC
    )
    return votes.ballot_transition(ballot=ballot, to=Ballot.Status.OPEN)


@pytest.fixture
def quota_rules(transactional_db):
    """The duty quotas the data migration seeds (a transactional test elsewhere flushes them), so
    the dashboard shows its progress bars."""
    import importlib

    from django.apps import apps
    from django.db import connection

    from deputies.models import QuotaRule

    if not QuotaRule.objects.exists():
        migration = importlib.import_module("deputies.migrations.0006_default_points_and_quotas")
        migration.forwards(apps, connection.schema_editor())


def test_a_deputy_takes_up_an_opinion_and_votes(context, deputy_user, deputy, make, open_ballot, quota_rules):
    opinion = make("submitted", deputy=deputy, title="小区门口缺少斑马线")
    page = context("phone").new_page()
    log_in(page, deputy_user.username, next_path="/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.get_by_role("progressbar").count() >= 3  # the duty quotas
    check_page(page)

    # The opinion addressed to the deputy is in their list; they take it up.
    page.goto("/dashboard/opinions/")
    check_page(page)
    page.get_by_role("link", name=re.compile("小区门口缺少斑马线")).first.click()
    page.get_by_text("领办为代表建议").click()
    page.get_by_label("代表建议标题").fill("关于在学府路小区门口增设人行横道的建议")
    page.get_by_label("建议内容").fill("学府路小区门口车流量大，居民过街困难，建议增设人行横道和信号灯。")
    page.get_by_role("button", name="作为我的建议提出", exact=True).click()
    formal = Suggestion.objects.get(kind="deputy_suggestion")
    assert formal.code in page.locator(".messages").inner_text()
    expect(page.get_by_role("heading", name="关于在学府路小区门口增设人行横道的建议")).to_be_visible()
    assert Suggestion.objects.get(pk=opinion.pk).merged_into_id == formal.pk
    check_page(page)

    # The open ballot: mark two projects, review, confirm; the list then says the vote is cast.
    page.goto("/dashboard/ballots/")
    check_page(page)
    page.get_by_role("link", name="投票", exact=True).click()
    page.get_by_label(re.compile("老旧小区加装电梯")).check()
    page.get_by_label(re.compile("社区食堂建设")).check()
    check_page(page)
    page.get_by_role("button", name="核对我的选择", exact=True).click()
    chosen = page.locator("main ul").inner_text()
    assert "老旧小区加装电梯" in chosen and "社区食堂建设" in chosen and "中小学课后服务" not in chosen
    page.get_by_role("button", name="确认并投票", exact=True).click()
    assert BallotAttendance.objects.filter(ballot=open_ballot, deputy=deputy).count() == 1
    page.goto("/dashboard/ballots/")
    expect(page.get_by_text("您已投票。")).to_be_visible()
