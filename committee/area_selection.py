"""The selection committee's area (/<lang>/committee/selection/my/…): the
members of a round's selection committee — private sector, university,
independent bodies, the elected civil-society member, and the observers —
are not staff. Each reads, in the rounds they sit on
(committee.rules.selection_seats), the complete files, scores them on the
grid (committee.selection.score: one number per criterion, bounded, and a
comment), follows their own progress, and reads the other members' points
only when committee.selection.visible_scores allows it (every member has
scored every file, or the results are published). Observers read, never
score: no form, and a forged POST is refused. Anyone else gets a 404 (an
anonymous visitor the sign-in page)."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.bidi import BidiFormMixin, isolate
from core.forms import UserTextForm

from . import rules, selection
from .models import CLOSE_POINTS, GRID, GRID_LABELS, Candidacy, Score, SelectionRound, Selector
from .selection import ANSWERS

MAXIMUM = sum(points for _name, points in GRID)


class ScoreForm(UserTextForm, BidiFormMixin, forms.Form):
    """One whole number per criterion of the grid, its maximum said, and a
    comment. The bounds are checked here to answer in words, and again by
    committee.selection.score and the database."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=Score._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What the points rest on: published with them once the results are."),
        error_messages={
            "required": gettext_lazy("Explain the points in a comment: it is published with them.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        points = {}
        for name, maximum in GRID:
            wrong = _("A whole number from 0 to %(maximum)d.") % {"maximum": maximum}
            points[name] = forms.IntegerField(
                label=capfirst(GRID_LABELS[name]),
                min_value=0,
                max_value=maximum,
                help_text=_("Out of %(maximum)d points.") % {"maximum": maximum},
                error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), wrong),
                widget=forms.NumberInput(
                    # Left to right in Arabic too: "-2", not "2-".
                    attrs={"min": 0, "max": maximum, "step": 1, "inputmode": "numeric", "dir": "ltr"}
                ),
            )
        # The grid's order, then the comment.
        self.fields = {**points, "comment": self.fields["comment"]}

    def points_fields(self):
        return [self[name] for name in ANSWERS]


@dataclass
class FileRow:
    """A complete file as a member's page lists it."""

    candidacy: Candidacy
    mine: int | None  # the member's own total, if they scored it
    cells: list[int | None] = field(default_factory=list)  # each scoring member's total, when shown
    mean: str = ""
    rank: int | None = None
    above_line: bool = False
    recused: bool = False  # the member's own association's: not theirs to score


@dataclass
class RoundView:
    seat: Selector
    round: SelectionRound
    stage: str
    refusal: str | None  # why this member does not score now
    members: list[Selector]
    files: list[FileRow]
    scored: int  # files this member scored
    recorded: int  # scores recorded by the whole committee
    expected: int
    sees_all: bool  # every member's points, the means and the ranking
    # (above, below, the gap, the decision or None, the one chosen or None)
    pairs: list = field(default_factory=list)
    results_url: str = ""


def public_url(round: SelectionRound) -> str:
    """The round's public page (committee:selection), once the results are
    published and if that page exists."""
    if round.published_at is None:
        return ""
    try:
        return round.get_absolute_url()
    except NoReverseMatch:
        return ""


def _round_view(user, seat: Selector, today) -> RoundView:
    """What the index shows of one round: a constant number of queries,
    whatever the number of files, members and scores."""
    round = seat.round
    result = selection.ranking(round)
    members = list(selection.scorers(round).order_by("kind", "name", "pk"))
    shown = set(selection.visible_scores(user, round).values_list("candidacy_id", "selector_id"))
    every = {(row.candidacy.pk, sid) for row in result.rows for sid in row.totals}
    member_ids = {m.pk for m in members}
    recused = {pair for pair in selection.recusals(round) if pair[1] in member_ids}
    # The means and the ranking once every member's points may be read.
    sees_all = (round.published_at is not None or selection.all_scored(round)) and every <= shown
    files = []
    for row in result.rows:
        pk = row.candidacy.pk
        file = FileRow(row.candidacy, row.totals.get(seat.pk) if (pk, seat.pk) in shown else None)
        file.cells = [row.totals.get(m.pk) if (pk, m.pk) in shown else None for m in members]
        file.recused = (pk, seat.pk) in recused
        if sees_all:
            file.mean, file.rank, file.above_line = row.mean_display, row.rank, row.above_line
        files.append(file)
    if not sees_all:
        # Before the ranking may be read, the files in the associations' order.
        files.sort(key=lambda f: (f.candidacy.association.name, f.candidacy.pk))
    return RoundView(
        seat=seat,
        round=round,
        stage=SelectionRound.Stage(round.stage(today)).label,
        refusal=selection.scoring_refusal(round, seat, today),
        members=members,
        files=files,
        scored=sum(f.mine is not None for f in files),
        recorded=len(every),
        expected=len(members) * len(files) - len(recused),
        sees_all=sees_all,
        pairs=_pairs(result) if sees_all else [],
        results_url=public_url(round),
    )


