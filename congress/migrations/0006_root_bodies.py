"""The root body from the ``COMMITTEE_NAME`` setting (and the city area, if any); every existing term
and handling unit, and every account holding a committee or liaison role, is given to it. A one-body
deployment keeps working unchanged and nothing is lost. (Stations and items get their body in their
own apps' migrations.)"""

from django.conf import settings
from django.db import migrations

ROLES = ("committee_staff", "committee_leader", "station_liaison")


def root_create(apps, schema_editor):
    Area = apps.get_model("congress", "Area")
    Body = apps.get_model("congress", "Body")
    BodyRole = apps.get_model("congress", "BodyRole")
    Group = apps.get_model("auth", "Group")
    root = Body.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        city = Area.objects.filter(level=1).order_by("pk").first()
        root = Body.objects.create(kind="city", name=settings.COMMITTEE_NAME, area=city)
        root.path = f"{root.pk}/"
        root.save(update_fields=["path"])
    apps.get_model("congress", "Term").objects.filter(body__isnull=True).update(body=root)
    apps.get_model("congress", "HandlingUnit").objects.filter(body__isnull=True).update(body=root)
    for group in Group.objects.filter(name__in=ROLES):
        BodyRole.objects.bulk_create(
            [BodyRole(user_id=user_id, body=root, role=group.name) for user_id in group.user_set.values_list("pk", flat=True)],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("congress", "0005_bodies"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(root_create, migrations.RunPython.noop)]
