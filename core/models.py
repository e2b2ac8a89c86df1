"""What every app shares: the user, and the notification outbox."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Logs in with an email. The display name is the only personal detail
    ever shown publicly; the language is the one every email is written in."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("public name"),
        max_length=80,
        help_text=_("Shown next to your ideas and comments. You may use a pseudonym."),
    )
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="user_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class NotificationQuerySet(models.QuerySet):
    def due(self, before):
        """Pending rows whose next attempt was due before `before`, oldest
        first: what the sweep sends (served by the notification_state_next index)."""
        return self.filter(state=Notification.State.PENDING, next_attempt_at__lt=before).order_by(
            "next_attempt_at"
        )


class Notification(models.Model):
    """One email, written in the same transaction as the event that causes it,
    and rendered and sent afterwards by `core.tasks.send_notification`. It
    holds facts (kind, recipient, language, the ids it is about), never the
    rendered message: that may carry a secret, such as a password-reset link."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    to_email = models.EmailField(_("to"))
    kind = models.CharField(_("kind"), max_length=60)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # Ids and small non-secret values only: what the kind's loader needs.
    context = models.JSONField(_("context"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # When the sweep may send a pending row: its creation, then the date of
    # the retry scheduled after a failure.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("email notification")
        verbose_name_plural = _("email notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="notification_state_created"),
            models.Index(fields=["state", "next_attempt_at"], name="notification_state_next"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "sending", "sent", "failed"]),
                name="notification_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
                name="notification_sent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.get_state_display()})"


class EmailPreference(models.Model):
    """A user's choice for one optional kind of email. No row means 'send'."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=60)
    enabled = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}={'on' if self.enabled else 'off'}"


class Member(models.Model):
    """An OGP member that owns action plans: the national government, a
    parliament chamber, a region or a commune."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("national government")
        PARLIAMENT = "parliament", _("parliament")
        REGION = "region", _("region")
        COMMUNE = "commune", _("commune")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    contact_name = models.CharField(_("point of contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("OGP member")
        verbose_name_plural = _("OGP members")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["national", "parliament", "region", "commune"]),
                name="member_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Institution(models.Model):
    """A ministry or public body of a member; its focal points screen the ideas
    sent to it and answer for its commitments, in the admin."""

    member = models.ForeignKey(
        Member, verbose_name=_("OGP member"), on_delete=models.CASCADE, related_name="institutions"
    )
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=80)
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("focal points"), blank=True, related_name="institutions"
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["member", "slug"], name="institution_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Association(models.Model):
    """A civil-society organisation: submits ideas, organises workshops."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("representatives"), blank=True, related_name="associations"
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PhaseKind(models.TextChoices):
    THEMES = "themes", _("Themes")
    COLLECTION = "collection", _("Collection of ideas")
    ANALYSIS = "analysis", _("Analysis of ideas")
    DRAFTING = "drafting", _("Drafting of commitments")
    CONSULTATION = "consultation", _("Public consultation")
    ADOPTION = "adoption", _("Adoption")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")


PHASE_ORDER = [kind.value for kind in PhaseKind]


class PlanQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Plan.Status.DRAFT)


class Plan(models.Model):
    """An action plan of a member, with its published timeline."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft (not public)")
        COCREATION = "cocreation", _("co-creation")
        ADOPTED = "adopted", _("adopted")
        CLOSED = "closed", _("closed")

    member = models.ForeignKey(
        Member, verbose_name=_("OGP member"), on_delete=models.PROTECT, related_name="plans"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("First, second, third plan of this member.")
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    timeline_published_on = models.DateField(
        _("timeline first published on"),
        null=True,
        blank=True,
        help_text=_("OGP asks for the timeline to be public before the process starts."),
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["member", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["member", "number"], name="plan_number_unique"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years_order"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "cocreation", "adopted", "closed"]),
                name="plan_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:plan", args=[self.slug])

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    def phases_in_order(self) -> list["Phase"]:
        """The timeline, in process order; uses prefetched phases when there."""
        return sorted(self.phases.all(), key=lambda p: (p.start, PHASE_ORDER.index(p.kind)))

    def current_phase(self, today=None) -> "Phase | None":
        today = today or timezone.localdate()
        current = [p for p in self.phases.all() if p.start <= today <= p.end]
        # Phases may overlap by a few days: the one that started last is current.
        return max(current, key=lambda p: (p.start, PHASE_ORDER.index(p.kind)), default=None)

    def phase(self, kind: str) -> "Phase | None":
        return next((p for p in self.phases.all() if p.kind == kind), None)

    def is_open_for(self, kind: str, today=None) -> bool:
        phase = self.phase(kind)
        return phase is not None and phase.is_open(today) and self.status != Plan.Status.DRAFT

    def record_timeline_publication(self, today=None) -> bool:
        """Records the day the timeline first became public; never moves it."""
        if self.timeline_published_on or self.status == Plan.Status.DRAFT or not self.phases.exists():
            return False
        self.timeline_published_on = today or timezone.localdate()
        self.save(update_fields=["timeline_published_on"])
        return True

    @property
    def collection_phase(self) -> "Phase | None":
        return self.phase(PhaseKind.COLLECTION)

    @property
    def collection_open(self) -> bool:
        return self.is_open_for(PhaseKind.COLLECTION)


class Phase(models.Model):
    """One step of a plan's published timeline."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("timeline")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="phase_kind_unique"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="phase_dates_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start} – {self.end})"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.start <= today <= self.end

    def state(self, today=None) -> str:
        today = today or timezone.localdate()
        if today < self.start:
            return "upcoming"
        return "current" if today <= self.end else "past"


class Theme(models.Model):
    """An axis of a plan, agreed by the steering committee."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="themes"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    institutions = models.ManyToManyField(Institution, verbose_name=_("institutions concerned"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="theme_number_unique")]

    def __str__(self) -> str:
        return self.name


class PlanDocument(models.Model):
    """The plan's public document repository (OGP standard 2)."""

    class Kind(models.TextChoices):
        METHOD = "method", _("method")
        TIMELINE = "timeline", _("timeline")
        MINUTES = "minutes", _("minutes")
        REPORT = "report", _("report")
        PLAN = "plan", _("action plan")
        OTHER = "other", _("other")

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to="plans/documents/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="plan_document_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url
