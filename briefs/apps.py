from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("Briefs")

    def ready(self) -> None:
        from briefs.models import Brief, Topic
        from briefs.selectors import briefs_changed, topics_changed

        # What is cached of topics and briefs is keyed by their versions: any change makes a new one.
        post_save.connect(topics_changed, sender=Topic, dispatch_uid="briefs-topics-changed-save")
        post_delete.connect(topics_changed, sender=Topic, dispatch_uid="briefs-topics-changed-delete")
        post_save.connect(briefs_changed, sender=Brief, dispatch_uid="briefs-briefs-changed-save")
        post_delete.connect(briefs_changed, sender=Brief, dispatch_uid="briefs-briefs-changed-delete")
