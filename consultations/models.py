"""Public consultations (spec: cocreation.md, "Public consultation on the
draft plan"; ogp.md, standard 4: a reasoned response to every proposal).

A consultation belongs to a plan. On the draft plan, its window is the
plan's consultation phase (one source of dates) and the commitments under
consultation are those proposed when it opens (`opening.open_due`); on any
other text, the secretariat divides the text into sections and the
consultation has its own dates. Every comment has a visible state, the
institution that owes it an answer (`owed_by`: the commitment's lead
institution; none: the secretariat), a date by which it is owed (the
closing day plus CONSULTATION_ANSWER_DAYS, `window.due_on`) and, once
answered, a disposition and a reasoned answer in public, each answer a
recorded move (`answers.MACHINE`, `CommentEvent`)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import DateField, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commitments.models import Commitment, Milestone
from core.bidi import isolate
from core.files import AllowedContent, RandomName, SizeLimit
from core.models import Moderated, ModeratedQuerySet, Moderation, TransitionEvent
from plans.models import Association, Institution, Phase, PhaseKind, Plan

COMMENT_MAX_LENGTH = 3000
ANSWER_MAX_LENGTH = 5000


def answer_days() -> timedelta:
    return timedelta(days=settings.CONSULTATION_ANSWER_DAYS)


class ConsultationQuerySet(models.QuerySet):
    def with_window(self):
        """`opens_on`, `closes_on` and `due_on` (answers owed by then): a
        text's own dates, or the draft plan's consultation phase. The window
        runs from 00:00 on the first day to 24:00 on the last (Casablanca),
        as phases do; `window()` is the Python twin for a row a page holds."""
        phase = Phase.objects.filter(plan=OuterRef("plan"), kind=PhaseKind.CONSULTATION)
        closes = Coalesce("ends_on", Subquery(phase.values("end")[:1]))
        return self.annotate(
            opens_on=Coalesce("starts_on", Subquery(phase.values("start")[:1])),
            closes_on=closes,
            # date + interval is a timestamp on PostgreSQL: back to a date.
            due_on=Cast(ExpressionWrapper(closes + answer_days(), output_field=DateField()), DateField()),
        )

    def open_on(self, day: date):
        return self.with_window().filter(opens_on__lte=day, closes_on__gte=day)

    def due_before(self, day: date):
        """Whose answers were owed before `day`: their awaiting comments are overdue."""
        return self.with_window().filter(due_on__lt=day)


class Consultation(models.Model):
    class Subject(models.TextChoices):
        DRAFT_PLAN = "draft_plan", _("the draft action plan")
        TEXT = "text", _("a text divided into sections")

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.PROTECT, related_name="consultations"
    )
    subject = models.CharField(_("consulted on"), max_length=12, choices=Subject.choices)
    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(_("introduction"), max_length=10000, blank=True)
    # A text's own dates; the draft plan's are its plan's consultation phase
    # (window.with_window reads either).
    starts_on = models.DateField(_("opens on"), null=True, blank=True)
    ends_on = models.DateField(_("closes on"), null=True, blank=True)
    # The text put to consultation, as published (optional; a draft plan's PDF
    # is rendered by the documents mechanism instead).
    text_file = models.FileField(
        _("text consulted on (PDF)"),
        upload_to=RandomName("consultations/texts"),
        blank=True,
        db_index=True,
        validators=[SizeLimit("PLAN_DOCUMENT_MAX_BYTES"), AllowedContent("pdf")],
    )
    # Set once, when the window has opened (opening.open_due): the commitments
    # proposed that day are the ones consulted on, and the draft PDF is asked.
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    commitments = models.ManyToManyField(
        Commitment,
        verbose_name=_("commitments consulted on"),
        blank=True,
        related_name="consultations",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject__in=["draft_plan", "text"]), name="consultation_subject_valid"
            ),
            # A text's dates are its own; the draft plan's are the phase's.
            models.CheckConstraint(
                condition=(
                    Q(subject="text", starts_on__isnull=False, ends_on__isnull=False)
                    | Q(subject="draft_plan", starts_on__isnull=True, ends_on__isnull=True)
                ),
                name="consultation_dates_source",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="consultation_dates_order",
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(subject="draft_plan"), name="consultation_one_per_draft_plan"
            ),
        ]

    def __str__(self) -> str:
        return isolate(self.title)

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.plan.slug, self.pk])

    # The Python twin of ConsultationQuerySet.with_window, for a row a page
    # holds with its plan (the plan's phases come with the cached public plans).
    def window(self) -> tuple[date | None, date | None]:
        if self.subject == self.Subject.TEXT:
            return self.starts_on, self.ends_on
        phase = next((p for p in self.plan.phases.all() if p.kind == PhaseKind.CONSULTATION), None)
        return (phase.start, phase.end) if phase else (None, None)

    def due(self) -> date | None:
        closes = self.window()[1]
        return closes + answer_days() if closes else None

    def state(self, today: date | None = None) -> str:
        """ "unscheduled" (a draft plan with no consultation phase yet),
        "upcoming", "open" or "closed"."""
        opens, closes = self.window()
        if opens is None:
            return "unscheduled"
        today = today or timezone.localdate()
        if today < opens:
            return "upcoming"
        return "open" if today <= closes else "closed"

    def is_open(self, today: date | None = None) -> bool:
        return self.state(today) == "open"


class Section(models.Model):
    """A part of a text put to consultation, commented on by itself."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), max_length=50000)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultation_section_number_unique"
            )
        ]

    def __str__(self) -> str:
        return isolate(f"{self.number}. {self.title}")


