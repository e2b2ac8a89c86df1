"""The portal's public page types (issue 23's list), one URL each, looked up
in the demo (`load_demo`, the `loaded` fixture): of each type, the page with
the most on it (the idea with the most comments, a workshop open for
registration, a commitment with an indicator's chart, a meeting with its
minutes, a round with its results), and the forms a signed-in citizen gets
where the demo is open today (the commune's plan collects ideas and consults
on a text). Paths without the language prefix; a test prefixes `/ar` or `/fr`.

A test that walks them fails on a type this file cannot find in the demo
(`public_pages` raises): a page type the demo stops showing is a page type
nobody checks."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation


@dataclass(frozen=True)
class PageType:
    name: str
    signed_in: bool = False  # seen by a signed-in citizen (a form only they get)
    status: int = 200
    # The site's header and footer, the same on every page, are checked whole
    # on these pages (a visitor's, a signed-in citizen's, the error page's).
    whole: bool = False


# In the order a visitor meets them. Names only: the tests are parametrised on
# them before the database exists; `public_pages` gives their paths.
PAGE_TYPES = (
    PageType("home", whole=True),
    PageType("plans"),
    PageType("plan"),
    PageType("statistics"),
    PageType("ideas"),
    PageType("idea search"),
    PageType("idea"),
    PageType("idea, signed in", signed_in=True),  # open for comments: the form and the support button
    PageType("idea form", signed_in=True, whole=True),
    PageType("workshops"),
    PageType("workshop"),  # with the registration form of a visitor without an account
    PageType("workshop, signed in", signed_in=True),  # with the signed-in registration form
    PageType("commitments"),
    PageType("dashboard"),
    PageType("commitment"),
    PageType("consultations"),
    PageType("consultation"),
    PageType("consultation commitment"),
    PageType("consultation report"),
    PageType("consultation section, signed in", signed_in=True),  # open: the comment form
    PageType("committee"),
    PageType("meetings"),
    PageType("meeting"),
    PageType("decisions"),
    PageType("handbook"),
    PageType("selection round"),
    PageType("candidacy"),
    PageType("ogp checklist"),
    PageType("documents"),
    PageType("open data"),
    PageType("dataset"),
    PageType("sign in"),
    PageType("sign up"),
    PageType("password reset"),
    PageType("privacy"),
    PageType("not found", status=404, whole=True),
)


def public_pages() -> dict[str, str]:
    """Each of PAGE_TYPES' names and the path of its page in the demo."""
    from commitments.models import Commitment
    from committee.models import Candidacy, Meeting, SelectionRound
    from consultations.models import Consultation
    from ideas.models import Idea
    from plans.models import Plan
    from workshops.models import Workshop

    now = timezone.now()
    public = Plan.objects.public()
    # The plan collecting ideas today (the demo's illustrative third plan).
    collecting = Plan.objects.get(slug="nap3-illustrative")
    # The plan in implementation, with everything (the demo's 2021–2023 plan).
    plan = Plan.objects.get(slug="nap2-2021-2023")
    # Open today, with ideas and a consultation (the demo's commune).
    commune = Plan.objects.get(slug="tetouan-local-plan")

    idea = (
        Idea.objects.published()
        .filter(plan=plan)
        .annotate(shown=Count("comments", filter=Q(comments__moderation="published")))
        .order_by("-shown", "pk")
        .first()
    )
    workshop = (
        Workshop.objects.public()
        .with_stage(now)
        .filter(plan=collecting, registration="open")
        .order_by("pk")
        .first()
    )
    # A card with an indicator drawn as a chart (two measurements or more).
    commitment = (
        Commitment.objects.public()
        .filter(theme__plan=plan)
        .annotate(measured=Count("indicators__measurements"))
        .order_by("-measured", "pk")
        .first()
    )
    consultation = (
        Consultation.objects.filter(plan__in=public)
        .annotate(commented=Count("comments"))
        .order_by("-commented", "pk")
        .first()
    )
    consulted = consultation.commitments.public().order_by("number").first()
    open_idea = Idea.objects.published().filter(plan=commune).order_by("pk").first()
    open_consultation = Consultation.objects.open_on(timezone.localdate()).filter(plan=commune).first()
    section = open_consultation.sections.order_by("number").first() if open_consultation else None
    meeting = (
        Meeting.objects.filter(
            committee__plan=plan, minutes_published_at__isnull=False, cancelled_at__isnull=True
        )
        .order_by("-starts_at")
        .first()
    )
    round = SelectionRound.objects.filter(published_at__isnull=False, committee__plan__in=public).first()
    candidacy = (
        Candidacy.objects.filter(round=round, submitted_at__isnull=False).order_by("pk").first()
        if round
        else None
    )
    found = {
        "idea": idea,
        "workshop": workshop,
        "commitment": commitment,
        "consultation": consultation,
        "consultation commitment": consulted,
        "idea open for comments": open_idea,
        "open consultation's section": section,
        "meeting": meeting,
        "selection round": round,
        "candidacy": candidacy,
    }
    missing = [name for name, row in found.items() if row is None]
    if missing:
        raise LookupError(f"the demo has no page of these types: {', '.join(missing)}")

    with translation.override(None):
        # Without an active language, reverse() gives the paths without the prefix… which
        # i18n_patterns still adds for the default language: cut whatever comes first.
        def at(name: str, *args) -> str:
            return "/" + reverse(name, args=args).split("/", 2)[2]

        committee_round = round.committee.plan.slug
        paths = {
            "home": at("core:home"),
            "plans": at("plans:index"),
            "plan": at("plans:detail", plan.slug),
            "statistics": at("ideas:statistics", plan.slug),
            "ideas": at("ideas:index", plan.slug),
            "idea search": at("ideas:search") + "?q=information",
            "idea": at("ideas:detail", idea.pk),
            "idea, signed in": at("ideas:detail", open_idea.pk),
            "idea form": at("ideas:submit", collecting.slug),
            "workshops": at("workshops:index", collecting.slug),
            "workshop": at("workshops:detail", workshop.pk),
            "workshop, signed in": at("workshops:detail", workshop.pk),
            "commitments": at("commitments:index", plan.slug),
            "dashboard": at("commitments:dashboard", plan.slug),
            "commitment": at("commitments:detail", commitment.pk),
            "consultations": at("consultations:plan", consultation.plan.slug),
            "consultation": at("consultations:detail", consultation.plan.slug, consultation.pk),
            "consultation commitment": at(
                "consultations:commitment", consultation.plan.slug, consultation.pk, consulted.number
            ),
            "consultation report": at("consultations:report", consultation.plan.slug, consultation.pk),
            "consultation section, signed in": at(
                "consultations:section", commune.slug, open_consultation.pk, section.number
            ),
            "committee": at("committee:index", plan.slug),
            "meetings": at("committee:meetings", plan.slug),
            "meeting": at("committee:meeting", plan.slug, meeting.pk),
            "decisions": at("committee:decisions", plan.slug),
            "handbook": at("committee:handbook", plan.slug),
            "selection round": at("committee:selection", committee_round),
            "candidacy": at("committee:candidacy", committee_round, candidacy.pk),
            "ogp checklist": at("plans:checklist", plan.slug),
            "documents": at("plans:documents", plan.slug),
            "open data": at("opendata:index"),
            "dataset": at("opendata:dataset", "ideas"),
            "sign in": at("account_login"),
            "sign up": at("account_signup"),
            "password reset": at("account_reset_password"),
            "privacy": at("core:privacy"),
            "not found": "/no-such-page/",
        }
    assert set(paths) == {page.name for page in PAGE_TYPES}
    return paths
