"""The steering committee of a plan (spec: committee.md, from the committee's
handbook): its members on two sides, its meetings with their agenda,
proposals, attendance, guests, minutes, comments, decisions and documents,
the handbook's versions and the requests to revise it.

A committee serves one plan: its term follows the plan, and every member of
both sides is renewed with each new plan. A meeting's status is derived
from its dates (`Meeting.objects.with_status()`), never stored; the moves
that set those dates are recorded as `MeetingEvent`s (core.transitions)."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bidi import isolate
from core.files import AllowedContent, RandomName, SizeLimit
from core.models import TransitionEvent
from plans.models import Association, Institution, Member, Plan

DOCUMENT_CONTENT = AllowedContent("pdf", "odt", "docx", "ods", "xlsx", "odp", "pptx", "png", "jpeg")


class Side(models.TextChoices):
    PUBLIC = "public", _("public administration")
    CIVIL = "civil", _("civil society")


class Committee(models.Model):
    """The steering committee of one plan: one term."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("action plan"), on_delete=models.PROTECT, related_name="committee"
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="committee_term_order"
            )
        ]

    def __str__(self) -> str:
        return isolate(str(_("Steering committee, %(plan)s") % {"plan": self.plan.title}))

    @property
    def member(self) -> Member:
        return self.plan.member


