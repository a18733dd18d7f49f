import logging
import zoneinfo
from datetime import date, datetime, timedelta
from email.mime.image import MIMEImage

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from classroom import flashcards, reports, selectors
from classroom.models import (
    Assignment,
    Classroom,
    Enrollment,
    Flashcard,
    ProgressReport,
    ReadingProgress,
    User,
    WorkerHeartbeat,
    new_join_code,
    normalize_join_code,
)
from config.cache import versioned

logger = logging.getLogger(__name__)


@transaction.atomic
def classroom_create(*, name: str, teacher: User, description: str = "") -> Classroom:
    classroom = Classroom(name=name, description=description)
    classroom.full_clean()
    classroom.save()
    classroom.teachers.add(teacher)
    return classroom


def classroom_regenerate_code(*, classroom: Classroom) -> Classroom:
    """A fresh join code; the old one stops working. Retries the (unlikely) collision."""
    for _attempt in range(5):
        classroom.join_code = new_join_code()
        try:
            with transaction.atomic():
                classroom.save(update_fields=["join_code"])
            return classroom
        except IntegrityError:
            continue
    raise ValidationError(_("Could not generate a unique join code; try again."))


def enrollment_join(*, student: User, code: str) -> Enrollment:
    """Enroll a student by join code. Joining twice changes nothing."""
    classroom = Classroom.objects.filter(join_code=normalize_join_code(code)).first()
    if classroom is None:
        raise ValidationError(_("No class has the join code “%(code)s”.") % {"code": code})
    if not classroom.active:
        raise ValidationError(_("The class “%(name)s” is not accepting students.") % {"name": classroom.name})
    enrollment, _created = Enrollment.objects.get_or_create(student=student, classroom=classroom)
    return enrollment


def worker_heartbeat_record(*, hostname: str, pid: int) -> WorkerHeartbeat:
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"pid": pid, "seen_at": timezone.now()}
    )
    return heartbeat


@transaction.atomic
def assignment_create(
    *,
    classroom: Classroom,
    assigned_by: User,
    brief=None,
    quiz=None,
    available_from: datetime | None = None,
    due_at: datetime | None = None,
) -> Assignment:
    """Assign a brief or a quiz to a class. Only a teacher of that class (or an admin) may."""
    if not (assigned_by.is_superuser or classroom.teachers.filter(pk=assigned_by.pk).exists()):
        raise PermissionDenied(_("Only a teacher of “%(name)s” can assign work to it.") % {"name": classroom.name})
    if (brief is None) == (quiz is None):
        raise ValidationError(_("Assign exactly one brief or one quiz (give `brief` or `quiz`, not both)."))
    assignment = Assignment(
        classroom=classroom,
        brief=brief,
        quiz=quiz,
        available_from=available_from or timezone.now(),
        due_at=due_at,
        assigned_by=assigned_by,
    )
    if due_at is not None and due_at <= assignment.available_from:
        raise ValidationError(_("The due date must come after the date the work becomes available."))
    assignment.full_clean()
    assignment.save()
    return assignment


# "Last opened" to the minute: a brief page reloaded sooner writes nothing.
REOPEN_WRITE_AFTER = timedelta(minutes=1)
READING_TIMEOUT = 3600  # entries are replaced by version; this only bounds unused ones


def reading_record(*, student: User, brief, studied: bool = False) -> ReadingProgress:
    """Note that a student opened a brief (and, when they say so, studied it)."""
    now = timezone.now()
    progress, created = ReadingProgress.objects.get_or_create(
        student=student, brief=brief, defaults={"first_opened_at": now, "last_opened_at": now}
    )
    if not created and not studied and now - progress.last_opened_at < REOPEN_WRITE_AFTER:
        return progress  # a reload within the minute: the record would say the same
    progress.last_opened_at = now
    if studied and progress.studied_at is None:
        progress.studied_at = now
    if not created or studied:
        progress.save(update_fields=["last_opened_at", "studied_at"])
    return progress


def reading_entry(*, student: User, slug: str) -> tuple[str, str]:
    """The cache key of a student's reading record of a brief, and its version key (config.cache.current)."""
    return f"classroom:reading:{student.pk}:{slug}", selectors.student_version_key(student.pk)


