from django import forms
from django.utils.translation import gettext_lazy as _

from core.bidi import BidiFormMixin
from plans.models import Association, Institution

from .models import Comment, Idea


class IdeaForm(BidiFormMixin, forms.ModelForm):
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
            "attachment": _("Optional: a PDF, PNG or JPEG file of 5 MB at most."),
        }

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["theme"].queryset = plan.themes.order_by("number")
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["institution"].queryset = Institution.objects.filter(member=plan.member_id)
        self.fields["association"].queryset = Association.objects.filter(representatives=user)
        if not self.fields["association"].queryset.exists():
            del self.fields["association"]
        for name in ("title", "problem", "solution", "expected_results"):
            self.fields[name].required = True

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 10:
            raise forms.ValidationError(_("Give your idea a title of at least 10 characters."))
        return title


class CommentForm(BidiFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3, "dir": "auto", "maxlength": 3000})}
        labels = {"body": _("Your comment")}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 2:
            raise forms.ValidationError(_("Write a comment first."))
        return body


class IdeaFilterForm(BidiFormMixin, forms.Form):
    SORTS = [("new", _("newest")), ("supported", _("most supported"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    institution = forms.TypedChoiceField(label=_("Institution"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, themes, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["theme"].choices = every + [(t.pk, f"{t.number}. {t.name}") for t in themes]
        self.fields["status"].choices = every + list(Idea.Status.choices)
        self.fields["source"].choices = every + list(Idea.Source.choices)
        self.fields["institution"].choices = every + [(i.pk, i.name) for i in institutions]
