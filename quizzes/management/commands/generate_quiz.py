from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from briefs.models import Brief
from quizzes.services import quiz_generate_from_brief


class Command(BaseCommand):
    help = "Generate a draft quiz from a brief's study items (regenerating it while nobody has attempted it)."

    def add_arguments(self, parser):
        parser.add_argument("brief_slug")
        parser.add_argument("--publish", action="store_true", help="Publish the quiz instead of leaving a draft")

    def handle(self, *args, brief_slug, publish=False, **options):
        brief = Brief.objects.filter(slug=brief_slug).first()
        if brief is None:
            raise CommandError(f"No brief has the slug “{brief_slug}”.")
        try:
            quiz = quiz_generate_from_brief(brief=brief, publish=publish)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        count = quiz.questions.count()
        state = "published" if quiz.published else "draft"
        self.stdout.write(f"{quiz.slug}: {count} question{'' if count == 1 else 's'} ({state})")
