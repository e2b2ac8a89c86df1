from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Action plans")

    def ready(self):
        from core import generations
        from core.files import protect

        from .rules import can_see_document

        protect(self.get_model("PlanDocument"), "file", can_see_document)
        # Members, institutions, plans, their phases, themes and documents:
        # what the menu, the plan pages and every list's filters are cached from.
        generations.follow(self.get_models(), lambda instance: ["plans"])
