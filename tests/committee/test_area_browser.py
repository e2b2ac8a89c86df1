"""In Debian's headless Chromium: a member proposes an agenda item in their
area inside the window, on a phone in Arabic; the secretariat accepts it in
the admin, in French at 1280 px; the member then reads it on the agenda,
every member was told, and the agenda's Arabic PDF (committee.documents)
lists it."""

import shutil
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from committee.models import AgendaItem, Proposal
from core.models import Notification
from core.permissions import SECRETARIAT_GROUP
from tests.admin.test_browser import sign_in
from tests.committee.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, MembershipFactory
from tests.factories import UserFactory
from tests.pdf import in_order, pdf_text
from tests.published import download
from tests.workshops.staff import secretariat

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def test_a_member_proposes_an_item_and_the_secretariat_accepts_it(live_server, page, tmp_path):
    committee = CommitteeFactory()
    member = MembershipFactory(
        committee=committee, name="نادية بنعلي", person=UserFactory(email="nadia@example.org", language="ar")
    )
    MembershipFactory(committee=committee, person=UserFactory(email="karim@example.org", language="fr"))
    meeting = MeetingFactory(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=20),
        convened_at=timezone.now() - timedelta(days=1),
    )
    AgendaItemFactory(meeting=meeting, number=1, title_ar="تتبع الالتزامات", title_fr="Suivi des engagements")
    Group.objects.get(name=SECRETARIAT_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="committee",
            codename__in=[
                "view_meeting",
                "change_meeting",
                "view_agendaitem",
                "change_agendaitem",
                "view_proposal",
            ],
        )
    )

    # The member, on a phone in Arabic.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, member.person)
    with translation.override("ar"):
        area = live_server.url + reverse("committee:area_meeting", args=[meeting.pk])
    page.goto(area)
    assert page.locator("#propose .notice").is_visible()  # open until…
    page.get_by_role("radio", name="نقطة في جدول الأعمال").check()
    page.locator("textarea[name=text]").fill("إشراك الشباب في تتبع الخطة")
    page.get_by_role("button", name="إرسال مقترحي إلى الكتابة").click()
    page.wait_for_url(area)
    assert "تم إرسال مقترحكم إلى الكتابة" in page.locator(".messages").inner_text()
    proposal = Proposal.objects.get()
    assert (proposal.member, proposal.text) == (member, "إشراك الشباب في تتبع الخطة")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The secretariat, in French at 1280 px: the proposal's button, its page, accepted.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    sign_in(page, live_server, secretariat())
    with translation.override("fr"):
        change = live_server.url + reverse("admin:committee_meeting_change", args=[meeting.pk])
    page.goto(change)
    page.get_by_role("link", name="Accepter").click()
    page.locator("input[name=title_fr]").fill("Participation des jeunes")
    page.get_by_role("button", name="Accepter la proposition").click()
    page.wait_for_url(change)
    assert "c’est le point 2 de l’ordre du jour" in page.locator(".messagelist").inner_text()
    item = AgendaItem.objects.get(proposal=proposal)
    assert (item.number, item.title_ar, item.title_fr) == (
        2,
        "إشراك الشباب في تتبع الخطة",
        "Participation des jeunes",
    )
    # The proposer answered, the other member told of the new item: once each.
    assert sorted(Notification.objects.values_list("kind", flat=True)) == [
        "committee_agenda_changed",
        "committee_proposal_answered",
    ]

    # The member reads it on the agenda, answered.
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.clear_cookies()
    sign_in(page, live_server, member.person)
    page.goto(area)
    agenda = page.locator("ol.agenda").inner_text()
    assert "تتبع الالتزامات" in agenda and "إشراك الشباب في تتبع الخطة" in agenda
    assert "مقبول" in page.locator("#propose .proposals").inner_text()

    # The agenda in Arabic, as anyone downloads it (the plan is public): the item is on it.
    with translation.override("ar"):
        address = reverse(
            "committee:meeting_document", kwargs={"pk": meeting.pk, "kind": "agenda", "doc_lang": "ar"}
        )
    pdf = download(Client(), address)
    assert pdf["Content-Type"] == "application/pdf"
    in_order(pdf_text(pdf.content, tmp_path), ["تتبع الالتزامات", "إشراك الشباب في تتبع الخطة"], squash=True)
