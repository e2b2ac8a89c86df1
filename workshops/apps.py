from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Thematic workshops")

    def ready(self):
        from core import generations

        # Every change to a plan's workshops (the admin, imports): its cached list,
        # pages and statistics are recomputed.
        generations.follow(self.get_models(), lambda instance: [f"workshops:{instance.plan_id}"])
