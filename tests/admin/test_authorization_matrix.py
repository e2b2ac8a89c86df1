"""Every ModelAdmin registered on the admin site × every role × changelist,
add, change, delete and history: the status each role gets and the rows it
sees. A newly registered admin without a declared scope, or without a row in
RULES below, fails this test: no later capability can forget scoping."""

import copy
import csv
import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db.models import CharField, TextField
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ExportMixin, ImportMixin

from commitments.models import (
    Assessment,
    ChangeRequest,
    Commitment,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
)
from committee.models import SelectionRound
from core import documents
from core.imports import FORMATS
from core.models import EmailPreference, Notification, Reminder, Rendition
from core.scoping import ScopedAdmin
from ideas.models import Comment
from plans.models import PublicHoliday
from tests.admin.conftest import (
    make_focal_point,
    make_focal_point_group,
    make_moderator,
    make_secretariat,
    sent_idea,
)
from tests.committee.factories import CommitteeFactory, MeetingFactory
from tests.conftest import built_once, make_citizen, make_staff
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.workshops.staff import representative
from workshops.models import Poll, Registration

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "focal_a",
    "focal_b",
    "rep_a",
    "rep_b",
    "secretariat",
    "moderator",
    "superuser",
]

# model: who sees "all" rows or their institution's "own" rows (others: 403),
# and who may add and delete.
ALL_FOR_SUPERUSERS = {"see": {"superuser": "all"}, "add": {"superuser"}, "delete": {"superuser"}}
SECRETARIAT = {"see": {"secretariat": "all", "superuser": "all"}, "add": {"secretariat", "superuser"}}
# Seen by the focal points of the institutions taking part and the
# representatives of the associations concerned.
WORKSHOP = {
    "see": {
        "secretariat": "all",
        "superuser": "all",
        "focal_a": "own",
        "focal_b": "own",
        "rep_a": "own",
        "rep_b": "own",
    }
}
CARD_ROWS = {"secretariat": "all", "superuser": "all", "focal_a": "own", "focal_b": "own"}
# Contributions sent to an institution (an idea, a consultation comment): its
# focal points see theirs, moderators all (to hide what breaks the charter).
MODERATED_CARD_ROWS = {**CARD_ROWS, "moderator": "all"}
RULES = {
    "auth.group": ALL_FOR_SUPERUSERS,
    "sites.site": ALL_FOR_SUPERUSERS,
    "account.emailaddress": ALL_FOR_SUPERUSERS,
    "core.user": ALL_FOR_SUPERUSERS,
    "core.emailpreference": ALL_FOR_SUPERUSERS,
    "core.notification": {"see": {"secretariat": "all", "superuser": "all"}, "delete": {"superuser"}},
    "core.rendition": {"see": {"secretariat": "all", "superuser": "all"}, "delete": {"superuser"}},
    # The reminders the periodic tasks claimed (core.claims): from beat, read only.
    "core.reminder": {"see": {"secretariat": "all", "superuser": "all"}, "add": set(), "delete": set()},
    "plans.member": {**SECRETARIAT, "add": {"superuser"}, "delete": {"superuser"}},
    "plans.institution": {**SECRETARIAT, "delete": {"superuser"}},
    "plans.association": {**SECRETARIAT, "delete": {"superuser"}},
    "plans.plan": {**SECRETARIAT, "delete": {"superuser"}},
    # The calendar working days skip: the secretariat keeps it.
    "plans.publicholiday": {**SECRETARIAT, "delete": {"secretariat", "superuser"}},
    # A workshop, its registrations and polls: the focal points of the
    # institutions taking part read them; the organiser's representatives
    # work on them (workshop A: institution A, organised by association A),
    # and propose new ones for their association.
    "workshops.workshop": {
        **WORKSHOP,
        "add": {"secretariat", "superuser", "rep_a", "rep_b"},
        "delete": {"superuser"},
    },
    "workshops.registration": {**WORKSHOP, "add": set(), "delete": {"superuser"}},
    "workshops.poll": {
        **WORKSHOP,
        "add": {"secretariat", "superuser", "rep_a", "rep_b"},
        "delete": {"secretariat", "superuser", "rep_a", "rep_b"},
    },
    # Commitment A: led by institution A, co-drafted by association A; its
    # milestone, indicator and update are institution A's.
    "commitments.commitment": {
        **WORKSHOP,
        # A focal point creates a card for their institution.
        "add": {"secretariat", "superuser", "focal_a", "focal_b"},
        "delete": {"secretariat", "superuser"},
    },
    "commitments.milestone": {
        "see": CARD_ROWS,
        "add": {"secretariat", "superuser", "focal_a", "focal_b"},
        "delete": {"secretariat", "superuser"},
    },
    "commitments.indicator": {
        "see": CARD_ROWS,
        "add": {"secretariat", "superuser", "focal_a", "focal_b"},
        "delete": {"secretariat", "superuser"},
    },
    # Every update and decision is kept: nobody deletes one.
    "commitments.progressupdate": {
        "see": CARD_ROWS,
        "add": {"secretariat", "superuser", "focal_a", "focal_b"},
        "delete": set(),
    },
    # A drafter's change to a public card: read by those who see the card,
    # decided by the secretariat; written by saving the card, kept forever.
    "commitments.changerequest": {**WORKSHOP, "add": set(), "delete": set()},
    # Civil society's parallel assessment: association A's of commitment A,
    # B's of B. Its association's representatives file and change it; the
    # secretariat reads every one and may delete one, but writes none.
    "commitments.assessment": {
        "see": {"secretariat": "all", "superuser": "all", "rep_a": "own", "rep_b": "own"},
        "add": {"rep_a", "rep_b"},
        "delete": {"secretariat", "superuser"},
    },
    "ideas.idea": {
        "see": MODERATED_CARD_ROWS,
        "add": {"secretariat", "superuser"},
        "delete": {"superuser"},
    },
    "ideas.comment": {"see": {"secretariat": "all", "moderator": "all", "superuser": "all"}},
    # Public consultations (consultations.admin): the secretariat sets them up;
    # their comments are read by the focal points of the institution owing
    # the answer (comment A: commitment A's, owed by institution A), who
    # answer them, as the secretariat does; moderators read all to moderate.
    # Nobody adds a comment in the admin, and only superusers delete one.
    "consultations.consultation": {**SECRETARIAT, "delete": {"superuser"}},
    "consultations.comment": {"see": MODERATED_CARD_ROWS, "add": set(), "delete": {"superuser"}},
    # The committee's meetings (committee.admin_meetings): the secretariat's;
    # row A is planned, the only state in which a meeting may be deleted.
    "committee.meeting": {**SECRETARIAT, "delete": {"secretariat", "superuser"}},
    # The committee's members (committee.admin_members): the secretariat's.
    # A committee, a handbook version, a revision request are the record;
    # a seat without one is deleted by the secretariat; an absence flag comes
    # from attendance and a reminder from beat, neither added nor deleted.
    "committee.committee": {**SECRETARIAT, "delete": {"superuser"}},
    "committee.membership": {**SECRETARIAT, "delete": {"secretariat", "superuser"}},
    "committee.handbookversion": {**SECRETARIAT, "delete": {"superuser"}},
    "committee.revisionrequest": {**SECRETARIAT, "delete": {"superuser"}},
    "committee.absenceflag": {"see": SECRETARIAT["see"], "add": set(), "delete": set()},
    # The selection of civil-society members (committee.admin_selection): the
    # secretariat sets rounds up (a round is kept: only superusers delete one);
    # candidacies, votes and scores are made on the site by associations and
    # the selection committee (its members and observers are not staff: the
    # admin's login page, as citizens) — read here, never added nor deleted.
    "committee.selectionround": {**SECRETARIAT, "delete": {"superuser"}},
    "committee.candidacy": {"see": SECRETARIAT["see"], "add": set(), "delete": set()},
    "committee.seatvote": {"see": SECRETARIAT["see"], "add": set(), "delete": set()},
    "committee.score": {"see": SECRETARIAT["see"], "add": set(), "delete": set()},
}


