"""The forms of the commitments admin: a comment on a draft, a progress
update with its measurement and evidence, the reason an update or a
proposed change is returned, and civil society's assessment."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Assessment, Evidence, Indicator, Measurement, ProgressUpdate


class DraftCommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ByCommitmentIterator(forms.models.ModelChoiceIterator):
    """The choices grouped by their commitment (an <optgroup> each, named by
    its plan, number and title), in the order of plan, number and position."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.select_related("commitment__plan").order_by(
            "commitment__plan__slug", "commitment__number", "position", "pk"
        )
        for commitment, group in groupby(rows, key=lambda row: row.commitment):
            yield (f"{commitment.plan.slug} · {commitment}", [self.choice(row) for row in group])


class ByCommitmentChoiceField(forms.ModelChoiceField):
    """A milestone or an indicator, each choice named with its commitment's
    number and title: many cards have a milestone of the same name."""

    iterator = ByCommitmentIterator

    def label_from_instance(self, obj) -> str:
        return f"{obj.commitment} — {obj}"


class ProgressUpdateForm(forms.ModelForm):
    """The update, with one optional indicator measurement and one optional
    piece of evidence (a link or a file)."""

    indicator = ByCommitmentChoiceField(
        label=_("indicator"), queryset=Indicator.objects.none(), required=False
    )
    measured_on = forms.DateField(label=_("measured on"), required=False)
    value = forms.DecimalField(label=_("measured value"), max_digits=14, decimal_places=2, required=False)
    source = forms.CharField(label=_("source of the value"), max_length=500, required=False)
    evidence_title = forms.CharField(label=_("evidence: title"), max_length=255, required=False)
    evidence_url = forms.URLField(label=_("evidence: link"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("evidence: file"), required=False, validators=Evidence._meta.get_field("file").validators
    )

    class Meta:
        model = ProgressUpdate
        fields = ["milestone", "status", "completion", "text"]
        field_classes = {"milestone": ByCommitmentChoiceField}

    def clean(self):
        data = super().clean()
        milestone, indicator = data.get("milestone"), data.get("indicator")
        measured = [data.get("indicator"), data.get("measured_on"), data.get("value")]
        if any(v is not None for v in measured) and not all(v is not None for v in measured):
            raise forms.ValidationError(gettext("A measurement needs its indicator, its date and its value."))
        if indicator and milestone and indicator.commitment_id != milestone.commitment_id:
            self.add_error("indicator", gettext("Choose an indicator of the milestone's commitment."))
        proof = data.get("evidence_url") or data.get("evidence_file")
        if proof and not data.get("evidence_title"):
            self.add_error("evidence_title", gettext("Give the evidence a title."))
        if data.get("evidence_title") and not proof:
            self.add_error("evidence_url", gettext("Give a link or a file as evidence."))
        return data

    def measurements(self) -> list[Measurement]:
        data = self.cleaned_data
        if data.get("indicator") is None:
            return []
        return [
            Measurement(
                indicator=data["indicator"],
                measured_on=data["measured_on"],
                value=data["value"],
                source=data.get("source", ""),
            )
        ]

    def evidence(self) -> list[Evidence]:
        data = self.cleaned_data
        if not data.get("evidence_title"):
            return []
        return [
            Evidence(
                title=data["evidence_title"],
                url=data.get("evidence_url") or "",
                file=data.get("evidence_file"),
            )
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("why the update is returned"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["commitment", "association", "rating", "text"]

    def clean(self):
        data = super().clean()
        commitment, association = data.get("commitment"), data.get("association")
        if self.instance.pk is None and commitment and association:
            # One assessment per association and card: said here, in the
            # association's name; the write makes sure of it under the card's
            # row lock (commitments.lifecycle.file_assessment).
            filed = Assessment.objects.filter(commitment=commitment, association=association).exists()
            if filed:
                raise forms.ValidationError(
                    gettext(
                        "%(association)s has already filed its assessment of this commitment: "
                        "open it in the list to change it."
                    )
                    % {"association": association}
                )
        return data