class Disposition(models.TextChoices):
    TAKEN = "taken", _("taken into account")
    PARTLY = "partly", _("partly taken into account")
    NOT_TAKEN = "not_taken", _("not taken into account")
    OUT_OF_SCOPE = "out_of_scope", _("outside the plan's scope")


class AnswerStatus(models.TextChoices):
    # With a context: "answered" alone is a date's label elsewhere in the catalogue.
    AWAITING = "awaiting", pgettext_lazy("consultation comment", "awaiting an answer")
    ANSWERED = "answered", pgettext_lazy("consultation comment", "answered")


class CommentQuerySet(ModeratedQuerySet):
    def awaiting(self):
        """Owed an answer: published and not answered (a hidden comment is
        owed none; shown again, it is owed one again)."""
        return self.published().filter(answer_status=AnswerStatus.AWAITING)


class Comment(Moderated):
    """A comment on a commitment (optionally one of its milestones), a
    section, or the whole text (neither). Published at once; moderation
    hides it with a reason its author reads (core.moderation)."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.PROTECT, related_name="comments"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_comments",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
    )
    # On behalf of an association the author represents, or one they name (as ideas).
    association = models.ForeignKey(
        Association,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
    )
    association_name = models.CharField(_("on behalf of (declared)"), max_length=200, blank=True)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ar")
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    # Who owes the answer, fixed when the comment is made (routing.post):
    # the commitment's lead institution; none for the secretariat.
    owed_by = models.ForeignKey(
        Institution,
        verbose_name=_("answer owed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_comments_owed",
    )
    # The answer, as its last recorded move (CommentEvent) left it.
    answer_status = models.CharField(
        _("answer"), max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.AWAITING
    )
    disposition = models.CharField(_("disposition"), max_length=12, choices=Disposition.choices, blank=True)
    answer = models.TextField(_("reasoned answer"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()
    moderation_kind = _("consultation comment")

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["created_at", "pk"]
        indexes = [
            # A commitment's comments, a page at a time, oldest first.
            models.Index(
                fields=["commitment", "created_at", "id"],
                condition=Q(moderation="published"),
                name="ccomment_commitment_published",
            ),
            models.Index(fields=["consultation", "answer_status"], name="ccomment_consultation_answer"),
            models.Index(fields=["owed_by", "answer_status"], name="ccomment_owed_answer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(moderation__in=Moderation.values), name="ccomment_moderation_valid"
            ),
            models.CheckConstraint(
                condition=Q(answer_status__in=AnswerStatus.values), name="ccomment_answer_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(disposition="") | Q(disposition__in=Disposition.values),
                name="ccomment_disposition_valid",
            ),
            # One target at most: a commitment (and perhaps its milestone) or a section.
            models.CheckConstraint(
                condition=Q(commitment__isnull=True) | Q(section__isnull=True), name="ccomment_one_target"
            ),
            models.CheckConstraint(
                condition=Q(milestone__isnull=True) | Q(commitment__isnull=False),
                name="ccomment_milestone_of_commitment",
            ),
            # Answered means a disposition, a text and a date; awaiting, none.
            models.CheckConstraint(
                condition=(
                    Q(answer_status="answered", answered_at__isnull=False)
                    & ~Q(disposition="")
                    & ~Q(answer="")
                )
                | Q(answer_status="awaiting", answered_at__isnull=True, disposition="", answer=""),
                name="ccomment_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return isolate(Truncator(self.body).chars(60))

    @property
    def moderation_title(self) -> str:
        return Truncator(self.body).chars(60)

    @property
    def on_behalf_of(self) -> str:
        return self.association.name if self.association_id else self.association_name

    @property
    def is_answered(self) -> bool:
        return self.answer_status == AnswerStatus.ANSWERED

    def get_absolute_url(self) -> str:
        """Where the comment reads with its answer: its commitment's or
        section's comments in the consultation, else the whole text's."""
        plan_slug = self.consultation.plan.slug
        if self.commitment_id:
            target = reverse(
                "consultations:commitment", args=[plan_slug, self.consultation_id, self.commitment.number]
            )
        elif self.section_id:
            target = reverse(
                "consultations:section", args=[plan_slug, self.consultation_id, self.section.number]
            )
        else:
            target = reverse("consultations:general", args=[plan_slug, self.consultation_id])
        return f"{target}#comment-{self.pk}"


class CommentEvent(TransitionEvent):
    """One answer given to a comment (answers.MACHINE): who, when, the
    disposition and the text as given then. Public: a changed answer keeps
    the earlier one."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=AnswerStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=AnswerStatus.choices)
    disposition = models.CharField(_("disposition"), max_length=12, choices=Disposition.choices)
    answer = models.TextField(_("reasoned answer"), max_length=ANSWER_MAX_LENGTH)
    # The institution the answer was given for (none: the secretariat).
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("answered for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(TransitionEvent.Meta):
        verbose_name = _("answer to a consultation comment")
        verbose_name_plural = _("answers to consultation comments")
        constraints = [
            models.CheckConstraint(condition=~Q(answer=""), name="ccomment_event_answer_given"),
        ]
