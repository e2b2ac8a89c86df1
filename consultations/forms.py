from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from commitments.models import Milestone
from core.bidi import BidiFormMixin
from core.forms import UserTextForm
from plans.forms import OnBehalfOf

from .models import Comment


class MilestoneChoice(forms.ModelChoiceField):
    def label_from_instance(self, milestone) -> str:
        return Truncator(milestone.description).chars(90)


class CommentForm(OnBehalfOf, UserTextForm, BidiFormMixin, forms.ModelForm):
    """A comment on a commitment (optionally one of its milestones), a section
    or the whole text; optionally on behalf of an association the author
    represents, or one they name (as an idea). routing.post saves it."""

    class Meta:
        model = Comment
        fields = ["milestone", "association", "association_name", "body"]
        field_classes = {"milestone": MilestoneChoice}
        widgets = {"body": forms.Textarea(attrs={"rows": 5, "dir": "auto"})}
        labels = {"body": _("Your comment")}
        help_texts = {
            "association": _("Optional: comment on behalf of an association you represent."),
            "association_name": _(
                "Optional: the name of the association you represent, if you comment on its behalf. "
                "It is shown with your comment as declared by you."
            ),
        }

    def __init__(self, *args, user, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commitment is None:
            del self.fields["milestone"]
        else:
            # Only this commitment's milestones: another's is an invalid choice.
            self.fields["milestone"].queryset = Milestone.objects.filter(commitment=commitment).order_by(
                "position", "pk"
            )
            self.fields["milestone"].label = _("On one of its milestones")
            self.fields["milestone"].empty_label = _("The commitment as a whole")
        self.offer_associations(user)
        self.order_fields(["body", "milestone", "association", "association_name"])

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if len(body) < 2:
            raise forms.ValidationError(_("Write a comment first."))
        return body
