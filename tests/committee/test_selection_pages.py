"""The selection's public pages and the associations' forms
(committee.views_selection): the round's page (the call, the method, the
grid, the selection committee, the vote's count, the published results),
the vote, the application form and a candidacy's page (the draft, its
documents, the submission) — every rule asked of committee.selection, every
visibility of committee.rules; forged POSTs of every role refused with
nothing recorded, hostile values a 404 or a message, the same number of
queries whatever the number of candidacies."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from committee import rules, selection
from committee.models import (
    Candidacy,
    CandidacyFile,
    Membership,
    PairDecision,
    SeatCandidate,
    SeatVote,
    Selector,
)
from plans.queries import public_plans
from tests.committee.factories import CommitteeFactory, MembershipFactory
from tests.committee.selection_factories import (
    PDF,
    CandidacyFactory,
    points,
    representative,
    round_in,
    selector,
    submitted,
    with_files,
)
from tests.committee.test_selection import three_terms  # noqa: F401 - the contract's fixture: plans 1, 2, 3
from tests.conftest import built_once
from tests.consultations.factories import focal_point, secretary
from tests.factories import AssociationFactory, InstitutionFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Selector.Kind
KIND = CandidacyFile.Kind


def url(name: str, plan, *args, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"committee:{name}", args=[plan.slug, *args])


def candidacy_url(candidacy, language: str = "en") -> str:
    return url("candidacy", candidacy.round.committee.plan, candidacy.pk, language=language)


def text(html: str) -> str:
    """The page's text as read: tags and isolates out, spaces folded."""
    plain = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    plain = plain.replace("\u2068", "").replace("\u2069", "")
    return re.sub(r"\s+([,.:;)])", r"\1", plain)


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def pdf(name="document.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def scored(round, members, totals, **fields):
    candidacy = submitted(round, **fields)
    for member, total in zip(members, totals, strict=True):
        selection.score(
            candidacy, selector=member, points=points(total), comment=f"Commentaire de {member.name}."
        )
    return candidacy


def association(name: str):
    return AssociationFactory(name_fr=name, name_en=name, name_ar=name)


# --- The cast: every role but the association's own representatives.


def cast(round) -> dict:
    """Everyone who is not a representative of the candidacies' associations."""
    other_round = round_in("call")
    return {
        "citizen": UserFactory(),
        "representative of another association": representative()[0],
        "observer": selector(round, kind=K.MINISTRY).person,
        "scoring member": selector(round, kind=K.INDEPENDENT).person,
        "selector of another round": selector(other_round).person,
        "focal point": focal_point(InstitutionFactory()),
        "secretariat": secretary(),
    }


# --- The published round, built once for the module.


@built_once
def published():
    """A round of two seats, published: three scoring members and an
    observer; four complete candidacies scored (82, 76, 71, 41) — 76 and 71
    are a close pair across the line, decided for the lower on geography —,
    an incomplete one and a draft; two candidates for the seat, three votes."""
    round = round_in("scoring", seats=2)
    plan = round.committee.plan
    members = [
        selector(round, kind=K.CIVIL, name="Nadia Civile", organisation="Espace associatif"),
        selector(round, kind=K.PRIVATE, name="Omar Privé", organisation="CGEM"),
        selector(round, kind=K.UNIVERSITY, name="Laila Université", organisation="Université Mohammed V"),
    ]
    observer = selector(round, kind=K.MINISTRY, name="Hicham Observateur", organisation="Ministère")
    rep, alpha = representative(association("Association Alpha"))
    first = scored(
        round,
        members,
        [80, 82, 84],
        association=alpha,
        applicant=rep,
        name="Amina Alpha",
        region="Souss-Massa",
    )
    with_files(first, kinds=[KIND.CV])
    second = scored(
        round, members, [75, 76, 77], association=association("Association Beta"), name="Brahim Beta"
    )
    third = scored(
        round, members, [70, 71, 72], association=association("Association Gamma"), name="Ghita Gamma",
        region="Drâa-Tafilalet",
    )  # fmt: skip
    fourth = scored(
        round, members, [40, 41, 42], association=association("Association Delta"), name="Driss Delta"
    )
    incomplete_rep, epsilon = representative(association("Association Epsilon"))
    incomplete = submitted(round, complete=False, association=epsilon, applicant=incomplete_rep)
    draft = CandidacyFactory(
        round=round, association=association("Association Brouillon"), name="Zineb Brouillon"
    )
    secretariat = secretary()
    selection.decide_pair(
        round,
        by=secretariat,
        above=second,
        below=third,
        chosen=third,
        reason=PairDecision.Reason.GEOGRAPHY,
        explanation="Aucune association du Drâa-Tafilalet ne siège encore.",
    )
    seat_a = members[0].elected  # the civil-society member, elected
    seat_b = SeatCandidate.objects.create(
        round=round, association=AssociationFactory(), name="Karim Candidat"
    )
    for number, candidate in enumerate((seat_a, seat_a, seat_b)):
        voter = association(f"Association Votante {number}")
        SeatVote.objects.create(round=round, association=voter, candidate=candidate)
    selection.publish(round, by=secretariat)
    round.refresh_from_db()
    return {
        "round": round,
        "plan": plan,
        "members": members,
        "observer": observer,
        "rep": rep,
        "first": first,
        "second": second,
        "third": third,
        "fourth": fourth,
        "incomplete": incomplete,
        "incomplete_rep": incomplete_rep,
        "draft": draft,
    }


# --- The round's page.


def test_the_round_page_shows_the_call_its_dates_the_method_the_grid_and_the_selection_committee(client):
    round = round_in("call")
    selector(round, kind=K.INDEPENDENT, name="Souad Indépendante", organisation="INPPLC")
    selector(round, kind=K.INTERNATIONAL, name="Anna Observatrice", organisation="OCDE")
    selector(round, kind=K.PRIVATE, name="Omar Privé", organisation="CGEM")
    plain = text(page(client, url("selection", round.committee.plan)))
    assert "Call for candidacies open" in plain
    closes = round.call_closes_on
    assert f"The call is open until {closes.day} {closes:%B} {closes.year} included." in plain
    with translation.override("fr"):
        french = text(page(client, url("selection", round.committee.plan, language="fr")))
    assert "Notation des dossiers complets selon la grille." in french
    assert "The association's experience in open-government fields 20" in plain
    assert (
        "Experience mobilising civil society 15" in plain and "Experience using new technologies 5" in plain
    )
    assert "Total 100" in plain
    # The selection committee in the handbook's order, the observers said.
    assert plain.index("Omar Privé") < plain.index("Souad Indépendante") < plain.index("Anna Observatrice")
    assert "International organisation (observer)" in plain
    assert "Observers read the files and the scores; they do not score." in plain
    # Which documents are published is said before anything is sent.
    assert "Published with the results" in plain and "Never published CV of the person proposed" in plain
    assert f'href="{url("apply", round.committee.plan)}"' in page(
        client, url("selection", round.committee.plan)
    )


@pytest.mark.parametrize(
    ("stage", "said"),
    [("preparing", "The call opens on"), ("vote", "The call opens on"), ("scoring", "The call closed on")],
)
def test_outside_the_call_the_page_says_when_it_opens_or_closed_and_offers_no_form(client, stage, said):
    round = round_in(stage)
    html = page(client, url("selection", round.committee.plan))
    assert said in text(html)
    assert url("apply", round.committee.plan) not in html


def test_the_vote_count_is_public_and_who_voted_for_whom_is_not(client, published):
    plain = text(page(client, url("selection", published["plan"])))
    assert "The vote closed on" in plain
    assert re.search(r"Nadia Civile \S+ \d+ 2 Karim Candidat \S+ \d+ 1 Associations that voted 3", plain)
    assert "Association Votante" not in plain


def test_the_published_results_rank_every_candidate_with_each_members_points_and_the_mean(client, published):
    html = page(client, url("selection", published["plan"]))
    plain = text(html)
    assert "Results" in plain and "The line falls after the first 2 candidacies: 2 seats." in plain
    # The mean and the result, then each member's total in the order of the selection committee.
    assert "Rank Candidacy Mean Result Nadia Civile Omar Privé Laila Université" in plain
    assert re.search(r"1 Association Alpha Amina Alpha Souss-Massa 82.00 selected 80 82 84", plain)
    decided = "by decision on a close pair"
    assert re.search(rf"2 Association Beta Brahim Beta 76.00 not selected {decided} 75 76 77", plain)
    assert "Selection line" in plain
    assert re.search(
        rf"3 Association Gamma Ghita Gamma Drâa-Tafilalet 71.00 selected {decided} 70 71 72", plain
    )
    assert re.search(r"4 Association Delta Driss Delta 41.00 not selected 40 41 42", plain)
    # The decision on the close pair and its reason.
    assert "Association Beta and Association Gamma: 5.00 points apart across the line." in plain
    assert "The seat goes to Association Gamma. Decided on: geographic representation." in plain
    assert "Aucune association du Drâa-Tafilalet ne siège encore." in plain
    # The file not scored, without the secretariat's reason; the draft nowhere.
    assert "Association Epsilon — file incomplete" in plain and "Statuts non signés" not in plain
    assert "Brouillon" not in plain
    # The observer does not score: no column of theirs.
    assert "Hicham Observateur" in plain and plain.count("Hicham Observateur") == 1
    # Each candidacy's page linked.
    assert f'href="{candidacy_url(published["first"])}"' in html


def test_the_public_documents_are_linked_from_each_candidacys_page_and_the_cv_is_not(client, published):
    first = published["first"]
    assert f'href="{candidacy_url(first)}"' in page(client, url("selection", published["plan"]))
    html = page(client, candidacy_url(first))
    anonymous = AnonymousUser()
    public = first.enclosures.filter(kind__in=CandidacyFile.PUBLIC)
    assert public.count() == 2
    for document in public:
        assert f'href="{document.file.url}"' in html
        assert rules.can_see_candidacy_file(anonymous, document)  # what /files/ asks
    cv = first.enclosures.get(kind=KIND.CV)
    assert cv.file.url not in html
    assert not rules.can_see_candidacy_file(anonymous, cv)


def test_before_publication_the_page_shows_no_points(client):
    round = round_in("scoring", seats=1)
    members = [selector(round) for _ in range(2)]
    scored(round, members, [64, 66], association=association("Association Secrète"), name="Personne Secrète")
    plain = text(page(client, url("selection", round.committee.plan)))
    assert "files checked and scored" in plain.lower()
    assert "Association Secrète" not in plain and "65" not in plain and "64" not in plain
    assert "The results are published here, with the points each member gave." in plain


def test_a_plan_without_a_round_a_draft_plan_and_hostile_addresses_are_not_found(client, published):
    assert client.get(url("selection", CommitteeFactory().plan)).status_code == 404
    draft_plan = PlanFactory(status="draft")
    round_in("call", committee=CommitteeFactory(plan=draft_plan))
    assert client.get(url("selection", draft_plan)).status_code == 404
    slug = published["plan"].slug
    for path in (
        f"/en/plans/{slug}/committee/selection/candidacies/99999999999999999999/",
        f"/en/plans/{slug}/committee/selection/candidacies/9223372036854775808/",
        f"/en/plans/{slug}/committee/selection/candidacies/-1/",
        f"/en/plans/{slug}/committee/selection/candidacies/1%00/",
        f"/en/plans/{slug}%00/committee/selection/",
        f"/en/plans/%E2%80%AE{slug}/committee/selection/",
    ):
        assert client.get(path).status_code == 404, path
    # Words the page does not read are ignored.
    for value in ("\x00", "99999999999999999999", "\u202e"):
        assert client.get(url("selection", published["plan"]), {"page": value, "x": value}).status_code == 200
    # Another plan's candidacy is not found under this plan.
    other = round_in("call")
    assert client.get(url("candidacy", other.committee.plan, published["first"].pk)).status_code == 404


def test_the_committee_page_links_to_its_round(client, published):
    html = page(client, url("index", published["plan"]))
    assert f'href="{url("selection", published["plan"])}"' in html and "Results published" in text(html)
    assert url("selection", published["plan"]) not in page(client, url("index", CommitteeFactory().plan))


def test_the_page_is_kept_for_visitors_and_follows_a_change(client, published, django_assert_num_queries):
    path = url("selection", published["plan"])
    page(client, path)
    with django_assert_num_queries(0):
        page(client, path)
    PairDecision.objects.filter(round=published["round"]).update(explanation="Raison corrigée.")
    # A queryset update bypasses the signals: the family is bumped by hand, as the admin's would be.
    from committee.generations import COMMITTEE

    COMMITTEE.bump([published["plan"].pk])
    assert "Raison corrigée." in text(page(client, path))


# --- The vote.


def vote_scene():
    round = round_in("vote")
    first = SeatCandidate.objects.create(
        round=round, association=AssociationFactory(), name="Nadia Candidate"
    )
    second = SeatCandidate.objects.create(
        round=round, association=AssociationFactory(), name="Karim Candidat"
    )
    rep, voter = representative(association("Association Votante"))
    return round, first, second, rep, voter


def test_a_representative_casts_their_associations_vote_once(client):
    round, first, second, rep, voter = vote_scene()
    plan = round.committee.plan
    client.force_login(rep)
    html = page(client, url("selection", plan))
    assert 'action="{}"'.format(url("vote", plan)) in html and "Nadia Candidate" in html
    response = client.post(url("vote", plan), {"association": voter.pk, "candidate": first.pk})
    assert response.status_code == 302 and response["Location"].endswith("#vote")
    assert SeatVote.objects.get(round=round).candidate == first
    plain = text(page(client, url("selection", plan)))
    assert "Its vote for the selection committee's civil-society seat is recorded." in plain
    assert "Cast the vote" not in plain
    assert re.search(r"Nadia Candidate \S+ \S+ 1 Karim Candidat \S+ \S+ 0 Associations that voted 1", plain)
    # Another representative of the same association: refused in words, nothing more recorded.
    colleague = UserFactory()
    voter.representatives.add(colleague)
    client.force_login(colleague)
    response = client.post(url("vote", plan), {"association": voter.pk, "candidate": second.pk})
    assert response.status_code == 400
    assert "Association Votante has already voted: one vote per association." in text(
        response.content.decode()
    )
    assert SeatVote.objects.filter(round=round).count() == 1


def test_outside_the_vote_no_form_is_offered_and_a_vote_is_refused_saying_when(client):
    round = round_in("scoring")
    candidate = SeatCandidate.objects.create(round=round, association=AssociationFactory(), name="Tardif")
    rep, voter = representative()
    client.force_login(rep)
    plan = round.committee.plan
    assert "Cast the vote" not in page(client, url("selection", plan))
    response = client.post(url("vote", plan), {"association": voter.pk, "candidate": candidate.pk})
    assert response.status_code == 400 and "The vote closed on" in text(response.content.decode())
    assert not SeatVote.objects.filter(round__in=[round]).exists()


def test_forged_votes_of_every_other_role_are_refused_and_nothing_is_recorded(client):
    round, first, _second, _rep, voter = vote_scene()
    plan = round.committee.plan
    data = {"association": voter.pk, "candidate": first.pk}
    response = client.post(url("vote", plan), data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for role, user in cast(round).items():
        client.force_login(user)
        response = client.post(url("vote", plan), data)
        # A representative of another association names an association they
        # do not represent: not a choice of theirs; everyone else is refused.
        expected = 400 if role == "representative of another association" else 403
        assert response.status_code == expected, role
    assert not SeatVote.objects.filter(round__in=[round]).exists()


@pytest.mark.parametrize("value", ["\x00", "1\x00", "99999999999999999999", "abc", "\u202e1", "-1", ""])
def test_a_hostile_vote_is_answered_with_a_message(client, value):
    round, first, _second, rep, voter = vote_scene()
    client.force_login(rep)
    for data in (
        {"association": value, "candidate": first.pk},
        {"association": voter.pk, "candidate": value},
    ):
        response = client.post(url("vote", round.committee.plan), data)
        assert response.status_code == 400
        assert "errorlist" in response.content.decode()
    assert not SeatVote.objects.filter(round__in=[round]).exists()


def test_a_vote_for_a_candidate_of_another_round_is_refused(client):
    round, _first, _second, rep, voter = vote_scene()
    elsewhere = SeatCandidate.objects.create(
        round=round_in("vote"), association=AssociationFactory(), name="X"
    )
    client.force_login(rep)
    response = client.post(
        url("vote", round.committee.plan), {"association": voter.pk, "candidate": elsewhere.pk}
    )
    assert response.status_code == 400 and not SeatVote.objects.filter(round=round).exists()


# --- Applying.


def answers(**changed) -> dict:
    return {
        "name": "Hind Bennani",
        "region": "Casablanca-Settat",
        "experience": "Suivi du budget communal depuis 2016.",
        "mobilising": "Réseau de 30 associations.",
        "technology": "Carte interactive des projets communaux.",
        "implementing": "Suivre l'engagement 4.",
        "evaluating": "Enquête citoyenne à mi-parcours.",
        "drafting": "Ateliers dans six provinces.",
        **changed,
    }


def test_the_form_says_which_documents_are_published_before_anything_is_sent(client):
    round = round_in("call")
    rep, applying = representative(association("Association Candidate"))
    client.force_login(rep)
    html = page(client, url("apply", round.committee.plan))
    plain = text(html)
    assert "Association Candidate" in plain
    assert (
        "Published with the results, for everyone to read: statutes, activity report, legal registration "
        "receipt, other document. Never published: CV of the person proposed." in plain
    )
    assert "Required: statutes, activity report." in plain
    assert 'enctype="multipart/form-data"' in html
    assert "nothing is sent to the secretariat until you submit it" in plain
    assert "The selection committee scores this answer on 20 points." in plain


def test_a_representative_saves_a_draft_with_its_documents(client):
    round = round_in("call")
    rep, applying = representative(association("Association Candidate"))
    client.force_login(rep)
    data = {
        "association": applying.pk,
        **answers(experience="\u202bSuivi\u202c du budget"),
        "document_statutes": pdf("statuts.pdf"),
        "document_cv": pdf("cv.pdf"),
    }
    response = client.post(url("apply", round.committee.plan), data)
    candidacy = Candidacy.objects.get(round=round)
    assert response.status_code == 302 and response["Location"] == candidacy_url(candidacy)
    assert (candidacy.association, candidacy.applicant, candidacy.name) == (applying, rep, "Hind Bennani")
    assert candidacy.experience == "Suivi du budget"  # direction controls taken out
    assert candidacy.is_draft
    assert sorted(candidacy.enclosures.values_list("kind", flat=True)) == ["cv", "statutes"]
    assert all(
        name.startswith("committee/candidacies/")
        for name in candidacy.enclosures.values_list("file", flat=True)
    )
    # Its page: the draft form, what a submission still lacks.
    plain = text(page(client, candidacy_url(candidacy)))
    assert "draft, not submitted" in plain
    assert (
        "Still missing before it can be submitted: The file's documents — "
        "Attach the file's documents: activity report." in plain
    )
    # A second candidacy for the association: no form, the first linked.
    html = page(client, url("apply", round.committee.plan))
    assert "Each of your associations has its candidacy" in text(html)
    assert candidacy_url(candidacy) in html


def test_a_file_that_is_not_a_document_is_refused_in_the_users_language_keeping_what_was_typed(client):
    round = round_in("call")
    rep, applying = representative()
    client.force_login(rep)
    hostile = SimpleUploadedFile("statuts.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    data = {"association": applying.pk, **answers(), "document_statutes": hostile}
    with translation.override("fr"):
        path = url("apply", round.committee.plan, language="fr")
    response = client.post(path, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le contenu de ce fichier n'est pas d'un type accepté." in text(html)
    assert "Suivi du budget communal depuis 2016." in html and 'value="Hind Bennani"' in html
    assert not Candidacy.objects.filter(round=round).exists()


def test_an_association_applies_once(client):
    round = round_in("call")
    rep, applying = representative(association("Association Pressée"))
    CandidacyFactory(round=round, association=applying)
    client.force_login(rep)
    response = client.post(url("apply", round.committee.plan), {"association": applying.pk, **answers()})
    assert response.status_code == 400
    assert "Association Pressée already has a candidacy in this selection." in text(response.content.decode())
    assert Candidacy.objects.filter(round=round).count() == 1


@pytest.mark.parametrize(("stage", "said"), [("vote", "opens on"), ("scoring", "closed on")])
def test_outside_the_call_the_form_says_when_and_a_post_saves_nothing_but_keeps_the_text(client, stage, said):
    round = round_in(stage)
    rep, applying = representative()
    client.force_login(rep)
    path = url("apply", round.committee.plan)
    html = page(client, path)
    assert f"The call for candidacies {said}" in text(html) and "<textarea" not in html
    response = client.post(path, {"association": applying.pk, **answers(), "document_statutes": pdf()})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"The call for candidacies {said}" in text(html)
    assert "Suivi du budget communal depuis 2016." in html and "readonly" in html
    assert 'type="file"' not in html and "Save the draft" not in html
    assert not Candidacy.objects.filter(round=round).exists()


def test_the_application_form_is_for_representatives_and_forged_applications_record_nothing(client):
    round = round_in("call")
    _rep, applying = representative()
    path = url("apply", round.committee.plan)
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(path, {"association": applying.pk, **answers()}).status_code == 302
    for role, user in cast(round).items():
        client.force_login(user)
        response = client.post(path, {"association": applying.pk, **answers(), "document_statutes": pdf()})
        if role == "representative of another association":
            # Not one of their associations: not a choice.
            assert response.status_code == 400, role
        else:
            assert response.status_code == 403, role
            assert "Only the representatives of an association registered on the portal apply" in text(
                response.content.decode()
            )
    assert not Candidacy.objects.filter(round=round).exists()


# --- A candidacy's draft.


def draft_scene(stage="call"):
    round = round_in(stage)
    rep, applying = representative(association("Association Candidate"))
    candidacy = with_files(
        CandidacyFactory(round=round, association=applying, applicant=rep, name="Hind Bennani"),
        kinds=[KIND.STATUTES, KIND.OTHER],
    )
    return round, rep, candidacy


def test_a_draft_is_seen_by_its_associations_representatives_only(client):
    round, rep, candidacy = draft_scene()
    path = candidacy_url(candidacy)
    assert client.get(path).status_code == 404
    for role, user in cast(round).items():
        client.force_login(user)
        assert client.get(path).status_code == 404, role
    client.force_login(rep)
    html = page(client, path)
    assert "Only the association's representatives see a draft." in text(html)
    assert 'value="Hind Bennani"' in html and "Save and submit the candidacy" in html


def test_a_representative_changes_the_draft_replaces_a_document_and_takes_one_out(
    client, django_capture_on_commit_callbacks
):
    round, rep, candidacy = draft_scene()
    old_statutes = candidacy.enclosures.get(kind=KIND.STATUTES)
    other = candidacy.enclosures.get(kind=KIND.OTHER)
    storage = old_statutes.file.storage
    old_names = [old_statutes.file.name, other.file.name]
    client.force_login(rep)
    data = {
        **answers(name="Hind Bennani-Alaoui", drafting=""),
        "document_statutes": pdf("statuts-signés.pdf"),
        "document_activity_report": pdf("rapport.pdf"),
        "remove": [other.pk],
        "save": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(candidacy_url(candidacy), data)
    assert response.status_code == 302 and response["Location"] == candidacy_url(candidacy)
    candidacy.refresh_from_db()
    assert (candidacy.name, candidacy.drafting, candidacy.is_draft) == ("Hind Bennani-Alaoui", "", True)
    kinds = sorted(candidacy.enclosures.values_list("kind", flat=True))
    assert kinds == ["activity_report", "statutes"]
    assert candidacy.enclosures.get(kind=KIND.STATUTES).pk != old_statutes.pk
    # The files of the documents gone are gone too.
    assert not any(storage.exists(name) for name in old_names)


def test_a_submission_lacking_answers_or_documents_is_said_on_the_fields_and_stays_a_draft(client):
    round, rep, candidacy = draft_scene()
    client.force_login(rep)
    data = {**answers(drafting="  "), "submit": "1"}
    response = client.post(candidacy_url(candidacy), data)
    assert response.status_code == 400
    candidacy.refresh_from_db()
    assert candidacy.is_draft and candidacy.mobilising == "Réseau de 30 associations."  # saved, not submitted
    html = response.content.decode()
    plain = text(html)
    assert "Attach the file's documents: activity report." in plain
    assert "Answer this criterion: the selection committee scores the answers." in plain
    drafting = re.search(r"<textarea[^>]*name=\"drafting\"[^>]*>", html).group()
    assert 'aria-invalid="true"' in drafting
    assert CandidacyFile.objects.filter(candidacy=candidacy).count() == 2


def test_a_complete_draft_is_submitted_and_can_no_longer_be_changed(client):
    round, rep, candidacy = draft_scene()
    client.force_login(rep)
    data = {**answers(), "document_activity_report": pdf("rapport.pdf"), "submit": "1"}
    response = client.post(candidacy_url(candidacy), data)
    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert not candidacy.is_draft
    assert candidacy.events.get().to_status == "submitted"
    html = page(client, candidacy_url(candidacy))
    plain = text(html)
    assert "submitted, file being checked" in plain and "<textarea" not in html
    assert "Suivi du budget communal depuis 2016." in plain
    # The CV line says it is never published; here the association sees every document.
    assert "Statutes published with the results" in plain
    # A change forged after the submission: refused, nothing saved, the text kept.
    response = client.post(candidacy_url(candidacy), {**answers(name="Autre Personne"), "save": ""})
    assert response.status_code == 400
    assert "This candidacy has been submitted: it can no longer be changed." in text(
        response.content.decode()
    )
    assert 'value="Autre Personne"' in response.content.decode()
    candidacy.refresh_from_db()
    assert candidacy.name == "Hind Bennani"


def test_a_third_consecutive_term_is_refused_at_submission_naming_the_two_earlier_terms(client, request):
    committees, round = request.getfixturevalue("three_terms")
    rep, applying = representative(association("Association Fidèle"))
    for committee in committees[:2]:
        MembershipFactory(committee=committee, association=applying)
    candidacy = with_files(CandidacyFactory(round=round, association=applying, applicant=rep))
    client.force_login(rep)
    response = client.post(candidacy_url(candidacy), {**answers(), "submit": "1"})
    assert response.status_code == 400
    plain = text(response.content.decode())
    assert "Association Fidèle already sat for civil society in the two previous terms" in plain
    assert plain.index("Action plan 1 (2021-2022)") < plain.index("Action plan 2 (2023-2024)")
    candidacy.refresh_from_db()
    assert candidacy.is_draft


def test_after_the_call_a_draft_is_read_only_and_a_change_saves_nothing_but_keeps_the_text(client):
    round, rep, candidacy = draft_scene("scoring")
    client.force_login(rep)
    html = page(client, candidacy_url(candidacy))
    plain = text(html)
    assert "The call for candidacies closed on" in plain and "can no longer be changed nor submitted" in plain
    assert "<textarea" not in html and "Réseau de 40 associations dans la région." in plain
    response = client.post(candidacy_url(candidacy), {**answers(name="Trop Tard"), "submit": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "The call for candidacies closed on" in text(html)
        and 'value="Trop Tard"' in html
        and "readonly" in html
    )
    candidacy.refresh_from_db()
    assert candidacy.is_draft and candidacy.name == "Hind Bennani"


def test_forged_changes_of_every_other_role_are_refused_and_nothing_is_changed(client):
    round, rep, candidacy = draft_scene()
    path = candidacy_url(candidacy)
    data = {**answers(name="Usurpateur"), "document_statutes": pdf(), "submit": "1"}
    assert client.post(path, data).status_code == 404  # anonymous: a draft is nobody else's
    for role, user in cast(round).items():
        client.force_login(user)
        assert client.post(path, data).status_code == 404, role
    candidacy.refresh_from_db()
    assert candidacy.name == "Hind Bennani" and candidacy.is_draft
    assert candidacy.enclosures.count() == 2


def test_a_document_of_another_candidacy_is_not_taken_out(client):
    round, rep, candidacy = draft_scene()
    _other_round, _other_rep, other = draft_scene()
    client.force_login(rep)
    theirs = other.enclosures.first()
    for value in (theirs.pk, "\x00", "99999999999999999999", "\u202e"):
        response = client.post(candidacy_url(candidacy), {**answers(), "remove": [value], "save": ""})
        assert response.status_code == 400
    assert other.enclosures.count() == 2 and candidacy.enclosures.count() == 2


# --- A candidacy once published.


def test_a_published_candidacy_shows_its_answers_public_documents_and_each_members_points(client, published):
    first = published["first"]
    html = page(client, candidacy_url(first))
    plain = text(html)
    assert "Candidacy of Association Alpha" in plain and "selected" in plain
    assert "Person proposed Amina Alpha Region Souss-Massa" in plain
    assert "Suivi budgétaire local depuis 2015." in plain
    assert "Mean of the members' totals 82.00 out of 100 Rank 1" in plain
    for member, total in zip(published["members"], (80, 82, 84), strict=True):
        row = " ".join(str(v) for v in points(total).values())
        assert f"{member.name} {capfirst(member.get_kind_display())} {row} {total}" in plain
        assert f"Commentaire de {member.name}." in plain
    assert "Hicham Observateur" not in plain
    for document in first.enclosures.all():
        assert (document.file.url in html) == document.is_public
    # Its association's representative sees every document, the CV too.
    client.force_login(published["rep"])
    html = page(client, candidacy_url(first))
    assert first.enclosures.get(kind=KIND.CV).file.url in html and "never published" in html


def test_an_incomplete_file_is_public_once_published_without_the_secretariats_reason(client, published):
    incomplete = published["incomplete"]
    plain = text(page(client, candidacy_url(incomplete)))
    assert "file incomplete: not scored" in plain and "Statuts non signés." not in plain
    assert "Points" not in plain
    client.force_login(published["incomplete_rep"])
    plain = text(page(client, candidacy_url(incomplete)))
    assert "The file is incomplete and will not be scored." in plain and "Statuts non signés." in plain


def test_a_draft_stays_hidden_once_published_and_a_forged_change_is_refused(client, published):
    assert client.get(candidacy_url(published["draft"])).status_code == 404
    path = candidacy_url(published["first"])
    response = client.post(path, {**answers(), "save": ""})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for role, user in cast(published["round"]).items():
        client.force_login(user)
        assert client.post(path, {**answers(), "save": ""}).status_code == 403, role
    client.force_login(published["rep"])
    response = client.post(path, {**answers(name="Autre"), "save": ""})
    assert response.status_code == 400  # closed: refused, nothing saved
    assert Candidacy.objects.get(pk=published["first"].pk).name == "Amina Alpha"


# --- Queries: the same whatever the number of candidacies and members.


def a_published_round(n: int):
    round = round_in("scoring", seats=max(1, n // 2))
    members = [selector(round, kind=kind) for kind in (K.CIVIL, K.PRIVATE, K.UNIVERSITY)]
    members += [selector(round) for _ in range(n)]
    selector(round, kind=K.MINISTRY)
    candidacies = [scored(round, members, [90 - 15 * i] * len(members)) for i in range(n)]
    for _ in range(n):
        submitted(round, complete=False)
    for _ in range(n):
        SeatVote.objects.create(
            round=round,
            association=AssociationFactory(),
            candidate=SeatCandidate.objects.create(round=round, association=AssociationFactory(), name="S"),
        )
    selection.publish(round, by=secretary())
    return round.committee.plan, candidacies[0]


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_round_and_candidacy_pages_run_as_many_queries_for_n_as_for_3n_candidacies(client):
    small_plan, small = a_published_round(2)
    large_plan, large = a_published_round(6)
    public_plans()  # read once for both: what is counted is the pages' own
    assert count(client, url("selection", small_plan)) == count(client, url("selection", large_plan))
    assert count(client, candidacy_url(small)) == count(client, candidacy_url(large))
    rep = UserFactory()
    small.association.representatives.add(rep)
    large.association.representatives.add(rep)  # the plans' generation moves: read them again
    public_plans()
    client.force_login(rep)
    assert count(client, url("selection", small_plan)) == count(client, url("selection", large_plan))
    assert count(client, candidacy_url(small)) == count(client, candidacy_url(large))


def test_the_published_round_page_for_visitors_has_a_budget_of_queries(client, published):
    # The committee and its round; the selection committee, the count, the
    # figures; the ranking (files, scores, decisions), the scoring members,
    # the public documents, the files not scored.
    assert count(client, url("selection", published["plan"])) <= 14


def test_a_signed_in_representative_is_served_the_page_never_kept_for_others(client, published):
    client.force_login(published["rep"])
    response = client.get(url("selection", published["plan"]))
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    plain = text(response.content.decode())
    assert "The association you represent" in plain and "Association Alpha" in plain
    assert timezone.localdate() > published["round"].call_closes_on
    assert "Apply for a civil-society seat" not in plain
    assert Membership.objects.filter(committee=published["round"].committee).count() == 2
