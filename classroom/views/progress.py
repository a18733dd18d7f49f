"""A student's progress page, and a teacher's overview of one class."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from classroom import selectors
from config.permissions import teaches
from quizzes.selectors import quiz_titles, topic_mastery


@login_required
def class_overview(request, pk: int):
    """A teacher's view of one class: each assignment with completion and average."""
    if not teaches(request.user):
        raise PermissionDenied
    classroom = selectors.class_taught(user=request.user, pk=pk)
    rows = selectors.class_overview(classroom=classroom)
    return render(request, "classroom/class_overview.html", {"classroom": classroom, "rows": rows})


@login_required
def progress(request):
    progress = selectors.student_progress(student=request.user)
    context = {
        "progress": progress,
        "chart": score_chart(progress.history, quiz_titles(ids={quiz_id for _at, _p, quiz_id in progress.history})),
        "mastery": topic_mastery(student=request.user),
        "reports": selectors.reports_for(user=request.user),
    }
    return render(request, "classroom/progress.html", context)


# ---------------------------------------------------------------- the scores chart (inline SVG, no JS)

# Narrow, so its labels stay readable when a phone (390 px) scales the drawing down.
CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 400, 220, 46, 14, 12, 30


def score_chart(history, titles: dict[int, str], limit: int = 30) -> dict | None:
    """Coordinates for an SVG line chart of the last `limit` graded attempts (x: order, y: percent)."""
    history = history[-limit:]
    if not history:
        return None
    width, height = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    step = width / max(1, len(history) - 1)
    points = []
    for i, (at, percent, quiz_id) in enumerate(history):
        x = PAD_L + (i * step if len(history) > 1 else width / 2)
        y = PAD_T + height * (1 - max(0.0, min(100.0, percent)) / 100)
        points.append({"x": round(x, 1), "y": round(y, 1), "percent": percent, "at": timezone.localtime(at),
                       "title": titles.get(quiz_id, "")})  # fmt: skip
    grid = [{"y": round(PAD_T + height * (1 - v / 100), 1), "label": f"{v}%"} for v in (0, 25, 50, 75, 100)]
    # The date axis: the first, middle and last attempts' dates, anchored so they stay inside the drawing.
    ticks = sorted({0, len(points) // 2, len(points) - 1}) if len(points) > 1 else [0]
    anchors = {0: "start", len(points) - 1: "end"} if len(points) > 1 else {0: "middle"}
    dates = [{"x": points[i]["x"], "label": points[i]["at"], "anchor": anchors.get(i, "middle")} for i in ticks]
    return {
        "width": CHART_W,
        "height": CHART_H,
        "left": PAD_L,
        "right": CHART_W - PAD_R,
        "bottom": CHART_H - 6,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "grid": grid,
        "dates": dates,
        "last": points[-1],
    }
