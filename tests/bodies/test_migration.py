"""The body migrations on a one-body database lose nothing: migrated back to before them, filled with
rows the old way, migrated forward, every row is still there and belongs to the root body, and every
committee and liaison account holds its role in the root body."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("congress", "0004_session_names"),
    ("stations", "0005_labels"),
    ("suggestions", "0006_partial_indexes_for_lists"),
]
AFTER = [
    ("congress", "0007_required_bodies"),
    ("stations", "0008_required_bodies"),
    ("suggestions", "0009_required_bodies"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_one_body_database_keeps_every_row_and_account():
    try:
        old = _migrate(BEFORE)
        Area = old.get_model("congress", "Area")
        city = Area.objects.create(name="示范市", code="6201", level=1)
        street = Area.objects.create(
            name="东岗街道",
            code="620101001",
            level=3,
            parent=Area.objects.create(name="城关区", code="620101", level=2, parent=city),
        )
        term = old.get_model("congress", "Term").objects.create(
            level="municipal",
            number=17,
            name="第十七届",
            area=city,
            starts_on=datetime.date(2022, 1, 8),
            ends_on=datetime.date(2027, 1, 7),
        )
        unit = old.get_model("congress", "HandlingUnit").objects.create(
            name="示范市住建局", kind="department"
        )
        station = old.get_model("stations", "Station").objects.create(
            name="东岗代表之家", slug="dg01", kind="home", area=street, address="东岗西路1号"
        )
        Suggestion = old.get_model("suggestions", "Suggestion")
        for n in range(3):
            Suggestion.objects.create(
                code=f"MIG{n}",
                title=f"路灯{n}",
                text="路灯坏了。",
                submitted_at=timezone.now(),
                station=station if n == 0 else None,
            )
        Group = old.get_model("auth", "Group")
        User = old.get_model("auth", "User")
        accounts = {}
        for role in ("committee_staff", "committee_leader", "station_liaison", "deputy"):
            user = User.objects.create(username=f"mig_{role}", is_staff=role.startswith("committee"))
            user.groups.add(Group.objects.get_or_create(name=role)[0])
            accounts[role] = user.pk
        counts = {
            "terms": old.get_model("congress", "Term").objects.count(),
            "units": old.get_model("congress", "HandlingUnit").objects.count(),
            "stations": old.get_model("stations", "Station").objects.count(),
            "suggestions": Suggestion.objects.count(),
        }
        sample = sorted(Suggestion.objects.values_list("code", "title", "station_id"))

        new = _migrate(AFTER)
        Body = new.get_model("congress", "Body")
        root = Body.objects.get(parent__isnull=True)
        assert Body.objects.count() == 1
        assert root.name == settings.COMMITTEE_NAME and root.area_id == city.pk and root.path == f"{root.pk}/"
        NewSuggestion = new.get_model("suggestions", "Suggestion")
        assert {
            "terms": new.get_model("congress", "Term").objects.filter(body=root).count(),
            "units": new.get_model("congress", "HandlingUnit").objects.filter(body=root).count(),
            "stations": new.get_model("stations", "Station").objects.filter(body=root).count(),
            "suggestions": NewSuggestion.objects.filter(body=root, received_by=root).count(),
        } == counts
        assert sorted(NewSuggestion.objects.values_list("code", "title", "station_id")) == sample
        assert new.get_model("congress", "Term").objects.get(pk=term.pk).body_id == root.pk
        assert new.get_model("congress", "HandlingUnit").objects.get(pk=unit.pk).body_id == root.pk
        roles = set(new.get_model("congress", "BodyRole").objects.values_list("user_id", "role", "body_id"))
        assert roles == {
            (accounts["committee_staff"], "committee_staff", root.pk),
            (accounts["committee_leader"], "committee_leader", root.pk),
            (accounts["station_liaison"], "station_liaison", root.pk),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
