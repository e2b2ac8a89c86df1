from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from core.files import protect

        # Registers the kinds of email ideas send, so a worker that never
        # handles a request can render them.
        from . import screening  # noqa: F401
        from .rules import can_see_attachment

        protect(self.get_model("Idea"), "attachment", can_see_attachment)
