"""Who may see and do what with the steering committee (spec: committee.md).

The secretariat works in the admin on every committee. A member of a
committee — a person holding a seat of it on the day — uses the members'
area of that committee only: its convocations, proposals and draft minutes;
a member of one committee sees nothing of another's drafts. Everything the
handbook says is public (members, agendas, minutes once published,
attendance, decisions, the handbook) is public once the committee's plan is."""

from django.db.models import Q
from django.utils import timezone

from core.permissions import is_secretariat, is_staff_with
from plans.models import Plan
from plans.queries import public_plan_by_pk

from .models import Candidacy, Meeting, Membership, Selector, sitting


def seat(user, committee_id: int, day=None) -> Membership | None:
    """The seat `user` holds on `committee_id` on `day` (today), if any."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    day = day or timezone.localdate()
    return (
        Membership.objects.filter(sitting(day), committee_id=committee_id, person=user)
        .select_related("committee")
        .first()
    )


def seats(user, day=None):
    """Every seat `user` holds today, across committees: the members' area."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(sitting(day or timezone.localdate()), person=user)


# --- The minutes (committee.minutes, committee.area_minutes,
# committee.admin_minutes). A meeting's draft minutes are its members':
# the seats of its committee held on the meeting's day and not ended since.
# They receive the draft, read it in their area and comment on it, and are
# told when the minutes are published. The secretariat sends the draft,
# answers the comments and publishes.


def minutes_members(meeting, today=None):
    """The seats a meeting's draft minutes go to."""
    day = timezone.localtime(meeting.starts_at).date()
    today = today or timezone.localdate()
    return Membership.objects.filter(
        sitting(day), Q(ends_on__isnull=True) | Q(ends_on__gte=today), committee_id=meeting.committee_id
    )


def minutes_seat(user, meeting, today=None) -> Membership | None:
    """The seat through which `user` reads and comments a meeting's draft minutes, if any."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return minutes_members(meeting, today).filter(person=user).first()


def may_handle_minutes(user) -> bool:
    """Sending the draft minutes, answering the comments, publishing: the secretariat."""
    return is_secretariat(user) and is_staff_with(user, "committee.change_meeting")


def is_public_committee(committee) -> bool:
    return Plan.objects.public().filter(pk=committee.plan_id).exists()


def public_meetings():
    """The meetings the public sees: those of public plans' committees."""
    return Meeting.objects.filter(committee__plan__in=Plan.objects.public())


def published(meeting) -> bool:
    """Its minutes are published (and so its documents not marked internal)."""
    return meeting.minutes_published_at is not None


def can_see_meeting_document(user, document) -> bool:
    """Public once the minutes are published, unless internal; before, the
    secretariat (staff who may view the documents) and the committee's
    members (internal documents included)."""
    meeting = document.meeting
    if (
        not document.internal
        and published(meeting)
        and public_meetings().filter(pk=meeting.pk, cancelled_at__isnull=True).exists()
    ):
        return True
    if is_staff_with(user, "committee.view_meetingdocument"):
        return True
    return seat(user, meeting.committee_id) is not None


def can_see_letter(user, membership) -> bool:
    """A designation letter: the secretariat's (and its member's own)."""
    if is_staff_with(user, "committee.view_membership"):
        return True
    return getattr(user, "is_authenticated", False) and membership.person_id == user.pk


def can_see_handbook(user, version) -> bool:
    """Every version of the handbook is public."""
    return True


def own_q(user) -> Q:
    """Rows of the members' area that are `user`'s (their seats)."""
    return Q(member__person=user)


# The agenda and minutes PDFs (committee.documents) ------------------------
# Each is out once its move is made: the agenda with the convocation, the
# minutes once published; then it goes to everyone when the committee's plan
# is public, and before that to the secretariat and the committee's members.


def agenda_is_out(meeting) -> bool:
    """Its agenda was sent with the convocation (or, for a meeting never
    convened through the portal, published with its minutes)."""
    return meeting.convened_at is not None or published(meeting)


def _may_read(user, meeting) -> bool:
    # The meeting's committee loaded with it (committee.documents' meeting_of).
    if public_plan_by_pk(meeting.committee.plan_id) is not None:
        return True
    return is_staff_with(user, "committee.view_meeting") or seat(user, meeting.committee_id) is not None


