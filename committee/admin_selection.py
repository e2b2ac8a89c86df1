"""The secretariat's side of the selection of civil-society members
(committee.selection; spec: committee.md, article 4; issue 22).

- *Rounds*: the committee whose civil seats are filled, the seats, the vote's
  and the call's dates (each order refused in words on its field), the
  method in Arabic, French and English; inline, the candidates for the
  selection committee's civil-society seat (the ballot: set until the vote
  opens, then read with its public count) and the selection committee
  (members and observers, each with the account they score with, typed as
  its email address: no list of every account); the moves, each a page that
  says what it does or why not yet, then a POST: announce the call, seat the
  elected, publish the results. Once published, the round is a record.
- *The ranking* (a page of the round): the complete files ranked by their
  mean, each scoring member's total, the selection line, the pairs flagged
  by the 10-point rule with the form recording the selection committee's
  decision and its published reason; who still has files to score.
- *Candidacies*: the association's, read here (answers, documents, scores,
  history) and never written; listed with the round, state, completeness and
  result filters; a submitted file is marked complete, or incomplete with
  the reason the candidate reads, on its page. A draft says what its
  submission would be refused for (a third consecutive term included).
- *Votes and scores*: cast by associations and scored by the selection
  committee on the site; read here.

Every rule is committee.selection's (and committee.rules' who-may); this
module shows them and says their refusals in words."""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.bidi import BidiAdminMixin, BidiFormMixin, isolate
from core.models import User
from core.permissions import SECRETARIAT_ONLY
from core.scoping import EventsInline, ReadOnlyInline, ScopedAdmin
from core.transitions import TransitionError
from plans.models import Association

from . import rules, selection
from .membership import third_term
from .models import (
    CLOSE_POINTS,
    GRID,
    Candidacy,
    CandidacyEvent,
    CandidacyFile,
    PairDecision,
    Score,
    SeatCandidate,
    SeatVote,
    SelectionEvent,
    SelectionRound,
    Selector,
)

C = Candidacy.Completeness
K = Selector.Kind
ANSWERS = [name for name, _points in GRID]
# A candidacy's recorded moves, by the states they name (CandidacyEvent).
CANDIDACY_STATES = {
    "draft": _("draft"),
    "submitted": _("submitted"),
    **dict(Candidacy.Completeness.choices),
    **dict(Candidacy.Outcome.choices),
}


