"""月进站 applies to the deputies the city's congress network elects and groups into its stations
(城市、区县、乡镇 deputies, 002:427, 002:995: "推动代表每月带着责任进站"): national and provincial
deputies living in the city are not grouped into its stations, so they no longer swell the rule's
denominator. A rule staff have already given levels keeps them."""

from django.db import migrations

LEVELS = ["municipal", "county", "township"]


def forwards(apps, schema_editor):
    QuotaRule = apps.get_model("deputies", "QuotaRule")
    QuotaRule.objects.filter(code="monthly-station", levels=[]).update(levels=LEVELS)


def backwards(apps, schema_editor):
    QuotaRule = apps.get_model("deputies", "QuotaRule")
    QuotaRule.objects.filter(code="monthly-station", levels=LEVELS).update(levels=[])


class Migration(migrations.Migration):
    dependencies = [("deputies", "0009_deputy_second_seat")]

    operations = [migrations.RunPython(forwards, backwards)]
