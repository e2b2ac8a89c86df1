"""A selection whose results are published, for the tests of what is
published (the open data, the Data Package)."""

from committee import selection
from committee.models import Selector
from tests.committee.selection_factories import CandidacyFactory, points, round_in, selector, submitted
from tests.consultations.factories import secretary

K = Selector.Kind


def published_round(files: int = 2, **fields):
    """A round with two seats, two scoring members and an observer, `files`
    complete files scored (90, 80, 70… on average), an incomplete file and a
    draft; published. Returns the round and the scored files, best first."""
    round = round_in("scoring", seats=2, **fields)
    members = [selector(round, K.UNIVERSITY, name="Naïma"), selector(round, K.PRIVATE, name="Mehdi")]
    selector(round, K.MINISTRY, name="Observateur")
    scored = []
    for k in range(files):
        candidacy = submitted(round, name=f"Candidat {k}", region="Oriental")
        for member, total in zip(members, (90 - 10 * k + 1, 90 - 10 * k - 1), strict=True):
            selection.score(
                candidacy, selector=member, points=points(total), comment=f"Note de {member.name}."
            )
        scored.append(candidacy)
    submitted(round, complete=False, name="Incomplet")
    CandidacyFactory(round=round, name="Brouillon")
    selection.publish(round, by=secretary())
    return round, scored
