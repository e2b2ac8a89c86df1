"""The selection committee's area (committee.area_selection): who gets in
(the members of a round's selection committee, observers included, each to
their own round's complete files), scoring on the grid with its bounds said
in the user's language and what was typed kept, the other members' points
hidden until every member has scored every file, observers who read and
never score, forged posts by every other role, the call still open and the
results published, hostile addresses and values, the members' area's link,
and the queries, constant as the files, members and scores grow."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from committee import selection
from committee.models import CandidacyFile, PairDecision, Score, Selector
from core.bidi import isolate
from tests.committee.factories import MembershipFactory
from tests.committee.selection_factories import (
    CandidacyFactory,
    points,
    representative,
    round_in,
    selector,
    submitted,
    with_files,
)
from tests.conftest import built_once
from tests.factories import AssociationFactory, InstitutionFactory, UserFactory
from tests.workshops.staff import focal_point, secretariat

pytestmark = pytest.mark.django_db
K = Selector.Kind


def fr(msgid: str, **values) -> str:
    """A message as the French page shows it (its translation once the
    catalogue has it, the English until then)."""
    with translation.override("fr"):
        text = translation.gettext(msgid)
    return text % values if values else text


def url(name: str, *args, language: str = "fr") -> str:
    with translation.override(language):
        return reverse(f"committee:{name}", args=args)


def score_url(candidacy, language: str = "fr") -> str:
    return url("score", candidacy.pk, language=language)


@built_once
def cast():
    """A round whose call has closed (scoring): four scoring members (civil,
    private, university, an independent body) and two observers; three
    complete files, one incomplete, one unchecked, one draft. Another round
    with its own member and complete file. And everyone else."""
    round = round_in("scoring", seats=1, committee__plan__title_fr="Plan d'action national 2026-2028")
    members = {
        "civil": selector(round, K.CIVIL, name="Salma Civile"),
        "private": selector(round, K.PRIVATE, name="Karim Privé"),
        "university": selector(round, K.UNIVERSITY, name="Leila Université"),
        "independent": selector(round, K.INDEPENDENT, name="Youssef Instance"),
    }
    observers = {
        "ministry": selector(round, K.MINISTRY, name="Observateur ministère"),
        "international": selector(round, K.INTERNATIONAL, name="Observatrice internationale"),
    }
    for seat in [*members.values(), *observers.values()]:
        seat.person.language = "fr"
        seat.person.save()
    files = {
        name: submitted(
            round,
            association=AssociationFactory(name_fr=f"Association {name}"),
            region="Souss-Massa",
            name=f"Personne {name}",
        )
        for name in ("alpha", "beta", "gamma")
    }
    files["alpha"].experience = "Suivi budgétaire participatif à Agadir depuis 2015."
    files["alpha"].save()
    incomplete = submitted(
        round, complete=False, association=AssociationFactory(name_fr="Association incomplète")
    )
    unchecked = submitted(
        round, complete=None, association=AssociationFactory(name_fr="Association non vérifiée")
    )
    draft = CandidacyFactory(round=round, association=AssociationFactory(name_fr="Association brouillon"))
    other_round = round_in("scoring")
    other_member = selector(other_round, K.PRIVATE, name="Membre d'un autre comité")
    other_file = submitted(other_round, association=AssociationFactory(name_fr="Association ailleurs"))
    own_rep, _ = representative(files["alpha"].association, language="fr")
    other_rep, _ = representative(language="fr")
    return {
        "round": round,
        "members": members,
        "observers": observers,
        "files": files,
        "incomplete": incomplete,
        "unchecked": unchecked,
        "draft": draft,
        "other_member": other_member,
        "other_file": other_file,
        "citizen": UserFactory(language="fr"),
        "own_rep": own_rep,
        "other_rep": other_rep,
        "focal": focal_point(InstitutionFactory(), "focal-selection@example.org"),
        "secretariat": secretariat("secretariat-selection@example.org"),
    }


def score_all(cast, total_of=lambda member, name: 60):
    for member in cast["members"].values():
        for name, candidacy in cast["files"].items():
            selection.score(
                candidacy,
                selector=member,
                points=points(total_of(member, name)),
                comment=f"Avis de {member.name}",
            )


def valid(total: int = 50, comment: str = "Expérience solide, propositions précises.") -> dict:
    return {**points(total), "comment": comment}


# --- Who gets in.


def test_a_member_lists_the_complete_files_of_their_round_only(client, cast):
    client.force_login(cast["members"]["private"].person)
    response = client.get(url("scoring"))
    assert response.status_code == 200
    html = response.content.decode()
    for candidacy in cast["files"].values():
        assert score_url(candidacy) in html and candidacy.association.name_fr in html
    for name in ("incomplete", "unchecked", "draft"):
        assert cast[name].association.name_fr not in html
    assert cast["other_file"].association.name_fr not in html and score_url(cast["other_file"]) not in html
    assert "Plan d&#x27;action national 2026-2028" in html
    # Their own progress, and nobody's points yet.
    assert fr("Complete files you have scored: %(scored)s of %(total)s.", scored=0, total=3) in html
    assert (
        fr(
            "Scores recorded by the selection committee: %(recorded)s of %(expected)s.",
            recorded=0,
            expected=12,
        )
        in html
    )


@pytest.mark.parametrize("role", ["citizen", "own_rep", "other_rep", "focal", "secretariat"])
def test_anyone_not_on_a_selection_committee_finds_nothing(client, cast, role):
    client.force_login(cast[role])
    assert client.get(url("scoring")).status_code == 404
    for candidacy in cast["files"].values():
        assert client.get(score_url(candidacy)).status_code == 404


def test_an_anonymous_visitor_is_asked_to_sign_in(client, cast):
    for address in (url("scoring"), score_url(cast["files"]["alpha"])):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("which", ["incomplete", "unchecked", "draft", "other_file"])
def test_a_file_not_complete_or_of_another_round_is_not_found(client, cast, which):
    client.force_login(cast["members"]["private"].person)
    assert client.get(score_url(cast[which])).status_code == 404
    assert client.post(score_url(cast[which]), valid()).status_code == 404
    assert not Score.objects.exists()


def test_a_member_of_another_round_finds_nothing_of_this_one(client, cast):
    client.force_login(cast["other_member"].person)
    html = client.get(url("scoring")).content.decode()
    assert cast["other_file"].association.name_fr in html
    assert cast["files"]["alpha"].association.name_fr not in html
    assert client.get(score_url(cast["files"]["alpha"])).status_code == 404


# --- Reading a file and scoring it.


def test_the_file_shows_its_answers_documents_and_the_grid_with_each_maximum(client, cast):
    candidacy = cast["files"]["alpha"]
    # The files, in this test's media folder; a CV too (not published with the results).
    candidacy.enclosures.all().delete()
    with_files(candidacy, [*CandidacyFile.REQUIRED, CandidacyFile.Kind.CV])
    client.force_login(cast["members"]["private"].person)
    response = client.get(score_url(candidacy))
    html = response.content.decode()
    assert "Suivi budgétaire participatif à Agadir depuis 2015." in html
    assert "Personne alpha" in html and "Souss-Massa" in html
    # The documents, through the protected files' view (its rule: the round's members).
    for document in candidacy.enclosures.all():
        assert document.file.url in html
        assert client.get(document.file.url).status_code == 200
    # One number per criterion with its maximum; the comment.
    for name, maximum in (("experience", 20), ("mobilising", 15), ("technology", 5), ("drafting", 20)):
        field = re.search(rf'<input type="number" name="{name}"[^>]*>', html)[0]
        assert f'max="{maximum}"' in field and 'min="0"' in field
        assert fr("Out of %(maximum)d points.", maximum=maximum) in html
    assert 'name="comment"' in html


def test_a_member_scores_a_file_and_finds_it_in_their_progress(client, cast):
    member = cast["members"]["private"]
    candidacy = cast["files"]["beta"]
    client.force_login(member.person)
    response = client.post(score_url(candidacy), valid(72))
    assert response.status_code == 302
    assert response["Location"] == f"{url('scoring')}#round-{cast['round'].pk}"
    row = Score.objects.get()
    assert (row.candidacy, row.selector, row.total) == (candidacy, member, 72)
    assert row.comment == "Expérience solide, propositions précises."
    page = client.get(response["Location"])
    html = page.content.decode()
    saved = fr(
        "Your points for %(association)s are saved.", association=isolate(candidacy.association.name_fr)
    )
    assert saved in html
    assert fr("Complete files you have scored: %(scored)s of %(total)s.", scored=1, total=3) in html
    assert (
        fr(
            "Scores recorded by the selection committee: %(recorded)s of %(expected)s.",
            recorded=1,
            expected=12,
        )
        in html
    )
    # Back on the file: the points kept in the form, to change until published.
    html = client.get(score_url(candidacy)).content.decode()
    assert re.search(r'<input type="number" name="experience" value="20"', html)
    assert "Expérience solide, propositions précises." in html


def test_points_are_changed_until_the_results_are_published(client, cast):
    member = cast["members"]["private"]
    candidacy = cast["files"]["beta"]
    selection.score(candidacy, selector=member, points=points(40), comment="Premier avis")
    client.force_login(member.person)
    assert client.post(score_url(candidacy), valid(55, "Avis revu")).status_code == 302
    row = Score.objects.get()
    assert (row.total, row.comment) == (55, "Avis revu")


@pytest.mark.parametrize(
    ("field", "value", "maximum"),
    [
        ("experience", "21", 20),
        ("mobilising", "16", 15),
        ("technology", "6", 5),
        ("drafting", "-1", 20),
        ("evaluating", "abc", 20),
        ("implementing", "", 20),
        ("technology", "2.5", 5),
        ("experience", "99999999999999999999", 20),
        ("experience", "1\x00", 20),
    ],
)
def test_a_point_out_of_bounds_is_refused_in_the_users_language_keeping_what_was_typed(
    client, cast, field, value, maximum
):
    client.force_login(cast["members"]["private"].person)
    data = {**valid(), field: value, "comment": "Un avis que je ne veux pas retaper"}
    response = client.post(score_url(cast["files"]["alpha"]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert fr("A whole number from 0 to %(maximum)d.", maximum=maximum) in html
    assert fr("Please correct the fields marked below. Nothing was saved.") in html
    assert "Un avis que je ne veux pas retaper" in html
    # The other points typed are still there.
    others = [name for name in points(50) if name != field]
    for name in others:
        assert re.search(rf'name="{name}" value="{data[name]}"', html), name
    assert not Score.objects.exists()


def test_the_errors_are_said_in_arabic_on_the_arabic_page(client, cast):
    client.force_login(cast["members"]["private"].person)
    response = client.post(
        score_url(cast["files"]["alpha"], "ar"), {**valid(), "experience": "25", "comment": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        assert translation.gettext("A whole number from 0 to %(maximum)d.") % {"maximum": 20} in html
        assert translation.gettext("Explain the points in a comment: it is published with them.") in html


def test_direction_controls_are_taken_out_of_the_comment(client, cast):
    client.force_login(cast["members"]["private"].person)
    response = client.post(score_url(cast["files"]["alpha"]), valid(comment="\u202eملف جيد\u202c 2023"))
    assert response.status_code == 302
    assert Score.objects.get().comment == "ملف جيد 2023"


# --- The other members' points hidden until every member has scored.


def test_a_member_reads_only_their_own_points_until_every_member_has_scored(client, cast):
    private, university = cast["members"]["private"], cast["members"]["university"]
    candidacy = cast["files"]["alpha"]
    selection.score(candidacy, selector=university, points=points(87), comment="Avis secret de Leila")
    client.force_login(private.person)
    html = client.get(score_url(candidacy)).content.decode()
    assert "Avis secret de Leila" not in html and ">87 " not in html
    assert (
        fr("The other members' points are shown here once every member has scored every complete file.")
        in html
    )
    index = client.get(url("scoring")).content.decode()
    assert "Leila Université" not in index and "87" not in index
    # The observers read nothing either, yet.
    client.force_login(cast["observers"]["ministry"].person)
    assert "Avis secret de Leila" not in client.get(score_url(candidacy)).content.decode()


def test_once_every_member_has_scored_every_file_all_points_the_means_and_the_ranking_show(client, cast):
    totals = {"alpha": 80, "beta": 75, "gamma": 40}
    score_all(cast, lambda member, name: totals[name] + (1 if member.kind == K.CIVIL else 0))
    client.force_login(cast["members"]["private"].person)
    html = client.get(url("scoring")).content.decode()
    for member in cast["members"].values():
        assert member.name in html
    # The means (alpha: (81 + 80 × 3) / 4 = 80.25), ranked, the line after one seat.
    assert "80.25" in html and "75.25" in html and "40.25" in html
    assert html.index("Association alpha") < html.index("Association beta") < html.index("Association gamma")
    assert 'class="selection-line"' in html
    # alpha and beta are 5 points apart across the line: flagged, awaiting a decision.
    assert fr("Awaiting the selection committee's decision.") in html
    # The file's page shows every member's points and comments.
    page = client.get(score_url(cast["files"]["gamma"])).content.decode()
    for member in cast["members"].values():
        assert f"Avis de {member.name}" in page
    # An observer too.
    client.force_login(cast["observers"]["international"].person)
    page = client.get(score_url(cast["files"]["gamma"])).content.decode()
    assert "Avis de Salma Civile" in page and "Avis de Karim Privé" in page


def test_a_decided_pair_shows_who_takes_the_seat_and_why(client, cast):
    score_all(cast, lambda member, name: {"alpha": 80, "beta": 75, "gamma": 40}[name])
    alpha, beta = cast["files"]["alpha"], cast["files"]["beta"]
    selection.decide_pair(
        cast["round"],
        by=cast["secretariat"],
        above=alpha,
        below=beta,
        chosen=beta,
        reason=PairDecision.Reason.GEOGRAPHY,
        explanation="Aucune association du Sud n'est représentée.",
    )
    client.force_login(cast["members"]["civil"].person)
    html = client.get(url("scoring")).content.decode()
    assert "Aucune association du Sud n&#x27;est représentée." in html
    with translation.override("fr"):
        reason = str(PairDecision.Reason.GEOGRAPHY.label)
    assert reason in html


# --- Observers read, never score.


def test_an_observer_reads_the_files_without_any_form(client, cast):
    observer = cast["observers"]["ministry"]
    client.force_login(observer.person)
    index = client.get(url("scoring")).content.decode()
    assert score_url(cast["files"]["alpha"]) in index
    assert fr("to score") not in index and fr("My points (out of %(maximum)s)", maximum=100) not in index
    html = client.get(score_url(cast["files"]["alpha"])).content.decode()
    assert "Suivi budgétaire participatif" in html
    assert (
        'name="experience"' not in html
        and 'method="post" action="' + score_url(cast["files"]["alpha"]) not in html
    )
    assert (
        fr(
            "You observe this selection: you read the complete files and, once every member has scored them, "
            "the points each member gave. Observers do not score."
        )
        in html
    )


@pytest.mark.parametrize("observer", ["ministry", "international"])
def test_an_observers_forged_post_is_refused_and_nothing_saved(client, cast, observer):
    client.force_login(cast["observers"][observer].person)
    response = client.post(score_url(cast["files"]["alpha"]), valid())
    assert response.status_code == 403
    assert not Score.objects.exists()


# --- Forged posts by every other role.


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("citizen", 404),
        ("own_rep", 404),
        ("other_rep", 404),
        ("focal", 404),
        ("secretariat", 404),
        ("other_member", 404),
    ],
)
def test_a_forged_post_by_any_other_role_is_not_found_and_saves_nothing(client, cast, role, status):
    user = cast[role].person if role == "other_member" else cast[role]
    client.force_login(user)
    assert client.post(score_url(cast["files"]["alpha"]), valid()).status_code == status
    assert not Score.objects.exists()


def test_an_anonymous_post_saves_nothing(client, cast):
    response = client.post(score_url(cast["files"]["alpha"]), valid())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Score.objects.exists()


def test_an_inactive_member_is_refused(client, cast):
    member = cast["members"]["private"]
    member.person.is_active = False
    member.person.save()
    client.force_login(member.person)
    assert client.post(score_url(cast["files"]["alpha"]), valid()).status_code in (302, 404)
    assert not Score.objects.exists()


# --- The call still open, the results published.


def test_while_the_call_is_open_the_file_is_read_and_a_post_refused_with_what_was_typed_shown(client):
    round = round_in("call")
    member = selector(round, K.PRIVATE)
    candidacy = submitted(round)
    client.force_login(member.person)
    html = client.get(score_url(candidacy)).content.decode()
    assert escape(fr("The files are scored once the call for candidacies has closed.")) in html
    assert 'name="experience"' not in html
    response = client.post(score_url(candidacy), valid(comment="Avis trop tôt"))
    assert response.status_code == 409
    assert "Avis trop tôt" in response.content.decode()
    assert not Score.objects.exists()
    index = client.get(url("scoring")).content.decode()
    assert escape(fr("The files are scored once the call for candidacies has closed.")) in index


def test_once_the_results_are_published_the_points_no_longer_change(client, cast):
    score_all(cast, lambda member, name: {"alpha": 90, "beta": 70, "gamma": 40}[name])
    round = cast["round"]
    # Published (the rules of publication are committee.selection's tests').
    round.published_at = timezone.now()
    round.save()
    member = cast["members"]["private"]
    client.force_login(member.person)
    html = client.get(score_url(cast["files"]["alpha"])).content.decode()
    assert 'name="experience"' not in html
    assert fr("The results are published: the scores can no longer change.") in html
    response = client.post(score_url(cast["files"]["alpha"]), valid(10))
    assert response.status_code == 409
    assert Score.objects.get(candidacy=cast["files"]["alpha"], selector=member).total == 90


# --- Hostile addresses and values.


@pytest.mark.parametrize("value", ["\x00", "1\x00", "99999999999999999999", "abc", "\u202e", "-1"])
def test_hostile_query_values_are_ignored(client, cast, value):
    client.force_login(cast["members"]["private"].person)
    for address in (url("scoring"), score_url(cast["files"]["alpha"])):
        assert client.get(address, {"page": value, "round": value, "q": value}).status_code == 200


@pytest.mark.parametrize("pk", ["99999999999999999999", "2147483648", "0"])
def test_an_impossible_file_number_is_not_found(client, cast, pk):
    client.force_login(cast["members"]["private"].person)
    assert client.get(f"/fr/committee/selection/my/{pk}/").status_code == 404
    assert client.post(f"/fr/committee/selection/my/{pk}/", valid()).status_code == 404


def test_a_nul_byte_in_the_comment_is_refused_in_words(client, cast):
    client.force_login(cast["members"]["private"].person)
    response = client.post(score_url(cast["files"]["alpha"]), valid(comment="avis\x00caché"))
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "\x00" not in Score.objects.get().comment


# --- The members' area.


def test_a_committee_member_sitting_on_a_selection_committee_finds_the_link_in_their_area(client, cast):
    person = cast["members"]["civil"].person
    MembershipFactory(committee=cast["round"].committee, person=person)
    client.force_login(person)
    html = client.get("/fr/committee/my/").content.decode()
    assert url("scoring") in html


def test_a_selection_member_who_holds_no_seat_is_taken_to_the_files_from_the_members_area(client, cast):
    client.force_login(cast["members"]["university"].person)
    response = client.get("/fr/committee/my/")
    assert response.status_code == 302 and response["Location"] == url("scoring")
    # A committee member who is on no selection committee: no link.
    seat = MembershipFactory(committee=cast["round"].committee)
    client.force_login(seat.person)
    assert url("scoring") not in client.get("/fr/committee/my/").content.decode()


# --- Queries: as many for n files, members and scores as for 3n.


def grow(round, files: int, independents: int) -> list[Selector]:
    """Adds files and independent members to `round`, every member scoring every file."""
    for i in range(independents):
        selector(round, K.INDEPENDENT, name=f"Instance {round.pk}-{i}")
    for i in range(files):
        submitted(round, association=AssociationFactory(name_fr=f"Association {round.pk}-{i:03}"))
    members = list(selection.scorers(round))
    for candidacy in selection.scored_files(round):
        for member in members:
            selection.score(candidacy, selector=member, points=points(50 + candidacy.pk % 7), comment="Avis")
    return members


def count(client, address) -> int:
    client.get(address)  # the session, the public plans: once per test, not per page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("scored", [False, True])
def test_the_pages_run_as_many_queries_for_n_as_for_3n_files_members_and_scores(client, cast, scored):
    small, large = round_in("scoring"), round_in("scoring")
    one = selector(small, K.PRIVATE)
    three = selector(large, K.PRIVATE)
    grow(small, 3, 1)
    grow(large, 9, 3)
    if not scored:
        # One file left unscored by another member: the points hidden.
        for round in (small, large):
            Score.objects.filter(candidacy__round=round).exclude(selector__kind=K.PRIVATE).first().delete()
    counts = []
    for member, round in ((one, small), (three, large)):
        client.force_login(member.person)
        first = selection.scored_files(round).first()
        counts.append((count(client, url("scoring")), count(client, score_url(first))))
    assert counts[0] == counts[1], counts
    # The index: session, user, seats; per round the ranking (3), the scoring
    # members, the recusals (3), the points visible (7), every member scored (5).
    # The file: the same less the ranking, plus the file, its documents, the recusal and the
    # member's points.
    assert counts[0][0] <= 22 and counts[0][1] <= 21, counts
