"""The secretariat's consultations in the admin (consultations.admin): a
text with its own dates and its sections, the draft plan on its plan's
consultation phase (its window shown from the phase, with the way to the
timeline), each rule refused in words rather than by the database, a
section with comments kept, and where a consultation stands — opened on,
the commitments consulted on, the figures per institution with the overdue."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

from consultations import answers
from consultations.models import Consultation, Section
from tests.admin.posted import posted
from tests.factories import PlanFactory, UserFactory

from .factories import CommentFactory, SectionFactory, TextConsultationFactory, open_draft_plan, secretary

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(f"admin:consultations_consultation_{name}", args=args)


@pytest.fixture
def secretariat(client):
    user = secretary(email="secretariat@example.org", language="fr")
    client.force_login(user)
    return user


def add_form(client, **fields) -> dict:
    return {**posted(client.get(url("add")), "consultation_form"), **fields}


def with_sections(data: dict, *sections: tuple[int, str, str]) -> dict:
    data = {**data, "sections-TOTAL_FORMS": str(len(sections))}
    for index, (number, title, body) in enumerate(sections):
        data.update(
            {
                f"sections-{index}-number": str(number),
                f"sections-{index}-title_ar": title,
                f"sections-{index}-body_ar": body,
            }
        )
    return data


def in_french(function, *args):
    with translation.override("fr"):
        return function(*args)


def day(value) -> str:
    return in_french(date_format, value, "DATE_FORMAT")


def figures_text(comments: int, answered: int) -> str:
    text = in_french(
        ngettext,
        "%(count)d comment, %(answered)d answered",
        "%(count)d comments, %(answered)d answered",
        comments,
    )
    return text % {"count": comments, "answered": answered}


def errors(response) -> dict:
    assert response.status_code == 200, "the form was saved"
    return response.context["adminform"].form.errors


def test_the_secretariat_puts_a_text_to_consultation_with_its_dates_and_sections(client, secretariat):
    plan = PlanFactory()
    today = timezone.localdate()
    data = add_form(
        client,
        plan=plan.pk,
        subject="text",
        title_ar="استشارة حول مشروع الدليل",
        title_fr="Consultation sur le projet de guide",
        starts_on=today.isoformat(),
        ends_on=(today + timedelta(days=30)).isoformat(),
    )
    data = with_sections(data, (1, "المبادئ", "نص المبادئ"), (2, "المراحل", "نص المراحل"))
    response = client.post(url("add"), data)
    assert response.status_code == 302, errors(response)
    consultation = Consultation.objects.get()
    assert (consultation.subject, consultation.starts_on, consultation.state()) == ("text", today, "open")
    assert list(consultation.sections.values_list("number", "title_ar")) == [(1, "المبادئ"), (2, "المراحل")]


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"starts_on": "", "ends_on": "2030-01-31"}, "starts_on"),
        ({"starts_on": "2030-01-01", "ends_on": ""}, "ends_on"),
        ({"starts_on": "2030-01-31", "ends_on": "2030-01-01"}, "ends_on"),
    ],
)
def test_a_text_without_its_dates_or_with_them_reversed_is_refused_in_words(
    client, secretariat, dates, field
):
    data = add_form(client, plan=PlanFactory().pk, subject="text", title_ar="نص", **dates)
    found = errors(client.post(url("add"), data))
    assert list(found) == [field]
    assert "Constraint" not in str(found)  # said in words, not by the database's constraint
    assert not Consultation.objects.exists()


def test_the_draft_plan_takes_its_window_from_its_plans_phase(client, secretariat):
    cast = open_draft_plan()
    plan = PlanFactory(phases={"consultation": (date(2030, 3, 1), date(2030, 3, 28))})
    data = add_form(
        client, plan=plan.pk, subject="draft_plan", title_ar="مشروع الخطة", starts_on="2030-03-01"
    )
    assert list(errors(client.post(url("add"), data))) == ["starts_on"]
    data = add_form(client, plan=plan.pk, subject="draft_plan", title_ar="مشروع الخطة")
    assert client.post(url("add"), data).status_code == 302
    consultation = Consultation.objects.get(plan=plan)
    page = client.get(url("change", consultation.pk)).content.decode()
    # The window, read from the phase, and the way to change it: the plan's timeline.
    for shown in (date(2030, 3, 1), date(2030, 3, 28), date(2030, 4, 12)):  # opens, closes, answers due
        assert day(shown) in page
    assert reverse("admin:plans_plan_change", args=[plan.pk]) + "#phases-group" in page
    assert 'name="starts_on"' not in page
    # One per plan, said on the plan's field.
    data = add_form(client, plan=cast.plan.pk, subject="draft_plan", title_ar="مرة ثانية")
    assert list(errors(client.post(url("add"), data))) == ["plan"]


def test_sections_are_for_a_text(client, secretariat):
    plan = PlanFactory()
    data = with_sections(
        add_form(client, plan=plan.pk, subject="draft_plan", title_ar="مشروع"), (1, "باب", "نص")
    )
    response = client.post(url("add"), data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert not Consultation.objects.exists()


def test_a_section_with_comments_stays(client, secretariat):
    section = SectionFactory()
    CommentFactory(consultation=section.consultation, section=section)
    empty = SectionFactory(consultation=section.consultation)
    page = client.get(url("change", section.consultation.pk))
    data = posted(page, "consultation_form")
    for index, row in enumerate((section, empty)):
        assert data[f"sections-{index}-id"] == str(row.pk)
        data[f"sections-{index}-DELETE"] = "on"
    response = client.post(url("change", section.consultation.pk), data)
    assert response.status_code == 200
    assert str(section.number) in str(response.context["inline_admin_formsets"][0].formset.non_form_errors())
    assert Section.objects.count() == 2
    # Alone, the section without comments goes.
    del data["sections-0-DELETE"]
    assert client.post(url("change", section.consultation.pk), data).status_code == 302
    assert list(Section.objects.all()) == [section]


def test_the_plan_and_subject_stay_once_made(client, secretariat):
    consultation = TextConsultationFactory()
    other = PlanFactory()
    data = {**posted(client.get(url("change", consultation.pk)), "consultation_form"), "plan": other.pk}
    data["subject"] = "draft_plan"
    assert client.post(url("change", consultation.pk), data).status_code == 302
    kept = Consultation.objects.get(pk=consultation.pk)
    assert (kept.plan_id, kept.subject) == (consultation.plan_id, "text")


def test_where_it_stands_opened_on_the_commitments_and_the_figures(client, secretariat):
    cast = open_draft_plan(opens=-40, closes=-20)  # due five days ago
    for _ in range(3):
        CommentFactory(consultation=cast.consultation, commitment=cast.one)
    answered = CommentFactory(consultation=cast.consultation, commitment=cast.two)
    CommentFactory(consultation=cast.consultation)
    answers.answer(answered, by=secretariat, disposition="taken", text="Retenu.")
    page = client.get(url("change", cast.consultation.pk)).content.decode()
    assert figures_text(5, 1) in page
    assert str(cast.one.title) in page and str(cast.two.title) in page
    assert str(cast.draft.title) not in page  # a draft card was not consulted on
    figures = page[page.index("consultation-figures") :]
    row = figures[figures.index(cast.first.name) :]
    # The first institution: 3 comments, none answered, 3 overdue.
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:5]] == ["3", "0", "0 %", "3"]

    listed = client.get(url("changelist")).content.decode()
    assert figures_text(5, 1) in listed


def test_the_list_of_consultations_costs_the_same_whatever_their_number(client, secretariat):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("changelist")).status_code == 200
        return len(captured)

    TextConsultationFactory()
    few = queries()
    for _ in range(5):
        CommentFactory(consultation=TextConsultationFactory(plan=PlanFactory()), author=UserFactory())
    assert queries() == few
