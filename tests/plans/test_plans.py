from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from plans.models import Plan
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_the_current_phase_follows_the_dates():
    plan = PlanFactory(
        phases={
            "collection": (date(2026, 3, 1), date(2026, 3, 31)),
            "analysis": (date(2026, 3, 29), date(2026, 4, 30)),
        }
    )
    with time_machine.travel(date(2026, 2, 15)):
        assert plan.current_phase() is None
        assert not plan.collection_open
    with time_machine.travel(date(2026, 3, 10)):
        assert plan.current_phase().kind == "collection"
        assert plan.collection_open
    with time_machine.travel(date(2026, 3, 30)):  # overlap: the phase that started last
        assert plan.current_phase().kind == "analysis"
        assert plan.collection_open
    with time_machine.travel(date(2026, 5, 2)):
        assert plan.current_phase() is None
        assert not plan.collection_open


def test_a_draft_plan_collects_nothing_even_inside_its_dates():
    plan = PlanFactory(status=Plan.Status.DRAFT)
    assert plan.phase("collection").is_open()
    assert not plan.collection_open


def test_the_timeline_publication_is_recorded_once():
    plan = PlanFactory(status=Plan.Status.DRAFT, timeline_published_on=None)
    assert not plan.record_timeline_publication()  # still a draft
    plan.status = Plan.Status.COCREATION
    assert plan.record_timeline_publication()
    assert plan.timeline_published_on == timezone.localdate()
    assert not plan.record_timeline_publication(today=timezone.localdate() + timedelta(days=3))
    plan.refresh_from_db()
    assert plan.timeline_published_on == timezone.localdate()


def test_publishing_a_plan_in_the_admin_records_the_date(admin_client):
    plan = PlanFactory(status=Plan.Status.DRAFT, timeline_published_on=None)
    page = admin_client.get(f"/fr/admin/plans/plan/{plan.pk}/change/")
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list | tuple)}
    data.update({"member": plan.member_id, "status": Plan.Status.COCREATION})
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial or 0)
        for i, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form.instance.pk if name == "id" else inline_form.initial.get(name)
                if value is not None:
                    data[f"{formset.formset.prefix}-{i}-{name}"] = value
    response = admin_client.post(f"/fr/admin/plans/plan/{plan.pk}/change/", data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.COCREATION
    assert plan.timeline_published_on == timezone.localdate()
