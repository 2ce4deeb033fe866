"""Every existing station belongs to the root body (congress 0006 made it): nothing is lost."""

from django.db import migrations


def root_give(apps, schema_editor):
    root = apps.get_model("congress", "Body").objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:  # no body: congress 0006 always makes one, so only a hand-edited database
        return
    apps.get_model("stations", "Station").objects.filter(body__isnull=True).update(body=root)


class Migration(migrations.Migration):
    dependencies = [("stations", "0006_bodies")]

    operations = [migrations.RunPython(root_give, migrations.RunPython.noop)]
