"""A commitment's card (the OGP template, spec commitments.md), its milestones
and indicators with their measurements, the progress institutions report
(public once the secretariat validates it), civil society's parallel
assessment and the IRM's ratings. Every change to a card, its milestones,
indicators, measurements and evidence is kept by django-simple-history
(who, when, before and after) for the public history."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.bidi import isolate
from core.files import AllowedContent, RandomName, SizeLimit
from core.models import TransitionEvent
from plans.models import Association, Institution, Plan, Theme


def translated_history(model_name: str, *names: str, untracked: tuple[str, ...] = ()) -> dict:
    """HistoricalRecords' arguments for a model whose texts `names` are
    translated: the history keeps every language, each in its own column
    (title_ar, title_fr, title_en). Those columns come from an abstract base,
    because modeltranslation adds them after the history model is built; the
    field itself is left out, its value being the language of whoever saved.
    `untracked`: fields of the work on the row, not of its content (left out too)."""
    columns = {
        f"{name}_{code}": models.TextField(f"{name} [{code}]", null=True, blank=True)
        for name in names
        for code, _label in settings.LANGUAGES
    }
    meta = type("Meta", (), {"abstract": True})
    base = type(
        f"{model_name}TextsHistory", (models.Model,), {"__module__": __name__, "Meta": meta, **columns}
    )
    return {"excluded_fields": [*names, *untracked], "bases": [base]}


EVIDENCE_CONTENT = ("pdf", "odt", "docx", "ods", "xlsx", "odp", "pptx", "png", "jpeg")


class Completion(models.TextChoices):
    """The IRM's completion scale (spec ogp.md): a card's level, read from its
    milestones (commitments.progress), civil society's parallel assessments
    and, with "no evidence available", the IRM's own rating."""

    NOT_STARTED = "not_started", _("not started")
    LIMITED = "limited", _("limited")
    SUBSTANTIAL = "substantial", _("substantial")
    COMPLETE = "complete", _("complete")


# The OGP values a card is relevant to, and the IRM's lenses (`irm_<lens>`):
# a box each on the card.
OGP_VALUES = (
    "access_to_information",
    "civic_participation",
    "public_accountability",
    "technology_and_innovation",
)
IRM_LENSES = ("transparency", "participation", "accountability", "inclusion", "technology")
# The IRM lens rule (spec ogp.md): inclusion and technology count only on top
# of one of the core values. Refused by the model's clean() (every form, the
# admin's, and an import's full_clean()) and by the database.
CORE_LENSES = ("transparency", "participation", "accountability")
ADDED_LENSES = ("inclusion", "technology")
LENS_RULE = _(
    "Inclusion and technology are recorded only on top of transparency, participation or accountability: "
    "tick one of those as well, or leave them out."
)


def lenses_admitted() -> Q:
    """The cards the lens rule admits: no added lens, or a core one with it."""
    admitted = Q(**{f"irm_{name}": False for name in ADDED_LENSES})
    for name in CORE_LENSES:
        admitted |= Q(**{f"irm_{name}": True})
    return admitted


class CommitmentQuerySet(models.QuerySet):
    def public(self):
        """What the public sees: every card but drafts (the drafters'
        and the secretariat's until proposed)."""
        return self.exclude(status=Commitment.Status.DRAFT)


