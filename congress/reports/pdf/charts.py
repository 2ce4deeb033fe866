"""Charts as SVG for the PDF documents, drawn with matplotlib in the Chinese sans font.

Text is turned into outlines (``svg.fonttype = "path"``) so the PDF needs no font to show a chart,
and the SVG carries no date or random ids, so the same figures give the same chart. A chart with no
data draws a note saying so instead of empty axes.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from .fonts import SANS, require_cjk_fonts

# Restrained colours for an official document: the committee's dark red, then greys and a dull blue.
PALETTE = ("#9b1c1c", "#4b5563", "#1f4e79", "#b45309", "#6b7280", "#9ca3af")


def _figure(width_cm: float, height_cm: float) -> Any:
    require_cjk_fonts()
    import matplotlib

    matplotlib.rcParams.update(
        {
            "font.family": [SANS],
            "font.size": 8,
            "axes.unicode_minus": False,
            "svg.fonttype": "path",
            "svg.hashsalt": "congress-reports",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#6b7280",
            "axes.titleweight": "bold",
            "axes.titlesize": 9,
        }
    )
    from matplotlib.figure import Figure

    return Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=100)


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return buffer.getvalue()


def _no_data(ax: Any) -> None:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        str(_("No data for the period")),
        ha="center",
        va="center",
        fontsize=10,
        color="#6b7280",
        transform=ax.transAxes,
    )


def _label_bars(ax: Any, bars: Any, values: Sequence[float], *, horizontal: bool, fmt: str) -> None:
    for bar, value in zip(bars, values, strict=False):
        text = fmt.format(value)
        if horizontal:
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + text, va="center", fontsize=7)
        else:
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height(),
                text,
                ha="center",
                va="bottom",
                fontsize=7,
            )


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str = "",
    horizontal: bool = False,
    width_cm: float = 16,
    height_cm: float = 7,
    fmt: str = "{:,.0f}",
    color: str = PALETTE[0],
) -> str:
    """One series of bars with their values written on them."""
    fig = _figure(width_cm, height_cm)
    ax = fig.subplots()
    if title:
        ax.set_title(title)
    if not labels or not any(values):
        _no_data(ax)
        return _svg(fig)
    positions = list(range(len(labels)))
    if horizontal:
        bars = ax.barh(positions, values, color=color, height=0.6)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, max(values) * 1.15)
    else:
        bars = ax.bar(positions, values, color=color, width=0.6)
        ax.set_xticks(
            positions,
            labels,
            rotation=30 if len(labels) > 8 else 0,
            ha="right" if len(labels) > 8 else "center",
        )
        ax.set_ylim(0, max(values) * 1.15)
    _label_bars(ax, bars, values, horizontal=horizontal, fmt=fmt)
    return _svg(fig)


def grouped_bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str = "",
    width_cm: float = 16,
    height_cm: float = 7,
) -> str:
    """Several series side by side per label (e.g. this year and last year per month)."""
    fig = _figure(width_cm, height_cm)
    ax = fig.subplots()
    if title:
        ax.set_title(title)
    if not labels or not any(any(values) for _name, values in series):
        _no_data(ax)
        return _svg(fig)
    count = max(len(series), 1)
    width = 0.8 / count
    for index, (name, values) in enumerate(series):
        offsets = [p - 0.4 + width * (index + 0.5) for p in range(len(labels))]
        ax.bar(offsets, values, width=width, label=name, color=PALETTE[index % len(PALETTE)])
    ax.set_xticks(list(range(len(labels))), labels)
    # Under the axes, so the legend never covers a bar.
    ax.legend(frameon=False, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(series))
    return _svg(fig)


def pie_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str = "",
    width_cm: float = 8,
    height_cm: float = 6.5,
) -> str:
    """Shares of a whole. Labels, counts and shares go in a legend beside the pie (slice labels of
    small shares overlap one another), the shares rounded by the report's one rule."""
    from ..rounding import percent_text

    fig = _figure(width_cm, height_cm)
    ax = fig.subplots()
    if title:
        ax.set_title(title)
    pairs = [(label, value) for label, value in zip(labels, values, strict=False) if value]
    if not pairs:
        _no_data(ax)
        return _svg(fig)
    total = sum(value for _label, value in pairs)
    wedges, _texts = ax.pie(
        [value for _label, value in pairs],
        colors=[PALETTE[i % len(PALETTE)] for i in range(len(pairs))],
        startangle=90,
        counterclock=False,
        wedgeprops={"linewidth": 1, "edgecolor": "white"},
    )
    ax.legend(
        wedges,
        [
            f"{label}  {value:,}（{percent_text({'numerator': value, 'denominator': total})}）"
            for label, value in pairs
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        # One column: a row of long labels would widen the drawing and shrink the whole chart.
        ncol=1,
        frameon=False,
        fontsize=8,
        handlelength=1,
    )
    ax.axis("equal")
    return _svg(fig)


def svg_data_uri(svg: str) -> str:
    """An ``<img src>`` for WeasyPrint (and browsers)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
