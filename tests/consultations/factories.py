"""Factories of the consultations' rows. `open_draft_plan()` gives a draft
plan consultation open today on two proposed commitments of two institutions,
each with a focal point; `TextConsultationFactory` a text with its own dates."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations.models import Comment, Consultation, Section
from consultations.opening import open_one
from core.permissions import FOCAL_POINTS_GROUP, SECRETARIAT_GROUP
from tests.factories import CommitmentFactory, InstitutionFactory, PlanFactory, ThemeFactory, UserFactory


def consultation_phases(today=None, *, opens=-3, closes=24) -> dict:
    """A plan's timeline whose consultation runs from `opens` to `closes` days from today."""
    today = today or timezone.localdate()
    return {
        "drafting": (today - timedelta(days=60), today + timedelta(days=opens - 1)),
        "consultation": (today + timedelta(days=opens), today + timedelta(days=closes)),
    }


class DraftPlanConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    plan = factory.SubFactory(PlanFactory, phases=factory.LazyFunction(consultation_phases))
    subject = Consultation.Subject.DRAFT_PLAN
    title_ar = "الاستشارة العمومية حول مشروع خطة العمل"
    title_fr = "Consultation publique sur le projet de plan d'action"


class TextConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    plan = factory.SubFactory(PlanFactory)
    subject = Consultation.Subject.TEXT
    title_ar = "استشارة حول مشروع النص"
    title_fr = "Consultation sur le projet de texte"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=27))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    consultation = factory.SubFactory(TextConsultationFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"الباب {n}")
    title_fr = factory.Sequence(lambda n: f"Titre {n}")
    body_ar = "نص الباب"
    body_fr = "Texte du titre"


def staff(*groups: str, **fields):
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in groups))
    return user


def focal_point(institution, **fields):
    user = staff(FOCAL_POINTS_GROUP, **fields)
    institution.focal_points.add(user)
    return user


def secretary(**fields):
    return staff(SECRETARIAT_GROUP, **fields)


def open_draft_plan(**phases):
    """A draft plan consultation open today on two proposed commitments led
    by two institutions, each with a focal point; a draft card (not
    consulted on). Returns a namespace of them."""
    consultation = DraftPlanConsultationFactory(plan__phases=consultation_phases(**phases))
    theme = ThemeFactory(plan=consultation.plan)
    first, second = (InstitutionFactory(member=consultation.plan.member) for _ in range(2))
    one = CommitmentFactory(theme=theme, lead_institution=first)
    two = CommitmentFactory(theme=theme, lead_institution=second)
    draft = CommitmentFactory(theme=theme, lead_institution=first, status="draft")
    if consultation.state() != "upcoming":
        open_one(consultation)
    return type(
        "Cast",
        (),
        {
            "consultation": consultation,
            "plan": consultation.plan,
            "one": one,
            "two": two,
            "draft": draft,
            "first": first,
            "second": second,
            "focal_first": focal_point(first),
            "focal_second": focal_point(second),
        },
    )


class CommentFactory(factory.django.DjangoModelFactory):
    """A published comment on the whole text of a text consultation, unless told."""

    class Meta:
        model = Comment

    consultation = factory.SubFactory(TextConsultationFactory)
    author = factory.SubFactory(UserFactory)
    body = "تعليق على مشروع الخطة"
    language = "ar"
    commitment = None
    owed_by = factory.LazyAttribute(lambda c: c.commitment.lead_institution if c.commitment else None)
