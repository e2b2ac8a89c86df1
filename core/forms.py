import re
import unicodedata
from collections.abc import Callable, Iterable

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .bidi import BidiFormMixin
from .models import User
from .notifications import optional_kinds
from .text import fold, strip_controls


class UserTextForm:
    """What every form a member of the public fills in shares (signup,
    profile, idea, comment): the direction controls stripped from every text
    field before any validation, so what is checked, stored and shown again
    is what displays; and the length limit of each multi-line field said
    under it. Passwords are left as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and isinstance(field.widget, forms.Textarea)
                and field.max_length
            ):
                limit = ngettext_lazy(
                    "%(count)s characters at most.", "%(count)s characters at most.", field.max_length
                ) % {"count": field.max_length}
                field.help_text = f"{field.help_text} {limit}".strip() if field.help_text else limit

    def full_clean(self):
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                    continue
                key = self.add_prefix(name)
                if key not in data:
                    continue
                one_line = not isinstance(field.widget, forms.Textarea)
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
                cleaned = [strip_controls(v, one_line=one_line) if isinstance(v, str) else v for v in values]
                if hasattr(data, "setlist"):
                    data.setlist(key, cleaned)
                else:
                    data[key] = cleaned[0]
            self.data = data
        super().full_clean()


# Public names nobody may take, so that no one passes for the portal's staff
# or for an institution: the staff words below in the three languages, and
# whatever the apps above add (plans: the institutions' names and acronyms).
STAFF_WORDS = [
    "secretariat",
    "secrétariat",
    "الكتابة",
    "كتابة",
    "الأمانة",
    "administrator",
    "administrateur",
    "administratrice",
    "admin",
    "administration",
    "الإدارة",
    "المدير",
    "moderator",
    "modérateur",
    "modératrice",
    "moderation",
    "modération",
    "مشرف",
    "المشرف",
    "الإشراف",
    "focal point",
    "point focal",
    "نقطة الاتصال",
    "staff",
    "official",
    "officiel",
    "officielle",
    "رسمي",
    "الرسمي",
    "portal",
    "portail",
    "البوابة",
]
_reserved_sources: list[Callable[[], Iterable[str]]] = []


def reserve_names(source: Callable[[], Iterable[str]]) -> None:
    """An app adds names no user may take as their public name; `source()` is
    asked at each check, so the names are always the current ones."""
    _reserved_sources.append(source)


def name_words(text: str) -> tuple[str, ...]:
    """A name as comparable words: case, accents, Arabic letter variants and
    punctuation folded."""
    # The search's fold (core.text.fold), then every other combining mark
    # dropped too (one typed apart, over any letter), and invisible format
    # characters, which would split a word in two.
    text = unicodedata.normalize("NFKD", fold(text.casefold()))
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
    return tuple(re.findall(r"\w+", text))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return n > 0 and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def is_reserved_name(name: str) -> bool:
    words = name_words(name)
    if any(_contains(words, name_words(word)) for word in STAFF_WORDS):
        return True
    for source in _reserved_sources:
        for reserved in source():
            # An institution's name anywhere in the public name; a short
            # acronym only as the whole name ("DGSN", not "Dgsn fan").
            reserved_words = name_words(reserved)
            if len(reserved_words) > 1 and _contains(words, reserved_words):
                return True
            if reserved_words and words == reserved_words:
                return True
    return False


class DisplayNameMixin:
    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name_words(name):
            raise ValidationError(_("Write a name with at least one letter or digit."))
        # Staff may use the names kept for them (the secretariat signs as such);
        # their contributions carry the staff badge.
        instance = getattr(self, "instance", None)
        if is_reserved_name(name) and not (instance and instance.pk and instance.is_staff):
            raise ValidationError(
                _(
                    "This name is kept for the portal's staff and institutions, so that nobody can "
                    "pass for them. Choose another one."
                )
            )
        return name


class SignupForm(UserTextForm, BidiFormMixin, DisplayNameMixin, AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Public name"),
        max_length=80,
        help_text=_("Shown next to your ideas and comments. You may use a pseudonym."),
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def try_save(self, request):
        if self.account_already_exists:
            # No account is created, but the password is hashed all the same:
            # hashing is most of the time a sign-up takes, and an answer ten
            # times faster would tell that the address has an account.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class ProfileForm(UserTextForm, BidiFormMixin, DisplayNameMixin, forms.ModelForm):
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


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."))
        return password
