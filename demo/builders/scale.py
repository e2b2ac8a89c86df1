"""`load_demo --scale N`: a separate public plan of the national member, "Demo
at scale (N×)", holding N times the volume of the 2021–2023 plan, to measure
the portal on realistic amounts of data. The real plan and the commune plan
are not touched.

One unit of N: one workshop; 232 ideas (179 online across the themes, 53 from
the unit's workshop) in every screening state, with their events; 5 comments
and 2.5 supports per idea; 3 or 4 commitments (3.5 on average); 232 demo
users, who cannot sign in, to write them. The first unit also holds a long
thread: one idea with 300 more comments.

Units are numbered by their workshop: a load tops the plan up to N units, so a
second run with the same N adds nothing. Every row is bulk-created, in
batches: no signal, no email."""

import random
from datetime import datetime, timedelta

from commitments.generations import COMMITMENTS
from commitments.models import Commitment, Indicator, Measurement, Milestone
from core.models import User
from ideas.models import Comment, Idea, IdeaEvent, Support
from plans.models import Association, Institution, Member, Plan, Theme
from workshops.models import Workshop

from . import at, day
from . import commitments as commitment_builder
from . import plans as plan_builder
from . import workshops as workshop_builder
from .ideas import COMMENTS, NOT_INTEGRATED, REJECTIONS, ROUTING, Screening, new_idea
from .users import demo_users

SCALE_PLAN_SLUG = "scale-test"
USER_EMAIL = "scale-{}-{}@demo.invalid"  # unit, number
BATCH_SIZE = 2000

S = Idea.Status
R = IdeaEvent.Reason

# Per unit, the real plan's funnel (232 ideas: 89 not accepted, 143 accepted of
# which 77 integrated and 66 not), with about a tenth of each outcome still on
# its way, so that every screening state and every queue has rows.
UNIT_STATES = {
    S.SUBMITTED: 9,
    S.NOT_ACCEPTED: 80,
    S.ACCEPTED: 7,
    S.SENT: 8,
    S.INTEGRATED: 69,
    S.NOT_INTEGRATED: 59,
}
LONG_THREAD = 300


def commitment_count(units: int) -> int:
    """3.5 commitments per unit, rounded half up."""
    return (7 * units + 1) // 2


def scale_plan(
    member: Member,
    data: dict,
    institutions: dict[str, Institution],
    associations: dict[str, Association],
    admin: User,
    units: int,
) -> Plan:
    built = Workshop.objects.filter(plan__slug=SCALE_PLAN_SLUG).count()  # one per unit
    size = max(built, units)
    start_year, end_year = (int(year) for year in data["plan"]["period"].split("-"))
    plan, _created = Plan.objects.update_or_create(
        slug=SCALE_PLAN_SLUG,
        defaults={
            "member": member,
            # Number 0 and the real plan's (past) timeline: the main menu never
            # opens it (plans.queries.plan_for).
            "number": 0,
            "title_ar": f"عرض تجريبي على نطاق واسع (×{size})",
            "title_fr": f"Démo à grande échelle ({size}×)",
            "title_en": f"Demo at scale ({size}×)",
            "start_year": start_year,
            "end_year": end_year,
            "status": Plan.Status.COCREATION,
            "summary_ar": "معطيات مولدة آليا لقياس أداء البوابة بحجم كبير: أضعاف حجم الخطة الوطنية الثانية "
            "(أفكار وتعليقات ودعم والتزامات ولقاءات). النصوص والأرقام غير حقيقية.",
            "summary_fr": f"Données générées pour mesurer le portail à grande échelle : {size} fois le "
            "volume du deuxième plan national (idées, commentaires, soutiens, engagements, ateliers). "
            "Textes et chiffres fictifs.",
            "summary_en": f"Generated data to measure the portal at scale: {size} times the volume of the "
            "second national plan (ideas, comments, supports, commitments, workshops). Fictitious texts "
            "and figures.",
        },
    )
    plan_builder.timeline(plan, data)
    themes = plan_builder.themes(plan, data, institutions)
    for unit in range(built + 1, units + 1):
        _unit(plan, unit, data, themes, institutions, associations, admin)
    return plan


