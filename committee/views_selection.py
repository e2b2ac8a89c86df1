"""The selection of civil-society members, its public side and the
associations' forms (spec: committee.md, article 4; issue 22):

- the round's page (`committee:selection`): the call with its dates and
  state, the method, the grid, the selection committee, the vote's public
  count and, once published, every candidate ranked with the points each
  member gave, the mean, the decisions on the close pairs with their
  reasons (each candidacy linked to its page: answers, public documents,
  points per criterion); for a representative, the vote form
  while the vote is open and their association's candidacy;
- the vote (`committee:vote`, a POST);
- the application form (`committee:apply`): a new draft for an association
  the user represents, saying before anything is sent which documents are
  published;
- a candidacy's page (`committee:candidacy`): its association's
  representatives read and change the draft, attach documents and submit
  it (the same form's second button); everyone reads it once the results
  are published: the answers, the public documents, the points.

Every rule is committee.selection's (who represents, the windows, the
writes), every visibility committee.rules' (`can_see_candidacy`, and the
documents' `can_see_candidacy_file` behind their links). What is the same
for every visitor is cached under the plan's committee (COMMITTEE) and the
day; a representative's own part never is."""

import copy

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import generations
from plans.lists import list_context, plan_list
from plans.models import Plan

from . import rules, selection
from .forms_selection import ApplyForm, CandidacyForm, VoteForm
from .generations import COMMITTEE
from .models import (
    GRID,
    GRID_LABELS,
    Candidacy,
    CandidacyFile,
    SeatCandidate,
    SeatVote,
    SelectionRound,
    Selector,
)

KIND = CandidacyFile.Kind
# The selection committee in the handbook's order: the elected civil-society
# member, the private sector, the university, the independent bodies, then
# the observers.
SEAT_ORDER = {kind: number for number, kind in enumerate(Selector.Kind.values)}


def _names(plan: Plan) -> list[str]:
    return ["plans", COMMITTEE.name(plan.pk)]


def _round(plan: Plan) -> SelectionRound:
    """The round filling the civil-society seats of the plan's committee, or 404."""
    round = SelectionRound.objects.filter(committee__plan=plan).select_related("committee").first()
    if round is None:
        raise Http404
    round.committee.plan = plan
    return round


def _documents_said() -> dict:
    """What the forms and the call say of the documents, before anything is sent."""
    return {
        "required_kinds": [KIND(kind).label for kind in CandidacyFile.REQUIRED],
        "public_kinds": [KIND(kind).label for kind in CandidacyFile.PUBLIC],
        "private_kinds": [kind.label for kind in KIND if kind not in CandidacyFile.PUBLIC],
        "file_types": next(
            v.labels for v in CandidacyFile._meta.get_field("file").validators if hasattr(v, "labels")
        ),
        "file_size": filesizeformat(settings.PLAN_DOCUMENT_MAX_BYTES),
    }


# --- The round's page ----------------------------------------------------------------


def _round_context(round: SelectionRound, today):
    def context() -> dict:
        stage = round.stage(today)
        selectors = sorted(round.selectors.all(), key=lambda s: (SEAT_ORDER[s.kind], s.name.casefold()))
        tally = selection.tally(round)
        result = {
            "plan": round.committee.plan,
            "round": round,
            "today": today,
            "stage": stage,
            "stage_label": SelectionRound.Stage(stage).label,
            "vote_state": round.vote_state(today),
            "call_state": round.call_state(today),
            "grid": [(GRID_LABELS[name], points) for name, points in GRID],
            "grid_total": sum(points for _name, points in GRID),
            "selectors": selectors,
            "tally": tally,
            "votes": sum(candidate.count for candidate in tally),
            "counts": selection.counts(round),
            "close_points": selection.CLOSE_POINTS,
            **_documents_said(),
        }
        if round.published_at:
            result |= _results(round)
        return result

    return context


