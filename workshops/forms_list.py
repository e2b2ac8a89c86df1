from django import forms
from django.utils.translation import gettext_lazy as _

from plans.lists import FilterForm, theme_choices

from .models import Workshop


class WorkshopFilterForm(FilterForm):
    """The filters of a plan's workshops (plans.lists.FilterForm: an
    unreadable value, such as another plan's theme or an unknown mode, is
    left out and said)."""

    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    mode = forms.ChoiceField(label=_("Mode"), required=False)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer("theme", theme_choices(themes))
        self.offer("mode", Workshop.Mode.choices)

    def filter(self, workshops):
        data = self.valid_data
        if data.get("theme"):
            workshops = workshops.filter(theme_id=data["theme"])
        if data.get("mode"):
            workshops = workshops.filter(mode=data["mode"])
        return workshops
