"""In Debian's headless Chromium, the consultation end to end: a citizen
comments on a commitment of the open draft plan, on a phone in Arabic; the
focal point of the institution leading it answers in the admin, in French at
1280 px; the comment's page then shows the answer under the comment, and the
author's email, in Arabic, carries it."""

import shutil

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from consultations.models import Comment, CommentEvent
from core.bidi import strip_isolates
from tests.admin.test_browser import sign_in
from tests.factories import UserFactory

from .cast import verified
from .factories import open_draft_plan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]

COMMENT = "نقترح نشر سجل المستفيدين بصيغة مفتوحة كل ثلاثة أشهر"
ANSWER = "Le registre sera publié chaque trimestre : un jalon est ajouté à l'engagement."


def test_a_citizen_comments_in_arabic_and_the_focal_point_answers_in_the_admin(live_server, page):
    cast = open_draft_plan()
    citizen = verified(UserFactory(display_name="أمينة العلوي", email="amina@example.org", language="ar"))
    cast.focal_first.language = "fr"
    cast.focal_first.save()
    with translation.override("ar"):
        address = reverse(
            "consultations:commitment", args=[cast.plan.slug, cast.consultation.pk, cast.one.number]
        )
        publish = translation.gettext("Publish my comment")
        awaiting_from = translation.gettext("Awaiting an answer from %(institution)s, due %(due)s.").split(
            "%"
        )[0]

    # The citizen, on a phone in Arabic.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, citizen)
    page.goto(live_server.url + address)
    page.locator("#comment-form textarea[name=body]").fill(COMMENT)
    page.get_by_role("button", name=publish).click()
    page.wait_for_load_state()
    comment = Comment.objects.get()
    assert (comment.author, comment.body, comment.owed_by) == (citizen, COMMENT, cast.first)
    shown = page.locator(f"#comment-{comment.pk}").inner_text()
    assert COMMENT in shown and awaiting_from.strip() in strip_isolates(shown)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The lead institution's focal point was told, nobody else.
    assert [m.to for m in mail.outbox] == [[cast.focal_first.email]]
    mail.outbox.clear()

    # The focal point, in French at 1280 px, answers on the comment's page in the admin.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()
    sign_in(page, live_server, cast.focal_first)
    with translation.override("fr"):
        change = live_server.url + reverse("admin:consultations_comment_change", args=[comment.pk])
    page.goto(change)
    page.locator("input[name=disposition][value=taken]").check()
    page.locator("textarea[name=answer]").fill(ANSWER)
    page.get_by_role("button", name="Publier la réponse").click()
    page.wait_for_load_state()
    comment.refresh_from_db()
    assert (comment.answer_status, comment.disposition, comment.answer) == ("answered", "taken", ANSWER)
    assert CommentEvent.objects.get().actor == cast.focal_first

    # The author's email, in Arabic, carries the answer.
    [email] = mail.outbox
    assert email.to == ["amina@example.org"]
    body = strip_isolates(email.body)
    with translation.override("ar"):
        assert translation.gettext("taken into account") in body
    assert ANSWER in body

    # And the comment's page shows it under the comment, to anyone.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + address)
    shown = strip_isolates(page.locator(f"#comment-{comment.pk}").inner_text())
    assert COMMENT in shown and ANSWER in shown
    assert cast.first.name_ar in shown or cast.first.name_fr in shown