def _results(round: SelectionRound) -> dict:
    """The published results: the ranking with each scoring member's total,
    the mean and the line; the decisions on the close pairs; the files not
    scored (each candidacy's page holds its answers, public documents and
    points per criterion). A fixed number of queries whatever the number of
    candidacies."""
    ranking = selection.ranking(round)
    scorers = sorted(selection.scorers(round), key=lambda s: (SEAT_ORDER[s.kind], s.name.casefold()))
    rows = {}
    for row in ranking.rows:
        row.candidacy.round = round  # its address, without a query each
        rows[row.candidacy.pk] = row
        row.points = [row.totals.get(scorer.pk) for scorer in scorers]
        row.mean_value = None if row.mean is None else float(row.mean)
        row.last_above = row.rank == round.seats
    decisions = []
    for (above_id, below_id), decision in ranking.decisions.items():
        above, below = rows.get(above_id), rows.get(below_id)
        if above is None or below is None:
            continue
        gap = None if above.mean is None or below.mean is None else float(above.mean - below.mean)
        chosen = above if decision.chosen_id == above_id else below
        decisions.append({"above": above, "below": below, "chosen": chosen, "gap": gap, "decision": decision})
    not_scored = list(
        Candidacy.objects.filter(round=round, submitted_at__isnull=False)
        .exclude(completeness=Candidacy.Completeness.COMPLETE)
        .select_related("association")
        .order_by("association__name", "pk")
    )
    for candidacy in not_scored:
        candidacy.round = round
    return {
        "ranking": ranking.rows,
        "scorers": scorers,
        "decisions": decisions,
        "not_scored": not_scored,
    }


def _mine(request, round: SelectionRound, today, vote_form: VoteForm | None = None) -> dict | None:
    """What the round's page shows a representative of its associations:
    whether each has voted, the vote form while the vote is open, and each
    one's candidacy, or the way to apply while the call is open. Never cached."""
    associations = list(selection.represented(request.user).order_by("name", "pk"))
    if not associations:
        return None
    voted = set(
        SeatVote.objects.filter(round=round, association__in=associations).values_list(
            "association", flat=True
        )
    )
    candidacies = {
        candidacy.association_id: candidacy
        for candidacy in Candidacy.objects.filter(round=round, association__in=associations)
    }
    for association in associations:
        association.voted = association.pk in voted
        association.candidacy = candidacies.get(association.pk)
        if association.candidacy is not None:
            association.candidacy.round = round
    vote_open = round.vote_state(today) == "open"
    if vote_form is None and vote_open and any(not a.voted for a in associations):
        vote_form = VoteForm(
            associations=selection.represented(request.user).exclude(pk__in=voted).order_by("name", "pk"),
            candidates=_seat_candidates(round),
        )
        if not vote_form.fields["candidate"].queryset.exists():
            vote_form = None
    return {
        "associations": associations,
        "vote_open": vote_open,
        "vote_form": vote_form,
        "call_open": selection.call_refusal(round, today) is None,
        "may_apply": any(a.candidacy is None for a in associations),
    }


def _seat_candidates(round: SelectionRound):
    return SeatCandidate.objects.filter(round=round).select_related("association").order_by("name", "pk")


def _round_page(request, plan: Plan, round: SelectionRound, *, vote_form=None, status: int = 200):
    today = timezone.localdate()
    body = generations.rendered(
        request,
        f"committee:selection:{plan.pk}:{today.isoformat()}",
        _names(plan),
        "committee/selection/_round.html",
        _round_context(round, today),
    )
    mine = _mine(request, round, today, vote_form) if request.user.is_authenticated else None
    context = list_context(plan, body=body, round=round, mine=mine, other_plans=[])
    return render(request, "committee/selection/round.html", context, status=status)


@require_GET
@generations.public_page
@plan_list
def round_page(request, plan: Plan):
    return _round_page(request, plan, _round(plan))


@login_required
@require_POST
@plan_list
def vote(request, plan: Plan):
    """An association's vote, cast by its representative (committee.selection.vote:
    the window, one vote per association); anyone else is refused, nothing recorded."""
    round = _round(plan)
    represented = selection.represented(request.user)
    if not represented.exists():
        raise PermissionDenied(_("Only a representative of an association votes for it."))
    # Every association they represent: one that has voted is refused in words by the rule.
    form = VoteForm(request.POST, associations=represented, candidates=_seat_candidates(round))
    if form.is_valid():
        try:
            selection.vote(
                round,
                by=request.user,
                association=form.cleaned_data["association"],
                candidate=form.cleaned_data["candidate"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The vote of %(association)s is recorded. The count is public; who voted for whom is not.")
                % {"association": form.cleaned_data["association"].name},
            )
            return redirect(f"{round.get_absolute_url()}#vote")
    return _round_page(request, plan, round, vote_form=form, status=400)


# --- Applying ----------------------------------------------------------------------


def _add_errors(form, error: ValidationError) -> None:
    """A rule's refusal on the form: on its field when the form has it, the
    documents' above them, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            if field in ("files", "file") and hasattr(form, "documents_errors"):
                form.documents_errors.extend(ValidationError(errors).messages)
            else:
                form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _missing(form, candidacy: Candidacy) -> list[tuple[str, str, str]]:
    """What a submission would lack (committee.selection.missing): the
    field's id, its label and what it lacks."""
    lacking = []
    for name, message in selection.missing(candidacy).items():
        if name in form.fields:
            lacking.append((form[name].id_for_label, form.fields[name].label, message))
        else:
            lacking.append(("documents", _("The file's documents"), message))
    return lacking


def _read_only(form) -> None:
    """A form sent back outside the call: what was typed stays on the page
    to be copied, and is not sent again (no file field, no button)."""
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.FileField) or name == "remove":
            del form.fields[name]
        else:
            field.widget.attrs["readonly"] = True


