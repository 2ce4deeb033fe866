"""The load_calendar management command."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from congress.calendar import services
from congress.calendar.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_load_calendar_loads_a_year_from_the_package() -> None:
    services.calendar_year_set_loaded(year=2025, is_loaded=False)
    CalendarDay.objects.filter(date__year=2025).delete()
    out = StringIO()
    call_command("load_calendar", "--year", "2025", stdout=out)
    assert CalendarYear.objects.get(year=2025).is_loaded
    assert CalendarDay.objects.filter(date=date(2025, 10, 6), name="中秋节").exists()
    assert out.getvalue().startswith("2025:")


def test_load_calendar_all_loads_every_year_the_package_knows() -> None:
    out = StringIO()
    call_command("load_calendar", "--all", stdout=out)
    assert len(out.getvalue().splitlines()) == 23  # 2004–2026


def test_load_calendar_for_an_unknown_year_fails() -> None:
    with pytest.raises(CommandError):
        call_command("load_calendar", "--year", "2027")


def test_load_calendar_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    call_command("load_calendar", "--year", "2027", "--csv", str(path), stdout=StringIO())
    assert CalendarYear.objects.get(year=2027).is_loaded