def minimal(model, **fields):
    """A row with the given fields; any other required text gets a placeholder."""
    for field in model._meta.concrete_fields:
        required = not (field.blank or field.null or field.has_default() or field.primary_key)
        if required and field.name not in fields and isinstance(field, CharField | TextField):
            fields[field.name] = "x"
    return model.objects.create(**fields)


@built_once
def world():
    """The cast (one user per role, the focal points and representatives of
    institution and association A or B) and, per model, (the row of A, that
    of B) — the same row twice for a model that belongs to no institution:
    built once for the module."""
    citizen, french_citizen = make_citizen(), make_citizen("julien@example.org", "Julien", "fr")
    plan = PlanFactory(slug="nap3")
    theme = ThemeFactory(plan=plan, number=1)
    institution_a = InstitutionFactory(member=plan.member, slug="finance")
    institution_b = InstitutionFactory(member=plan.member, slug="sante")
    association_a, association_b = AssociationFactory(), AssociationFactory()
    commitment_a = CommitmentFactory(theme=theme, lead_institution=institution_a, number=1)
    commitment_b = CommitmentFactory(theme=theme, lead_institution=institution_b, number=2)
    focal_points = make_focal_point_group()
    cast = {
        "citizen": citizen,
        "focal_a": make_focal_point("focal-finance@example.org", institution_a, focal_points),
        "focal_b": make_focal_point("focal-sante@example.org", institution_b, focal_points),
        "rep_a": representative(association_a, "rep-a@example.org"),
        "rep_b": representative(association_b, "rep-b@example.org"),
        "secretariat": make_secretariat(),
        "moderator": make_moderator(),
        "superuser": make_staff(),
    }
    idea_a = sent_idea(institution_a, theme=theme, author=citizen)
    idea_b = sent_idea(institution_b, theme=theme, author=french_citizen)

    workshop_a = WorkshopFactory(theme=theme, organiser=association_a)
    workshop_b = WorkshopFactory(theme=theme, organiser=association_b)
    workshop_a.institutions.add(institution_a)
    workshop_b.institutions.add(institution_b)
    association = workshop_a.organiser
    notification = minimal(
        Notification, recipient=citizen, to_email=citizen.email, kind="account", language="fr"
    )
    same = {
        "auth.group": Group.objects.get(name="Secretariat"),
        "sites.site": Site.objects.get_current(),
        "account.emailaddress": EmailAddress.objects.get(user=citizen),
        "core.user": citizen,
        "core.emailpreference": EmailPreference.objects.create(
            user=citizen, kind="idea_screened", enabled=False
        ),
        "core.notification": notification,
        "core.reminder": Reminder.objects.create(kind="six_months", key="x"),
        "core.rendition": Rendition.objects.create(
            kind=documents.ABOUT.kind,
            subject_type=ContentType.objects.get_for_model(Site),
            subject_id=Site.objects.get_current().pk,
            language="fr",
        ),
        "plans.member": plan.member,
        "plans.institution": institution_a,
        "plans.association": association,
        "plans.plan": plan,
        "plans.publicholiday": PublicHoliday.objects.create(
            member=plan.member, name_ar="عيد", month=7, day=30
        ),
    }
    same.update(committee_rows(plan))
    pairs = {label: (row, row) for label, row in same.items()}
    pairs["workshops.workshop"] = (workshop_a, workshop_b)
    pairs["workshops.registration"] = (
        Registration.objects.create(workshop=workshop_a, user=citizen, status="registered"),
        Registration.objects.create(
            workshop=workshop_b, name="Julien", email="j@example.org", status="waiting"
        ),
    )
    pairs["workshops.poll"] = (
        Poll.objects.create(workshop=workshop_a, question="A?"),
        Poll.objects.create(workshop=workshop_b, question="B?"),
    )
    pairs["commitments.commitment"] = (commitment_a, commitment_b)
    commitment_a.co_drafting_associations.add(association_a)
    commitment_b.co_drafting_associations.add(association_b)
    milestones = (
        Milestone.objects.create(
            commitment=commitment_a, description_ar="أ", responsible_institution=institution_a
        ),
        Milestone.objects.create(
            commitment=commitment_b, description_ar="ب", responsible_institution=institution_b
        ),
    )
    pairs["commitments.milestone"] = milestones
    pairs["commitments.indicator"] = (
        Indicator.objects.create(commitment=commitment_a, name_ar="أ"),
        Indicator.objects.create(commitment=commitment_b, name_ar="ب"),
    )
    pairs["commitments.progressupdate"] = tuple(
        ProgressUpdate.objects.create(milestone=m, status="in_progress", completion=10, text="x")
        for m in milestones
    )
    pairs["commitments.changerequest"] = tuple(
        ChangeRequest.objects.create(commitment=c, changes=[]) for c in (commitment_a, commitment_b)
    )
    pairs["commitments.assessment"] = (
        Assessment.objects.create(
            commitment=commitment_a, association=association_a, rating="limited", text="A"
        ),
        Assessment.objects.create(
            commitment=commitment_b, association=association_b, rating="complete", text="B"
        ),
    )
    meeting = MeetingFactory(committee=CommitteeFactory(), starts_at=timezone.now() + timedelta(days=30))
    pairs["committee.meeting"] = (meeting, meeting)
    pairs["ideas.idea"] = (idea_a, idea_b)
    pairs["ideas.comment"] = (
        Comment.objects.create(idea=idea_a, author=UserFactory(), body="A"),
        Comment.objects.create(idea=idea_b, author=UserFactory(), body="B"),
    )
    pairs.update(consultation_rows(plan, commitment_a, commitment_b))
    return {"cast": cast, "rows": pairs}