class Membership(models.Model):
    """A seat: a person on one side of a committee, for an institution (public
    administration) or an association (civil society). Members are public
    office: their names are published; `name` is the name as published and
    stays if the person's account is erased."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("deputy of a member")

    class EndReason(models.TextChoices):
        DISSOLUTION = "dissolution", _("dissolution of the association")
        WITHDRAWAL = "withdrawal", _("withdrawal by official letter")
        END_OF_TERM = "end_of_term", _("end of term")
        ABSENCES = "absences", _("absences confirmed by the committee")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
        help_text=_("The member's account on the portal, through which they use the members' area."),
    )
    name = models.CharField(_("name"), max_length=200)
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution represented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association represented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    deputy_of = models.ForeignKey(
        "self",
        verbose_name=_("deputy of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    designation_letter = models.FileField(
        _("designation letter"),
        upload_to=RandomName("committee/letters"),
        validators=[DOCUMENT_CONTENT, SizeLimit("PLAN_DOCUMENT_MAX_BYTES")],
        blank=True,
        db_index=True,
    )
    designated_on = models.DateField(_("designated on"))
    starts_on = models.DateField(_("sits from"))
    ends_on = models.DateField(_("sat until"), null=True, blank=True)
    end_reason = models.CharField(
        _("end of membership"), max_length=12, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "side", "name"]
        constraints = [
            # One seat per person per committee.
            models.UniqueConstraint(
                fields=["committee", "person"], condition=Q(person__isnull=False), name="one_seat_per_person"
            ),
            models.CheckConstraint(
                condition=Q(side="public", institution__isnull=False, association__isnull=True)
                | Q(side="civil", association__isnull=False, institution__isnull=True),
                name="membership_side_represents",
            ),
            models.CheckConstraint(
                condition=Q(role="deputy", deputy_of__isnull=False)
                | (~Q(role="deputy") & Q(deputy_of__isnull=True)),
                name="membership_deputy_of_member",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True, end_reason="")
                | Q(ends_on__isnull=False) & ~Q(end_reason=""),
                name="membership_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return isolate(self.name)

    def clean(self):
        from .membership import validate  # the rules of a seat (committee.membership)

        validate(self)

    def is_sitting(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def sitting(day, path: str = "") -> Q:
    """The seats held on `day` (`path`: "membership__" from a row that names one)."""
    return Q(**{f"{path}starts_on__lte": day}) & (
        Q(**{f"{path}ends_on__isnull": True}) | Q(**{f"{path}ends_on__gte": day})
    )


# A meeting's status at a moment, from its dates: the one definition, as SQL
# (Meeting.objects.with_status); Meeting.status_at is its Python twin for a
# row already loaded.
def status_of(now, path: str = "") -> Case:
    return Case(
        When(Q(**{f"{path}cancelled_at__isnull": False}), then=Value(Meeting.Status.CANCELLED)),
        When(Q(**{f"{path}minutes_published_at__isnull": False}), then=Value(Meeting.Status.PUBLISHED)),
        When(Q(**{f"{path}minutes_sent_at__isnull": False}), then=Value(Meeting.Status.MINUTES_SENT)),
        When(Q(**{f"{path}starts_at__lte": now}), then=Value(Meeting.Status.HELD)),
        When(Q(**{f"{path}convened_at__isnull": False}), then=Value(Meeting.Status.CONVENED)),
        default=Value(Meeting.Status.PLANNED),
        output_field=models.CharField(),
    )


class MeetingQuerySet(models.QuerySet):
    def with_status(self, now=None):
        return self.annotate(status=status_of(now or timezone.now()))


class Meeting(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular meeting")
        REVIEW = "review", _("implementation review")
        EXTRAORDINARY = "extraordinary", _("extraordinary meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONVENED = "convened", _("convened")
        HELD = "held", _("held")
        MINUTES_SENT = "minutes_sent", _("draft minutes sent to members")
        PUBLISHED = "published", _("minutes published")
        CANCELLED = "cancelled", _("cancelled")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(_("title"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("date and time"), help_text=_("Casablanca time."))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    chair = models.ForeignKey(
        Membership,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The dates the moves set (committee.convocation, committee.minutes): the
    # status is derived from them.
    convened_at = models.DateTimeField(_("convocation sent"), null=True, blank=True, editable=False)
    minutes_sent_at = models.DateTimeField(_("draft minutes sent"), null=True, blank=True, editable=False)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    # The version of the meeting's calendar event (iCalendar SEQUENCE, RFC 5545):
    # raised when the members are told of a new date or place, or of the
    # cancellation, so their calendars replace the event instead of keeping both.
    ics_sequence = models.PositiveSmallIntegerField(_("calendar version"), default=0, editable=False)
    minutes = models.TextField(_("minutes"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["committee", "starts_at"], name="meeting_by_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after",
            ),
        ]

    def __str__(self) -> str:
        label = self.title or self.get_kind_display()
        day = timezone.localtime(self.starts_at).date().isoformat() if self.starts_at else ""
        return isolate(f"{label} · {day}")

    def status_at(self, now) -> str:
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.minutes_published_at:
            return self.Status.PUBLISHED
        if self.minutes_sent_at:
            return self.Status.MINUTES_SENT
        if self.starts_at <= now:
            return self.Status.HELD
        if self.convened_at:
            return self.Status.CONVENED
        return self.Status.PLANNED


class MeetingEvent(TransitionEvent):
    """One move of a meeting: convened, cancelled, minutes sent, minutes
    published, and what the move carries (a cancellation's reason)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Meeting.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Meeting.Status.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    # The member's proposal it came from, if any.
    proposal = models.OneToOneField(
        "Proposal",
        verbose_name=_("proposed by a member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_item",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_unique")
        ]

    def __str__(self) -> str:
        return isolate(f"{self.number}. {self.title}")


class Proposal(models.Model):
    """A member's proposal, within the window after the convocation: an
    agenda item or another date. The secretariat accepts or declines it with
    a reason (recorded as a ProposalEvent)."""

    class Kind(models.TextChoices):
        ITEM = "item", _("an agenda item")
        DATE = "date", _("another date")

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting the secretariat")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="proposals"
    )
    member = models.ForeignKey(
        Membership, verbose_name=_("proposed by"), on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("proposal"), max_length=5, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=2000)
    proposed_date = models.DateTimeField(_("proposed date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("member's proposal")
        verbose_name_plural = _("members' proposals")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="date", proposed_date__isnull=False)
                | Q(kind="item", proposed_date__isnull=True),
                name="proposal_date_for_date",
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.get_kind_display()} · {self.member}")


class ProposalEvent(TransitionEvent):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Proposal.State.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Proposal.State.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("decision on a proposal")
        verbose_name_plural = _("decisions on proposals")


class Attendance(models.Model):
    class Presence(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent without justification")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.CASCADE, related_name="attendance"
    )
    presence = models.CharField(_("attendance"), max_length=8, choices=Presence.choices)
    justification = models.CharField(_("justification"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__side", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member"),
            models.CheckConstraint(
                condition=~Q(presence="excused") | ~Q(justification=""), name="excused_has_justification"
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.member} · {self.get_presence_display()}")


class Guest(models.Model):
    """A non-member who attended a meeting. Published by organisation only."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="guests"
    )
    # Blank once erased, COMMITTEE_GUEST_DATA_DAYS after the meeting (committee.tasks).
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "organisation", "name"]

    def __str__(self) -> str:
        return isolate(f"{self.name} · {self.organisation}" if self.name else self.organisation)


class MinutesComment(models.Model):
    """A member's comment on the draft minutes, within the window after they
    were sent; the secretariat answers each."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes_comments"
    )
    member = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.CASCADE, related_name="minutes_comments"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    answer = models.TextField(_("secretariat's answer"), max_length=4000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("comment on draft minutes")
        verbose_name_plural = _("comments on draft minutes")
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return isolate(f"{self.member} · {self.meeting}")


class Decision(models.Model):
    """A decision of a meeting, by consensus or, exceptionally, by vote with
    the counts per side. A vote's outcome is computed (committee.decisions),
    never typed: a majority of each side, of the members present — or, for a
    revision of the handbook, of the whole committee (`base`)."""

    class Mode(models.TextChoices):
        CONSENSUS = "consensus", _("consensus")
        VOTE = "vote", _("vote")

    class Base(models.TextChoices):
        PRESENT = "present", _("majority of the members present on each side")
        COMMITTEE = "committee", _("half of the members of the whole committee on each side")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="meeting_decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"), max_length=4000)
    mode = models.CharField(_("taken by"), max_length=10, choices=Mode.choices, default=Mode.CONSENSUS)
    base = models.CharField(_("majority required"), max_length=10, choices=Base.choices, default=Base.PRESENT)
    public_for = models.PositiveSmallIntegerField(_("public administration: for"), null=True, blank=True)
    public_against = models.PositiveSmallIntegerField(
        _("public administration: against"), null=True, blank=True
    )
    public_abstain = models.PositiveSmallIntegerField(
        _("public administration: abstentions"), null=True, blank=True
    )
    civil_for = models.PositiveSmallIntegerField(_("civil society: for"), null=True, blank=True)
    civil_against = models.PositiveSmallIntegerField(_("civil society: against"), null=True, blank=True)
    civil_abstain = models.PositiveSmallIntegerField(_("civil society: abstentions"), null=True, blank=True)

    VOTES = ("public_for", "public_against", "public_abstain", "civil_for", "civil_against", "civil_abstain")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique"),
            # A vote has its six counts; a consensus none.
            models.CheckConstraint(
                condition=Q(
                    mode="vote",
                    public_for__isnull=False,
                    public_against__isnull=False,
                    public_abstain__isnull=False,
                    civil_for__isnull=False,
                    civil_against__isnull=False,
                    civil_abstain__isnull=False,
                )
                | Q(
                    mode="consensus",
                    public_for__isnull=True,
                    public_against__isnull=True,
                    public_abstain__isnull=True,
                    civil_for__isnull=True,
                    civil_against__isnull=True,
                    civil_abstain__isnull=True,
                ),
                name="decision_votes_with_vote",
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.meeting} · {self.number}")


