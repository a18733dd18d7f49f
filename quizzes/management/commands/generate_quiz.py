from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from briefs.models import Brief
from quizzes.services import quiz_generate_from_brief


class Command(BaseCommand):
    help = (
        "Generate a draft quiz from a brief's study items (regenerating it while it is a draft nobody has "
        "attempted; a published quiz is left as it is: use --new-draft)."
    )

    def add_arguments(self, parser):
        parser.add_argument("brief_slug")
        parser.add_argument("--publish", action="store_true", help="Publish the quiz instead of leaving a draft")
        parser.add_argument(
            "--new-draft", action="store_true", help="Generate a new draft quiz beside the brief's published one"
        )

    def handle(self, *args, brief_slug, publish=False, new_draft=False, **options):
        brief = Brief.objects.filter(slug=brief_slug).first()
        if brief is None:
            raise CommandError(f"No brief has the slug “{brief_slug}”.")
        try:
            quiz = quiz_generate_from_brief(brief=brief, publish=publish, as_new_draft=new_draft)
        except ValidationError as exc:
            hint = " (--new-draft)" if exc.code == "locked" else ""
            raise CommandError(" ".join(exc.messages) + hint) from exc
        count = quiz.questions.count()
        state = "published" if quiz.published else "draft"
        self.stdout.write(f"{quiz.slug}: {count} question{'' if count == 1 else 's'} ({state})")