class Commitment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PROPOSED = "proposed", _("proposed")
        ADOPTED = "adopted", _("adopted")
        IN_IMPLEMENTATION = "in_implementation", _("in implementation")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        NOT_RETAINED = "not_retained", _("not retained")

    # The IRM's vocabulary (spec ogp.md), entered by staff from its reports.
    class Potential(models.TextChoices):
        UNCLEAR = "unclear", _("unclear")
        MODEST = "modest", _("modest")
        SUBSTANTIAL = "substantial", _("substantial")

    IrmCompletion = models.TextChoices(
        "IrmCompletion",
        [("NO_EVIDENCE", ("no_evidence", _("no evidence available")))]
        + [(level.name, (level.value, level.label)) for level in Completion],
    )

    class OpenedGovernment(models.TextChoices):
        WORSENED = "worsened", _("worsened")
        DID_NOT_CHANGE = "did_not_change", _("did not change")
        MARGINAL = "marginal", _("marginal")
        MAJOR = "major", _("major")
        OUTSTANDING = "outstanding", _("outstanding")

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="commitments"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="commitments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Who.
    lead_institution = models.ForeignKey(
        Institution, verbose_name=_("lead institution"), on_delete=models.PROTECT, related_name="commitments"
    )
    involved_institutions = models.ManyToManyField(
        Institution, verbose_name=_("other institutions involved"), blank=True, related_name="involved_in"
    )
    partner_associations = models.ManyToManyField(
        Association,
        verbose_name=_("supporting associations"),
        blank=True,
        related_name="supported_commitments",
    )
    # Partners co-drafting the card: their representatives work on it as the
    # institutions' focal points do.
    co_drafting_associations = models.ManyToManyField(
        Association,
        verbose_name=_("associations co-drafting the card"),
        blank=True,
        related_name="co_drafted_commitments",
    )
    # Given by the secretariat: the co-drafting associations' representatives
    # edit the card as its lead institution's focal points do (spec: "can be
    # given the same rights").
    co_drafters_edit = models.BooleanField(_("co-drafting associations edit the card"), default=False)
    other_partners = models.CharField(_("private sector and other partners"), max_length=500, blank=True)
    # What.
    problem = models.TextField(_("problem addressed"), max_length=5000, blank=True)
    status_quo = models.TextField(_("situation today"), max_length=5000, blank=True)
    description = models.TextField(_("what the commitment does"), max_length=10000, blank=True)
    contribution = models.TextField(
        _("how it contributes to solving the problem"), max_length=5000, blank=True
    )
    expected_results = models.TextField(_("expected results"), max_length=5000, blank=True)
    # Relevance to OGP values.
    access_to_information = models.BooleanField(_("access to information"), default=False)
    civic_participation = models.BooleanField(_("civic participation"), default=False)
    public_accountability = models.BooleanField(_("public accountability"), default=False)
    technology_and_innovation = models.BooleanField(
        _("technology and innovation for openness and accountability"), default=False
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    # The contact a citizen or a reviewer writes to: a function's address.
    contact_name = models.CharField(_("contact: name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact: email"), blank=True)
    contact_institution = models.CharField(_("contact: institution"), max_length=255, blank=True)
    # The institution's self-assessment, shown beside civil society's
    # parallel assessments (spec): written by the card's drafters; on a
    # public card, validated by the secretariat like any change.
    self_rating = models.CharField(
        _("self-assessment: rating"), max_length=12, choices=Completion.choices, blank=True
    )
    self_assessment = models.TextField(_("self-assessment"), max_length=5000, blank=True)
    # The IRM's ratings, read-only to the public.
    irm_verifiable = models.BooleanField(_("IRM: verifiable"), null=True, blank=True)
    irm_transparency = models.BooleanField(_("IRM lens: transparency"), default=False)
    irm_participation = models.BooleanField(_("IRM lens: participation"), default=False)
    irm_accountability = models.BooleanField(_("IRM lens: accountability"), default=False)
    irm_inclusion = models.BooleanField(_("IRM lens: inclusion"), default=False)
    irm_technology = models.BooleanField(_("IRM lens: technology"), default=False)
    irm_potential = models.CharField(
        _("IRM: potential for results"), max_length=12, choices=Potential.choices, blank=True
    )
    irm_completion = models.CharField(
        _("IRM: completion"), max_length=12, choices=IrmCompletion.choices, blank=True
    )
    irm_opened_government = models.CharField(
        _("IRM: did it open government?"), max_length=15, choices=OpenedGovernment.choices, blank=True
    )
    irm_report_url = models.URLField(_("IRM report"), blank=True)
    # A draft's drafters submit it for review (commitments.lifecycle
    # .submit_for_review): once, until the card goes back to draft; the
    # secretariat then proposes it. Work on the draft, not its content: out
    # of the card's history.
    submitted_for_review_at = models.DateTimeField(_("submitted for review on"), null=True, blank=True)
    submitted_for_review_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted for review by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommitmentQuerySet.as_manager()

    history = HistoricalRecords(
        m2m_fields=[involved_institutions, partner_associations, co_drafting_associations],
        **translated_history(
            "Commitment",
            "title",
            "summary",
            "problem",
            "status_quo",
            "description",
            "contribution",
            "expected_results",
            untracked=("submitted_for_review_at", "submitted_for_review_by"),
        ),
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="commitment_number_unique"),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "proposed",
                        "adopted",
                        "in_implementation",
                        "completed",
                        "withdrawn",
                        "not_retained",
                    ]
                ),
                name="commitment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="commitment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=lenses_admitted(),
                name="commitment_irm_lens_on_core_value",
                violation_error_message=LENS_RULE,
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.number}. {self.title}")

    def get_absolute_url(self) -> str:
        return reverse("commitments:detail", args=[self.pk])

    def clean(self):
        super().clean()
        added = [name for name in ADDED_LENSES if getattr(self, f"irm_{name}")]
        if added and not any(getattr(self, f"irm_{name}") for name in CORE_LENSES):
            # On the first lens ticked, beside the boxes (the database's
            # constraint says the same where no form is).
            raise ValidationError({f"irm_{added[0]}": LENS_RULE})

    @property
    def contact_institution_name(self) -> str:
        """The contact's institution in the reader's language when it is the
        lead institution (typed, or imported, in one language: its name in
        any of them), else as typed."""
        lead = self.lead_institution
        names = {getattr(lead, f"name_{code}", "") for code, _name in settings.LANGUAGES}
        if self.contact_institution and self.contact_institution in names:
            return lead.name
        return self.contact_institution


