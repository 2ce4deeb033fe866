# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The quorum: a ballot records how many deputies may vote, and nothing is counted or published
unless enough of them took part ("published with 5 of 347 voting" must be impossible)."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from congress.errors import DomainError
from congress.models import AuditEvent
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from votes import services, workflow
from votes.models import Ballot, Project

pytestmark = pytest.mark.django_db


def _vote(ballot, deputies, candidates):
    for deputy in deputies:
        services.vote_cast(ballot=ballot, deputy=deputy, marks={c.pk: "for" for c in candidates[:4]})


@pytest.mark.parametrize(
    ("entitled", "share", "strict", "needed"),
    [
        (347, Fraction(1, 2), True, 174),
        (346, Fraction(1, 2), True, 174),
        (7, Fraction(1, 2), True, 4),
        (1, Fraction(1, 2), True, 1),
        (300, Fraction(2, 3), False, 200),
        (301, Fraction(2, 3), False, 201),
        (300, Fraction(2, 3), True, 201),
    ],
)
def test_quorum_needed_is_more_than_or_at_least_the_share(entitled, share, strict, needed):
    assert workflow.quorum_needed(entitled, share, strict=strict) == needed


def test_ballot_records_the_entitled_deputies_and_the_rule_with_its_source(make_ballot, deputies):
    ballot = make_ballot()
    assert ballot.entitled_count == len(deputies) == 7
    assert ballot.quorum_needed == 4
    assert "组织法" in ballot.quorum_source


def test_five_of_347_voting_cannot_be_counted_or_published(cycle, candidates):
    """The reported case: 347 entitled deputies, 5 voted."""
    voters = [DeputyFactory(term=cycle.term, user=UserFactory()) for _ in range(5)]
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    services.ballot_entitled_set(ballot=ballot, count=347, reason="另有342名代表未录入系统")
    ballot = services.ballot_transition(ballot=ballot, to="open")
    assert ballot.entitled_count == 347  # set by hand: opening keeps it
    _vote(ballot, voters, candidates)
    services.ballot_transition(ballot=ballot, to="closed")
    with pytest.raises(DomainError) as refused:
        services.ballot_transition(ballot=ballot, to="counted")
    assert "5" in refused.value.message and "347" in refused.value.message and "174" in refused.value.message
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED and ballot.present_count is None
    assert not Project.objects.filter(cycle=cycle).exists()


def test_refusal_message_is_chinese(cycle, candidates, settings):
    from django.utils import translation

    voters = [DeputyFactory(term=cycle.term) for _ in range(1)]
    [DeputyFactory(term=cycle.term) for _ in range(4)]
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    ballot = services.ballot_transition(ballot=ballot, to="open")
    _vote(ballot, voters, candidates)
    services.ballot_transition(ballot=ballot, to="closed")
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        services.ballot_transition(ballot=ballot, to="counted")
    assert "未达到法定人数" in refused.value.message, refused.value.message


def test_exactly_the_quorum_counts_and_publishes(make_ballot, deputies, candidates):
    ballot = make_ballot()
    _vote(ballot, deputies[:4], candidates)  # 4 of 7: more than half
    for status in ("closed", "counted", "published"):
        ballot = services.ballot_transition(ballot=ballot, to=status)
    assert (ballot.entitled_count, ballot.present_count, ballot.quorum_met) == (7, 4, True)


def test_one_below_the_quorum_is_refused(make_ballot, deputies, candidates):
    ballot = make_ballot()
    _vote(ballot, deputies[:3], candidates)  # 3 of 7: not more than half
    services.ballot_transition(ballot=ballot, to="closed")
    with pytest.raises(DomainError):
        services.ballot_transition(ballot=ballot, to="counted")


def test_publishing_checks_the_quorum_again(make_ballot, deputies, candidates):
    """A ballot counted before the rule existed (or with its figures changed) is not published."""
    ballot = make_ballot()
    _vote(ballot, deputies[:4], candidates)
    services.ballot_transition(ballot=ballot, to="closed")
    services.ballot_transition(ballot=ballot, to="counted")
    Ballot.objects.filter(pk=ballot.pk).update(entitled_count=347)
    with pytest.raises(DomainError):
        services.ballot_transition(ballot=ballot, to="published")
    assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.COUNTED


def test_closed_ballot_below_quorum_can_be_reopened_and_then_counted(make_ballot, deputies, candidates):
    ballot = make_ballot()
    _vote(ballot, deputies[:2], candidates)
    services.ballot_transition(ballot=ballot, to="closed")
    with pytest.raises(DomainError):
        services.ballot_transition(ballot=ballot, to="open")  # a reason is required
    services.ballot_transition(ballot=ballot, to="open", note="延长投票时间")
    _vote(ballot, deputies[2:5], candidates)
    services.ballot_transition(ballot=ballot, to="closed")
    ballot = services.ballot_transition(ballot=ballot, to="counted")
    assert ballot.present_count == ballot.cast_count == 5


