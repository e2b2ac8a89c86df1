from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Thematic workshops")

    def ready(self):
        from core.files import protect
        from core.slots import HOME

        from . import notices, privacy  # noqa: F401 - register their emails and the person's data
        from .generations import WORKSHOPS
        from .home import open_for_registration
        from .models import Poll, PollOption, ProgrammeItem, Registration, Workshop
        from .rules import can_see_report

        protect(Workshop, "report", can_see_report)

        # Every change to a plan's workshops and their registrations (the admin,
        # imports, the registration moves, each of which saves its registration
        # with its event): its cached list, pages and statistics are recomputed.
        # Writes that bypass the signals (the roll, the reminders, erasing a
        # person's data) call WORKSHOPS.bump() themselves.
        WORKSHOPS.follow(Workshop)
        for model in (Registration, ProgrammeItem, Poll):
            WORKSHOPS.follow(model, "workshop")
        WORKSHOPS.follow(PollOption, "poll__workshop")
        # The home page's "open now": the workshops open for registration.
        HOME.fill("workshops/home/open_for_registration.html", read=open_for_registration)
