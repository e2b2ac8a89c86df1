"""The consultation comments' list in the admin (consultations.admin_comments):
each comment with what it is about, who owes the answer, its state and the
day it is owed by, overdue ones marked; the filters (awaiting, answered,
overdue; institution; consultation; moderation) within the user's scope;
hostile filter values answered with a message; the same number of queries
however many comments; moderation by moderators with the reason the author
reads."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations import answers
from core.models import ModerationEvent
from core.permissions import MODERATORS_GROUP
from tests.factories import UserFactory

from .factories import CommentFactory, SectionFactory, open_draft_plan, secretary, staff

pytestmark = pytest.mark.django_db


def url(name: str = "changelist", *args, language: str = "fr") -> str:
    with translation.override(language):
        return reverse(f"admin:consultations_comment_{name}", args=args)


@pytest.fixture
def late():
    """A draft plan consultation closed 20 days ago (answers were due 5 days
    ago): on commitment one (the first institution's) two comments, one
    answered; on two (the second's) one; one on the plan as a whole (the
    secretariat's); and a text consultation open today with one comment."""
    cast = open_draft_plan(opens=-48, closes=-20)
    cast.secretary = secretary(email="secretariat@example.org", language="fr")
    cast.answered, cast.awaiting = (
        CommentFactory(consultation=cast.consultation, commitment=cast.one, body=f"Avis {n} sur le un")
        for n in (1, 2)
    )
    cast.on_two = CommentFactory(consultation=cast.consultation, commitment=cast.two, body="Avis sur le deux")
    cast.whole = CommentFactory(consultation=cast.consultation, body="Avis sur tout le plan")
    answers.answer(cast.answered, by=cast.focal_first, disposition="taken", text="Retenu.")
    cast.section = SectionFactory()
    cast.on_section = CommentFactory(
        consultation=cast.section.consultation, section=cast.section, body="Sur le titre"
    )
    return cast


def listed(client, **query) -> set:
    response = client.get(url(), query)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_the_secretariat_lists_every_comment_with_its_answer_owed_and_due_day(client, late):
    client.force_login(late.secretary)
    response = client.get(url())
    assert set(response.context["cl"].result_list) == {
        late.answered,
        late.awaiting,
        late.on_two,
        late.whole,
        late.on_section,
    }
    html = response.content.decode()
    assert late.first.name[:30] in html and late.second.name[:30] in html
    with translation.override("fr"):
        overdue = translation.gettext("overdue")
    # Overdue: the three awaiting comments of the closed consultation, not the answered one nor the open one.
    assert html.count(f'<strong class="overdue">{overdue}</strong>') == 3


def test_the_filters_find_awaiting_answered_and_overdue_comments_and_who_owes_them(client, late):
    client.force_login(late.secretary)
    assert listed(client, answer="answered") == {late.answered}
    assert listed(client, answer="awaiting") == {late.awaiting, late.on_two, late.whole, late.on_section}
    assert listed(client, answer="overdue") == {late.awaiting, late.on_two, late.whole}
    assert listed(client, owed_by=late.first.pk) == {late.answered, late.awaiting}
    assert listed(client, owed_by="secretariat") == {late.whole, late.on_section}
    assert listed(client, consultation__id__exact=late.section.consultation_id) == {late.on_section}
    assert listed(client, answer="overdue", owed_by=late.second.pk) == {late.on_two}


def test_a_hidden_comment_is_owed_nothing_and_not_overdue(client, late):
    from core import moderation

    moderation.hide(late.on_two, by=staff(MODERATORS_GROUP), reason="Hors charte.")
    client.force_login(late.secretary)
    assert late.on_two not in listed(client, answer="overdue")
    assert listed(client, moderation__exact="hidden") == {late.on_two}


def test_a_focal_point_lists_only_what_their_institution_owes(client, late):
    client.force_login(late.focal_first)
    response = client.get(url())
    assert set(response.context["cl"].result_list) == {late.answered, late.awaiting}
    html = response.content.decode()
    assert late.second.name[:30] not in html and "Avis sur tout le plan" not in html
    # No filter in the address widens the list.
    assert listed(client, owed_by=late.second.pk) == set()
    assert listed(client, owed_by="secretariat") == set()
    assert listed(client, consultation__id__exact=late.section.consultation_id) == set()
    # Nor opens another's comment.
    for comment in (late.on_two, late.whole, late.on_section):
        assert client.get(url("change", comment.pk)).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"owed_by": "1\x00"},
        {"owed_by": "99999999999999999999999"},
        {"owed_by": "\u202e1"},
        {"consultation__id__exact": "abc"},
        {"consultation__id__exact": "-1"},
        {"answer": "\u2066overdue"},
        {"q": "\x00avis"},
        {"q": "#99999999999999999999"},
    ],
)
def test_hostile_filter_values_are_a_message_never_an_error(client, late, query):
    client.force_login(late.secretary)
    response = client.get(url(), query, follow=True)
    assert response.status_code == 200
    if response.redirect_chain:  # the list without the bad value, saying so
        assert response.redirect_chain[-1][0].endswith("?e=1")
        assert list(response.context["messages"])


