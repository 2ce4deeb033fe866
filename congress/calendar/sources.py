"""Reading the State Council holiday calendar from the PyPI package ``chinesecalendar`` (no Django).

The package (import name ``chinese_calendar``) is maintained by hand after each annual notice; each
release knows the years up to the newest notice. ``constants.holidays`` and ``constants.workdays`` map
a date to the English name of the holiday (the value of a ``Holiday`` enum member); holidays include the
weekend days inside a holiday period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .engine import WorkCalendar, build_calendar

# The official Chinese names of the holidays in the State Council's notices.
HOLIDAY_NAMES_ZH: dict[str, str] = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
    "anti_fascist_70th_day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


@dataclass(frozen=True)
class YearData:
    year: int
    holidays: dict[date, str]
    makeup_workdays: dict[date, str]


def _name(holiday: object) -> str:
    """The Chinese name of a ``Holiday`` member or of its English value; unknown names pass through."""
    from chinese_calendar.constants import Holiday

    for member in Holiday:
        if holiday is member or holiday == member.value or holiday == member.name:
            return HOLIDAY_NAMES_ZH.get(member.name, member.value)
    return str(holiday)


def package_version() -> str:
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - the package is a pinned dependency
        return ""
    return str(getattr(chinese_calendar, "__version__", ""))


def known_years() -> list[int]:
    """The years the installed package has data for."""
    from chinese_calendar import constants

    return sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})


def year_data(year: int) -> YearData | None:
    """The holidays and make-up working days of ``year``, or ``None`` when the package does not know
    the year (a newer release may)."""
    from chinese_calendar import constants

    if year not in known_years():
        return None
    return YearData(
        year=year,
        holidays={d: _name(h) for d, h in constants.holidays.items() if d.year == year},
        makeup_workdays={d: _name(h) for d, h in constants.workdays.items() if d.year == year},
    )


def package_calendar(*, up_to: int | None = None) -> WorkCalendar:
    """A calendar straight from the package, without the database: every year it knows, up to
    ``up_to`` (later years stay unloaded). Used by the benchmark and by tests of the pure engine; the
    portal itself builds its calendar from the database (``selectors.work_calendar``)."""
    holidays: dict[date, str] = {}
    makeup: dict[date, str] = {}
    years = [y for y in known_years() if up_to is None or y <= up_to]
    for year in years:
        data = year_data(year)
        if data is not None:
            holidays.update(data.holidays)
            makeup.update(data.makeup_workdays)
    return build_calendar(
        holidays=holidays.items(),
        makeup_workdays=makeup.items(),
        loaded_years=years,
        version=f"chinesecalendar-{package_version()}-{up_to}",
    )