@pytest.fixture
def cast(world):
    """One user per role (a copy: what a test changes in memory stays in it)."""
    return copy.deepcopy(world["cast"])


@pytest.fixture
def rows(world):
    """Per model: (the row of institution or association A, that of B)."""
    return copy.deepcopy(world["rows"])


def consultation_rows(plan, commitment_a, commitment_b) -> dict:
    from tests.consultations.factories import CommentFactory, DraftPlanConsultationFactory

    consultation = DraftPlanConsultationFactory(plan=plan)
    consultation.commitments.add(commitment_a, commitment_b)
    comments = tuple(
        CommentFactory(consultation=consultation, commitment=commitment, author=UserFactory())
        for commitment in (commitment_a, commitment_b)
    )
    return {"consultations.consultation": (consultation, consultation), "consultations.comment": comments}


def committee_rows(plan) -> dict:
    from committee.models import (
        AbsenceFlag,
        Committee,
        HandbookVersion,
        Membership,
        RevisionRequest,
    )

    committee = Committee.objects.create(plan=plan, term_start="2026-01-01", term_end="2027-12-31")
    seat, flagged = (
        Membership.objects.create(
            committee=committee,
            name=name,
            side="civil",
            association=AssociationFactory(),
            designated_on="2026-01-01",
            starts_on="2026-01-01",
        )
        for name in ("Nadia", "Omar")
    )
    return {
        **selection_rows(committee),
        "committee.committee": committee,
        "committee.membership": seat,  # no record: the secretariat may delete it
        "committee.handbookversion": HandbookVersion.objects.create(
            member=plan.member, number=1, adopted_on="2026-01-01"
        ),
        "committee.revisionrequest": RevisionRequest.objects.create(committee=committee, text="x"),
        "committee.absenceflag": AbsenceFlag.objects.create(member=flagged),
    }


