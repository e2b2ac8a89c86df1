"""Answering a consultation comment in the admin (consultations.admin_comments):
the comment read-only with the answer form, saved through answers.answer
(its rules said on the fields, what was typed kept), the earlier answers
below; who may answer — the focal points of the institution owing it and
the secretariat — and every other role's forged POST refused with nothing
recorded; a hidden comment owed no answer."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from consultations import answers, routing
from consultations.models import Comment, CommentEvent
from core import moderation
from core.models import Notification
from core.permissions import MODERATORS_GROUP
from tests.admin.posted import posted
from tests.factories import AssociationFactory, UserFactory
from tests.workshops.staff import representative

from .factories import open_draft_plan, secretary, staff

pytestmark = pytest.mark.django_db

REASONS = (
    "Cette proposition relève du programme national déjà financé : elle ne peut entrer dans ce plan, "
    "mais elle est transmise au ministère concerné."
)


@pytest.fixture
def cast():
    cast = open_draft_plan()
    cast.author = UserFactory(email="author@example.org", display_name="Nadia", language="fr")
    cast.comment = routing.post(
        cast.consultation,
        author=cast.author,
        body="Ajouter un jalon : publier les avis reçus chaque mois.",
        commitment=cast.one,
    )
    cast.secretary = secretary(email="secretariat@example.org")
    return cast


def change_url(comment) -> str:
    with translation.override("fr"):
        return reverse("admin:consultations_comment_change", args=[comment.pk])


def form_data(client, comment, **changes) -> dict:
    """What the page's form posts, as a browser sends it, with `changes`."""
    return {**posted(client.get(change_url(comment)), "comment_form"), **changes}


def post_answer(client, comment, **changes):
    """Posts the page's form as the signed-in user's browser would, with `changes`."""
    return client.post(change_url(comment), form_data(client, comment, **changes))


def test_a_focal_point_answers_their_institutions_comment_and_its_author_is_told(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.focal_first)
    page = client.get(change_url(cast.comment))
    assert page.status_code == 200
    html = page.content.decode()
    assert "publier les avis reçus chaque mois" in html
    for value in ("taken", "partly", "not_taken", "out_of_scope"):
        assert f'value="{value}"' in html
    data = form_data(
        client, cast.comment, disposition="partly", answer="Le jalon est ajouté, chaque trimestre."
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(cast.comment), data)
    assert response.status_code == 302
    comment = Comment.objects.get(pk=cast.comment.pk)
    assert (comment.answer_status, comment.disposition) == ("answered", "partly")
    event = CommentEvent.objects.get()
    assert (event.actor, event.institution, event.answer) == (
        cast.focal_first,
        cast.first,
        "Le jalon est ajouté, chaque trimestre.",
    )
    assert LogEntry.objects.filter(object_id=str(comment.pk), user=cast.focal_first).exists()
    [email] = [m for m in mail.outbox if m.to == ["author@example.org"]]
    assert "Le jalon est ajouté, chaque trimestre." in email.body
    assert f"/fr/plans/{cast.plan.slug}/consultations/{cast.consultation.pk}/" in email.body
    assert f"#comment-{comment.pk}" in email.body


