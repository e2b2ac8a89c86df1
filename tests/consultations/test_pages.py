"""The consultation's public pages: the main menu's entry, a plan's tab, a
consultation (its countdown, "N comments, M answered", the answer rate per
institution with the overdue ones, its commitments or sections), the
comments on a commitment, a section or the whole text (oldest first, paged,
each with its answer or who owes one and by when), a hidden comment shown
to its author only with the reason, "My comments", and what the commitment's
own page and the home page show of them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from consultations import routing, slots, views
from plans.models import Phase, Plan
from tests.conftest import built_once
from tests.factories import CommitmentFactory, MemberFactory, PlanFactory, UserFactory

from .cast import build_scene, on
from .factories import TextConsultationFactory

pytestmark = pytest.mark.django_db


@built_once
def scene():
    return build_scene()


def url(name: str, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"consultations:{name}", args=args)


def of(scene, name: str, *more, language: str = "en") -> str:
    """A page of the scene's draft plan consultation."""
    consultation = scene["consultation"]
    return url(name, consultation.plan.slug, consultation.pk, *more, language=language)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def text(html: str) -> str:
    """The page's text as read: tags and isolates out, spaces folded, none
    before a full stop, a comma or a closing bracket."""
    plain = re.sub(r"[\u2066-\u2069]", "", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([,.:;)])", r"\1", plain)).replace("&#x27;", "'")


def day(value) -> str:
    with translation.override("en"):
        return formats.date_format(value, "j F Y")


# --- Every page, in Arabic and in French ----------------------------------------


@pytest.mark.parametrize(
    "language,direction,title", [("ar", "rtl", "الاستشارة العمومية"), ("fr", "ltr", "Consultation publique")]
)
def test_every_page_answers_in_arabic_and_french(client, scene, language, direction, title):
    text_consultation = scene["text"]
    number = scene["cast"].one.number
    paths = [
        url("plan", scene["plan"].slug, language=language),
        of(scene, "detail", language=language),
        of(scene, "commitment", number, language=language),
        of(scene, "general", language=language),
    ]
    for path in paths:
        html = page(client, path)
        assert f'<html lang="{language}" dir="{direction}">' in html, path
        assert title in html, path
    section = url("section", text_consultation.plan.slug, text_consultation.pk, 1, language=language)
    html = page(client, section)
    assert ("المادة الأولى" if language == "ar" else "Article premier") in html
    # The entry opens the consultation open today, in the same language.
    assert client.get(url("index", language=language)).url.startswith(f"/{language}/plans/")
    client.force_login(scene["amina"])
    html = page(client, url("mine", language=language))
    assert f'dir="{direction}"' in html and "Premier avis sur l'engagement." in html.replace("&#x27;", "'")


# --- The entry and the plan's tab --------------------------------------------------


def test_the_entry_opens_the_consultation_open_today_the_default_members_first(client, scene, settings):
    # The draft plan's consultation (the national government's) and the text (another national plan):
    # the newest plan first within the default member.
    response = client.get(url("index"))
    assert response.status_code == 302
    opened = response.url
    assert opened in (scene["consultation"].get_absolute_url(), scene["text"].get_absolute_url())
    commune = MemberFactory(kind="commune", slug="commune-test")
    local = TextConsultationFactory(plan=PlanFactory(member=commune), title_fr="Consultation communale")
    assert client.get(url("index")).url == opened  # the national government's first
    settings.PORTAL_MEMBER = "commune-test"
    assert client.get(url("index")).url == local.get_absolute_url()


def test_with_none_open_the_entry_is_a_chooser_of_the_plans_that_had_one(client, scene):
    later = timezone.localdate() + timedelta(days=60)
    with on(later):
        html = text(page(client, url("index")))
    assert "No public consultation is open today." in html
    assert "Closed on" in html
    assert "Consultation on the draft charter" in html
    with on(later):
        html = page(client, url("index"))
    for consultation in (scene["consultation"], scene["text"]):
        assert f'href="{consultation.get_absolute_url()}"' in html


