"""The consultation's emails to the staff and to the authors, each in its
reader's language, with a text and an HTML part: a comment owed an answer
(to the focal points: the comment, the commitment, the due day, the admin's
link) and an answer given (to the author: the disposition, the answer, the
public link to the comment)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from consultations import answers, routing
from consultations.models import Disposition
from tests.bidi import visible
from tests.factories import UserFactory

from .factories import focal_point, open_draft_plan, secretary

pytestmark = pytest.mark.django_db

BODY = "Publier chaque mois les avis reçus et les suites données : 2021-2023."


@pytest.fixture
def cast():
    cast = open_draft_plan()
    cast.focal_first.email, cast.focal_first.language = "focal-ar@example.org", "ar"
    cast.focal_first.save()
    cast.french_focal = focal_point(cast.first, email="focal-fr@example.org", language="fr")
    return cast


def test_the_focal_points_are_told_of_a_comment_their_institution_owes_in_their_language(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = routing.post(cast.consultation, author=UserFactory(), body=BODY, commitment=cast.one)
    by_reader = {message.to[0]: message for message in mail.outbox}
    assert set(by_reader) == {"focal-ar@example.org", "focal-fr@example.org"}
    for address, language in (("focal-ar@example.org", "ar"), ("focal-fr@example.org", "fr")):
        message = by_reader[address]
        with translation.override(language):
            due = date_format(cast.consultation.due(), "DATE_FORMAT")
            link = reverse("admin:consultations_comment_change", args=[comment.pk])
            title = str(cast.one.title)
        text = visible(message.body)
        assert str(cast.one.number) in message.subject
        assert BODY in text and title in text and due in text
        assert link.startswith(f"/{language}/") and link in message.body
        [(html, kind)] = message.alternatives
        assert (
            kind == "text/html" and link in html and f'dir="{"rtl" if language == "ar" else "ltr"}"' in html
        )


def test_the_author_is_told_of_the_answer_in_their_language_with_the_link_to_it(
    cast, django_capture_on_commit_callbacks
):
    author = UserFactory(email="auteur@example.org", language="ar")
    comment = routing.post(cast.consultation, author=author, body=BODY, commitment=cast.one)
    mail.outbox.clear()
    reasons = (
        "هذا المقترح يندرج ضمن برنامج وطني ممول سلفا، ولذلك لا يمكن إدراجه في هذه الخطة، "
        "وسنحيله على القطاع المعني."
    )
    with django_capture_on_commit_callbacks(execute=True):
        answers.answer(comment, by=cast.focal_first, disposition=Disposition.NOT_TAKEN, text=reasons)
    [message] = mail.outbox
    assert message.to == ["auteur@example.org"]
    with translation.override("ar"):
        disposition = str(Disposition.NOT_TAKEN.label)
        link = comment.get_absolute_url()
    assert disposition in message.subject
    text = visible(message.body)
    assert reasons in text and BODY in text and str(cast.first.name_ar) in text
    assert link.startswith("/ar/") and link in message.body
    assert "List-Unsubscribe" in message.extra_headers  # an optional kind: one click to stop


def test_a_changed_answer_says_it_replaces_the_earlier_one(cast, django_capture_on_commit_callbacks):
    author = UserFactory(email="auteur@example.org", language="fr")
    comment = routing.post(cast.consultation, author=author, body=BODY)  # the secretariat's
    chief = secretary()
    answers.answer(comment, by=chief, disposition="partly", text="En partie.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answers.answer(comment, by=chief, disposition="taken", text="Finalement retenu.")
    [message] = mail.outbox
    with translation.override("fr"):
        replaces = translation.gettext(
            "This answer replaces the earlier one, which stays in the comment's history."
        )
        by_secretariat = translation.gettext(
            "The secretariat answered your comment in the public consultation “%(consultation)s”."
        )
    assert replaces in message.body
    assert by_secretariat.split("%")[0].strip() in message.body
    assert "Finalement retenu." in message.body and "En partie." not in message.body
