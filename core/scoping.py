"""The admin side of scoping: one mixin that applies a ModelAdmin's declared
`scope` (core.permissions) to its changelist, change, delete and history
views, its actions (they receive the scoped queryset), import and export.

Every admin also gets its hostile input answered here, once: a filter value
the database cannot take (a NUL byte, which PostgreSQL refuses in text; a
year too large for a date) shows the list unfiltered with a message, as
Django does for other bad lookups; a search term loses its NUL bytes (the
changelist and the autocomplete both search through it); an action on
selected rows whose ids are not ids changes nothing and says so.

`ScopedAutocomplete` is the admin's search-as-you-type endpoint (every
`autocomplete_fields` picker): it answers only for a field an admin declares
as autocomplete, to whoever may fill that field in (add or change rows
there), with the choices that admin's form field offers them — the same
queryset the form then validates against — never the whole related table."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .bidi import BidiAdminMixin
from .permissions import Scope


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


class ScopedAdmin(BidiAdminMixin):
    scope: Scope  # required: see core.permissions
    # A foreign key to a scoped model (a poll's workshop): those who work on
    # some rows only may add rows under those, and choose among those only.
    add_under: str = ""

    def get_queryset(self, request):
        return self.scope.rows(request.user, super().get_queryset(request))

    def has_module_permission(self, request) -> bool:
        return self.scope.admits(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.scope.admits(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        # Creating rows is for those the scope lets add (Scope.may_add), or
        # under a row of one's own (`add_under`).
        user = request.user
        allowed = self.scope.may_add(user) or bool(self.add_under and self.scope.admits(user))
        return allowed and super().has_add_permission(request, *args)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self.add_under == db_field.name and not self.scope.sees_all(request.user):
            kwargs["queryset"] = self.admin_site._registry[db_field.related_model].get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.scope.admits(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.scope.admits(request.user) and super().has_delete_permission(request, obj)

    def has_import_permission(self, request) -> bool:
        return self.scope.sees_all(request.user) and super().has_import_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.scope.admits(request.user) and super().has_export_permission(request)

    def scoped_object_or_404(self, request, object_id):
        """A row outside the user's scope answers as if it did not exist; a
        user without the model permission is refused first."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def row_view(self, view, route: str, url_name: str, *, post: bool = False, **kwargs):
        """The URL of a page of one row beyond the admin's own
        (`<object_id>/<route>/`), behind the admin's login: the page is
        `view(model_admin, request, object_id, **kwargs)` and finds its row
        with scoped_object_or_404; `post`: it changes something, POST only."""

        def run(request, object_id, **kwargs):
            return view(self, request, object_id, **kwargs)

        return path(
            f"<path:object_id>/{route}/",
            self.admin_site.admin_view(require_POST(run) if post else run),
            kwargs,
            name=url_name,
        )

    # Hostile input (see the module's docstring).
    def get_changelist_instance(self, request):
        if _has_nul(request.GET):
            raise IncorrectLookupParameters("NUL byte in the query string")
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:  # ?created_at__year=99999999999999999999
            raise IncorrectLookupParameters(error) from error

    def changelist_view(self, request, extra_context=None):
        # Django answers a bad filter value by redirecting to the unfiltered
        # list with ?e=1: say why there.
        if ERROR_FLAG in request.GET and self.has_view_or_change_permission(request):
            self.message_user(
                request,
                gettext("A filter or search value was not valid: the list is shown without it."),
                messages.ERROR,
            )
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def response_action(self, request, queryset):
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                self.model._meta.pk.to_python(value)
        except ValidationError:
            self.message_user(
                request, gettext("The selection was not valid: nothing was changed."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.scoped_object_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self.scoped_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.scoped_object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)


class ReadOnlyInline:
    """An inline (or an admin: the reminders sent) its users only read:
    Django neither posts nor checks it."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EventsInline(ReadOnlyInline, BidiAdminMixin):
    """For the inline of a row's recorded moves (core.transitions): written by
    the moves only, never in a form; whoever may open the row (the parent
    admin and its scope decide) reads them."""

    extra = 0
    can_delete = False
    ordering = ["created_at", "pk"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None) -> bool:
        return True


class ScopedAutocomplete(AutocompleteJsonView):
    """See the module's docstring. Django's own view answers anyone who may
    view the related model, through any relation, with all its rows."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        source_admin = self.admin_site._registry.get(source_field.model)
        if source_admin is None or source_field.name not in source_admin.get_autocomplete_fields(request):
            raise PermissionDenied
        self.source_admin = source_admin
        return term, model_admin, source_field, to_field_name

    def has_perm(self, request, obj=None) -> bool:
        source = self.source_admin
        return source.has_add_permission(request) or source.has_change_permission(request)

    def get_queryset(self):
        self.choices = self.source_admin.formfield_for_dbfield(self.source_field, self.request)
        queryset = self.choices.queryset.complex_filter(self.source_field.get_limit_choices_to())
        queryset, distinct = self.model_admin.get_search_results(self.request, queryset, self.term)
        return queryset.distinct() if distinct else queryset

    def serialize_result(self, obj, to_field_name):
        # Labelled as the form labels them (a focal point by email and name).
        return {"id": str(getattr(obj, to_field_name)), "text": self.choices.label_from_instance(obj)}
