from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Briefs")

    def ready(self) -> None:
        from briefs.models import Brief, Tag, Topic
        from briefs.signals import briefs_changed

        # A brief's study items change only with it (an import saves the brief): the brief's signal covers them.
        for model in (Brief, Topic, Tag):
            for signal in (post_save, post_delete):
                signal.connect(briefs_changed, sender=model, dispatch_uid=f"briefs-changed-{model.__name__}-{signal}")
        # Tags added or removed without saving the brief (the admin, a shell); the import saves the brief anyway.
        m2m_changed.connect(briefs_changed, sender=Brief.tags.through, dispatch_uid="briefs-changed-tags")
