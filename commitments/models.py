from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.bidi import isolate
from plans.models import Institution, Plan, Theme


class Commitment(models.Model):
    """A commitment of a plan. The card (activities, milestones, indicators)
    arrives with the commitments feature; ideas already point here."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ADOPTED = "adopted", _("adopted")
        NOT_RETAINED = "not_retained", _("not retained")

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="commitments"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="commitments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    lead_institution = models.ForeignKey(
        Institution, verbose_name=_("lead institution"), on_delete=models.PROTECT, related_name="commitments"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="commitment_number_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=["proposed", "adopted", "not_retained"]),
                name="commitment_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.number}. {self.title}")

    def get_absolute_url(self) -> str:
        return reverse("commitments:detail", args=[self.pk])
