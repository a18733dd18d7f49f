"""Weekly progress reports: stored once per recipient and week, then emailed, so nothing is sent twice."""

import logging
import zoneinfo
from datetime import date
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from classroom import report_email, reports, selectors
from classroom.models import ProgressReport
from classroom.webhooks.services import webhook_event_record

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- weekly progress reports

# Reports are locked, emailed and marked sent this many at a time. Marking each one in its own transaction
# would cost a query per recipient (the budget is 50 per 1,000 students); a worker killed in the middle of a
# batch re-sends at most that batch's already-sent emails when the task is redelivered.
REPORT_SEND_BATCH = 200


def report_period(*, period_start: date) -> reports.Period:
    return reports.Period.week_of(period_start, zoneinfo.ZoneInfo(settings.TIME_ZONE))


def student_reports_send(*, student_ids: list[int], period_start: date) -> int:
    """Store the week's report of each student (active and in an active class) and email those not yet sent.
    Running it again for the same period sends nothing twice. Returns how many emails went out."""
    period = report_period(period_start=period_start)
    rows = selectors.student_report_rows(student_ids=student_ids, period=period)
    kind = ProgressReport.Kind.STUDENT
    _reports_store(
        ProgressReport(kind=kind, student_id=sid, recipient_id=sid, period_start=period.start, period_end=period.end,
                       data=reports.student_report(rows, sid, period=period, site_url=settings.SITE_URL))
        for sid in rows.students
    )  # fmt: skip
    ids = list(rows.students)
    batches = [ids[i : i + REPORT_SEND_BATCH] for i in range(0, len(ids), REPORT_SEND_BATCH)]
    return sum(_reports_send_pending(kind=kind, period_start=period.start, recipient_id__in=b) for b in batches)


def class_reports_send(*, classroom_ids: list[int], period_start: date) -> int:
    """Store the week's summary of each class for each of its teachers and email those not yet sent."""
    period = report_period(period_start=period_start)
    rows = selectors.class_report_rows(classroom_ids=classroom_ids, period=period)
    kind = ProgressReport.Kind.CLASSROOM
    data = {cid: reports.class_report(rows, cid, period=period, site_url=settings.SITE_URL) for cid in rows.classes}
    _reports_store(
        ProgressReport(kind=kind, classroom_id=cid, recipient_id=teacher_id, period_start=period.start,
                       period_end=period.end, data=data[cid])
        for cid in rows.classes
        for teacher_id in rows.teachers.get(cid, [])
    )  # fmt: skip
    ids = list(rows.classes)
    batches = [ids[i : i + REPORT_SEND_BATCH] for i in range(0, len(ids), REPORT_SEND_BATCH)]
    return sum(_reports_send_pending(kind=kind, period_start=period.start, classroom_id__in=b) for b in batches)


def _reports_store(rows) -> None:
    """Insert the reports that do not exist yet. ON CONFLICT DO NOTHING on the unique (recipient, period) keys
    is the batched get_or_create: a second run, or a second worker, keeps the first row and its data."""
    ProgressReport.objects.bulk_create(list(rows), ignore_conflicts=True, batch_size=500)


def _reports_send_pending(*, kind: str, period_start: date, **recipients) -> int:
    """Email the unsent reports among `recipients`, then mark them sent, all under their row locks.

    skip_locked (PostgreSQL; SQLite has no row locks and ignores it): a second worker on the same chunk skips
    the rows this one holds, and once this transaction commits they are no longer unsent."""
    with transaction.atomic():
        pending = list(
            ProgressReport.objects.filter(kind=kind, period_start=period_start, sent_at__isnull=True, **recipients)
            .select_related("recipient")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("id")
        )
        if not pending:
            return 0
        chart = report_email.chart_for(
            kind
        )  # its background is drawn once for the whole batch (see report_email.Chart)
        with get_connection() as connection:
            sent = [r.pk for r in pending if progress_report_send(report=r, connection=connection, chart=chart)]
        ProgressReport.objects.filter(pk__in=sent).update(sent_at=timezone.now())
        webhook_event_record(event="report.sent", ids=sent)
    return len(sent)


def progress_report_send(*, report: ProgressReport, connection=None, chart: report_email.Chart | None = None) -> bool:
    """Email one stored report (multipart: text, HTML and the inline chart). Writes nothing: the caller marks it
    sent. A failure is logged and returns False, so the report stays unsent for the next run."""
    try:
        message = progress_report_email(report=report, connection=connection, chart=chart)
        return message.send() == 1
    except Exception:
        logger.exception("Could not email progress report %s to %s", report.pk, report.recipient_id)
        return False


def progress_report_email(*, report: ProgressReport, connection=None, chart=None) -> EmailMultiAlternatives:
    recipient = report.recipient
    png = report_email.chart_png(report.data, chart=chart)
    cid = f"chart-{report.pk}@classroom" if png else None
    name = f"{recipient.first_name} {recipient.last_name}".strip() or recipient.username
    subject, text, html = report_email.email_parts(report.data, recipient_name=name, chart_cid=cid)
    message = EmailMultiAlternatives(subject, text, to=[recipient.email], connection=connection)
    message.attach_alternative(html, "text/html")
    if png:
        # multipart/related around the alternatives: the HTML's <img src="cid:…"> finds the chart in the message.
        message.mixed_subtype = "related"
        image = MIMEImage(png, "png")
        image.add_header("Content-ID", f"<{cid}>")
        image.add_header("Content-Disposition", "inline", filename="chart.png")
        message.attach(image)
    return message
