from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Quiz
from quizzes.services import quiz_export_moodle_xml


class Command(BaseCommand):
    help = "Write a quiz's questions to standard output in Moodle XML."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug, **options):
        quiz = Quiz.objects.filter(slug=slug).first()
        if quiz is None:
            raise CommandError(f"No quiz has the slug “{slug}”.")
        self.stdout.write(quiz_export_moodle_xml(quiz=quiz), ending="")