def reading_opened(*, student: User, brief, cached: ReadingProgress | None = None) -> ReadingProgress:
    """`reading_record` for a page view, which most often would neither write nor find anything new: the
    record is cached under the student's version (any write of their reading replaces it), and read and
    written again only once the cached "last opened" is REOPEN_WRITE_AFTER old. `cached`: the current entry,
    if the caller has fetched it already."""
    if cached is None:
        key, version = reading_entry(student=student, slug=brief.slug)
        cached = versioned(key, version, lambda: reading_record(student=student, brief=brief), READING_TIMEOUT)
    if timezone.now() - cached.last_opened_at >= REOPEN_WRITE_AFTER:
        return reading_record(student=student, brief=brief)
    return cached


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
        chart = reports.chart_for(kind)  # its background is drawn once for the whole batch (see reports.Chart)
        with get_connection() as connection:
            sent = [r.pk for r in pending if progress_report_send(report=r, connection=connection, chart=chart)]
        ProgressReport.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent)


def progress_report_send(*, report: ProgressReport, connection=None, chart: reports.Chart | None = None) -> bool:
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
    png = reports.chart_png(report.data, chart=chart)
    cid = f"chart-{report.pk}@classroom" if png else None
    name = f"{recipient.first_name} {recipient.last_name}".strip() or recipient.username
    subject, text, html = reports.email_parts(report.data, recipient_name=name, chart_cid=cid)
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


# ---------------------------------------------------------------- sign-up (student site)


def signup_refused() -> str:
    """The one answer to a sign-up with a wrong or closed join code, or a username or email already in use: which
    of them it was would tell anyone which accounts exist."""
    return _(
        "This account could not be created. Check the join code with your teacher; if you already have an account, "
        "sign in (or reset your password) and join the class from your dashboard."
    )


@transaction.atomic
def student_signup(*, username: str, email: str, password: str, code: str) -> User:
    """Create a student account and enroll it in the class with this join code.

    The code is checked first; a wrong or closed code, or a username or email in use, all raise the same
    `signup_refused()`, and nothing is left behind (one transaction)."""
    classroom = Classroom.objects.filter(join_code=normalize_join_code(code), active=True).first()
    if classroom is None:
        raise ValidationError(signup_refused())
    user = User(username=username, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    if User.objects.filter(Q(username__iexact=username) | Q(email__iexact=email)).exists():
        raise ValidationError(signup_refused())
    user.set_password(password)
    user.full_clean(validate_unique=False, validate_constraints=False)  # checked above, without saying which
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same name, signed up a moment ago
        raise ValidationError(signup_refused()) from exc
    Enrollment.objects.create(student=user, classroom=classroom)
    return user


def flashcards_sync(*, student: User) -> int:
    """Give the student a card for every term, character and dated event of the briefs they have
    opened, and for every question they missed at a quiz whose key they may study now
    (selectors.studyable_quizzes). Existing cards keep their schedule. Returns the number of new cards."""
    from briefs.selectors import study_items_for_cards
    from quizzes.selectors import missed_question_ids

    brief_ids = ReadingProgress.objects.filter(student=student).values_list("brief_id", flat=True)
    item_ids = study_items_for_cards(brief_ids=brief_ids, kinds=flashcards.CARD_ITEM_KINDS)
    have_items = set(
        Flashcard.objects.filter(student=student, study_item__isnull=False).values_list("study_item_id", flat=True)
    )
    have_questions = set(
        Flashcard.objects.filter(student=student, question__isnull=False).values_list("question_id", flat=True)
    )
    new = [Flashcard(student=student, study_item_id=i) for i in item_ids if i not in have_items]
    studyable = selectors.studyable_quizzes(student=student, now=timezone.now())
    missed = missed_question_ids(student=student, quiz_ids=studyable)
    new += [Flashcard(student=student, question_id=q) for q in missed - have_questions]
    Flashcard.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent sync may have made some
    if new:
        selectors.students_changed(student_ids=[student.pk])  # the dashboard counts them; no signal was sent
    return len(new)


@transaction.atomic
def flashcard_review(*, card: Flashcard, student: User, rating: str, now: datetime | None = None) -> Flashcard:
    """Record how well the student recalled a card; FSRS sets when it is due next."""
    if card.student_id != student.pk:
        raise PermissionDenied(_("This is not your card."))
    if rating not in flashcards.RATINGS:
        raise ValidationError(_("Rate the card Again, Hard, Good or Easy."))
    card = Flashcard.objects.select_for_update().get(pk=card.pk)
    current = flashcards.Schedule(card.state, card.step, card.stability, card.difficulty, card.due, card.last_review)
    after = flashcards.review(current, rating, now or timezone.now())
    card.state, card.step, card.stability, card.difficulty = after.state, after.step, after.stability, after.difficulty
    card.due, card.last_review, card.reviews = after.due, after.last_review, card.reviews + 1
    card.save()
    return card
