"""The open data of the public consultations, declared for the open-data
registry (core/datasets.py, collected by opendata.registry): every published
comment of the public plans' consultations, with who owes it an answer, by
when, and the answer given (its disposition, its text, its date).

No personal data beyond the display name the author chose to publish (empty
for an account deleted since, as in the ideas' data); comments hidden by
moderation are left out, as everywhere they are not counted.

Column names are stable: add columns at the end, never rename one."""

from collections.abc import Iterator

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from commitments.generations import COMMITMENTS
from core.datasets import Column, Dataset, Links
from plans.models import Plan

from .generations import CONSULTATIONS
from .models import Comment, Consultation

COLUMNS = [
    Column("id", _("Number of the comment on the portal."), type="integer"),
    Column("consultation", _("Number of the consultation on the portal."), type="integer"),
    Column("plan", _("Identifier (slug) of the action plan.")),
    Column(
        "target",
        _(
            "What the comment is on: “commitment” (a commitment of the draft plan, or one of its "
            "milestones), “section” (a section of a text) or “whole” (the draft plan or the text as a whole)."
        ),
    ),
    Column("commitment", _("Number of the commitment within the plan; empty otherwise."), type="integer"),
    Column(
        "milestone",
        _("Position of the milestone within its commitment (as in the commitments' data); empty otherwise."),
        type="integer",
    ),
    Column("section", _("Number of the section within the text; empty otherwise."), type="integer"),
    Column("body", _("The comment, in the language it was written in.")),
    Column("language", _("Language of the comment: ar, or fr for any other script.")),
    Column("author", _("Public name chosen by the author; empty for deleted accounts.")),
    Column(
        "on_behalf_of",
        _(
            "Association on whose behalf the comment was made, if any: its name in Arabic if it is listed "
            "on the portal, else the name the author declared."
        ),
    ),
    Column(
        "created_at", _("Date and time of the comment (ISO 8601, with the offset from UTC)."), type="datetime"
    ),
    Column(
        "owed_by",
        _(
            "Institution that owes the answer (name in Arabic): the commitment's lead; empty for the "
            "secretariat."
        ),
    ),
    Column("due_on", _("Day by which the answer is owed (ISO 8601 date)."), type="date"),
    Column("answer_status", _("“awaiting” (an answer) or “answered”.")),
    Column(
        "disposition",
        _(
            "How the comment was taken into account: taken, partly, not_taken, out_of_scope (outside the "
            "plan's scope); empty while awaiting an answer."
        ),
    ),
    Column("answer", _("The reasoned answer, as published under the comment; empty while awaiting.")),
    Column(
        "answered_at",
        _("When the answer was given (ISO 8601); empty while awaiting. A changed answer: the last one."),
        type="datetime",
    ),
    Column("url", _("Address of the comment on the portal.")),
]
EXPORT_CHUNK = 2000


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def _url(comment: Comment, links: Links) -> str:
    try:
        return links.to(comment.get_absolute_url())
    except NoReverseMatch:  # the consultation's pages are not wired
        return ""


def comment_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """One dict per published comment of the public plans (or `plan`): two
    queries, the consultations with their due dates, then the comments with
    what they name, streamed."""
    consultations = Consultation.objects.filter(plan__in=Plan.objects.public())
    if plan is not None:
        consultations = consultations.filter(plan=plan)
    due = dict(consultations.with_window().values_list("pk", "due_on"))
    comments = (
        Comment.objects.published()
        .filter(consultation__in=list(due))
        .select_related(
            "consultation__plan", "commitment", "milestone", "section", "author", "association", "owed_by"
        )
        .order_by("consultation__plan_id", "consultation_id", "created_at", "pk")
    )
    # Addresses in the default language: the same address always gives the same file.
    with translation.override(settings.LANGUAGE_CODE):
        for comment in comments.iterator(chunk_size=EXPORT_CHUNK):
            yield _row(comment, due, links)


def _row(comment: Comment, due: dict, links: Links) -> dict:
    if comment.commitment_id:
        target = "commitment"
    elif comment.section_id:
        target = "section"
    else:
        target = "whole"
    due_on = due.get(comment.consultation_id)
    return {
        "id": comment.pk,
        "consultation": comment.consultation_id,
        "plan": comment.consultation.plan.slug,
        "target": target,
        "commitment": comment.commitment.number if comment.commitment_id else None,
        "milestone": comment.milestone.position if comment.milestone_id else None,
        "section": comment.section.number if comment.section_id else None,
        "body": comment.body,
        "language": comment.language,
        "author": comment.author.display_name if comment.author_id else "",
        "on_behalf_of": comment.association.name_ar if comment.association_id else comment.association_name,
        "created_at": _iso(comment.created_at),
        "owed_by": (comment.owed_by.name_ar or "") if comment.owed_by_id else "",
        "due_on": due_on.isoformat() if due_on else "",
        "answer_status": comment.answer_status,
        "disposition": comment.disposition,
        "answer": comment.answer,
        "answered_at": _iso(comment.answered_at),
        "url": _url(comment, links),
    }


def _generations(plan_id: int) -> list[str]:
    # The plans (slugs, institutions, associations), people's public names,
    # the plan's consultations and its commitments (their numbers).
    return ["plans", "people", CONSULTATIONS.name(plan_id), COMMITMENTS.name(plan_id)]


DATASETS = [
    Dataset(
        key="consultation-comments",
        title=_("Comments of the public consultations, with their answers"),
        description=_(
            "Every comment made in the public consultations of the public action plans: what it is on, "
            "who made it (their public name) and on whose behalf, which institution owes it an answer and "
            "by when, and the answer given — its disposition and its reasoned text. Comments hidden by "
            "moderation are left out. In the JSON, an empty number is null."
        ),
        columns=COLUMNS,
        rows=comment_rows,
        generations=_generations,
    ),
]