class MeetingDocument(models.Model):
    """A document of a meeting: public once the minutes are published, unless internal."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(
        _("file"),
        upload_to=RandomName("committee/documents"),
        validators=[DOCUMENT_CONTENT, SizeLimit("PLAN_DOCUMENT_MAX_BYTES")],
        db_index=True,
    )
    internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("Internal documents are never published, even with the minutes."),
    )

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "title"]

    def __str__(self) -> str:
        return isolate(self.title)


class AbsenceFlag(models.Model):
    """Three unjustified absences within two calendar years flag a
    civil-society member for the committee's decision (never an automatic
    removal); the decision is recorded here."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("awaiting the committee's decision")
        CONFIRMED = "confirmed", _("membership ended by the committee")
        DISMISSED = "dismissed", _("membership kept by the committee")

    member = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.CASCADE, related_name="absence_flags"
    )
    absences = models.ManyToManyField(Attendance, verbose_name=_("absences"), related_name="+")
    flagged_at = models.DateTimeField(_("flagged"), default=timezone.now)
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("committee decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("absence flag")
        verbose_name_plural = _("absence flags")
        ordering = ["-flagged_at"]
        constraints = [
            # One open flag per member at a time.
            models.UniqueConstraint(
                fields=["member"], condition=Q(outcome="pending"), name="one_pending_flag"
            )
        ]

    def __str__(self) -> str:
        return isolate(f"{self.member} · {self.get_outcome_display()}")


class HandbookVersion(models.Model):
    """A version of the committee's handbook (an OGP member's), adopted by a decision."""

    member = models.ForeignKey(
        Member, verbose_name=_("OGP member"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    adopted_on = models.DateField(_("adopted on"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("what changed"), blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=RandomName("committee/handbook"),
        validators=[AllowedContent("pdf"), SizeLimit("PLAN_DOCUMENT_MAX_BYTES")],
        blank=True,
        db_index=True,
    )

    class Meta:
        verbose_name = _("handbook version")
        verbose_name_plural = _("handbook versions")
        ordering = ["member", "-number"]
        constraints = [models.UniqueConstraint(fields=["member", "number"], name="handbook_version_unique")]

    def __str__(self) -> str:
        return isolate(str(_("Handbook, version %(number)s") % {"number": self.number}))


class RevisionRequest(models.Model):
    """A request to revise the handbook: by a third of the members, only in
    the last quarter of the plan's last year (committee.handbook)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="revision_requests"
    )
    text = models.TextField(_("revision requested"), max_length=4000)
    signatories = models.ManyToManyField(Membership, verbose_name=_("requested by"), related_name="+")
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request to revise the handbook")
        verbose_name_plural = _("requests to revise the handbook")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return isolate(f"{self.committee} · {self.created_at:%Y-%m-%d}")


# --- The selection of civil-society members (spec: committee.md, article 4;
# issue 22). A round fills the civil-society seats of one committee's term:
# the civil society space elects the selection committee's civil-society
# member, the call for candidacies is published, associations apply online,
# the secretariat checks each file, the selection committee scores the
# complete ones on the grid, pairs close across the selection line are
# decided with a reason, and everything is published. The rules are in
# committee.selection; the round's stages are derived from its dates and
# its recorded moves (SelectionRound.stage), never stored.

# The scoring grid: (criterion, points), the handbook's order.
GRID = (
    ("experience", 20),
    ("mobilising", 15),
    ("technology", 5),
    ("implementing", 20),
    ("evaluating", 20),
    ("drafting", 20),
)
CRITERIA = dict(GRID)
GRID_LABELS = {
    "experience": _("the association's experience in open-government fields"),
    "mobilising": _("experience mobilising civil society"),
    "technology": _("experience using new technologies"),
    "implementing": _("proposals to contribute to implementing the current plan"),
    "evaluating": _("proposals to contribute to evaluating the current plan"),
    "drafting": _("proposals to contribute to drafting the next plan"),
}
# Candidates tied or less than this many points apart across the selection
# line are decided by the selection committee, with a reason.
CLOSE_POINTS = 10


class SelectionRound(models.Model):
    """The selection of one committee's civil-society members."""

    class Stage(models.TextChoices):
        PREPARING = "preparing", _("in preparation")
        VOTE = "vote", _("vote for the civil-society seat of the selection committee")
        CALL_UPCOMING = "call_upcoming", _("call for candidacies announced")
        CALL = "call", _("call for candidacies open")
        SCORING = "scoring", _("files checked and scored")
        PUBLISHED = "published", _("results published")

    committee = models.OneToOneField(
        Committee,
        verbose_name=_("committee whose civil-society members are selected"),
        on_delete=models.PROTECT,
        related_name="selection",
    )
    seats = models.PositiveSmallIntegerField(
        _("civil-society seats to fill"), help_text=_("How many associations the round selects.")
    )
    vote_opens_on = models.DateField(_("vote opens on"))
    vote_closes_on = models.DateField(_("vote closes on (included)"))
    call_opens_on = models.DateField(_("call for candidacies opens on"))
    call_closes_on = models.DateField(_("call for candidacies closes on (included)"))
    method = models.TextField(
        _("method"), help_text=_("How the files are checked, scored and decided: published with the call.")
    )
    # Set by the recorded moves (SelectionEvent).
    announced_at = models.DateTimeField(_("call announced"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    class Meta:
        verbose_name = _("selection of civil-society members")
        verbose_name_plural = _("selections of civil-society members")
        ordering = ["-call_opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_closes_on__gte=models.F("vote_opens_on")), name="selection_vote_order"
            ),
            models.CheckConstraint(
                condition=Q(call_closes_on__gte=models.F("call_opens_on")), name="selection_call_order"
            ),
            # The selection committee is set before the files are scored; the
            # call may open while the vote runs, never before it opens.
            models.CheckConstraint(
                condition=Q(call_opens_on__gte=models.F("vote_opens_on")), name="selection_call_after_vote"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="selection_seats_positive"),
        ]

    def __str__(self) -> str:
        return isolate(
            str(_("Selection of civil-society members, %(plan)s") % {"plan": self.committee.plan.title})
        )

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("committee:selection", args=[self.committee.plan.slug])

    def vote_state(self, today=None) -> str:
        """ "upcoming", "open" or "closed" on `today`."""
        return _window_state(self.vote_opens_on, self.vote_closes_on, today)

    def call_state(self, today=None) -> str:
        return _window_state(self.call_opens_on, self.call_closes_on, today)

    def stage(self, today=None) -> str:
        today = today or timezone.localdate()
        S = self.Stage
        if self.published_at:
            return S.PUBLISHED
        if self.call_state(today) == "closed":
            return S.SCORING
        if self.call_state(today) == "open":
            return S.CALL
        if self.vote_state(today) == "open":
            return S.VOTE
        if self.vote_state(today) == "closed":
            return S.CALL_UPCOMING
        return S.PREPARING


def _window_state(opens_on, closes_on, today=None) -> str:
    today = today or timezone.localdate()
    if today < opens_on:
        return "upcoming"
    if today > closes_on:
        return "closed"
    return "open"


class SelectionEvent(TransitionEvent):
    """A recorded move of a round: the call announced, the results published
    (`from_status`: the round's stage at the move)."""

    class Move(models.TextChoices):
        ANNOUNCED = "announced", _("call announced")
        PUBLISHED = "published", _("results published")

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="events")
    to_status = models.CharField(_("to"), max_length=20, choices=Move.choices)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("step of the selection")
        verbose_name_plural = _("steps of the selection")


class SeatCandidate(models.Model):
    """A person an association puts forward for the selection committee's
    civil-society seat, elected by the civil society space."""

    round = models.ForeignKey(
        SelectionRound, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="seat_candidates"
    )
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name of the person"), max_length=200)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("candidate for the selection committee's civil-society seat")
        verbose_name_plural = _("candidates for the selection committee's civil-society seat")
        ordering = ["round", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "association"], name="seat_candidate_one_per_association"
            )
        ]

    def __str__(self) -> str:
        return isolate(f"{self.name} ({self.association.name})")


class SeatVote(models.Model):
    """One association's vote, cast by one of its representatives. The
    count is public; who voted for whom is the secretariat's."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="seat_votes")
    association = models.ForeignKey(
        Association, verbose_name=_("voting association"), on_delete=models.PROTECT, related_name="+"
    )
    candidate = models.ForeignKey(
        SeatCandidate, verbose_name=_("vote for"), on_delete=models.PROTECT, related_name="votes"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cast by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        verbose_name = _("vote for the civil-society seat")
        verbose_name_plural = _("votes for the civil-society seat")
        ordering = ["round", "cast_at"]
        constraints = [
            # One vote per association: two representatives voting at once
            # meet here.
            models.UniqueConstraint(fields=["round", "association"], name="seat_vote_one_per_association")
        ]

    def __str__(self) -> str:
        return isolate(str(self.association))


class Selector(models.Model):
    """A member of a round's selection committee. Observers (the ministry,
    international organisations) see the files and the scores, never score."""

    class Kind(models.TextChoices):
        CIVIL = "civil", _("civil society (elected by the civil society space)")
        PRIVATE = "private", _("private sector")
        UNIVERSITY = "university", _("university")
        INDEPENDENT = "independent", _("independent body")
        MINISTRY = "ministry", _("ministry (observer)")
        INTERNATIONAL = "international", _("international organisation (observer)")

    OBSERVERS = (Kind.MINISTRY, Kind.INTERNATIONAL)
    ONE_EACH = (Kind.CIVIL, Kind.PRIVATE, Kind.UNIVERSITY)

    round = models.ForeignKey(
        SelectionRound, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="selectors"
    )
    kind = models.CharField(_("seat"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=255)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="selection_seats",
        help_text=_("The account through which they read the files and score them."),
    )
    elected = models.ForeignKey(
        SeatCandidate,
        verbose_name=_("elected as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For the civil-society seat: the candidate the civil society space elected."),
    )

    class Meta:
        verbose_name = _("member of the selection committee")
        verbose_name_plural = _("members of the selection committee")
        ordering = ["round", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="selector_one_seat_per_person",
            ),
            models.UniqueConstraint(
                fields=["round", "kind"],
                condition=Q(kind__in=["civil", "private", "university"]),
                name="selector_one_of_each",
            ),
            models.CheckConstraint(
                condition=Q(kind="civil", elected__isnull=False)
                | (~Q(kind="civil") & Q(elected__isnull=True)),
                name="selector_civil_is_elected",
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.name} ({self.organisation})")

    @property
    def is_observer(self) -> bool:
        return self.kind in self.OBSERVERS


class Candidacy(models.Model):
    """An association's candidacy for a civil-society seat: a draft until
    submitted; the secretariat checks the file; the selection committee
    scores the complete ones. Its score is the mean of the members' totals
    (committee.selection.ranking), never stored."""

    class Completeness(models.TextChoices):
        UNCHECKED = "unchecked", _("not checked yet")
        COMPLETE = "complete", _("complete")
        INCOMPLETE = "incomplete", _("incomplete")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        SELECTED = "selected", _("selected")
        NOT_SELECTED = "not_selected", _("not selected")

    round = models.ForeignKey(
        SelectionRound, verbose_name=_("selection"), on_delete=models.PROTECT, related_name="candidacies"
    )
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="candidacies"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="candidacies",
        help_text=_("The association's representative who applied for it."),
    )
    name = models.CharField(_("person proposed"), max_length=200)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account of the person proposed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.CharField(
        _("region"),
        max_length=100,
        blank=True,
        help_text=_("Where the association works: geographic representation."),
    )
    # An answer to each criterion of the grid (GRID).
    experience = models.TextField(_("experience in open-government fields"), max_length=4000)
    mobilising = models.TextField(_("experience mobilising civil society"), max_length=4000)
    technology = models.TextField(_("experience using new technologies"), max_length=4000)
    implementing = models.TextField(_("proposals for implementing the current plan"), max_length=4000)
    evaluating = models.TextField(_("proposals for evaluating the current plan"), max_length=4000)
    drafting = models.TextField(_("proposals for drafting the next plan"), max_length=4000)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    completeness = models.CharField(
        _("file"), max_length=10, choices=Completeness.choices, default=Completeness.UNCHECKED
    )
    incomplete_reason = models.TextField(_("what is missing"), blank=True)
    outcome = models.CharField(_("result"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["round", "association__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "association"], name="candidacy_one_per_association"),
            # A file is checked once submitted; incomplete says why.
            models.CheckConstraint(
                condition=Q(completeness="unchecked") | Q(submitted_at__isnull=False),
                name="candidacy_checked_once_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(completeness="incomplete") | ~Q(incomplete_reason=""),
                name="candidacy_incomplete_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(completeness="complete"),
                name="candidacy_outcome_only_if_complete",
            ),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.association.name} · {self.name}")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("committee:candidacy", args=[self.round.committee.plan.slug, self.pk])

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None


class CandidacyEvent(TransitionEvent):
    """A recorded move of a candidacy: submitted, checked complete or
    incomplete (with the reason), selected or not."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="events")
    to_status = models.CharField(_("to"), max_length=20)
    reason = models.TextField(_("reason"), blank=True)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("step of a candidacy")
        verbose_name_plural = _("steps of a candidacy")


class CandidacyFile(models.Model):
    """A document of a candidacy's file. The kinds the handbook says are
    public are published with the results; the candidacy form says which."""

    class Kind(models.TextChoices):
        STATUTES = "statutes", _("statutes")
        ACTIVITY_REPORT = "activity_report", _("activity report")
        LEGAL_RECEIPT = "legal_receipt", _("legal registration receipt")
        CV = "cv", _("CV of the person proposed")
        OTHER = "other", _("other document")

    # Published with the results (spec: "publish everything — candidate files
    # and the points each got"); a person's CV is theirs.
    PUBLIC = (Kind.STATUTES, Kind.ACTIVITY_REPORT, Kind.LEGAL_RECEIPT, Kind.OTHER)
    REQUIRED = (Kind.STATUTES, Kind.ACTIVITY_REPORT)

    candidacy = models.ForeignKey(
        Candidacy, verbose_name=_("candidacy"), on_delete=models.CASCADE, related_name="enclosures"
    )
    kind = models.CharField(_("document"), max_length=16, choices=Kind.choices)
    file = models.FileField(
        _("file"),
        upload_to=RandomName("committee/candidacies"),
        validators=[
            AllowedContent("pdf", "odt", "docx", "png", "jpeg"),
            SizeLimit("PLAN_DOCUMENT_MAX_BYTES"),
        ],
        db_index=True,
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document of a candidacy")
        verbose_name_plural = _("documents of a candidacy")
        ordering = ["candidacy", "kind", "pk"]

    def __str__(self) -> str:
        return isolate(f"{self.candidacy} · {self.get_kind_display()}")

    @property
    def is_public(self) -> bool:
        return self.kind in self.PUBLIC


def _score_bounds() -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__gte": 0, f"{name}__lte": points}), name=f"score_{name}_bounds"
        )
        for name, points in GRID
    ]


