from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from commitments.generations import COMMITMENTS
        from core.files import protect
        from plans import checklist
        from workshops.generations import WORKSHOPS

        # Registers the kinds of email ideas send, so a worker that never
        # handles a request can render them.
        from . import checklist as ideas_checklist
        from . import privacy, screening, slots  # noqa: F401 - they register their emails and data
        from .generations import IDEAS
        from .rules import can_see_attachment

        protect(self.get_model("Idea"), "attachment", can_see_attachment)
        # Ideas and their screening events, supports and comments: through the
        # portal, the admin or an import, every write refreshes the plan's idea
        # lists, idea pages and statistics.
        IDEAS.follow(self.get_model("Idea"))
        for name in ("IdeaEvent", "Support", "Comment"):
            IDEAS.follow(self.get_model(name), "idea")
        # A workshop's pages show the ideas it collected; a commitment's
        # list and page the ideas integrated into it (ideas.slots).
        slots.fill()
        # The plan's OGP checklist: the ideas' two sources and their outcomes.
        checklist.register(*ideas_checklist.LINES)
        WORKSHOPS.shows(IDEAS)
        COMMITMENTS.shows(IDEAS)
        connection_created.connect(register_search_text, dispatch_uid="ideas_search_text")


def register_search_text(sender, connection, **kwargs) -> None:
    """On SQLite (`make run`), `ideas_search_text()` is the Python fold the
    PostgreSQL function of migration ideas 0003 mirrors: one way to fold
    search text, whichever database answers (core.text.fold)."""
    if connection.vendor == "sqlite":
        from core.text import fold

        connection.connection.create_function("ideas_search_text", 1, fold, deterministic=True)
