from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Count, F, Func, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from core.bidi import isolate
from core.files import AllowedContent, RandomName, SizeLimit
from core.models import Moderated, ModeratedQuerySet, Moderation, TransitionEvent
from core.text import detect_language, fold, strip_controls
from plans.models import Association, Institution, Plan, Theme
from workshops.models import Workshop

# What an idea says, in the author's words: required on the form and in an
# import, searched.
TEXTS = ("title", "problem", "solution", "expected_results")


def _search_text(expression) -> Func:
    """`ideas_search_text(expression)`, in the database (core.text.fold)."""
    return Func(expression, function="ideas_search_text", output_field=models.TextField())


class IdeaQuerySet(ModeratedQuerySet):
    def visible(self):
        return self.published()

    def waiting(self):
        """Submitted ideas nobody has screened for longer than IDEAS_WAITING_DAYS."""
        limit = timezone.now() - timedelta(days=settings.IDEAS_WAITING_DAYS)
        return self.filter(status=Idea.Status.SUBMITTED, status_changed_at__lt=limit)

    def accepted(self):
        """Accepted at screening, whatever happened next."""
        return self.filter(status__in=Idea.ACCEPTED_FAMILY)

    def for_list(self):
        """The idea list's rows, without counts: paginate first, then call
        `with_counts()` on the page (counting over the whole plan reads every
        support and comment of it)."""
        return self.select_related("theme", "plan", "author", "association", "workshop")

    def by_support(self):
        """Most supported first. The count is a correlated subquery on the
        (idea, user) unique index: one index-only lookup per idea, no join that
        multiplies rows, and no stored counter to keep in step."""
        supports = Support.objects.filter(idea=OuterRef("pk")).order_by().values("idea")
        total = Coalesce(Subquery(supports.annotate(n=Count("pk")).values("n")), 0)
        return self.annotate(support_total=total).order_by("-support_total", "-created_at", "-pk")

    def for_detail(self):
        """What an idea's page shows of it, besides its plan (from the cache)."""
        return self.select_related(
            "theme", "author", "association", "workshop", "institution"
        ).prefetch_related(
            "sent_to",
            # A draft card is its drafters' until proposed: not linked from the idea.
            Prefetch("commitments", queryset=Commitment.objects.public()),
            Prefetch(
                "events",
                queryset=IdeaEvent.objects.select_related("duplicate_of").order_by("created_at", "pk"),
            ),
        )

    def matching(self, text: str):
        """Ideas matching the words, unordered: on PostgreSQL against the
        stored, GIN-indexed `search` vector (filled by a trigger, migration
        ideas 0003), the words going through the same `ideas_search_text()`;
        on SQLite (`make run`), every word in one of the texts, both sides
        folded by `ideas_search_text()` too, there the Python `core.text.fold`
        (registered by ideas.apps). The database is the queryset's own. What
        the counts of a search use."""
        return self._search(text, rank=False)

    def search(self, text: str):
        """`matching()`, annotated on PostgreSQL with each idea's `rank`
        (title words weigh more) for the best matches first."""
        return self._search(text, rank=True)

    def _search(self, text: str, *, rank: bool):
        text = normalise_search(text)
        if not text:
            return self
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank

            # One query per configuration an idea can be stored with, so the
            # tsquery is a constant and the index is used: an Arabic idea
            # matches the Arabic stemming of the words, a French one the French.
            words = _search_text(Value(text))
            query = None
            for config in sorted(set(SEARCH_CONFIGS.values())):
                part = SearchQuery(words, config=config, search_type="websearch")
                query = part if query is None else query | part
            found = self.filter(search=query)
            return found.annotate(rank=SearchRank(F("search"), query)) if rank else found
        folded = self.alias(**{f"{field}_folded": _search_text(F(field)) for field in TEXTS})
        for word in text.split():
            anywhere = Q()
            for field in TEXTS:
                anywhere |= Q(**{f"{field}_folded__icontains": word})
            folded = folded.filter(anywhere)
        return folded


class IdeaManager(models.Manager.from_queryset(IdeaQuerySet)):
    def get_queryset(self):
        # The search vector is for the database only (the trigger writes it,
        # queries read it there): never loaded, so never written back either.
        return super().get_queryset().defer("search")