def day(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _id(value: str) -> int:
    """An id from the query string; anything else is a bad filter value (the
    admin says so and shows the list unfiltered), never a database error."""
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise IncorrectLookupParameters(f"not an id: {value!r}")
    return int(value)


def rounds_named():
    return SelectionRound.objects.select_related("committee__plan__member").order_by("-call_opens_on", "-pk")


def term_label(round) -> str:
    """A round, short: its committee's OGP member and years (a plan's title is long)."""
    plan = round.committee.plan
    return isolate(f"{plan.member} · {plan.period}")


def round_filter(path: str):
    """A list filter by round, reached through `path` (its rounds read in one query)."""

    class RoundFilter(admin.SimpleListFilter):
        title = _("selection")
        parameter_name = "round"

        def lookups(self, request, model_admin):
            return [(str(found.pk), term_label(found)) for found in rounds_named()]

        def queryset(self, request, queryset):
            value = self.value()
            return queryset.filter(**{path: _id(value)}) if value else queryset

    return RoundFilter


# Accounts are typed by their address, never picked from a list of them all
# (tests/admin/test_account_pickers.py): the selection committee's members
# and the seat's candidates are not staff.


class AccountField(forms.EmailField):
    """The account a person signs in with, named by its email address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("account (its email address)"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr", "autocomplete": "off", "class": "vTextField"})

    def clean(self, value):
        address = super().clean(value)
        if not address:
            return None
        user = User.objects.filter(email__iexact=address, is_active=True).first()
        if user is None:
            raise ValidationError(
                gettext("No account signs in with this address: the person first signs up on the portal.")
            )
        return user


class WithAccount(forms.ModelForm):
    """A row's `person` as the address of their account."""

    account = AccountField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.person_id:
            self.fields["account"].initial = self.instance.person.email

    def clean(self):
        data = super().clean()
        if "account" in data:
            self.instance.person = data["account"]
        return data


class SelectionForm(BidiFormMixin, forms.Form):
    """The forms of the selection's own pages: their labels start with a
    capital, as the admin's model fields' do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


def candidate_label(candidate: SeatCandidate) -> str:
    """A seat's candidate and their association, each in its own direction."""
    return f"{isolate(candidate.name)} ({isolate(candidate.association.name)})"


# --- Rounds.


class SelectionRoundForm(forms.ModelForm):
    """The dates' order, said on their fields before the database's
    constraints would refuse them."""

    class Meta:
        model = SelectionRound
        fields = [
            "committee",
            "seats",
            "method",
            "vote_opens_on",
            "vote_closes_on",
            "call_opens_on",
            "call_closes_on",
        ]

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if seats is not None and seats < 1:
            raise ValidationError(gettext("At least one seat."))
        return seats

    def clean(self):
        data = super().clean()
        get = data.get
        orders = [
            (
                "vote_closes_on",
                get("vote_opens_on"),
                get("vote_closes_on"),
                _("The vote closes on or after the day it opens."),
            ),
            (
                "call_closes_on",
                get("call_opens_on"),
                get("call_closes_on"),
                _("The call closes on or after the day it opens."),
            ),
            (
                "call_opens_on",
                get("vote_opens_on"),
                get("call_opens_on"),
                _(
                    "The call for candidacies opens on or after the day the vote opens: the selection "
                    "committee is set before the files are scored."
                ),
            ),
        ]
        for field, first, last, message in orders:
            if first and last and last < first and field not in self.errors:
                self.add_error(field, message)
        return data


class SeatCandidateForm(WithAccount):
    class Meta:
        model = SeatCandidate
        fields = ["association", "name"]


class AccountShown:
    """The account's address where the row is read, not changed (a published round)."""

    @admin.display(description=_("account (its email address)"))
    def account(self, row):
        return row.person.email if row.person_id else "—"


class FixedOnce:
    """An inline of a round's rows, set until `fixed(round)` (at the latest
    once the results are published): then read, no longer changed."""

    def fixed(self, round) -> bool:
        return round is not None and round.published_at is not None

    def has_add_permission(self, request, obj=None) -> bool:
        return not self.fixed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self.fixed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self.fixed(obj) and super().has_delete_permission(request, obj)


class SeatCandidateInline(FixedOnce, AccountShown, BidiAdminMixin, admin.TabularInline):
    """The ballot: set until the vote opens (selection.ballot_fixed), then
    read with each candidate's count."""

    model = SeatCandidate
    form = SeatCandidateForm
    fields = ["association", "name", "account", "votes"]
    readonly_fields = ["votes"]
    extra = 0
    verbose_name_plural = _("candidates for the selection committee's civil-society seat (the ballot)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("association", "person")
            .annotate(votes_cast=Count("votes"))
            .order_by("name", "pk")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "association":
            kwargs["queryset"] = Association.objects.order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        # The associations read once for every row's choice, not once per row.
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("association")
        if field is not None:
            field.choices = list(field.choices)
            inner = getattr(field.widget, "widget", None)  # inside the admin's related-field wrapper
            if inner is not None:
                inner.choices = field.choices
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if self.fixed(obj) else 1  # a row to fill, JavaScript or not

    @admin.display(description=_("votes"))
    def votes(self, candidate):
        return getattr(candidate, "votes_cast", "—") if candidate.pk else "—"

    def fixed(self, round) -> bool:
        return super().fixed(round) or (round is not None and selection.ballot_fixed(round))


class SelectorForm(WithAccount):
    """A member of the selection committee. The civil-society member is
    seated by the vote (the round's "Seat the elected"), never chosen here;
    a member who has scored keeps their seat's kind (an observer never
    scores)."""

    class Meta:
        model = Selector
        fields = ["kind", "name", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        seated = self.instance.pk is not None
        if seated and (self.instance.kind == K.CIVIL or getattr(self.instance, "scores_given", 0)):
            kind.disabled = True
        else:
            kind.choices = [(value, label) for value, label in kind.choices if value != K.CIVIL]

    def validate_unique(self):
        # One seat per person and one of each kind: said in words by the
        # formset (SelectorFormSet.clean), over the rows posted together.
        pass


class SelectorFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kinds, people = Counter(), Counter()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form in self.deleted_forms:
                continue
            kinds[data.get("kind") or form.instance.kind] += 1
            if data.get("account") is not None:
                people[data["account"].email] += 1
        labels = dict(K.choices)
        errors = [
            gettext("A selection committee has one %(seat)s member.") % {"seat": labels[kind]}
            for kind in Selector.ONE_EACH
            if kinds[kind] > 1
        ]
        errors += [
            gettext("%(address)s is given two seats: one seat per person.") % {"address": isolate(address)}
            for address, n in people.items()
            if n > 1
        ]
        if errors:
            raise ValidationError(errors)


class SelectorInline(FixedOnce, AccountShown, BidiAdminMixin, admin.TabularInline):
    model = Selector
    form = SelectorForm
    formset = SelectorFormSet
    fields = ["kind", "name", "organisation", "account", "elected", "scored"]
    readonly_fields = ["elected", "scored"]
    extra = 0
    verbose_name_plural = _("the selection committee (observers see the files and never score)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "elected")
            .annotate(scores_given=Count("scores"))
            .order_by("kind", "name", "pk")
        )

    @admin.display(description=_("files scored"))
    def scored(self, member):
        if member.pk is None or member.is_observer:
            return "—"
        return member.scores_given

    def get_extra(self, request, obj=None, **kwargs):
        # A new round starts with its members to write; a round being
        # prepared offers one more row (no JavaScript needed to add one).
        if obj is None:
            return 3
        return 0 if self.fixed(obj) else 1


class SelectionEventInline(EventsInline, admin.TabularInline):
    """The call announced, the results published: who, when."""

    model = SelectionEvent
    fk_name = "round"
    fields = ["created_at", "actor", "to_status"]
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def _change_url(round) -> str:
    return reverse("admin:committee_selectionround_change", args=[round.pk])


def _candidacies_url(round, **query) -> str:
    base = reverse("admin:committee_candidacy_changelist")
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return f"{base}?round={round.pk}{extra}"


@admin.register(SelectionRound)
class SelectionRoundAdmin(ScopedAdmin, TranslationAdmin):
    scope = SECRETARIAT_ONLY
    form = SelectionRoundForm
    change_form_template = "admin/committee/selection/round_form.html"
    list_display = ["__str__", "stage_label", "seats", "vote_window", "call_window", "candidacies"]
    list_select_related = ["committee__plan"]
    search_fields = ["committee__plan__title", "committee__plan__title_ar", "committee__plan__title_fr"]
    fieldsets = [
        (None, {"fields": ["committee", "seats", "method"]}),
        (
            _("The vote for the selection committee's civil-society seat"),
            {
                "fields": ["vote_opens_on", "vote_closes_on", "vote_count"],
                "description": _(
                    "Associations registered on the portal vote, one vote per association through its "
                    "representative; the count is public."
                ),
            },
        ),
        (
            _("The call for candidacies"),
            {"fields": ["call_opens_on", "call_closes_on", "announced_at"]},
        ),
        (_("Where the selection stands"), {"fields": ["stage_label", "figures", "scoring", "publication"]}),
    ]
    readonly_fields = ["vote_count", "announced_at", "stage_label", "figures", "scoring", "publication"]
    inlines = [SeatCandidateInline, SelectorInline, SelectionEventInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                files=Count("candidacies", filter=Q(candidacies__submitted_at__isnull=False)),
                drafts=Count("candidacies", filter=Q(candidacies__submitted_at__isnull=True)),
            )
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A round being added: its dates and method; where it stands comes with it.
        added = []
        for name, options in fieldsets[:-1]:
            kept = [f for f in options["fields"] if f not in self.readonly_fields]
            added.append((name, {**options, "fields": kept}))
        return added

    def get_readonly_fields(self, request, obj=None):
        # A round stays with its committee: its candidacies apply for that term.
        return [*self.readonly_fields, "committee"] if obj is not None else self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else [SeatCandidateInline, SelectorInline]

    def has_change_permission(self, request, obj=None) -> bool:
        # Published, the round is the record of the selection.
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "committee":
            from .models import Committee

            # A committee has one selection: those that have one are not offered.
            kwargs["queryset"] = (
                Committee.objects.filter(selection__isnull=True)
                .select_related("plan")
                .order_by("-term_start")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # The form checked "one of each" and "one seat per person"; a
            # parallel request saved the same seat meanwhile.
            self.message_user(
                request,
                gettext(
                    "Not saved: a seat of the selection committee was given meanwhile to the same person or "
                    "kind. Check the members and save again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    # The list's and the form's computed values.

    @admin.display(description=_("stage"))
    def stage_label(self, round):
        if round is None or round.pk is None:
            return "—"
        return SelectionRound.Stage(round.stage()).label

    @admin.display(description=_("vote"))
    def vote_window(self, round):
        return isolate(f"{day(round.vote_opens_on)} – {day(round.vote_closes_on)}")

    @admin.display(description=_("call for candidacies"), ordering="call_opens_on")
    def call_window(self, round):
        return isolate(f"{day(round.call_opens_on)} – {day(round.call_closes_on)}")

    @admin.display(description=_("candidacies"))
    def candidacies(self, round):
        text = ngettext("%(files)d submitted", "%(files)d submitted", round.files) % {"files": round.files}
        if round.drafts:
            text += " · " + ngettext("%(n)d draft", "%(n)d drafts", round.drafts) % {"n": round.drafts}
        return format_html('<a href="{}">{}</a>', _candidacies_url(round), text)

    @admin.display(description=_("the vote's count"))
    def vote_count(self, round):
        if round is None or round.pk is None:
            return "—"
        counted = selection.tally(round)
        if not counted:
            return gettext("No candidate yet.")
        rows = format_html_join(
            mark_safe("<br>"),
            "<bdi>{}</bdi> (<bdi>{}</bdi>) — {}",
            (
                (
                    candidate.name,
                    candidate.association.name,
                    ngettext("%(count)d vote", "%(count)d votes", candidate.count)
                    % {"count": candidate.count},
                )
                for candidate in counted
            ),
        )
        elected = round.selectors.filter(kind=K.CIVIL).first()
        if elected is not None:
            seated = gettext("Seated: %(name)s") % {"name": isolate(elected.name)}
            return format_html("{}<br><strong>{}</strong>", rows, seated)
        return rows

    @admin.display(description=_("candidacies"))
    def figures(self, round):
        found = selection.counts(round)
        parts = [
            (
                _candidacies_url(round, state="submitted"),
                gettext("%(n)d submitted") % {"n": found["submitted"]},
            ),
            (_candidacies_url(round, state="draft"), gettext("%(n)d drafts") % {"n": found["drafts"]}),
            (
                _candidacies_url(round, completeness__exact=C.COMPLETE),
                gettext("%(n)d complete") % {"n": found["complete"]},
            ),
            (
                _candidacies_url(round, completeness__exact=C.INCOMPLETE),
                gettext("%(n)d incomplete") % {"n": found["incomplete"]},
            ),
        ]
        unchecked = found["submitted"] - found["complete"] - found["incomplete"]
        if unchecked:
            parts.append(
                (
                    _candidacies_url(round, completeness__exact=C.UNCHECKED),
                    gettext("%(n)d to check") % {"n": unchecked},
                )
            )
        return format_html_join(" · ", '<a href="{}">{}</a>', parts)

    @admin.display(description=_("scoring"))
    def scoring(self, round):
        given, expected = selection.scoring_progress(round)
        text = gettext("%(given)d of %(expected)d scores given") % {"given": given, "expected": expected}
        url = reverse("admin:committee_selectionround_ranking", args=[round.pk])
        return format_html('{} — <a href="{}">{}</a>', text, url, gettext("the ranking"))

    @admin.display(description=_("results"))
    def publication(self, round):
        if round.published_at:
            return gettext("Published on %(date)s.") % {"date": day(timezone.localdate(round.published_at))}
        return selection.publication_refusal(round) or gettext("Ready to be published.")

    # The moves and the ranking: pages of one round.

    def get_urls(self):
        return [
            self.row_view(ranking_view, "ranking", "committee_selectionround_ranking"),
            self.row_view(announce_view, "announce", "committee_selectionround_announce"),
            self.row_view(elect_view, "elect", "committee_selectionround_elect"),
            self.row_view(publish_view, "publish", "committee_selectionround_publish"),
            *super().get_urls(),
        ]

    def tools(self, request, round) -> list[tuple[str, str]]:
        """The buttons above the round's form: the ranking, and the moves it allows now."""
        found = [(reverse("admin:committee_selectionround_ranking", args=[round.pk]), gettext("Ranking"))]
        if not rules.may_run_selection(request.user) or round.published_at:
            return found
        if selection.announce_refusal(round) is None:
            found.append(
                (reverse("admin:committee_selectionround_announce", args=[round.pk]), str(MOVES["announce"]))
            )
        if selection.elect_refusal(round) is None:
            found.append(
                (reverse("admin:committee_selectionround_elect", args=[round.pk]), str(MOVES["elect"]))
            )
        found.append(
            (reverse("admin:committee_selectionround_publish", args=[round.pk]), str(MOVES["publish"]))
        )
        return found

    def change_view(self, request, object_id, form_url="", extra_context=None):
        round = self.scoped_object_or_404(request, object_id)
        extra_context = {**(extra_context or {}), "round_tools": self.tools(request, round)}
        return super().change_view(request, object_id, form_url, extra_context)


MOVES = {
    "announce": _("Announce the call"),
    "elect": _("Seat the elected"),
    "publish": _("Publish the results"),
}


def _round(model_admin, request, object_id) -> SelectionRound:
    found = model_admin.scoped_object_or_404(request, object_id)
    return SelectionRound.objects.select_related("committee__plan").get(pk=found.pk)


def _page(model_admin, request, template: str, round, title: str, **context) -> TemplateResponse:
    return TemplateResponse(
        request,
        f"admin/committee/selection/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": round,
            "round": round,
            "title": title,
            "stage": SelectionRound.Stage(round.stage()).label,
            "may_run": rules.may_run_selection(request.user) and round.published_at is None,
            **context,
        },
    )


def _may_run(request, round) -> None:
    if not rules.may_run_selection(request.user):
        raise PermissionDenied


def announce_view(model_admin, request, object_id):
    """What announcing does (who is told), or why not; then the move."""
    round = _round(model_admin, request, object_id)
    if request.method == "POST":
        _may_run(request, round)
        try:
            selection.announce(round, by=request.user)
        except (TransitionError, ValidationError) as error:
            model_admin.message_user(
                request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR
            )
        else:
            model_admin.log_change(request, round, str(MOVES["announce"]))
            model_admin.message_user(
                request,
                gettext("The call is announced to the associations' representatives."),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(_change_url(round))
    return _page(
        model_admin,
        request,
        "announce.html",
        round,
        str(MOVES["announce"]),
        refusal=selection.announce_refusal(round),
        told=selection.call_recipients().count(),
    )


class ElectForm(SelectionForm):
    candidate = forms.ModelChoiceField(
        label=_("elected"),
        queryset=SeatCandidate.objects.none(),
        widget=forms.RadioSelect(attrs={"class": "wide-choices"}),
        empty_label=None,
    )
    organisation = forms.CharField(
        label=_("organisation"),
        max_length=255,
        required=False,
        help_text=_(
            "As the selection committee's list will say it; by default, the candidate's association."
        ),
    )

    def __init__(self, *args, winners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = SeatCandidate.objects.filter(
            pk__in=[c.pk for c in winners]
        ).select_related("association")
        self.fields["candidate"].label_from_instance = candidate_label
        if len(winners) == 1:
            self.fields["candidate"].initial = winners[0].pk


def elect_view(model_admin, request, object_id):
    """The vote's count and its winner(s): the secretariat seats the elected
    (one of the tied, on a tie) on the selection committee."""
    round = _round(model_admin, request, object_id)
    counted = selection.tally(round)
    top = counted[0].count if counted else 0
    winners = [c for c in counted if top and c.count == top]
    form = ElectForm(request.POST if request.method == "POST" else None, winners=winners)
    if request.method == "POST":
        _may_run(request, round)
        if form.is_valid():
            try:
                seat = selection.elect(
                    round,
                    candidate=form.cleaned_data["candidate"],
                    organisation=form.cleaned_data["organisation"].strip(),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                model_admin.log_change(request, round, str(MOVES["elect"]))
                model_admin.message_user(
                    request,
                    gettext("%(name)s takes the civil-society seat of the selection committee.")
                    % {"name": isolate(seat.name)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(_change_url(round))
    return _page(
        model_admin,
        request,
        "elect.html",
        round,
        str(MOVES["elect"]),
        refusal=selection.elect_refusal(round),
        counted=counted,
        tie=len(winners) > 1,
        form=form,
    )


def publish_view(model_admin, request, object_id):
    """What publishing does (who takes a seat, who is told), or why not yet; then the move."""
    round = _round(model_admin, request, object_id)
    if request.method == "POST":
        _may_run(request, round)
        try:
            selection.publish(round, by=request.user)
        except ValidationError as error:
            model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            model_admin.log_change(request, round, str(MOVES["publish"]))
            model_admin.message_user(
                request,
                gettext(
                    "The results are published: the selected take their seats on the committee and every "
                    "candidate is told."
                ),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(_change_url(round))
    result = selection.ranking(round)
    return _page(
        model_admin,
        request,
        "publish.html",
        round,
        str(MOVES["publish"]),
        refusal=selection.publication_refusal(round, result),
        selected=[row for row in result.rows if row.selected],
        told=Candidacy.objects.filter(
            round=round, submitted_at__isnull=False, applicant__isnull=False
        ).count(),
    )


# The ranking and the decisions on close pairs.


class PairForm(SelectionForm):
    """The selection committee's decision on a pair flagged by the 10-point
    rule, as the secretariat records it (selection.decide_pair)."""

    chosen = forms.TypedChoiceField(
        label=_("takes the seat"), coerce=int, widget=forms.RadioSelect(attrs={"class": "wide-choices"})
    )
    reason = forms.ChoiceField(
        label=_("decided on"),
        choices=PairDecision.Reason.choices,
        widget=forms.RadioSelect(attrs={"class": "wide-choices"}),
    )
    explanation = forms.CharField(
        label=_("reason, as published"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text=_("Published with the results, beside the two candidacies and their points."),
    )

    def __init__(self, *args, above, below, **kwargs):
        super().__init__(*args, **kwargs)
        self.above, self.below = above, below
        self.fields["chosen"].choices = [
            (row.candidacy.pk, f"{isolate(row.candidacy.association.name)} ({row.mean_display})")
            for row in (above, below)
        ]


def pair_key(above, below) -> str:
    return f"{above.candidacy.pk}-{below.candidacy.pk}"


def ranking_view(model_admin, request, object_id):
    """The complete files ranked by their mean, each member's total, the
    line, the flagged pairs with their decisions (and the form to record
    one, until the results are published), who still has files to score."""
    round = _round(model_admin, request, object_id)
    result = selection.ranking(round)
    members = list(selection.scorers(round).order_by("kind", "name", "pk"))
    may_decide = rules.may_run_selection(request.user) and round.published_at is None
    pairs = {}
    for above, below in result.pairs:
        decision = result.decisions.get((above.candidacy.pk, below.candidacy.pk))
        initial = (
            {"chosen": decision.chosen_id, "reason": decision.reason, "explanation": decision.explanation}
            if decision
            else {}
        )
        key = pair_key(above, below)
        pairs[key] = {
            "above": above,
            "below": below,
            "apart": above.mean - below.mean,
            "decision": decision,
            "form": PairForm(prefix=f"pair{key}", initial=initial, above=above, below=below)
            if may_decide
            else None,
            "key": key,
        }
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        key = request.POST.get("pair", "")
        pair = pairs.get(key)
        if pair is None:
            model_admin.message_user(
                request,
                gettext(
                    "These two candidacies are not within %(points)d points of each other across the "
                    "selection line: nothing was recorded."
                )
                % {"points": CLOSE_POINTS},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        form = PairForm(request.POST, prefix=f"pair{key}", above=pair["above"], below=pair["below"])
        pair["form"] = form
        if form.is_valid():
            chosen = (
                pair["above"] if form.cleaned_data["chosen"] == pair["above"].candidacy.pk else pair["below"]
            )
            try:
                selection.decide_pair(
                    round,
                    by=request.user,
                    above=pair["above"].candidacy,
                    below=pair["below"].candidacy,
                    chosen=chosen.candidacy,
                    reason=form.cleaned_data["reason"],
                    explanation=form.cleaned_data["explanation"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                model_admin.log_change(request, round, gettext("Decision on a close pair recorded"))
                model_admin.message_user(
                    request,
                    gettext("The decision is recorded: %(name)s takes the seat.")
                    % {"name": isolate(chosen.candidacy.association.name)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(f"{request.path}#pair-{key}")
    given = dict(
        Score.objects.filter(candidacy__in=selection.scored_files(round), selector__in=members)
        .order_by()
        .values_list("selector")
        .annotate(n=Count("pk"))
    )
    files = len(result.rows)
    return _page(
        model_admin,
        request,
        "ranking.html",
        round,
        gettext("Ranking"),
        rows=[(row, [row.totals.get(member.pk) for member in members]) for row in result.rows],
        members=members,
        progress=[(member, given.get(member.pk, 0), files) for member in members],
        pairs=list(pairs.values()),
        close_points=CLOSE_POINTS,
        refusal=selection.publication_refusal(round, result) if round.published_at is None else None,
        may_decide=may_decide,
    )


# --- Candidacies.


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", _("draft")), ("submitted", _("submitted"))]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(submitted_at__isnull=True)
        if self.value() == "submitted":
            return queryset.filter(submitted_at__isnull=False)
        return queryset


class CandidacyFileInline(ReadOnlyInline, BidiAdminMixin, admin.TabularInline):
    """The file's documents, each opened through the protected files' rule."""

    model = CandidacyFile
    fields = ["kind", "document", "published", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("documents of the file")

    def has_view_permission(self, request, obj=None) -> bool:
        return True  # whoever may open the candidacy (its admin's scope decides)

    def get_queryset(self, request):
        # Each row's title names its candidacy.
        return super().get_queryset(request).select_related("candidacy__association")

    @admin.display(description=_("file"))
    def document(self, enclosure):
        return format_html('<a href="{}">{}</a>', enclosure.file.url, gettext("open"))

    @admin.display(description=_("published with the results"), boolean=True)
    def published(self, enclosure):
        return enclosure.is_public


class ScoreInline(ReadOnlyInline, BidiAdminMixin, admin.TabularInline):
    """The selection committee's scores of the file (those the reader may see:
    selection.visible_scores, by CandidacyAdmin.get_formset_kwargs)."""

    model = Score
    fields = ["selector", "points", "total", "comment", "scored_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("scores")

    def has_view_permission(self, request, obj=None) -> bool:
        return True

    @admin.display(description=_("points"))
    def points(self, score):
        # Each criterion by the score's own short label ("new technologies (/5)").
        return format_html_join(
            mark_safe("<br>"),
            "{}: {}",
            ((capfirst(Score._meta.get_field(name).verbose_name), getattr(score, name)) for name in ANSWERS),
        )

    @admin.display(description=_("total (/100)"))
    def total(self, score):
        return score.total


class CandidacyEventInline(EventsInline, admin.TabularInline):
    """Submitted, checked complete or incomplete (with the reason), selected or not."""

    model = CandidacyEvent
    fk_name = "candidacy"
    fields = ["created_at", "actor", "from_label", "to_label", "reason"]
    verbose_name_plural = _("history")

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("from"))
    def from_label(self, event):
        return CANDIDACY_STATES.get(event.from_status, event.from_status)

    @admin.display(description=_("to"))
    def to_label(self, event):
        return CANDIDACY_STATES.get(event.to_status, event.to_status)


class CheckForm(SelectionForm):
    """Complete, or incomplete with what is missing (selection.check_file)."""

    completeness = forms.ChoiceField(
        label=_("the file is"),
        choices=[
            (C.COMPLETE, _("complete: the selection committee scores it")),
            (C.INCOMPLETE, _("incomplete: it is not scored, and the candidate is told why")),
        ],
        widget=forms.RadioSelect(attrs={"class": "wide-choices"}),
    )
    incomplete_reason = forms.CharField(
        label=_("what is missing"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text=_("For an incomplete file: the candidate reads it in the email that tells them."),
    )


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyInline, ScopedAdmin, admin.ModelAdmin):
    """A candidacy is its association's, made and submitted on the site:
    read here, and its file marked (check_view); never written nor deleted."""

    scope = SECRETARIAT_ONLY
    change_form_template = "admin/committee/selection/candidacy_form.html"
    list_display = ["name", "association", "state", "completeness", "outcome", "round_plan"]
    list_display_links = ["name"]
    list_filter = [round_filter("round"), StateFilter, "completeness", "outcome"]
    search_fields = ["association__name", "association__name_ar", "association__name_fr", "name", "region"]
    list_per_page = 50
    ABOUT = ["round", "association", "applicant", "name", "person", "region", "created_at", "state"]
    FILE = ["file_check", "incomplete_reason", "outcome"]
    readonly_fields = [*ABOUT, *ANSWERS, *FILE, "submission"]
    inlines = [CandidacyFileInline, ScoreInline, CandidacyEventInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("The candidacy"), {"fields": self.ABOUT}),
            (_("The answers to the grid's criteria"), {"fields": ANSWERS}),
            (_("The file and the result"), {"fields": self.FILE}),
        ]
        if obj is not None and obj.is_draft:
            fieldsets.insert(1, (_("Its submission"), {"fields": ["submission"]}))
        return fieldsets

    def get_queryset(self, request):
        # The list's columns and the page's fields, in the row's query (a
        # select_related here is the list's too: Django adds none of its own).
        return (
            super()
            .get_queryset(request)
            .select_related("association", "round__committee__plan__member", "applicant", "person")
        )

    def get_list_display(self, request):
        # Filtered by its round, the list needs no column to say it.
        if request.GET.get("round"):
            return [name for name in self.list_display if name != "round_plan"]
        return self.list_display

    def view_on_site(self, candidacy):
        # Its public page once the results are published (a draft is its association's).
        if candidacy.round.published_at and candidacy.submitted_at:
            content_type = ContentType.objects.get_for_model(Candidacy)
            return reverse("admin:view_on_site", args=[content_type.pk, candidacy.pk])
        return None

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ScoreInline) and obj is not None:
            kwargs["queryset"] = (
                selection.visible_scores(request.user, obj.round)
                .filter(candidacy=obj)
                .select_related("selector", "candidacy__association")
                .order_by("selector__kind", "selector__name")
            )
        return kwargs

    @admin.display(description=_("selection"), ordering="round__call_opens_on")
    def round_plan(self, candidacy):
        return term_label(candidacy.round)

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def state(self, candidacy):
        if candidacy.submitted_at is None:
            return gettext("draft")
        return date_format(timezone.localdate(candidacy.submitted_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("the file's check"))
    def file_check(self, candidacy):
        return candidacy.get_completeness_display()

    @admin.display(description=_("would its submission be accepted?"))
    def submission(self, candidacy):
        """What selection.submit would refuse it for today: the call's dates,
        what the file lacks, a third consecutive term."""
        problems = []
        refusal = selection.call_refusal(candidacy.round)
        if refusal:
            problems.append(refusal)
        problems += selection.missing(candidacy).values()
        problems += third_term(selection.seat_of(candidacy)).values()
        if not problems:
            return gettext("Yes: its association's representative may submit it.")
        return format_html(
            "<strong>{}</strong><ul>{}</ul>",
            gettext("No:"),
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidacy = self.scoped_object_or_404(request, object_id)
        extra_context = {**(extra_context or {}), **check_context(request, candidacy)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            self.row_view(check_view, "check", "committee_candidacy_check"),
            *super().get_urls(),
        ]


def check_context(request, candidacy: Candidacy, form=None) -> dict:
    """The file's check on the candidacy's page: the form, while it may be
    marked (submitted, results not published), for those who check files;
    or the form as posted, with what refused it."""
    if form is None:
        open_ = candidacy.submitted_at is not None and candidacy.round.published_at is None
        if open_ and rules.may_check_candidacies(request.user):
            initial = {
                "completeness": candidacy.completeness if candidacy.completeness != C.UNCHECKED else None
            }
            initial["incomplete_reason"] = candidacy.incomplete_reason
            form = CheckForm(initial=initial)
    return {"check_form": form, "candidacy": candidacy}


def check_view(model_admin, request, object_id):
    """Marks the file complete, or incomplete with the reason (the candidate
    is told); a refusal is said on the form, what was typed kept."""
    candidacy = model_admin.scoped_object_or_404(request, object_id)
    if not rules.may_check_candidacies(request.user):
        raise PermissionDenied
    form = CheckForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        complete = form.cleaned_data["completeness"] == C.COMPLETE
        try:
            selection.check_file(
                candidacy, by=request.user, complete=complete, reason=form.cleaned_data["incomplete_reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            done = (
                gettext("The file is marked complete: the selection committee scores it.")
                if complete
                else gettext("The file is marked incomplete: the candidate is told why.")
            )
            model_admin.log_change(request, candidacy, done)
            model_admin.message_user(request, done, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:committee_candidacy_change", args=[candidacy.pk]))
    return TemplateResponse(
        request,
        "admin/committee/selection/check.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": candidacy,
            "title": gettext("Check the file"),
            **check_context(request, candidacy, form),
        },
    )


# --- Votes and scores: read here.


@admin.register(SeatVote)
class SeatVoteAdmin(ReadOnlyInline, ScopedAdmin, admin.ModelAdmin):
    """Cast by each association's representative on the site: the count is
    public (the round's page), who voted for whom the secretariat's."""

    scope = SECRETARIAT_ONLY
    list_display = ["association", "candidate", "cast_by", "cast_at", "round_plan"]
    list_filter = [round_filter("round")]
    list_select_related = [
        "association",
        "candidate__association",
        "cast_by",
        "round__committee__plan__member",
    ]
    search_fields = ["association__name", "candidate__name"]
    fields = ["round", "association", "candidate", "cast_by", "cast_at"]
    readonly_fields = fields

    @admin.display(description=_("selection"))
    def round_plan(self, vote):
        return term_label(vote.round)


class ScoreKindFilter(admin.SimpleListFilter):
    title = _("seat")
    parameter_name = "seat"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label in K.choices if value not in Selector.OBSERVERS]

    def queryset(self, request, queryset):
        if self.value() in K.values:
            return queryset.filter(selector__kind=self.value())
        return queryset


@admin.register(Score)
class ScoreAdmin(ReadOnlyInline, ScopedAdmin, admin.ModelAdmin):
    """Given by the selection committee's members on the site."""

    scope = SECRETARIAT_ONLY
    list_display = ["candidacy", "selector", "total", "scored_at"]
    list_filter = [round_filter("candidacy__round"), ScoreKindFilter]
    list_select_related = ["candidacy__association", "selector"]
    search_fields = ["candidacy__association__name", "candidacy__name", "selector__name"]
    fields = ["candidacy", "selector", *ANSWERS, "total", "comment", "scored_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("total (/100)"))
    def total(self, score):
        return score.total
