"""The secretariat's screening tool, and the focal points' view of the ideas
sent to their institution. Every move goes through `ideas.screening`; who may
see and do what is decided in `ideas.rules`."""

from collections import defaultdict

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.imports import AllOrNothingImportAdmin
from core.moderation_admin import ModeratedAdmin, ModerationEventInline
from core.permissions import MODERATION, is_moderator
from core.scoping import EventsInline, ScopedAdmin
from plans.models import Theme

from .forms_admin import MOVES, IdeaAdminForm, MoveForm
from .models import Comment, Idea, IdeaEvent
from .resources import WorkshopIdeaResource
from .rules import SCOPE, can_decide_integration, can_screen
from .screening import TransitionError

TEXT_FIELDS = {"title", "problem", "solution"}
# What a citizen wrote and chose when submitting online: theirs, never
# rewritten in the admin (moderation hides an idea, it does not edit it).
CITIZENS_WORDS = [
    "title",
    "problem",
    "solution",
    "expected_results",
    "institution",
    "attachment",
    "association",
    "association_name",
    "author",
    "workshop",
    "created_at",
]


def waiting_for() -> str:
    """The days waited, the noun agreeing with the number ("more than 14
    days"): the filter's choice and the warning above the list."""
    days = settings.IDEAS_WAITING_DAYS
    return ngettext("more than %(days)d day", "more than %(days)d days", days) % {"days": days}


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting for screening")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("yes", waiting_for())]

    def queryset(self, request, queryset):
        return queryset.waiting() if self.value() == "yes" else queryset


class ThemeFilter(admin.RelatedOnlyFieldListFilter):
    """Every plan has its themes, often under the same names: those of the
    plan chosen in the plan filter, else each named with its plan."""

    def field_choices(self, field, request, model_admin):
        ideas = model_admin.get_queryset(request)
        plan = request.GET.get("plan__id__exact", "")
        if plan.isdigit():
            ideas = ideas.filter(plan_id=plan)
        themes = Theme.objects.filter(pk__in=ideas.values("theme")).select_related("plan")
        themes = themes.order_by("plan__start_year", "plan__slug", "number")
        if plan.isdigit():
            return [(theme.pk, str(theme)) for theme in themes]
        return [(theme.pk, f"{theme.plan.slug} · {theme}") for theme in themes]


class IdeaEventInline(EventsInline, admin.TabularInline):
    """The idea's screening history, as the public sees it on its page."""

    model = IdeaEvent
    fk_name = "idea"
    fields = ["created_at", "actor", "from_status", "to_status", "reason", "explanation", "duplicate_of"]
    verbose_name_plural = _("history")


def _move_action(form_class: type[MoveForm]):
    def action(modeladmin, request, queryset):
        return modeladmin.run_move(request, queryset, form_class)

    action.__name__ = f"{form_class.name}_ideas"
    return admin.action(description=form_class.label, permissions=[form_class.permission])(action)


