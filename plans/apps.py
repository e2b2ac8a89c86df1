from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Action plans")

    def ready(self):
        from core import generations
        from core.files import protect
        from core.forms import reserve_names
        from core.slots import HOME

        from . import checklist, privacy, tasks  # noqa: F401 - its part of a person's data; its email
        from .home import open_phases
        from .rules import can_see_document

        protect(self.get_model("PlanDocument"), "file", can_see_document)
        reserve_names(self.reserved_names)
        # Members, institutions, plans, their phases, themes and documents:
        # what the menu, the plan pages and every list's filters are cached from.
        generations.follow(self.get_models(), lambda instance: ["plans"])
        # The home page's "open now": the phases open today.
        HOME.fill("plans/home/open_phases.html", read=open_phases)
        # The OGP checklist: plans' own lines (the apps above add theirs).
        checklist.register(*checklist.LINES)

    def reserved_names(self):
        """What no user may call themselves: the members' and institutions'
        names, in every language, and the institutions' acronyms."""
        names = []
        for model, fields in (
            (self.get_model("Member"), ["name_ar", "name_fr", "name_en"]),
            (self.get_model("Institution"), ["name_ar", "name_fr", "name_en", "acronym"]),
        ):
            for row in model.objects.values_list(*fields):
                names.extend(value for value in row if value)
        return names
