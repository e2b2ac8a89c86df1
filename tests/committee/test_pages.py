"""The committee's public pages, a plan's tab: the committee (members by
side, parity, terms, attendance rates), its meetings (upcoming and past, the
implementation reviews per year), a meeting (agenda, attendance, minutes,
decisions, documents), the decisions register and the handbook — and
nothing of a draft: unpublished minutes, their attendance, decisions and
documents, internal documents, pending proposals, a draft plan's committee."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from committee import views
from committee.models import HandbookVersion, Meeting
from tests.committee.factories import CommitteeFactory, MembershipFactory, committee_with_meetings
from tests.conftest import built_once
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@built_once
def scene():
    return committee_with_meetings()


def url(name: str, scene, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"committee:{name}", args=[scene["plan"].slug, *args])


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def text(html: str) -> str:
    """The page's text as read: tags and isolates out, spaces folded, none
    before a comma or a closing bracket, after an opening one or around a dash."""
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u2068", "").replace("\u2069", "")
    return re.sub(r"\s*–\s*", "–", re.sub(r"\(\s+", "(", re.sub(r"\s+([,.:;)])", r"\1", plain)))


DRAFTS = [
    "PROCÈS-VERBAL EN BROUILLON",
    "DÉCISION EN BROUILLON",
    "Document du brouillon",
    "Organisation du brouillon",
    "Note interne",
    "PROPOSITION EN ATTENTE",
    "Point pas encore convoqué",
    "Gaston Invité",
    "Hind Invitée",
    "Ilyas Brouillon",
]


def test_no_page_shows_anything_of_a_draft_nor_names_a_guest(client, scene):
    paths = [url(name, scene) for name in ("index", "meetings", "decisions", "handbook")]
    paths += [url("meeting", scene, scene[key].pk) for key in ("first", "draft", "upcoming", "planned")]
    for path in paths:
        html = page(client, path)
        for secret in DRAFTS:
            assert secret not in html, (path, secret)


def test_the_committee_page_lists_both_sides_with_roles_terms_and_attendance(client, scene):
    html = text(page(client, url("index", scene)))
    assert "The committee's term runs from 1 January 2021 to 31 December 2023" in html
    public, civil = html.index("Public administration Name Institution"), html.index("Civil society Name")
    assert public < html.index("Amina Chair Chair") < html.index("Brahim Public Member") < civil
    assert "Chafik Deputy Deputy of Brahim Public" in html
    # Attendance at the meetings whose minutes are published (three), not the draft's.
    assert "Amina Chair Chair" in html and "3 of 3 meetings (100 %)" in html
    assert re.search(r"Elias Absent Member .*? 1 of 3 meetings \(33 %\)", html)
    # An ended seat: its dates and reason, after those sitting.
    assert re.search(
        r"Farid Parti Member .*? From 1 January 2021 to 31 May 2021 Withdrawal by official letter", html
    )
    assert html.index("Farid Parti") > html.index("Elias Absent")
    # The handbook, linked with its current version.
    assert "The committee's handbook Version 1, adopted on 27 February 2021" in html


def test_the_committee_page_says_whether_the_sides_are_balanced(client, scene):
    html = text(page(client, url("index", scene)))
    # On the term's last day (it is over): 2 and 2, the deputy not counted.
    assert "Members sitting on 31 December 2023; deputies are not counted." in html
    assert "The two sides are balanced, as the handbook requires." in html
    MembershipFactory(committee=scene["committee"], side="public", name="Ghita Publique", person=None)
    html = text(page(client, url("index", scene)))
    assert (
        "The two sides are not balanced: 3 members of the public administration and 2 of civil society. "
        "The handbook requires as many on each side."
    ) in html


def test_the_meetings_page_counts_the_implementation_reviews_of_each_year(client, scene):
    # A term begun during the co-creation, before the plan's period: only the
    # plan's years are held to the requirement.
    committee = scene["committee"]
    committee.term_start = date(2019, 10, 1)
    committee.save()
    html = text(page(client, url("meetings", scene)))
    assert "at least 2 times a year" in html
    assert "2019 0 0" not in html and "2020 0 0" not in html
    # 2021: two reviews held; 2022: one (the draft's: held); 2023: none.
    assert "2021 2 0 met" in html
    assert "2022 1 0 not met" in html
    assert "2023 0 0 not met" in html
    upcoming, past = html.index("Upcoming meetings"), html.index("Past meetings")
    assert upcoming < html.index("Revue à venir convened") < html.index("Séance prévue planned") < past
    # Past meetings newest first, each with its status.
    order = [
        html.index("Séance annulée cancelled"),
        html.index("Brouillon draft minutes sent to members"),
        html.index("Première liste minutes published"),
    ]
    assert past < order[0] < order[1] < order[2]
    assert "27 February 2021, 10:00–12:00" in html


def test_a_meeting_with_its_minutes_published_shows_everything_public(client, scene):
    first = scene["first"]
    html = page(client, url("meeting", scene, first.pk))
    plain = text(html)
    assert "Première liste — 27 February 2021" in plain
    assert "Agenda Ouverture (2021, 2, 27)" in plain
    # Attendance: members by name per side, guests by organisation only, counted.
    assert "Public administration 2 present Amina Chair — present Brahim Public — present" in plain
    assert "Dounia Civile — present Elias Absent — present Farid Parti — present" in plain
    assert "Guests Unité de soutien OGP (2)" in plain
    assert "Procès-verbal publié du 27/02/2021." in plain
    assert "Decision 1 Agenda item 1: Ouverture (2021, 2, 27) Adopter la méthode Taken by consensus" in plain
    # The public document through the protected files' address; not the internal one.
    document = first.documents.get(internal=False)
    assert f'href="{document.file.url}"' in html and document.file.url.startswith("/files/")
    assert "Note interne" not in html


def test_a_vote_shows_its_counts_its_computed_outcome_and_the_base(client, scene):
    plain = text(page(client, url("meeting", scene, scene["second"].pk)))
    assert "Not passed by vote" in plain
    assert "Votes per side; required: majority of the members present on each side" in plain
    # Side, for, against, abstentions, members present, votes needed.
    assert "Public administration 2 0 0 2 2" in plain
    assert "Civil society 0 1 0 1 1" in plain
    plain = text(page(client, url("meeting", scene, scene["third"].pk)))
    assert "Passed by vote" in plain and "Civil society 1 0 0 1 1" in plain


def test_a_meeting_whose_minutes_are_not_published_shows_its_agenda_only(client, scene):
    plain = text(page(client, url("meeting", scene, scene["draft"].pk)))
    assert "draft minutes sent to members" in plain
    assert "Ouverture (2022, 9, 1)" in plain
    assert "The minutes of this meeting are being prepared" in plain
    for absent in ("Attendance Public administration", "Decision 1", "Elias Absent"):
        assert absent not in plain


def test_a_planned_meeting_keeps_its_agenda_until_the_convocation(client, scene):
    plain = text(page(client, url("meeting", scene, scene["planned"].pk)))
    assert "The agenda is published with the convocation, at least ten days before the meeting." in plain
    plain = text(page(client, url("meeting", scene, scene["upcoming"].pk)))
    assert "Point convoqué" in plain and "convened" in plain


def test_a_cancelled_meeting_says_so_with_its_reason(client, scene):
    plain = text(page(client, url("meeting", scene, scene["cancelled"].pk)))
    assert "This meeting was cancelled on 2 November 2022. Reason: Quorum impossible" in plain


def test_the_pdf_links_are_offered_once_each_document_is_out(client, scene):
    kinds = {
        key: [link["kind"] for link in views._pdfs(Meeting.objects.get(pk=scene[key].pk))]
        for key in ("first", "draft", "upcoming", "planned", "cancelled")
    }
    assert kinds == {
        "first": ["agenda", "minutes"],
        "draft": ["agenda"],
        "upcoming": ["agenda"],
        "planned": [],
        "cancelled": [],
    }
    html = page(client, url("meeting", scene, scene["first"].pk))
    first = scene["first"].pk
    for kind in ("agenda", "minutes"):
        for language, name in (("ar", "العربيّة"), ("fr", "Français"), ("en", "English")):
            link = f"/en/committee/meetings/{first}/documents/{kind}/{language}/"
            assert f'<a href="{link}" hreflang="{language}" lang="{language}">{name}</a>' in html
    planned = page(client, url("meeting", scene, scene["planned"].pk))
    assert "/documents/agenda/" not in planned and "As PDF" not in planned


def test_the_decisions_register_lists_the_published_decisions_newest_first(client, scene):
    html = page(client, url("decisions", scene))
    plain = text(html)
    order = [plain.index(decision) for decision in ("Vote adopté", "Vote rejeté", "Adopter la méthode")]
    assert order == sorted(order)
    assert "Passed by vote" in plain and "Not passed by vote" in plain and "Taken by consensus" in plain
    assert "10 March 2022" in plain  # each with its meeting
    assert f'href="{url("meeting", scene, scene["second"].pk)}#decision-1"' in html


def test_the_handbook_shows_its_versions_and_the_current_text(client, scene):
    html = page(client, url("handbook", scene))
    plain = text(html)
    assert "Version 1, adopted on 27 February 2021" in plain
    assert "Article premier: le comité est paritaire." in plain
    assert "Decision 1 of the meeting of 27 February 2021" in plain
    assert f'href="{url("meeting", scene, scene["first"].pk)}#decision-1"' in html
    assert f'href="{scene["handbook"].file.url}"' in html
    # A new version shows at once: the handbook follows the committee's generation.
    HandbookVersion.objects.create(
        member=scene["plan"].member, number=2, adopted_on=date(2023, 11, 2), text_fr="Article premier révisé."
    )
    plain = text(page(client, url("handbook", scene)))
    assert "Version 2, adopted on 2 November 2023" in plain and "Article premier révisé." in plain


def test_a_change_shows_at_once_though_the_page_is_kept(client, scene, django_assert_num_queries):
    path = url("meeting", scene, scene["draft"].pk)
    page(client, path)
    with django_assert_num_queries(0):
        page(client, path)  # kept whole
    draft = Meeting.objects.get(pk=scene["draft"].pk)
    draft.minutes_published_at = draft.minutes_sent_at
    draft.save()
    plain = text(page(client, path))
    assert "PROCÈS-VERBAL EN BROUILLON" in plain and "DÉCISION EN BROUILLON" in plain


def test_a_signed_in_visitor_sees_the_same_meeting_never_kept_for_others(client, scene, citizen):
    client.force_login(citizen)
    response = client.get(url("meeting", scene, scene["first"].pk))
    plain = text(response.content.decode())
    assert "Adopter la méthode" in plain and "Unité de soutien OGP (2)" in plain
    assert "no-store" in response["Cache-Control"]


def test_a_draft_plans_committee_and_another_plans_meeting_are_not_found(client, scene):
    draft = PlanFactory(status="draft")
    CommitteeFactory(plan=draft)
    for name in ("index", "meetings", "decisions", "handbook"):
        with translation.override("en"):
            assert client.get(reverse(f"committee:{name}", args=[draft.slug])).status_code == 404
    other = PlanFactory(status="adopted")
    with translation.override("en"):
        path = reverse("committee:meeting", args=[other.slug, scene["first"].pk])
    assert client.get(path).status_code == 404
    assert client.get(url("meeting", scene, 10**18)).status_code == 404


def test_a_plan_without_a_committee_says_so(client):
    plan = PlanFactory()
    with translation.override("en"):
        html = text(page(client, reverse("committee:index", args=[plan.slug])))
    assert "No steering committee has been recorded for this plan yet." in html


def test_the_plan_tabs_lead_to_the_committee(client, scene):
    with translation.override("en"):
        ideas = reverse("ideas:index", args=[scene["plan"].slug])
    assert f'href="{url("index", scene)}"' in page(client, ideas)


def test_the_menus_committee_opens_the_committee_sitting_today_else_a_chooser(client, scene):
    response = client.get("/en/committee/")
    assert response.status_code == 200  # the scene's term is over: a chooser
    plain = text(response.content.decode())
    assert "No steering committee is sitting today." in plain
    assert "Term: from 1 January 2021 to 31 December 2023" in plain
    sitting = CommitteeFactory(
        plan=PlanFactory(status="adopted"), term_start=date(2000, 1, 1), term_end=date(2999, 1, 1)
    )
    response = client.get("/en/committee/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/plans/{sitting.plan.slug}/committee/"