def with_counts(ideas: list["Idea"]) -> list["Idea"]:
    """Sets support_count and comment_count (published comments) on the
    ideas given, typically one page: two grouped queries over their ids."""
    ids = [idea.pk for idea in ideas]
    supports = dict(
        Support.objects.filter(idea__in=ids)
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values_list("idea", "n")
    )
    comments = dict(
        Comment.objects.published()
        .filter(idea__in=ids)
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values_list("idea", "n")
    )
    for idea in ideas:
        idea.support_count = supports.get(idea.pk, 0)
        idea.comment_count = comments.get(idea.pk, 0)
    return ideas


SEARCH_CONFIGS = {"ar": "arabic", "fr": "french", "en": "english"}


def normalise_search(text: str) -> str:
    """The words of a search, folded like the stored text (core.text.fold)."""
    return " ".join(fold(strip_controls(text)).split())


IDEA_TEXT_MAX_LENGTH = 5000


class Idea(Moderated):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted")
        SENT = "sent", _("sent to institution")
        INTEGRATED = "integrated", _("integrated into a commitment")
        NOT_INTEGRATED = "not_integrated", _("not integrated")

    class Source(models.TextChoices):
        PORTAL = "portal", _("online")
        WORKSHOP = "workshop", _("workshop")

    ACCEPTED_FAMILY = [Status.ACCEPTED, Status.SENT, Status.INTEGRATED, Status.NOT_INTEGRATED]

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="ideas"
    )
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(_("title"), max_length=200)
    # The limits are the form's (ModelForm reads them): a page of text each.
    problem = models.TextField(_("problem addressed"), max_length=IDEA_TEXT_MAX_LENGTH)
    solution = models.TextField(_("proposed solution"), max_length=IDEA_TEXT_MAX_LENGTH)
    expected_results = models.TextField(_("expected results"), max_length=IDEA_TEXT_MAX_LENGTH)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution targeted"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas_targeting",
    )
    attachment = models.FileField(
        _("attachment"),
        upload_to=RandomName("ideas/attachments"),
        blank=True,
        db_index=True,  # the /files/ view finds the row by its file's name
        validators=[SizeLimit("IDEA_ATTACHMENT_MAX_BYTES"), AllowedContent("pdf", "png", "jpeg")],
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    # An association the author does not represent on the portal (staff add
    # representatives): its name as the author gave it, shown as declared.
    association_name = models.CharField(_("on behalf of (declared)"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PORTAL)
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    created_at = models.DateTimeField(_("submitted on"), default=timezone.now, db_index=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ar")
    search_config = models.CharField(max_length=20, default="arabic", editable=False)
    # Filled by a database trigger (migration ideas 0003), never by Python.
    search = SearchVectorField(null=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    status_changed_at = models.DateTimeField(_("status changed on"), default=timezone.now)
    sent_to = models.ManyToManyField(
        Institution, verbose_name=_("sent to"), blank=True, related_name="ideas_received"
    )
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("integrated into"), blank=True, related_name="ideas"
    )
    objects = IdeaManager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["plan", "status"], name="idea_plan_status"),
            models.Index(fields=["plan", "-created_at"], name="idea_plan_created"),
            # The public list, newest first: a page's ids read from the index
            # alone, however deep the page.
            models.Index(
                fields=["plan", "-created_at", "-id"],
                condition=Q(moderation="published"),
                name="idea_plan_published_newest",
            ),
            # Created on PostgreSQL only, with the trigger that fills it.
            GinIndex(fields=["search"], name="idea_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "submitted",
                        "accepted",
                        "not_accepted",
                        "sent",
                        "integrated",
                        "not_integrated",
                    ]
                ),
                name="idea_status_valid",
            ),
            models.CheckConstraint(
                # A portal idea's author is null once they have deleted their
                # account: the idea stays, shown as a deleted user's.
                condition=(
                    Q(source="workshop", workshop__isnull=False) | Q(source="portal", workshop__isnull=True)
                ),
                name="idea_source_consistent",
            ),
            models.CheckConstraint(
                condition=Q(moderation__in=Moderation.values), name="idea_moderation_valid"
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"#{self.pk} {self.title}")

    def public_commitments(self) -> list:
        """The commitments it was integrated into that the public sees: a
        card is its drafters' until proposed (its title too)."""
        return [c for c in self.commitments.all() if c.status != c.Status.DRAFT]

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", args=[self.pk])

    # For moderation emails (core.moderation).
    moderation_kind = _("idea")

    @property
    def moderation_title(self) -> str:
        return self.title

    @property
    def open_for_interaction(self) -> bool:
        """Supports and comments: on a visible idea, while a phase of its plan
        allows them (PHASE_ALLOWS; the plan's phases are best prefetched)."""
        return not self.is_hidden and self.plan.allows("support_idea")

    @property
    def on_behalf_of(self) -> str:
        """The association the idea speaks for: a listed one, or the name the
        author declared."""
        return self.association.name if self.association_id else self.association_name

    def set_language_from_text(self) -> None:
        self.language = detect_language(" ".join([self.title, self.problem, self.solution]))
        self.search_config = SEARCH_CONFIGS[self.language]


