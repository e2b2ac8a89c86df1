"""The secretariat's side of the selection in the admin
(committee.admin_selection): a round's dates and members said in words, the
moves each on a page that says what it does or why not yet, the files
checked, the ranking and its close pairs decided, candidacies, votes and
scores never written; every other role's forged POSTs changing nothing;
hostile addresses answered with a 404 or a message; the same queries
whatever the number of rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committee import selection
from committee.models import (
    Candidacy,
    CandidacyEvent,
    Membership,
    PairDecision,
    Score,
    SeatCandidate,
    SeatVote,
    SelectionEvent,
    SelectionRound,
    Selector,
)
from core.models import Notification
from tests.admin.posted import posted
from tests.committee.factories import CommitteeFactory, MembershipFactory
from tests.committee.members_cast import admin_url, other_roles, secretariat_user, words
from tests.committee.selection_factories import (
    CandidacyFactory,
    dates,
    points,
    representative,
    round_in,
    selector,
    submitted,
    with_files,
)
from tests.factories import AssociationFactory, MemberFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Selector.Kind


@pytest.fixture
def secretariat():
    return secretariat_user()


def scored(round, members, totals, **fields) -> Candidacy:
    candidacy = submitted(round, **fields)
    for member, total in zip(members, totals, strict=True):
        selection.score(candidacy, selector=member, points=points(total), comment="Vu.")
    return candidacy


def close_pair():
    """A round with one seat, two scoring members and an observer, two
    complete files 5 points apart (a flagged pair), one unchecked file."""
    round = round_in("scoring", seats=1)
    members = [selector(round, K.PRIVATE), selector(round, K.UNIVERSITY)]
    observer = selector(round, K.MINISTRY)
    first = scored(round, members, [80, 82], region="Rabat-Salé-Kénitra")
    second = scored(round, members, [75, 77], region="Drâa-Tafilalet")
    rep, association = representative(language="en")
    unchecked = submitted(round, complete=None, association=association, applicant=rep)
    return round, members, observer, first, second, unchecked


def voted(round, counts=(2, 1)) -> list[SeatCandidate]:
    """Seat candidates with `counts` votes each (written to the database: the vote is tested elsewhere)."""
    candidates = []
    for n, count in enumerate(counts):
        candidate = SeatCandidate.objects.create(
            round=round, association=AssociationFactory(), name=f"Élu {n}"
        )
        for _ in range(count):
            SeatVote.objects.create(round=round, association=AssociationFactory(), candidate=candidate)
        candidates.append(candidate)
    return candidates


def round_post(**changes) -> dict:
    data = {
        "committee": CommitteeFactory().pk,
        "seats": "3",
        "method_ar": "منهجية",
        "method_fr": "Méthode",
        "method_en": "",
        **{key: value.isoformat() for key, value in dates("call").items()},
        "seat_candidates-TOTAL_FORMS": "0",
        "seat_candidates-INITIAL_FORMS": "0",
        "selectors-TOTAL_FORMS": "0",
        "selectors-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


# --- Rounds.


def test_the_secretariat_adds_a_round_and_each_date_out_of_order_is_said_on_its_field(client, secretariat):
    client.force_login(secretariat)
    url = admin_url("selectionround_add")
    call = dates("call")
    refused = client.post(
        url,
        round_post(
            seats="0",
            vote_closes_on=(call["vote_opens_on"] - timedelta(days=1)).isoformat(),
            call_opens_on=(call["vote_opens_on"] - timedelta(days=2)).isoformat(),
            call_closes_on=(call["vote_opens_on"] - timedelta(days=3)).isoformat(),
            method_fr="Méthode tapée",
        ),
    )
    assert refused.status_code == 200
    form = refused.context["adminform"].form
    assert set(form.errors) == {"seats", "vote_closes_on", "call_closes_on", "call_opens_on"}
    text = words(refused)
    assert "At least one seat." in text
    assert "The vote closes on or after the day it opens." in text
    assert "The call for candidacies opens on or after the day the vote opens" in text
    assert "Méthode tapée" in refused.content.decode()  # what was typed is kept
    assert not SelectionRound.objects.exists()
    accepted = client.post(url, round_post())
    assert accepted.status_code == 302
    assert SelectionRound.objects.get().seats == 3


def test_the_selection_committee_is_named_by_accounts_typed_and_the_civil_seat_comes_from_the_vote(
    client, secretariat
):
    round = round_in("call")
    client.force_login(secretariat)
    url = admin_url("selectionround_change", round.pk)
    data = posted(client.get(url), "selectionround_form")
    known = UserFactory(email="naima@univ.ma")

    def with_members(*rows):
        rows_data = {"selectors-TOTAL_FORMS": str(len(rows)), "selectors-INITIAL_FORMS": "0"}
        for n, (kind, name, account) in enumerate(rows):
            rows_data |= {
                f"selectors-{n}-kind": kind,
                f"selectors-{n}-name": name,
                f"selectors-{n}-organisation": "Org",
                f"selectors-{n}-account": account,
                f"selectors-{n}-round": str(round.pk),
            }
        return client.post(url, {**data, **rows_data})

    # Chosen by hand, the civil-society seat is not offered (it comes from the vote).
    civil = with_members((K.CIVIL, "Élue", ""))
    assert civil.status_code == 200 and "Select a valid choice" in words(civil)
    # Two university members, one address twice, an address with no account: each said.
    refused = with_members(
        (K.UNIVERSITY, "Naïma", "naima@univ.ma"),
        (K.UNIVERSITY, "Omar", "NAIMA@univ.ma"),
        (K.INDEPENDENT, "Rachid", "nobody@nowhere.ma"),
    )
    text = words(refused)
    assert "A selection committee has one university member." in text
    assert "naima@univ.ma is given two seats: one seat per person." in text
    assert "No account signs in with this address" in text
    assert 'value="nobody@nowhere.ma"' in refused.content.decode()
    assert not Selector.objects.exists()
    accepted = with_members((K.UNIVERSITY, "Naïma", "Naima@Univ.ma"), (K.MINISTRY, "Hassan", ""))
    assert accepted.status_code == 302
    assert {(s.kind, s.person) for s in Selector.objects.all()} == {(K.UNIVERSITY, known), (K.MINISTRY, None)}


def test_a_member_who_has_scored_keeps_the_kind_of_their_seat(client, secretariat):
    round, members, observer, *_files = close_pair()
    client.force_login(secretariat)
    url = admin_url("selectionround_change", round.pk)
    data = posted(client.get(url), "selectionround_form")
    rows = {value: key for key, value in data.items() if key.startswith("selectors-") and key.endswith("-id")}
    scorer = rows[str(members[0].pk)].removesuffix("-id")
    # A forged POST turning a scoring member into an observer: the field is disabled.
    client.post(url, {**data, f"{scorer}-kind": K.INTERNATIONAL})
    members[0].refresh_from_db()
    assert members[0].kind == K.PRIVATE
    # An observer who never scored may become a scoring member.
    still = rows[str(observer.pk)].removesuffix("-id")
    assert client.post(url, {**data, f"{still}-kind": K.INDEPENDENT}).status_code == 302
    observer.refresh_from_db()
    assert observer.kind == K.INDEPENDENT


def test_the_ballot_is_set_until_the_vote_opens_then_read_with_its_count(client, secretariat):
    upcoming = round_in("preparing")
    client.force_login(secretariat)
    url = admin_url("selectionround_change", upcoming.pk)
    data = posted(client.get(url), "selectionround_form")
    association = AssociationFactory()
    added = client.post(
        url,
        {
            **data,
            "seat_candidates-TOTAL_FORMS": "1",
            "seat_candidates-0-association": str(association.pk),
            "seat_candidates-0-name": "Fatima Zahra",
            "seat_candidates-0-account": "",
        },
    )
    assert added.status_code == 302
    assert SeatCandidate.objects.get(round=upcoming).name == "Fatima Zahra"

    opened = round_in("vote")
    [candidate, _other] = voted(opened, (2, 0))
    url = admin_url("selectionround_change", opened.pk)
    page = client.get(url)
    assert "Fatima" not in words(page) and "Élu 0 (" in words(page) and "2 votes" in words(page)
    data = posted(page, "selectionround_form")
    assert 'name="seat_candidates-0-name"' not in page.content.decode()  # read, not a form
    client.post(url, {**data, "seat_candidates-0-id": str(candidate.pk), "seat_candidates-0-name": "Autre"})
    candidate.refresh_from_db()
    assert candidate.name == "Élu 0"


def test_a_published_round_is_the_record(client, secretariat):
    round = round_in("scoring", published_at=timezone.now())
    client.force_login(secretariat)
    url = admin_url("selectionround_change", round.pk)
    page = client.get(url)
    assert page.status_code == 200 and 'name="seats"' not in page.content.decode()
    assert client.post(url, round_post(seats="9")).status_code == 403
    round.refresh_from_db()
    assert round.seats == 2


# --- The moves.


def test_announcing_the_call_says_who_is_told_and_happens_once(client, secretariat):
    round = round_in("call")
    reps = [representative()[0] for _ in range(3)]
    client.force_login(secretariat)
    url = admin_url("selectionround_announce", round.pk)
    page = client.get(url)
    assert "It is announced by email to 3 representatives" in words(page)
    assert client.post(url).status_code == 302
    assert {n.recipient for n in Notification.objects.filter(kind="selection_call")} == set(reps)
    assert SelectionEvent.objects.get(round=round).to_status == SelectionEvent.Move.ANNOUNCED
    again = client.post(url, follow=True)
    assert "The call has already been announced." in words(again)
    assert Notification.objects.filter(kind="selection_call").count() == 3
    assert "The call has already been announced." in words(client.get(url))


def test_the_elected_is_seated_once_the_vote_has_closed_and_a_filled_seat_is_said(client, secretariat):
    round = round_in("vote")
    winner, loser = voted(round, (2, 1))
    client.force_login(secretariat)
    url = admin_url("selectionround_elect", round.pk)
    assert "The civil-society seat is filled once the vote has closed." in words(client.get(url))
    refused = client.post(url, {"candidate": winner.pk})
    assert "The civil-society seat is filled once the vote has closed." in words(refused)
    assert not Selector.objects.exists()
    SelectionRound.objects.filter(pk=round.pk).update(**dates("scoring"))
    page = client.get(url)
    assert "Élu 0" in words(page) and "2 votes" in words(page)
    # The loser is not offered; forged, it is refused on the form.
    forged = client.post(url, {"candidate": loser.pk, "organisation": "Tapée"})
    assert forged.status_code == 200 and "Select a valid choice" in words(forged)
    assert 'value="Tapée"' in forged.content.decode()
    assert client.post(url, {"candidate": winner.pk, "organisation": ""}).status_code == 302
    seat = Selector.objects.get()
    assert (seat.kind, seat.elected) == (K.CIVIL, winner)
    assert seat.organisation in (winner.association.name_ar, winner.association.name_fr)  # its association's
    filled = client.get(url)
    assert "The civil-society seat is already filled: Élu 0." in words(filled)
    assert "Seat the elected" not in words(client.get(admin_url("selectionround_change", round.pk)))


def test_a_tie_lets_the_secretariat_seat_one_of_the_tied(client, secretariat):
    round = round_in("scoring")
    first, second = voted(round, (1, 1))
    client.force_login(secretariat)
    url = admin_url("selectionround_elect", round.pk)
    assert "are tied" in words(client.get(url))
    assert client.post(url, {"candidate": second.pk}).status_code == 302
    assert Selector.objects.get().elected == second


def test_publishing_says_why_not_yet_then_seats_the_selected_and_tells_every_candidate(client, secretariat):
    round, members, _observer, first, second, unchecked = close_pair()
    client.force_login(secretariat)
    url = admin_url("selectionround_publish", round.pk)
    assert "Every submitted file must be checked first." in words(client.get(url))
    refused = client.post(url, follow=True)
    assert "Every submitted file must be checked first." in words(refused)
    selection.check_file(unchecked, by=secretariat, complete=False, reason="Statuts manquants.")
    assert "must be decided first" in words(client.get(url))
    selection.decide_pair(
        round,
        by=secretariat,
        above=first,
        below=second,
        chosen=second,
        reason="geography",
        explanation="Sud.",
    )
    page = client.get(url)
    assert "1 association takes a civil-society seat" in words(page)
    assert second.association.name_ar in words(page)
    Notification.objects.all().delete()
    assert client.post(url).status_code == 302
    round.refresh_from_db()
    assert round.published_at is not None
    [seat] = Membership.objects.filter(committee=round.committee)
    assert seat.association == second.association
    assert Notification.objects.filter(kind="selection_result").count() == 1  # the only applicant
    assert "The results are already published." in words(client.post(url, follow=True))


# --- Candidacies.


def test_a_file_is_marked_incomplete_with_its_reason_and_a_refusal_keeps_what_was_typed(client, secretariat):
    round = round_in("scoring")
    rep, association = representative(language="en")
    candidacy = submitted(round, complete=None, association=association, applicant=rep)
    client.force_login(secretariat)
    page = client.get(admin_url("candidacy_change", candidacy.pk))
    assert "Check the file" in words(page)
    url = admin_url("candidacy_check", candidacy.pk)
    refused = client.post(url, {"completeness": "incomplete", "incomplete_reason": "   "})
    assert refused.status_code == 200
    assert "Say what is missing: the candidate is told." in words(refused)
    assert client.post(url, {"completeness": "complete"}).status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.completeness == "complete"
    done = client.post(url, {"completeness": "incomplete", "incomplete_reason": "Le rapport manque."})
    assert done.status_code == 302
    candidacy.refresh_from_db()
    assert (candidacy.completeness, candidacy.incomplete_reason) == ("incomplete", "Le rapport manque.")
    assert Notification.objects.get(kind="candidacy_incomplete").recipient == rep
    # Marked again the same way: refused in words, what was typed kept.
    again = client.post(url, {"completeness": "incomplete", "incomplete_reason": "Toujours pas."})
    assert "The file is already marked so." in words(again) and "Toujours pas." in words(again)
    # A scored file is no longer made incomplete.
    selection.check_file(candidacy, by=secretariat, complete=True)
    selection.score(candidacy, selector=selector(round), points=points(50), comment="x")
    late = client.post(url, {"completeness": "incomplete", "incomplete_reason": "Trop tard."})
    assert "This file has been scored" in words(late)
    candidacy.refresh_from_db()
    assert candidacy.completeness == "complete"


def test_a_draft_has_no_check_and_says_why_its_submission_would_be_refused(client, secretariat):
    member = MemberFactory()
    committees = [
        CommitteeFactory(plan=PlanFactory(member=member, number=n, title_en=f"Plan {n}")) for n in (1, 2, 3)
    ]
    for committee in committees[:2]:
        MembershipFactory(committee=committee, person=None, name="Omar Lahlou")
    round = round_in("call", committee=committees[2])
    draft = with_files(CandidacyFactory(round=round, name="Omar Lahlou", drafting=""))
    client.force_login(secretariat)
    page = client.get(admin_url("candidacy_change", draft.pk))
    text = words(page)
    assert "Would its submission be accepted?" in text and "No:" in text
    assert "Omar Lahlou already sat for civil society in the two previous terms" in text
    assert "Answer this criterion" in text
    assert "Check the file" not in text
    forged = client.post(admin_url("candidacy_check", draft.pk), {"completeness": "complete"})
    assert "A draft is not checked: it has not been submitted." in words(forged)
    draft.refresh_from_db()
    assert draft.completeness == "unchecked"


def test_a_candidacy_is_read_never_written_nor_deleted(client, secretariat):
    candidacy = submitted(round_in("scoring"), complete=None)
    client.force_login(secretariat)
    assert client.get(admin_url("candidacy_add")).status_code == 403
    url = admin_url("candidacy_change", candidacy.pk)
    assert client.post(url, {"name": "Autre", "completeness": "complete"}).status_code == 403
    assert client.post(admin_url("candidacy_delete", candidacy.pk), {"post": "yes"}).status_code == 403
    candidacy.refresh_from_db()
    assert (candidacy.name, candidacy.completeness) != ("Autre", "complete")


def test_the_candidacies_list_filters_by_round_state_file_and_result(client, secretariat):
    round, _members, _observer, first, second, unchecked = close_pair()
    draft = CandidacyFactory(round=round)
    other = submitted(round_in("scoring"))
    client.force_login(secretariat)
    url = admin_url("candidacy_changelist")

    def listed(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed(round=round.pk) == {first, second, unchecked, draft}
    assert listed(round=round.pk, state="draft") == {draft}
    assert listed(completeness__exact="unchecked", state="submitted") == {unchecked}
    assert other in listed(outcome__exact="pending")


@pytest.mark.parametrize(
    "query",
    [
        {"round": "1\x00"},
        {"round": "99999999999999999999"},
        {"round": "\u202e12"},
        {"round": "abc"},
        {"state": "\x00"},
        {"completeness__exact": "\x00"},
        {"q": "\x00\u202e"},
        {"o": "99"},
    ],
)
def test_hostile_list_values_are_a_message_never_a_500(client, secretariat, query):
    submitted(round_in("scoring"))
    client.force_login(secretariat)
    for name in ("candidacy", "score", "seatvote", "selectionround"):
        response = client.get(admin_url(f"{name}_changelist"), query, follow=True)
        assert response.status_code == 200, (name, query)


@pytest.mark.parametrize("object_id", ["0", "99999999999999999999", "1%00", "%E2%80%AE1", "abc"])
def test_hostile_addresses_of_a_rounds_pages_are_404(client, secretariat, object_id):
    client.force_login(secretariat)
    for route in ("ranking", "announce", "elect", "publish"):
        assert client.get(f"/en/admin/committee/selectionround/{object_id}/{route}/").status_code == 404
    assert client.get(f"/en/admin/committee/candidacy/{object_id}/check/").status_code == 404


# --- The ranking and the close pairs.


def test_the_ranking_shows_each_members_total_the_mean_the_line_and_who_still_scores(client, secretariat):
    round, members, _observer, first, second, _unchecked = close_pair()
    third = submitted(round)
    selection.score(third, selector=members[0], points=points(30), comment="Faible.")
    client.force_login(secretariat)
    page = client.get(admin_url("selectionround_ranking", round.pk))
    text = words(page)
    rows = page.context["rows"]
    assert [(row.candidacy, totals) for row, totals in rows] == [
        (first, [80, 82]),
        (second, [75, 77]),
        (third, [30, None]),
    ]
    assert "81.00" in text and "76.00" in text  # the means (English formats)
    assert "the selection line" in text
    assert f"{members[1].name} — university: 2 of 3 files scored" in text
    assert "Every scoring member must score every complete file first." not in text  # unchecked comes first


def test_a_close_pair_is_decided_on_the_ranking_page_and_a_refusal_keeps_what_was_typed(client, secretariat):
    round, _members, _observer, first, second, _unchecked = close_pair()
    client.force_login(secretariat)
    url = admin_url("selectionround_ranking", round.pk)
    page = client.get(url)
    [pair] = page.context["pairs"]
    key = pair["key"]
    assert key == f"{first.pk}-{second.pk}" and pair["apart"] == 5 and "5.00 points apart." in words(page)
    prefix = f"pair{key}-"
    refused = client.post(url, {"pair": key, f"{prefix}chosen": second.pk, f"{prefix}reason": "geography"})
    assert refused.status_code == 200 and "This field is required." in words(refused)
    [kept] = refused.context["pairs"]
    assert kept["form"]["chosen"].value() == str(second.pk)
    assert not PairDecision.objects.exists()
    done = client.post(
        url,
        {
            "pair": key,
            f"{prefix}chosen": second.pk,
            f"{prefix}reason": "geography",
            f"{prefix}explanation": "Aucune association du sud ne siège.",
        },
    )
    assert done.status_code == 302
    decision = PairDecision.objects.get()
    assert (decision.chosen, decision.reason, decision.decided_by) == (second, "geography", secretariat)
    assert [row.selected for row, _totals in client.get(url).context["rows"]] == [False, True]


def test_a_forged_pair_records_nothing(client, secretariat):
    round, _members, _observer, first, second, unchecked = close_pair()
    client.force_login(secretariat)
    url = admin_url("selectionround_ranking", round.pk)
    for key, chosen in ((f"{second.pk}-{first.pk}", first), (f"{first.pk}-{unchecked.pk}", unchecked)):
        prefix = f"pair{key}-"
        response = client.post(
            url,
            {
                "pair": key,
                f"{prefix}chosen": chosen.pk,
                f"{prefix}reason": "score",
                f"{prefix}explanation": "x",
            },
            follow=True,
        )
        assert "are not within 10 points of each other" in words(response)
    key = f"{first.pk}-{second.pk}"
    prefix = f"pair{key}-"
    outside = client.post(
        url,
        {
            "pair": key,
            f"{prefix}chosen": unchecked.pk,
            f"{prefix}reason": "score",
            f"{prefix}explanation": "x",
        },
    )
    assert "Select a valid choice" in words(outside)
    assert not PairDecision.objects.exists()


# --- Votes and scores are read.


def test_votes_and_scores_are_read_never_written(client, secretariat):
    round, _members, _observer, first, *_rest = close_pair()
    [candidate] = voted(round, (1,))
    score = Score.objects.filter(candidacy=first).first()
    vote = SeatVote.objects.get()
    client.force_login(secretariat)
    for name, row in (("score", score), ("seatvote", vote)):
        assert client.get(admin_url(f"{name}_changelist")).status_code == 200
        assert client.get(admin_url(f"{name}_change", row.pk)).status_code == 200
        assert client.get(admin_url(f"{name}_add")).status_code == 403
        assert client.post(admin_url(f"{name}_change", row.pk), {"comment": "x"}).status_code == 403
        assert client.post(admin_url(f"{name}_delete", row.pk), {"post": "yes"}).status_code == 403
    assert Score.objects.get(pk=score.pk).comment == "Vu." and SeatVote.objects.get().candidate == candidate
    page = words(client.get(admin_url("candidacy_change", first.pk)))
    assert "New technologies (/5): 5" in page and "80" in page


# --- Every other role.


def roles(round, other_round) -> dict:
    """Each role the secretariat's pages must refuse, as the user it logs in as."""
    others = other_roles()
    return {
        "anonymous": None,
        "citizen": others["citizen"],
        "representative of another association": others["representative"],
        "focal point": others["focal point"],
        "observer": selector(round, K.INTERNATIONAL).person,
        "selector of another round": selector(other_round, K.PRIVATE).person,
    }


