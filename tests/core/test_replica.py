"""Report reads go to the read replica inside ``replica_reads()``, everything else to the primary."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from congress.models import HandlingUnit
from congress.replica import ReplicaRouter, replica_reads
from tests.factories.core import HandlingUnitFactory

both = pytest.mark.django_db(databases=["default", "replica"], transaction=True)


@pytest.fixture
def routing(settings):
    settings.DATABASE_REPLICA_ROUTING = True


@both
def test_reads_inside_the_block_go_to_the_replica(routing):
    HandlingUnitFactory(name="示范市交通运输局")
    with CaptureQueriesContext(connections["replica"]) as on_replica, replica_reads() as alias:
        names = list(HandlingUnit.objects.values_list("name", flat=True))
    assert alias == "replica"
    assert names == ["示范市交通运输局"]  # committed on the primary, read back through the replica
    assert len(on_replica) == 1


@both
def test_reads_outside_the_block_and_every_write_go_to_the_primary(routing):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        HandlingUnitFactory(name="示范市民政局")
        assert HandlingUnit.objects.count() == 1
        with replica_reads():
            HandlingUnit.objects.create(name="示范市水务局", kind=HandlingUnit.Kind.GOVERNMENT_DEPARTMENT)
    assert len(on_replica) == 0


@both
def test_the_block_is_per_thread(routing):
    seen: list[str | None] = []
    inside = threading.Event()
    done = threading.Event()

    def other_thread() -> None:
        inside.wait()
        seen.append(ReplicaRouter().db_for_read(HandlingUnit))
        done.set()

    thread = threading.Thread(target=other_thread)
    thread.start()
    with replica_reads():
        inside.set()
        done.wait(5)
        assert ReplicaRouter().db_for_read(HandlingUnit) == "replica"
    thread.join()
    assert seen == [None]  # another request's thread keeps reading the primary


def test_without_a_replica_the_block_reads_the_primary(settings):
    settings.DATABASE_REPLICA_ROUTING = False
    with replica_reads() as alias:
        assert alias == "default"
        assert ReplicaRouter().db_for_read(HandlingUnit) is None


def test_migrations_never_run_on_the_replica():
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "suggestions") is False
    assert router.allow_migrate("default", "suggestions") is True
