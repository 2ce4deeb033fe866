"""The deputy's annual duty report (代表履职报告): profile, the year's figures, points by dimension and
item, quota progress, report-backs to voters and every entry, printed as an A4 PDF on the shared PDF
module. Everything it prints is read through ``deputies.selectors``. The deputy downloads it from
the dashboard, staff from the deputy's admin page (``congress/reports/views.py``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from deputies.selectors import duty_year, quota_progress, report_backs_in_year

from .pdf import DocumentInfo, TocEntry, charts, render_pdf

SECTIONS = [
    ("profile", gettext_lazy("1. Profile")),
    ("figures", gettext_lazy("2. The year in figures")),
    ("points", gettext_lazy("3. Duty points")),
    ("quotas", gettext_lazy("4. Duty quotas")),
    ("report_backs", gettext_lazy("5. Report-backs to voters")),
    ("entries", gettext_lazy("6. Duty record")),
]


def _number(value: Any) -> str:
    text = f"{value:f}" if hasattr(value, "normalize") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def duty_report_context(deputy: Any, *, year: int) -> dict[str, Any]:
    """Everything the duty report prints, read through the deputies selectors."""
    record = duty_year(deputy, year=year)
    entries = sorted(record["entries"], key=lambda e: (e.on, e.pk))
    by_kind = Counter(entry.get_kind_display() for entry in entries)
    kinds = by_kind.most_common()
    report_backs = report_backs_in_year(deputy, year=year)
    ratings = sum(rb.ratings_total for rb in report_backs)
    satisfied = sum(rb.satisfied + rb.basically for rb in report_backs)
    today = timezone.localdate()
    quotas = quota_progress(
        deputy, today=today if today.year == year else today.replace(year=year, month=12, day=31)
    )
    stations = [station.name for station in deputy.stations.all()]  # the stations app's relation
    groups = [group.name for group in deputy.groups.all()]
    return {
        "deputy": deputy,
        "year": year,
        "record": record,
        "profile": [
            (pgettext("person", "Name"), deputy.name),
            (_("Gender"), deputy.get_gender_display()),
            (_("Ethnicity"), deputy.ethnicity),
            (_("Birth year"), str(deputy.birth_year)),
            (_("Party affiliation"), deputy.get_party_display()),
            (_("Education"), deputy.get_education_display()),
            (_("Work unit and title"), f"{deputy.work_unit}{' ' + deputy.title if deputy.title else ''}"),
            (_("Level"), f"{deputy.get_level_display()} · {deputy.term.name}"),
            (_("Constituency or electing unit"), deputy.constituency),
            (_("Delegation"), deputy.delegation.name if deputy.delegation else "—"),
            (_("Deputy groups"), "、".join(groups) or "—"),
            (_("Stations"), "、".join(stations) or "—"),
        ],
        "figures": [
            {
                "value": _number(record["total"]),
                "label": _("Points this year (of %(max)s)") % {"max": _number(record["max_total"])},
            },
            {"value": f"{record['rank']}/{record['ranked_among']}", "label": _("Rank")},
            {"value": str(len(entries)), "label": _("Entries in the duty record")},
            {
                "value": f"{100 * satisfied / ratings:.1f}%" if ratings else "—",
                "label": _("Voters satisfied with the report-backs (%(n)s ratings)") % {"n": ratings},
            },
        ],
        "chart": charts.svg_data_uri(
            charts.bar_chart(
                [label for label, _n in kinds],
                [n for _label, n in kinds],
                horizontal=True,
                height_cm=max(4, 0.6 * len(kinds) + 1.5),
            )
        ),
        "quotas": quotas,
        "report_backs": report_backs,
        "entries": entries,
    }


def duty_report_pdf(deputy: Any, *, year: int) -> bytes:
    """The report is an official document: Chinese whatever language the person downloading uses."""
    with translation.override(settings.LANGUAGE_CODE):
        context = duty_report_context(deputy, year=year)
        info = DocumentInfo(
            title=_("Duty report of deputy %(name)s, %(year)s") % {"name": deputy.name, "year": year},
            subtitle=f"{deputy.term.name} · {deputy.constituency}",
            cover=True,
            toc=[TocEntry(anchor, str(title)) for anchor, title in SECTIONS],
        )
        return render_pdf("reports/duty_report.html", {**context, "sections": dict(SECTIONS)}, info=info)
