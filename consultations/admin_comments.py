"""The consultation comments in the admin. A focal point reads the comments
their institution owes an answer, the secretariat and the moderators all of
them (consultations.rules.comments_scope): the list says of each what it is
about, who owes the answer, whether it is answered, how, and by when it was
owed (overdue ones marked).

A comment's page shows it read-only, and to those who may answer it
(consultations.rules.may_answer) the answer form: a disposition and the
reasoned text, given through consultations.answers.answer — a recorded move
(CommentEvent, shown below: a changed answer keeps the earlier one) that
tells the author. Its rules are answers.check's, said on the fields, what
was typed kept. Moderators hide a comment and show it again with the reason
its author reads (core.moderation), as ideas' comments."""

import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DateField, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.bidi import bidi_widget
from core.moderation_admin import ModeratedAdmin, ModerationEventInline
from core.permissions import is_secretariat
from core.scoping import EventsInline, ScopedAdmin
from core.transitions import TransitionError
from plans.models import Institution
from plans.rules import is_focal_point

from . import answers
from .models import ANSWER_MAX_LENGTH, AnswerStatus, Comment, CommentEvent, Consultation, Disposition
from .rules import comments_scope, may_answer

A = AnswerStatus
STATUS = dict(AnswerStatus.choices)
ID = re.compile(r"[0-9]{1,9}")


