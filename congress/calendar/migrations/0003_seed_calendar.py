"""Load the State Council holiday calendars 2004–2026 from the chinesecalendar package, so a new
database counts working days correctly from the start. Later years are loaded by the daily task, the
``load_calendar`` command or the admin (see docs/calendar.md). The upper bound is fixed so that a newer
package release does not change what this migration does."""

import uuid

from django.db import migrations
from django.utils import timezone

LAST_SEEDED_YEAR = 2026

ZH = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
    "anti_fascist_70th_day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarState = apps.get_model("workcalendar", "CalendarState")
    by_value = {member.value: ZH.get(member.name, member.value) for member in constants.Holiday}
    years = sorted({d.year for d in constants.holidays if d.year <= LAST_SEEDED_YEAR})
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    rows = []
    for kind, table in (("holiday", constants.holidays), ("workday", constants.workdays)):
        for day, holiday in table.items():
            if day.year in years and day not in existing:
                name = by_value.get(getattr(holiday, "value", holiday), str(holiday))
                rows.append(CalendarDay(date=day, kind=kind, name=name, source="chinesecalendar"))
    CalendarDay.objects.bulk_create(rows)
    now = timezone.now()
    for year in years:
        CalendarYear.objects.update_or_create(
            year=year, defaults={"is_loaded": True, "loaded_at": now, "source": "chinesecalendar"}
        )
    CalendarState.objects.update_or_create(pk=1, defaults={"version": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0002_default_policies")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
