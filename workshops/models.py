import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bidi import isolate
from core.models import TransitionEvent
from plans.models import Association, Institution, Plan, Theme


class Workshop(models.Model):
    """A thematic consultation workshop. Its figures are derived from its
    registrations (`Registration`); workshops held before the portal carry
    the figures their organiser reported (`registered_count`,
    `attended_count`), used only when there are no rows."""

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
    # Registration: `capacity` seats in all (empty: no limit), of which
    # `reserved_seats` are kept for the organiser's and institutions' invitees.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    reserved_seats = models.PositiveIntegerField(_("seats reserved for invitees"), default=0)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    registered_count = models.PositiveIntegerField(_("registered (reported)"), default=0)
    attended_count = models.PositiveIntegerField(_("attended (reported)"), default=0)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["plan", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workshop_number_unique"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(reserved_seats__lte=models.F("capacity")),
                name="workshop_reserved_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return isolate(self.title)

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.pk])

    @property
    def public_seats(self) -> int | None:
        """Seats open to registration on the portal; None: no limit."""
        return None if self.capacity is None else self.capacity - self.reserved_seats

    def registration_state(self, now=None) -> str:
        """ "open", "not_yet", "closed" or "cancelled", from the dates."""
        now = now or timezone.now()
        if self.cancelled_at:
            return "cancelled"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        closes = self.registration_closes_at or self.starts_at
        return "open" if now < closes else "closed"


def short_code() -> str:
    """Printed on a confirmation, typed at check-in: 6 characters without
    look-alikes (0/O, 1/I/L)."""
    return "".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(6))


class Registration(models.Model):
    """One person's place at a workshop: a seat, or a place on the waiting
    list. A signed-in user's, or a visitor's who confirms by email (pending
    until then, counted from then). Its moves are recorded
    (workshops.registration, core.transitions)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for email confirmation")
        REGISTERED = "registered", _("registered")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")
        RELEASED = "released", _("seat released")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_registrations",
    )
    # Personal data, erased with the account or a set time after the workshop
    # (blank then: the row stays, so the workshop's figures do too).
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    accessibility = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    code = models.CharField(_("code"), max_length=6, default=short_code, editable=False)
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    # The waiting list's order: when the person joined it (or registered).
    queued_at = models.DateTimeField(_("in line since"), default=timezone.now)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            # One registration per person per workshop, whatever the case of
            # the address (an erased row has none).
            models.UniqueConstraint(
                "workshop",
                Lower("email"),
                condition=~Q(email=""),
                name="registration_once_per_email",
            ),
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=Q(user__isnull=False),
                name="registration_once_per_user",
            ),
            models.UniqueConstraint(fields=["workshop", "code"], name="registration_code_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "registered", "waiting", "cancelled", "released"]),
                name="registration_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status", "queued_at"], name="registration_queue")]

    def __str__(self) -> str:
        return isolate(f"{self.code} {self.name}")


class RegistrationEvent(TransitionEvent):
    """One move of a registration (core.transitions): registered, promoted
    from the waiting list, cancelled, released."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Registration.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Registration.Status.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("registration event")
        verbose_name_plural = _("registration events")
