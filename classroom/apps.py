from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomConfig(AppConfig):
    name = "classroom"
    verbose_name = _("Classroom")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from rest_framework.authtoken.models import Token

        from classroom import auth

        User = get_user_model()
        post_save.connect(auth.user_changed, sender=User, dispatch_uid="auth_user_saved")
        post_save.connect(auth.revoke_tokens, sender=User, dispatch_uid="auth_revoke_tokens")
        post_delete.connect(auth.user_changed, sender=User, dispatch_uid="auth_user_deleted")
        m2m_changed.connect(auth.groups_changed, sender=User.groups.through, dispatch_uid="auth_groups_changed")
        post_delete.connect(auth.token_deleted, sender=Token, dispatch_uid="auth_token_deleted")
        self._connect_dashboards()

    @staticmethod
    def _connect_dashboards() -> None:
        """Students' dashboards are cached by version (classroom.selectors): these writes replace one."""
        from django.db.models.signals import post_delete, post_save

        from classroom import selectors
        from classroom.models import Assignment, Classroom, Enrollment, Flashcard, ReadingProgress
        from quizzes.models import Attempt

        for signal in (post_save, post_delete):
            for model in (Classroom, Enrollment, Assignment):
                uid = f"dashboards-classes-{model.__name__}-{signal}"
                signal.connect(selectors.classes_changed, sender=model, dispatch_uid=uid)
            for model in (Attempt, ReadingProgress, Flashcard):
                uid = f"dashboards-student-{model.__name__}-{signal}"
                signal.connect(selectors.student_work_changed, sender=model, dispatch_uid=uid)
