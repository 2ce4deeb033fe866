"""The term report (任期内向选民报告履职) applies to the deputies of the congresses the city's network
runs, like 月进站、季回家、年述职 (0010, 0013).

002:819 (Linyi): the standing committee "指导县区开展县乡人大代表联系选区选民全覆盖试点 … 人大代表任期内
向原选区选民或原选举单位至少报告一次履职情况": county and township deputies report to the voters of
their 原选区, city deputies to their 原选举单位 (a district's or county's congress) — all inside the
network, where the portal records the report-back. National and provincial deputies living in the
city report to electing units outside it; they no longer count in the rule's denominator.

A rule staff have already given levels keeps them."""

from django.db import migrations

LEVELS = ["municipal", "county", "township"]
CODE = "term-report"


def forwards(apps, schema_editor):
    QuotaRule = apps.get_model("deputies", "QuotaRule")
    QuotaRule.objects.filter(code=CODE, levels=[]).update(levels=LEVELS)


def backwards(apps, schema_editor):
    QuotaRule = apps.get_model("deputies", "QuotaRule")
    QuotaRule.objects.filter(code=CODE, levels=LEVELS).update(levels=[])


class Migration(migrations.Migration):
    dependencies = [("deputies", "0013_home_and_report_back_levels")]

    operations = [migrations.RunPython(forwards, backwards)]
