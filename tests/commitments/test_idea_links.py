"""A commitment's source ideas. The one way to link an idea to a commitment
is the idea's screening move "integrated into commitments" (ideas.screening):
the commitment's admin has no field for its ideas and the idea's admin shows
its commitments read-only, so a link always comes with the idea's recorded
event and its author's email. The idea page links to its public commitments,
the commitment page lists its ideas by pages."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from ideas.models import Idea, IdeaEvent
from ideas.slots import INTEGRATED_PER_PAGE
from tests.bidi import visible
from tests.factories import CommitmentFactory, IdeaFactory, InstitutionFactory, ThemeFactory, UserFactory
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)


@pytest.fixture
def institution():
    return InstitutionFactory()


@pytest.fixture
def card(institution):
    return CommitmentFactory(
        theme=ThemeFactory(), lead_institution=institution, status="adopted", title_fr="Budget ouvert"
    )


def sent(card, institution, **fields) -> Idea:
    """An idea of the card's plan, sent to its institution (the setup)."""
    author = UserFactory(language="fr", email=f"author-{Idea.objects.count()}@example.org")
    idea = IdeaFactory(theme=card.theme, author=author, status=Idea.Status.SENT, **fields)
    idea.sent_to.add(institution)
    return idea


def integrated(card, count: int) -> list[Idea]:
    """Ideas already integrated into the card (the setup, not the move)."""
    ideas = IdeaFactory.create_batch(count, theme=card.theme, status=Idea.Status.INTEGRATED)
    card.ideas.add(*ideas)
    return ideas


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return visible(response.content.decode())


def fr(obj) -> str:
    with translation.override("fr"):
        return obj.get_absolute_url()


def test_linking_an_idea_integrates_it_with_its_event_and_its_email(
    client, card, institution, django_capture_on_commit_callbacks
):
    idea = sent(card, institution)
    focal = focal_point(institution, "focal@example.org")
    client.force_login(focal)
    url = reverse("admin:ideas_idea_move", args=[idea.pk, "integrate"])
    with time_machine.travel(WHEN, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"commitments": [card.pk]})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.INTEGRATED
    assert list(idea.commitments.all()) == [card]
    event = IdeaEvent.objects.filter(idea=idea).latest("created_at")
    assert (event.from_status, event.to_status, event.actor, event.created_at) == (
        "sent",
        "integrated",
        focal,
        WHEN,
    )
    assert [message.to for message in mail.outbox] == [[idea.author.email]]
    assert f"#{idea.pk}" in mail.outbox[0].subject


def test_the_commitment_side_has_no_other_way_to_link_an_idea(client, card, institution):
    idea = sent(card, institution)
    client.force_login(secretariat())
    form = (
        client.get(reverse("admin:commitments_commitment_change", args=[card.pk])).context["adminform"].form
    )
    assert "ideas" not in form.fields
    response = client.get(reverse("admin:ideas_idea_change", args=[idea.pk]))
    assert "commitments" not in response.context["adminform"].form.fields
    assert "commitments" in response.context["adminform"].readonly_fields


def test_the_idea_page_links_to_the_commitment_and_the_commitment_page_lists_the_idea(
    client, card, institution
):
    idea = sent(card, institution, title="Publier le budget citoyen")
    client.force_login(secretariat())
    client.post(reverse("admin:ideas_idea_move", args=[idea.pk, "integrate"]), {"commitments": [card.pk]})
    client.logout()
    idea_page = page(client, fr(idea))
    assert f'href="{fr(card)}"' in idea_page and "Budget ouvert" in idea_page
    card_page = page(client, fr(card))
    assert f'href="{fr(idea)}"' in card_page and "Publier le budget citoyen" in card_page


def test_the_commitment_page_lists_its_ideas_by_pages(client, card):
    ideas = integrated(card, INTEGRATED_PER_PAGE + 1)
    first = page(client, fr(card))
    assert 'rel="next"' in first and "?ideas=2" in first
    assert f'href="{fr(ideas[0])}"' in first and f'href="{fr(ideas[-1])}"' not in first
    second = page(client, fr(card) + "?ideas=2")
    assert f'href="{fr(ideas[-1])}"' in second and 'rel="next"' not in second


def test_a_few_ideas_need_no_pages(client, card):
    integrated(card, 2)
    assert 'rel="next"' not in page(client, fr(card))


def test_a_draft_commitment_is_not_shown_on_the_idea_page(client, card, institution):
    draft = CommitmentFactory(
        theme=card.theme, lead_institution=institution, status="draft", title_fr="Brouillon secret"
    )
    idea = sent(card, institution)
    client.force_login(secretariat())
    client.post(
        reverse("admin:ideas_idea_move", args=[idea.pk, "integrate"]), {"commitments": [card.pk, draft.pk]}
    )
    assert set(Idea.objects.get(pk=idea.pk).commitments.all()) == {card, draft}
    client.logout()
    html = page(client, fr(idea))
    assert f'href="{fr(card)}"' in html
    assert "Brouillon secret" not in html and f'href="{fr(draft)}"' not in html
    # Once proposed, it shows (the idea page follows its plan's commitments).
    draft.status = "proposed"
    draft.save()
    assert "Brouillon secret" in page(client, fr(idea))


def test_an_idea_integrated_into_a_draft_only_says_so_without_its_title(
    client, card, institution, django_capture_on_commit_callbacks
):
    draft = CommitmentFactory(
        theme=card.theme, lead_institution=institution, status="draft", title_fr="Brouillon secret"
    )
    idea = sent(card, institution)
    client.force_login(secretariat())
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:ideas_idea_move", args=[idea.pk, "integrate"]), {"commitments": [draft.pk]}
        )
    # The author's email and the public page name no draft.
    (email,) = [m for m in mail.outbox if idea.author.email in m.to]
    assert "Brouillon secret" not in email.body
    assert "Brouillon secret" not in email.alternatives[0][0]
    assert "un engagement encore en cours de rédaction" in email.body
    client.logout()
    html = page(client, fr(idea))
    assert "Brouillon secret" not in html
    assert "un engagement encore en cours de rédaction" in html
