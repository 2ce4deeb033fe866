"""The triage list's likely-duplicates column: the finder looks across every body when an item comes
in, but a body's staff see only the duplicates inside their own scope (a parent's or a sibling's
item, its code included, is not theirs to see)."""

from __future__ import annotations

from django.urls import reverse

from suggestions import services
from suggestions.models import SuggestionTerms

from .conftest import item_in

TEXT = "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全。"
LIST = reverse("admin:suggestions_triageitem_changelist")


def _submit(network, body_key, area_key):
    return services.suggestion_submit(
        submission=services.SubmissionInput(
            channel="web",
            title=f"{body_key}收到的路灯问题",
            text=TEXT,
            area=network.areas[area_key],
            submitter_mobile="13912345678",
            consent_privacy=True,
            body_id=getattr(network, body_key).pk,
        )
    ).suggestion


def test_a_duplicate_in_the_parents_queue_is_not_shown_to_the_district(client, network):
    at_city = _submit(network, "root", "district")  # the city received it, about the district
    at_street = _submit(network, "street", "district")  # the district sees its street's items
    mine = _submit(network, "district", "district")
    found = [code for _pk, code, _score in SuggestionTerms.objects.get(pk=mine.pk).duplicates]
    assert {at_city.code, at_street.code} <= set(found)  # the finder itself is not scoped

    client.force_login(network.staff["district"])
    page = client.get(LIST).content.decode()
    assert mine.code in page and at_street.code in page
    assert at_city.code not in page

    client.force_login(network.staff["root"])
    page = client.get(LIST).content.decode()
    assert at_city.code in page and mine.code in page  # the city sees its own and its districts'


def test_a_siblings_duplicate_is_not_shown(client, network):
    theirs = _submit(network, "sibling", "district")
    mine = item_in(network, "district", title="甲区路灯")
    assert theirs.code in [code for _pk, code, _score in SuggestionTerms.objects.get(pk=mine.pk).duplicates]
    client.force_login(network.staff["district"])
    page = client.get(LIST).content.decode()
    assert mine.code in page and theirs.code not in page
