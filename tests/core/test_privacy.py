"""Law 09-08: a person downloads their data and deletes their account; the
privacy notice says what is kept, why and for how long (issue 8, item 22)."""

import io
import json
import zipfile
from datetime import UTC, date, datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import translation

from commitments.models import (
    Assessment,
    DigestSent,
    DraftComment,
    Evidence,
    Follow,
    Milestone,
    ProgressUpdate,
)
from committee.models import (
    Candidacy,
    Committee,
    Meeting,
    Membership,
    MinutesComment,
    PairDecision,
    Proposal,
    SeatCandidate,
    SeatVote,
    SelectionRound,
    Selector,
)
from consultations.models import Comment as ConsultationComment
from consultations.models import Consultation
from core.models import EmailPreference, Notification, User
from core.notifications import store
from core.personal_data import PARTS
from ideas.models import Comment, Idea, Support
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.files import pdf, png, upload
from tests.test_personal_data import pointing_at
from workshops.models import Registration, RegistrationEvent

pytestmark = pytest.mark.django_db

NAME = "Zineb Qadiri-Person"
EMAIL = "zineb.qadiri@example.org"
SECOND_EMAIL = "zq.second@example.org"
PASSWORD = "a-long-test-password"


@pytest.fixture
def person():
    user = UserFactory(email=EMAIL, display_name=NAME, language="fr")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=SECOND_EMAIL, verified=False, primary=False)
    return user


@pytest.fixture
def their_data(person, staff):
    """One row of every kind the portal keeps about a person."""
    other = UserFactory()
    idea = IdeaFactory(author=person, title="Publier le budget citoyen chaque année")
    hidden = IdeaFactory(author=person, plan=idea.plan, theme=idea.theme, moderation="hidden")
    others_idea = IdeaFactory(author=other, plan=idea.plan, theme=idea.theme)
    comment = Comment.objects.create(idea=others_idea, author=person, body="Je soutiens, avec une réserve.")
    Support.objects.create(idea=others_idea, user=person)
    EmailPreference.objects.create(user=person, kind="idea_screened", enabled=False)
    store(recipient=person, to_email=EMAIL, kind="account", language="fr", context={"template": "x"})
    # An email to their second address, sent before it was attached to the account.
    store(recipient=None, to_email=SECOND_EMAIL.upper(), kind="account", language="fr", context={})
    store(recipient=other, to_email=other.email, kind="account", language="ar", context={})
    InstitutionFactory().focal_points.add(person)
    represented = AssociationFactory()
    represented.representatives.add(person)
    # A seat at a workshop, with what they told the organiser, taken by themselves.
    seat = Registration.objects.create(
        workshop=WorkshopFactory(),
        user=person,
        email=EMAIL,
        name=NAME,
        organisation="Tafra",
        status="registered",
    )
    RegistrationEvent.objects.create(
        registration=seat, actor=person, from_status="waiting", to_status="registered"
    )
    # A commitment they follow, and (as an association's representative and
    # a focal point once were) an assessment, a progress update, a comment
    # on a draft, a weekly digest.
    card = CommitmentFactory(theme=idea.theme)
    Follow.objects.create(commitment=card, user=person)
    assessment = Assessment(
        commitment=card,
        association=AssociationFactory(),
        author=person,
        rating="limited",
        text="Peu visible.",
    )
    assessment._history_user = person
    assessment.save()
    milestone = Milestone.objects.create(commitment=card, description="Publier le registre")
    ProgressUpdate.objects.create(
        milestone=milestone, author=person, status="done", completion=100, text="Fait."
    )
    DraftComment.objects.create(commitment=card, author=person, text="Ajoutons un indicateur.")
    DigestSent.objects.create(user=person, week=date(2026, 11, 23))
    # A seat on a steering committee, with a proposal and a comment on draft
    # minutes they sent as a member, and a comment they answered as staff.
    committee = Committee.objects.create(
        plan=idea.plan, term_start=date(2026, 1, 1), term_end=date(2027, 12, 31)
    )
    member = Membership.objects.create(
        committee=committee,
        person=person,
        name=NAME,
        side="civil",
        association=AssociationFactory(),
        designated_on=date(2026, 1, 5),
        starts_on=date(2026, 1, 5),
    )
    meeting = Meeting.objects.create(committee=committee, starts_at=datetime(2026, 6, 1, 10, tzinfo=UTC))
    Proposal.objects.create(meeting=meeting, member=member, kind="item", text="Le budget citoyen.")
    MinutesComment.objects.create(
        meeting=meeting, member=member, text="Corriger la date.", answer="Corrigé.", answered_by=person
    )
    # A comment on a text put to public consultation, answered.
    consultation = Consultation.objects.create(
        plan=idea.plan,
        subject="text",
        title="Projet de texte",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
    )
    ConsultationComment.objects.create(
        consultation=consultation,
        author=person,
        body="Préciser le calendrier.",
        answer_status="answered",
        disposition="taken",
        answer="Le calendrier est précisé.",
        answered_at=datetime(2026, 4, 2, 10, tzinfo=UTC),
    )
    # The selection of civil-society members: a candidacy they submitted for
    # their association and one proposing them, their association's vote,
    # their candidacy for the selection committee's seat and their seat on
    # it, a decision on a close pair they recorded as staff.
    selection = SelectionRound.objects.create(
        committee=committee,
        seats=1,
        method="Grille",
        vote_opens_on=date(2025, 9, 1),
        vote_closes_on=date(2025, 9, 15),
        call_opens_on=date(2025, 9, 20),
        call_closes_on=date(2025, 10, 20),
    )
    association = represented
    applied, proposed = (
        Candidacy.objects.create(round=selection, association=AssociationFactory(), name="Candidat", **who)
        for who in ({"applicant": person}, {"person": person})
    )
    ballot = SeatCandidate.objects.create(
        round=selection, association=association, name="Siège", person=person
    )
    SeatVote.objects.create(round=selection, association=association, candidate=ballot, cast_by=person)
    Selector.objects.create(
        round=selection, kind="independent", name="Membre", organisation="INDH", person=person
    )
    PairDecision.objects.create(
        round=selection,
        above=applied,
        below=proposed,
        chosen=applied,
        reason="score",
        explanation="x",
        decided_by=person,
    )
    # A staff member once edited their account: the admin's history names them.
    LogEntry.objects.log_actions(staff.pk, [person], CHANGE, change_message="[]", single_object=True)
    return {
        "idea": idea,
        "hidden": hidden,
        "others_idea": others_idea,
        "comment": comment,
        "other": other,
        "card": card,
    }