def _unit(
    plan: Plan,
    unit: int,
    data: dict,
    themes: dict[int, Theme],
    institutions: dict[str, Institution],
    associations: dict[str, Association],
    admin: User,
) -> None:
    rng = random.Random(unit)  # the same data on every machine
    workshop = _workshop(plan, unit, data, themes, institutions, associations)
    people = demo_users(
        [USER_EMAIL.format(unit, i) for i in range(1, data["totals"]["participants_online"] + 1)],
        batch_size=BATCH_SIZE,
    )
    commitments = [
        Commitment(
            plan=plan,
            number=number,
            **commitment_builder.fields(
                (number - 1) % len(commitment_builder.COMMITMENTS), themes, institutions
            ),
        )
        for number in range(commitment_count(unit - 1) + 1, commitment_count(unit) + 1)
    ]
    Commitment.objects.bulk_create(commitments)
    _implementation(commitments)
    ideas = _ideas(plan, unit, data, themes, workshop, people, rng)
    screening = _screening(ideas, data, institutions, commitments, admin, rng)
    Idea.objects.bulk_create(ideas, batch_size=BATCH_SIZE)
    screening.save(batch_size=BATCH_SIZE)
    Support.objects.bulk_create(_supports(ideas, people), batch_size=BATCH_SIZE)
    Comment.objects.bulk_create(_comments(ideas, people, long_thread=unit == 1), batch_size=BATCH_SIZE)


def _implementation(commitments: list[Commitment]) -> None:
    """Three milestones per adopted commitment, in the national plan's spread
    of states, and an indicator with two measurements, so that the scale
    plan's pages and dashboard have the real one's shape (bulk-created: no
    history, no update)."""
    adopted = [c for c in commitments if c.status == Commitment.Status.ADOPTED]
    milestones, indicators, measurements = [], [], []
    for commitment in adopted:
        profile = commitment_builder.PROFILES[commitment.number % len(commitment_builder.PROFILES)]
        reached = commitment_builder.targets(profile, 3)
        for position, (template, (status, completion)) in enumerate(
            zip(commitment_builder.MILESTONE_SETS[3], reached, strict=True)
        ):
            (description, output) = commitment_builder.MILESTONES[template]
            starts_on, ends_on = commitment_builder.span(
                commitment.starts_on, commitment.ends_on, position, 3
            )
            milestones.append(
                Milestone(
                    commitment=commitment,
                    position=position + 1,
                    responsible_institution=commitment.lead_institution,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    status=status,
                    completion=completion,
                    **dict(
                        zip(("description_ar", "description_fr", "description_en"), description, strict=True)
                    ),
                    **dict(
                        zip(
                            ("expected_output_ar", "expected_output_fr", "expected_output_en"),
                            output,
                            strict=True,
                        )
                    ),
                )
            )
        names, kind, unit = commitment_builder.OUTPUT_INDICATOR
        indicator = Indicator(
            commitment=commitment,
            position=1,
            kind=kind,
            unit=unit,
            baseline_value=0,
            baseline_on=commitment_builder.BASELINE_ON,
            target_value=10,
            target_on=commitment.ends_on,
            **dict(zip(("name_ar", "name_fr", "name_en"), names, strict=True)),
        )
        indicators.append(indicator)
        measurements += [
            Measurement(indicator=indicator, measured_on=day("2022-06-30"), value=2, source="Démo"),
            Measurement(indicator=indicator, measured_on=day("2023-06-30"), value=5, source="Démo"),
        ]
    Milestone.objects.bulk_create(milestones, batch_size=BATCH_SIZE)
    Indicator.objects.bulk_create(indicators, batch_size=BATCH_SIZE)
    Measurement.objects.bulk_create(measurements, batch_size=BATCH_SIZE)
    if commitments:
        COMMITMENTS.bump([commitments[0].plan_id])


def _workshop(
    plan: Plan,
    unit: int,
    data: dict,
    themes: dict[int, Theme],
    institutions: dict[str, Institution],
    associations: dict[str, Association],
) -> Workshop:
    """The unit's workshop: a copy of the real plan's workshops, in turn."""
    w = data["workshops"][(unit - 1) % len(data["workshops"])]
    workshop = Workshop(
        plan=plan,
        number=unit,
        **workshop_builder.fields(w, themes[w["theme"]], associations[w["organiser_fr"]]),
    )
    Workshop.objects.bulk_create([workshop])
    Workshop.institutions.through.objects.bulk_create(
        Workshop.institutions.through(workshop_id=workshop.pk, institution_id=institutions[name].pk)
        for name in w["institutions"]
    )
    return workshop


