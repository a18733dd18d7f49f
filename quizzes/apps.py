from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from briefs.models import Brief
        from quizzes.models import Option, Question, Quiz
        from quizzes.selectors import quizzes_changed

        # What students see of a quiz (settings, brief, questions and options) is cached by version.
        for model in (Quiz, Question, Option, Brief):
            for signal in (post_save, post_delete):
                signal.connect(quizzes_changed, sender=model, dispatch_uid=f"quizzes-changed-{model.__name__}-{signal}")