def can_read_agenda(user, meeting) -> bool:
    return agenda_is_out(meeting) and _may_read(user, meeting)


def can_read_minutes(user, meeting) -> bool:
    return published(meeting) and _may_read(user, meeting)


# ---------------------------------------------------------------------------
# The members' area (committee.area; the draft minutes' page asks it too).


def area_meetings(user, day=None):
    """The meetings a member reads in their area: those of the committees
    they sit on today, once convened (before, the agenda is the
    secretariat's draft). Nobody else's: a member of one committee finds
    nothing of another's."""
    return Meeting.objects.filter(
        committee_id__in=seats(user, day).values("committee_id"), convened_at__isnull=False
    )


# --- What the public pages and the open data show (committee.views,
# committee.datasets). A meeting is public with its committee's plan; its
# agenda once it is out (agenda_is_out, above); its minutes, attendance,
# decisions and documents (those not internal) once the minutes are
# published — never those of a cancelled meeting, nor the members' pending
# proposals.


def shows_minutes(meeting) -> bool:
    """Minutes, attendance, decisions and documents: once the minutes are published."""
    return published(meeting) and meeting.cancelled_at is None


def published_meetings():
    """The meetings of public committees whose minutes are published (the
    decisions register, the attendance rates, the open data)."""
    return public_meetings().filter(minutes_published_at__isnull=False, cancelled_at__isnull=True)


def public_documents(meeting):
    """The documents of a meeting everyone may download: none before its
    minutes are published, never an internal one."""
    if not shows_minutes(meeting):
        return meeting.documents.none()
    return meeting.documents.filter(internal=False)


# --- The selection of civil-society members (committee.selection).


def can_see_candidacy_file(user, document) -> bool:
    """A candidacy's document: public with the results when its kind is one
    the handbook publishes (the form says which); before, and for the
    others, the association's representatives, the secretariat and the
    round's selection committee (observers included: they see)."""
    from .selection import represents

    candidacy = document.candidacy
    round = candidacy.round
    if (
        document.is_public
        and round.published_at
        and candidacy.submitted_at
        and is_public_committee(round.committee)
    ):
        return True
    if is_staff_with(user, "committee.view_candidacyfile"):
        return True
    if represents(user, candidacy.association_id):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return candidacy.submitted_at is not None and round.selectors.filter(person=user).exists()


# --- The selection committee's area (committee.area_selection). Its members
# are not staff (private sector, university, independent bodies…): each reads
# the complete files of the rounds they sit on, observers included, and only
# the scoring members score them (committee.selection.score). Nobody else
# finds anything there.


def selection_seats(user):
    """The seats `user` holds on selection committees, one per round."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Selector.objects.none()
    return Selector.objects.filter(person=user)


def selection_files(user):
    """The candidacies `user` reads as a member of their selection committee:
    the complete files of the rounds they sit on (an incomplete file, a
    draft, another round's file: none)."""
    return Candidacy.objects.filter(
        round__in=selection_seats(user).values("round_id"), completeness=Candidacy.Completeness.COMPLETE
    )


def can_see_candidacy(user, candidacy) -> bool:
    """A candidacy's page (committee.views_selection): its association's
    representatives always, their draft included; everyone once the results
    are published, for a candidacy submitted to a public plan's committee
    (its answers, public documents and points). The secretariat and the
    selection committee read the files in the admin and the scoring area."""
    from .selection import represents

    round = candidacy.round
    if (
        round.published_at
        and candidacy.submitted_at
        and public_plan_by_pk(round.committee.plan_id) is not None
    ):
        return True
    return represents(user, candidacy.association_id)


def may_run_selection(user) -> bool:
    """Setting a round up, announcing its call, seating the elected,
    recording the selection committee's decisions on close pairs and
    publishing the results: the secretariat (committee.selection asks
    is_secretariat again on each move), in the admin."""
    return is_secretariat(user) and is_staff_with(user, "committee.change_selectionround")


def may_check_candidacies(user) -> bool:
    """Marking a submitted file complete or incomplete (committee.selection.check_file)."""
    from .selection import may_check

    return may_check(user) and is_staff_with(user, "committee.change_candidacy")
