from importlib import import_module

from django.core.management.base import BaseCommand

from classroom.demo import DEMO_PASSWORD

# Each app loads its own demo content, in this order (briefs before the quizzes made from them).
DEMO_STEPS = ["classroom.demo", "briefs.demo", "quizzes.demo", "classroom.demo_assignments"]


class Command(BaseCommand):
    help = "Create the demo accounts, class and content. Safe to run again."

    def handle(self, *args, **options):
        for module_name in DEMO_STEPS:
            import_module(module_name).load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready: logins teacher / {DEMO_PASSWORD} and student / {DEMO_PASSWORD}")
        )
