"""The scene the consultation pages' tests read: a draft plan open today
(from three days ago for 28 days) on two commitments of two institutions,
with comments answered, awaiting, hidden and on the whole; a text on
another plan with a section; the people who wrote them."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import time_machine
from allauth.account.models import EmailAddress

from commitments.models import Milestone
from consultations import answers, routing
from core import moderation
from core.permissions import MODERATORS_GROUP

from .factories import SectionFactory, TextConsultationFactory, open_draft_plan, secretary, staff

REASONS = (
    "Cette proposition relève d'un autre programme du ministère, déjà financé et en cours de mise en œuvre."
)


def verified(user):
    """`user` with a verified email address, as a person who may comment."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def on(day):
    """Travels to noon of `day`, Casablanca time (the window's days)."""
    noon = datetime.combine(day, time(12), tzinfo=ZoneInfo("Africa/Casablanca"))
    return time_machine.travel(noon, tick=False)


def build_scene() -> dict:
    from tests.factories import AssociationFactory, PlanFactory, UserFactory

    cast = open_draft_plan()
    consultation = cast.consultation
    consultation.introduction_fr = "Donnez votre avis sur le projet de plan d'action."
    consultation.introduction_ar = "أبدوا رأيكم في مشروع خطة العمل."
    consultation.introduction_en = "Give your opinion on the draft action plan."
    consultation.save()
    registry = Milestone.objects.create(
        commitment=cast.one,
        description_ar="نشر السجل",
        description_fr="Publier le registre des bénéficiaires",
        description_en="Publish the register of beneficiaries",
    )
    elsewhere = Milestone.objects.create(
        commitment=cast.two, description_ar="مرحلة أخرى", description_fr="Autre"
    )
    amina = verified(UserFactory(display_name="Amina Alaoui", email="amina.alaoui@example.org"))
    karim = verified(UserFactory(display_name="Karim Bennani", email="karim@example.org"))
    association = AssociationFactory(name_fr="Transparence Maroc", name_ar="جمعية الشفافية")
    post = routing.post
    first = post(
        consultation,
        author=amina,
        body="Premier avis sur l'engagement.",
        commitment=cast.one,
        milestone=registry,
    )
    second = post(
        consultation,
        author=karim,
        body="Deuxième avis sur l'engagement.",
        commitment=cast.one,
        association_name="Jeunes pour la transparence",
    )
    third = post(consultation, author=karim, body="Troisième avis sur l'engagement.", commitment=cast.one)
    on_two = post(consultation, author=amina, body="Un avis sur le second engagement.", commitment=cast.two)
    whole = post(consultation, author=karim, body="Un avis sur l'ensemble du plan.")
    hidden = post(consultation, author=amina, body="Un avis masqué par la modération.", commitment=cast.one)
    moderator = staff(MODERATORS_GROUP)
    moderation.hide(hidden, by=moderator, reason="Données personnelles d'un tiers")
    secretariat = secretary()
    answers.answer(first, by=cast.focal_first, disposition="taken", text="Merci : le jalon est ajouté.")
    answers.answer(second, by=cast.focal_first, disposition="not_taken", text=REASONS)
    answers.answer(whole, by=secretariat, disposition="partly", text="En partie : voir l'engagement 2.")

    text = TextConsultationFactory(
        plan=PlanFactory(title_fr="Plan du parlement", title_ar="خطة البرلمان"),
        title_fr="Consultation sur le projet de charte",
        title_ar="استشارة حول مشروع الميثاق",
        title_en="Consultation on the draft charter",
    )
    section = SectionFactory(
        consultation=text,
        number=1,
        title_fr="Titre premier",
        title_ar="الباب الأول",
        title_en="First title",
        body_fr="Article premier. Le texte consulté.",
        body_ar="المادة الأولى. النص المعروض.",
        body_en="Article one. The text consulted on.",
    )
    on_section = post(text, author=amina, body="Un avis sur le titre premier.", section=section)
    return {
        "cast": cast,
        "plan": cast.plan,
        "consultation": consultation,
        "registry": registry,
        "elsewhere": elsewhere,
        "amina": amina,
        "karim": karim,
        "association": association,
        "first": first,
        "second": second,
        "third": third,
        "on_two": on_two,
        "whole": whole,
        "hidden": hidden,
        "moderator": moderator,
        "secretariat": secretariat,
        "text": text,
        "section": section,
        "on_section": on_section,
    }
