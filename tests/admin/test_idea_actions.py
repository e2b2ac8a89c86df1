"""The bulk actions of the ideas list: each goes through the state machine,
idea by idea, and says which ideas it could not move and why."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from ideas.models import Idea, IdeaEvent
from tests.admin.conftest import sent_idea
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def changelist():
    return reverse("admin:ideas_idea_changelist")


def choose(client, action, ideas):
    """The first step: the action chosen in the list, with the ideas ticked."""
    return client.post(
        changelist(), {"action": action, "index": 0, "_selected_action": [i.pk for i in ideas]}
    )


def confirm(client, action, ideas, **fields):
    """The second step: the intermediate page's form, posted back."""
    data = {"action": action, "apply": "1", "_selected_action": [i.pk for i in ideas], **fields}
    return client.post(changelist(), data)


def texts(response, level=None) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if level is None or m.level == level]


def statuses(*ideas) -> list[str]:
    return [Idea.objects.get(pk=idea.pk).status for idea in ideas]


def test_it_accepts_the_selected_ideas(client, secretariat, theme):
    ideas = IdeaFactory.create_batch(2, theme=theme)
    client.force_login(secretariat)
    response = choose(client, "accept_ideas", ideas)
    assert response.status_code == 302
    assert statuses(*ideas) == ["accepted", "accepted"]
    assert IdeaEvent.objects.filter(to_status="accepted", actor=secretariat).count() == 2
    [message] = texts(response)
    assert f"#{ideas[0].pk}, #{ideas[1].pk}" in message


def test_an_invalid_move_leaves_those_ideas_alone_and_names_them(client, secretariat, theme, idea_a):
    fresh = IdeaFactory(theme=theme)
    refused = IdeaFactory(theme=theme, status=Idea.Status.NOT_ACCEPTED)
    client.force_login(secretariat)
    response = choose(client, "accept_ideas", [fresh, refused, idea_a])
    assert statuses(fresh, refused, idea_a) == ["accepted", "not_accepted", "sent"]
    [done] = texts(response, messages.SUCCESS)
    assert f"#{fresh.pk}" in done
    # One message per reason, each naming its ideas and the state machine's words.
    errors = texts(response, messages.ERROR)
    assert len(errors) == 2
    [not_accepted] = [m for m in errors if f"#{refused.pk}" in m]
    [sent] = [m for m in errors if f"#{idea_a.pk}" in m]
    assert f"#{idea_a.pk}" not in not_accepted and f"#{fresh.pk}" not in not_accepted
    # The state machine's message names the state each idea is in.
    with translation.override("ar"):
        assert str(Idea.Status.NOT_ACCEPTED.label) in not_accepted
        assert str(Idea.Status.SENT.label) in sent
    assert not IdeaEvent.objects.filter(idea__in=[refused, idea_a]).exists()


def test_rejecting_asks_for_the_reason_first(client, secretariat, theme):
    ideas = IdeaFactory.create_batch(2, theme=theme)
    client.force_login(secretariat)
    response = choose(client, "reject_ideas", ideas)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/ideas/idea/move.html"
    html = response.content.decode()
    assert 'name="reason"' in html and 'name="duplicate_of"' in html
    assert html.count('name="_selected_action"') == 2
    assert statuses(*ideas) == ["submitted", "submitted"]

    response = confirm(client, "reject_ideas", ideas, reason="not_precise", explanation="")
    assert response.status_code == 302
    assert statuses(*ideas) == ["not_accepted", "not_accepted"]
    assert set(IdeaEvent.objects.values_list("reason", flat=True)) == {"not_precise"}


def test_another_reason_needs_an_explanation(client, secretariat, submitted_idea):
    client.force_login(secretariat)
    response = confirm(client, "reject_ideas", [submitted_idea], reason="other", explanation="")
    assert response.status_code == 200
    assert "explanation" in response.context["form"].errors
    assert statuses(submitted_idea) == ["submitted"]