@login_required
@require_http_methods(["GET", "POST"])
@plan_list
def apply(request, plan: Plan):
    """A new candidacy, saved as a draft for one of the associations the user
    represents (committee.selection.start); outside the call the page says
    when it opens or closed, and a POST is refused with nothing saved."""
    round = _round(plan)
    today = timezone.localdate()
    represented = selection.represented(request.user)
    context = {"round": round, "plan": plan, "today": today, **_documents_said()}
    if not represented.exists():
        return render(
            request, "committee/selection/apply.html", {**context, "not_representative": True}, status=403
        )
    existing = list(
        Candidacy.objects.filter(round=round, association__in=represented)
        .select_related("association")
        .order_by("association__name")
    )
    for candidacy in existing:
        candidacy.round = round
    refusal = selection.call_refusal(round, today)
    free = represented.exclude(candidacies__round=round).order_by("name", "pk")
    context |= {"existing": existing, "refusal": refusal}
    if request.method == "GET":
        form = (
            ApplyForm(associations=free, instance=Candidacy(round=round))
            if not refusal and free.exists()
            else None
        )
        return render(request, "committee/selection/apply.html", {**context, "form": form})
    # Every association they represent: one that has applied already is
    # refused in words by the rule.
    form = ApplyForm(
        request.POST,
        request.FILES,
        associations=represented.order_by("name", "pk"),
        instance=Candidacy(round=round),
    )
    if refusal:
        form.is_valid()
        _read_only(form)
        form.add_error(None, refusal)
        return render(
            request,
            "committee/selection/apply.html",
            {**context, "form": form, "sent_back": True},
            status=400,
        )
    if form.is_valid():
        try:
            candidacy = selection.start(
                round,
                by=request.user,
                association=form.cleaned_data["association"],
                answers=form.answers(),
                files=form.documents(),
                today=today,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The draft of the candidacy is saved. It is sent to the secretariat only when you "
                    "submit it, by %(day)s included."
                )
                % {"day": _day(round.call_closes_on)},
            )
            return redirect(candidacy.get_absolute_url())
    return render(request, "committee/selection/apply.html", {**context, "form": form}, status=400)


def _day(day) -> str:
    return date_format(day, "j F Y")


# --- A candidacy --------------------------------------------------------------------


def _candidacy(plan: Plan, pk: int) -> Candidacy:
    found = (
        Candidacy.objects.filter(round__committee__plan=plan, pk=pk)
        .select_related("round__committee", "association")
        .first()
    )
    if found is None:
        raise Http404
    found.round.committee.plan = plan
    return found


def _candidacy_context(request, candidacy: Candidacy, representative: bool):
    def context() -> dict:
        round = candidacy.round
        documents = candidacy.enclosures.order_by("kind", "pk")
        if not representative:
            documents = documents.filter(kind__in=CandidacyFile.PUBLIC)
        scores = sorted(
            selection.visible_scores(request.user, round)
            .filter(candidacy=candidacy)
            .select_related("selector"),
            key=lambda s: (SEAT_ORDER[s.selector.kind], s.selector.name.casefold()),
        )
        row = None
        if round.published_at and candidacy.completeness == Candidacy.Completeness.COMPLETE:
            row = next((r for r in selection.ranking(round).rows if r.candidacy.pk == candidacy.pk), None)
            if row is not None:
                row.mean_value = None if row.mean is None else float(row.mean)
        return {
            "candidacy": candidacy,
            "round": round,
            "answers": [(GRID_LABELS[name], points, getattr(candidacy, name)) for name, points in GRID],
            "documents": list(documents),
            "scores": [(score, [getattr(score, name) for name, _points in GRID]) for score in scores],
            "grid": [(GRID_LABELS[name], points) for name, points in GRID],
            "ranked": row,
            "representative": representative,
        }

    return context


