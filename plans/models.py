"""OGP members and their action plans: institutions, associations, plans with
their published timeline, themes and documents. Every feature app points here."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.bidi import isolate
from core.files import AllowedContent, RandomName, SizeLimit


class MemberManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> "Member":
        return self.get(slug=slug)


class Member(models.Model):
    """An OGP member that owns action plans: the national government, a
    parliament chamber, a region or a commune. Found by its slug in fixtures
    (the reference data a deployment starts from: fixtures/)."""

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

    objects = MemberManager()

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
        return isolate(self.name)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class InstitutionManager(models.Manager):
    def get_by_natural_key(self, member_slug: str, slug: str) -> "Institution":
        return self.get(member__slug=member_slug, slug=slug)


class Institution(models.Model):
    """A ministry or public body of a member; its focal points screen the ideas
    sent to it and answer for its commitments, in the admin. Found by its
    member's slug and its own in fixtures."""

    member = models.ForeignKey(
        Member, verbose_name=_("OGP member"), on_delete=models.CASCADE, related_name="institutions"
    )
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=80)
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("focal points"), blank=True, related_name="institutions"
    )

    objects = InstitutionManager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["member", "slug"], name="institution_slug_unique")]

    def __str__(self) -> str:
        return isolate(self.name)

    def natural_key(self) -> tuple[str, str]:
        return (self.member.slug, self.slug)

    natural_key.dependencies = ["plans.member"]


class PublicHolidayManager(models.Manager):
    def get_by_natural_key(self, member_slug: str, year: int | None, month: int, day: int) -> "PublicHoliday":
        return self.get(member__slug=member_slug, year=year, month=month, day=day)


class PublicHoliday(models.Model):
    """A day off in a member's calendar, which working days skip (with
    Saturdays and Sundays). A fixed holiday comes back every year (no year);
    a religious one follows the lunar calendar and is entered for its year,
    one row per day off. The days off of years y1..y2 are one query:
    `member.holidays.filter(Q(year=None) | Q(year__range=(y1, y2)))`."""

    member = models.ForeignKey(
        Member, verbose_name=_("OGP member"), on_delete=models.CASCADE, related_name="holidays"
    )
    name = models.CharField(_("name"), max_length=200)
    month = models.PositiveSmallIntegerField(_("month"), choices=list(MONTHS.items()))
    day = models.PositiveSmallIntegerField(_("day"))
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: every year (a fixed holiday). Religious holidays follow the lunar calendar: "
            "add each one for its year, one row per day off."
        ),
    )

    # A fixed holiday made official in a given year (Yennayer: 2024) is no
    # day off before it: a deadline of 2023 counts 14 January as worked.
    since = models.PositiveSmallIntegerField(
        _("official since"),
        null=True,
        blank=True,
        help_text=_("A fixed holiday: the first year it is a day off. Empty: every year."),
    )

    objects = PublicHolidayManager()

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["member", models.F("year").asc(nulls_first=True), "month", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month", "day"],
                condition=models.Q(year__isnull=True),
                name="holiday_every_year_unique",
            ),
            # A religious holiday may fall on a fixed one's day: a row of its own.
            models.UniqueConstraint(
                fields=["member", "year", "month", "day"],
                condition=models.Q(year__isnull=False),
                name="holiday_of_year_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(month__range=(1, 12), day__range=(1, 31)), name="holiday_day_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(since__isnull=True) | models.Q(year__isnull=True),
                name="holiday_since_only_fixed",
            ),
        ]

    def __str__(self) -> str:
        return isolate(self.name)

    def natural_key(self) -> tuple[str, int | None, int, int]:
        return (self.member.slug, self.year, self.month, self.day)

    natural_key.dependencies = ["plans.member"]

    def clean(self):
        if self.month is None or self.day is None:
            return
        try:
            # 2024, a leap year: 29 February may come back every year.
            date(self.year or 2024, self.month, self.day)
        except ValueError:
            raise ValidationError({"day": _("This month has no such day.")}) from None
        if self.year and self.since:
            raise ValidationError({"since": _("Only a holiday of every year has a first year.")})

    @property
    def when(self) -> str:
        """The day as the admin lists it: 30 July, or 20 March 2026 for one year's."""
        day = date(self.year or 2024, self.month, self.day)
        return date_format(day, "j F Y" if self.year else "j F")


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
        return isolate(self.name)


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


# What each phase lets the public do: `plan.allows(...)` asks it.
PHASE_ALLOWS = {
    PhaseKind.COLLECTION: {"submit_idea", "support_idea", "comment_idea"},
    PhaseKind.ANALYSIS: {"support_idea", "comment_idea"},
    # The draft plan's consultation (consultations/): a text's has its own dates.
    PhaseKind.CONSULTATION: {"comment_draft_plan"},
}


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
        return isolate(self.title)

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.slug])

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

    # What a phase allows is asked of a plan the page already holds, with
    # its phases (the public plans are kept in each worker's memory: no
    # query); a phase is open from 00:00 on its first day to 24:00 on its
    # last, Casablanca time (Phase.is_open).
    def is_running(self, today=None) -> bool:
        """Whether a phase is open today."""
        today = today or timezone.localdate()
        return self.status != Plan.Status.DRAFT and any(p.is_open(today) for p in self.phases.all())

    def allows(self, action: str, today=None) -> bool:
        """Whether a phase open today lets the public do `action` (PHASE_ALLOWS)."""
        if self.status == Plan.Status.DRAFT:
            return False
        today = today or timezone.localdate()
        return any(p.is_open(today) and action in PHASE_ALLOWS.get(p.kind, ()) for p in self.phases.all())

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
        return self.allows("submit_idea")


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
        return isolate(self.name)


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
    file = models.FileField(
        _("file"),
        upload_to=RandomName("plans/documents"),
        blank=True,
        db_index=True,  # the /files/ view finds the row by its file's name
        validators=[
            SizeLimit("PLAN_DOCUMENT_MAX_BYTES"),
            # What a ministry publishes; never HTML, SVG or script, which
            # would run as pages of the portal.
            AllowedContent("pdf", "odt", "docx", "ods", "xlsx", "odp", "pptx", "png", "jpeg"),
        ],
    )
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
        return isolate(self.title)

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class Compliance(models.TextChoices):
    """Where a requirement of the OGP checklist stands (plans.checklist)."""

    MET = "met", _("met")
    AT_RISK = "at_risk", _("at risk")
    NOT_MET = "not_met", _("not met")


class ChecklistState(models.Model):
    """The state a line of a plan's OGP checklist was last seen in by the
    daily watch (plans.tasks.watch_checklists), since when: so that the
    secretariat is told once when a line turns at risk. A change is claimed
    by a conditional update of this row: two runs at once tell once."""

    plan = models.ForeignKey(Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="+")
    line = models.CharField(_("line"), max_length=60)
    state = models.CharField(_("state"), max_length=8, choices=Compliance.choices)
    since = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("OGP checklist line state")
        verbose_name_plural = _("OGP checklist line states")
        constraints = [
            models.UniqueConstraint(fields=["plan", "line"], name="checklist_state_once"),
            models.CheckConstraint(
                condition=models.Q(state__in=["met", "at_risk", "not_met"]), name="checklist_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.line}: {self.state}"
