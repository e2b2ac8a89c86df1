"""What every app shares: the user, the notification outbox, and the shapes of
recorded transitions and moderation."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .bidi import isolate
from .files import RandomName


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
        return isolate(self.display_name or self.email)

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


class TransitionEvent(models.Model):
    """One recorded move of a row through its state machine (core.transitions):
    who, when, from, to. Each machine's event model adds what its moves carry."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        # Shown on each row of a history in the admin: the states' names in
        # the reader's language (the arrow is the translators' to turn).
        labels = dict(self._meta.get_field("to_status").flatchoices)
        return gettext("%(from)s → %(to)s") % {
            "from": labels.get(self.from_status, self.from_status),
            "to": labels.get(self.to_status, self.to_status),
        }


class Moderation(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by moderation")


class ModerationEvent(TransitionEvent):
    """Hiding or showing again a contribution (an idea, a comment…) that breaks
    the charter. The reason is told to the author. Moderation is not screening."""

    from_status = models.CharField(_("from"), max_length=20, choices=Moderation.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Moderation.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation history")
        indexes = [models.Index(fields=["content_type", "object_id"], name="moderation_event_object")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(to_status="hidden") | ~models.Q(reason=""),
                name="moderation_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_to_status_display())


class ModeratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation=Moderation.PUBLISHED)


class Moderated(models.Model):
    """A contribution the public reads unless a moderator hides it (core.moderation)."""

    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    moderation_events = GenericRelation(ModerationEvent)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.moderation == Moderation.HIDDEN

    @property
    def moderation_event(self) -> ModerationEvent | None:
        """The last move (with its date and reason); from prefetched events when there."""
        events = list(self.moderation_events.all())
        return max(events, key=lambda e: (e.created_at, e.pk), default=None)


class Rendition(models.Model):
    """A published document (core.documents) of one subject, in one language
    (and at one date): the PDF last rendered, the generations' state it was
    rendered from, and the render asked for, if any. One row per document;
    its file is replaced whole when the data has changed."""

    kind = models.CharField(_("document"), max_length=40)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("subject type"))
    subject_id = models.PositiveBigIntegerField(_("subject"))
    subject = GenericForeignKey("subject_type", "subject_id")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    date = models.DateField(_("as of"), null=True, blank=True)
    # documents/<digest of the document and its data's state>.pdf
    # Written by the portal only (never uploaded): editable=False.
    file = models.FileField(
        _("file"), upload_to=RandomName("documents"), blank=True, db_index=True, editable=False
    )
    # A digest of the generations' tokens the file was rendered from, and of
    # those a render was last asked for (empty once done).
    token = models.CharField(max_length=64, blank=True)
    wanted = models.CharField(max_length=64, blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(_("render failed"), default=False)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    seconds = models.FloatField(_("render time (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "language", "date"],
                condition=models.Q(date__isnull=False),
                name="rendition_dated_unique",
            ),
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "language"],
                condition=models.Q(date__isnull=True),
                name="rendition_unique",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.subject_type_id}:{self.subject_id} {self.language} {self.date or ''}".strip()
        )


class Reminder(models.Model):
    """Work a periodic task does once (core.claims): a reminder or warning
    written, claimed by this row before it is written, so that it goes once
    even if beat runs twice, also at the same moment. `kind` names the work
    (each app its own, e.g. "consultation_answers_due"), `key` what it is
    about (a meeting's id, a consultation and an institution…)."""

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("about"), max_length=80)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="core_reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.key}"