def test_a_duplicate_names_the_original(client, secretariat, theme, submitted_idea):
    copy = IdeaFactory(theme=theme)
    client.force_login(secretariat)
    response = confirm(client, "reject_ideas", [copy], reason="duplicate")
    assert response.context["form"].errors["duplicate_of"]
    response = confirm(client, "reject_ideas", [copy], reason="duplicate", duplicate_of=999999)
    assert response.context["form"].errors["duplicate_of"]

    response = confirm(client, "reject_ideas", [copy], reason="duplicate", duplicate_of=submitted_idea.pk)
    assert response.status_code == 302
    assert copy.events.get().duplicate_of == submitted_idea


def test_an_idea_cannot_duplicate_itself(client, secretariat, theme, submitted_idea):
    other = IdeaFactory(theme=theme)
    client.force_login(secretariat)
    response = confirm(
        client, "reject_ideas", [submitted_idea, other], reason="duplicate", duplicate_of=submitted_idea.pk
    )
    # The form says which idea and why, plainly; nothing moves until it is right.
    assert response.context["form"].errors["duplicate_of"] == [
        f"لا يمكن للفكرة رقم {submitted_idea.pk} أن تكون مكررة لنفسها: أدخلوا رقم الفكرة الأخرى."
    ]
    assert statuses(submitted_idea, other) == ["submitted", "submitted"]


def test_an_idea_duplicates_only_an_idea_of_its_own_plan(client, secretariat, submitted_idea):
    elsewhere = IdeaFactory()  # another plan
    client.force_login(secretariat)
    url = reverse("admin:ideas_idea_move", args=[submitted_idea.pk, "reject"])
    response = client.post(url, {"reason": "duplicate", "duplicate_of": elsewhere.pk})
    assert response.status_code == 200
    [error] = response.context["form"].errors["duplicate_of"]
    assert error == (
        f"الفكرة رقم {elsewhere.pk} تنتمي إلى خطة عمل أخرى: "
        f"لا يمكن للفكرة رقم {submitted_idea.pk} أن تكون مكررة إلا لفكرة من خطتها."
    )
    assert statuses(submitted_idea) == ["submitted"]


def test_it_sends_accepted_ideas_to_institutions(client, secretariat, theme, institution_a, institution_b):
    idea = IdeaFactory(theme=theme, status=Idea.Status.ACCEPTED, institution=institution_b)
    client.force_login(secretariat)
    response = choose(client, "send_ideas", [idea])
    form = response.context["form"]
    assert set(form.fields["institutions"].queryset) == {institution_a, institution_b}
    assert form.fields["institutions"].initial == [institution_b.pk]  # the one the author targeted

    assert confirm(client, "send_ideas", [idea]).context["form"].errors["institutions"]
    confirm(client, "send_ideas", [idea], institutions=[institution_a.pk, institution_b.pk])
    idea.refresh_from_db()
    assert idea.status == "sent"
    assert set(idea.sent_to.all()) == {institution_a, institution_b}


def test_the_secretariat_integrates_into_any_commitment_of_the_plan(
    client, secretariat, idea_a, commitment_a, commitment_b
):
    client.force_login(secretariat)
    response = choose(client, "integrate_ideas", [idea_a])
    assert set(response.context["form"].fields["commitments"].queryset) == {commitment_a, commitment_b}
    confirm(client, "integrate_ideas", [idea_a], commitments=[commitment_b.pk])
    idea_a.refresh_from_db()
    assert idea_a.status == "integrated"
    assert list(idea_a.commitments.all()) == [commitment_b]


def test_ideas_of_several_plans_are_integrated_one_plan_at_a_time(client, secretariat, idea_a, commitment_a):
    elsewhere = sent_idea(commitment_a.lead_institution)  # a theme, hence a plan, of its own
    client.force_login(secretariat)
    response = confirm(client, "integrate_ideas", [idea_a, elsewhere], commitments=[commitment_a.pk])
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert statuses(idea_a, elsewhere) == ["sent", "sent"]