def test_the_list_costs_the_same_whatever_the_number_of_comments(client, late):
    client.force_login(late.secretary)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url()).status_code == 200
        return len(captured)

    few = queries()
    for n in range(20):
        commitment = (late.one, late.two)[n % 2]
        CommentFactory(consultation=late.consultation, commitment=commitment, author=UserFactory())
    CommentFactory(consultation=SectionFactory().consultation, body="Une autre consultation")
    assert queries() == few


def test_a_comments_page_costs_the_same_whatever_its_answers(client, late):
    client.force_login(late.secretary)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("change", late.answered.pk)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(5):
        answers.answer(late.answered, by=late.secretary, disposition="partly", text=f"Réponse {n}.")
    assert queries() == few


def test_a_moderator_hides_a_comment_with_a_reason_its_author_reads_by_email(
    client, late, django_capture_on_commit_callbacks
):
    author = late.awaiting.author
    author.language, author.email = "fr", "auteur@example.org"
    author.save()
    moderator = staff(MODERATORS_GROUP)
    client.force_login(moderator)
    data = {"action": "hide", "apply": "1", "_selected_action": [late.awaiting.pk], "reason": "Publicité."}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(), data).status_code == 302
    late.awaiting.refresh_from_db()
    assert late.awaiting.is_hidden
    event = ModerationEvent.objects.get()
    assert (event.actor, event.reason) == (moderator, "Publicité.")
    [email] = mail.outbox
    assert email.to == ["auteur@example.org"]
    with translation.override("fr"):
        kind = str(late.awaiting.moderation_kind)
    # «Votre contribution (commentaire de la consultation) « Avis 2 sur le un » a été masquée…»
    assert kind in email.body and "Avis 2 sur le un" in email.body and "Publicité." in email.body
    assert f"/fr/plans/{late.plan.slug}/consultations/{late.consultation.pk}/" in email.body
    assert f"#comment-{late.awaiting.pk}" in email.body
    # Shown again, the same way; the comment is owed its answer again.
    data = {"action": "show", "apply": "1", "_selected_action": [late.awaiting.pk], "reason": ""}
    client.post(url(), data)
    client.force_login(late.secretary)
    assert late.awaiting in listed(client, answer="overdue")


def test_the_moderated_email_of_a_consultation_comment_reads_right_in_arabic(
    client, late, django_capture_on_commit_callbacks
):
    from core import moderation

    author = late.on_two.author
    author.language = "ar"
    author.save()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(late.on_two, by=staff(MODERATORS_GROUP), reason="إشهار.")
    [email] = mail.outbox
    with translation.override("ar"):
        kind = str(late.on_two.moderation_kind)
        link = late.on_two.get_absolute_url()
    assert kind in email.body and "إشهار." in email.body
    assert link.startswith("/ar/") and link in email.body


def test_only_moderators_are_offered_hiding_and_nobody_edits_a_comment(client, late):
    for user, offered in (
        (late.secretary, set()),
        (late.focal_first, set()),
        (staff(MODERATORS_GROUP), {"hide", "show"}),
    ):
        client.force_login(user)
        form = client.get(url()).context["action_form"]
        choices = set(dict(form.fields["action"].choices)) - {""} if form else set()
        assert choices == offered
    # A forged hide by the secretariat changes nothing.
    client.force_login(late.secretary)
    client.post(
        url(), {"action": "hide", "apply": "1", "_selected_action": [late.awaiting.pk], "reason": "x"}
    )
    late.awaiting.refresh_from_db()
    assert not late.awaiting.is_hidden
    # The answer form is all a comment's page changes: its words stay the author's.
    client.force_login(late.secretary)
    client.post(url("change", late.awaiting.pk), {"body": "Réécrit", "disposition": "", "answer": ""})
    late.awaiting.refresh_from_db()
    assert late.awaiting.body == "Avis 2 sur le un"