def download(client) -> zipfile.ZipFile:
    response = client.get(reverse("core:export_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert response["Content-Disposition"].endswith('.zip"')
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    return archive


def test_the_download_holds_every_kind_of_row(client, person, their_data):
    client.force_login(person)
    archive = download(client)
    data = json.loads(archive.read("my-data.json"))
    assert set(PARTS) <= set(data)  # every registered part, so a new app's data is in
    assert data["account"]["email"] == EMAIL
    assert data["account"]["public_name"] == NAME
    assert {a["email"] for a in data["account"]["email_addresses"]} == {EMAIL, SECOND_EMAIL}
    assert data["account"]["email_preferences"] == [{"kind": "idea_screened", "enabled": False}]
    assert {row["title"] for row in data["ideas"]} == {their_data["idea"].title, their_data["hidden"].title}
    assert [row["body"] for row in data["comments"]] == [their_data["comment"].body]
    assert [row["idea"] for row in data["supports"]] == [their_data["others_idea"].pk]
    assert {row["to"] for row in data["emails"]} == {EMAIL, SECOND_EMAIL.upper()}
    assert all("context" not in row for row in data["emails"])  # a secret link is rebuilt from it
    assert len(data["roles"]["focal_point_of"]) == len(data["roles"]["represents"]) == 1
    assert [row["to"] for row in data["moves"]] == ["registered"]
    assert [row["text"] for row in data["commitments"]["draft_comments"]] == ["Ajoutons un indicateur."]
    assert [row["commitment"] for row in data["commitments"]["following"]] == [their_data["card"].pk]
    assert their_data["other"].email not in archive.read("my-data.json").decode()
    assert archive.namelist() == ["my-data.json"]  # no file given


def test_the_download_holds_the_files_they_gave_and_no_one_elses(client, person):
    """An idea's attachment, hidden or not (it is theirs), and the evidence
    of their progress updates, beside the JSON that points at each."""
    idea = IdeaFactory(author=person, attachment=upload("budget.pdf", pdf()))
    hidden = IdeaFactory(
        author=person,
        plan=idea.plan,
        theme=idea.theme,
        moderation="hidden",
        attachment=upload("s.png", png()),
    )
    someone_elses = IdeaFactory(plan=idea.plan, theme=idea.theme, attachment=upload("cv.pdf", pdf() + b"%cv"))
    milestone = Milestone.objects.create(
        commitment=CommitmentFactory(theme=idea.theme), description="Registre"
    )
    update = ProgressUpdate.objects.create(milestone=milestone, author=person, status="done", completion=100)
    proof = Evidence.objects.create(
        milestone=milestone, update=update, title="Arrêté", file=upload("a.pdf", pdf())
    )
    Evidence.objects.create(milestone=milestone, title="Staff's", file=upload("s.pdf", pdf() + b"%staff"))
    client.force_login(person)

    archive = download(client)
    data = json.loads(archive.read("my-data.json"))
    paths = {row["id"]: row["attachment"] for row in data["ideas"]}
    assert paths == {idea.pk: f"files/idea-{idea.pk}.pdf", hidden.pk: f"files/idea-{hidden.pk}.png"}
    [reported] = data["commitments"]["progress_updates"]
    assert reported["evidence"] == [
        {"title": "Arrêté", "url": None, "file": f"files/evidence-{proof.pk}.pdf"}
    ]
    assert sorted(archive.namelist()) == sorted(
        ["my-data.json", *paths.values(), reported["evidence"][0]["file"]]
    )
    assert archive.read(paths[idea.pk]) == pdf()
    assert archive.read(paths[hidden.pk]) == png()
    assert archive.read(f"files/evidence-{proof.pk}.pdf") == pdf()
    assert all(
        b"%cv" not in archive.read(name) and b"%staff" not in archive.read(name)
        for name in archive.namelist()
    )
    assert someone_elses.attachment.name not in archive.read("my-data.json").decode()


def test_a_file_gone_from_the_disk_is_named_nowhere(client, person):
    idea = IdeaFactory(author=person, attachment=upload("budget.pdf", pdf()))
    idea.attachment.storage.delete(idea.attachment.name)
    client.force_login(person)
    archive = download(client)
    assert json.loads(archive.read("my-data.json"))["ideas"][0]["attachment"] is None
    assert archive.namelist() == ["my-data.json"]


def test_the_download_is_for_the_signed_in_person_only(client):
    response = client.get(reverse("core:export_data"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def rows_mentioning(text: str) -> list[str]:
    """Every table whose rows, cast whole to text, contain `text` (PostgreSQL)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT count(*) FROM {quoted} AS r WHERE r::text ILIKE %s", [f"%{text}%"])  # noqa: S608
            if cursor.fetchone()[0]:
                found.append(table)
    return found


def test_deleting_the_account_erases_everything_personal_and_keeps_public_contributions(
    client, person, their_data
):
    assert connection.vendor == "postgresql"
    assert rows_mentioning(EMAIL) and rows_mentioning(NAME)  # the search finds them before
    idea, comment = their_data["idea"], their_data["comment"]
    client.force_login(person)

    # Public pages, cached with the name on them.
    assert NAME in client.get(f"/fr/ideas/{idea.pk}/").content.decode()
    assert NAME in client.get(f"/fr/ideas/{their_data['others_idea'].pk}/").content.decode()

    response = client.post("/fr/account/delete/", {"password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/fr/", 302)]
    assert "Your account is deleted" in response.content.decode() or "compte est supprimé" in (
        response.content.decode()
    )
    assert not User.objects.filter(pk=person.pk).exists()

    # Nothing personal left anywhere in the database — but the name a
    # committee member held public office under, which the minutes and
    # attendance lists publish (spec: committee.md): their seat keeps it,
    # without the account.
    for needle in (EMAIL, SECOND_EMAIL):
        assert rows_mentioning(needle) == [], needle
    assert rows_mentioning(NAME) == ["committee_membership"]
    assert Membership.objects.get(name=NAME).person is None
    # The outbox keeps nothing addressed to them; other people's emails stay.
    assert list(Notification.objects.values_list("to_email", flat=True)) == [their_data["other"].email]
    assert not Support.objects.filter(idea=their_data["others_idea"]).exists()

    # Their ideas and comments stay, by a deleted user, on pages rebuilt at once.
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert (idea.author, comment.author) == (None, None)
    assert Idea.objects.filter(pk=their_data["hidden"].pk, author=None).exists()
    for public in (idea, their_data["others_idea"]):
        html = client.get(f"/fr/ideas/{public.pk}/").content.decode()
        assert NAME not in html
        with translation.override("fr"):
            assert translation.gettext("deleted user") in html

    # Signed out, and the password no longer opens anything.
    assert client.get(reverse("core:preferences")).status_code == 302
    assert not client.login(email=EMAIL, password=PASSWORD)


def test_a_wrong_password_deletes_nothing_and_says_so(client, person):
    client.force_login(person)
    response = client.post("/fr/account/delete/", {"password": "not-my-password"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["password"]
    assert User.objects.filter(pk=person.pk).exists()


def test_the_confirmation_page_explains_before_anything_happens(client, person):
    client.force_login(person)
    response = client.get("/fr/account/delete/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="password"' in html
    assert reverse("core:export_data") in html
    assert User.objects.filter(pk=person.pk).exists()


def test_a_staff_account_is_not_deleted_from_the_profile(client, staff):
    client.force_login(staff)
    assert client.get("/fr/account/delete/").status_code == 403
    assert client.post("/fr/account/delete/", {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=staff.pk).exists()


def test_the_profile_offers_the_download_and_the_deletion(client, person):
    client.force_login(person)
    html = client.get("/fr/account/preferences/").content.decode()
    assert reverse("core:export_data") in html
    assert reverse("core:delete_account") in html
    assert "/fr/privacy/" in html


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_privacy_notice_says_how_long_from_the_settings(client, settings, language):
    settings.NOTIFICATION_RETENTION_DAYS = 47
    settings.WORKSHOP_GUEST_DATA_DAYS = 53
    settings.COMMITTEE_GUEST_DATA_DAYS = 59
    response = client.get(f"/{language}/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "47" in html
    assert "53" in html
    assert "59" in html
    assert str(settings.SESSION_COOKIE_AGE // 86400) in html
    with translation.override(language):
        assert translation.gettext("Privacy notice") in html
    # Linked from every page's footer and from the sign-up form.
    assert f'href="/{language}/privacy/"' in client.get(f"/{language}/").content.decode()
    assert f'href="/{language}/privacy/"' in client.get(f"/{language}/accounts/signup/").content.decode()


def test_every_registered_part_erases_what_it_exports(person, their_data):
    """Walks the registry: each part's export is not empty for a person with
    one row of everything, and empty for the same id once erased."""
    from core.personal_data import erase_account, export_all

    def rows(value) -> int:
        if isinstance(value, dict):
            return sum(len(item) for item in value.values() if isinstance(item, list))
        return len(value)

    before = export_all(person)
    assert [key for key in PARTS if not rows(before[key])] == []
    erase_account(person)
    # The same id and addresses, held in memory, now without an account.
    after = export_all(person)
    assert {key: rows(after[key]) for key in PARTS} == dict.fromkeys(PARTS, 0)
    # No row of any model anywhere still points at the person.
    assert pointing_at(person.pk) == set()
    user_type = ContentType.objects.get_for_model(User)
    assert not LogEntry.objects.filter(content_type=user_type, object_id=str(person.pk)).exists()
