"""The secretariat's admin of the public consultations (issue 21): a
consultation — its plan, what it is on, its title and introduction per
language, a text's own dates (the draft plan's window is its plan's
consultation phase, shown here read-only with a link to the plan's
timeline), the text's file and sections — and where it stands (opened on,
the commitments consulted on, the figures). The comments, their answers and
their moderation: admin_comments."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.bidi import BidiAdminMixin
from core.models import Moderation
from core.permissions import SECRETARIAT_ONLY
from core.scoping import ScopedAdmin
from plans.models import Plan

from . import admin_comments, figures  # noqa: F401 - admin_comments registers the comments' admin
from .models import AnswerStatus, Consultation, Section

S = Consultation.Subject

SUBJECT_LABELS = [
    (
        S.DRAFT_PLAN,
        _(
            "The plan's draft action plan: its proposed commitments, during the plan's "
            "consultation phase (one per plan)"
        ),
    ),
    (
        S.TEXT,
        _("Another text, divided into sections below, with its own dates (a parliament's draft plan…)"),
    ),
]


def day(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def comments_url(consultation: Consultation) -> str:
    query = urlencode({"consultation__id__exact": consultation.pk})
    return f"{reverse('admin:consultations_comment_changelist')}?{query}"


class PlanChoice(forms.ModelChoiceField):
    """A plan by its member, title and years: two members' plans can share a title."""

    def label_from_instance(self, plan: Plan) -> str:
        return f"{plan.member.name} — {plan.title} ({plan.period})"


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["plan", "subject", "title", "introduction", "starts_on", "ends_on", "text_file"]
        widgets = {"subject": forms.RadioSelect(attrs={"class": "wide-choices"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "subject" in self.fields:
            self.fields["subject"].choices = SUBJECT_LABELS
        for name in ("starts_on", "ends_on"):
            if name in self.fields:
                self.fields[name].help_text = _(
                    "For a text only: a consultation on the draft plan runs during its plan's "
                    "consultation phase (leave empty)."
                )
        if "text_file" in self.fields:
            self.fields["text_file"].help_text = _(
                "For a text only, as published (PDF): the draft plan's PDF is made by the portal."
            )

    def clean(self):
        data = super().clean()
        subject = data.get("subject", self.instance.subject)
        plan = data.get("plan") or (self.instance.plan if self.instance.plan_id else None)
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if subject == S.TEXT:
            if starts is None and "starts_on" not in self.errors:
                self.add_error(
                    "starts_on", gettext("A text is consulted on between its own dates: the first day.")
                )
            if ends is None and "ends_on" not in self.errors:
                self.add_error(
                    "ends_on", gettext("A text is consulted on between its own dates: the last day.")
                )
            if starts and ends and ends < starts:
                self.add_error("ends_on", gettext("The last day comes on or after the first day."))
        elif subject == S.DRAFT_PLAN:
            message = gettext(
                "The draft plan is consulted on during its plan's consultation phase: leave this "
                "empty, and set the phase's dates in the plan's timeline."
            )
            for name in ("starts_on", "ends_on"):
                if data.get(name):
                    self.add_error(name, message)
            if data.get("text_file"):
                self.add_error(
                    "text_file", gettext("The draft plan's PDF is made by the portal: add no file here.")
                )
            taken = Consultation.objects.filter(plan=plan, subject=S.DRAFT_PLAN).exclude(pk=self.instance.pk)
            if plan is not None and taken.exists():
                self.add_error(
                    "plan" if "plan" in self.fields else None,
                    gettext("This plan's draft is already consulted on: open that consultation instead."),
                )
        return data


class SectionFormSet(BaseInlineFormSet):
    """A text's sections: none on the draft plan (commented on by
    commitment); a section commented on stays (its comments point to it)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        added = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if self.instance.subject == S.DRAFT_PLAN and added:
            raise ValidationError(
                gettext("The draft plan is commented on by commitment: sections are for a text only.")
            )
        kept = sorted(
            f.instance.number for f in self.deleted_forms if f.instance.pk and f.instance.comments.exists()
        )
        if kept:
            numbers = ", ".join(str(number) for number in kept)
            raise ValidationError(
                ngettext(
                    "Section %(numbers)s has comments: it stays (correct its text instead).",
                    "Sections %(numbers)s have comments: they stay (correct their text instead).",
                    len(kept),
                )
                % {"numbers": numbers}
            )


class SectionInline(BidiAdminMixin, TranslationStackedInline):
    model = Section
    formset = SectionFormSet
    extra = 0
    fields = ["number", "title", "body"]
    verbose_name_plural = _("sections of the text (each commented on by itself)")


@admin.register(Consultation)
class ConsultationAdmin(ScopedAdmin, TranslationAdmin):
    scope = SECRETARIAT_ONLY
    form = ConsultationForm
    list_display = ["title", "plan_label", "window", "comments_figures"]
    list_filter = ["subject", ("plan", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["plan__member"]
    search_fields = ["title", "title_ar", "title_fr", "title_en"]
    readonly_fields = ["where_it_stands", "opened_at", "consulted_on", "the_figures"]

    def get_queryset(self, request):
        # "N comments, M answered" per row, as the figures count them (published ones).
        published = Q(comments__moderation=Moderation.PUBLISHED)
        answered = published & Q(comments__answer_status=AnswerStatus.ANSWERED)
        return (
            super()
            .get_queryset(request)
            .with_window()
            .annotate(
                comments_count=Count("comments", filter=published),
                answered_count=Count("comments", filter=answered),
            )
        )

    def get_fieldsets(self, request, obj=None):
        dates = ["starts_on", "ends_on"] if obj is None or obj.subject == S.TEXT else ["where_it_stands"]
        fieldsets = [
            (_("What is consulted on"), {"fields": ["plan", "subject"]}),
            (
                _("Title and introduction (per language)"),
                {"fields": self.replace_orig_field(["title", "introduction"])},
            ),
            (_("Dates"), {"fields": dates}),
        ]
        if obj is None or obj.subject == S.TEXT:
            fieldsets.append((_("The text consulted on"), {"fields": ["text_file"]}))
        if obj is not None:
            if obj.subject == S.TEXT:
                fieldsets[2] = (_("Dates"), {"fields": [*dates, "where_it_stands"]})
            fieldsets.append((_("Where it stands"), {"fields": ["opened_at", "consulted_on", "the_figures"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Its comments are about this plan and this subject: to consult on
            # something else, another consultation.
            fields += ["plan", "subject"]
        return fields

    def get_inlines(self, request, obj):
        return [SectionInline] if obj is None or obj.subject == S.TEXT else []

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "plan" and formfield is not None:
            # A plan is chosen here, not added, changed or deleted.
            for link in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                setattr(formfield.widget, link, False)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "plan":
            kwargs["queryset"] = Plan.objects.select_related("member").order_by("member", "-start_year")
            kwargs["form_class"] = PlanChoice
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # The columns and read-only values.

    @admin.display(description=_("action plan"), ordering="plan__slug")
    def plan_label(self, consultation: Consultation) -> str:
        """The plan by its member and years (its title on hovering), and what is consulted on."""
        plan = consultation.plan
        return format_html(
            '<span title="{}">{}</span><br><small>{}</small>',
            plan.title,
            f"{plan.member.name} {plan.period}",
            consultation.get_subject_display(),
        )

    @admin.display(description=_("open for comments"))
    def window(self, consultation: Consultation) -> str:
        opens, closes = consultation.opens_on, consultation.closes_on
        if opens is None:
            return gettext("no consultation phase in the plan's timeline yet")
        return gettext("%(start)s to %(end)s") % {"start": day(opens), "end": day(closes)}

    @admin.display(description=_("comments"))
    def comments_figures(self, consultation: Consultation) -> str:
        text = ngettext(
            "%(count)d comment, %(answered)d answered",
            "%(count)d comments, %(answered)d answered",
            consultation.comments_count,
        ) % {"count": consultation.comments_count, "answered": consultation.answered_count}
        return format_html('<a href="{}">{}</a>', comments_url(consultation), text)

    @admin.display(description=_("open for comments"))
    def where_it_stands(self, consultation: Consultation) -> str:
        opens, closes = consultation.window()
        timeline = reverse("admin:plans_plan_change", args=[consultation.plan_id]) + "#phases-group"
        source = (
            format_html(
                '{} <a href="{}">{}</a>',
                gettext("The draft plan's window is its plan's consultation phase."),
                timeline,
                gettext("Change it in the plan's timeline"),
            )
            if consultation.subject == S.DRAFT_PLAN
            else ""
        )
        if opens is None:
            return format_html(
                "<p>{}</p><p>{}</p>",
                gettext("Not scheduled: the plan's timeline has no consultation phase yet."),
                source,
            )
        state = {
            "upcoming": gettext("Upcoming"),
            "open": gettext("Open for comments"),
            "closed": gettext("Closed"),
        }[consultation.state()]
        return format_html(
            "<p><strong>{}</strong> — {}</p><p>{}</p><p>{}</p>",
            state,
            gettext("from %(start)s to %(end)s (24:00)") % {"start": day(opens), "end": day(closes)},
            gettext("Answers are owed by %(day)s.") % {"day": day(consultation.due())},
            source,
        )

    @admin.display(description=_("commitments consulted on"))
    def consulted_on(self, consultation: Consultation) -> str:
        if consultation.subject == S.TEXT:
            return gettext("A text: its sections are consulted on.")
        if consultation.opened_at is None:
            return gettext("Set when it opens: the commitments proposed that day.")
        cards = list(consultation.commitments.select_related("lead_institution").order_by("number"))
        if not cards:
            return gettext("None: no commitment was proposed when it opened.")
        items = ((str(card), str(card.lead_institution)) for card in cards)
        # One block each: each line takes its own direction (a card's title, its institution).
        return format_html_join("", "<div>{} — {}</div>", items)

    @admin.display(description=_("figures"))
    def the_figures(self, consultation: Consultation) -> str:
        total = figures.total(consultation)
        rows = figures.by_institution(consultation)
        lead = ngettext(
            "%(count)d comment, %(answered)d answered",
            "%(count)d comments, %(answered)d answered",
            total.comments,
        ) % {"count": total.comments, "answered": total.answered}
        if not rows:
            return lead
        header = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            gettext("answer owed by"),
            gettext("comments"),
            gettext("with an answer"),
            gettext("answer rate"),
            gettext("overdue"),
        )
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    str(row.institution) if row.institution else gettext("the secretariat"),
                    row.comments,
                    row.answered,
                    f"{row.rate} %",
                    row.overdue,
                )
                for row in rows
            ),
        )
        url = comments_url(consultation)
        return format_html(
            '<p>{}</p><table class="consultation-figures">{}{}</table><p><a href="{}">{}</a></p>',
            lead,
            header,
            body,
            url,
            gettext("Read and answer the comments"),
        )
