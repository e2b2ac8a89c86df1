from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Commitment
from .progress import LEVELS


class CommitmentFilterForm(forms.Form):
    """The filters of a plan's commitments, read from the query string. A
    value that is not valid (a NUL byte, a number too large, another plan's
    theme, an unknown status or level) is left out and said, never passed to
    the database."""

    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    institution = forms.TypedChoiceField(
        label=_("Institution (lead or involved)"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    level = forms.ChoiceField(label=_("Completion (IRM level)"), required=False)

    def __init__(self, *args, themes, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["theme"].choices = every + [(t.pk, f"{t.number}. {t.name}") for t in themes]
        self.fields["institution"].choices = every + [(i.pk, i.name) for i in institutions]
        public = [(value, label) for value, label in Commitment.Status.choices if value != "draft"]
        self.fields["status"].choices = every + public
        self.fields["level"].choices = every + list(LEVELS.items())

    @property
    def valid_data(self) -> dict:
        """The values that are valid, whether or not the others are."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def query(self) -> str:
        """The valid filters as a query string: what the pages' links keep."""
        return urlencode(self.valid_data)