class CommitmentEvent(TransitionEvent):
    """One move of a commitment through its life cycle."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Commitment.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Commitment.Status.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("commitment event")
        verbose_name_plural = _("commitment events")


class Milestone(models.Model):
    """An activity of a commitment. Its status and completion are the public,
    validated ones: a focal point reports through a ProgressUpdate."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DELAYED = "delayed", _("delayed")
        CANCELLED = "cancelled", _("cancelled")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), max_length=2000)
    responsible_institution = models.ForeignKey(
        Institution,
        verbose_name=_("responsible institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    expected_output = models.TextField(_("expected output"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    completion = models.PositiveSmallIntegerField(
        _("completion (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    # Empty: weighs as much as every other milestone without a weight.
    weight = models.PositiveSmallIntegerField(_("weight"), null=True, blank=True)

    history = HistoricalRecords(**translated_history("Milestone", "description", "expected_output"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(completion__lte=100), name="milestone_completion_percent"),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "done", "delayed", "cancelled"]),
                name="milestone_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="milestone_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return isolate(self.description[:80])


class Indicator(models.Model):
    class Kind(models.TextChoices):
        OUTPUT = "output", _("output (monitoring)")
        OUTCOME = "outcome", _("outcome (impact)")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("indicator"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.OUTPUT)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)

    history = HistoricalRecords(**translated_history("Indicator", "name"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return isolate(self.name)

    @property
    def has_baseline_and_target(self) -> bool:
        return self.baseline_value is not None and self.target_value is not None


class ProgressUpdate(models.Model):
    """What a focal point reports on a milestone of their institution; public
    (its status, completion, evidence and measurements) once the secretariat
    validates it, its moves recorded (commitments.progress)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting validation")
        VALIDATED = "validated", _("validated")
        RETURNED = "returned", _("returned")

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    created_at = models.DateTimeField(_("reported on"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    status = models.CharField(_("milestone status"), max_length=12, choices=Milestone.Status.choices)
    completion = models.PositiveSmallIntegerField(_("completion (%)"), validators=[MaxValueValidator(100)])
    text = models.TextField(_("what was done"), max_length=3000)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(completion__lte=100), name="update_completion_percent"),
            models.CheckConstraint(
                condition=Q(state__in=["submitted", "validated", "returned"]), name="update_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="update_queue")]

    def __str__(self) -> str:
        return isolate(f"{self.milestone} · {self.get_state_display()}")


class Decision(TransitionEvent):
    """The secretariat's decision on what waits for it (an update, a
    proposed change): validated, or returned with its reason."""

    from_status = models.CharField(_("from"), max_length=20, choices=ProgressUpdate.State.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ProgressUpdate.State.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta(TransitionEvent.Meta):
        abstract = True


class ProgressUpdateEvent(Decision):
    """The secretariat's decision on an update."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(Decision.Meta):
        verbose_name = _("progress update decision")
        verbose_name_plural = _("progress update decisions")


class ChangeRequest(models.Model):
    """A change a drafter made to a public card — its texts, milestones,
    indicators, weights — kept here, not applied, until the secretariat
    validates it (commitments.changes applies it) or returns it with a
    reason: the states and decisions of a progress update, whose progress
    goes through ProgressUpdate (measurements and evidence with it)."""

    State = ProgressUpdate.State

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="change_requests"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ProgressUpdate.State.choices,
        default=ProgressUpdate.State.SUBMITTED,
    )
    # [{"model": "milestone", "pk": 3 (None: a new row), "fields": {name:
    # {"value": …, "from": shown, "to": shown}}}]: the values the drafter's
    # validated form gave, and how they read before and after.
    changes = models.JSONField(_("changes"), default=list, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["submitted", "validated", "returned"]), name="change_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.commitment} · {self.get_state_display()}")

    def rows(self):
        """(row, field, before, after) for each value changed, in the reader's language."""
        models_by_key = {"commitment": Commitment, "milestone": Milestone, "indicator": Indicator}
        for entry in self.changes:
            model = models_by_key.get(entry.get("model"))
            if model is None:
                continue
            row = entry.get("label") or _("new %(row)s") % {"row": model._meta.verbose_name}
            for name, value in entry.get("fields", {}).items():
                try:
                    label = model._meta.get_field(name).verbose_name
                except FieldDoesNotExist:
                    label = name
                yield row, label, value.get("from", ""), value.get("to", "")

    @property
    def text(self) -> str:
        """The change in a few lines (the page that returns it shows them)."""
        return "\n".join(f"{row} · {label}: {before} → {after}" for row, label, before, after in self.rows())


