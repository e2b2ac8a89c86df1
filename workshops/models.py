from django.db import models
from django.utils.translation import gettext_lazy as _

from core.bidi import isolate
from plans.models import Association, Institution, Plan, Theme


class Workshop(models.Model):
    """A thematic consultation workshop. Registration and attendance lists
    arrive with the workshops feature; until then the organiser's figures."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="workshops"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="workshops"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    organiser = models.ForeignKey(
        Association,
        verbose_name=_("organising association"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    institutions = models.ManyToManyField(Institution, verbose_name=_("institutions taking part"), blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    registered_count = models.PositiveIntegerField(_("registered"), default=0)
    attended_count = models.PositiveIntegerField(_("attended"), default=0)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["plan", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="workshop_number_unique")]

    def __str__(self) -> str:
        return isolate(self.title)
