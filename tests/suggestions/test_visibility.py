"""Who sees what: a unit officer only items assigned to their unit, a deputy only items addressed to
them or their own suggestions, a liaison only their station's; anything else is a 404. Contacts are
masked, and every unmasked view is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suggestions import services
from suggestions.models import AccessLog, Suggestion
from tests.factories.core import UserFactory

from .conftest import lead_assignment


def test_committee_staff_see_everything(make, staff):
    make("submitted")
    make("assigned")
    assert Suggestion.objects.visible_to(staff).count() == Suggestion.objects.count()


def test_unit_officer_sees_only_items_assigned_to_the_unit(make, officer, other_officer):
    assigned = make("assigned")
    make("submitted")
    assert list(Suggestion.objects.visible_to(officer)) == [assigned]
    assert not Suggestion.objects.visible_to(other_officer).exists()


def test_unit_loses_sight_after_returning(make, officer):
    make("returned")
    assert not Suggestion.objects.visible_to(officer).exists()


def test_deputy_sees_addressed_items_and_own_suggestions(make, deputy, deputy_user):
    addressed = make("submitted", deputy=deputy)
    make("submitted")
    own = services.deputy_suggestion_file(deputy=deputy, title="建议", text="关于学校周边交通的建议。")
    assert set(Suggestion.objects.visible_to(deputy_user)) == {addressed, own}


def test_liaison_sees_only_the_station_items(make, station, liaison):
    at_station = make("submitted", station=station)
    make("submitted")
    assert list(Suggestion.objects.visible_to(liaison)) == [at_station]


def test_anonymous_and_plain_users_see_nothing(make, db):
    make("submitted")
    assert not Suggestion.objects.visible_to(UserFactory()).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not Suggestion.objects.visible_to(AnonymousUser()).exists()


def test_unit_item_page_of_another_unit_is_404(client, make, other_officer):
    item = make("assigned")
    client.force_login(other_officer)
    assert client.get(reverse("unit-item", args=[lead_assignment(item).pk])).status_code == 404


def test_unit_workbench_is_404_for_non_officers(client, deputy_user):
    client.force_login(deputy_user)
    assert client.get(reverse("unit-home")).status_code == 404


def test_deputy_page_of_an_item_not_theirs_is_404(client, make, deputy_user):
    item = make("submitted")
    client.force_login(deputy_user)
    assert client.get(reverse("opinion-detail", args=[item.code])).status_code == 404


def test_desk_is_404_for_non_liaisons(client, officer, station):
    client.force_login(officer)
    assert client.get(reverse("desk-home")).status_code == 404
    assert client.get(reverse("desk-new", args=[station.slug])).status_code == 404


@pytest.mark.parametrize("role", ["officer", "deputy_user"])
def test_contact_is_masked_until_revealed_and_the_reveal_is_logged(client, make, deputy, role, request):
    user = request.getfixturevalue(role)
    item = make("assigned", deputy=deputy)
    client.force_login(user)
    url = (
        reverse("unit-item", args=[lead_assignment(item).pk])
        if role == "officer"
        else reverse("opinion-detail", args=[item.code])
    )
    page = client.get(url).content.decode()
    assert "139****5678" in page and "13912345678" not in page and "王*" in page
    page = client.post(url, {"action": "reveal"}).content.decode()
    assert "13912345678" in page
    assert AccessLog.objects.filter(suggestion=item, user=user).count() == 1
