from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("Steering committee")

    def ready(self):
        from core.files import protect
        from core.generations import follow
        from plans import checklist

        from . import absences, convocation, privacy, selection  # noqa: F401 - emails, tasks; the person's data
        from .checklist import LINES
        from .generations import COMMITTEE
        from .models import (
            AbsenceFlag,
            AgendaItem,
            Attendance,
            Candidacy,
            CandidacyFile,
            Committee,
            Decision,
            Guest,
            HandbookVersion,
            Meeting,
            MeetingDocument,
            Membership,
            MinutesComment,
            PairDecision,
            Proposal,
            RevisionRequest,
            Score,
            SeatCandidate,
            SeatVote,
            SelectionRound,
            Selector,
        )
        from .rules import can_see_candidacy_file, can_see_handbook, can_see_letter, can_see_meeting_document

        # The plan's OGP checklist: the forum, its meetings, its handbook, the reviews.
        checklist.register(*LINES)

        protect(Membership, "designation_letter", can_see_letter)
        protect(MeetingDocument, "file", can_see_meeting_document)
        protect(HandbookVersion, "file", can_see_handbook)
        protect(CandidacyFile, "file", can_see_candidacy_file)

        # Every write of a committee and the rows under it: its cached pages,
        # datasets and documents are recomputed. Writes that bypass the
        # signals call COMMITTEE.bump() themselves.
        COMMITTEE.follow(Committee)
        for model in (Membership, Meeting, RevisionRequest):
            COMMITTEE.follow(model, "committee")
        for model in (AgendaItem, Proposal, Attendance, Guest, MinutesComment, Decision, MeetingDocument):
            COMMITTEE.follow(model, "meeting__committee")
        COMMITTEE.follow(AbsenceFlag, "member__committee")
        # The selection's pages and open data are the committee's.
        COMMITTEE.follow(SelectionRound, "committee")
        for model in (SeatCandidate, SeatVote, Selector, Candidacy, PairDecision):
            COMMITTEE.follow(model, "round__committee")
        COMMITTEE.follow(CandidacyFile, "candidacy__round__committee")
        COMMITTEE.follow(Score, "candidacy__round__committee")
        # The handbook is an OGP member's: shown with every plan's committee of the member.
        follow([HandbookVersion], lambda version: [COMMITTEE.name(pk) for pk in plans_of(version.member_id)])


def plans_of(member_id: int) -> list[int]:
    from plans.models import Plan

    return list(Plan.objects.filter(member=member_id).values_list("pk", flat=True))
