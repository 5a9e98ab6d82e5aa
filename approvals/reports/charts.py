"""The geometry of the reports' charts, drawn on the server as inline SVG (no chart library, no script: the
Content-Security-Policy allows neither inline scripts nor inline styles; colours are classes of
static/css/reports.css).

Each chart has a <title> and a <desc> for screen readers, a <title> on every bar (its figure, shown on hover), and
the same figures in the table beside it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

WIDTH = 720
HISTOGRAM_WIDTH = 520  # drawn in half the page's width: a narrower drawing keeps its text readable


@dataclass
class Segment:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str
    value: int


@dataclass
class Bar:
    label: str
    total: int
    segments: list[Segment]
    label_x: float
    label_y: float
    total_x: float
    total_y: float

    @property
    def total_text(self) -> str:
        return f"{self.total:,}"


@dataclass
class LegendItem:
    x: float
    y: float
    css: str
    label: str

    @property
    def swatch_y(self) -> float:
        return self.y - 10

    @property
    def text_x(self) -> float:
        return self.x + 18


@dataclass
class Tick:
    value: int
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float


@dataclass
class Chart:
    slug: str
    title: str
    desc: str
    width: int
    height: int
    bars: list[Bar]
    legend: list[LegendItem]
    ticks: list[Tick] = field(default_factory=list)
    axis_label: str = ""


def text_width(text: str, size: float = 12) -> float:
    """About how wide `text` is drawn (Thai vowel and tone marks above and below a letter take no width)."""
    return sum(1 for ch in text if unicodedata.category(ch) != "Mn") * size * 0.6


def _legend(series: list[tuple[str, str]], chart_width: int = WIDTH) -> tuple[list[LegendItem], float]:
    """Legend items (a swatch and its label) in lines across the chart's width; the height they take."""
    items, x, y = [], 0.0, 12.0
    for css, label in series:
        width = 18 + text_width(label) + 18
        if x and x + width > chart_width:
            x, y = 0.0, y + 20
        items.append(LegendItem(x=round(x, 1), y=y, css=css, label=label))
        x += width
    return items, y + 14


def nice_step(maximum: int, steps: int = 4) -> int:
    """A round step (1, 2, 5 × 10^k) so that `steps` steps cover `maximum`."""
    if maximum <= steps:
        return 1
    raw = maximum / steps
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def stacked_bars(
    slug: str, title: str, desc: str, rows: list[tuple[str, list[int]]], series: list[tuple[str, str]]
) -> Chart:
    """Horizontal stacked bars, one per row (its label above it), segments in the order of `series` (css class,
    label); bar lengths are to scale of the longest total."""
    legend, legend_height = _legend(series)
    row_height, bar_height, plot_width = 44, 18, WIDTH - 90
    longest = max((sum(values) for _label, values in rows), default=0) or 1
    bars = []
    for i, (label, values) in enumerate(rows):
        top = legend_height + i * row_height
        bar_y = top + 20
        x, segments = 0.0, []
        for (css, name), value in zip(series, values, strict=True):
            if not value:
                continue
            width = plot_width * value / longest
            segments.append(
                Segment(round(x, 2), bar_y, round(width, 2), bar_height, css, f"{label}: {name} {value:,}", value)
            )
            x += width
        total = sum(values)
        bars.append(Bar(label, total, segments, 0, top + 14, round(x + 6, 2), bar_y + bar_height - 4))
    height = legend_height + max(len(rows), 1) * row_height + 6
    return Chart(slug, title, desc, WIDTH, round(height), bars, legend)


def histogram(
    slug: str, title: str, desc: str, rows: list[tuple[str, list[int]]], series: list[tuple[str, str]], axis: str
) -> Chart:
    """Vertical stacked bars, one per row (bucket), with gridlines at round values; the count above each bar and
    the bucket's label under it."""
    width = HISTOGRAM_WIDTH
    legend, legend_height = _legend(series, width)
    left, top, plot_width, plot_height = 40, legend_height + 14, width - 48, 200
    bottom = top + plot_height
    tallest = max((sum(values) for _label, values in rows), default=0)
    step = nice_step(tallest)
    scale_max = max(step * -(-tallest // step), step)
    ticks = []
    for value in range(0, scale_max + 1, step):
        y = round(bottom - plot_height * value / scale_max, 2)
        ticks.append(Tick(value, left, y, left + plot_width, y, left - 6, y + 4))
    slot = plot_width / max(len(rows), 1)
    bar_width = slot * 0.64
    bars = []
    for i, (label, values) in enumerate(rows):
        x = round(left + i * slot + (slot - bar_width) / 2, 2)
        y, segments = float(bottom), []
        for (css, name), value in zip(series, values, strict=True):
            if not value:
                continue
            height = plot_height * value / scale_max
            y -= height
            segments.append(
                Segment(x, round(y, 2), round(bar_width, 2), round(height, 2), css, f"{label}: {name} {value:,}", value)
            )
        centre = round(x + bar_width / 2, 2)
        bars.append(Bar(label, sum(values), segments, centre, bottom + 20, centre, round(y - 6, 2)))
    return Chart(slug, title, desc, width, round(bottom + 34), bars, legend, ticks, axis)
