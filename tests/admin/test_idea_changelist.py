from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db

URL = "admin:ideas_idea_changelist"


def listed(response) -> set[Idea]:
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_the_secretariat_sees_every_idea(client, secretariat, submitted_idea, idea_a, idea_b):
    client.force_login(secretariat)
    assert listed(client.get(reverse(URL))) == {submitted_idea, idea_a, idea_b}


def test_a_focal_point_sees_only_the_ideas_sent_to_its_institution(
    client, focal_a, submitted_idea, idea_a, idea_b, institution_b
):
    client.force_login(focal_a)
    response = client.get(reverse(URL))
    assert listed(response) == {idea_a}
    html = response.content.decode()
    assert idea_b.title not in html
    # The filters offer nothing from the ideas it cannot see.
    assert institution_b.name not in html
    # Nor can a filter in the address widen the list.
    assert listed(client.get(reverse(URL), {"sent_to__id__exact": institution_b.pk})) == set()


def test_a_focal_point_is_offered_only_the_decision_on_integration(client, focal_a, idea_a):
    client.force_login(focal_a)
    choices = dict(client.get(reverse(URL)).context["action_form"].fields["action"].choices)
    assert set(choices) - {""} == {"integrate_ideas", "not_integrate_ideas"}


def test_the_secretariat_is_offered_every_move(client, secretariat, submitted_idea):
    client.force_login(secretariat)
    choices = dict(client.get(reverse(URL)).context["action_form"].fields["action"].choices)
    assert set(choices) - {""} == {
        "accept_ideas",
        "reject_ideas",
        "send_ideas",
        "integrate_ideas",
        "not_integrate_ideas",
    }


def test_a_moderator_is_offered_moderation_only(client, moderator, submitted_idea):
    client.force_login(moderator)
    choices = dict(client.get(reverse(URL)).context["action_form"].fields["action"].choices)
    assert set(choices) - {""} == {"hide_ideas", "unhide_ideas"}


# The ideas' count and the days' each agree with their noun («5 أيام», «14 يوما»).
WAITING = [
    (14, 'فكرة واحدة في انتظار الفرز منذ أكثر من <bdi dir="ltr">14</bdi> يوما.'),
    (5, 'فكرة واحدة في انتظار الفرز منذ أكثر من <bdi dir="ltr">5</bdi> أيام.'),
    (2, "فكرة واحدة في انتظار الفرز منذ أكثر من يومين."),
]


@pytest.mark.parametrize("days,said", WAITING)
def test_it_filters_and_counts_the_ideas_waiting_too_long(client, secretariat, theme, settings, days, said):
    settings.IDEAS_WAITING_DAYS = days
    old = timezone.now() - timedelta(days=days + 1)
    waiting = IdeaFactory(theme=theme, status_changed_at=old)
    IdeaFactory(theme=theme)  # submitted today
    IdeaFactory(theme=theme, status=Idea.Status.ACCEPTED, status_changed_at=old)  # screened
    client.force_login(secretariat)

    response = client.get(reverse(URL))
    assert response.context["waiting_count"] == 1
    html = response.content.decode()
    assert 'id="waiting-ideas"' in html
    assert said in html

    assert listed(client.get(reverse(URL), {"waiting": "yes"})) == {waiting}


def test_no_waiting_message_when_nothing_waits(client, secretariat, submitted_idea):
    client.force_login(secretariat)
    response = client.get(reverse(URL))
    assert response.context["waiting_count"] == 0
    assert 'id="waiting-ideas"' not in response.content.decode()


def test_it_filters_by_status_source_and_institution(
    client, secretariat, submitted_idea, idea_a, idea_b, institution_a, workshop
):
    workshop_idea = IdeaFactory(
        theme=workshop.theme, source=Idea.Source.WORKSHOP, workshop=workshop, author=None
    )
    client.force_login(secretariat)
    assert listed(client.get(reverse(URL), {"status__exact": "sent"})) == {idea_a, idea_b}
    assert listed(client.get(reverse(URL), {"source__exact": "workshop"})) == {workshop_idea}
    assert listed(client.get(reverse(URL), {"sent_to__id__exact": institution_a.pk})) == {idea_a}


@pytest.mark.parametrize("search", ["{pk}", "#{pk}"])
def test_it_finds_an_idea_by_its_number(client, secretariat, submitted_idea, idea_a, search):
    client.force_login(secretariat)
    response = client.get(reverse(URL), {"q": search.format(pk=idea_a.pk)})
    assert listed(response) == {idea_a}


def test_it_finds_an_idea_by_its_title(client, secretariat, submitted_idea, idea_a):
    client.force_login(secretariat)
    assert listed(client.get(reverse(URL), {"q": "budget citoyen"})) == {submitted_idea}
