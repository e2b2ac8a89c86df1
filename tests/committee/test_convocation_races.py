"""Parallel moves of the convocation's part: one convocation however many
send it at once, one agenda item however many accept one proposal, and one
number per item when several proposals are accepted at once (the
meeting's row is locked). Transactional: apart from test_convocation.py,
whose rows are built once inside a transaction the threads cannot see."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from committee import convocation
from committee.models import AgendaItem, Meeting, Proposal, ProposalEvent
from core.models import Notification
from tests.committee.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    ProposalFactory,
)
from tests.core.test_transitions import in_parallel, moves_in_parallel
from tests.factories import UserFactory

CASABLANCA = ZoneInfo("Africa/Casablanca")
MEETING_AT = datetime(2027, 3, 20, 10, 0, tzinfo=CASABLANCA)
CONVENED_AT = datetime(2027, 3, 1, 9, 0, tzinfo=CASABLANCA)


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_sending_at_once_send_one_convocation():
    committee = CommitteeFactory()
    MembershipFactory.create_batch(2, committee=committee)
    meeting = MeetingFactory(committee=committee, starts_at=MEETING_AT)
    AgendaItemFactory(meeting=meeting)
    staff = UserFactory(is_staff=True, is_superuser=True)
    outcomes = moves_in_parallel(
        lambda: convocation.convene(Meeting.objects.get(pk=meeting.pk), by=staff, now=CONVENED_AT)
    )
    assert outcomes == ["moved", "refused", "refused", "refused"]
    assert Notification.objects.filter(kind="committee_convocation").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_accepts_of_one_proposal_add_one_item_and_two_proposals_at_once_take_two_numbers():
    committee = CommitteeFactory()
    meeting = MeetingFactory(committee=committee, starts_at=MEETING_AT)
    AgendaItemFactory(meeting=meeting, number=1)
    staff = UserFactory(is_staff=True, is_superuser=True)
    proposal = ProposalFactory(meeting=meeting, member=MembershipFactory(committee=committee))
    outcomes = moves_in_parallel(lambda: convocation.accept(Proposal.objects.get(pk=proposal.pk), by=staff))
    assert outcomes == ["moved", "refused", "refused", "refused"]
    assert AgendaItem.objects.filter(proposal=proposal).count() == 1
    assert ProposalEvent.objects.filter(proposal=proposal).count() == 1

    # Four other proposals accepted at once: each its own number, after the last.
    others = [
        ProposalFactory(meeting=meeting, member=MembershipFactory(committee=committee)) for _ in range(4)
    ]
    lock = threading.Lock()

    def accept_one():
        with lock:
            mine = others.pop()
        return convocation.accept(Proposal.objects.get(pk=mine.pk), by=staff).number

    assert sorted(in_parallel(accept_one)) == [3, 4, 5, 6]


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_beat_at_once_remind_once():
    committee = CommitteeFactory()
    MeetingFactory(committee=committee, starts_at=MEETING_AT)
    UserFactory(email="salma@example.org", is_staff=True, is_superuser=True)
    now = datetime(2027, 3, 9, 8, 15, tzinfo=CASABLANCA)
    assert sorted(in_parallel(lambda: convocation.remind(now))) == [0, 0, 0, 1]
    assert Notification.objects.filter(kind="committee_convocation_due").count() == 1