class IdeaEvent(TransitionEvent):
    """One move of an idea through screening (ideas.screening): who, when, from,
    to, why. Public."""

    class Reason(models.TextChoices):
        NOT_OPENNESS = "not_openness", _("not related to the principles of open government")
        NOT_PRECISE = "not_precise", _("not precise or clear enough")
        DUPLICATE = "duplicate", _("duplicate of another idea")
        OTHER = "other", _("other reason")

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=16, choices=Idea.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Idea.Status.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    explanation = models.TextField(_("explanation"), blank=True, max_length=IDEA_TEXT_MAX_LENGTH)
    duplicate_of = models.ForeignKey(
        Idea,
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("screening event")
        verbose_name_plural = _("screening events")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status="not_accepted") | ~Q(reason=""), name="idea_event_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(reason="duplicate") | Q(duplicate_of__isnull=False),
                name="idea_event_duplicate_names_idea",
            ),
            models.CheckConstraint(
                condition=~Q(to_status="not_integrated") | ~Q(explanation=""),
                name="idea_event_not_integrated_explained",
            ),
        ]


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="support_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Comment(Moderated):
    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="idea_comments",
    )
    body = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    objects = ModeratedQuerySet.as_manager()
    moderation_kind = _("comment")

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(moderation__in=Moderation.values), name="comment_moderation_valid"
            ),
        ]

    def __str__(self) -> str:
        return isolate(self.body[:60])

    @property
    def moderation_title(self) -> str:
        return Truncator(self.body).chars(60)

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", args=[self.idea_id]) + f"#comment-{self.pk}"


# The counts the statistics and the idea lists read, kept in step with every
# write of ideas, supports, comments and the institutions ideas are sent to by
# PostgreSQL triggers (migration ideas 0008), in the transaction of the write,
# whatever its path (a form, the admin, an import, a bulk insert, an update of
# many rows): the figures of a plan of 200,000 ideas cost a read of a few
# hundred rows, not a count of every idea. Concurrent writes add to the same
# row under its lock, so the counts stay exact. On SQLite (`make run`) nothing
# keeps them and the figures are counted from the rows (ideas.statistics).


class IdeaTally(models.Model):
    """How many ideas of the plan have these values."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Idea.Source.choices)
    status = models.CharField(max_length=16, choices=Idea.Status.choices)
    # On behalf of an association, listed or declared.
    on_behalf = models.BooleanField()
    # Not hidden by moderation: what the public lists count.
    published = models.BooleanField()
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "theme", "source", "status", "on_behalf", "published"], name="idea_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.theme_id} {self.source} {self.status}: {self.count}"


class ParticipantTally(models.Model):
    """How many contributions a person has in the plan: online ideas,
    supports and comments. A row exists while there is one; the person is a
    user's id (not a relation: the row comes and goes with their
    contributions, and with them when the account is deleted)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    person = models.BigIntegerField()
    contributions = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "person"], name="participant_tally_key")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.person}: {self.contributions}"


class ProposerTally(models.Model):
    """How many online ideas a person proposed in the plan (ParticipantTally's
    twin, for the online participants who proposed; migration ideas 0010)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    person = models.BigIntegerField()
    ideas = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "person"], name="proposer_tally_key")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.person}: {self.ideas}"


class PlanTally(models.Model):
    """How many people took part online in the plan (rows of
    ParticipantTally), and how many of them proposed (rows of ProposerTally)."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, primary_key=True, related_name="+")
    participants = models.IntegerField(db_default=0)
    proposers = models.IntegerField(db_default=0)

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.participants}"


class InstitutionTally(models.Model):
    """How many ideas of the plan were sent to the institution."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    ideas = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "institution"], name="institution_tally_key")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.institution_id}: {self.ideas}"