class Score(models.Model):
    """One selection-committee member's points for one complete candidacy."""

    candidacy = models.ForeignKey(
        Candidacy, verbose_name=_("candidacy"), on_delete=models.CASCADE, related_name="scores"
    )
    selector = models.ForeignKey(
        Selector, verbose_name=_("scored by"), on_delete=models.PROTECT, related_name="scores"
    )
    experience = models.PositiveSmallIntegerField(_("experience in open-government fields (/20)"))
    mobilising = models.PositiveSmallIntegerField(_("mobilising civil society (/15)"))
    technology = models.PositiveSmallIntegerField(_("new technologies (/5)"))
    implementing = models.PositiveSmallIntegerField(_("proposals for implementing the plan (/20)"))
    evaluating = models.PositiveSmallIntegerField(_("proposals for evaluating the plan (/20)"))
    drafting = models.PositiveSmallIntegerField(_("proposals for drafting the next plan (/20)"))
    comment = models.TextField(_("comment"), max_length=4000)
    scored_at = models.DateTimeField(_("scored"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["candidacy", "selector"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "selector"], name="score_once_per_member"),
            *_score_bounds(),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.candidacy} · {self.selector.name}")

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name, _points in GRID)


class PairDecision(models.Model):
    """The selection committee's decision on two candidacies tied or less
    than CLOSE_POINTS apart across the selection line: which one takes the
    seat, and why."""

    class Reason(models.TextChoices):
        GEOGRAPHY = "geography", _("geographic representation")
        EXPERTISE = "expertise", _("diversity of expertise")
        SCORE = "score", _("the higher score stands")

    round = models.ForeignKey(
        SelectionRound, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="pair_decisions"
    )
    above = models.ForeignKey(
        Candidacy, verbose_name=_("ranked above the line"), on_delete=models.CASCADE, related_name="+"
    )
    below = models.ForeignKey(
        Candidacy, verbose_name=_("ranked below the line"), on_delete=models.CASCADE, related_name="+"
    )
    chosen = models.ForeignKey(
        Candidacy, verbose_name=_("takes the seat"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("decided on"), max_length=10, choices=Reason.choices)
    explanation = models.TextField(_("reason, as published"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision on a close pair")
        verbose_name_plural = _("decisions on close pairs")
        ordering = ["round", "decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "above", "below"], name="pair_decided_once"),
            models.CheckConstraint(
                condition=Q(chosen=models.F("above")) | Q(chosen=models.F("below")),
                name="pair_chosen_of_the_two",
            ),
            models.CheckConstraint(condition=~Q(above=models.F("below")), name="pair_two_candidacies"),
        ]

    def __str__(self) -> str:
        return isolate(f"{self.above} / {self.below}")
