"""A stored progress report's email: its subject, text and HTML, and its chart as a PNG.

Rendered from `ProgressReport.data` alone. matplotlib is imported only where a chart is drawn: the web process
imports this module (through the services) but never draws."""

import io
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from classroom.reports import HISTORY_WEEKS

BLUE, GREY = "#1f5fbf", "#d0d0d0"


def email_parts(data: dict, *, recipient_name: str, chart_cid: str | None) -> tuple[str, str, str]:
    """(subject, text, html) of a stored report's email. `chart_cid`: the inline chart's Content-ID, if any."""
    kind = data["kind"]
    context = {**_display(data), "recipient_name": recipient_name, "chart_cid": chart_cid}
    dates = {"start": date_format(context["period"]["start"], "j F"),
             "end": date_format(context["period"]["end"], "j F Y")}  # fmt: skip
    if kind == "student":
        subject = _("Your week in class: %(start)s – %(end)s") % dates
    else:
        subject = _("%(name)s: class summary for %(start)s – %(end)s") % {**dates, **data["classroom"]}
    text = render_to_string(f"classroom/email/{kind}_report.txt", context)
    html = render_to_string(f"classroom/email/{kind}_report.html", context)
    return subject, text, html


def _display(data: dict) -> dict:
    """The stored dict with its ISO dates parsed back, for the templates' date filters."""
    if isinstance(data, dict):
        return {k: _parse(k, v) if isinstance(v, str) else _display(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_display(v) for v in data]
    return data


def _parse(key: str, value: str):
    if key in ("start", "end", "next_end"):
        return date.fromisoformat(value)
    if key in ("at", "due_at", "studied_at"):
        return datetime.fromisoformat(value)
    return value


def chart_png(data: dict, *, chart: "Chart | None" = None) -> bytes | None:
    """The report's chart as PNG bytes, or None when there is nothing to draw. Pass `chart` (from chart_for) to
    reuse its drawn background across a batch of reports."""
    chart = chart or chart_for(data["kind"])
    if data["kind"] == "student":
        points = [(datetime.fromisoformat(p["at"]).strftime("%d %b"), p["percent"]) for p in data["history"]]
        return chart.png(points) if points else None
    counts = data["distribution"]["counts"]
    return chart.png(counts) if any(counts) else None


def chart_for(kind: str) -> "Chart":
    return ScoreChart() if kind == "student" else DistributionChart()


class Chart:
    """A chart drawn many times over with different data, fast: the figure (axes, ticks, title) is drawn once
    and restored for each chart (blitting), so only the data artists are drawn each time (~6 ms against ~50 ms
    for a fresh figure, which matters for 10,000 students). Not thread-safe: one instance per batch, never
    module-global. matplotlib's Figure and Agg canvas directly, not pyplot: no global figure registry to leak."""

    def __init__(self, title: str):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(5.6, 2.4), dpi=100)
        self.canvas = FigureCanvasAgg(figure)
        self.axes = figure.add_axes((0.09, 0.22, 0.88, 0.64))
        self.axes.set_title(title, fontsize=10)
        self.artists = self.setup(self.axes)
        for artist in self.artists:
            artist.set_animated(True)  # left out of the background, drawn per chart
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(figure.bbox)

    def setup(self, axes) -> list:
        raise NotImplementedError

    def png(self, values) -> bytes:
        self.update(values)
        self.canvas.restore_region(self.background)
        for artist in self.artists:
            self.axes.draw_artist(artist)
        return _encode(self.canvas)

    def update(self, values) -> None:
        raise NotImplementedError


class ScoreChart(Chart):
    """The student's graded attempts, oldest to latest, with the first and last dates under the axis."""

    def __init__(self):
        title = ngettext(
            "Your quiz scores (%%), last %(weeks)s week", "Your quiz scores (%%), last %(weeks)s weeks", HISTORY_WEEKS
        )
        super().__init__(title % {"weeks": HISTORY_WEEKS})

    def setup(self, axes) -> list:
        axes.set(xlim=(-0.05, 1.05), ylim=(0, 100), yticks=[0, 25, 50, 75, 100], xticks=[])
        axes.grid(axis="y", color=GREY)
        (self.line,) = axes.plot([], [], marker="o", color=BLUE)
        label = {"transform": axes.transAxes, "va": "top", "fontsize": 8}
        self.first = axes.text(0, -0.06, "", ha="left", **label)
        self.last = axes.text(1, -0.06, "", ha="right", **label)
        return [self.line, self.first, self.last]

    def update(self, points: list[tuple[str, float]]) -> None:
        n = len(points)
        self.line.set_data([i / (n - 1) for i in range(n)] if n > 1 else [0.5], [p for _label, p in points])
        self.first.set_text(points[0][0] if n > 1 else "")
        self.last.set_text(points[-1][0])


class DistributionChart(Chart):
    """The class's quiz grades in ten bands. Bars are scaled to the tallest and labelled with their counts, so
    the axes (drawn once) need no count scale."""

    def __init__(self):
        super().__init__(_("Quiz grades in the class: how many per band (%)"))

    def setup(self, axes) -> list:
        axes.set(xlim=(-0.6, 9.6), ylim=(0, 1.2), yticks=[])
        axes.set_xticks(range(10), [f"{10 * i}–{10 * i + 10}" for i in range(10)], fontsize=7)
        for side in ("left", "right", "top"):
            axes.spines[side].set_visible(False)
        self.bars = list(axes.bar(range(10), [0] * 10, color=BLUE))
        self.labels = [axes.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(10)]
        return [*self.bars, *self.labels]

    def update(self, counts: list[int]) -> None:
        top = max(counts) or 1
        for bar, label, count in zip(self.bars, self.labels, counts, strict=True):
            bar.set_height(count / top)
            label.set_position((bar.get_x() + bar.get_width() / 2, count / top + 0.02))
            label.set_text(str(count) if count else "")


def _encode(canvas) -> bytes:
    from PIL import Image

    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    # Level 1: a few percent larger than the default and about twice as fast to compress.
    image.convert("RGB").save(out, "PNG", compress_level=1)
    return out.getvalue()