def test_the_plans_tab_lists_its_consultations_with_their_state_and_figures(client, scene):
    html = page(client, url("plan", scene["plan"].slug))
    plain = text(html)
    assert "Open: closes in 24 days, on" in plain
    # Published comments only (the hidden one is owed no answer).
    assert "5 comments, 3 answered (60 %)" in plain
    tab = f'<a href="{url("plan", scene["plan"].slug)}" aria-current="page">Consultation</a>'
    assert tab in html
    empty = PlanFactory()
    assert "No public consultation has been held on this plan yet." in text(
        page(client, url("plan", empty.slug))
    )


# --- A consultation -------------------------------------------------------------


def test_the_consultation_page_counts_down_and_shows_the_answers_per_institution(client, scene):
    cast = scene["cast"]
    plain = text(page(client, of(scene, "detail")))
    closes = timezone.localdate() + timedelta(days=24)
    due = closes + timedelta(days=15)
    assert f"Open: closes in 24 days, on {day(closes)}." in plain
    assert f"Every comment is owed a public answer by {day(due)}." in plain
    assert "Give your opinion on the draft action plan." in plain
    assert "5 comments, 3 answered (60 %)" in plain
    # Institution, comments, answered with the rate, overdue (none yet: not due).
    assert f"{cast.first.name} 3 2 (67 %) —" in plain
    assert f"{cast.second.name} 1 0 (0 %) —" in plain
    assert "The secretariat 1 1 (100 %) —" in plain
    # The commitments under consultation (not the draft card) with their counts and rates.
    assert f"{cast.one.number} {cast.one.title} {cast.first.name} 3 2 (67 %)" in plain
    assert f"{cast.two.number} {cast.two.title} {cast.second.name} 1 —" not in plain
    assert f"{cast.two.number} {cast.two.title} {cast.second.name} 1 0 (0 %)" in plain
    assert cast.draft.title not in plain
    assert "The draft plan as a whole 1 comment, 1 answered (100 %)" in plain
    assert "Comment on the whole text" in plain


def test_before_it_opens_it_says_when_and_after_it_closed_the_overdue_answers(client, scene):
    opens = timezone.localdate() - timedelta(days=3)
    closes = opens + timedelta(days=27)
    with on(opens - timedelta(days=4)):
        plain = text(page(client, of(scene, "detail")))
    assert f"Opens on {day(opens)}, in 4 days." in plain
    with on(closes + timedelta(days=1)):
        plain = text(page(client, of(scene, "detail")))
    due = closes + timedelta(days=15)
    assert f"Closed on {day(closes)}; answers owed by {day(due)}." in plain
    assert "Read the comments on the whole text" in plain
    with on(due + timedelta(days=1)):
        plain = text(page(client, of(scene, "detail")))
    cast = scene["cast"]
    assert f"{cast.first.name} 3 2 (67 %) 1" in plain
    assert f"{cast.second.name} 1 0 (0 %) 1" in plain
    assert "The secretariat 1 1 (100 %) 0" in plain
    assert "2 answers overdue" in plain


def test_a_text_lists_its_sections(client, scene):
    consultation = scene["text"]
    plain = text(page(client, url("detail", consultation.plan.slug, consultation.pk)))
    assert "The text, section by section" in plain
    assert "1 First title 1 0 (0 %)" in plain
    assert "The commitments under consultation" not in plain


# --- The comments on a commitment, a section, the whole text -------------------------


def test_a_commitments_page_shows_the_card_and_its_comments_oldest_first_with_their_answers(client, scene):
    cast = scene["cast"]
    plain = text(page(client, of(scene, "commitment", cast.one.number)))
    assert f"Commitment {cast.one.number}: {cast.one.title}" in plain
    assert f"Lead institution: {cast.first.name}" in plain
    assert "Its milestones Publish the register of beneficiaries" in plain
    assert "3 comments, 2 answered (67 %)" in plain
    first, second, third = (
        plain.index(f"{n} avis sur l'engagement.") for n in ("Premier", "Deuxième", "Troisième")
    )
    assert first < second < third
    # Its state said once: by its answer, or by who owes one and by when.
    assert "Amina Alaoui" in plain and "On the milestone: Publish the register" in plain
    assert "answer given" not in plain and "published, awaiting an answer" not in plain
    assert f"Taken into account {cast.first.name}" in plain and "Merci: le jalon est ajouté." in plain
    assert "Karim Bennani on behalf of Jeunes pour la transparence" in plain
    assert "Not taken into account" in plain
    due = timezone.localdate() + timedelta(days=24 + 15)
    assert f"Awaiting an answer from {cast.first.name}, due {day(due)}." in plain
    assert "Un avis masqué" not in plain
    # Another commitment's and the whole text's comments are on their own pages.
    assert "Un avis sur le second engagement." not in plain and "ensemble du plan" not in plain


