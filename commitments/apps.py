from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        from core import generations
        from core.files import protect

        from . import notices  # noqa: F401 - registers its emails
        from .rules import can_see_evidence

        protect(self.get_model("Evidence"), "file", can_see_evidence)
        # Every change to a plan's commitments, their milestones, indicators,
        # measurements, evidence, updates and assessments (the admin, imports):
        # its cached list, pages, dashboard and statistics are recomputed.
        plan_of = {
            "Commitment": lambda row: row.plan_id,
            "CommitmentEvent": lambda row: row.commitment.plan_id,
            "Milestone": lambda row: row.commitment.plan_id,
            "Indicator": lambda row: row.commitment.plan_id,
            "Assessment": lambda row: row.commitment.plan_id,
            "Follow": lambda row: row.commitment.plan_id,
            "DraftComment": lambda row: row.commitment.plan_id,
            "ProgressUpdate": lambda row: row.milestone.commitment.plan_id,
            "ProgressUpdateEvent": lambda row: row.update.milestone.commitment.plan_id,
            "Evidence": lambda row: row.milestone.commitment.plan_id,
            "Measurement": lambda row: row.indicator.commitment.plan_id,
        }
        for name, plan_id in plan_of.items():
            generations.follow(
                [self.get_model(name)], lambda row, plan_id=plan_id: [f"commitments:{plan_id(row)}"]
            )
