"""A deputy of two congresses (a city deputy who also sits in the district's congress): one login,
two seats; the dashboard shows both bodies' work, each item saying which body it belongs to; what
concerns the second seat reaches the person's account; nobody else gains anything."""

from __future__ import annotations

import pytest
from django.urls import reverse

from congress import roles
from congress.errors import DomainError
from congress.models import Term
from congress.notifications.models import Notification
from deputies.services import deputy_second_seat_create
from suggestions import services
from suggestions.models import Suggestion
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seats(network):
    district_term = Term.objects.create(
        level=Term.Level.COUNTY,
        number=19,
        name="甲区第十九届人民代表大会",
        area=network.areas["district"],
        body=network.district,
        starts_on="2021-12-20",
        ends_on="2026-12-19",
        is_current=True,
    )
    user = UserFactory.create()
    roles.role_grant(user=user, code=roles.DEPUTY)
    city = DeputyFactory.create(user=user, area=network.areas["district"], name="两级代表")
    district = deputy_second_seat_create(deputy=city, term=district_term, constituency="甲街道选区")
    return {"user": user, "city": city, "district": district, "term": district_term}


def _opinion(seat, title):
    return services.suggestion_submit(
        submission=services.SubmissionInput(
            channel="qr",
            title=title,
            text="小区门口的路灯坏了很久，晚上出行很不方便，希望尽快修好。",
            submitter_mobile="13912345678",
            consent_privacy=True,
            deputy=seat,
        )
    ).suggestion


def test_the_second_seat_sits_in_the_district_term_and_points_at_the_login(seats, network):
    district = seats["district"]
    assert district.term.body == network.district and district.level == Term.Level.COUNTY
    assert district.user_id is None and district.seat_of_id == seats["city"].pk
    assert district.account_id == seats["user"].pk


def test_a_second_seat_is_refused_twice_in_one_term_or_in_a_street(seats, network):
    with pytest.raises(DomainError):
        deputy_second_seat_create(deputy=seats["city"], term=seats["term"], constituency="再一次")
    with pytest.raises(DomainError):
        deputy_second_seat_create(deputy=seats["district"], term=seats["term"], constituency="链")
    street_term = Term.objects.create(
        level=Term.Level.TOWNSHIP,
        number=1,
        name="街道（误建）",
        area=network.areas["street"],
        body=network.street,
        starts_on="2021-12-20",
        ends_on="2026-12-19",
    )
    with pytest.raises(DomainError, match="人民代表大会"):
        deputy_second_seat_create(deputy=seats["city"], term=street_term, constituency="街道")


def test_items_go_to_each_seat_s_body_and_the_dashboard_shows_both_labelled(client, seats, network):
    city_item = _opinion(seats["city"], "市级事项：延长夜班公交")
    district_item = _opinion(seats["district"], "区级事项：人行道破损")
    assert city_item.body == network.root and district_item.body == network.district
    client.force_login(seats["user"])
    home = client.get(reverse("dashboard")).content.decode()
    listing = client.get(reverse("opinion-list")).content.decode()
    for page in (home, listing):
        assert "市级事项" in page and "区级事项" in page
        assert network.district.name in page and network.root.name in page
    # The item of the second seat opens, and the take-up acts with that seat.
    response = client.get(reverse("opinion-detail", args=[district_item.code]))
    assert response.status_code == 200 and response.context["deputy"].pk == seats["district"].pk
    assert response.context["can_reveal"] and response.context["can_take_up"]


def test_what_concerns_the_second_seat_reaches_the_person_s_account(seats):
    item = _opinion(seats["district"], "区级事项：楼道照明")
    assert Notification.objects.filter(recipient=seats["user"], object_id=item.pk).exists()


def test_another_deputy_does_not_see_the_two_level_deputy_s_items(client, seats):
    item = _opinion(seats["district"], "区级事项：井盖缺失")
    other = UserFactory.create()
    roles.role_grant(user=other, code=roles.DEPUTY)
    DeputyFactory.create(user=other)
    client.force_login(other)
    assert item not in Suggestion.objects.visible_to(other)
    assert client.get(reverse("opinion-detail", args=[item.code])).status_code == 404
    assert "井盖缺失" not in client.get(reverse("opinion-list")).content.decode()


def test_only_the_term_s_body_records_a_seat_in_it(seats, network):
    from congress.errors import DomainError
    from deputies.models import Deputy

    other = DeputyFactory.create(area=network.areas["district"], name="另一市代表")
    before = Deputy.objects.count()
    # A sibling district's staff cannot put a seat into 甲区's congress, nor a street's staff.
    for key in ("sibling", "street"):
        with pytest.raises(DomainError):
            deputy_second_seat_create(
                deputy=other, term=seats["term"], constituency="越权", actor=network.staff[key]
            )
    assert Deputy.objects.count() == before
    seat = deputy_second_seat_create(
        deputy=other, term=seats["term"], constituency="甲镇选区", actor=network.staff["district"]
    )
    assert seat.seat_of_id == other.pk and seat.term_id == seats["term"].pk
