"""A consultation on a draft plan that has closed, as its report reads it
(the report's tests: figures, page, documents, open data).

It ran 28 days, from 50 days ago to 23 days ago; its answers were owed 15
days after, 8 days ago. Two commitments of one theme were consulted on,
led by two institutions; commitment one was adopted and reworded since,
commitment two is still proposed. Five published comments and one hidden:

| comment | on             | author  | on behalf of               | made         | answer                   |
|---------|----------------|---------|----------------------------|--------------|--------------------------|
| c1      | commitment one | Amina   | Transparency Maroc (listed) | day 2        | taken, 2 days later      |
| c2      | commitment one | Karim   | "Espace Associatif"        | day 3        | partly, 6 days later     |
| c3      | commitment two | Amina   | "espace associatif " (same) | day 4        | not taken, today: late   |
| c4      | the whole plan | Salma   |                            | day 6        | awaiting: overdue        |
| c5      | commitment two | deleted |                            | day 7        | out of scope, 4 days     |
| hidden  | commitment one | Omar    |                            | day 8        | (hidden by moderation)   |

So: 5 comments, 4 answered (80 %), 3 people (and one comment of an account
deleted since), 2 associations, each disposition once (20 %), answer days
2, 6, 4 and the late one's; one answered late, one overdue."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from commitments import lifecycle
from commitments.models import Commitment
from consultations import answers
from consultations.models import Comment
from core import moderation
from tests.factories import AssociationFactory, UserFactory

from .factories import CommentFactory, open_draft_plan, secretary

OPENS, CLOSES = -50, -23
NOT_TAKEN = (
    "Cette proposition relève d'un autre programme du ministère, déjà financé et en cours de mise en œuvre."
)


def at(day: int, hour: int = 10):
    """A moment of the consultation's `day` (its first is day 1), Casablanca time."""
    first = timezone.localdate() + timedelta(days=OPENS)
    return timezone.make_aware(datetime.combine(first + timedelta(days=day - 1), time(hour)))


def closed_consultation():
    """The consultation above; returns the factories' cast with `comments`
    (c1…c5, hidden), `people` (amina, karim, salma, omar) and `staff`."""
    cast = open_draft_plan(opens=OPENS, closes=CLOSES)
    plan, one, two = cast.plan, cast.one, cast.two
    one.title_fr, one.title_ar, one.title_en = "Budget ouvert", "الميزانية المفتوحة", "Open budget"
    one.save()
    two.title_fr, two.title_ar, two.title_en = "Registre des lobbies", "سجل جماعات الضغط", "Lobby register"
    two.save()
    amina, karim, salma, omar = (
        UserFactory(display_name=name) for name in ("Amina", "Karim", "Salma", "Omar")
    )
    listed = AssociationFactory(name_fr="Transparency Maroc", name_ar="ترانسبرانسي المغرب")
    consultation = cast.consultation

    def comment(day, author, body, **fields):
        return CommentFactory(
            consultation=consultation, author=author, body=body, created_at=at(day), **fields
        )

    c1 = comment(2, amina, "Publier le budget citoyen chaque trimestre.", commitment=one, association=listed)
    c2 = comment(
        3, karim, "أقترح إشراك الجمعيات في التتبع.", commitment=one, association_name="Espace Associatif"
    )
    c3 = comment(
        4,
        amina,
        "Étendre le registre aux collectivités.",
        commitment=two,
        association_name="espace associatif ",
    )
    c4 = comment(6, salma, "Un calendrier plus précis pour l'ensemble du plan.")
    c5 = comment(7, None, "Créer une agence indépendante.", commitment=two)
    hidden = comment(8, omar, "Un message hors charte.", commitment=one)
    staff = secretary()
    moderation.hide(hidden, by=staff, reason="Hors charte")
    for each, disposition, text, after_days in [
        (c1, "taken", "Retenu : le jalon est ajouté.", 2),
        (c2, "partly", "En partie : un comité de suivi est prévu.", 6),
        (c3, "not_taken", NOT_TAKEN, None),
        (c5, "out_of_scope", "Hors du champ du plan.", 4),
    ]:
        answers.answer(each, by=staff, disposition=disposition, text=text)
        if after_days is not None:
            Comment.objects.filter(pk=each.pk).update(
                answered_at=each.created_at + timedelta(days=after_days)
            )
    # After the consultation: commitment one adopted, then reworded.
    lifecycle.COMMITMENT.move(one, Commitment.Status.ADOPTED, by=staff)
    one.refresh_from_db()
    one.title_fr = "Budget ouvert et citoyen"
    one.title_en = "Open and citizen budget"
    one.title_ar = "الميزانية المفتوحة والمواطنة"
    one.save()
    cast.comments = {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "hidden": hidden}
    cast.people = {"amina": amina, "karim": karim, "salma": salma, "omar": omar}
    cast.staff = staff
    cast.listed = listed
    cast.plan = plan
    return cast
