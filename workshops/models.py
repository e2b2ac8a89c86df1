import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bidi import isolate
from core.files import AllowedContent, RandomName, SizeLimit
from core.models import TransitionEvent
from plans.models import Association, Institution, Plan, Theme

# The standard programme of the 2021–2023 workshops (spec, "Thematic
# workshops"): 140 minutes, given to every new workshop and editable.
STANDARD_PROGRAMME = [
    (_("Opening"), 10),
    (_("Open government: awareness"), 20),
    (_("Method and expected outputs"), 10),
    (_("Presentation of the theme"), 30),
    (
        _(
            "Collecting ideas: live poll, questions and answers, summary of the issues, "
            "ranking them by priority with solutions and expected results"
        ),
        60,
    ),
    (_("Conclusions and next steps"), 10),
]
# A workshop's status (Workshop.status), as visitors read it.
STATUS_LABELS = {
    "proposed": _("proposed: awaiting the secretariat's publication"),
    "planned": _("registration not open yet"),
    "open": _("registration open"),
    "full": _("full: waiting list open"),
    "closed": _("registration closed"),
    "held": _("held"),
    "cancelled": _("cancelled"),
}

REGISTRATION_CLOSES_LATE = _("Registration must close before the workshop starts.")
REGISTRATION_OPENS_LATE = _("Registration must open before it closes and before the workshop starts.")
THEME_OF_ANOTHER_PLAN = _("Choose a theme of the workshop's action plan.")

STANDARD_MINUTES = sum(minutes for _title, minutes in STANDARD_PROGRAMME)


# What a workshop's state is at a moment, from its dates: each rule once, as
# SQL, for any number of workshops (and, through `path`, for the rows that
# lead to them: "workshop__" from a registration). The Python twins on
# Workshop (stage_at, registration_state, status) answer for one row already
# loaded; tests/workshops/test_states.py checks that both agree in every state.


def begun(now, path: str = "") -> Q:
    """The workshop has started (it is held, unless cancelled)."""
    return Q(**{f"{path}starts_at__lte": now})


def stage_of(now, path: str = "") -> Case:
    """The workshop's Stage: cancelled, proposed by its association and not
    yet published by the secretariat, its outputs published, held once
    begun, else upcoming (registrations may still change, reminders go out,
    it may be cancelled)."""
    return Case(
        When(Q(**{f"{path}cancelled_at__isnull": False}), then=Value(Workshop.Stage.CANCELLED)),
        When(Q(**{f"{path}published_at__isnull": True}), then=Value(Workshop.Stage.PROPOSED)),
        When(Q(**{f"{path}outputs_published_at__isnull": False}), then=Value(Workshop.Stage.PUBLISHED)),
        When(begun(now, path), then=Value(Workshop.Stage.HELD)),
        default=Value(Workshop.Stage.UPCOMING),
        output_field=models.CharField(),
    )


