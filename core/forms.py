from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .bidi import BidiFormMixin
from .models import User
from .notifications import optional_kinds


class SignupForm(BidiFormMixin, AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Public name"),
        max_length=80,
        help_text=_("Shown next to your ideas and comments. You may use a pseudonym."),
    )

    field_order = ["display_name", "email", "password1", "password2"]


class ProfileForm(BidiFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]


class EmailPreferencesForm(forms.Form):
    """One checkbox per optional kind of email."""

    def __init__(self, *args, enabled: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in optional_kinds():
            self.fields[kind.key] = forms.BooleanField(
                label=kind.label, required=False, initial=enabled.get(kind.key, True)
            )
