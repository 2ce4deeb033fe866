import pytest
from django.contrib.auth.models import Group

from congress import roles
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def _perms(code: str) -> set[str]:
    group = Group.objects.get(name=code)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_every_role_has_a_group():
    roles.roles_sync()
    assert set(Group.objects.values_list("name", flat=True)) >= {r.code for r in roles.ROLES}


def test_committee_staff_manage_deputies_and_handling_units():
    roles.roles_sync()
    perms = _perms(roles.COMMITTEE_STAFF)
    assert {"deputies.change_deputy", "congress.add_handlingunit", "stations.delete_station"} <= perms


def test_committee_leader_reads_but_does_not_edit():
    roles.roles_sync()
    perms = _perms(roles.COMMITTEE_LEADER)
    assert "deputies.view_deputy" in perms
    assert "deputies.change_deputy" not in perms


def test_deputy_unit_and_liaison_roles_open_their_workspaces_only():
    roles.roles_sync()
    assert _perms(roles.DEPUTY) == {"deputies.use_dashboard"}
    assert _perms(roles.UNIT_OFFICER) == {"congress.use_unit_workbench"}
    assert _perms(roles.STATION_LIAISON) == {"stations.use_station_workbench"}


def test_role_sync_is_repeatable_and_restores_removed_permissions():
    roles.roles_sync()
    group = Group.objects.get(name=roles.DEPUTY)
    group.permissions.clear()
    first = roles.roles_sync()
    second = roles.roles_sync()
    assert first == second
    assert _perms(roles.DEPUTY) == {"deputies.use_dashboard"}


def test_user_in_deputy_group_gets_dashboard_permission():
    roles.roles_sync()
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.DEPUTY))
    assert user.has_perm("deputies.use_dashboard")
    assert not user.has_perm("deputies.change_deputy")
