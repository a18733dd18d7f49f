from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Briefs")

    def ready(self) -> None:
        from briefs.models import Topic
        from briefs.selectors import topics_changed

        # Cached topic trails are keyed by the topics' version: any change to a topic makes a new one.
        post_save.connect(topics_changed, sender=Topic, dispatch_uid="briefs-topics-changed-save")
        post_delete.connect(topics_changed, sender=Topic, dispatch_uid="briefs-topics-changed-delete")
