from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Workshop


class WorkshopFilterForm(forms.Form):
    """The filters of a plan's workshops, read from the query string. A value
    that is not valid (a NUL byte, a number too large, another plan's theme,
    an unknown mode) is left out and said, never passed to the database."""

    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    mode = forms.ChoiceField(label=_("Mode"), required=False)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["theme"].choices = every + [(t.pk, f"{t.number}. {t.name}") for t in themes]
        self.fields["mode"].choices = every + list(Workshop.Mode.choices)

    @property
    def valid_data(self) -> dict:
        """The values that are valid, whether or not the others are."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def filter(self, workshops):
        data = self.valid_data
        if data.get("theme"):
            workshops = workshops.filter(theme_id=data["theme"])
        if data.get("mode"):
            workshops = workshops.filter(mode=data["mode"])
        return workshops

    def query(self) -> str:
        """The valid filters as a query string: what the pages' links keep."""
        return urlencode(self.valid_data)
