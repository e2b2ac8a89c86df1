from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        from core.files import protect

        from . import notices, privacy, slots  # noqa: F401 - register their emails and the person's data
        from .generations import COMMITMENTS
        from .models import (
            Assessment,
            Commitment,
            CommitmentEvent,
            Evidence,
            Indicator,
            Measurement,
            Milestone,
            ProgressUpdate,
            is_public,
        )
        from .rules import can_see_evidence

        protect(Evidence, "file", can_see_evidence)
        slots.fill()  # the plan's page shows its commitments' completion
        # Every change to a plan's commitments, their milestones, indicators,
        # measurements, evidence and assessments (the admin, imports): its
        # cached list, pages, dashboard and statistics are recomputed. A
        # progress update changes nothing public until it is validated: an
        # update waiting or returned, with its measurements and evidence,
        # bumps nothing; its validation does (the update's save, then the
        # milestone's). (The decisions on updates, followers and the
        # drafters' internal thread show on no cached page.)
        COMMITMENTS.follow(Commitment)
        for model in (CommitmentEvent, Milestone, Indicator, Assessment):
            COMMITMENTS.follow(model, "commitment")
        COMMITMENTS.follow(ProgressUpdate, "milestone__commitment", when=is_public)
        COMMITMENTS.follow(Evidence, "milestone__commitment", when=is_public)
        COMMITMENTS.follow(Measurement, "indicator__commitment", when=is_public)

        # The plan's OGP checklist: the milestones' evidence, the IRM lens rule.
        from plans import checklist

        from .checklist import LINES

        checklist.register(*LINES)