def test_the_whole_texts_and_a_sections_pages_show_theirs_owed_by_the_secretariat(client, scene):
    plain = text(page(client, of(scene, "general")))
    assert "The draft plan as a whole" in plain
    assert "Un avis sur l'ensemble du plan." in plain and "Partly taken into account The secretariat" in plain
    assert "Premier avis" not in plain
    consultation = scene["text"]
    plain = text(page(client, url("section", consultation.plan.slug, consultation.pk, 1)))
    assert "1. First title" in plain and "Article one. The text consulted on." in plain
    assert "Un avis sur le titre premier." in plain
    due = consultation.ends_on + timedelta(days=15)
    assert f"Awaiting an answer from the secretariat, due {day(due)}." in plain


def test_a_hidden_comment_shows_to_its_author_with_the_reason_and_to_nobody_else(client, scene):
    path = of(scene, "commitment", scene["cast"].one.number)
    assert "Un avis masqué" not in page(client, path)
    for someone in (scene["karim"], scene["cast"].focal_first, scene["secretariat"]):
        client.force_login(someone)
        assert "Un avis masqué" not in page(client, path), someone
    client.force_login(scene["amina"])
    plain = text(page(client, path))
    assert "Un avis masqué par la modération." in plain
    assert "hidden by moderation" in plain
    assert "Hidden by moderation: only you can see it. Reason: Données personnelles d'un tiers" in plain
    # What she saw was not kept for the others.
    client.logout()
    assert "Un avis masqué" not in page(client, path)
    assert "Un avis masqué" not in page(client, url("plan", scene["plan"].slug))


def test_the_comments_come_by_pages_and_an_unreadable_page_is_the_first(client, scene, monkeypatch):
    monkeypatch.setattr(views, "COMMENTS_PER_PAGE", 2)
    path = of(scene, "commitment", scene["cast"].one.number)
    second = text(page(client, f"{path}?page=2"))
    assert "Troisième avis" in second and "Premier avis" not in second
    assert "Page 2 of 2" in second
    for word in ("abc", "-1", "1.5", "99999999999999999999"):
        assert "Premier avis" in text(page(client, f"{path}?page={word}")), word


def test_unknown_or_foreign_addresses_are_not_found(client, scene):
    cast, consultation, other = scene["cast"], scene["consultation"], scene["text"]
    slug = consultation.plan.slug
    missing = [
        url("detail", slug, 999999),
        url("detail", slug, other.pk),  # another plan's consultation under this plan
        url("detail", other.plan.slug, consultation.pk),
        url("commitment", slug, consultation.pk, cast.draft.number),  # a card not consulted on
        url("commitment", slug, consultation.pk, 999),
        url("section", slug, consultation.pk, 1),  # the draft plan has no section
        url("section", other.plan.slug, other.pk, 2),
        url("commitment", other.plan.slug, other.pk, cast.one.number),
        url("general", slug, 999999),
        url("plan", "no-such-plan"),
    ]
    for path in missing:
        assert client.get(path).status_code == 404, path
    # A plan taken back to draft: nothing of it is public.
    Plan.objects.filter(pk=consultation.plan_id).update(status=Plan.Status.DRAFT)
    from core import generations

    generations.bump("plans")
    for name, more in (("detail", ()), ("commitment", (cast.one.number,)), ("general", ())):
        assert client.get(of(scene, name, *more)).status_code == 404
    assert client.get(url("plan", slug)).status_code == 404


