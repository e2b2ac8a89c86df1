import pytest
from django.urls import reverse
from django.utils import timezone

from ideas import screening
from tests.bidi import visible
from tests.factories import IdeaFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def change_url(idea):
    return reverse("admin:ideas_idea_change", args=[idea.pk])


def move_url(idea, move):
    return reverse("admin:ideas_idea_move", args=[idea.pk, move])


def test_a_focal_point_reads_an_idea_sent_to_its_institution(client, focal_a, idea_a):
    client.force_login(focal_a)
    response = client.get(change_url(idea_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert idea_a.title in html
    assert 'name="_save"' not in html  # read only: its decision is a move, not an edit
    assert 'name="title"' not in html


@pytest.mark.parametrize(
    "url",
    [
        lambda idea: reverse("admin:ideas_idea_change", args=[idea.pk]),
        lambda idea: reverse("admin:ideas_idea_history", args=[idea.pk]),
        lambda idea: reverse("admin:ideas_idea_delete", args=[idea.pk]),
        lambda idea: reverse("admin:ideas_idea_move", args=[idea.pk, "integrate"]),
        lambda idea: reverse("admin:ideas_idea_move", args=[idea.pk, "not_integrate"]),
    ],
    ids=["change", "history", "delete", "integrate", "not-integrate"],
)
def test_a_focal_point_cannot_open_another_institutions_idea(client, focal_a, idea_b, url):
    client.force_login(focal_a)
    assert client.get(url(idea_b)).status_code == 404
    assert client.post(url(idea_b), {"explanation": "x"}).status_code == 404
    idea_b.refresh_from_db()
    assert idea_b.status == "sent"


def test_a_focal_point_cannot_open_a_submitted_idea(client, focal_a, submitted_idea):
    client.force_login(focal_a)
    assert client.get(change_url(submitted_idea)).status_code == 404


def test_the_history_inline_shows_every_move(client, secretariat, focal_a, submitted_idea, institution_a):
    screening.accept(submitted_idea, by=secretariat)
    screening.send_to(submitted_idea, by=secretariat, institutions=[institution_a])
    client.force_login(focal_a)
    response = client.get(change_url(submitted_idea))
    assert response.status_code == 200
    events, moderation = response.context["inline_admin_formsets"]
    assert list(moderation) == []
    assert [form.original.to_status for form in events] == ["accepted", "sent"]
    html = response.content.decode()
    # The idea's "sent to" names the institution (the events store no names).
    assert institution_a.name in visible(html)
    assert "events-TOTAL_FORMS" in html and "add-row" not in html


def test_the_status_is_read_only_for_the_secretariat_too(client, secretariat, submitted_idea):
    client.force_login(secretariat)
    response = client.get(change_url(submitted_idea))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert {"sent_to", "commitments", "moderation"}.isdisjoint(form.fields)


def change_data(response, **fields) -> dict:
    """What the change page posts back: its editable fields' values, the
    inlines' management forms, and the given changes."""
    form = response.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    if "created_at" in data:  # a date and a time
        when = timezone.localtime(data.pop("created_at"))
        data.update(created_at_0=when.date().isoformat(), created_at_1=when.time().isoformat("seconds"))
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    return {**data, **fields}


CITIZENS_WORDS = ["title", "problem", "solution", "expected_results", "created_at", "author", "plan"]


def test_a_citizens_words_are_read_only(client, secretariat, submitted_idea, other_theme):
    """Moderation hides an idea; nobody in the admin rewrites what its author wrote."""
    client.force_login(secretariat)
    response = client.get(change_url(submitted_idea))
    form = response.context["adminform"].form
    assert set(CITIZENS_WORDS).isdisjoint(form.fields)
    html = response.content.decode()
    assert submitted_idea.title in html and 'name="title"' not in html and 'name="problem"' not in html
    assert 'name="theme"' in html  # the secretariat may still file it under another theme

    created_at = submitted_idea.created_at
    data = change_data(
        response,
        theme=other_theme.pk,
        title="Réécrit",
        problem="Réécrit",
        solution="Réécrit",
        expected_results="Réécrit",
        created_at_0="2020-01-01",
        created_at_1="10:00:00",
    )
    response = client.post(change_url(submitted_idea), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    submitted_idea.refresh_from_db()
    assert submitted_idea.title == "Publier le budget citoyen"
    assert "Réécrit" not in (submitted_idea.problem, submitted_idea.solution, submitted_idea.expected_results)
    assert submitted_idea.created_at == created_at
    assert submitted_idea.theme == other_theme


def test_a_workshop_idea_typed_in_by_the_secretariat_stays_correctable(client, secretariat, workshop):
    idea = IdeaFactory(theme=workshop.theme, source="workshop", workshop=workshop, author=None, title="Typo")
    client.force_login(secretariat)
    response = client.get(change_url(idea))
    assert {"title", "problem", "solution", "expected_results", "created_at"} <= set(
        response.context["adminform"].form.fields
    )
    assert {"plan", "source"}.isdisjoint(response.context["adminform"].form.fields)
    response = client.post(change_url(idea), change_data(response, title="Corrected"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    idea.refresh_from_db()
    assert idea.title == "Corrected"


def test_the_choices_are_the_ideas_plans(client, secretariat, submitted_idea, theme, other_theme, workshop):
    elsewhere = WorkshopFactory()  # another plan, its theme with it
    client.force_login(secretariat)
    idea = IdeaFactory(theme=theme, source="workshop", workshop=workshop, author=None)
    form = client.get(change_url(idea)).context["adminform"].form
    assert set(form.fields["theme"].queryset) == {theme, other_theme}
    assert set(form.fields["workshop"].queryset) == {workshop}
    # Posted anyway: refused.
    response = client.get(change_url(idea))
    response = client.post(change_url(idea), change_data(response, theme=elsewhere.theme.pk))
    assert response.status_code == 200 and response.context["adminform"].form.errors["theme"]
    # A new idea's plan is not chosen yet: each theme says its plan.
    form = client.get(reverse("admin:ideas_idea_add")).context["adminform"].form
    labels = [label for _value, label in form.fields["theme"].choices]
    assert f"{theme.plan} — {theme}" in labels and f"{elsewhere.plan} — {elsewhere.theme}" in labels


def test_the_page_offers_the_moves_of_the_current_state(client, secretariat, submitted_idea, idea_a):
    client.force_login(secretariat)
    html = client.get(change_url(submitted_idea)).content.decode()
    for move in ("accept", "reject"):
        assert move_url(submitted_idea, move) in html
    # Hiding is the moderators' move, not the secretariat's.
    for move in ("send", "integrate", "not_integrate", "hide", "unhide"):
        assert move_url(submitted_idea, move) not in html

    html = client.get(change_url(idea_a)).content.decode()
    for move in ("send", "integrate", "not_integrate"):
        assert move_url(idea_a, move) in html
    assert move_url(idea_a, "accept") not in html


def test_a_moderator_is_offered_hiding_only(client, moderator, submitted_idea):
    client.force_login(moderator)
    html = client.get(change_url(submitted_idea)).content.decode()
    assert move_url(submitted_idea, "hide") in html
    for move in ("accept", "reject", "send", "integrate", "not_integrate", "unhide"):
        assert move_url(submitted_idea, move) not in html


def test_a_focal_point_is_offered_only_its_decision(client, focal_a, idea_a):
    client.force_login(focal_a)
    html = client.get(change_url(idea_a)).content.decode()
    assert move_url(idea_a, "integrate") in html
    assert move_url(idea_a, "not_integrate") in html
    for move in ("accept", "reject", "send", "hide"):
        assert move_url(idea_a, move) not in html


@pytest.mark.parametrize("move", ["accept", "reject", "send", "hide", "unhide"])
def test_a_focal_point_cannot_screen_its_own_ideas_by_url(client, focal_a, idea_a, move):
    client.force_login(focal_a)
    assert client.get(move_url(idea_a, move)).status_code == 403
    assert client.post(move_url(idea_a, move), {"reason": "spam"}).status_code == 403
    idea_a.refresh_from_db()
    assert idea_a.status == "sent" and not idea_a.is_hidden


def test_a_move_from_the_ideas_page_returns_to_it(client, secretariat, submitted_idea):
    client.force_login(secretariat)
    response = client.get(move_url(submitted_idea, "accept"))
    assert response.status_code == 200
    assert response.templates[0].name == "admin/ideas/idea/move.html"
    assert 'name="_selected_action"' not in response.content.decode()

    response = client.post(move_url(submitted_idea, "accept"), {"apply": "1"})
    assert response.status_code == 302
    assert response["Location"] == change_url(submitted_idea)
    submitted_idea.refresh_from_db()
    assert submitted_idea.status == "accepted"


def test_a_move_with_a_form_shows_it_again_until_it_is_valid(client, secretariat, submitted_idea):
    client.force_login(secretariat)
    response = client.post(move_url(submitted_idea, "reject"), {"reason": "other", "explanation": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["explanation"]
    submitted_idea.refresh_from_db()
    assert submitted_idea.status == "submitted"

    response = client.post(
        move_url(submitted_idea, "reject"), {"reason": "other", "explanation": "Hors du périmètre du plan."}
    )
    assert response.status_code == 302
    submitted_idea.refresh_from_db()
    assert submitted_idea.status == "not_accepted"
    assert submitted_idea.events.get().explanation == "Hors du périmètre du plan."


def test_an_unknown_move_is_not_found(client, secretariat, submitted_idea):
    client.force_login(secretariat)
    assert client.get(move_url(submitted_idea, "publish")).status_code == 404


def idea_form(plan, theme, workshop, **fields):
    data = {
        "plan": plan.pk,
        "theme": theme.pk,
        "title": "Ouvrir les données des marchés publics",
        "problem": "Les données sont dispersées.",
        "solution": "Un portail unique.",
        "expected_results": "Plus de concurrence.",
        "source": "workshop",
        "workshop": workshop.pk,
        "created_at_0": "2026-03-02",
        "created_at_1": "10:00:00",
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
    }
    return {**data, **fields}


def test_the_secretariat_enters_a_workshop_idea(client, secretariat, plan, theme, workshop):
    client.force_login(secretariat)
    assert client.get(reverse("admin:ideas_idea_add")).status_code == 200
    response = client.post(reverse("admin:ideas_idea_add"), idea_form(plan, theme, workshop))
    assert response.status_code == 302, response.context["adminform"].form.errors
    idea = workshop.ideas.get()
    assert (idea.source, idea.status, idea.author) == ("workshop", "submitted", None)
    assert (idea.language, idea.search_config) == ("fr", "french")


def test_the_theme_and_workshop_must_fit_the_plan(client, secretariat, plan, theme, other_theme, workshop):
    client.force_login(secretariat)
    response = client.post(reverse("admin:ideas_idea_add"), idea_form(plan, other_theme, workshop))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["theme"]
    response = client.post(reverse("admin:ideas_idea_add"), idea_form(plan, theme, workshop, source="portal"))
    assert response.status_code == 200  # an online idea has an author and no workshop
    assert not workshop.ideas.exists()


def test_a_focal_point_does_not_add_ideas(client, focal_a):
    client.force_login(focal_a)
    assert client.get(reverse("admin:ideas_idea_add")).status_code == 403


def test_a_move_that_does_not_fit_the_state_is_not_offered_by_url(client, staff, idea_a):
    client.force_login(staff)
    response = client.get(move_url(idea_a, "accept"))
    assert response.status_code == 302
    assert response["Location"] == change_url(idea_a)
    response = client.post(move_url(idea_a, "unhide"))
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert idea_a.status == "sent"