def test_each_other_roles_forged_posts_change_nothing_and_the_secretariats_do(client, secretariat):
    round, _members, _observer, first, second, unchecked = close_pair()
    opened = round_in("call")
    elected = round_in("scoring")
    [winner] = voted(elected, (1,))
    client.force_login(secretariat)
    change = admin_url("selectionround_change", round.pk)
    key = f"{first.pk}-{second.pk}"
    forged = {
        change: {**posted(client.get(change), "selectionround_form"), "method_fr": "Méthode changée"},
        admin_url("selectionround_announce", opened.pk): {},
        admin_url("selectionround_elect", elected.pk): {"candidate": winner.pk},
        admin_url("candidacy_check", unchecked.pk): {
            "completeness": "incomplete",
            "incomplete_reason": "Statuts manquants.",
        },
        admin_url("selectionround_ranking", round.pk): {
            "pair": key,
            f"pair{key}-chosen": second.pk,
            f"pair{key}-reason": "geography",
            f"pair{key}-explanation": "Sud.",
        },
        admin_url("selectionround_add"): round_post(),
    }
    publish = admin_url("selectionround_publish", round.pk)

    def state():
        round.refresh_from_db()
        return (
            round.method_fr,
            round.published_at,
            SelectionRound.objects.count(),
            SelectionRound.objects.get(pk=opened.pk).announced_at,
            Selector.objects.filter(round=elected).count(),
            Candidacy.objects.get(pk=unchecked.pk).completeness,
            PairDecision.objects.count(),
            CandidacyEvent.objects.count(),
            Notification.objects.count(),
        )

    cast = roles(round, round_in("scoring"))
    before = state()
    failures = []
    for role, user in cast.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url, data in forged.items():
            status = client.post(url, data).status_code
            if status not in (302, 403) or (status == 302 and user is not None and user.is_staff):
                failures.append(f"{role} {url}: {status}")
        if state() != before:
            failures.append(f"{role} changed something")
    assert failures == []

    client.force_login(secretariat)
    for url, data in forged.items():
        assert client.post(url, data).status_code == 302, url
    after = state()
    assert [a != b for a, b in zip(before, after, strict=True)] == [
        True,  # the method
        False,  # not published yet
        True,  # a round added
        True,  # announced
        True,  # the elected seated
        True,  # checked incomplete
        True,  # the pair decided
        True,  # the check's event
        True,  # the candidate and the representatives told
    ]
    # Now publishable (every file checked and scored, the pair decided): only the secretariat publishes.
    for role, user in cast.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        client.post(publish)
        round.refresh_from_db()
        assert round.published_at is None, role
    client.force_login(secretariat)
    assert client.post(publish).status_code == 302
    round.refresh_from_db()
    assert round.published_at is not None


