"""Forms of the ideas admin: the idea itself, and one form per screening move.

A move form is shown on an intermediate page (for the ideas selected in the
list, or for one idea from its page); `perform` makes the move for one idea
through the state machine in `ideas.screening`, never by setting the status."""

from django import forms
from django.contrib.admin.widgets import AdminRadioSelect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from commitments.rules import SCOPE as COMMITMENTS
from core import moderation
from core.permissions import is_moderator
from plans.models import Institution

from . import screening
from .models import IDEA_TEXT_MAX_LENGTH, Idea, IdeaEvent
from .rules import can_decide_integration, can_screen


class IdeaAdminForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = [
            "plan",
            "theme",
            "title",
            "problem",
            "solution",
            "expected_results",
            "institution",
            "attachment",
            "source",
            "workshop",
            "author",
            "association",
            "created_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An idea stays in its plan (the field is read-only once it exists):
        # offer that plan's themes and workshops only. A new idea's plan is
        # not chosen yet: each theme and workshop says its plan.
        plan_id = self.instance.plan_id
        for name in ("theme", "workshop"):
            field = self.fields.get(name)
            if field is None:
                continue
            if plan_id:
                field.queryset = field.queryset.filter(plan_id=plan_id)
            else:
                field.queryset = field.queryset.select_related("plan")
                field.label_from_instance = lambda obj: f"{obj.plan} — {obj}"

    def clean(self):
        data = super().clean()
        # A read-only field is not in the form: the idea's own value then.
        plan = data.get("plan") or (self.instance.plan if self.instance.plan_id else None)
        theme = data.get("theme", self.instance.theme if self.instance.theme_id else None)
        workshop = data.get("workshop", self.instance.workshop)
        if plan and theme and theme.plan_id != plan.pk:
            self.add_error("theme", _("This theme belongs to another action plan."))
        if plan and workshop and workshop.plan_id != plan.pk:
            self.add_error("workshop", _("This workshop belongs to another action plan."))
        elif theme and workshop and workshop.theme_id != theme.pk:
            self.add_error("theme", _("The workshop was about another theme."))
        return data


class MoveForm(forms.Form):
    name = ""
    label = ""
    to_status: str | None = None
    # "screen": a screening move, the secretariat's; "decide": the decision on
    # integration, also made by the focal points of the institutions concerned;
    # "moderate": hiding and showing again, the moderators'.
    permission = "screen"

    def __init__(self, *args, ideas, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.ideas = list(ideas)
        self.user = user

    @classmethod
    def allowed(cls, user, idea=None) -> bool:
        if cls.permission == "decide":
            return can_decide_integration(user, idea)
        if cls.permission == "moderate":
            return is_moderator(user)
        return can_screen(user)

    @classmethod
    def available(cls, idea: Idea) -> bool:
        """Whether the move makes sense in the idea's current state (for buttons)."""
        return screening.can_move(idea, cls.to_status)

    def perform(self, idea: Idea, *, by) -> None:
        raise NotImplementedError


class AcceptForm(MoveForm):
    name = "accept"
    label = _("Accept")
    to_status = Idea.Status.ACCEPTED

    def perform(self, idea, *, by):
        screening.accept(idea, by=by)


class RejectForm(MoveForm):
    name = "reject"
    label = _("Not accepted…")
    to_status = Idea.Status.NOT_ACCEPTED

    reason = forms.ChoiceField(label=_("reason"), choices=IdeaEvent.Reason.choices, widget=AdminRadioSelect)
    explanation = forms.CharField(
        label=_("explanation"),
        max_length=IDEA_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public: shown to the author and on the idea's page. Required for “other reason”."),
    )
    duplicate_of = forms.IntegerField(
        label=_("duplicate of idea number"),
        required=False,
        min_value=1,
        help_text=_("Only when the idea duplicates another one."),
    )

    def clean_duplicate_of(self):
        number = self.cleaned_data.get("duplicate_of")
        if number is None:
            return None
        original = Idea.objects.filter(pk=number).first()
        if original is None:
            raise forms.ValidationError(_("There is no idea number %(number)s."), params={"number": number})
        return original

    def clean(self):
        data = super().clean()
        reason = data.get("reason")
        if reason == IdeaEvent.Reason.DUPLICATE and "duplicate_of" in data:
            # The rule is screening's; the form shows its answer on the field.
            for idea in self.ideas:
                try:
                    screening.check_duplicate(idea, data["duplicate_of"])
                except screening.TransitionError as error:
                    self.add_error("duplicate_of", str(error))
                    break
        if reason == IdeaEvent.Reason.OTHER and not data.get("explanation", "").strip():
            self.add_error("explanation", _("Explain the reason in a few words."))
        return data

    def perform(self, idea, *, by):
        data = self.cleaned_data
        screening.reject(
            idea,
            by=by,
            reason=data["reason"],
            explanation=data["explanation"],
            duplicate_of=data["duplicate_of"],
        )


class SendForm(MoveForm):
    name = "send"
    label = _("Send to institutions…")
    to_status = Idea.Status.SENT

    institutions = forms.ModelMultipleChoiceField(
        label=_("institutions"), queryset=Institution.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = {idea.plan.member_id for idea in self.ideas}
        self.fields["institutions"].queryset = Institution.objects.filter(member__in=members)
        # The institution the author targeted, if any, is the likely choice.
        self.fields["institutions"].initial = [i.institution_id for i in self.ideas if i.institution_id]

    def perform(self, idea, *, by):
        screening.send_to(idea, by=by, institutions=self.cleaned_data["institutions"])


class IntegrateForm(MoveForm):
    name = "integrate"
    label = _("Integrated into commitments…")
    to_status = Idea.Status.INTEGRATED
    permission = "decide"

    commitments = forms.ModelMultipleChoiceField(
        label=_("commitments"), queryset=Commitment.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {idea.plan_id for idea in self.ideas}
        # A focal point only integrates into the commitments its institution leads.
        field = self.fields["commitments"]
        field.queryset = COMMITMENTS.rows(self.user, Commitment.objects.filter(plan__in=self.plans))
        if not field.queryset.exists():
            field.help_text = _("No commitment of this plan to choose from yet.")

    def clean(self):
        if len(self.plans) > 1:
            raise forms.ValidationError(_("Select ideas of one action plan at a time."))
        return super().clean()

    def perform(self, idea, *, by):
        screening.integrate(idea, by=by, commitments=self.cleaned_data["commitments"])


class NotIntegrateForm(MoveForm):
    name = "not_integrate"
    label = _("Not integrated…")
    to_status = Idea.Status.NOT_INTEGRATED
    permission = "decide"

    explanation = forms.CharField(
        label=_("explanation"),
        max_length=IDEA_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public: why the idea is not taken up in the plan."),
    )

    def perform(self, idea, *, by):
        screening.not_integrate(idea, by=by, explanation=self.cleaned_data["explanation"])


class HideForm(MoveForm):
    name = "hide"
    label = _("Hide (moderation)…")
    permission = "moderate"

    reason = forms.CharField(
        label=_("reason for hiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which rule of the charter the idea breaks. The author reads it."),
    )

    @classmethod
    def available(cls, idea):
        return not idea.is_hidden

    def perform(self, idea, *, by):
        if idea.is_hidden:
            raise screening.TransitionError(gettext("This idea is already hidden."))
        moderation.hide(idea, by=by, reason=self.cleaned_data["reason"])


class UnhideForm(MoveForm):
    name = "unhide"
    label = _("Show again…")
    permission = "moderate"

    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why the idea is public again. The author reads it."),
    )

    @classmethod
    def available(cls, idea):
        return idea.is_hidden

    def perform(self, idea, *, by):
        if not idea.is_hidden:
            raise screening.TransitionError(gettext("This idea is not hidden."))
        moderation.show(idea, by=by, reason=self.cleaned_data["reason"])


MOVES: dict[str, type[MoveForm]] = {
    form.name: form
    for form in [AcceptForm, RejectForm, SendForm, IntegrateForm, NotIntegrateForm, HideForm, UnhideForm]
}
