"""The demo's 2021–2023 plan's OGP checklist (plans.checklist), computed from
the demo's own meetings, documents, ideas and consultation, as of the plan's
last day (31 December 2023): what the co-creation report's data holds is met
(the timeline's notice, both sources of ideas, every idea's outcome, every
consultation comment answered, the committee and its handbook); what the demo
has no data for is honestly not met — no committee meeting after 27 February
2021, no implementation review, no document in the repository by the end of
2023 (the portal's rendered documents are dated when rendered), milestones
under way left without an update for more than six months."""

from datetime import date

import pytest
from django.utils import translation

from plans import checklist
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_the_2021_2023_plans_checklist(loaded):
    plan = (
        Plan.objects.select_related("member")
        .prefetch_related("phases", "documents")
        .get(slug="nap2-2021-2023")
    )
    with translation.override("en"):
        assessed = checklist.assess(plan)
    states = {checked.line.key: checked.result.state for checked in assessed.results()}
    assert assessed.day == date(2023, 12, 31) and assessed.past
    assert {key for key, state in states.items() if state == checklist.State.NOT_MET} == {
        "committee.meetings",
        "plans.repository",
        "committee.reviews",
        "commitments.evidence",
    }
    assert {key for key, state in states.items() if state == checklist.State.MET} == {
        "committee.forum",
        "committee.handbook",
        "plans.timeline",
        "ideas.sources",
        "ideas.outcomes",
        "consultations.answers",
        "plans.length",
        "commitments.lenses",
    }
    summaries = {checked.line.key: checked.result.summary for checked in assessed.results()}
    assert "27 February 2021" in summaries["committee.meetings"]
    assert "179" in summaries["ideas.sources"] and "53" in summaries["ideas.sources"]
    assert "232" in summaries["ideas.outcomes"] and "28" in summaries["consultations.answers"]
