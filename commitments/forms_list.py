from django import forms
from django.utils.translation import gettext_lazy as _

from plans.lists import FilterForm, theme_choices

from .models import Commitment, Completion


class CommitmentFilterForm(FilterForm):
    """The filters of a plan's commitments (plans.lists.FilterForm: an
    unreadable value, such as another plan's theme or an unknown status or
    level, is left out and said)."""

    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    institution = forms.TypedChoiceField(
        label=_("Institution (lead or involved)"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    level = forms.ChoiceField(label=_("Completion (IRM level)"), required=False)

    def __init__(self, *args, themes, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer("theme", theme_choices(themes))
        self.offer("institution", [(i.pk, i.name) for i in institutions])
        self.offer(
            "status", [(value, label) for value, label in Commitment.Status.choices if value != "draft"]
        )
        self.offer("level", Completion.choices)
