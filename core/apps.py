from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        # Registers the "account" and "moderated" kinds of email, so a worker
        # that never handles a request can still send them.
        from . import adapters, generations, moderation  # noqa: F401
        from .sites import sync_site

        post_migrate.connect(sync_site, sender=self)
        # The public names next to ideas and comments: cached parts of pages
        # that show them are rebuilt when a user renames themselves or leaves.
        generations.follow([self.get_model("User")], lambda user: ["people"], fields=["display_name"])
