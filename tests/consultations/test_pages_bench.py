"""`make bench` measures the consultation pages on the scale plan: the data it
adds there (bench.run.consultation_at_scale, built once) and the addresses it
measures (consultation_pages) answer, checked here on a small scale."""

from datetime import date

import pytest

from bench import run
from consultations.models import Comment, Consultation
from tests.factories import AssociationFactory, CommitmentFactory, PlanFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_benchs_consultation_is_built_once_and_its_pages_answer(client, monkeypatch):
    monkeypatch.setattr(run, "SCALE", 1)
    monkeypatch.setattr(run, "CONSULTATION_LONG_THREAD", 40)
    plan = PlanFactory(slug="scale-test", phases={"consultation": (date(2021, 5, 1), date(2021, 5, 31))})
    theme = ThemeFactory(plan=plan)
    CommitmentFactory.create_batch(3, theme=theme)
    for number in range(1, 6):
        UserFactory(email=f"scale-1-{number}@demo.invalid")
    AssociationFactory()
    run.consultation_at_scale("scale-test")
    run.consultation_at_scale("scale-test")  # once
    consultation = Consultation.objects.get(plan=plan)
    assert consultation.commitments.count() == 3
    # 28 on the cards, 40 more on the first, 5 on the whole plan.
    assert Comment.objects.filter(consultation=consultation).count() == 28 + 40 + 5
    assert Comment.objects.filter(answer_status="answered").exists()
    for name, url in run.consultation_pages("scale-test"):
        response = client.get(url)
        assert response.status_code == 200, (name, url)