def _candidacy_page(request, candidacy: Candidacy, *, form=None, refused=None, sent_back=False, status=200):
    """A candidacy's page: the draft form for its representatives while they
    may change it, else what the file says (answers, documents, points once
    published). `refused`: a submission the rules refused, said on the
    fields of the draft as saved; `sent_back`: a form refused outside the
    call, shown read-only so that what was typed is not lost."""
    plan = candidacy.round.committee.plan
    round = candidacy.round
    today = timezone.localdate()
    representative = selection.represents(request.user, candidacy.association_id)
    editable = representative and selection.may_edit(request.user, candidacy, today)
    if form is None and editable:
        if refused is None:
            form = CandidacyForm(instance=copy.copy(candidacy))
        else:
            saved = {name: getattr(candidacy, name) for name in selection.DRAFT_FIELDS}
            form = CandidacyForm(saved, instance=copy.copy(candidacy))
            form.is_valid()
            _add_errors(form, refused)
    body = ""
    if not (editable or sent_back):
        # The file as it stands (the form holds it while it may change).
        body = generations.rendered(
            request,
            f"committee:candidacy:{candidacy.pk}",
            _names(plan),
            "committee/selection/_candidacy.html",
            _candidacy_context(request, candidacy, representative),
            cache_if=not representative,
        )
    context = list_context(
        plan,
        body=body,
        round=round,
        candidacy=candidacy,
        representative=representative,
        editable=editable and not sent_back,
        # What a submission would still lack, said before it is tried.
        missing=_missing(form, candidacy) if editable and refused is None else [],
        sent_back=sent_back,
        submit_refused=refused is not None,
        form=form,
        # Refusals not on a field of the form (the call, a file already submitted).
        refusals=[] if refused is None or form is not None else list(refused.messages),
        call_refusal=selection.call_refusal(round, today),
        other_plans=[],
        **_documents_said(),
    )
    return render(request, "committee/selection/candidacy.html", context, status=status)


@require_http_methods(["GET", "POST"])
@generations.public_page
@plan_list
def candidacy(request, plan: Plan, pk: int):
    found = _candidacy(plan, pk)
    if not rules.can_see_candidacy(request.user, found):
        raise Http404
    if request.method == "POST":
        return _change(request, found)
    return _candidacy_page(request, found)


def _change(request, candidacy: Candidacy):
    """The draft saved (committee.selection.change): by its association's
    representatives only, while it is a draft and the call is open."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not selection.represents(request.user, candidacy.association_id):
        raise PermissionDenied(_("Only a representative of the association may change its candidacy."))
    form = CandidacyForm(request.POST, request.FILES, instance=copy.copy(candidacy))
    refusal = selection.call_refusal(candidacy.round)
    if refusal or not candidacy.is_draft:
        # Nothing is saved; what was typed is shown back, read-only.
        form.is_valid()
        _read_only(form)
        form.add_error(None, refusal or _("This candidacy has been submitted: it can no longer be changed."))
        return _candidacy_page(request, candidacy, form=form, sent_back=True, status=400)
    if form.is_valid():
        try:
            selection.change(
                candidacy,
                by=request.user,
                answers=form.answers(),
                files=form.documents(),
                remove=form.removed(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if "submit" in request.POST:
                return _submit(request, candidacy)
            messages.success(
                request,
                _("The draft is saved. Submit it by %(day)s included: until then it is not sent.")
                % {"day": _day(candidacy.round.call_closes_on)},
            )
            return redirect(candidacy.get_absolute_url())
    return _candidacy_page(request, candidacy, form=form, status=400)


def _submit(request, candidacy: Candidacy):
    """The draft just saved, submitted (committee.selection.submit): what it
    lacks, or a third consecutive term, is said on its fields, and it stays
    a draft."""
    try:
        selection.submit(candidacy, by=request.user)
    except ValidationError as error:
        saved = _candidacy(candidacy.round.committee.plan, candidacy.pk)
        return _candidacy_page(request, saved, refused=error, status=400)
    messages.success(
        request,
        _(
            "The candidacy of %(association)s is submitted. The secretariat checks that the file is "
            "complete; you will be told if anything is missing."
        )
        % {"association": candidacy.association.name},
    )
    return redirect(candidacy.get_absolute_url())
