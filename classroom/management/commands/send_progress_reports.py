from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from classroom import reports, selectors
from classroom.tasks import send_progress_reports


class Command(BaseCommand):
    help = (
        "Send the weekly progress reports (students and class summaries) of the last full week, or of the week "
        "of --period-start. Reports already sent for that week are not sent again. With a broker the chunks are "
        "queued for the workers; without one they run here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period-start", help="A day of the week to report on (YYYY-MM-DD); default: last week.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send and store nothing.")

    def handle(self, *args, period_start=None, dry_run=False, **options):
        start = self._period_start(period_start)
        if dry_run:
            self._dry_run(start)
            return
        # Run the fan-out here (not queued) so its counts can be printed; the chunks go to the workers.
        result = send_progress_reports(period_start=start.isoformat())
        self.stdout.write(
            f"Progress reports for the week of {result['period_start']}: {result['students']} students in "
            f"{result['student_chunks']} chunks, {result['classes']} classes in {result['class_chunks']} chunks."
        )

    def _period_start(self, value: str | None) -> date:
        if not value:
            return reports.last_full_week(timezone.localdate())
        try:
            return reports.week_start(date.fromisoformat(value))
        except ValueError as exc:
            raise CommandError(f"--period-start must be a date like 2030-03-04: {exc}") from exc

    def _dry_run(self, start: date) -> None:
        counts = selectors.report_recipient_counts(
            student_ids=selectors.report_student_ids(),
            classroom_ids=selectors.report_classroom_ids(),
            period_start=start,
        )
        self.stdout.write(
            f"Dry run, week of {start.isoformat()} to {(start + timedelta(days=6)).isoformat()}: "
            f"{counts['students']} student reports ({counts['already_sent_students']} already sent), "
            f"{counts['teacher_reports']} class summaries for the teachers of {counts['classes']} classes "
            f"({counts['already_sent_classes']} already sent). Nothing was sent or stored."
        )
