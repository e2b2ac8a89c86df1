"""Commenting from the pages: a signed-in person with a verified email
comments while the window is open (on a commitment, optionally one of its
milestones, a section or the whole text; on behalf of an association they
represent or one they name), under the rate limit; before and after the
window the form is replaced by the dates and a POST — forged or not, by any
role — is refused with a message and nothing saved; a form with errors
keeps what was typed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import Comment
from core.models import Notification
from core.permissions import MODERATORS_GROUP
from tests.bidi import visible
from tests.clock import retry_times
from tests.factories import AssociationFactory, UserFactory

from .cast import on, verified
from .factories import SectionFactory, TextConsultationFactory, open_draft_plan, secretary, staff

pytestmark = pytest.mark.django_db

FORM = 'name="body"'


@pytest.fixture(autouse=True)
def _rates(settings):
    settings.CONSULTATIONS_RATE_COMMENT = "20/h"
    settings.CONSULTATIONS_RATE_POSTS = "60/h"


@pytest.fixture
def cast():
    return open_draft_plan()


def page_of(cast, name="commitment", *more, language="en") -> str:
    consultation = cast.consultation
    args = [consultation.plan.slug, consultation.pk, *more]
    if name == "commitment" and not more:
        args.append(cast.one.number)
    with translation.override(language):
        return reverse(f"consultations:{name}", args=args)


def test_a_verified_citizen_comments_on_a_milestone_and_the_institution_is_told(client, cast, citizen):
    from commitments.models import Milestone

    milestone = Milestone.objects.create(commitment=cast.one, description_ar="مرحلة", description_fr="Jalon")
    client.force_login(citizen)
    path = page_of(cast)
    assert FORM in client.get(path).content.decode()
    response = client.post(path, {"body": "نقترح نشر السجل كل ثلاثة أشهر.", "milestone": milestone.pk})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{path}?page=1#comment-{comment.pk}"
    assert (comment.author, comment.commitment, comment.milestone, comment.owed_by) == (
        citizen,
        cast.one,
        milestone,
        cast.first,
    )
    assert comment.language == "ar" and comment.moderation == "published"
    told = Notification.objects.filter(kind="consultation_comment_owed").values_list("recipient", flat=True)
    assert list(told) == [cast.focal_first.pk]
    html = visible(client.get(response.url).content.decode())
    assert "Your comment is published." in html and cast.first.name in html
    assert "نقترح نشر السجل كل ثلاثة أشهر." in html


def test_on_a_section_and_on_the_whole_text_the_secretariat_owes_the_answer(client, citizen):
    section = SectionFactory(number=1)
    consultation = section.consultation
    client.force_login(citizen)
    with translation.override("en"):
        on_section = reverse("consultations:section", args=[consultation.plan.slug, consultation.pk, 1])
        whole = reverse("consultations:general", args=[consultation.plan.slug, consultation.pk])
    response = client.post(on_section, {"body": "Sur ce titre."}, follow=True)
    assert "The secretariat owes it a public answer by" in visible(response.content.decode())
    assert client.post(whole, {"body": "Sur l'ensemble."}).status_code == 302
    made = {c.body: (c.section_id, c.commitment_id, c.owed_by_id) for c in Comment.objects.all()}
    assert made == {"Sur ce titre.": (section.pk, None, None), "Sur l'ensemble.": (None, None, None)}
    assert not Notification.objects.filter(kind="consultation_comment_owed").exists()


def test_on_behalf_of_an_association_they_represent_or_one_they_name(client, cast, citizen):
    mine, theirs = AssociationFactory(), AssociationFactory()
    mine.representatives.add(citizen)
    client.force_login(citizen)
    path = page_of(cast)
    assert 'name="association"' in client.get(path).content.decode()
    assert client.post(path, {"body": "Au nom de l'association.", "association": mine.pk}).status_code == 302
    response = client.post(path, {"body": "Au nom d'une autre.", "association": theirs.pk})
    assert response.status_code == 400 and Comment.objects.count() == 1
    both = {"body": "Les deux.", "association": mine.pk, "association_name": "Autre"}
    assert client.post(path, both).status_code == 400
    named = {"body": "Nommée.", "association_name": "  Jeunes   du quartier "}
    assert client.post(path, named).status_code == 302
    made = dict(Comment.objects.values_list("body", "association"))
    assert made == {"Au nom de l'association.": mine.pk, "Nommée.": None}
    assert Comment.objects.get(body="Nommée.").association_name == "Jeunes du quartier"


def test_a_milestone_of_another_commitment_is_refused_and_what_was_typed_is_kept(client, cast, citizen):
    from commitments.models import Milestone

    others = Milestone.objects.create(commitment=cast.two, description_ar="مرحلة أخرى")
    client.force_login(citizen)
    path = page_of(cast)
    response = client.post(path, {"body": "Un avis à garder tel quel.", "milestone": others.pk})
    assert response.status_code == 400
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "Un avis à garder tel quel." in html.replace("&#x27;", "'")
    assert "Select a valid choice" in html
    short = client.post(path, {"body": " x "})
    assert short.status_code == 400 and "Write a comment first." in short.content.decode()
    assert not Comment.objects.exists()


def test_a_forged_post_sets_nothing_but_the_comment(client, cast, citizen):
    other = UserFactory()
    client.force_login(citizen)
    forged = {
        "body": "Un avis honnête.",
        "author": other.pk,
        "owed_by": cast.second.pk,
        "commitment": cast.two.pk,
        "section": SectionFactory().pk,
        "moderation": "hidden",
        "answer_status": "answered",
        "disposition": "taken",
        "answer": "Réponse fabriquée",
        "language": "en",
        "consultation": TextConsultationFactory().pk,
    }
    assert client.post(page_of(cast), forged).status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.commitment, comment.section, comment.consultation) == (
        citizen,
        cast.one,
        None,
        cast.consultation,
    )
    assert (comment.owed_by, comment.moderation, comment.answer_status, comment.answer) == (
        cast.first,
        "published",
        "awaiting",
        "",
    )


def test_a_post_from_someone_not_signed_in_goes_to_sign_in_and_saves_nothing(client, cast):
    path = page_of(cast)
    html = client.get(path).content.decode()
    assert FORM not in html and "Sign in to comment" in html
    response = client.post(path, {"body": "Anonyme."})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Comment.objects.exists()


def test_an_unverified_account_is_asked_to_verify_and_saves_nothing(client, cast):
    user = UserFactory()
    client.force_login(user)
    path = page_of(cast)
    html = client.get(path).content.decode()
    assert FORM not in html and "confirm your email address first" in html
    response = client.post(path, {"body": "Pas encore vérifié."})
    assert response.status_code == 200 and "Verify Your Email Address" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_window_the_form_is_the_dates_and_a_post_by_anyone_saves_nothing(client, cast, when):
    phase_start = timezone.localdate() - timedelta(days=3)
    phase_end = phase_start + timedelta(days=27)
    day = phase_start - timedelta(days=1) if when == "before" else phase_end + timedelta(days=1)
    moderator = verified(staff(MODERATORS_GROUP))
    people = [
        verified(UserFactory()),
        verified(cast.focal_first),
        verified(cast.focal_second),
        verified(secretary()),
        moderator,
    ]
    representative = verified(UserFactory())
    AssociationFactory().representatives.add(representative)
    people.append(representative)
    path = page_of(cast)
    with on(day):
        for person in people:
            client.force_login(person)
            html = visible(client.get(path).content.decode())
            assert FORM not in html, person
            assert ("Opens on" if when == "before" else "Closed on") in html
            response = client.post(path, {"body": "Hors délai."}, follow=True)
            assert "This consultation is not open for comments: nothing was saved." in visible(
                response.content.decode()
            )
        client.logout()
        assert client.post(path, {"body": "Hors délai."}).status_code == 302
    assert not Comment.objects.exists()


def test_on_its_first_and_last_day_a_comment_is_taken(client, cast, citizen):
    start = timezone.localdate() - timedelta(days=3)
    for n, day in enumerate((start, start + timedelta(days=27))):
        with on(day):
            client.force_login(citizen)  # a session of that day
            assert client.post(page_of(cast), {"body": f"Avis {n}."}).status_code == 302
    assert Comment.objects.count() == 2


def test_a_third_comment_in_the_hour_is_refused_and_says_when(client, cast, french_citizen, settings):
    settings.CONSULTATIONS_RATE_COMMENT = "2/h"
    client.force_login(french_citizen)
    path = page_of(cast, language="fr")
    assert client.post(path, {"body": "x"}).status_code == 400  # sent back: not counted
    for body in ("Premier avis.", "Deuxième avis."):
        assert client.post(path, {"body": body}).status_code == 302
    response = client.post(path, {"body": "Un troisième avis, à garder"})
    assert response.status_code == 429
    assert Comment.objects.count() == 2
    html = visible(response.content.decode())
    assert "Un troisième avis, à garder" in html
    first = Comment.objects.earliest("created_at")
    assert any(time in html for time in retry_times(first.created_at + timedelta(hours=1)))
    # Another person is not held back by her.
    other = verified(UserFactory())
    client.force_login(other)
    assert client.post(path, {"body": "Un autre avis."}).status_code == 302


def test_raw_posts_are_counted_against_floods(client, cast, citizen, settings):
    settings.CONSULTATIONS_RATE_POSTS = "3/h"
    client.force_login(citizen)
    path = page_of(cast)
    for _n in range(3):
        assert client.post(path, {"body": ""}).status_code == 400
    assert client.post(path, {"body": "Enfin un avis."}).status_code == 429
    assert not Comment.objects.exists()