def day(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def with_due(comments):
    """Each comment with `due_on`, the day its answer is owed by (its
    consultation's, Consultation.objects.with_window): one subquery."""
    due = Consultation.objects.with_window().filter(pk=OuterRef("consultation")).values("due_on")[:1]
    return comments.annotate(due_on=Subquery(due, output_field=DateField()))


def overdue(comments, today):
    """Awaiting an answer after the day it was owed by (Consultation.objects.due_before)."""
    late = Consultation.objects.due_before(today).values("pk")
    return comments.awaiting().filter(consultation__in=late)


def consultation_label(consultation: Consultation) -> str:
    """A consultation by its plan's member and years, then its title: the
    titles of two plans' consultations are often the same."""
    plan = consultation.plan
    return f"{plan.member.name} {plan.period} — {consultation.title}"


# The list's filters.


class AnswerFilter(admin.SimpleListFilter):
    title = _("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", STATUS[A.AWAITING]),
            ("answered", STATUS[A.ANSWERED]),
            ("overdue", _("overdue: still awaiting after the due date")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "awaiting":
            return queryset.awaiting()
        if value == "answered":
            return queryset.filter(answer_status=A.ANSWERED)
        if value == "overdue":
            return overdue(queryset, timezone.localdate())
        return queryset


def _id(value: str) -> int:
    """An id from the query string; anything else is a bad filter value (the
    admin says so and shows the list unfiltered), never a database error."""
    if not ID.fullmatch(value):
        raise IncorrectLookupParameters(f"not an id: {value!r}")
    return int(value)


class OwedByFilter(admin.SimpleListFilter):
    """The institutions owing answers among the comments the user works on,
    and the secretariat (the whole text and sections)."""

    title = _("answer owed by")
    parameter_name = "owed_by"
    SECRETARIAT = "secretariat"

    def lookups(self, request, model_admin):
        rows = model_admin.get_queryset(request).order_by()
        owing = Institution.objects.filter(pk__in=rows.values("owed_by")).order_by("name")
        choices = [(str(institution.pk), str(institution)) for institution in owing]
        if rows.filter(owed_by__isnull=True).exists():
            choices.append((self.SECRETARIAT, _("the secretariat (the whole text, sections)")))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == self.SECRETARIAT:
            return queryset.filter(owed_by__isnull=True)
        return queryset.filter(owed_by=_id(value))


class ConsultationFilter(admin.SimpleListFilter):
    """The consultations of the comments the user works on, each by its plan."""

    title = _("consultation")
    parameter_name = "consultation__id__exact"  # the consultations' admin links here

    def lookups(self, request, model_admin):
        rows = model_admin.get_queryset(request).order_by()
        found = Consultation.objects.filter(pk__in=rows.values("consultation")).select_related("plan__member")
        return [(str(c.pk), consultation_label(c)) for c in found.order_by("-plan__start_year", "-pk")]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(consultation=_id(value)) if value else queryset


# The answer.


def disposition_choices() -> list[tuple[str, str]]:
    """Each disposition with what it asks of the answer: a choice that
    cannot be mistaken for another."""
    minimum = settings.CONSULTATION_NOT_TAKEN_MIN_LENGTH
    asks = {
        Disposition.TAKEN: gettext("the plan takes it up as proposed; say how"),
        Disposition.PARTLY: gettext("say which part is taken up, and why not the rest"),
        Disposition.NOT_TAKEN: ngettext(
            "give the reasons why (at least %(n)d character)",
            "give the reasons why (at least %(n)d characters)",
            minimum,
        )
        % {"n": minimum},
        Disposition.OUT_OF_SCOPE: gettext("say why, and where the proposal belongs instead"),
    }
    return [
        (value, format_html("<strong>{}</strong> — {}", label, asks[value]))
        for value, label in Disposition.choices
    ]


class AnswerForm(forms.ModelForm):
    """The disposition and the reasoned text, checked by answers.check (its
    messages on the fields). Saved by CommentAdmin.save_model through
    answers.answer, never by the form."""

    disposition = forms.ChoiceField(
        label=_("disposition"), required=False, widget=forms.RadioSelect(attrs={"class": "wide-choices"})
    )
    answer = forms.CharField(
        label=_("reasoned answer"),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=bidi_widget(forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"})),
        help_text=_("Public, under the comment, and sent to its author in their language."),
    )

    class Meta:
        model = Comment
        fields = ["disposition", "answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposition"].choices = disposition_choices()
        for name in ("disposition", "answer"):
            self.fields[name].label = capfirst(self.fields[name].label)

    def clean(self):
        data = super().clean()
        if self.instance.is_hidden:
            raise ValidationError(
                gettext("This comment is hidden by moderation: it is owed no answer while hidden.")
            )
        try:
            answers.check(data.get("disposition") or "", data.get("answer") or "")
        except ValidationError as error:
            self.add_error(None, error)
        return data


class CommentEventInline(EventsInline, admin.TabularInline):
    """The answers given, oldest first, as the public reads them."""

    model = CommentEvent
    fk_name = "comment"
    fields = ["created_at", "actor", "institution", "disposition", "answer"]
    verbose_name = _("answer given")
    verbose_name_plural = _("answers given (public: a changed answer keeps the earlier one)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "institution")


@admin.register(Comment)
class CommentAdmin(ScopedAdmin, ModeratedAdmin, admin.ModelAdmin):
    scope = comments_scope
    form = AnswerForm
    change_form_template = "admin/consultations/comment/change_form.html"
    list_display = ["excerpt", "about", "owed_short", "answer_state", "due"]
    list_display_links = ["excerpt"]
    list_filter = [AnswerFilter, OwedByFilter, ConsultationFilter, "moderation"]
    list_select_related = ["consultation__plan__member", "commitment", "section", "owed_by"]
    list_per_page = 50
    search_fields = ["body", "id__exact"]
    search_help_text = _("Words of the comment, or its number.")
    # The comment and where its answer stands, read-only; the answer form below.
    COMMENT = ["consultation_full", "about_full", "written_by", "created_at", "text", "moderation_state"]
    OWED = ["owed", "due", "answer_state", "answered_at"]
    readonly_fields = [*COMMENT, *OWED]
    inlines = [CommentEventInline, ModerationEventInline]

    def get_queryset(self, request):
        return with_due(super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        return [
            (_("The comment"), {"fields": self.COMMENT}),
            (_("The answer owed"), {"fields": self.OWED}),
            (self.answer_heading(request, obj), {"fields": ["disposition", "answer"]}),
        ]

    def answer_heading(self, request, comment) -> str:
        if comment is not None and self.has_change_permission(request, comment):
            if comment.is_answered:
                return gettext("Change the answer")
            return gettext("Your answer")
        return gettext("The answer")

    def get_search_results(self, request, queryset, search_term):
        # "#12" finds comment number 12, as the list writes it.
        terms = " ".join(bit.removeprefix("#") for bit in search_term.split())
        return super().get_search_results(request, queryset, terms)

    # Who does what (rows: the scope; the moves: answers and core.moderation).

    def has_add_permission(self, request) -> bool:
        return False  # a comment is a citizen's, posted on the site

    def has_delete_permission(self, request, obj=None) -> bool:
        # A comment and its answers are the consultation's public record.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        """Changing a comment is answering it: the secretariat and the focal
        points of the institution owing the answer, while it is published."""
        if not super().has_change_permission(request, obj):
            return False
        user = request.user
        if obj is None:
            return is_secretariat(user) or is_focal_point(user)
        return may_answer(user, obj) and not obj.is_hidden

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.scoped_object_or_404(request, object_id)
        extra_context = {**(extra_context or {}), "answer_note": self.answer_note(request, comment)}
        return super().change_view(request, object_id, form_url, extra_context)

    def answer_note(self, request, comment: Comment) -> str:
        """Above the form: what answering does, or why this user does not answer."""
        if comment.is_hidden:
            return gettext("Hidden by moderation: this comment is owed no answer while it is hidden.")
        if self.has_change_permission(request, comment):
            return gettext(
                "Your answer is published under the comment and sent to its author. "
                "A changed answer keeps the earlier one in the comment's public history."
            )
        if comment.owed_by_id:
            return gettext("Answered by the focal points of %(institution)s, or the secretariat.") % {
                "institution": comment.owed_by
            }
        return gettext("Answered by the secretariat.")

    def save_model(self, request, obj, form, change):
        if not form.has_changed():
            request.answer_outcome = "unchanged"
            return
        try:
            answers.answer(
                obj,
                by=request.user,
                disposition=form.cleaned_data["disposition"],
                text=form.cleaned_data["answer"],
            )
        except (PermissionDenied, ValidationError, TransitionError) as error:
            # Moderated or answered elsewhere since the form was checked.
            request.answer_outcome = error
        else:
            request.answer_outcome = "answered"

    def log_change(self, request, obj, message):
        if getattr(request, "answer_outcome", None) == "answered":
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        outcome = getattr(request, "answer_outcome", None)
        if outcome == "answered":
            self.message_user(
                request,
                gettext("The answer to comment #%(number)s is published under it; its author is told.")
                % {"number": obj.pk},
                messages.SUCCESS,
            )
            return self.response_post_save_change(request, obj)
        if outcome == "unchanged":
            self.message_user(request, gettext("Nothing changed: the answer is as it was."), messages.INFO)
        else:
            reason = " ".join(getattr(outcome, "messages", None) or [str(outcome)])
            self.message_user(
                request, gettext("Not published: %(reason)s") % {"reason": reason}, messages.ERROR
            )
        return HttpResponseRedirect(request.get_full_path())

    # The columns and the read-only values.

    @admin.display(description=_("comment"), ordering="pk")
    def excerpt(self, comment: Comment) -> str:
        """Its number (as the emails and the search write it), then its start."""
        # No element around the text: the cell takes the direction of its
        # first letter (static/css/admin.css), the number isolated before it.
        return format_html('<bdi dir="ltr">#{}</bdi> {}', comment.pk, Truncator(comment.body).chars(90))

    @admin.display(description=_("consultation"))
    def consultation_full(self, comment: Comment) -> str:
        return consultation_label(comment.consultation)

    def target(self, comment: Comment, *, full: bool) -> str:
        """What the comment is on: in the list, a commitment's number (and
        whether on one of its milestones); on its page, the titles too."""
        if comment.commitment_id:
            card = comment.commitment
            if not full:
                if comment.milestone_id:
                    return gettext("commitment %(number)s, a milestone") % {"number": card.number}
                return gettext("commitment %(number)s") % {"number": card.number}
            text = gettext("commitment %(number)s: %(title)s") % {"number": card.number, "title": card.title}
            if comment.milestone_id:
                milestone = Truncator(comment.milestone.description).chars(80)
                return gettext("%(commitment)s — on its milestone: %(milestone)s") % {
                    "commitment": text,
                    "milestone": milestone,
                }
            return text
        if comment.section_id:
            section = comment.section
            return gettext("section %(number)s: %(title)s") % {
                "number": section.number,
                "title": section.title if full else Truncator(section.title).chars(40),
            }
        if comment.consultation.subject == Consultation.Subject.DRAFT_PLAN:
            return gettext("the draft plan as a whole")
        return gettext("the whole text")

    @admin.display(description=_("about"))
    def about(self, comment: Comment) -> str:
        # The consultation under its target: its plan's member and years (two
        # plans' consultations often share a title, shown on hovering).
        plan = comment.consultation.plan
        return format_html(
            '{}<br><small title="{}">{}</small>',
            self.target(comment, full=False),
            comment.consultation.title,
            f"{plan.member.name} {plan.period}",
        )

    @admin.display(description=_("about"))
    def about_full(self, comment: Comment) -> str:
        return self.target(comment, full=True)

    @admin.display(description=_("written by"))
    def written_by(self, comment: Comment) -> str:
        # The public name only: the account's address is nobody's business here.
        name = comment.author.display_name if comment.author_id else gettext("former user")
        behalf = comment.on_behalf_of
        if behalf:
            return gettext("%(name)s, on behalf of %(association)s") % {"name": name, "association": behalf}
        return name

    @admin.display(description=_("comment"))
    def text(self, comment: Comment) -> str:
        return format_html('<div dir="auto">{}</div>', linebreaksbr(comment.body))

    @admin.display(description=_("moderation"))
    def moderation_state(self, comment: Comment) -> str:
        if not comment.is_hidden:
            return comment.get_moderation_display()
        event = comment.moderation_event
        reason = event.reason if event else ""
        return format_html(
            "<strong>{}</strong> — {} {}",
            comment.get_moderation_display(),
            gettext("Reason:"),
            reason,
        )

    @admin.display(description=_("answer owed by"), ordering="owed_by__name")
    def owed(self, comment: Comment) -> str:
        return str(comment.owed_by) if comment.owed_by_id else gettext("the secretariat")

    @admin.display(description=_("answer owed by"), ordering="owed_by__name")
    def owed_short(self, comment: Comment) -> str:
        """In the list: an institution by its acronym, or its name cut short (whole on hovering)."""
        institution = comment.owed_by
        if institution is None:
            return gettext("the secretariat")
        short = institution.acronym or Truncator(institution.name).chars(40)
        return format_html('<span title="{}">{}</span>', institution.name, short)

    @admin.display(description=_("answer"), ordering="answer_status")
    def answer_state(self, comment: Comment) -> str:
        """Awaiting, or answered with its disposition; hidden, owed none."""
        if comment.is_hidden:
            return comment.get_moderation_display()
        if not comment.is_answered:
            return str(STATUS[A.AWAITING])
        return f"{STATUS[A.ANSWERED]}: {comment.get_disposition_display()}"

    @admin.display(description=_("answer due by"), ordering="due_on")
    def due(self, comment: Comment) -> str:
        due = getattr(comment, "due_on", None)
        if due is None:
            return gettext("not scheduled")
        late = not comment.is_answered and not comment.is_hidden and due < timezone.localdate()
        if late:
            return format_html('{} <strong class="overdue">{}</strong>', day(due), gettext("overdue"))
        return day(due)