def _pairs(result: selection.Ranking) -> list[tuple]:
    """The flagged pairs with their decisions, the one chosen taken from the
    two rows (no query per decision)."""
    pairs = []
    for above, below in result.pairs:
        decision = result.decisions.get((above.candidacy.pk, below.candidacy.pk))
        chosen = None
        if decision:
            chosen = above.candidacy if decision.chosen_id == above.candidacy.pk else below.candidacy
        gap = f"{float(above.mean - below.mean):.2f}"
        pairs.append((above, below, gap, decision, chosen))
    return pairs


@login_required
@require_GET
def index(request):
    seats = list(
        rules.selection_seats(request.user)
        .select_related("round__committee__plan")
        .order_by("-round__call_opens_on", "-round__pk")
    )
    if not seats:
        raise Http404
    today = timezone.localdate()
    rounds = [_round_view(request.user, seat, today) for seat in seats]
    context = {"rounds": rounds, "maximum": MAXIMUM, "close_points": CLOSE_POINTS}
    return TemplateResponse(request, "committee/area/selection.html", context)


def _refused_text(request) -> str:
    """What was typed in a POST that is refused, shown back so that it is not lost."""
    return request.POST.get("comment", "")[: ScoreForm.base_fields["comment"].max_length]


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk: int):
    candidacy = get_object_or_404(
        rules.selection_files(request.user).select_related("round__committee__plan", "association"), pk=pk
    )
    round = candidacy.round
    seat = selection.selector_of(request.user, round)
    if seat is None:  # the seat was removed since the query above
        raise Http404
    today = timezone.localdate()
    refusal = selection.scoring_refusal(round, seat, today, candidacy)
    mine = Score.objects.filter(candidacy=candidacy, selector=seat).first()
    status = 200
    form = None
    refused_text = ""
    if request.method == "POST":
        if seat.is_observer:
            raise PermissionDenied(refusal)
        if refusal:
            # Nothing is saved; the page says why and shows the comment typed back.
            refused_text = _refused_text(request)
            status = 409
        else:
            form = ScoreForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    selection.score(
                        candidacy,
                        selector=seat,
                        points={name: data[name] for name in ANSWERS},
                        comment=data["comment"],
                        today=today,
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("Your points for %(association)s are saved.")
                        % {"association": isolate(candidacy.association.name)},
                    )
                    return HttpResponseRedirect(f"{reverse('committee:scoring')}#round-{round.pk}")
            status = 400
    elif not refusal:
        initial = None
        if mine:
            initial = {name: getattr(mine, name) for name in ANSWERS} | {"comment": mine.comment}
        form = ScoreForm(initial=initial)
    # Until every member has scored, a member's own points are in the form.
    others_hidden = not (round.published_at or selection.all_scored(round))
    context = {
        "candidacy": candidacy,
        "round": round,
        "seat": seat,
        "refusal": refusal,
        "form": form,
        "mine": mine,
        "refused_text": refused_text,
        "answers": [(capfirst(GRID_LABELS[name]), points, getattr(candidacy, name)) for name, points in GRID],
        "documents": list(candidacy.enclosures.order_by("kind", "pk")),
        "scores": [] if others_hidden else _visible_points(request.user, candidacy),
        "others_hidden": others_hidden,
        "maximum": MAXIMUM,
        "results_url": public_url(round),
    }
    return TemplateResponse(request, "committee/area/selection_score.html", context, status=status)


def _visible_points(user, candidacy: Candidacy) -> list[Score]:
    """The points of this file `user` may read (committee.selection.visible_scores):
    their own until every member has scored, then every member's."""
    rows = list(
        selection.visible_scores(user, candidacy.round)
        .filter(candidacy=candidacy)
        .select_related("selector")
        .order_by("selector__kind", "selector__name", "selector__pk")
    )
    for row in rows:
        row.criteria = [
            (capfirst(GRID_LABELS[name]), f"{getattr(row, name)} / {maximum}") for name, maximum in GRID
        ]
    return rows