def selection_rows(committee) -> dict:
    from committee import selection
    from committee.models import SeatCandidate, SeatVote
    from tests.committee.selection_factories import dates, points, selector, submitted

    round = SelectionRound.objects.create(committee=committee, seats=1, method_ar="x", **dates("scoring"))
    candidacy = submitted(round)
    candidate = SeatCandidate.objects.create(round=round, association=AssociationFactory(), name="x")
    member = selector(round, "private")
    return {
        "committee.selectionround": round,
        "committee.candidacy": candidacy,
        "committee.seatvote": SeatVote.objects.create(
            round=round, association=AssociationFactory(), candidate=candidate
        ),
        "committee.score": selection.score(candidacy, selector=member, points=points(50), comment="x"),
    }


def registered() -> dict:
    return {model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()}


def test_every_registered_admin_declares_its_scope_and_is_in_the_matrix():
    admins = registered()
    undeclared = [label for label, model_admin in admins.items() if not isinstance(model_admin, ScopedAdmin)]
    assert undeclared == [], "these admins do not apply a scope (core.scoping.ScopedAdmin)"
    assert set(admins) == set(RULES), "add the new admin's expected access to RULES"


def expected(rule: dict, role: str, view: str, which: str) -> int:
    if role in ("anonymous", "citizen"):
        return 302  # the admin's login page
    access = rule["see"].get(role)
    if access is None:
        return 403
    if view == "changelist":
        return 200
    if view == "add":
        return 200 if role in rule.get("add", ()) else 403
    if access == "own" and which != role[-1]:
        return 404  # another institution's row answers as if it did not exist
    if view == "delete":
        return 200 if role in rule.get("delete", ()) else 403
    return 200


