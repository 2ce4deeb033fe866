"""Ballots per body (DOMAIN.md §6, §11): each body with a congress runs its own cycle, its deputies
vote in it, a deputy of two congresses votes in each body's ballot with that body's seat, a street
working committee gets no cycle, the public projects page groups results by body and the
announcement is signed by the body whose congress voted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from congress.errors import DomainError
from congress.models import Body, Term
from congress.reports import ballot_announcement
from congress.reports.pdf import render_html
from deputies.models import Deputy
from deputies.services import deputy_second_seat_create
from tests.factories.core import (
    DistrictFactory,
    StreetFactory,
    TermFactory,
    UserFactory,
    root_body,
)
from tests.factories.deputies import DeputyFactory
from tests.factories.votes import CandidateFactory, CycleFactory
from votes import reports, selectors, services
from votes.admin import CycleForm
from votes.models import Ballot, BallotAttendance, Cycle

pytestmark = pytest.mark.django_db


@dataclass
class TwoCongresses:
    city_term: Term
    district: Body
    district_term: Term
    street: Body
    person: Deputy  # the city seat, with the login
    district_seat: Deputy
    city_ballot: Ballot
    district_ballot: Ballot


def _open_ballot(term: Term, *, year: int, title: str) -> Ballot:
    cycle = CycleFactory.create(
        term=term,
        year=year,
        title=title,
        phase=Cycle.Phase.BALLOT,
        seats=1,
        chairpersons_approved_on=datetime.date(year, 1, 5),
        committee_approved_on=datetime.date(year, 1, 8),
    )
    candidates = [CandidateFactory.create(cycle=cycle, number=n) for n in (1, 2)]
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(year, 1, 12), mode=Ballot.Mode.ELECTRONIC
    )
    return services.ballot_transition(ballot=ballot, to=Ballot.Status.OPEN)


@pytest.fixture
def two(db: Any) -> TwoCongresses:
    from congress.roles import roles_sync
    from congress.services import body_create

    roles_sync()
    root = root_body()
    area = DistrictFactory.create(name="甲区")
    district = body_create(kind=Body.Kind.COUNTY, name="甲区人大常委会", parent=root, area=area)
    street = body_create(
        kind=Body.Kind.STREET, name="甲街道人大工委", parent=district, area=StreetFactory.create(parent=area)
    )
    city_term = TermFactory.create()
    district_term = TermFactory.create(
        level=Term.Level.COUNTY, area=area, number=19, name="甲区第十九届人民代表大会", body=district
    )
    user = UserFactory.create()
    person = DeputyFactory.create(term=city_term, level=Term.Level.MUNICIPAL, area=area, user=user)
    from congress import roles

    roles.role_grant(user=user, code=roles.DEPUTY)
    district_seat = deputy_second_seat_create(deputy=person, term=district_term, constituency="甲街道选区")
    # Other deputies of each congress, so each roll is more than the person.
    for _ in range(2):
        DeputyFactory.create(term=city_term, level=Term.Level.MUNICIPAL)
        DeputyFactory.create(term=district_term, level=Term.Level.COUNTY)
    return TwoCongresses(
        city_term=city_term,
        district=district,
        district_term=district_term,
        street=street,
        person=person,
        district_seat=district_seat,
        city_ballot=_open_ballot(city_term, year=2026, title="市票决"),
        district_ballot=_open_ballot(district_term, year=2026, title="甲区票决"),
    )


def test_a_street_working_committee_gets_no_cycle(two):
    street_term = TermFactory.create(
        level=Term.Level.TOWNSHIP, area=two.street.area, number=1, name="甲街道（误建）", body=two.street
    )
    with pytest.raises(DomainError, match="街道人大工委") as refused:
        services.cycle_create(year=2027, term=street_term, title="街道票决", seats=3)
    assert refused.value.field == "term"
    assert not Cycle.objects.filter(term=street_term).exists()
    # The admin form says the same, as a form error on the term.
    form = CycleForm(data={"year": 2027, "term": street_term.pk, "title": "街道票决", "seats": 3})
    assert not form.is_valid() and "街道人大工委" in str(form.errors["term"])


def test_a_district_and_a_township_may_run_cycles(two):
    cycle = services.cycle_create(year=2027, term=two.district_term, title="甲区2027", seats=3)
    assert cycle.term.body == two.district


def test_each_body_s_ballot_is_entitled_to_its_own_deputies_only(two):
    assert two.city_ballot.entitled_count == 3 and two.district_ballot.entitled_count == 3
    city_roll = set(services.entitled_deputies(two.city_ballot.cycle).values_list("pk", flat=True))
    district_roll = set(services.entitled_deputies(two.district_ballot.cycle).values_list("pk", flat=True))
    assert two.person.pk in city_roll and two.person.pk not in district_roll
    assert two.district_seat.pk in district_roll and two.district_seat.pk not in city_roll


def test_a_two_level_deputy_sees_both_ballots_each_named_by_its_body(two):
    shown = {b.pk: b.cycle.term.body.name for b in selectors.open_ballots_for(two.person)}
    assert shown == {two.city_ballot.pk: root_body().name, two.district_ballot.pk: "甲区人大常委会"}


def test_a_two_level_deputy_votes_in_each_ballot_once_with_that_body_s_seat(client, two):
    client.force_login(two.person.user)
    candidate = {b.pk: b.entries.first().candidate_id for b in (two.city_ballot, two.district_ballot)}
    for ballot in (two.district_ballot, two.city_ballot):
        url = reverse("votes-dashboard-vote", args=[ballot.slug])
        data = {f"c{candidate[ballot.pk]}": "on", "confirm": "on"}
        client.post(url, data)
    district = BallotAttendance.objects.get(ballot=two.district_ballot)
    city = BallotAttendance.objects.get(ballot=two.city_ballot)
    assert district.deputy_id == two.district_seat.pk and city.deputy_id == two.person.pk
    # A second vote in the district ballot, by either seat, is refused.
    with pytest.raises(DomainError):
        services.vote_cast(
            ballot=two.district_ballot,
            deputy=two.district_seat,
            marks={candidate[two.district_ballot.pk]: "for"},
        )
    with pytest.raises(DomainError):
        services.vote_cast(
            ballot=two.district_ballot, deputy=two.person, marks={candidate[two.district_ballot.pk]: "for"}
        )
    assert BallotAttendance.objects.filter(ballot=two.district_ballot).count() == 1
    page = client.get(reverse("votes-dashboard-ballots")).content.decode()
    assert page.count("您已投票") == 2 and "甲区人大常委会" in page


def _publish(ballot: Ballot) -> Ballot:
    for deputy in services.entitled_deputies(ballot.cycle):
        services.vote_cast(ballot=ballot, deputy=deputy, marks={ballot.entries.first().candidate_id: "for"})
    for status in ("closed", "counted", "published"):
        ballot = services.ballot_transition(ballot=ballot, to=status)
    services.cycle_transition(cycle=ballot.cycle, to="implementation")
    return ballot


def test_public_projects_page_groups_results_by_body_and_filters_by_body(client, two):
    city, district = _publish(two.city_ballot), _publish(two.district_ballot)
    page = client.get(reverse("project-list")).content.decode()
    assert page.index(root_body().name) < page.index("甲区人大常委会")
    assert city.slug in page and district.slug in page
    only = client.get(reverse("project-list"), {"body": two.district.pk})
    text = only.content.decode()
    assert district.slug in text and city.slug not in text
    assert "<strong>甲区人大常委会</strong>" in text  # the header names the body
    for bad in ("abc", "999999", "-1", "1 OR 1=1"):
        response = client.get(reverse("project-list"), {"body": bad})
        assert response.status_code == 200 and "请从列表中选择人大机构" in response.content.decode()


def test_results_page_and_announcement_are_signed_by_the_body_that_voted(client, two, monkeypatch):
    ballot = _publish(two.district_ballot)
    result = reports.published_ballot_result(ballot.slug)
    assert result is not None and result["body"] == "甲区人大常委会"
    page = client.get(reverse("votes-results", args=[ballot.slug])).content.decode()
    assert "<strong>甲区人大常委会</strong>" in page
    # The announcement as the PDF route lays it out (its HTML, so no font is needed here).
    seen = {}

    def capture(template, context, *, info):
        seen["html"] = render_html(template, context, info=info)
        return object()

    monkeypatch.setattr(ballot_announcement, "render_document", capture)
    assert ballot_announcement.announcement_document(ballot.slug) is not None
    assert seen["html"].count("甲区人大常委会") >= 2  # letterhead and signature
    assert root_body().name not in seen["html"]
