from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Public consultations")

    def ready(self):
        from commitments.generations import COMMITMENTS
        from core.files import protect

        from . import answers, privacy, routing, tasks  # noqa: F401 - their emails; the person's data
        from .generations import CONSULTATIONS, TEXTS
        from .models import Comment, CommentEvent, Consultation, Section
        from .rules import can_see_text

        protect(Consultation, "text_file", can_see_text)

        # Every write of a consultation and the rows under it: its cached
        # pages, report, datasets and documents are recomputed. Writes that
        # bypass the signals call CONSULTATIONS.bump() themselves.
        CONSULTATIONS.follow(Consultation)
        for model in (Section, Comment):
            CONSULTATIONS.follow(model, "consultation")
        CONSULTATIONS.follow(CommentEvent, "comment__consultation")
        # What is put to consultation, apart from the comments (the draft's PDF).
        TEXTS.follow(Consultation)
        TEXTS.follow(Section, "consultation")
        # A commitment's page shows its consultation comments and answers.
        COMMITMENTS.shows(CONSULTATIONS)

        # The draft plan's PDF is asked for when a consultation opens; a
        # commitment's page, the home page and the co-creation report show
        # the consultations' rows (consultations.slots).
        from . import documents, opening, slots

        if documents.ask_draft_plan not in opening.ON_OPEN:
            opening.ON_OPEN.append(documents.ask_draft_plan)
        slots.fill()

        # The plan's OGP checklist: every comment answered.
        from plans import checklist

        from .checklist import LINES

        checklist.register(*LINES)
