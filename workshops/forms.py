from django import forms
from django.utils.translation import gettext_lazy as _

from core.bidi import BidiFormMixin
from core.forms import UserTextForm

from .models import Registration


class DetailsForm(UserTextForm, BidiFormMixin, forms.ModelForm):
    """What a signed-in person may tell the organiser when registering, all
    optional: their organisation, region, role and accessibility needs."""

    class Meta:
        model = Registration
        fields = ["organisation", "region", "role", "accessibility"]
        widgets = {"accessibility": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "organisation": _("Optional: the association, institution or company you come from."),
            "accessibility": _("Optional: what would help you take part (access, interpretation…)."),
        }

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = " ".join(value.split()) if name != "accessibility" else value.strip()
        return data


class GuestForm(DetailsForm):
    """A visitor without an account: their name and email, then the same
    optional details as a signed-in person (the spec: organisation and region
    optional), shown apart from what is required (workshops/detail.html)."""

    class Meta(DetailsForm.Meta):
        fields = ["name", "email", "organisation", "region", "role", "accessibility"]
        labels = {"name": _("Your name"), "email": _("Your email address")}
        help_texts = {
            **DetailsForm.Meta.help_texts,
            "email": _("We send a link to it: your registration counts once you open it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "email"):
            self.fields[name].required = True
        self.fields["email"].widget.attrs["dir"] = "ltr"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Give your name."))
        return name
