"""A citizen's whole path, in Debian's headless Chromium, in Arabic."""

import re
import shutil

import pytest
from django.core import mail
from django.utils import translation

from core.bidi import isolate, typeable
from core.models import User
from ideas import screening
from ideas.models import Idea, IdeaEvent
from tests.factories import PlanFactory, ThemeFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def ar(message: str) -> str:
    with translation.override("ar"):
        return translation.gettext(message)


def test_a_new_citizen_proposes_an_idea_in_arabic_and_reads_its_outcome(live_server, page, settings):
    settings.SITE_URL = live_server.url  # the links in emails
    plan = PlanFactory(slug="tetouan-test", title_ar="خطة جماعة تطوان")
    ThemeFactory(plan=plan, number=1, name_ar="الولوج إلى المعلومة", name_fr="Accès à l'information")
    secretariat = UserFactory(is_staff=True)

    # Sign up.
    page.goto(f"{live_server.url}/ar/accounts/signup/")
    page.fill("#id_display_name", "سلمى")
    page.fill("#id_email", "salma@example.org")
    page.fill("#id_password1", "une-phrase-longue-9")
    page.fill("#id_password2", "une-phrase-longue-9")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Verify the email with the link it received, in Arabic.
    assert len(mail.outbox) == 1
    user = User.objects.get(email="salma@example.org")
    assert user.language == "ar"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Submit an idea.
    page.goto(f"{live_server.url}/ar/plans/{plan.slug}/")
    page.locator(f"a[href='/ar/plans/{plan.slug}/ideas/new/']").click()
    # Option labels are names held in their direction by a mark after them (core.bidi.typeable).
    page.select_option("#id_theme", label=typeable(isolate("الولوج إلى المعلومة")))
    page.fill("#id_title", "نشر محاضر دورات المجلس الجماعي")
    page.fill("#id_problem", "لا تنشر المحاضر في الوقت المناسب")
    page.fill("#id_solution", "نشر المحاضر على البوابة خلال أسبوع")
    page.fill("#id_expected_results", "تتبع أفضل لقرارات المجلس")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    idea = Idea.objects.get()
    assert page.url.endswith(idea.get_absolute_url())
    assert page.locator("html").get_attribute("dir") == "rtl"

    # It is under My ideas, waiting.
    page.goto(f"{live_server.url}/ar/ideas/mine/")
    card = page.locator(".idea-card")
    assert "نشر محاضر دورات المجلس الجماعي" in card.inner_text()
    assert ar("submitted") in card.inner_text()

    # The secretariat rejects it with a reason; the citizen sees why, and got an email.
    screening.reject(idea, by=secretariat, reason=IdeaEvent.Reason.NOT_PRECISE)
    page.reload()
    text = page.locator(".idea-card").inner_text()
    assert ar("not accepted") in text
    assert ar("not precise or clear enough") in text
    page.locator(".idea-card a").click()
    outcome = page.locator(".outcome").inner_text()
    assert ar("not precise or clear enough") in outcome
    assert any(f"#{idea.pk}" in message.subject for message in mail.outbox)
