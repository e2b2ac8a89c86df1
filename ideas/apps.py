from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from core import generations
        from core.files import protect

        # Registers the kinds of email ideas send, so a worker that never
        # handles a request can render them.
        from . import figures, privacy, screening  # noqa: F401 - they register their emails and data
        from .rules import can_see_attachment

        protect(self.get_model("Idea"), "attachment", can_see_attachment)
        # Ideas and their screening events, supports and comments: through the
        # portal, the admin or an import, every write refreshes the plan's idea
        # lists, idea pages and statistics.
        models = [self.get_model(name) for name in ("Idea", "IdeaEvent", "Support", "Comment")]
        generations.follow(models, figures.of)