@admin.register(Idea)
class IdeaAdmin(ScopedAdmin, AllOrNothingImportAdmin, admin.ModelAdmin):
    scope = SCOPE
    form = IdeaAdminForm
    change_list_template = "admin/ideas/idea/change_list.html"
    import_template_name = "admin/ideas/idea/import.html"
    resource_classes = [WorkshopIdeaResource]

    list_display = [
        "number",
        "title",
        "plan_slug",
        "theme",
        "source",
        "status",
        "status_changed_at",
        "visible",
    ]
    list_display_links = ["number", "title"]
    list_select_related = ["plan", "theme"]
    list_filter = [
        WaitingFilter,
        "status",
        ("plan", admin.RelatedOnlyFieldListFilter),
        ("theme", ThemeFilter),
        "source",
        ("institution", admin.RelatedOnlyFieldListFilter),
        ("sent_to", admin.RelatedOnlyFieldListFilter),
        "moderation",
    ]
    search_fields = ["title", "id__exact"]
    search_help_text = _("An idea's title, or its number.")
    raw_id_fields = ["author"]
    # The state machine alone changes these: see the moves on the idea's page.
    readonly_fields = [
        "status",
        "status_changed_at",
        "sent_to",
        "commitments",
        "language",
        "moderation",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "plan",
                    "theme",
                    "title",
                    "problem",
                    "solution",
                    "expected_results",
                    "institution",
                    "attachment",
                ]
            },
        ),
        (
            _("Origin"),
            {
                "fields": [
                    "source",
                    "workshop",
                    "author",
                    "association",
                    "association_name",
                    "created_at",
                    "language",
                ]
            },
        ),
        (_("Screening"), {"fields": ["status", "status_changed_at", "sent_to", "commitments"]}),
        (_("Moderation"), {"fields": ["moderation"]}),
    ]
    actions = [_move_action(form_class) for form_class in MOVES.values()]

    @admin.display(description=_("number"), ordering="pk")
    def number(self, idea: Idea) -> str:
        return f"#{idea.pk}"

    @admin.display(description=_("action plan"), ordering="plan__slug")
    def plan_slug(self, idea: Idea) -> str:
        # The plan's short name (its full title is as long as the row).
        return format_html('<span title="{}">{}</span>', idea.plan, idea.plan.slug)

    @admin.display(description=_("visible"), boolean=True)
    def visible(self, idea: Idea) -> bool:
        return not idea.is_hidden

    # A focal point reads the ideas sent to its institution and decides on
    # them: the screening's columns and filters are the secretariat's (and
    # with them the status ran off a 1280 px screen).
    def get_list_display(self, request):
        if can_screen(request.user) or is_moderator(request.user):
            return self.list_display
        return ["number", "title", "theme", "status", "status_changed_at"]

    def get_list_filter(self, request):
        if can_screen(request.user) or is_moderator(request.user):
            return self.list_filter
        return ["status", ("plan", admin.RelatedOnlyFieldListFilter), ("theme", ThemeFilter)]

    # Who sees and does what (rows: the scope above).
    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and can_screen(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        # A focal point reads the idea; its decision is a move, not an edit.
        return super().has_change_permission(request, obj) and can_screen(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and can_screen(request.user)

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request)

    def has_screen_permission(self, request) -> bool:
        return can_screen(request.user)

    def has_decide_permission(self, request) -> bool:
        return can_decide_integration(request.user)

    def has_moderate_permission(self, request) -> bool:
        return is_moderator(request.user)

    def get_readonly_fields(self, request, obj=None):
        """An idea stays in its plan and keeps its source. An online idea's
        text is its author's; an idea from a workshop was typed in by the
        secretariat from the workshop's notes, and stays correctable."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["plan", "source"]
            if obj.source == Idea.Source.PORTAL:
                fields += CITIZENS_WORDS
        return fields

    def get_inlines(self, request, obj):
        return [IdeaEventInline, ModerationEventInline] if obj else []

    def get_search_results(self, request, queryset, search_term):
        # "#12" finds idea number 12, as it is written everywhere else.
        terms = " ".join(bit.removeprefix("#") for bit in search_term.split())
        return super().get_search_results(request, queryset, terms)

    def save_model(self, request, obj, form, change):
        if not change or TEXT_FIELDS & set(form.changed_data):
            obj.set_language_from_text()
        super().save_model(request, obj, form, change)

    # Views.
    def get_urls(self):
        move = path(
            "<path:object_id>/move/<str:name>/",
            self.admin_site.admin_view(self.move_view),
            name="ideas_idea_move",
        )
        return [move, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if can_screen(request.user):
            extra_context["waiting_count"] = self.get_queryset(request).waiting().count()
            extra_context["waiting_for"] = waiting_for()
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        idea = self.scoped_object_or_404(request, object_id)
        moves = [
            (form_class.label, reverse("admin:ideas_idea_move", args=[idea.pk, name]))
            for name, form_class in MOVES.items()
            if form_class.available(idea) and form_class.allowed(request.user, idea)
        ]
        extra_context = {**(extra_context or {}), "idea_moves": moves}
        return super().change_view(request, object_id, form_url, extra_context)

    def move_view(self, request, object_id, name):
        """One move for one idea, from the buttons on its page."""
        form_class = MOVES.get(name)
        if form_class is None:
            raise Http404
        idea = self.scoped_object_or_404(request, object_id)
        if not form_class.allowed(request.user, idea):
            raise PermissionDenied
        if not form_class.available(idea):
            message = gettext("This move does not apply to idea #%(number)s as it is now.")
            self.message_user(request, message % {"number": idea.pk}, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:ideas_idea_change", args=[idea.pk]))
        data = request.POST if request.method == "POST" else None
        form = form_class(data, ideas=[idea], user=request.user)
        if form.is_valid():
            self.make_move(request, form)
            return HttpResponseRedirect(reverse("admin:ideas_idea_change", args=[idea.pk]))
        return self.render_move(request, form, bulk=False)

    # Moves, for the actions and for move_view.
    def run_move(self, request, queryset, form_class: type[MoveForm]):
        """An action on the selected ideas: shows the move's form on an
        intermediate page, then makes the move for each idea."""
        ideas = list(queryset.select_related("plan").order_by("pk"))
        if not ideas:
            self.message_user(
                request,
                gettext("Nothing changed: none of the selected ideas is among those you work on."),
                messages.WARNING,
            )
            return None
        if "apply" in request.POST or not form_class.base_fields:
            form = form_class(request.POST, ideas=ideas, user=request.user)
            if form.is_valid():
                self.make_move(request, form)
                return None
        else:
            form = form_class(ideas=ideas, user=request.user)
        return self.render_move(request, form, bulk=True)

    def make_move(self, request, form: MoveForm) -> None:
        """Each idea moves in its own transaction: the ideas the move does not
        fit are reported with the reason and stay as they were."""
        done, refused = [], defaultdict(list)
        for idea in form.ideas:
            if not form.allowed(request.user, idea):
                refused[gettext("You may not make this move for this idea.")].append(idea.pk)
                continue
            try:
                form.perform(idea, by=request.user)
            except TransitionError as error:
                refused[str(error)].append(idea.pk)
            else:
                done.append(idea.pk)
        if done:
            self.message_user(
                request,
                ngettext("%(move)s: idea %(numbers)s.", "%(move)s: ideas %(numbers)s.", len(done))
                % {"move": form.label.rstrip("…"), "numbers": _numbers(done)},
                messages.SUCCESS,
            )
        for reason, numbers in refused.items():
            self.message_user(
                request,
                ngettext(
                    "Not changed: idea %(numbers)s. %(reason)s",
                    "Not changed: ideas %(numbers)s. %(reason)s",
                    len(numbers),
                )
                % {"numbers": _numbers(numbers), "reason": reason},
                messages.ERROR,
            )

    def render_move(self, request, form: MoveForm, *, bulk: bool) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": form.label.rstrip("…"),
            "form": form,
            "ideas": form.ideas,
            "bulk": bulk,
            "action_name": f"{form.name}_ideas",
            "media": self.media + form.media,
        }
        if not bulk:
            context["original"] = form.ideas[0]
        return TemplateResponse(request, "admin/ideas/idea/move.html", context)


@admin.register(Comment)
class CommentAdmin(ScopedAdmin, ModeratedAdmin, admin.ModelAdmin):
    """Comments are published at once; moderators hide those that break the charter."""

    scope = MODERATION
    list_display = ["created_at", "short_body", "idea", "author", "moderation"]
    list_filter = ["moderation", ("idea__plan", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["idea", "author"]
    search_fields = ["body", "idea__id__exact"]
    date_hierarchy = "created_at"
    fields = ["idea", "author", "created_at", "body", "moderation"]
    readonly_fields = ["idea", "author", "created_at", "body"]
    inlines = [ModerationEventInline]

    @admin.display(description=_("comment"))
    def short_body(self, comment: Comment) -> str:
        return str(comment)

    # A citizen's words are theirs: moderators hide, they never edit or add.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _numbers(pks) -> str:
    return ", ".join(f"#{pk}" for pk in pks)
