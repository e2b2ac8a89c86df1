from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        from core import generations

        # Every change to a plan's commitments (the admin, imports): its cached list,
        # pages and statistics are recomputed.
        generations.follow(self.get_models(), lambda instance: [f"commitments:{instance.plan_id}"])