@pytest.mark.parametrize("label", sorted(RULES))
def test_each_role_gets_what_its_scope_says(client, cast, rows, label):
    rule = RULES[label]
    app, model = label.split(".")
    row = {"a": rows[label][0], "b": rows[label][1]}
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(cast[role])

        def check(view, url, which="", role=role):
            response = client.get(url)
            want = expected(rule, role, view, which)
            if response.status_code != want:
                failures.append(
                    f"{role} {view}{' ' + which if which else ''}: {response.status_code}, expected {want}"
                )
            return response

        changelist = check("changelist", reverse(f"admin:{app}_{model}_changelist"))
        if changelist.status_code == 200:
            listed = set(changelist.context["cl"].result_list)
            access = rule["see"][role]
            mine = {row[role[-1]]} if access == "own" else {row["a"], row["b"]}
            others = {row["a"], row["b"]} - mine
            if not (mine <= listed and not (others & listed)):
                failures.append(f"{role} changelist rows: {sorted(r.pk for r in listed)}")
        check("add", reverse(f"admin:{app}_{model}_add"))
        for which in ("a", "b"):
            pk = row[which].pk
            for view in ("change", "history", "delete"):
                check(view, reverse(f"admin:{app}_{model}_{view}", args=[pk]), which)
    assert failures == []


def test_a_focal_point_lists_and_opens_only_its_institutions_commitments(client, cast, rows):
    focal_a, (commitment_a, commitment_b) = cast["focal_a"], rows["commitments.commitment"]
    client.force_login(focal_a)
    response = client.get(reverse("admin:commitments_commitment_changelist"))
    assert list(response.context["cl"].result_list) == [commitment_a]
    assert (
        client.get(reverse("admin:commitments_commitment_change", args=[commitment_a.pk])).status_code == 200
    )
    assert (
        client.get(reverse("admin:commitments_commitment_change", args=[commitment_b.pk])).status_code == 404
    )


