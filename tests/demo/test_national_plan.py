"""The demo dataset reproduces the published figures of the 2021–2023 plan."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from commitments.models import (
    Assessment,
    Commitment,
    CommitmentEvent,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
    ProgressUpdateEvent,
)
from consultations.models import Comment as ConsultationComment
from consultations.models import CommentEvent, Consultation, Section
from core.models import ModerationEvent, User
from demo.load import load_data
from ideas.models import Comment, Idea, IdeaEvent, Support
from plans.models import Association, Institution, Member, Phase, Plan, Theme
from tests.bidi import visible
from workshops import registration as seats
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db

MODELS = [Member, Plan, Phase, Theme, Institution, Association, Workshop, Commitment, User]
MODELS += [Idea, IdeaEvent, Support, Comment, Idea.sent_to.through, Idea.commitments.through]
MODELS += [Registration]
MODELS += [Milestone, Indicator, Measurement, Evidence, ProgressUpdate, ProgressUpdateEvent, CommitmentEvent]
MODELS += [Assessment, Commitment.history.model, Milestone.history.model, Measurement.history.model]
MODELS += [Institution.focal_points.through, Association.representatives.through]
MODELS += [Consultation, Consultation.commitments.through, Section, ConsultationComment, CommentEvent]
MODELS += [ModerationEvent]


@pytest.fixture
def totals():
    return load_data()["totals"]


def test_the_statistics_show_the_figures_of_the_published_report(client, loaded, totals):
    stats = client.get("/open-data/plans/nap2-2021-2023/statistics.json").json()

    assert stats["participants"] == {
        "online": totals["participants_online"],
        # The report's 179 who proposed (one idea each) and 53 who interacted.
        "proposers": totals["ideas_online"],
        "workshops": totals["participants_workshops"],
        "total": totals["participants_total"],
    }
    assert {key: stats["ideas"][key] for key in ("total", "online", "workshops")} == {
        "total": totals["ideas_total"],
        "online": totals["ideas_online"],
        "workshops": totals["ideas_workshops"],
    }
    assert stats["funnel"] == {
        "collected": totals["ideas_total"],
        "accepted": totals["ideas_accepted"],
        "not_accepted": totals["ideas_not_accepted"],
        "integrated": totals["ideas_integrated"],
        "not_integrated": totals["ideas_not_integrated"],
        "awaiting_screening": 0,
        "awaiting_decision": 0,
    }
    assert stats["proposed_commitments"] == totals["proposed_commitments"]
    assert stats["institutions_involved"] == totals["institutions_concerned"]
    data = load_data()
    online = {int(n): count for n, count in data["ideas_online_by_theme"].items()}
    in_workshops = {w["theme"]: w["ideas"] for w in data["workshops"]}
    assert [(t["number"], t["online"], t["workshops"]) for t in stats["by_theme"]] == [
        (n, online[n], in_workshops[n]) for n in range(1, 11)
    ]

    html = client.get("/fr/plans/nap2-2021-2023/statistics/").content.decode()
    shown = set(map(int, re.findall(r'<(?:bdi|span class="number")>(\d+)</(?:bdi|span)>', html)))
    shown |= set(map(int, re.findall(r'<td class="num">(\d+)</td>', html)))
    for key in (
        "participants_online",
        "participants_workshops",
        "participants_total",
        "ideas_online",
        "ideas_workshops",
        "ideas_accepted",
        "ideas_not_accepted",
        "ideas_integrated",
        "ideas_not_integrated",
        "proposed_commitments",
        "institutions_concerned",
    ):
        assert totals[key] in shown, key


def test_the_demo_plan_counts_232_online_and_572_in_workshops(client, loaded):
    stats = client.get("/open-data/plans/nap2-2021-2023/statistics.json").json()
    assert stats["participants"] == {"online": 232, "proposers": 179, "workshops": 572, "total": 804}
    figures = [
        (row["number"], row["registered"], row["attended"], row["ideas"]) for row in stats["workshops"]
    ]
    assert figures == [
        (1, 229, 87, 5), (2, 104, 91, 2), (3, 179, 43, 11), (4, 184, 24, 4), (5, 264, 38, 6),
        (6, 295, 77, 5), (7, 381, 49, 6), (8, 392, 55, 6), (9, 515, 58, 3), (10, 557, 50, 5),
    ]  # fmt: skip
    assert {row["figures_source"] for row in stats["workshops"]} == {"reported"}
    # Each workshop with its organiser and the institutions taking part (the co-creation report's table).
    first = stats["workshops"][0]
    assert (first["organiser_ar"], first["organiser_fr"]) == ("الفضاء الجمعوي", "Espace Associatif")
    assert len(first["institutions"]) == 4 and all(
        i["name_ar"] and i["name_fr"] for i in first["institutions"]
    )
    html = visible(client.get("/fr/plans/nap2-2021-2023/statistics/").content.decode())
    assert '<span class="number">804</span>' in html
    assert '<td class="num">557</td><td class="num">50</td><td class="num">5</td></tr>' in html
    # The column totals: 3,100 registered, 572 attended, 53 ideas.
    assert '<td class="num">3100</td><td class="num">572</td><td class="num">53</td></tr>' in html


def test_online_participants_are_the_authors_and_those_who_only_interacted(loaded, totals):
    plan = Plan.objects.get(slug="nap2-2021-2023")
    authors = set(plan.ideas.filter(source="portal").values_list("author", flat=True))
    assert len(authors) == totals["ideas_online"]  # one idea each
    others = set(Support.objects.filter(idea__plan=plan).values_list("user", flat=True))
    others |= set(Comment.objects.filter(idea__plan=plan).values_list("author", flat=True))
    assert len(others - authors) == totals["participants_online"] - totals["ideas_online"]
    emails = User.objects.filter(pk__in=authors | others).values_list("email", flat=True)
    assert all(re.fullmatch(r"citizen-\d+@demo\.invalid", email) for email in emails)
    assert not any(user.has_usable_password() for user in User.objects.filter(pk__in=authors))


def test_every_screening_move_is_recorded_inside_the_analysis_phase(loaded):
    plan = Plan.objects.get(slug="nap2-2021-2023")
    analysis = plan.phase("analysis")
    ideas = plan.ideas.prefetch_related("events", "commitments", "sent_to")
    paths = {
        "not_accepted": ["not_accepted"],
        "integrated": ["accepted", "sent", "integrated"],
        "not_integrated": ["accepted", "sent", "not_integrated"],
    }
    for idea in ideas:
        events = list(idea.events.all())
        assert [e.to_status for e in events] == paths[idea.status]
        assert [e.from_status for e in events] == ["submitted", *[e.to_status for e in events[:-1]]]
        assert all(analysis.start <= e.created_at.date() <= analysis.end for e in events)
        assert idea.status_changed_at == events[-1].created_at
        last = events[-1]
        if idea.status == "not_accepted":
            assert last.reason in IdeaEvent.Reason.values
            assert (last.duplicate_of is not None) == (last.reason == "duplicate")
            assert last.reason != "other" or last.explanation
        else:
            assert idea.sent_to.all()
        if idea.status == "integrated":
            assert idea.commitments.all() and all(c.plan_id == plan.pk for c in idea.commitments.all())
        else:
            assert not idea.commitments.all()
    reasons = IdeaEvent.objects.filter(idea__plan=plan, to_status="not_accepted").values("reason")
    assert {row["reason"] for row in reasons.annotate(n=Count("pk"))} == set(IdeaEvent.Reason.values)


def test_workshop_ideas_belong_to_their_workshop(loaded):
    data = load_data()
    counts = dict(
        Workshop.objects.filter(plan__slug="nap2-2021-2023")
        .annotate(n=Count("ideas"))
        .values_list("number", "n")
    )
    assert counts == {w["n"]: w["ideas"] for w in data["workshops"]}
    assert not Idea.objects.filter(source="workshop").exclude(theme=F("workshop__theme")).exists()


def test_loading_twice_changes_nothing(loaded):
    before = {model.__name__: model.objects.count() for model in MODELS}
    call_command("load_demo")
    assert {model.__name__: model.objects.count() for model in MODELS} == before


def test_the_plan_says_its_idea_texts_are_illustrative(loaded):
    plan = Plan.objects.get(slug="nap2-2021-2023")
    assert (
        "illustratifs" in plan.summary_fr
        and "illustrative" in plan.summary_en
        and "توضيحية" in plan.summary_ar
    )
    assert plan.title_en == "Second national action plan for open government 2021-2023"
    assert plan.phase("themes").start.isoformat() == "2019-10-31"


def test_the_commune_plan_is_collecting_ideas_today(client, loaded):
    plan = Plan.objects.get(slug="tetouan-local-plan")
    assert plan.member.kind == Member.Kind.COMMUNE and plan.member.name_ar == "جماعة تطوان"
    assert plan.is_open_for("collection")
    assert plan.themes.count() == 4 and plan.member.institutions.count() == 3
    statuses = sorted(plan.ideas.values_list("status", flat=True))
    assert statuses.count("accepted") == 1 and statuses.count("not_accepted") == 1
    assert statuses.count("submitted") == len(statuses) - 2
    assert client.get("/fr/plans/tetouan-local-plan/statistics/").status_code == 200


def test_a_later_load_does_not_move_the_commune_timeline(loaded, time_machine):
    plan = Plan.objects.get(slug="tetouan-local-plan")
    timeline = list(plan.phases.values_list("kind", "start", "end"))
    time_machine.move_to(plan.phase("collection").end)
    call_command("load_demo")
    assert list(plan.phases.values_list("kind", "start", "end")) == timeline


def test_the_ten_workshops_carry_the_reported_figures_and_the_standard_programme(loaded):
    data = load_data()
    workshops = Workshop.objects.filter(plan__slug="nap2-2021-2023").order_by("number")
    assert [(w.number, w.registered_count, w.attended_count) for w in workshops] == [
        (w["n"], w["registered"], w["attended"]) for w in data["workshops"]
    ]
    first, tenth = workshops[0], workshops[9]
    assert seats.figures(first) == {
        "reported": True,
        "registered": 229,
        "attended": 87,
        "waiting": 0,
        "seats_left": None,
    }
    assert (tenth.registered_count, tenth.attended_count) == (557, 50)
    assert all(sum(item.minutes for item in w.programme.all()) == 140 for w in workshops)


def test_a_visitor_can_take_the_last_seat_of_the_commune_workshop_and_the_next_waits(client, loaded):
    workshop = Workshop.objects.get(plan__slug="tetouan-local-plan")
    assert workshop.registration_state() == "open"
    assert seats.figures(workshop)["seats_left"] == 1
    first, second = User.objects.create(email="v1@example.org"), User.objects.create(email="v2@example.org")
    assert seats.register(workshop, user=first).status == "registered"
    assert seats.register(workshop, user=second).status == "waiting"
