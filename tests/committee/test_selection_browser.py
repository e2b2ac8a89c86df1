"""In Debian's headless Chromium, the selection of civil-society members end
to end: an association's representative applies and submits while the call
is open; once it has closed, the secretariat marks the file complete; a
member of the selection committee scores it on a phone in Arabic (a point
out of bounds first, refused in words with what was typed kept); the other
members score; the results are published, and the published points show —
in the member's area and on the round's public page.
"""

import shutil
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from committee import selection
from committee.models import Candidacy, Score, Selector
from core.bidi import strip_isolates
from tests.admin.test_browser import sign_in
from tests.committee.selection_factories import PDF, points, representative, round_in, selector
from tests.factories import UserFactory
from tests.workshops.staff import secretariat

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]

K = Selector.Kind
MINE = {
    "experience": 18,
    "mobilising": 12,
    "technology": 4,
    "implementing": 15,
    "evaluating": 16,
    "drafting": 17,
}
COMMENT = "خبرة ميدانية متينة في تتبع الميزانية، ومقترحات واقعية لتقييم الخطة في 2027."


def test_an_association_applies_a_member_scores_it_and_the_published_results_show_its_points(
    live_server, page
):
    round = round_in("call", seats=1)
    rep, association = representative(language="ar")
    association.name_ar, association.name_fr = "جمعية الشفافية المحلية", "Association Transparence locale"
    association.save()
    member = selector(round, K.PRIVATE, name="كريم التازي", person=UserFactory(language="ar"))
    others = [selector(round, K.UNIVERSITY, name="Leila"), selector(round, K.INDEPENDENT, name="Youssef")]
    selector(round, K.MINISTRY, name="Observateur")

    # The representative applies on a phone, in Arabic, while the call is open:
    # the draft saved with its documents, then submitted from its page.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, rep)
    with translation.override("ar"):
        page.goto(live_server.url + reverse("committee:apply", args=[round.committee.plan.slug]))
        save_draft = translation.gettext("Save the draft")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("input[name=name]").fill("أمينة")
    page.locator("input[name=region]").fill("سوس ماسة")
    for name in MINE:
        page.locator(f"textarea[name={name}]").fill(f"جواب {name}: أنشطة الجمعية منذ 2015.")
    for kind in ("statutes", "activity_report"):
        page.locator(f"input[name=document_{kind}]").set_input_files(
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    page.get_by_role("button", name=save_draft).click()
    page.wait_for_load_state()
    candidacy = Candidacy.objects.get(round=round, association=association)
    assert candidacy.is_draft and candidacy.enclosures.count() == 2
    page.locator("button[name=submit]").click()
    page.wait_for_load_state()
    candidacy.refresh_from_db()
    assert not candidacy.is_draft and candidacy.applicant == rep
    page.context.clear_cookies()
    # The call closes; the secretariat checks the file: complete.
    today = timezone.localdate()
    round.call_closes_on = today - timedelta(days=1)
    round.call_opens_on = min(round.call_opens_on, today - timedelta(days=2))
    round.save()
    office = secretariat()
    selection.check_file(Candidacy.objects.get(pk=candidacy.pk), by=office, complete=True)

    # The member, on a phone in Arabic: from their files to this one.
    sign_in(page, live_server, member.person)
    with translation.override("ar"):
        index = live_server.url + reverse("committee:scoring")
        save = translation.gettext("Save my points")
        wrong = translation.gettext("A whole number from 0 to %(maximum)d.") % {"maximum": 5}
        saved = translation.gettext("Your points for %(association)s are saved.").split("%")[0].strip()
    page.goto(index)
    page.get_by_role("link", name="جمعية الشفافية المحلية").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # A point out of bounds: refused in Arabic, what was typed kept.
    for name, value in {**MINE, "technology": 7}.items():
        page.locator(f"input[name={name}]").fill(str(value))
    page.locator("textarea[name=comment]").fill(COMMENT)
    page.get_by_role("button", name=save).click()
    page.wait_for_load_state()
    assert wrong in page.locator("form.score-form").inner_text()
    assert page.locator("input[name=experience]").input_value() == "18"
    # (its numbers isolated for display, as every text field of the site: stripped when sent)
    assert strip_isolates(page.locator("textarea[name=comment]").input_value()) == COMMENT
    assert not Score.objects.exists()

    page.locator("input[name=technology]").fill("4")
    page.get_by_role("button", name=save).click()
    page.wait_for_url(f"{index}#round-{round.pk}")
    assert saved in strip_isolates(page.locator(".messages").inner_text())
    score = Score.objects.get()
    assert (score.selector, score.total, score.comment) == (member, 82, COMMENT)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The other members score; the secretariat publishes.
    for other, total in zip(others, (70, 76), strict=True):
        selection.score(candidacy, selector=other, points=points(total), comment="Dossier solide.")
    selection.publish(round, by=office)

    # The member reads every member's points and the mean, at 390 px.
    page.goto(index)
    table = strip_isolates(page.locator("table.selection-files").inner_text())
    assert "76.00" in table and "82" in table and "70" in table
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # And the round's public page, in French at 1280 px, shows its points.
    with translation.override("fr"):
        public = live_server.url + reverse("committee:selection", args=[round.committee.plan.slug])
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(public)
    shown = strip_isolates(page.locator("main").inner_text())
    assert "Association Transparence locale" in shown
    assert "82" in shown and "76.00" in shown.replace(",", ".")