# The commitments' own views, row A of each (commitment A is proposed): who
# gets what. 302 for anonymous and citizens is the login page; for staff,
# the move or decision made (or refused with a message) and back to the row.
ACTIONS = {
    "validate": {"secretariat": 302, "superuser": 302, "focal_a": 403, "focal_b": 404},
    "return": {"secretariat": 200, "superuser": 200, "focal_a": 403, "focal_b": 404},
    "move": {
        "secretariat": 302,
        "superuser": 302,
        "focal_a": 403,
        "focal_b": 404,
        "rep_a": 403,
        "rep_b": 404,
    },
    "comment": {
        "secretariat": 302,
        "superuser": 302,
        "focal_a": 302,
        "focal_b": 404,
        "rep_a": 302,
        "rep_b": 404,
    },
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_role_may_make_the_commitments_moves_its_role_says(client, cast, rows, action):
    commitment = rows["commitments.commitment"][0]
    update, other_update = rows["commitments.progressupdate"]
    url = {
        "validate": reverse("admin:commitments_progressupdate_validate", args=[update.pk]),
        "return": reverse("admin:commitments_progressupdate_return", args=[update.pk]),
        "move": reverse("admin:commitments_commitment_move", args=[commitment.pk, "adopted"]),
        "comment": reverse("admin:commitments_commitment_comment", args=[commitment.pk]),
    }[action]
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(cast[role])
        if action == "return":
            status = client.get(url).status_code
        else:
            status = client.post(url, {"text": "Un avis"}).status_code
        want = 302 if role in ("anonymous", "citizen") else ACTIONS[action].get(role, 403)
        if status != want:
            failures.append(f"{role}: {status}, expected {want}")
    assert failures == []
    update.refresh_from_db()
    other_update.refresh_from_db()
    commitment.refresh_from_db()
    assert update.state == ("validated" if action == "validate" else "submitted")
    assert other_update.state == "submitted"
    assert commitment.status == ("adopted" if action == "move" else "proposed")


# Spreadsheets (core.imports): who reaches each admin's import and export
# pages (others: 403; anonymous and citizens: the login page), and which rows
# the export holds: those of the changelist ("all" or "own" as in RULES).
IMPORTERS = {"secretariat", "superuser"}
SPREADSHEETS = {
    "ideas.idea": {"import": IMPORTERS},
    "commitments.commitment": {
        "import": IMPORTERS,
        "export": {"secretariat", "superuser", "focal_a", "focal_b", "rep_a", "rep_b"},
    },
    "commitments.milestone": {"import": IMPORTERS, "export": set(CARD_ROWS)},
    "commitments.indicator": {"import": IMPORTERS, "export": set(CARD_ROWS)},
}


def test_every_admin_with_import_or_export_is_in_the_spreadsheet_matrix():
    pages = {
        label: {
            view
            for view, mixin in (("import", ImportMixin), ("export", ExportMixin))
            if isinstance(model_admin, mixin)
        }
        for label, model_admin in registered().items()
    }
    pages = {label: views for label, views in pages.items() if views}
    assert pages == {label: set(rule) for label, rule in SPREADSHEETS.items()}, (
        "add the admin's import and export rights to SPREADSHEETS"
    )


def exported_pks(client, label: str, url: str) -> set[int]:
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data.update(format=str([f().get_title() for f in FORMATS].index("csv")), resource="0")
    rows = list(csv.DictReader(io.StringIO(client.post(url, data).content.decode())))
    if label == "commitments.commitment":  # found by its plan and number, no id
        keys = {(row["plan"], int(row["number"])) for row in rows}
        return {c.pk for c in Commitment.objects.select_related("plan") if (c.plan.slug, c.number) in keys}
    return {int(row["id"]) for row in rows}


@pytest.mark.parametrize("label", sorted(SPREADSHEETS))
def test_each_role_imports_and_exports_what_its_role_says(client, cast, rows, label):
    rule, app_model = SPREADSHEETS[label], label.replace(".", "_")
    row = {"a": rows[label][0], "b": rows[label][1]}
    failures = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(cast[role])
        for view, allowed in rule.items():
            url = reverse(f"admin:{app_model}_{view}")
            status = client.get(url).status_code
            want = 302 if role in ("anonymous", "citizen") else (200 if role in allowed else 403)
            if status != want:
                failures.append(f"{role} {view}: {status}, expected {want}")
            if view == "export" and status == 200:
                access = RULES[label]["see"][role]
                mine = {row[role[-1]].pk} if access == "own" else {row["a"].pk, row["b"].pk}
                exported = exported_pks(client, label, url)
                if exported != mine:
                    failures.append(f"{role} export rows: {sorted(exported)}")
    assert failures == []


# Writes of published figures: commitment A is proposed (public). Every
# role forges the POSTs a secretariat's page would send — the card's title,
# a milestone's text and weight with a piece of evidence, an indicator's
# target with its measurement rewritten — and nothing public moves but for
# the secretariat (which shows the forged forms are complete: the same
# POSTs do change the figures when it sends them).
def published(commitment) -> dict:
    card = Commitment.objects.get(pk=commitment.pk)
    return {
        "title": card.title_ar,
        "milestones": list(Milestone.objects.filter(commitment=card).values_list("description_ar", "weight")),
        "targets": list(Indicator.objects.filter(commitment=card).values_list("target_value", flat=True)),
        "measurements": list(Measurement.objects.public().values_list("value", flat=True)),
        "evidence": list(Evidence.objects.public().values_list("title", flat=True)),
    }


def test_only_the_secretariat_writes_a_public_cards_figures(client, cast, rows):
    from tests.admin.posted import posted

    commitment = rows["commitments.commitment"][0]
    milestone, indicator = rows["commitments.milestone"][0], rows["commitments.indicator"][0]
    Measurement.objects.create(indicator=indicator, measured_on="2024-01-01", value=12)
    client.force_login(cast["secretariat"])
    forged = {}
    for row, changes in (
        (commitment, {"title_ar": "عنوان مزور"}),
        (
            milestone,
            {
                "description_ar": "مزور",
                "weight": "32767",
                "evidence-TOTAL_FORMS": "1",
                "evidence-0-title": "دليل",
                "evidence-0-url": "https://example.org/proof",
            },
        ),
        (indicator, {"target_value": "999", "measurements-0-value": "31337"}),
    ):
        name = row._meta.model_name
        url = reverse(f"admin:commitments_{name}_change", args=[row.pk])
        forged[url] = {**posted(client.get(url), f"{name}_form"), **changes}
    before = published(commitment)
    failures = []
    for role in [r for r in ROLES if r not in ("secretariat", "superuser")]:
        client.logout()
        if role != "anonymous":
            client.force_login(cast[role])
        for url, data in forged.items():
            client.post(url, data)
        if published(commitment) != before:
            failures.append(role)
    assert failures == []
    client.force_login(cast["secretariat"])
    for url, data in forged.items():
        assert client.post(url, data).status_code == 302
    after = published(commitment)
    assert all(after[key] != before[key] for key in before), after
