"""Moderation in the admin, for any moderated model (ideas, comments…): the
history of hiding and showing again, and the two actions, each with the reason
the author reads. The moves are `core.moderation`'s."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import moderation
from .models import ModerationEvent
from .permissions import is_moderator
from .scoping import EventsInline
from .transitions import TransitionError


class ModerationEventInline(EventsInline, GenericTabularInline):
    model = ModerationEvent
    fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    verbose_name_plural = _("moderation history")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which rule of the charter it breaks. The author reads it."),
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _moderate(modeladmin, request, queryset, *, move, form_class, title):
    rows = list(queryset.order_by("pk"))
    form = form_class(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        context = {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.opts,
            "title": title,
            "form": form,
            "rows": rows,
            "action_name": request.POST.get("action"),
        }
        return TemplateResponse(request, "admin/core/moderate.html", context)
    done, refused = 0, []
    for row in rows:
        try:
            move(row, by=request.user, reason=form.cleaned_data["reason"])
            done += 1
        except TransitionError as error:
            refused.append(f"#{row.pk}: {error}")
    if done:
        modeladmin.message_user(
            request, ngettext("%(count)d row changed.", "%(count)d rows changed.", done) % {"count": done}
        )
    for message in refused:
        modeladmin.message_user(request, message, messages.ERROR)
    return None


@admin.action(description=_("Hide (moderation)…"), permissions=["moderate"])
def hide(modeladmin, request, queryset):
    return _moderate(
        modeladmin, request, queryset, move=moderation.hide, form_class=ReasonForm, title=gettext("Hide")
    )


@admin.action(description=_("Show again…"), permissions=["moderate"])
def show(modeladmin, request, queryset):
    return _moderate(
        modeladmin,
        request,
        queryset,
        move=moderation.show,
        form_class=OptionalReasonForm,
        title=gettext("Show again"),
    )


class ModeratedAdmin:
    """For a ModelAdmin of a moderated model: the actions, the history, and
    the moderation state read-only (it changes only through a move)."""

    actions = [hide, show]

    def has_moderate_permission(self, request) -> bool:
        return is_moderator(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "moderation"]
