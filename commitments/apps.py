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
        # (Followers and the drafters' internal thread show on no cached page.)
        paths = {
            "Commitment": "",
            "CommitmentEvent": "commitment",
            "Milestone": "commitment",
            "Indicator": "commitment",
            "Assessment": "commitment",
            "ProgressUpdate": "milestone__commitment",
            "ProgressUpdateEvent": "update__milestone__commitment",
            "Evidence": "milestone__commitment",
            "Measurement": "indicator__commitment",
        }
        for name, path in paths.items():
            generations.follow(
                [self.get_model(name)], lambda row, path=path: [f"commitments:{plan_of(row, path)}"]
            )


def plan_of(row, path: str) -> int | None:
    """The plan of a commitment's row, reached through `path`
    ("milestone__commitment"): through the relations already loaded on the
    row for free, else in one query for the rest of the way."""
    parts = path.split("__") if path else []
    for index, name in enumerate(parts):
        field = row._meta.get_field(name)
        if not field.is_cached(row):
            rest = "__".join([*parts[index + 1 :], "plan_id"])
            return (
                field.related_model._base_manager.filter(pk=getattr(row, field.attname))
                .values_list(rest, flat=True)
                .first()
            )
        row = getattr(row, name)
    return row.plan_id