def test_a_focal_point_integrates_into_its_own_commitments_only(
    client, focal_a, idea_a, commitment_a, commitment_b
):
    client.force_login(focal_a)
    response = choose(client, "integrate_ideas", [idea_a])
    assert response.status_code == 200
    assert list(response.context["form"].fields["commitments"].queryset) == [commitment_a]

    response = confirm(client, "integrate_ideas", [idea_a], commitments=[commitment_b.pk])
    assert response.context["form"].errors["commitments"]
    assert statuses(idea_a) == ["sent"]

    response = confirm(client, "integrate_ideas", [idea_a], commitments=[commitment_a.pk])
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert idea_a.status == "integrated"
    assert idea_a.events.get().actor == focal_a


def test_a_focal_point_explains_why_an_idea_is_not_integrated(client, focal_a, idea_a):
    client.force_login(focal_a)
    response = confirm(client, "not_integrate_ideas", [idea_a], explanation="")
    assert response.context["form"].errors["explanation"]
    response = confirm(client, "not_integrate_ideas", [idea_a], explanation="Déjà couvert par la loi 31-13.")
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert idea_a.status == "not_integrated"
    assert idea_a.events.get().explanation == "Déjà couvert par la loi 31-13."


def test_a_focal_point_cannot_decide_on_another_institutions_idea(client, focal_a, idea_a, idea_b):
    client.force_login(focal_a)
    response = confirm(client, "not_integrate_ideas", [idea_b], explanation="Pas pour nous.")
    assert statuses(idea_b) == ["sent"]
    assert texts(response, messages.WARNING)
    # Mixed with one of its own, only its own moves.
    confirm(client, "not_integrate_ideas", [idea_a, idea_b], explanation="Pas pour nous.")
    assert statuses(idea_a, idea_b) == ["not_integrated", "sent"]


@pytest.mark.parametrize(
    "action,fields",
    [
        ("accept_ideas", {}),
        ("reject_ideas", {"reason": "not_precise"}),
        ("send_ideas", {}),
        ("hide_ideas", {"reason": "Spam"}),
        ("unhide_ideas", {}),
    ],
)
def test_a_focal_point_cannot_screen(client, focal_a, idea_a, institution_a, action, fields):
    client.force_login(focal_a)
    for response in (choose(client, action, [idea_a]), confirm(client, action, [idea_a], **fields)):
        # Not an action it is offered: back to the list with "No action selected."
        assert response.status_code == 302
        assert response["Location"] == changelist()
    idea_a.refresh_from_db()
    assert idea_a.status == "sent" and not idea_a.is_hidden
    assert not idea_a.events.exists()


def test_hiding_needs_a_reason_and_unhiding_shows_the_idea_again(client, moderator, submitted_idea):
    client.force_login(moderator)
    assert confirm(client, "hide_ideas", [submitted_idea], reason=" ").context["form"].errors["reason"]
    confirm(client, "hide_ideas", [submitted_idea], reason="Données personnelles d'un tiers.")
    submitted_idea.refresh_from_db()
    assert submitted_idea.is_hidden
    [event] = submitted_idea.moderation_events.all()
    assert (event.from_status, event.to_status) == ("published", "hidden")
    assert event.reason == "Données personnelles d'un tiers."
    assert event.actor == moderator
    assert submitted_idea.status == "submitted"  # moderation is not screening

    response = confirm(client, "hide_ideas", [submitted_idea], reason="Encore.")
    assert f"#{submitted_idea.pk}" in texts(response, messages.ERROR)[0]

    confirm(client, "unhide_ideas", [submitted_idea], reason="")
    submitted_idea.refresh_from_db()
    assert not submitted_idea.is_hidden
    assert [e.to_status for e in submitted_idea.moderation_events.order_by("pk")] == ["hidden", "published"]


def test_moderation_is_a_role_not_any_staff(client, secretariat, submitted_idea):
    """The secretariat screens; hiding is for moderators only."""
    client.force_login(secretariat)
    response = confirm(client, "hide_ideas", [submitted_idea], reason="Spam")
    assert response.status_code == 302 and response["Location"] == changelist()
    submitted_idea.refresh_from_db()
    assert not submitted_idea.is_hidden and not submitted_idea.moderation_events.exists()