class ChangeRequestEvent(Decision):
    """The secretariat's decision on a proposed change."""

    change = models.ForeignKey(
        ChangeRequest, verbose_name=_("proposed change"), on_delete=models.CASCADE, related_name="events"
    )

    class Meta(Decision.Meta):
        verbose_name = _("proposed change decision")
        verbose_name_plural = _("proposed change decisions")


def public_when_validated() -> Q:
    """Entered by the secretariat (no update), or carried by a validated update:
    for the rows (`.public()`) and for their history records alike."""
    return Q(update__isnull=True) | Q(update__state=ProgressUpdate.State.VALIDATED)


def is_public(row) -> bool:
    """The same rule for one row being written (a measurement, a piece of
    evidence, or the update itself), which the cache's signals ask and a
    query could not (the row may be gone): public_when_validated() is the
    one for queries."""
    if isinstance(row, ProgressUpdate):
        return row.state == ProgressUpdate.State.VALIDATED
    if row.update_id is None:
        return True
    try:
        return row.update.state == ProgressUpdate.State.VALIDATED
    except ProgressUpdate.DoesNotExist:  # deleted with its update
        return False


class PublicQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_when_validated())


class Measurement(models.Model):
    """A dated value of an indicator, with its source."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="measurements"
    )
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=500, blank=True)
    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="measurements",
    )

    objects = PublicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"


class Evidence(models.Model):
    """A link or a file showing a milestone's progress."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=RandomName("commitments/evidence"),
        blank=True,
        db_index=True,  # the /files/ view finds the row by its file's name
        validators=[SizeLimit("PLAN_DOCUMENT_MAX_BYTES"), AllowedContent(*EVIDENCE_CONTENT)],
    )
    added_on = models.DateField(_("date"), auto_now_add=True)
    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )

    objects = PublicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="evidence_file_or_link"),
        ]

    def __str__(self) -> str:
        return isolate(self.title)


class Assessment(models.Model):
    """Civil society's parallel assessment of a commitment: one per
    association, filed by one of its representatives, on the IRM's
    completion scale."""

    Rating = Completion

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="assessments"
    )
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.CASCADE, related_name="assessments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    text = models.TextField(_("assessment"), max_length=5000)
    updated_at = models.DateTimeField(_("date"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parallel assessment")
        verbose_name_plural = _("parallel assessments")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "association"], name="assessment_once_per_association"
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.association} · {self.commitment}")


class Follow(models.Model):
    """A signed-in user told of a commitment's validated progress."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["commitment", "user"], name="follow_once")]

    def __str__(self) -> str:
        return isolate(f"{self.user} · {self.commitment}")


class DraftComment(models.Model):
    """The internal thread on a draft card: its drafters, partner
    associations' representatives and the secretariat."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="draft_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on the draft")
        verbose_name_plural = _("comments on the draft")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return isolate(self.text[:80])


class DigestSent(models.Model):
    """A focal point's weekly digest, claimed before it is written to the
    outbox (commitments.tasks): one row per person and week, so a second
    run of beat, even at the same moment, sends nothing more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    # The Monday of the ISO week, in the portal's time zone.
    week = models.DateField(_("week"))
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digest_once_a_week")]

    def __str__(self) -> str:
        return f"{self.user} · {self.week}"