def test_ballot_below_quorum_can_be_declared_void_and_held_again(make_ballot, deputies, candidates, cycle):
    ballot = make_ballot()
    _vote(ballot, deputies[:1], candidates)
    services.ballot_transition(ballot=ballot, to="closed")
    ballot = services.ballot_transition(ballot=ballot, to="failed", note="未达到法定人数，择期重新票决")
    assert ballot.status == Ballot.Status.FAILED
    again = services.ballot_create(cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 13))
    assert again.kind == Ballot.Kind.SELECTION


def test_ballot_that_reached_its_quorum_cannot_be_declared_void(make_ballot, deputies, candidates):
    ballot = make_ballot()
    _vote(ballot, deputies[:4], candidates)
    services.ballot_transition(ballot=ballot, to="closed")
    with pytest.raises(DomainError):
        services.ballot_transition(ballot=ballot, to="failed", note="误操作")


def test_entitled_count_is_editable_only_before_opening_and_audited(cycle, candidates, deputies):
    ballot = services.ballot_create(cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12))
    with pytest.raises(DomainError):
        services.ballot_entitled_set(ballot=ballot, count=8, reason="")
    services.ballot_entitled_set(ballot=ballot, count=8, reason="一名代表的辞职尚未录入")
    assert AuditEvent.objects.filter(action="ballot_entitled_set").count() == 1
    services.ballot_transition(ballot=ballot, to="open")
    with pytest.raises(DomainError):
        services.ballot_entitled_set(ballot=ballot, count=9, reason="再次修改")
    assert Ballot.objects.get(pk=ballot.pk).entitled_count == 8


def test_opening_takes_the_roll_as_it_stands(cycle, candidates, deputies):
    ballot = services.ballot_create(cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12))
    assert ballot.entitled_count == 7
    DeputyFactory(term=cycle.term)
    deputies[0].status = "resigned"
    deputies[0].save()
    DeputyFactory(term=cycle.term)
    ballot = services.ballot_transition(ballot=ballot, to="open")
    assert ballot.entitled_count == 8


def test_majority_of_all_entitled_is_judged_against_entitled_not_voting(settings, make_ballot, deputies):
    """7 entitled, 5 vote: 3 votes are a majority of the voters but not of all entitled (needs 4)."""
    settings.VOTES_MAJORITY_BASIS = "entitled"
    ballot = make_ballot()
    entries = list(ballot.entries.order_by("position"))
    for i, deputy in enumerate(deputies[:5]):
        chosen = [entries[0].candidate_id] + ([entries[1].candidate_id] if i < 3 else [])
        services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(chosen, "for"))
    services.ballot_transition(ballot=ballot, to="closed")
    ballot = services.ballot_transition(ballot=ballot, to="counted")
    assert ballot.threshold == 4
    elected = set(ballot.entries.filter(elected=True).values_list("candidate_id", flat=True))
    assert elected == {entries[0].candidate_id}


def test_admin_ballot_page_labels_the_title_and_shows_the_quorum(client, cycle, candidates, deputies):
    from django.urls import reverse

    staff = UserFactory(is_staff=True, is_superuser=True)
    ballot = services.ballot_create(cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12))
    client.force_login(staff)
    page = client.get(reverse("admin:votes_ballot_change", args=[ballot.pk])).content.decode()
    assert '<label class="required" for="id_title">标题:</label>' in page
    assert "职务" not in page
    assert "应到代表" in page and "法定人数" in page and "组织法" in page


def test_admin_sets_the_entitled_count_with_a_reason(client, cycle, candidates, deputies):
    from django.urls import reverse

    staff = UserFactory(is_staff=True, is_superuser=True)
    ballot = services.ballot_create(cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12))
    client.force_login(staff)
    url = reverse("admin:votes_ballot_entitled", args=[ballot.pk])
    assert client.post(url, {"count": 9, "reason": ""}).status_code == 200
    assert client.post(url, {"count": 9, "reason": "两名代表补选结果已公告"}).status_code == 302
    assert Ballot.objects.get(pk=ballot.pk).entitled_count == 9


def test_admin_refuses_to_count_below_quorum_with_the_reason(client, make_ballot, deputies, candidates):
    from django.urls import reverse

    staff = UserFactory(is_staff=True, is_superuser=True)
    ballot = make_ballot()
    _vote(ballot, deputies[:2], candidates)
    services.ballot_transition(ballot=ballot, to="closed")
    client.force_login(staff)
    response = client.post(reverse("admin:votes_ballot_move", args=[ballot.pk, "counted"]), follow=True)
    assert "未达到法定人数" in response.content.decode()
    assert Ballot.objects.get(pk=ballot.pk).status == Ballot.Status.CLOSED
