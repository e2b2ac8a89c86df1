"""The associations' forms of the selection (committee.views_selection): a
candidacy's answers and documents, a draft until submitted
(committee.selection.start, change; submit has no fields), and the vote for
the selection committee's civil-society seat (committee.selection.vote).

A draft may leave anything empty: what a submission lacks is
committee.selection.missing's to say, on the same fields."""

from django import forms
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.bidi import BidiFormMixin, isolate
from core.forms import UserTextForm

from .models import CRITERIA, GRID_LABELS, Candidacy, CandidacyFile, SeatCandidate
from .selection import ANSWERS, DRAFT_FIELDS

KIND = CandidacyFile.Kind
FILE = CandidacyFile._meta.get_field("file")


def _scored_on(points: int) -> str:
    return ngettext(
        "The selection committee scores this answer on %(count)d point.",
        "The selection committee scores this answer on %(count)d points.",
        points,
    ) % {"count": points}


scored_on = lazy(_scored_on, str)


def document_field(kind: str) -> str:
    """The name of the upload field of a kind of document."""
    return f"document_{kind}"


class DocumentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_kind_display()


class CandidacyForm(UserTextForm, BidiFormMixin, forms.ModelForm):
    """A candidacy's draft: the person proposed, the region, an answer to
    each criterion of the grid, and its documents — one upload per kind
    (a new one replaces the draft's of that kind; "other" documents add up)
    and, for a draft that holds some, boxes to take them out."""

    class Meta:
        model = Candidacy
        fields = list(DRAFT_FIELDS)
        labels = {name: capfirst(GRID_LABELS[name]) for name in ANSWERS}
        help_texts = {
            "name": _("The person who would sit on the steering committee for the association."),
            "region": _(
                "Where the association works: the selection committee weighs geographic representation."
            ),
            **{name: scored_on(CRITERIA[name]) for name in ANSWERS},
        }
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
            "region": forms.TextInput(attrs={"dir": "auto"}),
            **{name: forms.Textarea(attrs={"rows": 6, "dir": "auto"}) for name in ANSWERS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A submission's refusals about the documents (committee.selection.missing's "files").
        self.documents_errors: list[str] = []
        for name in DRAFT_FIELDS:
            self.fields[name].required = False
        for kind in KIND:
            self.fields[document_field(kind)] = forms.FileField(
                label=capfirst(kind.label),
                required=False,
                validators=FILE.validators,
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.png,.jpg,.jpeg"}),
                help_text=_("Published with the results.")
                if kind in CandidacyFile.PUBLIC
                else _("Never published: read by the secretariat and the selection committee only."),
            )
        held = (
            self.instance.enclosures.order_by("kind", "pk")
            if self.instance.pk
            else CandidacyFile.objects.none()
        )
        if self.instance.pk and held.exists():
            self.fields["remove"] = DocumentChoice(
                label=_("Take out"),
                queryset=held,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def answers(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in DRAFT_FIELDS}

    def documents(self) -> list[tuple[str, object]]:
        """The uploaded documents: (kind, file) pairs."""
        return [
            (kind, self.cleaned_data[document_field(kind)])
            for kind in KIND
            if self.cleaned_data.get(document_field(kind))
        ]

    def removed(self) -> list[int]:
        return [row.pk for row in self.cleaned_data.get("remove") or []]

    def text_fields(self):
        """The text fields (the template lays the documents out apart)."""
        return [self[name] for name in DRAFT_FIELDS]

    def document_fields(self):
        return [self[document_field(kind)] for kind in KIND]


class ApplyForm(CandidacyForm):
    """A new candidacy: the association it is for (among those the user
    represents that have none in this round), then a draft's fields."""

    association = forms.ModelChoiceField(
        label=_("The association that applies"), queryset=None, empty_label=None
    )

    field_order = ["association", *DRAFT_FIELDS]

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.order_fields(self.field_order)

    def text_fields(self):
        return [self["association"], *super().text_fields()]


class VoteForm(forms.Form):
    """One association's vote for a candidate to the selection committee's
    civil-society seat."""

    association = forms.ModelChoiceField(label=_("Your association"), queryset=None, empty_label=None)
    candidate = forms.ModelChoiceField(
        label=_("Your association votes for"), queryset=None, empty_label=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, associations, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.fields["candidate"].queryset = candidates
        self.fields["candidate"].label_from_instance = _candidate_label


def _candidate_label(candidate: SeatCandidate) -> str:
    return f"{isolate(candidate.name)} ({isolate(candidate.association.name)})"