def test_the_answers_rules_are_said_on_the_fields_and_what_was_typed_is_kept(client, cast, settings):
    client.force_login(cast.focal_first)
    short = "Pas retenu."
    response = client.post(
        change_url(cast.comment), form_data(client, cast.comment, disposition="not_taken", answer=short)
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["answer"]
    assert str(settings.CONSULTATION_NOT_TAKEN_MIN_LENGTH) in form.errors["answer"][0]
    # What was typed stays, as the page would send it again.
    again = posted(response, "comment_form")
    assert (again["disposition"], again["answer"]) == ("not_taken", short)

    response = post_answer(client, cast.comment, answer="Merci.")
    assert list(response.context["adminform"].form.errors) == ["disposition"]
    response = post_answer(client, cast.comment, disposition="invented", answer="Merci.")
    assert list(response.context["adminform"].form.errors) == ["disposition"]
    assert not CommentEvent.objects.exists()
    assert Comment.objects.get(pk=cast.comment.pk).answer_status == "awaiting"


def test_the_form_says_the_rules_in_the_users_language(client, cast):
    cast.focal_first.language = "ar"
    client.force_login(cast.focal_first)
    with translation.override("ar"):
        url = reverse("admin:consultations_comment_change", args=[cast.comment.pk])
        data = {**posted(client.get(url), "comment_form"), "answer": ""}
        response = client.post(url, data)
        with pytest.raises(ValidationError) as refused:
            answers.check("", "")
    expected = refused.value.message_dict
    errors = response.context["adminform"].form.errors
    assert errors["disposition"] == expected["disposition"] and errors["answer"] == expected["answer"]


def test_a_changed_answer_keeps_the_earlier_one_shown_below(client, cast):
    client.force_login(cast.focal_first)
    client.post(
        change_url(cast.comment), form_data(client, cast.comment, disposition="not_taken", answer=REASONS)
    )
    client.post(
        change_url(cast.comment),
        form_data(client, cast.comment, disposition="taken", answer="Finalement retenu au jalon 3."),
    )
    assert list(CommentEvent.objects.order_by("pk").values_list("disposition", flat=True)) == [
        "not_taken",
        "taken",
    ]
    html = client.get(change_url(cast.comment)).content.decode()
    assert "Finalement retenu au jalon 3." in html and "programme national déjà financé" in html


def test_the_same_answer_saved_again_records_nothing(client, cast):
    client.force_login(cast.focal_first)
    client.post(
        change_url(cast.comment), form_data(client, cast.comment, disposition="taken", answer="Retenu.")
    )
    response = client.post(change_url(cast.comment), form_data(client, cast.comment), follow=True)
    assert CommentEvent.objects.count() == 1
    assert Notification.objects.filter(kind="consultation_answered").count() == 1
    assert response.redirect_chain[-1][0].endswith(change_url(cast.comment))


def test_a_focal_point_of_another_institution_finds_nothing_to_answer(client, cast):
    data = form_data_as(client, cast.secretary, cast.comment, disposition="taken", answer="Forgé.")
    client.force_login(cast.focal_second)
    assert client.get(change_url(cast.comment)).status_code == 404
    assert client.post(change_url(cast.comment), data).status_code == 404
    assert not CommentEvent.objects.exists()


def form_data_as(client, user, comment, **changes) -> dict:
    client.force_login(user)
    return form_data(client, comment, **changes)


def test_every_role_forging_the_answer_is_refused_but_those_who_owe_it(client, cast):
    """The POST the secretariat's page sends, forged by each role: only the
    focal points of the institution owing the answer and the secretariat
    record one."""
    plan_level = routing.post(cast.consultation, author=UserFactory(), body="Sur l'ensemble du plan.")
    forged = {
        comment.pk: form_data_as(
            client, cast.secretary, comment, disposition="taken", answer="Réponse forgée."
        )
        for comment in (cast.comment, plan_level)
    }
    roles = {
        "anonymous": None,
        "citizen": UserFactory(),
        "representative": representative(AssociationFactory(), "rep@example.org"),
        "moderator": staff(MODERATORS_GROUP),
        "other focal point": cast.focal_second,
    }
    expected = {
        "anonymous": 302,
        "citizen": 302,
        "representative": 403,
        "moderator": 403,
        "other focal point": 404,
    }
    failures = []
    for role, user in roles.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for comment in (cast.comment, plan_level):
            status = client.post(change_url(comment), forged[comment.pk]).status_code
            if status != expected[role]:
                failures.append(f"{role} #{comment.pk}: {status}")
    # The plan-level comment is the secretariat's: its institution's focal point has none of it.
    client.force_login(cast.focal_first)
    if client.post(change_url(plan_level), forged[plan_level.pk]).status_code != 404:
        failures.append("focal point on the secretariat's comment")
    assert failures == []
    assert not CommentEvent.objects.exists()

    client.force_login(cast.secretary)
    for comment in (cast.comment, plan_level):
        assert client.post(change_url(comment), forged[comment.pk]).status_code == 302
    assert CommentEvent.objects.count() == 2


def test_a_hidden_comment_is_owed_no_answer_and_the_page_says_why(client, cast):
    moderation.hide(cast.comment, by=staff(MODERATORS_GROUP), reason="Propos injurieux.")
    data = form_data_as(client, cast.secretary, cast.comment)
    client.force_login(cast.focal_first)
    page = client.get(change_url(cast.comment))
    assert page.status_code == 200
    assert "Propos injurieux." in page.content.decode()
    assert page.context["answer_note"]
    assert (
        client.post(change_url(cast.comment), {**data, "disposition": "taken", "answer": "x"}).status_code
        == 403
    )
    assert not CommentEvent.objects.exists()


def test_the_secretariat_answers_but_may_not_delete_nor_add(client, cast):
    client.force_login(cast.secretary)
    with translation.override("fr"):
        assert client.get(reverse("admin:consultations_comment_add")).status_code == 403
        delete = reverse("admin:consultations_comment_delete", args=[cast.comment.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk=cast.comment.pk).exists()