def test_other_roles_reach_none_of_the_selections_pages(client):
    round, _members, _observer, first, _second, _unchecked = close_pair()
    pages = [
        admin_url("selectionround_changelist"),
        admin_url("selectionround_change", round.pk),
        admin_url("selectionround_ranking", round.pk),
        admin_url("selectionround_publish", round.pk),
        admin_url("candidacy_changelist"),
        admin_url("candidacy_change", first.pk),
        admin_url("candidacy_check", first.pk),
        admin_url("score_changelist"),
        admin_url("seatvote_changelist"),
    ]
    for role, user in roles(round, round_in("scoring")).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in pages:
            status = client.get(url).status_code
            assert status == (403 if user is not None and user.is_staff else 302), (role, url, status)


# --- The same queries as the rows grow.


def many(round, members, n: int) -> None:
    for k in range(n):
        scored(round, members, [40 + k, 41 + k])
        submitted(round, complete=False)
        CandidacyFactory(round=round)
    voted(round, (1,) * n)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_selections_pages_run_the_same_queries_whatever_the_number_of_rows(client, secretariat):
    round, members, _observer, first, *_rest = close_pair()
    client.force_login(secretariat)
    urls = [
        admin_url("selectionround_changelist"),
        admin_url("selectionround_change", round.pk),
        admin_url("selectionround_ranking", round.pk),
        admin_url("selectionround_publish", round.pk),
        admin_url("candidacy_changelist"),
        admin_url("candidacy_change", first.pk),
        admin_url("score_changelist"),
        admin_url("seatvote_changelist"),
    ]
    for url in urls:
        client.get(url)  # warm: the session, the content types
    many(round, members, 2)
    middle = {url: count_queries(client, url) for url in urls}
    many(round, members, 10)
    selection.score(first, selector=selector(round, K.INDEPENDENT), points=points(60), comment="x")
    selector(round, K.INTERNATIONAL)
    more = {url: count_queries(client, url) for url in urls}
    assert middle == more, {url: (middle[url], more[url]) for url in urls if middle[url] != more[url]}
