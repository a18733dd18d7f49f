from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from quizzes.signals import quizzes_changed

        # What is cached of quizzes (their settings, questions and options, and the brief they are on) is kept by
        # version (quizzes.signals): any save or delete of these replaces it.
        for model in ("quizzes.Quiz", "quizzes.Question", "quizzes.Option", "briefs.Brief"):
            for signal in (post_save, post_delete):
                signal.connect(quizzes_changed, sender=model, dispatch_uid=f"quizzes-changed-{model}-{signal}")