def _ideas(
    plan: Plan,
    unit: int,
    data: dict,
    themes: dict[int, Theme],
    workshop: Workshop,
    people: list[User],
    rng: random.Random,
) -> list[Idea]:
    """The unit's ideas, unsaved: the online ones in the real plan's
    proportions by theme, then the workshop's."""
    timeline = {step["phase"]: step for step in data["timeline"]}
    collection_start = day(timeline["collection"]["start"])
    collection_days = (day(timeline["collection"]["end"]) - collection_start).days
    ideas = []
    for number, theme in sorted(themes.items()):
        for i in range(data["ideas_online_by_theme"].get(str(number), 0)):
            submitted = collection_start + timedelta(days=rng.randint(0, collection_days))
            ideas.append(
                new_idea(
                    plan,
                    theme,
                    unit + i,
                    source=Idea.Source.PORTAL,
                    author=people[len(ideas)],
                    created_at=at(submitted, rng.randint(8, 22), rng.randint(0, 59)),
                )
            )
    for i in range(data["totals"]["ideas_workshops"]):
        ideas.append(
            new_idea(
                plan,
                workshop.theme,
                unit + i,
                source=Idea.Source.WORKSHOP,
                workshop=workshop,
                created_at=workshop.starts_at + timedelta(hours=2, minutes=i),
            )
        )
    for idea in ideas:
        idea.status_changed_at = idea.created_at  # until screened
    return ideas


def _screening(
    ideas: list[Idea],
    data: dict,
    institutions: dict[str, Institution],
    commitments: list[Commitment],
    admin: User,
    rng: random.Random,
) -> Screening:
    """Takes the ideas to the states of UNIT_STATES, shuffled, during the
    analysis phase."""
    timeline = {step["phase"]: step for step in data["timeline"]}
    analysis_start = day(timeline["analysis"]["start"])
    analysis_days = (day(timeline["analysis"]["end"]) - analysis_start).days

    def when(first: int, last: int) -> datetime:
        return at(analysis_start + timedelta(days=rng.randint(first, last)), rng.randint(9, 17))

    states = [status for status, count in UNIT_STATES.items() for _i in range(count)]
    rng.shuffle(states)
    first_accepted = {}  # by theme: what a duplicate points to
    for idea, status in zip(ideas, states, strict=True):
        if status in Idea.ACCEPTED_FAMILY:
            first_accepted.setdefault(idea.theme.number, idea)
    adopted = [c for c in commitments if c.status == Commitment.Status.ADOPTED]
    screening = Screening(admin)
    for index, (idea, status) in enumerate(zip(ideas, states, strict=True)):
        if status == S.SUBMITTED:
            continue
        screened = when(4, 29)
        if status == S.NOT_ACCEPTED:
            reason = REJECTIONS[index % len(REJECTIONS)]
            original = first_accepted.get(idea.theme.number)
            if reason == R.DUPLICATE and original is None:
                reason = R.NOT_PRECISE
            screening.reject(idea, screened, reason, original if reason == R.DUPLICATE else None)
            continue
        screening.accept(idea, screened)
        if status == S.ACCEPTED:
            continue
        routing = [institutions[name] for name in ROUTING[idea.theme.number]]
        screening.send(idea, when(30, 49), routing[: 1 + index % len(routing)])
        decided = when(70, analysis_days - 2)
        if status == S.INTEGRATED:
            screening.integrate(idea, decided, adopted[index % len(adopted)])
        elif status == S.NOT_INTEGRATED:
            screening.not_integrate(idea, decided, NOT_INTEGRATED[index % len(NOT_INTEGRATED)][idea.language])
    return screening


# Supporters and commenters are picked at these offsets from the idea's index
# among the unit's 232 users: distinct, and never 0, so never the author.
SUPPORT_OFFSETS = (1, 78, 155)
COMMENT_OFFSETS = (1, 47, 93, 139, 185)


def _supports(ideas: list[Idea], people: list[User]) -> list[Support]:
    """2.5 per idea: three, then two."""
    return [
        Support(
            idea=idea,
            user=people[(i + offset) % len(people)],
            created_at=idea.created_at + timedelta(hours=5 + j),
        )
        for i, idea in enumerate(ideas)
        for j, offset in enumerate(SUPPORT_OFFSETS[: 3 if i % 2 == 0 else 2])
    ]


def _comments(ideas: list[Idea], people: list[User], long_thread: bool) -> list[Comment]:
    comments = [
        Comment(
            idea=idea,
            author=people[(i + offset) % len(people)],
            body=COMMENTS[(i + j) % len(COMMENTS)][1],
            created_at=idea.created_at + timedelta(hours=8 + 24 * j),
        )
        for i, idea in enumerate(ideas)
        for j, offset in enumerate(COMMENT_OFFSETS)
    ]
    if long_thread:
        # An idea page with hundreds of comments, by everyone but its author.
        idea = ideas[0]
        comments += [
            Comment(
                idea=idea,
                author=people[1 + k % (len(people) - 1)],
                body=COMMENTS[k % len(COMMENTS)][1],
                created_at=idea.created_at + timedelta(hours=1, minutes=10 * k),
            )
            for k in range(LONG_THREAD)
        ]
    return comments