def upcoming_first(now, path: str = "") -> list:
    """An order: the workshops not begun first, soonest first; then the
    others, latest first (cancelled ones keep their place by date)."""
    starts = F(f"{path}starts_at")
    return [
        Case(When(begun(now, path), then=Value(1)), default=Value(0)),
        Case(When(~begun(now, path), then=starts)),
        starts.desc(),
    ]


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        """The workshops the secretariat published: a proposal is the staff's."""
        return self.filter(published_at__isnull=False)

    def public(self):
        """What visitors see: the published workshops of the public plans."""
        return self.published().filter(plan__in=Plan.objects.public())

    def with_stage(self, now=None):
        """Annotates `stage` (Workshop.Stage: what the organiser's moves
        start from) and `registration` ("open", "not_yet", "closed" or
        "cancelled": the registration window)."""
        now = now or timezone.now()
        return self.annotate(
            stage=stage_of(now),
            registration=Case(
                When(cancelled_at__isnull=False, then=Value("cancelled")),
                When(registration_opens_at__gt=now, then=Value("not_yet")),
                # Until it closes, or until the workshop starts.
                When(
                    Q(registration_closes_at__gt=now)
                    | Q(registration_closes_at__isnull=True, starts_at__gt=now),
                    then=Value("open"),
                ),
                default=Value("closed"),
                output_field=models.CharField(),
            ),
        )

    def upcoming_first(self, now=None):
        return self.order_by(*upcoming_first(now or timezone.now()), "number")


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

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    starts_at = models.DateTimeField(_("date and time"))
    # Left empty: the start plus the programme's length (the standard 140 minutes).
    ends_at = models.DateTimeField(_("ends at"), blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    # Registration: `capacity` seats in all (empty: no limit), of which
    # `reserved_seats` are kept for the organiser's and institutions' invitees.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    reserved_seats = models.PositiveIntegerField(_("seats reserved for invitees"), default=0)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    # Empty: proposed by its association, awaiting the secretariat, who
    # publishes it (workshops.notices.publish). Created by the secretariat
    # (or loaded), a workshop is published at once.
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    # Seats released before no-shows: this many hours before the start, each
    # person with a seat is asked to confirm it or release it.
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before"),
        default=48,
        help_text=_("Each person with a seat is asked to confirm it or release it this many hours before."),
    )
    # Outputs, public once the workshop is held.
    report = models.FileField(
        _("report"),
        upload_to=RandomName("workshops/reports"),
        blank=True,
        db_index=True,  # the /files/ view finds the row by its file's name
        validators=[
            SizeLimit("PLAN_DOCUMENT_MAX_BYTES"),
            AllowedContent("pdf", "odt", "docx", "odp", "pptx"),
        ],
    )
    recording_link = models.URLField(_("recording"), blank=True)
    outputs_published_at = models.DateTimeField(
        _("outputs published on"),
        null=True,
        blank=True,
        help_text=_("Set when the report, recording and poll results are complete: attendees are told."),
    )
    registered_count = models.PositiveIntegerField(_("registered (reported)"), default=0)
    attended_count = models.PositiveIntegerField(_("attended (reported)"), default=0)

    class Stage(models.TextChoices):
        """Where the organiser's recorded moves (workshops.notices) start and
        end: derived from the dates, never stored."""

        PROPOSED = "proposed", _("proposed")
        UPCOMING = "upcoming", _("not held yet")
        HELD = "held", _("held")
        PUBLISHED = "published", _("outputs published")
        CANCELLED = "cancelled", _("cancelled")

    objects = WorkshopQuerySet.as_manager()

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
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="workshop_ends_after_start"
            ),
            # Registration is over before the workshop starts, and opens
            # before it closes.
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__lte=models.F("starts_at")),
                name="workshop_registration_closes_before_start",
                violation_error_message=REGISTRATION_CLOSES_LATE,
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_opens_at__lt=models.F("starts_at"))
                & (
                    Q(registration_closes_at__isnull=True)
                    | Q(registration_opens_at__lt=models.F("registration_closes_at"))
                ),
                name="workshop_registration_opens_before_it_closes",
                violation_error_message=REGISTRATION_OPENS_LATE,
            ),
        ]

    def __str__(self) -> str:
        return isolate(self.title)

    def save(self, *args, **kwargs):
        if self.ends_at is None and self.starts_at is not None:
            self.ends_at = self.starts_at + timedelta(minutes=STANDARD_MINUTES)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.pk])

    def clean(self):
        # A theme of another plan would file the workshop's ideas under a
        # plan they do not belong to (plans' tallies, the statistics). The
        # database holds it too (migration 0009's trigger, on PostgreSQL).
        if self.plan_id and self.theme_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": THEME_OF_ANOTHER_PLAN})

    def add_standard_programme(self) -> None:
        """The six items of the standard programme, in every language."""
        from django.utils import translation

        items = []
        for position, (title, minutes) in enumerate(STANDARD_PROGRAMME, start=1):
            titles = {}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    titles[f"title_{language}"] = str(title)
            items.append(ProgrammeItem(workshop=self, position=position, minutes=minutes, **titles))
        ProgrammeItem.objects.bulk_create(items)

    @property
    def public_seats(self) -> int | None:
        """Seats open to registration on the portal; None: no limit."""
        return None if self.capacity is None else self.capacity - self.reserved_seats

    # The Python twins of WorkshopQuerySet.with_stage() and
    # workshops.figures.with_status(), for a row already loaded: the
    # workshop's page (its figures come from the cache), a registration's
    # workshop. Written like the SQL, rule for rule.
    def stage_at(self, now=None) -> str:
        now = now or timezone.now()
        if self.cancelled_at:
            return Workshop.Stage.CANCELLED
        if self.published_at is None:
            return Workshop.Stage.PROPOSED
        if self.outputs_published_at:
            return Workshop.Stage.PUBLISHED
        if self.starts_at <= now:
            return Workshop.Stage.HELD
        return Workshop.Stage.UPCOMING

    def registration_state(self, now=None) -> str:
        """ "open", "not_yet", "closed" or "cancelled", from the dates."""
        now = now or timezone.now()
        if self.cancelled_at:
            return "cancelled"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        closes = self.registration_closes_at or self.starts_at
        return "open" if now < closes else "closed"

    def status(self, figures: dict, now=None) -> str:
        """proposed / planned / open / full / closed / held / cancelled, derived from the
        dates and the figures (workshops.registration.figures)."""
        now = now or timezone.now()
        stage = self.stage_at(now)
        if stage == Workshop.Stage.CANCELLED:
            return "cancelled"
        if stage == Workshop.Stage.PROPOSED:
            return "proposed"
        if stage != Workshop.Stage.UPCOMING:
            return "held"
        state = self.registration_state(now)
        if state == "not_yet":
            return "planned"
        if state == "closed":
            return "closed"
        return "full" if figures.get("seats_left") == 0 else "open"


class ProgrammeItem(models.Model):
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="programme"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return isolate(self.title)


class Poll(models.Model):
    """A live poll's question and results, as taken during the workshop."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="polls"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    question = models.CharField(_("question"), max_length=500)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return isolate(self.question)


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("option"), max_length=300)
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return isolate(self.label)


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
        # One person's state («inscrit·e»), not the figure's plural «inscrits».
        REGISTERED = "registered", _("registered (one person)")
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
    # Came on the day without a registration: counted as attending, never
    # taking a seat offered online.
    walk_in = models.BooleanField(_("walk-in"), default=False)
    # The confirm-or-release reminder: sent once (claimed by a conditional
    # update), and the person's answer.
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    seat_confirmed_at = models.DateTimeField(_("seat confirmed"), null=True, blank=True)
    # The language of the page the person registered on: a visitor's emails
    # are written in it (a user's, in their account's language).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            # One confirmed place (a seat or a place in line) per address and
            # workshop, whatever its case (an erased row has none). A visitor's
            # unconfirmed registration holds no address: anyone may type one.
            models.UniqueConstraint(
                "workshop",
                Lower("email"),
                condition=~Q(email="") & Q(status__in=["registered", "waiting"]),
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


class WorkshopEvent(TransitionEvent):
    """One of the organiser's moves of a workshop (workshops.notices, through
    core.transitions): cancelled, with the reason given; outputs published."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Workshop.Stage.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Workshop.Stage.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("workshop event")
        verbose_name_plural = _("workshop events")
