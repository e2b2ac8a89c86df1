import pytest
from django.core import mail
from django.utils import translation

from core import moderation
from ideas import screening
from ideas.models import Idea, IdeaEvent
from tests.factories import CommitmentFactory, IdeaFactory, InstitutionFactory, PlanFactory

pytestmark = pytest.mark.django_db
S = Idea.Status


def at(status: str, **kwargs) -> Idea:
    return IdeaFactory(status=status, **kwargs)


def move(idea, to, by):
    if to == S.ACCEPTED:
        return screening.accept(idea, by=by)
    if to == S.NOT_ACCEPTED:
        return screening.reject(idea, by=by, reason=IdeaEvent.Reason.NOT_PRECISE)
    if to == S.SENT:
        return screening.send_to(idea, by=by, institutions=[InstitutionFactory()])
    if to == S.INTEGRATED:
        return screening.integrate(idea, by=by, commitments=[CommitmentFactory(theme=idea.theme)])
    if to == S.NOT_INTEGRATED:
        return screening.not_integrate(idea, by=by, explanation="Hors du mandat de l'institution.")
    raise AssertionError(to)


ALLOWED = [
    (S.SUBMITTED, S.ACCEPTED),
    (S.SUBMITTED, S.NOT_ACCEPTED),
    (S.ACCEPTED, S.SENT),
    (S.SENT, S.SENT),
    (S.SENT, S.INTEGRATED),
    (S.SENT, S.NOT_INTEGRATED),
]
REFUSED = [
    (frm, to)
    for frm in S.values
    for to in [S.ACCEPTED, S.NOT_ACCEPTED, S.SENT, S.INTEGRATED, S.NOT_INTEGRATED]
    if (frm, to) not in ALLOWED
]


@pytest.mark.parametrize("frm,to", ALLOWED)
def test_an_allowed_move_is_stored_as_a_public_event(frm, to, staff, django_capture_on_commit_callbacks):
    idea = at(frm)
    with django_capture_on_commit_callbacks(execute=True):
        event = move(idea, to, staff)
    idea.refresh_from_db()
    assert idea.status == to
    assert (event.from_status, event.to_status, event.actor) == (frm, to, staff)
    assert len(mail.outbox) == 1  # the author is told
    assert mail.outbox[0].to == [idea.author.email]
    assert f"#{idea.pk}" in mail.outbox[0].subject


@pytest.mark.parametrize("frm,to", REFUSED)
def test_a_refused_move_changes_nothing(frm, to, staff):
    idea = at(frm)
    with pytest.raises(screening.TransitionError):
        move(idea, to, staff)
    idea.refresh_from_db()
    assert idea.status == frm
    assert not IdeaEvent.objects.exists()
    assert mail.outbox == []


def test_rejection_needs_a_reason_and_duplicate_names_the_idea(staff):
    idea = at(S.SUBMITTED)
    original = at(S.SUBMITTED, theme=idea.theme)
    with pytest.raises(screening.TransitionError):
        screening.reject(idea, by=staff, reason="")
    with pytest.raises(screening.TransitionError):
        screening.reject(idea, by=staff, reason=IdeaEvent.Reason.DUPLICATE)
    with pytest.raises(screening.TransitionError):
        screening.reject(idea, by=staff, reason=IdeaEvent.Reason.OTHER, explanation="  ")
    event = screening.reject(idea, by=staff, reason=IdeaEvent.Reason.DUPLICATE, duplicate_of=original)
    assert event.duplicate_of == original


def test_a_duplicate_is_another_idea_of_the_same_plan(staff):
    idea = at(S.SUBMITTED)
    elsewhere = at(S.SUBMITTED)  # the factory's own plan
    assert elsewhere.plan_id != idea.plan_id
    with translation.override("en"):
        with pytest.raises(screening.TransitionError, match="belongs to another action plan"):
            screening.reject(idea, by=staff, reason=IdeaEvent.Reason.DUPLICATE, duplicate_of=elsewhere)
        with pytest.raises(screening.TransitionError, match="cannot duplicate itself"):
            screening.reject(idea, by=staff, reason=IdeaEvent.Reason.DUPLICATE, duplicate_of=idea)
    idea.refresh_from_db()
    assert idea.status == S.SUBMITTED and not idea.events.exists()


def test_not_integrated_needs_an_explanation(staff):
    with pytest.raises(screening.TransitionError):
        screening.not_integrate(at(S.SENT), by=staff, explanation="")


def test_an_idea_cannot_be_integrated_into_another_plans_commitment(staff):
    idea = at(S.SENT)
    other = CommitmentFactory(theme__plan=PlanFactory())
    with pytest.raises(screening.TransitionError):
        screening.integrate(idea, by=staff, commitments=[other])


def test_the_database_refuses_a_rejection_without_reason(staff):
    from django.db import IntegrityError

    idea = at(S.SUBMITTED)
    with pytest.raises(IntegrityError):
        IdeaEvent.objects.create(idea=idea, actor=staff, from_status="submitted", to_status="not_accepted")


def test_hiding_tells_the_author_why(staff, django_capture_on_commit_callbacks):
    idea = at(S.SUBMITTED)
    with pytest.raises(screening.TransitionError):
        moderation.hide(idea, by=staff, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(idea, by=staff, reason="Données personnelles d'un tiers.")
    assert idea.is_hidden
    assert "Données personnelles d'un tiers." in mail.outbox[0].body


def test_the_screening_email_names_institutions_and_commitments_in_the_recipients_language(
    staff, django_capture_on_commit_callbacks
):
    from django.utils import translation

    idea = at(S.ACCEPTED)  # its author reads Arabic
    idea.author.language = "ar"
    idea.author.save()
    institution = InstitutionFactory(name_ar="وزارة الاقتصاد والمالية", name_fr="Ministère de l'Économie")
    commitment = CommitmentFactory(theme=idea.theme, title_ar="نشر الميزانية", title_fr="Publier le budget")
    # The staff member works in French.
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        screening.send_to(idea, by=staff, institutions=[institution])
        screening.integrate(idea, by=staff, commitments=[commitment])
    sent, integrated = mail.outbox
    for message in (sent, integrated):
        html = message.alternatives[0][0]
        assert "Ministère" not in message.body + html and "Publier" not in message.body + html
    assert "وزارة الاقتصاد والمالية" in sent.body and "وزارة الاقتصاد والمالية" in sent.alternatives[0][0]
    assert "نشر الميزانية" in integrated.body and "نشر الميزانية" in integrated.alternatives[0][0]
    # The event stores no name, so the public page names them in its reader's language too.
    assert set(IdeaEvent.objects.filter(idea=idea).values_list("explanation", flat=True)) == {""}
