from celery.signals import task_failure
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        # Registers the "account" and "moderated" kinds of email, so a worker
        # that never handles a request can still send them.
        from . import adapters, generations, moderation, personal_data  # noqa: F401
        from .error_reports import KIND, context, task_failed
        from .notifications import register_kind
        from .sites import sync_site

        register_kind(KIND, _("Server errors (to the ADMINS)"), optional=False, context=context, secret=True)
        task_failure.connect(task_failed, weak=False, dispatch_uid="core.error_reports.task_failed")

        # Published documents (core.documents) are downloaded through the
        # protected-files view, under their readable names.
        from . import documents, files

        files.protect(
            self.get_model("Rendition"), "file", documents.can_view, documents.file_name, find=documents.find
        )

        post_migrate.connect(sync_site, sender=self)
        # The public names next to ideas and comments, and the staff badge on
        # comments: cached parts of pages that show them are rebuilt when a
        # user renames themselves, becomes or stops being staff, or leaves.
        generations.follow(
            [self.get_model("User")], lambda user: ["people"], fields=["display_name", "is_staff"]
        )
