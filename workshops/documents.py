"""The workshops' documents (core.documents): the sign-in sheet of a
workshop, in Arabic or in French, printed by those who run it."""

from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.bidi import isolate
from core.documents import Document
from core.permissions import is_staff_with

from .generations import WORKSHOPS
from .models import Registration, Workshop
from .registration import with_person
from .rules import SCOPE

# Empty lines at the end of the sheet, for walk-ins.
BLANK_LINES = 10


def _sign_in_context(workshop: Workshop, date) -> dict:
    registered = workshop.registrations.filter(status=Registration.Status.REGISTERED)
    people = list(with_person(registered).order_by(Lower("person"), "pk"))
    return {
        "workshop": workshop,
        "people": people,
        "offset": len(people),
        "blank_lines": range(BLANK_LINES),
        # The PDF's title, in its metadata: the sheet of which workshop.
        "document_title": f"{gettext('Sign-in sheet')} — {isolate(workshop.title)}",
    }


def _may_print(user, workshop: Workshop) -> bool:
    """Whoever finds the workshop in the admin (its scope): the names on the
    sheet are those its registrations list shows them."""
    rows = Workshop.objects.filter(pk=workshop.pk)
    return is_staff_with(user, "workshops.view_workshop") and SCOPE.rows(user, rows).exists()


SIGN_IN_SHEET = Document(
    kind="sign-in-sheet",
    title=_("Sign-in sheet"),
    template="pdf/workshop_sign_in.html",
    context=_sign_in_context,
    # The registrations (WORKSHOPS follows them) and the names people go by.
    generations=lambda workshop: [WORKSHOPS.name(workshop.plan_id), "people"],
    file_name=lambda workshop, language, date: f"sign-in-{workshop.number}-{language}",
    subject="workshops.Workshop",
    public=False,
    can_view=_may_print,
    languages=("ar", "fr"),
)

DOCUMENTS = [SIGN_IN_SHEET]
