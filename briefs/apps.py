from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Briefs")

    def ready(self) -> None:
        from briefs.models import Brief, Topic
        from briefs.signals import briefs_changed

        # A brief's study items change only with it (an import saves the brief): the brief's signal covers them.
        for model in (Brief, Topic):
            for signal in (post_save, post_delete):
                signal.connect(briefs_changed, sender=model, dispatch_uid=f"briefs-changed-{model.__name__}-{signal}")