def test_a_new_comment_shows_at_once_to_visitors_who_are_not_signed_in(client, scene):
    path = of(scene, "commitment", scene["cast"].one.number)
    assert "Quatrième avis" not in page(client, path)
    routing.post(
        scene["consultation"], author=scene["karim"], body="Quatrième avis.", commitment=scene["cast"].one
    )
    assert "Quatrième avis." in page(client, path)
    assert "6 comments, 3 answered (50 %)" in text(page(client, of(scene, "detail")))


# --- My comments ---------------------------------------------------------------------


def test_my_comments_lists_each_with_its_state_and_a_link_to_it(client, scene):
    assert client.get(url("mine")).status_code == 302  # to sign in
    client.force_login(scene["amina"])
    html = page(client, url("mine"))
    plain = text(html)
    cast = scene["cast"]
    # Newest first: the text's, the hidden one, the second commitment's, the first.
    order = [
        plain.index("Un avis sur le titre premier."),
        plain.index("Un avis masqué"),
        plain.index("Un avis sur le second engagement."),
        plain.index("Premier avis"),
    ]
    assert order == sorted(order)
    assert "Reason: Données personnelles d'un tiers" in plain
    assert f"Awaiting an answer from {cast.second.name}, due" in plain
    assert "Taken into account" in plain
    assert f"Commitment {cast.one.number}: {cast.one.title} · {scene['consultation'].title}" in plain
    assert "First title · Consultation on the draft charter" in plain
    for comment in ("first", "on_two", "on_section"):
        assert f'href="{scene[comment].get_absolute_url()}"' in html
    # Karim's are not hers.
    assert "Deuxième avis" not in plain


# --- The commitment's own page, the home page, the menu ------------------------------------


def test_the_commitments_own_page_shows_its_consultation_comments_for_good(client, scene, monkeypatch):
    cast = scene["cast"]
    with translation.override("en"):
        path = cast.one.get_absolute_url()
    plain = text(page(client, path))
    assert "Comments from the public consultation" in plain
    assert "3 comments, 2 answered (67 %)" in plain
    assert "Premier avis sur l'engagement." in plain and "Merci: le jalon est ajouté." in plain
    assert "Un avis masqué" not in plain
    # After the consultation, and long after the answers were due: still there.
    with on(timezone.localdate() + timedelta(days=400)):
        assert "Premier avis sur l'engagement." in text(page(client, path))
    # By pages of its own query parameter.
    monkeypatch.setattr(slots, "ON_COMMITMENT_PER_PAGE", 2)
    second = text(page(client, f"{path}?consultation=2"))
    assert "Troisième avis" in second and "Premier avis" not in second
    assert '?consultation=1#consultation"' in page(client, f"{path}?consultation=2")
    # A card with no comment shows nothing of it.
    quiet = CommitmentFactory(theme=cast.one.theme)
    assert "Comments from the public consultation" not in page(client, quiet.get_absolute_url())


def test_the_home_page_shows_an_open_text_and_the_draft_plans_consultation(client, scene):
    html = page(client, "/en/")
    assert "Consultation on the draft charter" in html
    assert f'href="{scene["text"].get_absolute_url()}"' in html
    # The draft plan's, as its plan's phase, leads to the plan's consultations.
    assert f'href="{url("plan", scene["plan"].slug)}"' in html


def test_the_menu_the_plan_tab_and_the_account_menu_lead_to_the_pages(client, scene):
    with translation.override("en"):
        html = page(client, reverse("ideas:index", args=[scene["plan"].slug]))
    assert f'href="{url("plan", scene["plan"].slug)}">Consultation</a>' in html
    assert f'href="{url("index")}"' in html
    client.force_login(scene["karim"])
    assert f'href="{url("mine")}">My consultation comments</a>' in page(client, "/en/")


def test_the_draft_plans_phase_moving_moves_the_page(client, scene):
    phase = Phase.objects.get(plan=scene["plan"], kind="consultation")
    phase.end = timezone.localdate() + timedelta(days=2)
    phase.save()
    assert "Open: closes in 2 days" in text(page(client, of(scene, "detail")))
    UserFactory()  # unrelated writes change nothing
    phase.end = timezone.localdate()
    phase.save()
    assert "Open: today is the last day, comments close at midnight." in text(
        page(client, of(scene, "detail"))
    )
