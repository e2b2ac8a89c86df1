from django import forms
from django.utils.translation import gettext_lazy as _

from core.bidi import BidiFormMixin
from core.forms import UserTextForm
from core.text import strip_controls
from plans.forms import OnBehalfOf
from plans.lists import FilterForm, theme_choices
from plans.models import Institution

from . import funnel
from .models import TEXTS, Comment, Idea


class IdeaForm(OnBehalfOf, UserTextForm, BidiFormMixin, forms.ModelForm):
    class Meta:
        model = Idea
        fields = [
            "theme",
            "title",
            "problem",
            "solution",
            "expected_results",
            "institution",
            "association",
            "association_name",
            "attachment",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "problem": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "solution": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "expected_results": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        }
        help_texts = {
            "problem": _("What is not working today, and for whom?"),
            "solution": _("What should the administration do? Be concrete."),
            "expected_results": _("What would change for citizens if it were done?"),
            "institution": _("Optional: the ministry or public body that could carry it."),
            "association": _("Optional: submit on behalf of an association you represent."),
            "association_name": _(
                "Optional: the name of the association you represent, if you submit on its behalf. "
                "It is shown with your idea as declared by you."
            ),
            "attachment": _("Optional: a PDF, PNG or JPEG file of 5 MB at most."),
        }

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["theme"].queryset = plan.themes.order_by("number")
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["institution"].queryset = Institution.objects.filter(member=plan.member_id)
        self.offer_associations(user)
        for name in TEXTS:
            self.fields[name].required = True

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 10:
            raise forms.ValidationError(_("Give your idea a title of at least 10 characters."))
        return title


class CommentForm(UserTextForm, BidiFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}
        labels = {"body": _("Your comment")}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 2:
            raise forms.ValidationError(_("Write a comment first."))
        return body


class IdeaFilterForm(BidiFormMixin, FilterForm):
    """The filters of an idea list (plans.lists.FilterForm: an unreadable
    value is left out and said). A plan's list also filters by its themes and
    institutions; the search across plans (`themes` and `institutions` left
    out) does not."""

    SORTS = [("new", _("newest")), ("supported", _("most supported"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    institution = forms.TypedChoiceField(label=_("Institution"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, themes=None, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        if themes is None:
            del self.fields["theme"]
        else:
            self.offer("theme", theme_choices(themes))
        if institutions is None:
            del self.fields["institution"]
        else:
            self.offer("institution", [(i.pk, i.name) for i in institutions])
        # The screening funnel's stages, as the statistics count them.
        self.offer("status", funnel.FILTERS)
        self.offer("source", Idea.Source.choices)

    def clean_q(self) -> str:
        # The words as typed (kept in every link), without invisible controls.
        return " ".join(strip_controls(self.cleaned_data["q"]).split())

    def count_stages(self, counts: dict[str, int]) -> None:
        """Shows how many ideas each stage of the status filter holds."""
        self.offer("status", [(key, f"{label} ({counts.get(key, 0)})") for key, label in funnel.FILTERS])
