"""The secretariat's flow around the drafters' work (issue 18, points 1
and 4). A drafter's change to a public card tells the secretariat when it
is submitted and its author when it is returned (with the reason) or
validated, as progress updates do; a draft's drafters submit it for review,
once, and the secretariat is told and finds the submitted drafts in the
card list. Every refusal is a forged POST that records and sends nothing."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from commitments import lifecycle
from commitments.models import ChangeRequest, Commitment, Milestone
from core.models import Notification
from tests.admin.posted import posted
from tests.bidi import visible
from tests.core.test_transitions import in_parallel
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
)
from tests.workshops.staff import focal_point, representative, secretariat

C = Commitment.Status
CHANGE_KINDS = ["commitment_change_submitted", "commitment_change_returned", "commitment_change_validated"]


@pytest.fixture
def cast(db):
    """A card of the lead institution (involved: another one), and around
    it: the secretariat (French), the lead's and the involved institution's
    focal points and another institution's (Arabic), the representative of
    a co-drafting association without the edit right, a citizen."""
    plan = PlanFactory(slug="pan-2024")
    lead = InstitutionFactory(member=plan.member, name_fr="Ministère des Finances")
    involved = InstitutionFactory(member=plan.member)
    association = AssociationFactory()
    card = CommitmentFactory(
        theme=ThemeFactory(plan=plan),
        lead_institution=lead,
        status=C.DRAFT,
        title_ar="الميزانية المفتوحة",
        title_fr="Budget ouvert",
    )
    card.involved_institutions.add(involved)
    card.co_drafting_associations.add(association)
    Milestone.objects.create(
        commitment=card,
        description_ar="اعتماد المرسوم",
        description_fr="Adopter le décret",
        responsible_institution=lead,
    )
    citizen = UserFactory(email="amina@example.org", language="ar")
    return SimpleNamespace(
        card=card,
        association=association,
        secretariat=secretariat(),
        lead_focal=focal_point(lead, "focal-finances@example.org"),
        involved_focal=focal_point(involved, "focal-economie@example.org"),
        other_focal=focal_point(InstitutionFactory(member=plan.member), "focal-sante@example.org"),
        rep=representative(association, "rep@example.org"),
        citizen=citizen,
    )


def publish(card):
    Commitment.objects.filter(pk=card.pk).update(status=C.IN_IMPLEMENTATION)
    card.refresh_from_db()


def body(message) -> str:
    return visible(f"{message.subject}\n{message.body}")


def html(message) -> str:
    (content, kind), *_ = message.alternatives
    assert kind == "text/html"
    return content


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def save_title(client, user, card, title: str):
    """What the user's browser posts from the card's page with its French title changed."""
    as_user(client, user)
    url = reverse("admin:commitments_commitment_change", args=[card.pk])
    with translation.override("fr"):
        data = posted(client.get(url), "commitment_form")
        data["title_fr"] = title
        return client.post(url, data)


# Point 1: a proposed change goes through the flow of an update, emails included.


def test_a_proposed_change_tells_the_secretariat_in_its_language(
    client, cast, django_capture_on_commit_callbacks
):
    publish(cast.card)
    with django_capture_on_commit_callbacks(execute=True):
        assert save_title(client, cast.lead_focal, cast.card, "Budget ouvert à tous").status_code == 302
    change = ChangeRequest.objects.get()
    # The secretariat only: not the author, nor the card's other drafters.
    assert [m.to for m in mail.outbox] == [[cast.secretariat.email]]
    (message,) = mail.outbox
    text = body(message)
    assert str(cast.card.number) in message.subject
    assert "Bonjour Salma" in text
    assert "focal-finances" in text  # who proposed it
    assert "Budget ouvert → Budget ouvert à tous" in text  # what changes, before → after
    assert f"/fr/admin/commitments/changerequest/{change.pk}/change/" in text
    assert "Budget ouvert à tous" in html(message)


@pytest.fixture
def change(client, cast):
    """The lead's focal point's change of the public card's French title,
    and the secretariat signed in to decide on it, nobody told yet."""
    publish(cast.card)
    save_title(client, cast.lead_focal, cast.card, "Budget ouvert à tous")
    Notification.objects.all().delete()
    mail.outbox.clear()
    as_user(client, cast.secretariat)
    return ChangeRequest.objects.get()


def test_a_returned_change_tells_its_author_why_in_arabic(
    client, cast, change, django_capture_on_commit_callbacks
):
    url = reverse("admin:commitments_changerequest_return", args=[change.pk])
    with django_capture_on_commit_callbacks(execute=True), translation.override("fr"):
        assert client.post(url, {"reason": "Gardez le titre du plan adopté."}).status_code == 302
    assert [m.to for m in mail.outbox] == [[cast.lead_focal.email]]
    (message,) = mail.outbox
    text = body(message)
    assert "مرحبا" in text and "الميزانية المفتوحة" in text  # in the focal point's Arabic
    assert "Gardez le titre du plan adopté." in text and "Gardez le titre du plan adopté." in html(message)
    assert f"/ar/admin/commitments/changerequest/{change.pk}/change/" in text
    cast.card.refresh_from_db()
    assert cast.card.title_fr == "Budget ouvert"


def test_a_validated_change_tells_its_author(client, cast, change, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:commitments_changerequest_validate", args=[change.pk]))
    assert [m.to for m in mail.outbox] == [[cast.lead_focal.email]]
    (message,) = mail.outbox
    assert Notification.objects.get(recipient=cast.lead_focal).kind == "commitment_change_validated"
    text = body(message)
    assert "مرحبا" in text and "Budget ouvert à tous" in text
    assert f"/ar/admin/commitments/changerequest/{change.pk}/change/" in text
    cast.card.refresh_from_db()
    assert cast.card.title_fr == "Budget ouvert à tous"


def test_a_change_refused_whole_tells_nobody(cast, django_capture_on_commit_callbacks):
    """The validation rolls back when the card no longer accepts the
    change: its author is not told it was validated."""
    publish(cast.card)
    change = lifecycle.submit_change(
        cast.card,
        by=cast.lead_focal,
        changes=[{"model": "commitment", "pk": cast.card.pk, "fields": {"title": {"value": ""}}}],
    )
    Notification.objects.all().delete()
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.validate_change(change, by=cast.secretariat)
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "who", ["anonymous", "citizen", "lead_focal", "involved_focal", "other_focal", "rep"]
)
@pytest.mark.parametrize("decision", ["validate", "return"])
def test_a_forged_decision_by_anyone_but_the_secretariat_sends_nothing(client, cast, change, who, decision):
    as_user(client, getattr(cast, who, None))
    url = reverse(f"admin:commitments_changerequest_{decision}", args=[change.pk])
    response = client.post(url, {"reason": "Forgé"})
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:  # to the login page, not back to the change
        assert reverse("admin:login") in response["Location"] or "/accounts/login/" in response["Location"]
    change.refresh_from_db()
    assert change.state == "submitted" and not change.events.exists()
    assert not Notification.objects.exists()


def test_a_drafts_change_is_written_at_once_and_tells_nobody(
    client, cast, django_capture_on_commit_callbacks
):
    """On a draft (seen by its drafters and the secretariat only) a save is
    no proposed change: nothing is held, nobody is written to."""
    with django_capture_on_commit_callbacks(execute=True):
        assert save_title(client, cast.lead_focal, cast.card, "Budget de brouillon").status_code == 302
    cast.card.refresh_from_db()
    assert cast.card.title_fr == "Budget de brouillon"
    assert not ChangeRequest.objects.exists()
    assert not Notification.objects.exists() and mail.outbox == []


# Point 4: drafters submit for review; the secretariat proposes.


def review_url(card) -> str:
    return reverse("admin:commitments_commitment_review", args=[card.pk])


def offers_review(content: str, card) -> bool:
    return f"/commitment/{card.pk}/review/" in content


def page(client, user, card) -> str:
    as_user(client, user)
    with translation.override("fr"):
        response = client.get(reverse("admin:commitments_commitment_change", args=[card.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_focal_point_submits_its_draft_once(client, cast, django_capture_on_commit_callbacks):
    assert offers_review(page(client, cast.lead_focal, cast.card), cast.card)
    with django_capture_on_commit_callbacks(execute=True), translation.override("fr"):
        response = client.post(review_url(cast.card), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/admin/commitments/commitment/{cast.card.pk}/change/")
    cast.card.refresh_from_db()
    assert cast.card.status == C.DRAFT  # still a draft: nothing public
    assert cast.card.submitted_for_review_by == cast.lead_focal
    assert cast.card.submitted_for_review_at is not None
    # The secretariat is told, in its French, with the way to the card.
    (message,) = mail.outbox
    assert message.to == [cast.secretariat.email]
    text = body(message)
    assert "Bonjour Salma" in text and "Budget ouvert" in text and "focal-finances" in text
    assert f"/fr/admin/commitments/commitment/{cast.card.pk}/change/" in text
    assert "Budget ouvert" in html(message)
    # The page says so and offers the button no more; a second POST records nothing.
    content = page(client, cast.lead_focal, cast.card)
    assert not offers_review(content, cast.card) and "focal-finances" in content
    client.post(review_url(cast.card))
    cast.card.refresh_from_db()
    assert cast.card.submitted_for_review_by == cast.lead_focal
    assert Notification.objects.count() == 1


def test_a_co_drafter_with_the_edit_right_submits_too(client, cast):
    Commitment.objects.filter(pk=cast.card.pk).update(co_drafters_edit=True)
    assert offers_review(page(client, cast.rep, cast.card), cast.card)
    assert client.post(review_url(cast.card)).status_code == 302
    cast.card.refresh_from_db()
    assert cast.card.submitted_for_review_by == cast.rep


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),  # to the login page
        ("citizen", 302),  # not staff: to the login page
        ("other_focal", 404),  # not their card
        ("involved_focal", 403),  # their milestones only
        ("rep", 403),  # a co-drafter without the edit right
        ("secretariat", 403),  # it proposes the card itself
    ],
)
def test_a_forged_submission_is_refused(client, cast, who, status):
    as_user(client, getattr(cast, who, None))
    if who not in ("anonymous", "citizen", "other_focal"):
        assert not offers_review(page(client, getattr(cast, who), cast.card), cast.card)
    response = client.post(review_url(cast.card))
    assert response.status_code == status
    if status == 302:
        assert "login" in response["Location"]
    cast.card.refresh_from_db()
    assert cast.card.submitted_for_review_at is None and cast.card.submitted_for_review_by is None
    assert not Notification.objects.exists()


def test_a_public_card_is_not_submitted_for_review(client, cast):
    publish(cast.card)
    assert not offers_review(page(client, cast.lead_focal, cast.card), cast.card)
    assert client.post(review_url(cast.card)).status_code == 403
    assert client.get(review_url(cast.card)).status_code == 405
    cast.card.refresh_from_db()
    assert cast.card.submitted_for_review_at is None and not Notification.objects.exists()


def test_the_secretariat_finds_the_submitted_drafts(client, cast):
    waiting = CommitmentFactory(
        theme=cast.card.theme, lead_institution=cast.card.lead_institution, status=C.DRAFT
    )
    CommitmentFactory(theme=cast.card.theme, lead_institution=cast.card.lead_institution)  # proposed: neither
    lifecycle.submit_for_review(cast.card, by=cast.lead_focal)
    as_user(client, cast.secretariat)
    url = reverse("admin:commitments_commitment_changelist")
    with translation.override("fr"):
        response = client.get(url, {"review": "submitted"})
        assert list(response.context["cl"].queryset) == [cast.card]
        response = client.get(url, {"review": "not_submitted"})
        assert list(response.context["cl"].queryset) == [waiting]
        assert "?review=submitted" in client.get(url).content.decode()  # the filter is offered


def test_back_in_draft_it_is_submitted_again(cast):
    lifecycle.submit_for_review(cast.card, by=cast.lead_focal)
    Commitment.objects.filter(pk=cast.card.pk).update(status=C.PROPOSED)
    cast.card.refresh_from_db()
    lifecycle.move(cast.card, C.DRAFT, by=cast.secretariat)
    cast.card.refresh_from_db()
    assert cast.card.submitted_for_review_at is None and cast.card.submitted_for_review_by is None
    lifecycle.submit_for_review(cast.card, by=cast.lead_focal)
    assert Notification.objects.filter(kind="commitment_review_requested").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_parallel_submissions_record_one(monkeypatch):
    plan = PlanFactory()
    lead = InstitutionFactory(member=plan.member)
    card = CommitmentFactory(theme=ThemeFactory(plan=plan), lead_institution=lead, status=C.DRAFT)
    salma = secretariat()
    drafters = [focal_point(lead, "focal-1@example.org"), focal_point(lead, "focal-2@example.org")]
    clients = []
    for drafter in drafters:
        client = Client()
        client.force_login(drafter)
        clients.append(client)
    # The outbox rows are what is sent (each once: tests/core).
    monkeypatch.setattr("core.notifications.enqueue", lambda pk: None)
    statuses = in_parallel(lambda: clients.pop().post(review_url(card)).status_code, count=2)
    assert statuses == [302, 302]
    card.refresh_from_db()
    assert card.submitted_for_review_by in drafters
    assert list(Notification.objects.values_list("kind", "recipient")) == [
        ("commitment_review_requested", salma.pk)
    ]
