"""季回家 and 年述职 apply to the deputies of the congresses the city's network runs: the city's, the
districts' and counties', the townships' (municipal, county and township deputies), as 月进站 does
since 0010.

The three are one local measure with one scope. 002:995 (Dezhou): "探索开展'月进站、季回家、年述职'，
推动代表每月带着责任'进站'、每季度带着问题'回家'、每年带着履职成绩单向原选区或选举单位述职";
002:427 (Tengzhou): the standing committee "推行'月进站、季回家、年述职'" for the deputies it
groups into its stations (002:425). "回家" and "述职" are to the deputy's 原选区 (county and township
deputies, elected by the voters) or 选举单位 (city deputies, elected by a district's or county's
congress): both lie inside the network, where the portal records the home visit and the report-back.
National and provincial deputies living in the city report to electing units outside it, under the
province's arrangements; they no longer swell the denominators of the two rules (the annual report
printed 年述职 for every deputy of every level). The term report (任期内向选民报告履职, 002:819) is
not changed here.

A rule staff have already given levels keeps them; staff may add levels in the admin (履职任务)."""

from django.db import migrations

LEVELS = ["municipal", "county", "township"]
CODES = ["quarterly-home", "yearly-report-back"]


def forwards(apps, schema_editor):
    QuotaRule = apps.get_model("deputies", "QuotaRule")
    QuotaRule.objects.filter(code__in=CODES, levels=[]).update(levels=LEVELS)


def backwards(apps, schema_editor):
    QuotaRule = apps.get_model("deputies", "QuotaRule")
    QuotaRule.objects.filter(code__in=CODES, levels=LEVELS).update(levels=[])


class Migration(migrations.Migration):
    dependencies = [("deputies", "0012_required_group_and_member_bodies")]

    operations = [migrations.RunPython(forwards, backwards)]
