"""The shared PDF module: A4 frame, Chinese fonts, page numbers, table of contents, repeated table
headers, charts, and a clear failure when no Chinese font is installed."""

from __future__ import annotations

import datetime
import re

import pytest

from congress.reports.pdf import (
    DocumentInfo,
    TocEntry,
    charts,
    fonts,
    official_date,
    render_document,
    render_pdf,
)
from congress.reports.templatetags.pdf import css_string

from .pdftext import pdf_text

# A document without an issuer names the root body, which lives in the database.
pytestmark = pytest.mark.django_db


def _long_document(rows: int = 90) -> bytes:
    sections = [
        {
            "anchor": "received",
            "title": "一、意见建议收办情况",
            "paragraphs": ["本年度共收到群众意见建议。"],
            "tables": [
                {
                    "caption": "承办单位明细",
                    "headers": ["承办单位名称", "交办件数"],
                    "rows": [[f"示范市第{i}局", {"num": True, "text": str(i)}] for i in range(rows)],
                }
            ],
        },
        {"anchor": "stations", "title": "二、代表联络站建设", "new_page": True, "paragraphs": ["联络站。"]},
    ]
    info = DocumentInfo(
        title="2025年度报告",
        date=datetime.date(2026, 1, 5),
        cover=True,
        toc=[TocEntry("received", "一、意见建议收办情况"), TocEntry("stations", "二、代表联络站建设")],
    )
    return render_pdf("reports/pdf/generic.html", {"sections": sections}, info=info)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_page_after_the_cover_says_page_x_of_y():
    pdf = _long_document()
    pages = pdf_text(pdf).split("\f")[:-1]
    total = len(pages)
    assert total >= 4
    assert "第1页" not in _squash(pages[0])  # the cover carries no header or footer
    for number, page in enumerate(pages[1:], start=2):
        assert f"第{number}页共{total}页" in _squash(page)


def test_running_header_names_the_committee_and_the_document(settings):
    pdf = _long_document()
    second = _squash(pdf_text(pdf, page=2))
    assert settings.COMMITTEE_NAME in second
    assert "2025年度报告" in second


def test_cover_shows_the_issuing_body_and_the_official_date(settings):
    cover = _squash(pdf_text(_long_document(), page=1))
    assert settings.COMMITTEE_NAME in cover
    assert "2026年1月5日" in cover


def test_table_of_contents_gives_the_page_each_section_starts_on():
    pdf = _long_document()
    toc = pdf_text(pdf, page=2)
    pages = pdf_text(pdf).split("\f")
    stations_page = next(i for i, page in enumerate(pages, start=1) if "二、代表联络站建设" in page and i > 2)
    line = next(line for line in toc.splitlines() if "二、代表联络站建设" in line)
    assert line.rstrip().endswith(str(stations_page))


def test_a_long_table_repeats_its_header_row_on_every_page_it_spans():
    pdf = _long_document(rows=150)
    pages = [page for page in pdf_text(pdf).split("\f") if "示范市第" in page]
    assert len(pages) >= 2
    for page in pages:
        assert "承办单位名称" in page


def test_rendering_without_a_chinese_font_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(fonts, "_installed_families", lambda rebuild=False: {"DejaVu Sans"})
    fonts.reset_font_check()
    try:
        with pytest.raises(fonts.CjkFontMissing, match="fonts-noto-cjk"):
            render_document("reports/pdf/generic.html", {"sections": []}, info=DocumentInfo(title="测试"))
    finally:
        fonts.reset_font_check()


def test_the_same_figures_draw_the_same_chart():
    first = charts.bar_chart(["城关区", "七里河区"], [12, 7], title="按区县")
    second = charts.bar_chart(["城关区", "七里河区"], [12, 7], title="按区县")
    assert first == second
    assert first.startswith("<?xml") and "<path" in first
    assert "dc:date" not in first


def test_a_chart_without_data_is_not_drawn_as_empty_axes():
    empty = charts.bar_chart(["城关区"], [0], title="按区县")
    filled = charts.bar_chart(["城关区"], [3], title="按区县")
    # No axes: no tick marks are drawn when there is nothing to show.
    assert 'id="xtick_1"' in filled
    assert 'id="xtick_1"' not in empty


def test_official_date_has_no_leading_zeros():
    assert official_date(datetime.date(2026, 1, 5)) == "2026年1月5日"


def test_css_strings_cannot_break_out_of_the_style_element():
    quoted = css_string('示范"市</style>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert "</style>" not in quoted and '"市' not in quoted
